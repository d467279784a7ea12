// Participants by role, and grouping for a round: preview (POST preview),
// adjust by hand with one select per person, save (PUT assignment); during a
// running round the same select moves someone (POST move). The organiser
// appoints each room's discussion leader here (POST lead), and removes
// someone from the session (POST revoke).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ROLE_KEYS } from '../contract';
import type { GroupingWarning } from '../generated/GroupingWarning';
import type { OrganiserView } from '../generated/OrganiserView';
import type { ParticipantRecord } from '../generated/ParticipantRecord';
import type { RoundView } from '../generated/RoundView';
import { roleLabel, t } from '../i18n';
import { byRole, placementsOf } from './session';

/** A grouping warning as the organiser reads it. */
export function warningText(warning: GroupingWarning, round: RoundView): string {
  const groupName = (id: string) => round.groups.find((g) => g.id === id)?.name ?? id;
  const poolName = (pool: string) => round.groups.find((g) => g.pool === pool)?.label ?? pool;
  switch (warning.kind) {
    case 'empty-pool':
      return t('people.warning.empty-pool', { pool: poolName(warning.pool) });
    case 'pool-too-small':
      return t(warning.people === 1 ? 'people.warning.pool-too-small.one' : 'people.warning.pool-too-small', {
        pool: poolName(warning.pool),
        people: warning.people,
      });
    case 'fewer-groups':
      return t(warning.unused.length === 1 ? 'people.warning.fewer-groups.one' : 'people.warning.fewer-groups', {
        pool: warning.pool === null ? '' : t('people.warning.fewer-groups.pool', { pool: poolName(warning.pool) }),
        people: warning.people,
        groups: warning.unused.map(groupName).join(', '),
      });
    case 'unpooled-role':
      return t(warning.count === 1 ? 'people.warning.unpooled-role.one' : 'people.warning.unpooled-role', {
        count: warning.count,
        role: roleLabel(warning.role),
      });
    case 'empty-group':
      return t('people.warning.empty-group', { group: groupName(warning.group) });
    case 'alone-in-group':
      return t(warning.groups.length === 1 ? 'people.warning.alone-in-group.one' : 'people.warning.alone-in-group', {
        n: warning.groups.length,
        groups: warning.groups.map(groupName).join(', '),
      });
  }
}

/** A grouping on screen in ‘Deelnemers’ that is not saved yet. */
export interface UnsavedGrouping {
  round: string;
  /** Everyone's group as saving it would store it. */
  placements: Record<string, string>;
}

