// Agreements as structured items: wat — wie — wanneer; delete is a tombstone.
import { t } from '../i18n';
import { newId } from '../lib/ids';
import { addAgreement, editText, setAgreementDeleted } from './docEdits';
import { CollabText } from './CollabText';
import type { RoomCtx } from './context';

export function Agreements({ ctx, title, description, prompts, example, onDeleted }: { ctx: RoomCtx; title: string; description: string | null; prompts: string[]; example: boolean; onDeleted: (undo: () => void) => void }) {
  const items = Object.values(ctx.doc.agreements ?? {})
    .filter((a) => a && !a.deleted)
    .sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
  return (
    <section class="card-section agreements" aria-labelledby="agreements-h">
      <h2 id="agreements-h">
        {title || t('agreements.title')}
        {example && <span class="badge">{t('template.example')}</span>}
      </h2>
      {description && <p class="section-desc">{description}</p>}
      {prompts.length > 0 && (
        <ul class="prompts">
          {prompts.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      {items.length === 0 && <p class="muted">{t('agreements.none')}</p>}
      <ul class="agreement-list">
        {items.map((a, i) => (
          <li class="agreement" key={a.id}>
            <label class="field">
              <span class="field-label">{t('agreements.whatLabel')}</span>
              <CollabText multiline value={a.what} label={t('agreements.what', { n: i + 1 })} placeholder={t('agreements.whatPh')} readOnly={ctx.readOnly} onText={(v) => editText(ctx.handle, ['agreements', a.id, 'what'], v)} />
            </label>
            <label class="field">
              <span class="field-label">{t('agreements.whoLabel')}</span>
              <CollabText multiline={false} value={a.who} label={t('agreements.who', { n: i + 1 })} placeholder={t('agreements.whoPh')} readOnly={ctx.readOnly} onText={(v) => editText(ctx.handle, ['agreements', a.id, 'who'], v)} />
            </label>
            <label class="field">
              <span class="field-label">{t('agreements.whenLabel')}</span>
              <CollabText multiline={false} value={a.when} label={t('agreements.when', { n: i + 1 })} placeholder={t('agreements.whenPh')} readOnly={ctx.readOnly} onText={(v) => editText(ctx.handle, ['agreements', a.id, 'when'], v)} />
            </label>
            {!ctx.readOnly && (
              <button
                type="button"
                class="btn-small btn-danger"
                aria-label={t('agreements.delete', { n: i + 1 })}
                onClick={() => {
                  setAgreementDeleted(ctx.handle, a.id, true);
                  onDeleted(() => setAgreementDeleted(ctx.handle, a.id, false));
                }}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!ctx.readOnly && (
        <button type="button" class="btn" onClick={() => addAgreement(ctx.handle, { id: newId(), what: '', who: '', when: '', created_at: Date.now(), deleted: false })}>
          {t('agreements.add')}
        </button>
      )}
    </section>
  );
}
