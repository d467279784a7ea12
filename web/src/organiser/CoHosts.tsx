// The main organiser invites a co-host (a second organiser with their own
// link, shown once to copy) and can revoke one. Shown only to the main
// organiser (the session's `standing`); the server refuses anyone else.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { t } from '../i18n';
import type { CoHostView } from '../generated/CoHostView';
import { organiserPath } from './secret';

export function CoHosts({ sessionId, secret }: { sessionId: string; secret: string }) {
  const [list, setList] = useState<CoHostView[] | null>(null);
  const [name, setName] = useState('');
  const [link, setLink] = useState('');
  const [error, setError] = useState('');
  const load = () =>
    api.cohosts(sessionId, secret).then(setList, (e: ApiError) => {
      setError(e.message || t('error.generic'));
    });
  useEffect(() => {
    void load();
  }, [sessionId, secret]);
  const invite = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const made = await api.inviteCohost(sessionId, secret, name.trim());
      setLink(`${location.origin}${organiserPath(sessionId, made.secret)}`);
      setName('');
      await load();
    } catch (err) {
      setError((err as Error).message || t('error.generic'));
    }
  };
  return (
    <section class="panel" aria-labelledby="cohosts-h">
      <h2 id="cohosts-h">{t('cohosts.title')}</h2>
      <p class="muted">{t('cohosts.help')}</p>
      <form class="tool-row" onSubmit={invite}>
        <label class="field grow">
          {t('cohosts.name')}
          <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="btn" disabled={!name.trim()}>
          {t('cohosts.invite')}
        </button>
      </form>
      {link && (
        <div class="notice" role="status">
          <label class="field">
            {t('cohosts.link')}
            <input readOnly value={link} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          </label>
          <button type="button" class="btn" onClick={() => navigator.clipboard?.writeText(link)}>
            {t('keep.copy')}
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {list && list.length > 0 && (
        <ul class="cohost-list">
          {list.map((c) => (
            <li key={c.id}>
              {c.name}{' '}
              <button
                type="button"
                class="btn-small btn-danger"
                aria-label={t('cohosts.revokeName', { name: c.name })}
                onClick={() => api.revokeCohost(sessionId, secret, c.id).then(load, () => undefined)}
              >
                {t('cohosts.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
