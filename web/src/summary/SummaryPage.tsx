// /o/<session>/samenvatting#secret=…: the organiser reviews the merged
// summary of the whole session or one round: the overall text on top
// (editable), per round and view (all groups together, or one target group
// or safeguard with its statement) per section the topics with merged items
// ("3x genoemd"), review edits (merge, split, rename, move) stored on the
// server, the agreements as one action list, and the exports. While a round
// runs the report grows on screen: it is rebuilt from the rooms every
// LIVE_REFRESH_MS, unless the organiser is in the middle of an edit.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { useOrganiserEvents } from '../events';
import { t } from '../i18n';
import { navigate } from '../router';
import type { OrganiserView } from '../generated/OrganiserView';
import { organiserPath, secretFromHash } from '../organiser/secret';
import { AgreementList } from './AgreementList';
import { Exports } from './Exports';
import { afterEdit } from './model';
import { OverallEditor } from './OverallEditor';
import { RoundBlock } from './RoundBlock';
import type { ReviewEdit, Summary } from './types';

export interface ReviewCtx {
  busy: boolean;
  order: string[];
  apply: (edit: ReviewEdit) => Promise<boolean>;
}

const LIVE_REFRESH_MS = 15_000;

/** True while the organiser types or picks in a review form, or has one open. */
function editing(): boolean {
  const active = document.activeElement;
  if (active && active.matches('input, textarea, select')) return true;
  return document.querySelector('details.s-tools[open]') !== null;
}

function errorText(e: unknown): string {
  const ae = e as ApiError;
  if (ae.status === 401 || ae.status === 403) return t('organiser.badSecret');
  if (ae.status === 404) return t('organiser.notFound');
  if (ae.code === 'network') return t('error.network');
  return ae.message || t('error.generic');
}

export function SummaryPage({ sessionId }: { sessionId: string }) {
  const [secret] = useState(() => secretFromHash(sessionId));
  const [session, setSession] = useState<OrganiserView | null>(null);
  const [round, setRound] = useState<string | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const busyRef = useRef(false);
  busyRef.current = busy;

  useEffect(() => {
    if (!secret) return;
    api.session(sessionId, secret).then(
      (view) => setSession(view),
      () => undefined,
    );
  }, [sessionId, secret]);
  useOrganiserEvents(secret, (ev) => {
    if (ev.type === 'state') setSession(ev.session);
  });
  const running = session?.rounds.some((r) => r.status === 'running') ?? false;
  useEffect(() => {
    if (!running || !secret) return;
    const timer = setInterval(() => {
      if (busyRef.current || editing()) return;
      api.summary(sessionId, secret, round).then(
        (fresh) => {
          setSummary(fresh);
          setUpdatedAt(new Date());
        },
        () => undefined,
      );
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, sessionId, secret, round]);

  const load = async (scope: string | null) => {
    if (!secret) return;
    setLoading(true);
    try {
      setSummary(await api.summary(sessionId, secret, scope));
      setError('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    load(round);
  }, [sessionId, secret, round]);

  if (!secret) {
    return (
      <main class="page">
        <h1>{t('summary.title')}</h1>
        <p class="error" role="alert">
          {t('organiser.noSecret')}
        </p>
      </main>
    );
  }

  const apply = async (edit: ReviewEdit): Promise<boolean> => {
    setBusy(true);
    setStatus('');
    try {
      const after = await api.summaryEdit(sessionId, secret, edit);
      if (round) await load(round);
      else setSummary((before) => afterEdit(before, after));
      setError('');
      setStatus(t('summary.editSaved'));
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const saveOverall = async (text: string | null): Promise<boolean> => {
    setBusy(true);
    setStatus('');
    try {
      setSummary(await api.summaryOverall(sessionId, secret, round, text));
      setError('');
      setStatus(t(text === null ? 'summary.overallReset' : 'summary.overallSaved'));
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const back = organiserPath(sessionId, secret);
  const rounds = session?.rounds ?? [];
  const ctx: ReviewCtx = { busy, order: summary?.section_order ?? [], apply };
  const empty = summary && summary.rounds.every((r) => r.cross_group.length === 0 && r.groups.length === 0);

  return (
    <main class="page summary-page" aria-busy={loading}>
      <p>
        <a
          href={back}
          onClick={(e) => {
            e.preventDefault();
            navigate(back);
          }}
        >
          {t('summary.back')}
        </a>
      </p>
      <h1>{summary?.title ? t('summary.heading', { title: summary.title }) : t('summary.title')}</h1>
      <div class="tool-row">
        <label class="field">
          {t('summary.scope')}
          <select value={round ?? ''} disabled={busy} onChange={(e) => setRound((e.target as HTMLSelectElement).value || null)}>
            <option value="">{t('summary.wholeSession')}</option>
            {rounds.map((r) => (
              <option value={r.id} key={r.id}>
                {r.name || r.id}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p role="status" class="summary-status">
        {loading ? t('summary.loading') : status}
      </p>
      {running && (
        <p class="muted summary-live">
          {updatedAt ? t('summary.liveUpdated', { time: updatedAt.toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit', second: '2-digit' }) }) : t('summary.live')}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {summary && (
        <>
          <Exports sessionId={sessionId} secret={secret} round={round} />
          {summary.overall_summary.notice && (
            <p class="notice notice-fallback" role="alert">
              {summary.overall_summary.notice}
            </p>
          )}
          {(summary.warnings ?? []).length > 0 && (
            <div class="notice" role="status">
              <p>{t('summary.warnings')}</p>
              <ul>
                {(summary.warnings ?? []).map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          {(summary.skipped_edits ?? []).length > 0 && (
            <p class="notice" role="status">
              {t('summary.skipped', { n: (summary.skipped_edits ?? []).length })}
            </p>
          )}
          <OverallEditor key={`${round ?? ''}|${summary.overall_summary.source}|${summary.overall_summary.text}`} overall={summary.overall_summary} busy={busy} onSave={saveOverall} />
          {empty && <p class="muted">{t('summary.empty')}</p>}
          {summary.rounds.map((r) => (
            <RoundBlock round={r} plan={summary.plan.find((p) => p.round_id === r.round_id)} ctx={ctx} key={r.round_id} />
          ))}
          <AgreementList summary={summary} />
        </>
      )}
    </main>
  );
}
