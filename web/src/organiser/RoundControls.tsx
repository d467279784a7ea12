// Start and end rounds, set the timer, broadcast a message to everyone.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { Timer } from '../room/Timer';
import type { GroupingWarning } from '../generated/GroupingWarning';
import type { OrganiserView } from '../generated/OrganiserView';
import type { RoundView } from '../generated/RoundView';
import { ConfirmButton } from '../components/ConfirmButton';
import { warningText, type UnsavedGrouping } from './People';

/** A start held back because the grouping it would make has warnings. */
interface HeldStart {
  round: RoundView;
  seed: number;
  warnings: GroupingWarning[];
  /** How many people each group would get, in the round's group order. */
  sizes: { group: string; people: number }[];
  /** A proposal in ‘Deelnemers’ is on screen but not saved: the start
   * may save and use it, or draw anew. */
  unsaved: UnsavedGrouping | null;
}

/** How long after an action its line is kept in view while the console
 * reloads around it. */
const KEEP_IN_VIEW_MS = 2000;

/** What an action came to, kept in view for a moment. The organiser who
 * scrolled down to "Toch starten" saw the warnings fold away and the
 * console fill with rooms and people, and the browser's scroll anchoring
 * carried the "is gestart." line 1,100–1,600 px out of view. */
function Status({ text }: { text: string }) {
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const show = () => line.current?.scrollIntoView({ block: 'nearest' });
    show();
    const resized = new ResizeObserver(show);
    resized.observe(document.documentElement);
    const stop = setTimeout(() => resized.disconnect(), KEEP_IN_VIEW_MS);
    return () => {
      clearTimeout(stop);
      resized.disconnect();
    };
  }, [text]);
  return (
    <p role="status" ref={line}>
      {text}
    </p>
  );
}

