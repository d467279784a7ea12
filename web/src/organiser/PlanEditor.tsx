// Edit the plan before the day starts: rounds (name, times), groups (name,
// statements, one per paragraph); saved with PUT plan.
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { OrganiserView } from '../generated/OrganiserView';
import type { RoundView } from '../generated/RoundView';
import { t } from '../i18n';
import { roundEdit, statementsFrom, statementsText } from './session';

export function PlanEditor({ session, secret, onSaved }: { session: OrganiserView; secret: string; onSaved: () => void }) {
  const [rounds, setRounds] = useState<RoundView[]>(() => session.rounds.map((r) => ({ ...r, groups: r.groups.map((g) => ({ ...g })) })));
  // What is typed, so a blank line that starts the next statement stays.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState('');
  const started = session.rounds.some((r) => r.status !== 'planned');
  const upd = (i: number, f: (r: RoundView) => RoundView) => setRounds((rs) => rs.map((r, j) => (j === i ? f(r) : r)));
  const save = async () => {
    setMsg('');
    try {
      await api.putPlan(session.id, secret, { rounds: rounds.map(roundEdit) });
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
          <legend>{r.name}</legend>
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
                    value={g.name}
                    onInput={(e) => upd(i, (x) => ({ ...x, groups: x.groups.map((y, k) => (k === gi ? { ...y, name: (e.target as HTMLInputElement).value } : y)) }))}
                  />
                </label>
                <label class="field">
                  {t('plan.statement', { n: gi + 1 })}
                  <textarea
                    rows={3}
                    value={typed[`${r.id}/${g.id}`] ?? statementsText(g.statements)}
                    onInput={(e) => {
                      const text = (e.target as HTMLTextAreaElement).value;
                      setTyped((all) => ({ ...all, [`${r.id}/${g.id}`]: text }));
                      upd(i, (x) => ({ ...x, groups: x.groups.map((y, k) => (k === gi ? { ...y, statements: statementsFrom(text) } : y)) }));
                    }}
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
