// Live overview of every room: people, notes, last activity (GET overview,
// polled every few seconds), with close/reopen and "open read-only".
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { OrganiserView } from '../generated/OrganiserView';
import type { RoomOverview } from '../generated/RoomOverview';
import { RemoteCount } from './RemoteInRoom';

/** The rooms as last heard, and whether the last attempt to hear failed. */
export interface OverviewState {
  rooms: RoomOverview[];
  unreachable: boolean;
}

export function useOverview(sessionId: string, secret: string, tick: number): OverviewState {
  const [state, setState] = useState<OverviewState>({ rooms: [], unreachable: false });
  useEffect(() => {
    let live = true;
    const load = () =>
      api.overview(sessionId, secret).then(
        (rooms) => live && setState({ rooms, unreachable: false }),
        // The figures stay as last heard, marked as such: found in a user
        // test, the overview froze without a word while the server was down.
        () => live && setState((s) => ({ ...s, unreachable: true })),
      );
    load();
    const id = setInterval(load, 4000);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [sessionId, secret, tick]);
  return state;
}

function ago(at: number | null): string {
  if (at === null) return t('overview.never');
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  return s < 60 ? t('overview.secondsAgo', { n: s }) : t('overview.minutesAgo', { n: Math.floor(s / 60) });
}

export function Overview({ session, secret, overview, onOpen, onChange }: { session: OrganiserView; secret: string; overview: OverviewState; onOpen: (roomId: string) => void; onChange: () => void }) {
  const { rooms, unreachable } = overview;
  return (
    <section class="panel overview" aria-labelledby="overview-h">
      <h2 id="overview-h">{t('overview.title')}</h2>
      {unreachable && (
        <p class="conn-warn overview-unreachable" role="status">
          {t('overview.unreachable')}
        </p>
      )}
      {rooms.length === 0 && <p class="muted">{t('overview.none')}</p>}
      <ul class="overview-grid">
        {rooms.map((r) => {
          const name = r.group_name;
          const closed = r.closed;
          return (
            <li class={`overview-room${closed ? ' is-closed' : ''}${r.quiet ? ' is-quiet' : ''}`} key={r.room_id}>
              <h3>{name}</h3>
              <dl>
                <dt>{t('overview.people')}</dt>
                <dd>
                  {r.people} <span class="muted">({t('overview.connectedShort', { n: r.connected })})</span> <RemoteCount n={r.remote} />
                </dd>
                <dt>{t('overview.notes')}</dt>
                <dd>{r.notes}</dd>
                <dt>{t('overview.activity')}</dt>
                <dd>{ago(r.last_activity)}</dd>
              </dl>
              {r.quiet && <p class="overview-quiet" role="status">{t('overview.quiet')}</p>}
              {closed && <p class="status status-ended">{t('overview.closed')}</p>}
              <div class="tool-row">
                <button type="button" class="btn-small" onClick={() => onOpen(r.room_id)} aria-label={t('overview.open', { room: name })}>
                  {t('overview.openShort')}
                </button>
                <button
                  type="button"
                  class="btn-small"
                  aria-label={t(closed ? 'overview.reopenRoom' : 'overview.closeRoom', { room: name })}
                  onClick={() => (closed ? api.reopenRoom(session.id, secret, r.room_id) : api.closeRoom(session.id, secret, r.room_id)).then(onChange, () => undefined)}
                >
                  {closed ? t('overview.reopen') : t('overview.close')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
