// Start page: type a session code to join, or create a session as organiser.
import { t } from '../i18n';
import { CodeForm } from '../components/CodeForm';
import { CreateSession } from '../organiser/CreateSession';

export function StartPage() {
  return (
    <main class="page start">
      <h1>{t('start.title')}</h1>
      <p class="lead">{t('start.lead')}</p>
      <CodeForm heading={t('start.joinTitle')} />
      <CreateSession />
    </main>
  );
}