export function RoundControls({
  session,
  secret,
  onChange,
  unsavedProposal,
}: {
  session: OrganiserView;
  secret: string;
  onChange: () => void;
  /** An unsaved grouping proposal in ‘Deelnemers’. */
  unsavedProposal: UnsavedGrouping | null;
}) {
  const [minutes, setMinutes] = useState(10);
  const [message, setMessage] = useState('');
  // What the last action came to, shown beside the round it was for (a
  // start or an end) or under the forms (timer, message), not below
  // every round where the organiser did not look.
  const [status, setStatusAt] = useState<{ text: string; round: string | null }>({ text: '', round: null });
  const setStatus = (text: string, round: string | null = null) => setStatusAt({ text, round });
  const run = async (f: () => Promise<unknown>, ok: string, round: string | null = null) => {
    setStatus('');
    try {
      await f();
      setStatus(ok, round);
      onChange();
    } catch (e) {
      setStatus((e as Error).message || t('error.generic'), round);
    }
  };
  const [held, setHeld] = useState<HeldStart | null>(null);
  const running = session.rounds.find((r) => r.status === 'running');
  const started = (r: RoundView) => t('rounds.started', { round: r.name });
  // Without a saved grouping the server groups people at the start. The
  // organiser first sees what that grouping's warnings are (core decides
  // them for a preview) and the round starts with that same preview.
  const start = async (r: RoundView) => {
    setStatus('');
    setHeld(null);
    const saved = r.groups.some((g) => g.members.length > 0);
    if (saved || r.mode === 'manual') {
      await run(() => api.startRound(session.id, secret, r.id), started(r), r.id);
      return;
    }
    const seed = Math.floor(Math.random() * 2 ** 32);
    try {
      const preview = await api.preview(session.id, secret, r.id, seed);
      const unsaved = unsavedProposal?.round === r.id ? unsavedProposal : null;
      if (preview.warnings.length > 0 || unsaved) {
        const placed = Object.values(preview.placements);
        const sizes = r.groups
          .map((g) => ({ group: g.name, people: placed.filter((room) => room === g.id).length }))
          .filter((s) => s.people > 0);
        setHeld({ round: r, seed, warnings: preview.warnings, sizes, unsaved });
        return;
      }
    } catch (e) {
      setStatus((e as Error).message || t('error.generic'), r.id);
      return;
    }
    await run(() => api.startRound(session.id, secret, r.id, seed), started(r), r.id);
  };
  return (
    <section class="panel" aria-labelledby="rounds-h">
      <h2 id="rounds-h">{t('rounds.title')}</h2>
      <ol class="round-list">
        {session.rounds.map((r) => (
          <li key={r.id} class={`round round-${r.status}`}>
            <div>
              <strong>{r.name}</strong> <span class="muted">{`${r.start}–${r.end}`}</span>{' '}
              <span class={`status status-${r.status}`}>{t(`rounds.status.${r.status}`)}</span>{' '}
              {r.status === 'running' && <Timer endsAt={r.timer_ends_at} />}
            </div>
            <div class="tool-row">
              {r.status === 'planned' && (
                <button type="button" class="btn-primary" disabled={Boolean(running)} onClick={() => void start(r)}>
                  {t('rounds.start', { round: r.name })}
                </button>
              )}
              {held?.round.id === r.id && (
                <div class="confirm start-warnings" role="group" aria-label={t('rounds.warningsQuestion', { round: r.name })}>
                  {held.unsaved && (
                    <div class="notice" role="note">
                      <p>{t('rounds.unsavedProposal')}</p>
                      <button
                        type="button"
                        class="btn-primary"
                        onClick={() => {
                          const placements = held.unsaved?.placements ?? {};
                          setHeld(null);
                          void run(async () => {
                            await api.putAssignment(session.id, secret, r.id, placements);
                            await api.startRound(session.id, secret, r.id);
                          }, started(r), r.id);
                        }}
                      >
                        {t('rounds.saveAndStart')}
                      </button>
                    </div>
                  )}
                  <p class="confirm-question">
                    {t(held.unsaved ? 'rounds.withoutProposal' : 'rounds.warningsQuestion', { round: r.name })}
                  </p>
                  <ul class="group-sizes">
                    {held.sizes.map((s) => (
                      <li key={s.group}>{t(s.people === 1 ? 'rounds.groupSize.one' : 'rounds.groupSize', { group: s.group, n: s.people })}</li>
                    ))}
                  </ul>
                  <ul class="warnings">
                    {held.warnings.map((w, i) => (
                      <li key={i}>{warningText(w, r)}</li>
                    ))}
                  </ul>
                  {!held.unsaved && <p class="muted">{t('rounds.checkGrouping')}</p>}
                  <button
                    type="button"
                    class={held.unsaved ? 'btn' : 'btn-primary'}
                    onClick={() => {
                      const { seed } = held;
                      setHeld(null);
                      void run(() => api.startRound(session.id, secret, r.id, seed), started(r), r.id);
                    }}
                  >
                    {t(held.unsaved ? 'rounds.startWithDraw' : 'rounds.startAnyway')}
                  </button>
                  <button type="button" class="btn" onClick={() => setHeld(null)}>
                    {t('confirm.cancel')}
                  </button>
                </div>
              )}
              {r.status === 'running' && (
                <ConfirmButton
                  className="btn-danger"
                  label={t('rounds.end', { round: r.name })}
                  question={t('rounds.endQuestion', { round: r.name })}
                  confirmLabel={t('rounds.endConfirm', { round: r.name })}
                  onConfirm={() => run(() => api.endRound(session.id, secret, r.id), t('rounds.ended', { round: r.name }), r.id)}
                />
              )}
            </div>
            {status.text && status.round === r.id && <Status text={status.text} />}
          </li>
        ))}
      </ol>
      {running && (
        <form
          class="tool-row"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => api.timer(session.id, secret, running.id, minutes), t('rounds.timerSet'));
          }}
        >
          <label class="field field-narrow">
            {t('rounds.minutes')}
            <input type="number" min={1} max={240} value={minutes} onInput={(e) => setMinutes(Number((e.target as HTMLInputElement).value) || 1)} />
          </label>
          <button type="submit" class="btn">
            {t('rounds.setTimer')}
          </button>
        </form>
      )}
      <form
        class="tool-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!message.trim()) return;
          run(() => api.broadcast(session.id, secret, message.trim()), t('broadcast.sent')).then(() => setMessage(''));
        }}
      >
        <label class="field grow">
          {t('broadcast.label')}
          <input value={message} placeholder={t('broadcast.placeholder')} onInput={(e) => setMessage((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="btn" disabled={!message.trim()}>
          {t('broadcast.send')}
        </button>
      </form>
      {status.text && status.round === null && <Status text={status.text} />}
    </section>
  );
}
