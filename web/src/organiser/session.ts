// Reads GET /api/sessions/{id} defensively into what the console shows:
// title, join code/link, rounds with status, groups and rooms, participants
// with their placement per round. Pure, so the console never crashes on a
// field that moved.
import type { ProgrammeGroup, ProgrammeRound } from '../types';

export interface ORoom {
  room_id: string;
  doc_url: string;
  closed: boolean;
}

export interface ORound extends ProgrammeRound {
  /** The plan round as the server sent it, kept so PUT plan loses nothing. */
  raw: J;
  status: 'planned' | 'running' | 'ended';
  timer_ends_at: number | string | null;
  placements: Record<string, string>;
  rooms: ORoom[];
}

export interface OParticipant {
  id: string;
  name: string;
  role: string;
}

export interface OSession {
  id: string;
  title: string;
  anonymous: boolean;
  join_code: string;
  join_url: string;
  rounds: ORound[];
  participants: OParticipant[];
}

export type J = Record<string, unknown>;
const o = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
function list(v: unknown): J[] {
  if (Array.isArray(v)) return v.map(o);
  return Object.entries(o(v)).map(([id, x]) => ({ id, ...o(x) }));
}
export function toDocUrl(v: unknown): string {
  const id = s(v);
  if (!id) return '';
  return id.startsWith('automerge:') ? id : `automerge:${id}`;
}

export function normaliseSession(raw: unknown, fallbackId: string): OSession {
  const r = o(raw);
  const settings = o(r.settings);
  const plan = o(r.plan);
  const stateById = new Map<string, J>();
  const stateList = list(r.rounds);
  stateList.forEach((x) => stateById.set(s(x.id ?? x.round_id), x));
  const planRounds = list(plan.rounds).length ? list(plan.rounds) : stateList;
  const rounds: ORound[] = planRounds.map((pr) => {
    const id = s(pr.id);
    const st = { ...o(stateById.get(id)), ...(planRounds === stateList ? pr : {}) };
    const status = s(st.status) as ORound['status'];
    return {
      id,
      name: s(pr.name ?? pr.title),
      start: s(pr.start),
      end: s(pr.end),
      mode: s(pr.mode ?? pr.grouping) || s(o(pr.mode).kind),
      raw: pr,
      groups: list(pr.groups).map(
        (g): ProgrammeGroup => ({
          id: s(g.id),
          label: s(g.name ?? g.label),
          template_id: s(g.template_id ?? g.template ?? pr.template_id ?? pr.template),
          statement: Array.isArray(g.statements) ? g.statements.map(s).join('\n\n') : s(g.statement),
          raw: g,
        }),
      ),
      status: status === 'running' || status === 'ended' ? status : 'planned',
      timer_ends_at: (st.timer_ends_at as number | string | null) ?? null,
      placements: {
        ...Object.fromEntries(Object.entries(o(st.placements ?? st.assignment)).map(([k, v]) => [k, s(v)])),
        // The server lists each group's members.
        ...Object.fromEntries(list(pr.groups).flatMap((g) => (Array.isArray(g.members) ? g.members.map((m) => [s(m), s(g.id)]) : []))),
      },
      rooms: [
        ...list(st.rooms).map((x) => ({ room_id: s(x.room_id ?? x.id), doc_url: toDocUrl(x.doc_url ?? x.document_id), closed: x.closed === true })),
        ...list(pr.groups)
          .filter((g) => g.room && typeof g.room === 'object')
          .map((g) => ({ room_id: s(g.id), doc_url: toDocUrl(o(g.room).doc_url ?? o(g.room).document_id), closed: o(g.room).closed === true })),
      ],
    };
  });
  return {
    id: s(r.id ?? r.session_id) || fallbackId,
    title: s(r.title ?? settings.title),
    anonymous: (r.anonymous ?? settings.anonymous) === true,
    join_code: s(r.join_code ?? r.code),
    join_url: s(r.join_url),
    rounds,
    participants: list(r.participants).map((p) => ({ id: s(p.id ?? p.participant_id), name: s(p.name), role: s(p.role) })),
  };
}

/** The round to show first: the running one, else the first planned, else the last. */
export function focusRound(rounds: ORound[]): ORound | null {
  return rounds.find((r) => r.status === 'running') ?? rounds.find((r) => r.status === 'planned') ?? rounds[rounds.length - 1] ?? null;
}

/** Participants per role key, in the order roles are listed. */
export function byRole(people: OParticipant[]): Record<string, OParticipant[]> {
  const out: Record<string, OParticipant[]> = {};
  for (const p of people) (out[p.role] ??= []).push(p);
  for (const k of Object.keys(out)) out[k].sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

/** The join link for a code, on this origin. */
export function joinLink(origin: string, code: string, given: string): string {
  if (given && /^https?:/.test(given)) return given;
  if (given && given.startsWith('/')) return origin + given;
  return `${origin}/j/${encodeURIComponent(code)}`;
}

/** A plan round as PUT plan takes it: {id, name, start, end, groups:[{id, name, statements}]}. */
export function roundForPlan(r: ORound): J {
  return {
    id: r.id,
    name: r.name,
    start: r.start,
    end: r.end,
    groups: r.groups.map((g) => ({
      id: g.id,
      name: g.label,
      statements: g.statement
        .split(/\n\s*\n/)
        .map((x) => x.trim())
        .filter(Boolean),
    })),
  };
}
