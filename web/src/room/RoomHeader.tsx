// The room's header: group label, round, timer, connection state, presence,
// and the toggles "ik doe op afstand mee" and "gespreksleider".
import { t } from '../i18n';
import { CallLink } from './CallLink';
import { Presence } from './Presence';
import { Timer } from './Timer';
import type { PresenceInfo } from './usePresence';

interface Props {
  groupLabel: string;
  roundName: string;
  timerEndsAt: number | null;
  online: boolean;
  /** Something typed here has not reached the server for a while. */
  unsaved: boolean;
  people: PresenceInfo[];
  anonymous: boolean;
  remote: boolean;
  onRemote: ((v: boolean) => void) | null;
  /** The discussion leader the organiser appointed, shown to everyone. */
  leaderName: string | null;
  /** The room's video call (participants only; `undefined` for the organiser). */
  callLink?: string | null;
}

export function RoomHeader(p: Props) {
  return (
    <header class="room-header">
      <div class="room-title">
        <p class="room-round">{p.roundName}</p>
        <h1>{p.groupLabel || t('room.untitled')}</h1>
      </div>
      <div class="room-status">
        <Timer endsAt={p.timerEndsAt} />
        {p.online && p.unsaved ? (
          <span class="conn conn-warn" role="alert">
            {t('conn.unsaved')}
          </span>
        ) : p.online ? (
          <span class="conn conn-on" role="status">
            {t('conn.online')}
          </span>
        ) : (
          <span class="conn conn-off" role="status">
            {t('conn.offline')}
          </span>
        )}
        <Presence people={p.people} anonymous={p.anonymous} />
      </div>
      {p.anonymous && <p class="anonymous-note">{t('room.anonymous')}</p>}
      {p.leaderName && (
        <p class="room-leader">
          {t('room.leaderIs', { name: p.leaderName })}
        </p>
      )}
      {p.onRemote && (
        <div class="room-toggles">
          {p.onRemote && (
            <label class="switch">
              <input type="checkbox" checked={p.remote} onChange={(e) => p.onRemote!((e.target as HTMLInputElement).checked)} />
              {t('room.remote')}
            </label>
          )}
        </div>
      )}
      {p.callLink !== undefined && <CallLink link={p.callLink} remote={p.remote} />}
    </header>
  );
}
