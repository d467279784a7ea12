// The conversation roles of a card (procesbegeleider, verslaglegger,
// gespreksleider): who holds each is shown to everyone; the room's leader
// assigns them. The note-taker keeps the record, which everyone can read
// and which goes into the export.
import { roleLabel, t } from '../i18n';
import type { RoomCtx } from './context';
import { CollabText } from './CollabText';
import { assignRole, editText } from './docEdits';
import type { Template } from './template';
import type { PresenceInfo } from './usePresence';

export function Roles({ ctx, template, people }: { ctx: RoomCtx; template: Template; people: PresenceInfo[] }) {
  if (template.roles.length === 0) return null;
  const name = (id: string) => {
    if (id === ctx.me.id) return ctx.anonymous ? t('roles.you') : `${ctx.me.name} (${t('roles.you')})`;
    const p = people.find((x) => x.participant_id === id);
    if (!p) return t('roles.absent');
    return ctx.anonymous || !p.name ? roleLabel(p.role) : p.name;
  };
  const choices = [...people.filter((p) => p.participant_id !== ctx.me.id).map((p) => p.participant_id), ctx.me.id];
  const noteTaker = template.roles.find((r) => r.kind === 'note-taker');
  const recordHolder = noteTaker ? ctx.doc.roles?.[noteTaker.id] : undefined;
  const mayWriteRecord = !ctx.readOnly && (recordHolder === ctx.me.id || ctx.leader);
  return (
    <section class="card-section roles" aria-labelledby="roles-h">
      <h2 id="roles-h">{t('roles.title')}</h2>
      <ul class="role-list">
        {template.roles.map((r) => {
          const holder = ctx.doc.roles?.[r.id];
          return (
            <li key={r.id} class="role" data-role={r.id}>
              <p>
                <strong>{r.title}</strong>: <span class="role-holder">{holder ? name(holder) : t('roles.nobody')}</span>
              </p>
              {r.description && <p class="section-desc">{r.description}</p>}
              {ctx.leader && !ctx.readOnly && (
                <label class="field">
                  <span class="field-label">{t('roles.assign', { role: r.title })}</span>
                  <select value={holder ?? ''} onChange={(e) => assignRole(ctx.handle, r.id, (e.target as HTMLSelectElement).value || null)}>
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
      {noteTaker && (
        <div class="record">
          <h3>{t('roles.record', { role: noteTaker.title.toLowerCase() })}</h3>
          {mayWriteRecord ? (
            <CollabText value={ctx.doc.record ?? ''} label={t('roles.record', { role: noteTaker.title.toLowerCase() })} placeholder={t('roles.recordPlaceholder')} onText={(v) => editText(ctx.handle, ['record'], v)} />
          ) : (ctx.doc.record ?? '').trim() ? (
            <p class="record-text">{ctx.doc.record}</p>
          ) : (
            <p class="muted">{t('roles.recordEmpty')}</p>
          )}
        </div>
      )}
    </section>
  );
}
