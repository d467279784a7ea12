// "Create a session" form: from a programme (e.g. partnerschapsdag) or from
// one card template; anonymous mode and retention. Leads to the console.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { rememberSecret } from './secret';
import { navigate } from '../router';
import type { ProgrammeListItem } from '../generated/ProgrammeListItem';
import type { TemplateListItem } from '../generated/TemplateListItem';

export function CreateSession() {
  const [programmes, setProgrammes] = useState<ProgrammeListItem[]>([]);
  const [templates, setTemplates] = useState<TemplateListItem[]>([]);
  const [source, setSource] = useState('');
  const [title, setTitle] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [retention, setRetention] = useState(30);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.programmes().then(setProgrammes, () => undefined);
    api.templates().then(setTemplates, () => undefined);
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const [kind, id] = source.split(':');
    if (!id) return;
    setBusy(true);
    setError('');
    try {
      const fallbackTitle = (kind === 'p' ? programmes.find((p) => p.id === id)?.title : templates.find((x) => x.id === id)?.title) ?? id;
      const created = await api.createSession({
        title: title.trim() || fallbackTitle,
        ...(kind === 'p' ? { programme_id: id } : { template_id: id }),
        anonymous,
        retention_days: retention,
      });
      rememberSecret(created.session_id, created.organiser_secret);
      navigate(`/o/${encodeURIComponent(created.session_id)}#secret=${encodeURIComponent(created.organiser_secret)}`);
    } catch (err) {
      setError((err as Error).message || t('error.generic'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={submit}>
      <h2>{t('create.title')}</h2>
      <label class="field">
        {t('create.source')}
        <select value={source} required onChange={(e) => setSource((e.target as HTMLSelectElement).value)}>
          <option value="">{t('create.choose')}</option>
          {programmes.length > 0 && (
            <optgroup label={t('create.programmes')}>
              {programmes.map((p) => (
                <option value={`p:${p.id}`} key={p.id}>
                  {p.title || p.id}
                </option>
              ))}
            </optgroup>
          )}
          {templates.length > 0 && (
            <optgroup label={t('create.templates')}>
              {templates.map((x) => (
                <option value={`t:${x.id}`} key={x.id}>
                  {x.title || x.id}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <label class="field">
        {t('create.name')}
        <input value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </label>
      <label class="switch">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous((e.target as HTMLInputElement).checked)} />
        {t('create.anonymous')}
      </label>
      <label class="field field-narrow">
        {t('create.retention')}
        <input type="number" min={1} max={3650} value={retention} onInput={(e) => setRetention(Number((e.target as HTMLInputElement).value) || 30)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="btn-primary" disabled={busy || !source}>
        {t('create.submit')}
      </button>
    </form>
  );
}