export function People({
  session,
  secret,
  onChange,
  onDraft,
}: {
  session: OrganiserView;
  secret: string;
  onChange: () => void;
  /** Told which round holds an unsaved proposal or hand change, and
   * the whole grouping it would save (or null). */
  onDraft: (draft: UnsavedGrouping | null) => void;
}) {
  const selectable = session.rounds.filter((r) => r.status !== 'ended');
  const [roundId, setRoundId] = useState(selectable[0]?.id ?? '');
  const round = selectable.find((r) => r.id === roundId) ?? selectable[0];
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [warnings, setWarnings] = useState<GroupingWarning[]>([]);
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (!selectable.some((r) => r.id === roundId) && selectable[0]) setRoundId(selectable[0].id);
  }, [selectable.map((r) => r.id).join()]);
  useEffect(() => {
    setDraft({});
    setWarnings([]);
  }, [roundId]);

  // A round that started (possibly with this draft, saved from the start
  // question) has its grouping on the server: the draft is done.
  useEffect(() => {
    setDraft({});
    setWarnings([]);
  }, [round?.status]);

  const groups = byRole(session.participants);
  const stored = round ? placementsOf(round) : {};
  const placement = (pid: string) => draft[pid] ?? stored[pid] ?? '';
  const allPlacements = () => {
    const placements: Record<string, string> = {};
    for (const p of session.participants) {
      const group = placement(p.id);
      if (group) placements[p.id] = group;
    }
    return placements;
  };
  // The grouping saving would store follows who joined and what is
  // stored, not only the draft.
  useEffect(() => {
    onDraft(round && Object.keys(draft).length > 0 ? { round: round.id, placements: allPlacements() } : null);
  }, [draft, round?.id, session]);
  const running = round?.status === 'running';
  const groupName = (id: string) => round?.groups.find((g) => g.id === id)?.name ?? id;

  const fail = (e: unknown) => setStatus((e as Error).message || t('error.generic'));
  const preview = async () => {
    if (!round) return;
    try {
      const proposal = await api.preview(session.id, secret, round.id, Math.floor(Math.random() * 1e9));
      setDraft(proposal.placements);
      setWarnings(proposal.warnings);
      setStatus(t('people.previewed'));
    } catch (e) {
      fail(e);
    }
  };
  const save = async () => {
    if (!round) return;
    const placements = allPlacements();
    try {
      // What core says about the grouping as saved replaces what it said
      // about the proposal.
      setWarnings(await api.putAssignment(session.id, secret, round.id, placements));
      setDraft({});
      setStatus(t('people.saved'));
      onChange();
    } catch (e) {
      fail(e);
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
        fail(e);
      }
    } else {
      setDraft((d) => ({ ...d, [pid]: gid }));
      // The proposal's warnings no longer describe the draft; saving
      // brings the current ones.
      setWarnings([]);
    }
  };
  const appoint = async (person: ParticipantRecord, gid: string) => {
    if (!round) return;
    try {
      await api.lead(session.id, secret, person.id, round.id, gid);
      setStatus(t('people.appointed', { name: person.name, group: groupName(gid) }));
      onChange();
    } catch (e) {
      fail(e);
    }
  };

  const remove = async (person: ParticipantRecord) => {
    const name = person.name || t('people.anonymous');
    if (!window.confirm(t('people.removeConfirm', { name }))) return;
    // The code still lets anyone in on another device: offer to close
    // joining in the same step.
    const closeToo = session.joining === 'open' && window.confirm(t('people.closeJoiningToo', { name }));
    try {
      await api.revoke(session.id, secret, person.id);
      if (closeToo) await api.setJoining(session.id, secret, 'closed');
      setStatus(t('people.removed', { name }));
      onChange();
    } catch (e) {
      fail(e);
    }
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
                  {r.name}
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
      {round && !running && <p class="muted">{t('people.unplacedAtStart')}</p>}
      {round && warnings.length > 0 && (
        <ul class="warnings">
          {warnings.map((w, i) => (
            <li key={i}>{warningText(w, round)}</li>
          ))}
        </ul>
      )}
      {session.participants.length === 0 && <p class="muted">{t('people.none')}</p>}
      {ROLE_KEYS.map((role) => {
        const people = groups[role];
        if (!people?.length) return null;
        return (
          <div key={role} class="role-group">
            <h3>
              {roleLabel(role)} <span class="muted">({people.length})</span>
            </h3>
            <ul class="people">
              {people.map((p) => {
                const gid = placement(p.id);
                const leads = round?.groups.some((g) => g.leader === p.id && g.id === gid) ?? false;
                return (
                  <li key={p.id}>
                    <span>
                      {p.name || t('people.anonymous')} {leads && <span class="badge">{t('people.leads')}</span>}
                    </span>
                    {round && round.groups.length > 0 && (
                      <select aria-label={t('people.groupOf', { name: p.name })} value={gid} onChange={(e) => choose(p.id, (e.target as HTMLSelectElement).value)}>
                        <option value="">{t('people.unplaced')}</option>
                        {round.groups.map((g) => (
                          <option value={g.id} key={g.id}>
                            {g.name}
                          </option>
                        ))}
                      </select>
                    )}
                    {round && gid && !leads && (
                      <button type="button" class="btn-small" aria-label={t('people.leadOf', { name: p.name, group: groupName(gid) })} onClick={() => appoint(p, gid)}>
                        {t('people.lead')}
                      </button>
                    )}
                    <button type="button" class="btn-small" aria-label={t('people.removeOf', { name: p.name || t('people.anonymous') })} onClick={() => remove(p)}>
                      {t('people.remove')}
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
