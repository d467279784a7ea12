// /o/<session_id>/scherm: the projector view in a window of its own, for
// the hall's screen, while the console stays on the organiser's laptop.
// It reads the session with the organiser's secret (from the fragment or
// this browser) and follows it live like the console.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useOrganiserEvents } from '../events';
import type { OrganiserView } from '../generated/OrganiserView';
import { t } from '../i18n';
import { useJoinQr } from './JoinQr';
import { Projector } from './Projector';
import { secretFromHash } from './secret';
import { joinLink } from './session';

export function ProjectorPage({ sessionId }: { sessionId: string }) {
  const [secret] = useState(() => secretFromHash(sessionId));
  const [session, setSession] = useState<OrganiserView | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!secret) return;
    api.session(sessionId, secret).then(setSession, () => setFailed(true));
  }, [sessionId, secret]);
  useOrganiserEvents(secret, (ev) => {
    if (ev.type === 'session-deleted') setFailed(true);
    else setSession(ev.session);
  });
  const link = session ? joinLink(location.origin, session.join_code, session.join_url) : '';
  const qr = useJoinQr(link);
  if (!secret || failed) {
    return (
      <main class="page">
        <p class="error" role="alert">
          {t(secret ? 'organiser.notFound' : 'organiser.noSecret')}
        </p>
      </main>
    );
  }
  if (!session) return <main class="page" aria-busy="true" />;
  return <Projector session={session} secret={secret} link={link} qr={qr} onClose={() => window.close()} ownWindow />;
}
