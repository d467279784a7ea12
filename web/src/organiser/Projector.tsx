// The hall's screen (full-screen, Escape closes). While people arrive: the
// session's title, the join QR code and code, and how many have joined.
// During a round: its name, timer and the latest broadcast, and the
// remarks emerging across all rooms, live (the summary's cross-group
// merge, with how often each was made), with a small QR code for
// latecomers. Between rounds and after the last, the round that ended
// last stays up, for the plenary talk about it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { Timer, useNow } from '../room/Timer';
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
  /** In a window of its own on the hall's screen: no focus ring on a
   * button for the whole hall to see, and the controls kept faint. */
  ownWindow?: boolean;
}

export function Projector({ session, secret, link, qr, onClose, ownWindow = false }: Props) {
  const running = session.rounds.find((r) => r.status === 'running') ?? null;
  const endedLast = session.rounds.filter((r) => r.status === 'ended').sort((a, b) => (b.ended_at ?? 0) - (a.ended_at ?? 0))[0] ?? null;
  const round = running ?? endedLast;
  const themes = useHallThemes(session.id, secret, round?.id ?? null);
  const [themesShown, setThemesShown] = useThemesShown(session.id);
  const now = useNow(running?.timer_ends_at ?? null);
  // "Nog vijf minuten!" next to "Tijd is om" misleads the hall: a message
  // sent before the time ran out is taken down when it does.
  const ends = running?.timer_ends_at ?? null;
  const broadcast = session.broadcast && !(ends !== null && now >= ends && session.broadcast.at < ends) ? session.broadcast : null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const close = (
    <button type="button" class="btn projector-close" autoFocus={!ownWindow} onClick={onClose}>
      {t('qr.close')}
    </button>
  );
  if (!round) {
    return (
      <div class={`projector${ownWindow ? ' is-own-window' : ''}`} role="dialog" aria-modal="true" aria-label={t('qr.projector')}>
        {session.title && <h2 class="projector-title">{session.title}</h2>}
        <p class="projector-lead">{t('qr.projectorLead')}</p>
        {qr}
        <p class="projector-link">{link.replace(/^https?:\/\//, '')}</p>
        <p class="projector-code">{session.join_code}</p>
        <p class="projector-arrived" role="status">
          {t('projector.arrived', { n: session.participants.length })}
        </p>
        {close}
      </div>
    );
  }
  return (
    <div class={`projector projector-live${ownWindow ? ' is-own-window' : ''}`} role="dialog" aria-modal="true" aria-label={t('qr.projector')}>
      <header class="projector-head">
        <h2 class="projector-round">{round.name}</h2>
        {running ? <Timer endsAt={running.timer_ends_at} /> : <p class="projector-ended">{t('projector.ended')}</p>}
      </header>
      {broadcast && (
        <p class="projector-broadcast" role="status">
          {broadcast.message}
        </p>
      )}
      <section class="projector-themes" aria-labelledby="themes-h">
        <h3 id="themes-h">{t('projector.themes')}</h3>
        {!themesShown ? (
          <p class="muted">{t('projector.themesHidden')}</p>
        ) : themes.length === 0 ? (
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
        <button type="button" class="btn projector-close" aria-pressed={!themesShown} onClick={() => setThemesShown(!themesShown)}>
          {t(themesShown ? 'projector.hideThemes' : 'projector.showThemes')}
        </button>
        {close}
      </footer>
    </div>
  );
}

/** Whether the hall sees the themes: the organiser can take them off
 * the screen (a remark not for the hall, a moment of plenary talk) and
 * put them back; kept per session in this browser. */
function useThemesShown(sessionId: string): [boolean, (shown: boolean) => void] {
  const key = `samenbord.projector.themesHidden.${sessionId}`;
  const [shown, setShown] = useState(() => localStorage.getItem(key) === null);
  // The projector window follows a toggle made in another window.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === key && setShown(e.newValue === null);
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [key]);
  const set = (next: boolean) => {
    if (next) localStorage.removeItem(key);
    else localStorage.setItem(key, '1');
    setShown(next);
  };
  return [shown, set];
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
