// Start page: type a session code to join, or create a session as organiser.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { navigate } from '../router';
import { CreateSession } from '../organiser/CreateSession';

export function StartPage() {
  const [code, setCode] = useState('');
  return (
    <main class="page start">
      <h1>{t('start.title')}</h1>
      <p class="lead">{t('start.lead')}</p>
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault();
          const c = code.trim().toUpperCase();
          if (c) navigate(`/j/${encodeURIComponent(c)}`);
        }}
      >
        <h2>{t('start.joinTitle')}</h2>
        <label class="field">
          {t('start.code')}
          <input value={code} autoCapitalize="characters" autoComplete="off" onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="btn-primary" disabled={!code.trim()}>
          {t('start.join')}
        </button>
      </form>
      <CreateSession />
    </main>
  );
}
