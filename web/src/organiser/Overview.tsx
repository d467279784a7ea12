// Live overview of every room: people, notes, last activity (GET overview,
// polled every few seconds), with close/reopen and "open read-only".
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { OverviewRoom } from '../types';
import { parseTime } from '../room/Timer';
import type { OSession } from './session';

export function useOverview(sessionId: string, secret: string, tick: number): OverviewRoom[] {
  const [rooms, setRooms] = useState<OverviewRoom[]>([]);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.overview(sessionId, secret).then(
        (r) => live && setRooms(Array.isArray(r) ? r : Array.isArray(r?.rooms) ? r.rooms : []),
        () => undefined,
      );
    load();
    const id = setInterval(load, 4000);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [sessionId, secret, tick]);
  return rooms;
}

function ago(v: string | number | null | undefined): string {
  const at = parseTime(v ?? null);
  if (at === null) return t('overview.never');
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  return s < 60 ? t('overview.secondsAgo', { n: s }) : t('overview.minutesAgo', { n: Math.floor(s / 60) });
}

export function Overview({ session, secret, rooms, onOpen, onChange }: { session: OSession; secret: string; rooms: OverviewRoom[]; onOpen: (roomId: string) => void; onChange: () => void }) {
  const closedOf = (id: string) => session.rounds.flatMap((r) => r.rooms).find((r) => r.room_id === id)?.closed ?? false;
  return (
    <section class="panel" aria-labelledby="overview-h">
      <h2 id="overview-h">{t('overview.title')}</h2>
      {rooms.length === 0 && <p class="muted">{t('overview.none')}</p>}
      <ul class="overview-grid">
        {rooms.map((r) => {
          const people = Array.isArray(r.people) ? r.people.length : Number(r.people ?? 0);
          const name = r.group_name || r.group_label || r.label || r.room_id;
          const closed = r.closed ?? closedOf(r.room_id);
          return (
            <li class={`overview-room${closed ? ' is-closed' : ''}`} key={r.room_id}>
              <h3>{name}</h3>
              <dl>
                <dt>{t('overview.people')}</dt>
                <dd>{people}</dd>
                {r.connected !== undefined && (
                  <>
                    <dt>{t('overview.connected')}</dt>
                    <dd>{r.connected}</dd>
                  </>
                )}
                <dt>{t('overview.notes')}</dt>
                <dd>{r.notes ?? 0}</dd>
                <dt>{t('overview.activity')}</dt>
                <dd>{ago(r.last_activity)}</dd>
              </dl>
              {closed && <p class="status status-ended">{t('overview.closed')}</p>}
              <div class="tool-row">
                <button type="button" class="btn-small" onClick={() => onOpen(r.room_id)} aria-label={t('overview.open', { room: name })}>
                  {t('overview.openShort')}
                </button>
                <button
                  type="button"
                  class="btn-small"
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
