// Who in a room takes part from elsewhere, and the call link they see:
// in the overview's room tile (a count) and the room's detail (names).
import type { OrganiserView } from '../generated/OrganiserView';
import { t } from '../i18n';

/** The remote people placed in `roomId` of the round that has it open. */
export function remoteIn(session: OrganiserView, roomId: string): { names: string[]; link: string | null } {
  const round = session.rounds.find((r) => r.status === 'running' && r.groups.some((g) => g.id === roomId)) ?? session.rounds.find((r) => r.groups.some((g) => g.id === roomId && g.room));
  const group = round?.groups.find((g) => g.id === roomId);
  if (!group) return { names: [], link: null };
  const members = new Set(group.members);
  const names = session.participants.filter((p) => members.has(p.id) && p.attendance === 'remote').map((p) => p.name || t('people.anonymous'));
  return { names, link: group.call_link };
}

/** The count in a room tile ("2 op afstand"), nothing when none. */
export function RemoteCount({ n }: { n: number }) {
  if (n === 0) return null;
  return <span class="badge badge-remote">{t('remote.count', { n })}</span>;
}

/** The room's detail: names of the remote people, and their call link. */
export function RemoteInRoom({ session, roomId }: { session: OrganiserView; roomId: string }) {
  const { names, link } = remoteIn(session, roomId);
  return (
    <section class="panel remote-in-room" aria-labelledby="remote-h">
      <h2 id="remote-h">{t('remote.title', { n: names.length })}</h2>
      {names.length > 0 ? (
        <ul class="remote-names">
          {names.map((name, i) => (
            <li key={i}>{name}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('remote.none')}</p>
      )}
      <p class="muted">
        {link ? (
          <>
            {t('remote.link')}{' '}
            <a href={link} target="_blank" rel="noopener noreferrer">
              {link}
            </a>
          </>
        ) : (
          t('remote.noLink')
        )}
      </p>
    </section>
  );
}
