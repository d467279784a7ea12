// The conversation roles of a card (procesbegeleider, verslaglegger,
// gespreksleider): who holds each is shown to everyone; the room's leader
// assigns them here, the organiser from the console (`assigner`). A
// leader-kind role (gespreksleider) is the room's appointed leader: shown,
// never assigned here.
// Assigning goes through the server, which checks that the assigner may
// and that the person sits in the room. Only the note-taker keeps the
// record (the server's sync gate refuses anyone else's edits); everyone
// reads it, and it goes into the export.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { roleLabel, t } from '../i18n';
import type { RoomCtx } from './context';
import { CollabText } from './CollabText';
import { editText } from './docEdits';
import type { Template } from './template';
import type { PresenceInfo } from './usePresence';

/** How the organiser's console assigns roles: the room's members by name. */
export interface RoleAssigner {
  members: { id: string; name: string }[];
  assign: (role: string, participant: string | null) => Promise<unknown>;
}

export function Roles({ ctx, template, people, assigner, leaderName }: { ctx: RoomCtx; template: Template; people: PresenceInfo[]; assigner?: RoleAssigner; leaderName: string | null }) {
  const [error, setError] = useState(false);
  if (template.roles.length === 0) return null;
  const token = ctx.token;
  const send = ctx.leader && !ctx.readOnly && token ? (role: string, participant: string | null) => api.assignRole(token, { role, participant }) : (assigner?.assign ?? null);
  const assign = (role: string, participant: string | null) =>
    send?.(role, participant).then(
      () => setError(false),
      () => setError(true),
    );
  const name = (id: string) => {
    if (id === ctx.me.id) return ctx.anonymous ? t('roles.you') : `${ctx.me.name} (${t('roles.you')})`;
    const p = people.find((x) => x.participant_id === id);
    if (p) return ctx.anonymous || !p.name ? roleLabel(p.role) : p.name;
    const member = assigner?.members.find((m) => m.id === id);
    return member?.name || t('roles.absent');
  };
  const choices = assigner && !ctx.leader ? assigner.members.map((m) => m.id) : [...people.filter((p) => p.participant_id !== ctx.me.id).map((p) => p.participant_id), ctx.me.id];
  const noteTaker = template.roles.find((r) => r.kind === 'note-taker');
  const recordHolder = noteTaker ? ctx.doc.roles?.[noteTaker.id] : undefined;
  const mayWriteRecord = !ctx.readOnly && recordHolder === ctx.me.id;
  return (
    <section class="card-section conversation-roles" aria-labelledby="roles-h">
      <h2 id="roles-h">{t('roles.title')}</h2>
      <ul class="role-list">
        {template.roles.map((r) => {
          // The room's appointed leader holds a leader role: one leader,
          // shown here as in the header, appointed with the grouping.
          const leaderRole = r.kind === 'leader';
          const holder = ctx.doc.roles?.[r.id];
          const shown = leaderRole ? (ctx.leader ? name(ctx.me.id) : leaderName) : holder ? name(holder) : null;
          return (
            <li key={r.id} class="role" data-role={r.id}>
              <p>
                <strong>{r.title}</strong>: <span class="role-holder">{shown ?? t(leaderRole ? 'roles.leaderByOrganiser' : 'roles.nobody')}</span>
              </p>
              {r.description && <p class="section-desc">{r.description}</p>}
              {send && !leaderRole && (
                <label class="field">
                  <span class="field-label">{t('roles.assign', { role: r.title })}</span>
                  <select value={holder ?? ''} onChange={(e) => assign(r.id, (e.target as HTMLSelectElement).value || null)}>
                    <option value="">{t('roles.nobody')}</option>
                    {choices.map((id) => (
                      <option value={id} key={id}>
                        {name(id)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p class="form-error" role="alert">
          {t('roles.assignFailed')}
        </p>
      )}
      {noteTaker && (
        <div class="record">
          <h3>{t('roles.record', { role: noteTaker.title.toLowerCase() })}</h3>
          {mayWriteRecord ? (
            <CollabText value={ctx.doc.record ?? ''} label={t('roles.record', { role: noteTaker.title.toLowerCase() })} placeholder={t('roles.recordPlaceholder')} onText={(v) => editText(ctx.handle, ['record'], v)} />
          ) : (ctx.doc.record ?? '').trim() ? (
            <p class="record-text">{ctx.doc.record}</p>
          ) : (
            <p class="muted">{t(recordHolder ? 'roles.recordEmpty' : 'roles.recordNobody', { role: noteTaker.title.toLowerCase() })}</p>
          )}
        </div>
      )}
    </section>
  );
}
