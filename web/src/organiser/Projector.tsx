// The hall's screen (full-screen, Escape closes). While people arrive: the
// join QR code and code. During a round: its name, timer and the latest
// broadcast, and the remarks emerging across all rooms, live (the
// summary's cross-group merge, with how often each was made), with a small
// QR code for latecomers.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { Timer } from '../room/Timer';
import type { OrganiserView } from '../generated/OrganiserView';
import { hallThemes, type HallTheme } from './projectorThemes';

const REFRESH_MS = 5000;
const SHOWN = 8;

interface Props {
  session: OrganiserView;
  secret: string;
  link: string;
  qr: preact.JSX.Element;
  onClose: () => void;
}

export function Projector({ session, secret, link, qr, onClose }: Props) {
  const round = session.rounds.find((r) => r.status === 'running') ?? null;
  const themes = useHallThemes(session.id, secret, round?.id ?? null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const close = (
    <button type="button" class="btn projector-close" autoFocus onClick={onClose}>
      {t('qr.close')}
    </button>
  );
  if (!round) {
    return (
      <div class="projector" role="dialog" aria-modal="true" aria-label={t('qr.projector')}>
        <p class="projector-lead">{t('qr.projectorLead')}</p>
        {qr}
        <p class="projector-link">{link.replace(/^https?:\/\//, '')}</p>
        <p class="projector-code">{session.join_code}</p>
        {close}
      </div>
    );
  }
  return (
    <div class="projector projector-live" role="dialog" aria-modal="true" aria-label={t('qr.projector')}>
      <header class="projector-head">
        <h2 class="projector-round">{round.name}</h2>
        <Timer endsAt={round.timer_ends_at} />
      </header>
      {session.broadcast && (
        <p class="projector-broadcast" role="status">
          {session.broadcast.message}
        </p>
      )}
      <section class="projector-themes" aria-labelledby="themes-h">
        <h3 id="themes-h">{t('projector.themes')}</h3>
        {themes.length === 0 ? (
          <p class="muted">{t('projector.noThemes')}</p>
        ) : (
          <ol>
            {themes.map((th) => (
              <li key={th.id}>
                <span class="projector-theme-text">{th.text}</span> <span class="s-badge">{t('summary.mentioned', { n: th.count })}</span>{' '}
                <span class="muted">{th.section}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <footer class="projector-join">
        <div class="projector-small-qr">{qr}</div>
        <p>
          {link.replace(/^https?:\/\//, '')} · <strong>{session.join_code}</strong>
        </p>
        {close}
      </footer>
    </div>
  );
}

/** The round's hall themes, refreshed every few seconds while shown. */
function useHallThemes(sessionId: string, secret: string, roundId: string | null): HallTheme[] {
  const [themes, setThemes] = useState<HallTheme[]>([]);
  useEffect(() => {
    if (!roundId) return;
    let live = true;
    const load = () =>
      api.summary(sessionId, secret, roundId).then(
        (summary) => live && setThemes(hallThemes(summary, roundId, SHOWN)),
        () => undefined,
      );
    load();
    const id = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [sessionId, secret, roundId]);
  return themes;
}
