// HTTP API client (docs/api.md): one function per endpoint, JSON in and out,
// errors thrown as ApiError carrying the server's stable `code`.
import type { ExportKey, ReviewEdit, Summary } from './summary/types';
import type { CreatedSession, JoinReply, Me, OverviewRoom, Programme, ProgrammeRound, TemplateSummary } from './types';

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string) {
    super(message);
  }
}

async function call<T>(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const d = (data ?? {}) as { code?: string; message?: string };
    throw new ApiError(res.status, d.code ?? `http-${res.status}`, d.message ?? (text || res.statusText));
  }
  return data as T;
}

const enc = encodeURIComponent;

export const api = {
  templates: () => call<TemplateSummary[]>('GET', '/api/content/templates'),
  template: (id: string) => call<unknown>('GET', `/api/content/templates/${enc(id)}`),
  programmes: () => call<Programme[]>('GET', '/api/content/programmes'),
  createSession: (body: { title: string; programme_id?: string; template_id?: string; anonymous: boolean; retention_days?: number }) =>
    call<CreatedSession>('POST', '/api/sessions', { body }),
  session: (id: string, secret: string) => call<Record<string, unknown>>('GET', `/api/sessions/${enc(id)}`, { token: secret }),
  putPlan: (id: string, secret: string, plan: { rounds: ProgrammeRound[] }) =>
    call<unknown>('PUT', `/api/sessions/${enc(id)}/plan`, { token: secret, body: plan }),
  join: (code: string, name: string, role: string) => call<JoinReply>('POST', '/api/join', { body: { code, name, role } }),
  me: (token: string) => call<Me>('GET', '/api/me', { token }),
  preview: (id: string, secret: string, round: string, seed?: number) =>
    call<{ assignment: Record<string, string>; warnings: unknown[] }>('POST', `/api/sessions/${enc(id)}/rounds/${enc(round)}/preview`, {
      token: secret,
      body: seed === undefined ? {} : { seed },
    }),
  putAssignment: (id: string, secret: string, round: string, assignment: Record<string, string>) =>
    call<unknown>('PUT', `/api/sessions/${enc(id)}/rounds/${enc(round)}/assignment`, { token: secret, body: { assignment } }),
  startRound: (id: string, secret: string, round: string) => call<unknown>('POST', `/api/sessions/${enc(id)}/rounds/${enc(round)}/start`, { token: secret, body: {} }),
  endRound: (id: string, secret: string, round: string) => call<unknown>('POST', `/api/sessions/${enc(id)}/rounds/${enc(round)}/end`, { token: secret, body: {} }),
  timer: (id: string, secret: string, round: string, minutes: number) =>
    call<unknown>('POST', `/api/sessions/${enc(id)}/rounds/${enc(round)}/timer`, { token: secret, body: { minutes } }),
  closeRoom: (id: string, secret: string, room: string) => call<unknown>('POST', `/api/sessions/${enc(id)}/rooms/${enc(room)}/close`, { token: secret, body: {} }),
  reopenRoom: (id: string, secret: string, room: string) => call<unknown>('POST', `/api/sessions/${enc(id)}/rooms/${enc(room)}/reopen`, { token: secret, body: {} }),
  move: (id: string, secret: string, pid: string, round_id: string, group_id: string) =>
    call<unknown>('POST', `/api/sessions/${enc(id)}/participants/${enc(pid)}/move`, { token: secret, body: { round_id, group_id } }),
  broadcast: (id: string, secret: string, message: string) => call<unknown>('POST', `/api/sessions/${enc(id)}/broadcast`, { token: secret, body: { message } }),
  overview: (id: string, secret: string) => call<OverviewRoom[] | { rooms: OverviewRoom[] }>('GET', `/api/sessions/${enc(id)}/overview`, { token: secret }),
  deleteSession: (id: string, secret: string) => call<unknown>('DELETE', `/api/sessions/${enc(id)}`, { token: secret }),
  summary: (id: string, secret: string, round: string | null) =>
    call<Summary>('GET', `/api/sessions/${enc(id)}/summary?format=json${round ? `&round=${enc(round)}` : ''}`, { token: secret }),
  summaryEdit: (id: string, secret: string, edit: ReviewEdit) => call<Summary>('POST', `/api/sessions/${enc(id)}/summary/edits`, { token: secret, body: edit }),
  summaryOverall: (id: string, secret: string, round: string | null, text: string | null) =>
    call<Summary>('PUT', `/api/sessions/${enc(id)}/summary/overall`, { token: secret, body: round ? { text, round } : { text } }),
  /** An export as a blob (links cannot carry the bearer header). */
  summaryExport: async (id: string, secret: string, round: string | null, format: ExportKey): Promise<{ blob: Blob; disposition: string | null }> => {
    const path = `/api/sessions/${enc(id)}/summary?format=${format}${round ? `&round=${enc(round)}` : ''}`;
    let res: Response;
    try {
      res = await fetch(path, { headers: { Authorization: `Bearer ${secret}` } });
    } catch {
      throw new ApiError(0, 'network', 'network');
    }
    if (!res.ok) {
      const text = await res.text();
      let d: { code?: string; message?: string } = {};
      try {
        d = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      throw new ApiError(res.status, d.code ?? `http-${res.status}`, d.message ?? (text || res.statusText));
    }
    return { blob: await res.blob(), disposition: res.headers.get('Content-Disposition') };
  },
};
