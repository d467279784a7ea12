// Top-level routing: start page, join link, organiser console.
import { t, useLang } from './i18n';
import { LangSwitch } from './components/LangSwitch';
import { OrganiserConsole } from './organiser/OrganiserConsole';
import { ProjectorPage } from './organiser/ProjectorPage';
import { JoinPage } from './pages/JoinPage';
import { StartPage } from './pages/StartPage';
import { SummaryPage } from './summary/SummaryPage';
import { parseRoute, usePath } from './router';

export function App() {
  useLang();
  const route = parseRoute(usePath());
  return (
    <>
      <a class="skip" href="#content">
        {t('app.skip')}
      </a>
      <div class="topbar">
        <a class="brand" href="/">
          samenbord
        </a>
        <LangSwitch />
      </div>
      <div id="content">
        {route.page === 'start' && <StartPage />}
        {route.page === 'join' && <JoinPage code={route.code} />}
        {route.page === 'organiser' && <OrganiserConsole sessionId={route.sessionId} />}
        {route.page === 'summary' && <SummaryPage sessionId={route.sessionId} />}
        {route.page === 'projector' && <ProjectorPage sessionId={route.sessionId} />}
        {route.page === 'notfound' && (
          <main class="page">
            <h1>{t('app.notFound')}</h1>
            <a href="/">{t('app.home')}</a>
          </main>
        )}
      </div>
    </>
  );
}
