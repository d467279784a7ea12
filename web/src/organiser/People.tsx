// Participants by role, and grouping for a round: preview (POST preview),
// adjust by hand with one select per person, save (PUT assignment); during a
// running round the same select moves someone (POST move).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { roleLabel, t } from '../i18n';
import { ROLE_KEYS } from '../types';
import { byRole, type OSession } from './session';

export function People({ session, secret, onChange }: { session: OSession; secret: string; onChange: () => void }) {
  const selectable = session.rounds.filter((r) => r.status !== 'ended');
  const [roundId, setRoundId] = useState(selectable[0]?.id ?? '');
  const round = session.rounds.find((r) => r.id === roundId) ?? selectable[0];
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [warnings, setWarnings] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (!selectable.some((r) => r.id === roundId) && selectable[0]) setRoundId(selectable[0].id);
  }, [selectable.map((r) => r.id).join()]);
  useEffect(() => setDraft({}), [roundId]);

  const groups = byRole(session.participants);
  const placement = (pid: string) => draft[pid] ?? round?.placements[pid] ?? '';
  const running = round?.status === 'running';

  const preview = async () => {
    if (!round) return;
    try {
      const res = await api.preview(session.id, secret, round.id, Math.floor(Math.random() * 1e9));
      setDraft(res.assignment ?? {});
      setWarnings((res.warnings ?? []).map((w) => (typeof w === 'string' ? w : JSON.stringify(w))));
      setStatus(t('people.previewed'));
    } catch (e) {
      setStatus((e as Error).message);
    }
  };
  const save = async () => {
    if (!round) return;
    const assignment: Record<string, string> = {};
    session.participants.forEach((p) => {
      const g = placement(p.id);
      if (g) assignment[p.id] = g;
    });
    try {
      await api.putAssignment(session.id, secret, round.id, assignment);
      setStatus(t('people.saved'));
      onChange();
    } catch (e) {
      setStatus((e as Error).message);
    }
  };
  const choose = async (pid: string, gid: string) => {
    if (!round) return;
    if (running) {
      try {
        await api.move(session.id, secret, pid, round.id, gid);
        setStatus(t('people.moved'));
        onChange();
      } catch (e) {
        setStatus((e as Error).message);
      }
    } else setDraft((d) => ({ ...d, [pid]: gid }));
  };

  return (
    <section class="panel" aria-labelledby="people-h">
      <h2 id="people-h">{t('people.title', { n: session.participants.length })}</h2>
      {selectable.length > 0 && round && (
        <div class="tool-row">
          <label class="field">
            {t('people.round')}
            <select value={round.id} onChange={(e) => setRoundId((e.target as HTMLSelectElement).value)}>
              {selectable.map((r) => (
                <option value={r.id} key={r.id}>
                  {r.name || r.id}
                </option>
              ))}
            </select>
          </label>
          {!running && (
            <>
              <button type="button" class="btn" onClick={preview}>
                {t('people.preview')}
              </button>
              <button type="button" class="btn-primary" onClick={save}>
                {t('people.save')}
              </button>
            </>
          )}
        </div>
      )}
      {warnings.length > 0 && (
        <ul class="warnings">
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      {session.participants.length === 0 && <p class="muted">{t('people.none')}</p>}
      {ROLE_KEYS.filter((r) => groups[r]?.length).map((role) => (
        <div key={role} class="role-group">
          <h3>
            {roleLabel(role)} <span class="muted">({groups[role].length})</span>
          </h3>
          <ul class="people">
            {groups[role].map((p) => (
              <li key={p.id}>
                <span>{p.name || t('people.anonymous')}</span>
                {round && round.groups.length > 0 && (
                  <select aria-label={t('people.groupOf', { name: p.name })} value={placement(p.id)} onChange={(e) => choose(p.id, (e.target as HTMLSelectElement).value)}>
                    <option value="">{t('people.unplaced')}</option>
                    {round.groups.map((g) => (
                      <option value={g.id} key={g.id}>
                        {g.label || g.id}
                      </option>
                    ))}
                  </select>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
