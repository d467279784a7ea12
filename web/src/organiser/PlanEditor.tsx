// Edit the plan before the day starts: rounds (name, times, grouping mode),
// groups (label, card, statement); saved with PUT plan.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { roundForPlan, type ORound, type OSession } from './session';

export function PlanEditor({ session, secret, onSaved }: { session: OSession; secret: string; onSaved: () => void }) {
  const [rounds, setRounds] = useState<ORound[]>(() => session.rounds.map((r) => ({ ...r, groups: r.groups.map((g) => ({ ...g })) })));
  const [msg, setMsg] = useState('');
  const started = session.rounds.some((r) => r.status !== 'planned');
  const upd = (i: number, f: (r: ORound) => ORound) => setRounds((rs) => rs.map((r, j) => (j === i ? f(r) : r)));
  const save = async () => {
    setMsg('');
    try {
      await api.putPlan(session.id, secret, { rounds: rounds.map(roundForPlan) } as never);
      setMsg(t('plan.saved'));
      onSaved();
    } catch (e) {
      setMsg((e as Error).message);
    }
  };
  return (
    <section class="panel" aria-labelledby="plan-h">
      <h2 id="plan-h">{t('plan.title')}</h2>
      {started ? <p class="muted">{t('plan.locked')}</p> : <p class="muted">{t('plan.statementHelp')}</p>}
      {rounds.map((r, i) => (
        <fieldset class="plan-round" key={r.id} disabled={started}>
          <legend>{r.name || r.id}</legend>
          <div class="grid-3">
            <label class="field">
              {t('plan.roundName')}
              <input value={r.name} onInput={(e) => upd(i, (x) => ({ ...x, name: (e.target as HTMLInputElement).value }))} />
            </label>
            <label class="field">
              {t('plan.start')}
              <input type="time" value={r.start} onInput={(e) => upd(i, (x) => ({ ...x, start: (e.target as HTMLInputElement).value }))} />
            </label>
            <label class="field">
              {t('plan.end')}
              <input type="time" value={r.end} onInput={(e) => upd(i, (x) => ({ ...x, end: (e.target as HTMLInputElement).value }))} />
            </label>
          </div>
          <p class="muted">
            {t('plan.mode')}: {t(`mode.${r.mode}`)}
          </p>
          <ol class="plan-groups">
            {r.groups.map((g, gi) => (
              <li key={g.id}>
                <label class="field">
                  {t('plan.groupLabel', { n: gi + 1 })}
                  <input
                    value={g.label}
                    onInput={(e) => upd(i, (x) => ({ ...x, groups: x.groups.map((y, k) => (k === gi ? { ...y, label: (e.target as HTMLInputElement).value } : y)) }))}
                  />
                </label>
                <label class="field">
                  {t('plan.statement', { n: gi + 1 })}
                  <textarea
                    rows={2}
                    value={g.statement}
                    onInput={(e) => upd(i, (x) => ({ ...x, groups: x.groups.map((y, k) => (k === gi ? { ...y, statement: (e.target as HTMLTextAreaElement).value } : y)) }))}
                  />
                </label>
              </li>
            ))}
          </ol>
        </fieldset>
      ))}
      {!started && (
        <button type="button" class="btn-primary" onClick={save}>
          {t('plan.save')}
        </button>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
