// Who is here: a row of people with role, marked when they join remotely.
import { roleLabel, t } from '../i18n';
import type { PresenceInfo } from './usePresence';

export function Presence({ people, anonymous }: { people: PresenceInfo[]; anonymous: boolean }) {
  const remote = people.filter((p) => p.remote).length;
  return (
    <details class="presence">
      <summary>{t('presence.summary', { n: people.length, remote })}</summary>
      <ul aria-label={t('presence.list')}>
        {people.map((p) => (
          <li key={p.participant_id}>
            <span class="presence-dot" aria-hidden="true" />
            {anonymous ? roleLabel(p.role) : `${p.name} · ${roleLabel(p.role)}`}
            {p.remote && <span class="mark mark-remote">{t('presence.remote')}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
