// The data under discussion (e.g. in the Kwaliteitsgesprek): links anyone
// in the group adds, shown to everyone; removing one can be undone.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { newId } from '../lib/ids';
import type { RoomCtx } from './context';
import { addAttachment, setAttachmentDeleted } from './docEdits';
import type { Template } from './template';

const MAX_TITLE = 200;
const MAX_URL = 2000;

export function Attachments({ ctx, template, onDeleted }: { ctx: RoomCtx; template: Template; onDeleted: (undo: () => void) => void }) {
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const slot = template.attachments;
  if (!slot) return null;
  const items = Object.values(ctx.doc.attachments ?? {}).filter((a) => a && !a.deleted);
  const add = (e: Event) => {
    e.preventDefault();
    const link = url.trim();
    if (!/^https?:\/\/\S+$/i.test(link) || link.length > MAX_URL) {
      setError(t('attachments.badUrl'));
      return;
    }
    addAttachment(ctx.handle, { id: newId(), title: title.trim().slice(0, MAX_TITLE), url: link, file: false, deleted: false });
    setTitle('');
    setUrl('');
    setError(null);
  };
  return (
    <section class="card-section attachments" aria-labelledby="attachments-h">
      <h2 id="attachments-h">{slot.title}</h2>
      {slot.description && <p class="section-desc">{slot.description}</p>}
      {items.length === 0 && <p class="muted">{t('attachments.none')}</p>}
      <ul class="tools attachment-list">
        {items.map((a) => (
          <li key={a.id}>
            <a href={a.url} target="_blank" rel="noopener noreferrer">
              {a.title || a.url}
            </a>
            {!ctx.readOnly && (
              <button
                type="button"
                class="btn-link"
                aria-label={t('attachments.remove', { title: a.title || a.url })}
                onClick={() => {
                  setAttachmentDeleted(ctx.handle, a.id, true);
                  onDeleted(() => setAttachmentDeleted(ctx.handle, a.id, false));
                }}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!ctx.readOnly && (
        <form class="attachment-form" noValidate onSubmit={add}>
          <label class="field">
            <span class="field-label">{t('attachments.title')}</span>
            <input type="text" value={title} maxLength={MAX_TITLE} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">{t('attachments.url')}</span>
            <input type="url" value={url} maxLength={MAX_URL} placeholder="https://" onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="btn">
            {t('attachments.add')}
          </button>
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
