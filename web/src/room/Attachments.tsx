// The data under discussion (e.g. in the Kwaliteitsgesprek): links and
// files anyone in the group adds, shown to everyone; removing one can be
// undone. Files are stored by the server (bounded there) and fetched with
// my token, since a plain link cannot carry it.
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { t } from '../i18n';
import { newId } from '../lib/ids';
import type { RoomCtx } from './context';
import { addAttachment, setAttachmentDeleted } from './docEdits';
import type { Template } from './template';

const MAX_TITLE = 200;
const MAX_URL = 2000;
// Server refusals with their own message (core's AttachmentRefusal codes).
const REFUSALS = ['attachment-empty', 'attachment-too-large', 'attachment-participant-full', 'attachment-session-full', 'not-in-room'];

export function Attachments({ ctx, template, onDeleted }: { ctx: RoomCtx; template: Template; onDeleted: (undo: () => void) => void }) {
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
  const token = ctx.token;
  const upload = async (file: File | undefined) => {
    if (!file || !token) return;
    setBusy(true);
    try {
      const up = await api.uploadAttachment(token, file);
      addAttachment(ctx.handle, { id: up.id, title: up.name, url: up.url, file: true, deleted: false });
      setError(null);
    } catch (e) {
      const code = e instanceof ApiError ? e.code : '';
      setError(t(REFUSALS.includes(code) ? `attachments.${code}` : 'attachments.uploadFailed'));
    } finally {
      setBusy(false);
    }
  };
  const open = async (url: string, name: string) => {
    if (!token) return;
    try {
      const blob = await api.attachment(token, url);
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch {
      setError(t('attachments.openFailed'));
    }
  };
  return (
    <section class="card-section attachments" aria-labelledby="attachments-h">
      <h2 id="attachments-h">
        {slot.title}
        {slot.example && <span class="badge">{t('template.example')}</span>}
      </h2>
      {slot.description && <p class="section-desc">{slot.description}</p>}
      {items.length === 0 && <p class="muted">{t('attachments.none')}</p>}
      <ul class="tools attachment-list">
        {items.map((a) => (
          <li key={a.id}>
            {a.file ? (
              <button type="button" class="btn-link" onClick={() => void open(a.url, a.title)}>
                {a.title || t('attachments.file')}
              </button>
            ) : (
              <a href={a.url} target="_blank" rel="noopener noreferrer">
                {a.title || a.url}
              </a>
            )}
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
          {token && (
            <label class="field">
              <span class="field-label">{t('attachments.upload')}</span>
              <input
                type="file"
                disabled={busy}
                onChange={(e) => {
                  // Emptied once sent: a name left in the field reads as a file still waiting.
                  const input = e.target as HTMLInputElement;
                  void upload(input.files?.[0]).finally(() => (input.value = ''));
                }}
              />
            </label>
          )}
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
