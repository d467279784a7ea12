// /j/<CODE>: the join form (name + role, no account), then the participant
// app. The identity is kept per session in localStorage, so a reload keeps it.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { t } from '../i18n';
import { CodeForm } from '../components/CodeForm';
import { RolePicker } from '../components/RolePicker';
import { loadIdentity, saveIdentity, type Identity } from '../identity';
import { identityFrom, takeTokenFromHash } from './deviceLink';
import type { ParticipantRole } from '../generated/ParticipantRole';
import { ParticipantApp } from './ParticipantApp';

export function JoinPage({ code }: { code: string }) {
  // A device link (the person's own, from their other device) names who
  // this device is; without one, whoever this browser joined as before.
  const [brought] = useState(() => takeTokenFromHash());
  const [identity, setIdentity] = useState<Identity | null>(() => {
    const known = loadIdentity(code);
    return !brought || known?.token === brought ? known : null;
  });
  const [linkFailed, setLinkFailed] = useState(false);
  useEffect(() => {
    if (!brought || identity) return;
    let live = true;
    api.me(brought).then(
      (me) => {
        if (!live) return;
        const id = identityFrom(code, brought, me);
        saveIdentity(id);
        setIdentity(id);
      },
      () => live && setLinkFailed(true),
    );
    return () => {
      live = false;
    };
  }, [brought]);
  if (identity) return <ParticipantApp identity={identity} onForget={() => setIdentity(null)} />;
  if (brought && !linkFailed) {
    return (
      <main class="page join" aria-busy="true">
        <p role="status">{t('device.opening')}</p>
      </main>
    );
  }
  return <JoinForm code={code} onJoined={setIdentity} notice={linkFailed ? t('device.linkFailed') : ''} />;
}

/** A failed check or join, in the words a person gets. */
function joinError(err: unknown): string {
  const ae = err as ApiError;
  return ae.status === 404
    ? t('join.unknownCode')
    : ae.status === 429
      ? t('join.tooMany')
      : ae.code === 'joining-closed'
        ? t('join.closed')
        : ae.code === 'revoked'
          ? t('join.removed')
          : ae.code === 'invalid-name'
            ? t('join.invalidName')
            : ae.code === 'network'
              ? t('error.network')
              : // The server's own words are for developers (and
                // English): a person gets ours, with what to do.
                t('join.failed');
}

/** Why a code check refused, when the join form cannot help. */
type Refusal = { kind: 'unknown-code' | 'closed' | 'other'; text: string };

function refusal(err: unknown): Refusal | null {
  const ae = err as ApiError;
  if (ae.status === 404) return { kind: 'unknown-code', text: joinError(err) };
  if (ae.code === 'joining-closed') return { kind: 'closed', text: t('join.closedWaiting') };
  if (ae.code === 'revoked') return { kind: 'other', text: joinError(err) };
  return null;
}

/** How often a closed session's code is checked again, so a latecomer
 * gets the form as soon as the organiser reopens joining. */
const CLOSED_RECHECK_MS = 10_000;

function JoinForm({ code, onJoined, notice }: { code: string; onJoined: (id: Identity) => void; notice: string }) {
  // The code is checked before anyone types: a wrong or closed code is
  // said at once, and a right one shows the session's title.
  const [title, setTitle] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [checks, setChecks] = useState(0);
  useEffect(() => {
    let current = true;
    api.checkCode(code).then(
      (check) => {
        if (!current) return;
        setRefused(null);
        setTitle(check.title);
        setAnonymous(check.anonymous);
      },
      (err) => {
        if (current) setRefused(refusal(err));
      },
    );
    return () => {
      current = false;
    };
  }, [code, checks]);
  useEffect(() => {
    if (refused?.kind !== 'closed') return;
    const timer = window.setTimeout(() => setChecks((n) => n + 1), CLOSED_RECHECK_MS);
    return () => window.clearTimeout(timer);
  }, [refused, checks]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<ParticipantRole | ''>('');
  const [remote, setRemote] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!name.trim() || !role) return;
    setBusy(true);
    setError('');
    try {
      const reply = await api.join(code, name.trim(), role, remote ? 'remote' : 'in-room');
      const id: Identity = { ...reply, code, name: name.trim(), role };
      saveIdentity(id);
      onJoined(id);
    } catch (err) {
      // Joining closed while the form was filled in: wait for it to reopen
      // like a page opened after it closed (name and role stay typed).
      const closed = refusal(err);
      if (closed?.kind === 'closed') setRefused(closed);
      else setError(joinError(err));
    } finally {
      setBusy(false);
    }
  };
  if (refused) {
    return (
      <main class="page join">
        <h1>{t('join.title')}</h1>
        <p class="error" role="alert">
          {refused.text}
        </p>
        {refused.kind === 'unknown-code' ? (
          <CodeForm key={code} initial={code} heading={t('join.otherCode')} />
        ) : (
          <button type="button" class="btn" onClick={() => setChecks((n) => n + 1)}>
            {t('join.retry')}
          </button>
        )}
      </main>
    );
  }
  return (
    <main class="page join">
      <h1>{t('join.title')}</h1>
      <p class="lead">{title ? t('join.leadTitle', { code, title }) : t('join.lead', { code })}</p>
      {anonymous && <p class="anonymous-note">{t('session.anonymous')}</p>}
      {notice && (
        <p class="error" role="alert">
          {notice}
        </p>
      )}
      <form class="panel" onSubmit={submit}>
        <label class="field">
          {t('join.name')}
          <input value={name} autoComplete="name" required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <RolePicker value={role} onPick={setRole} />
        <label class="switch">
          <input type="checkbox" checked={remote} onChange={(e) => setRemote((e.target as HTMLInputElement).checked)} />
          {t('room.remote')}
        </label>
        <p class="muted">{t('join.privacy')}</p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn-primary" disabled={busy || !name.trim() || !role}>
          {t('join.submit')}
        </button>
      </form>
    </main>
  );
}
