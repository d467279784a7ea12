// The conversation roles of a card (procesbegeleider, verslaglegger,
// gespreksleider): who holds each is shown to everyone; the room's leader
// assigns them. The note-taker keeps the record, which everyone can read
// and which goes into the export. Assigning goes through the server,
// which checks that I lead this room and that the person sits in it.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { roleLabel, t } from '../i18n';
import type { RoomCtx } from './context';
import { CollabText } from './CollabText';
import { editText } from './docEdits';
import type { Template } from './template';
import type { PresenceInfo } from './usePresence';

export function Roles({ ctx, template, people }: { ctx: RoomCtx; template: Template; people: PresenceInfo[] }) {
  const [error, setError] = useState(false);
  if (template.roles.length === 0) return null;
  const assign = (role: string, participant: string | null) => {
    if (!ctx.token) return;
    api.assignRole(ctx.token, { role, participant }).then(
      () => setError(false),
      () => setError(true),
    );
  };
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
            <p class="muted">{t('roles.recordEmpty')}</p>
          )}
        </div>
      )}
    </section>
  );
}
