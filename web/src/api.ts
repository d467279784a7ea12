// HTTP API client (docs/openapi.json): one function per endpoint, JSON in
// and out through the types generated from the server's contract; errors
// thrown as ApiError carrying the server's stable `code` (ErrorBody).
import type { AttachmentUploaded } from './generated/AttachmentUploaded';
import type { Assignment } from './generated/Assignment';
import type { Attendance } from './generated/Attendance';
import type { AttendanceRequest } from './generated/AttendanceRequest';
import type { CallLinkRequest } from './generated/CallLinkRequest';
import type { CodeCheck } from './generated/CodeCheck';
import type { GroupingWarning } from './generated/GroupingWarning';
import type { JoinRequest } from './generated/JoinRequest';
import type { CallPatternRequest } from './generated/CallPatternRequest';
import type { CoHostInvite } from './generated/CoHostInvite';
import type { CoHostRequest } from './generated/CoHostRequest';
import type { CoHostView } from './generated/CoHostView';
import type { CreateSessionRequest } from './generated/CreateSessionRequest';
import type { CreatedSession } from './generated/CreatedSession';
import type { Joining } from './generated/Joining';
import type { ErrorBody } from './generated/ErrorBody';
import type { JoinReply } from './generated/JoinReply';
import type { MeView } from './generated/MeView';
import type { OrganiserView } from './generated/OrganiserView';
import type { ParticipantRole } from './generated/ParticipantRole';
import type { PlanEdit } from './generated/PlanEdit';
import type { RoleChangeRequest } from './generated/RoleChangeRequest';
import type { RoleRequest } from './generated/RoleRequest';
import type { StartRequest } from './generated/StartRequest';
import type { ProgrammeListItem } from './generated/ProgrammeListItem';
import type { RoomOverview } from './generated/RoomOverview';
import type { TemplateListItem } from './generated/TemplateListItem';
import type { TemplateView } from './generated/TemplateView';
import type { ExportKey, ReviewEdit, Summary } from './summary/types';
import { deviceKey } from './identity';
import { t } from './i18n';

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string) {
    super(message);
  }
}

/**
 * Whether sending a call twice does the same as sending it once. Every call
 * is sent again while its session is moving between servers: the server
 * answers `session-moving` only when it changed nothing. A call whose
 * answer was lost on the way (the connection broke, or a server died under
 * it) is sent again only if it is `repeatable`; for the others nobody knows
 * whether it happened, and the user is told so rather than, say, joining
 * twice or getting a message out twice.
 */
export type Repeat = 'repeatable' | 'once';

/**
 * Pauses before each new attempt: about six seconds in all, enough for a
 * handover between servers and for most failovers (a lease of five seconds
 * plus the load balancer noticing), then the error is shown.
 */
export const RETRY_DELAYS_MS = [250, 500, 1000, 1500, 1500, 1500];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A 503 from a server that is handing the session over (ErrorBody `session-moving`). */
async function sessionMoving(res: Response): Promise<boolean> {
  if (res.status !== 503) return false;
  try {
    const data: unknown = JSON.parse(await res.clone().text());
    return isErrorBody(data) && data.code === 'session-moving';
  } catch {
    return false;
  }
}

/** A proxy's answer that the server behind it failed or was not reachable. */
const gatewayFailure = (status: number) => status === 502 || status === 503 || status === 504;

/** The request was lost with its answer: it may or may not have happened. */
function unknownOutcome(status: number): ApiError {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  // Offline, the request never left the device.
  if (offline) return new ApiError(0, 'network', 'network');
  return new ApiError(status, 'unknown-outcome', t('error.unknownOutcome'));
}

/**
 * `fetch`, sent again with a short backoff while the session moves between
 * servers, and (for `repeatable` calls) while the connection or a server is
 * failing. The last answer is returned; a lost answer is thrown.
 */
async function send(path: string, init: RequestInit, repeat: Repeat): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let res: Response | null;
    try {
      res = await fetch(path, init);
    } catch {
      res = null;
    }
    const transient = res === null || gatewayFailure(res.status);
    const again = (res !== null && (await sessionMoving(res))) || (transient && repeat === 'repeatable');
    if (again && attempt < RETRY_DELAYS_MS.length) {
      await sleep(RETRY_DELAYS_MS[attempt]);
      continue;
    }
    if (res === null) throw repeat === 'repeatable' ? new ApiError(0, 'network', 'network') : unknownOutcome(0);
    if (repeat === 'once' && res.status !== 503 && gatewayFailure(res.status)) throw unknownOutcome(res.status);
    return res;
  }
}

async function call<T>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; repeat?: Repeat } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  // GET and PUT (which sets a state) are repeatable; any other call says so.
  const repeat = opts.repeat ?? (method === 'GET' || method === 'PUT' ? 'repeatable' : 'once');
  const res = await send(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }, repeat);
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw errorFrom(res, data, text);
  return data as T;
}

function isErrorBody(data: unknown): data is ErrorBody {
  return typeof data === 'object' && data !== null && typeof (data as ErrorBody).code === 'string' && typeof (data as ErrorBody).message === 'string';
}

/** The server's ErrorBody, or (a proxy's page, a dropped connection) the HTTP status. */
function errorFrom(res: Response, data: unknown, text: string): ApiError {
  if (isErrorBody(data)) return new ApiError(res.status, data.code, data.message);
  return new ApiError(res.status, `http-${res.status}`, text || res.statusText);
}

const enc = encodeURIComponent;

/**
 * `session=…` for the URLs of a token (or ''): a token starts with its
 * session's id, and with several servers the load balancer routes every
 * request of a session by this parameter to the one server that serves it.
 */
export function routeParam(token: string): string {
  const dot = token.indexOf('.');
  return dot > 0 ? `session=${enc(token.slice(0, dot))}` : '';
}

export const api = {
  templates: () => call<TemplateListItem[]>('GET', '/api/content/templates'),
  template: (id: string) => call<TemplateView>('GET', `/api/content/templates/${enc(id)}`),
  programmes: () => call<ProgrammeListItem[]>('GET', '/api/content/programmes'),
  createSession: (body: CreateSessionRequest) => call<CreatedSession>('POST', '/api/sessions', { body }),
  session: (id: string, secret: string) => call<OrganiserView>('GET', `/api/sessions/${enc(id)}`, { token: secret }),
  putPlan: (id: string, secret: string, plan: PlanEdit) => call<null>('PUT', `/api/sessions/${enc(id)}/plan`, { token: secret, body: plan }),
  checkCode: (code: string) => call<CodeCheck>('GET', `/api/join/${enc(code)}`, { headers: { 'X-Samenbord-Device': deviceKey() } }),
  join: (code: string, name: string, role: ParticipantRole, attendance: Attendance = 'in-room') =>
    call<JoinReply>('POST', '/api/join', { body: { code, name, role, attendance } satisfies JoinRequest, headers: { 'X-Samenbord-Device': deviceKey() } }),
  me: (token: string) => call<MeView>('GET', routeParam(token) ? `/api/me?${routeParam(token)}` : '/api/me', { token }),
  cohosts: (id: string, secret: string) => call<CoHostView[]>('GET', `/api/sessions/${enc(id)}/cohosts`, { token: secret }),
  inviteCohost: (id: string, secret: string, name: string) =>
    call<CoHostInvite>('POST', `/api/sessions/${enc(id)}/cohosts`, { token: secret, body: { name } satisfies CoHostRequest }),
  revokeCohost: (id: string, secret: string, cohost: string) => call<null>('DELETE', `/api/sessions/${enc(id)}/cohosts/${enc(cohost)}`, { token: secret }),
  changeRole: (token: string, role: ParticipantRole) => call<MeView>('PUT', '/api/me/role', { token, body: { role } satisfies RoleChangeRequest }),
  setAttendance: (token: string, attendance: Attendance) => call<MeView>('PUT', '/api/me/attendance', { token, body: { attendance } satisfies AttendanceRequest }),
  setCallPattern: (id: string, secret: string, round: string, pattern: string | null) =>
    call<null>('PUT', `/api/sessions/${enc(id)}/rounds/${enc(round)}/call-links`, { token: secret, body: { pattern } satisfies CallPatternRequest }),
  setCallLink: (id: string, secret: string, round: string, room: string, link: string | null) =>
    call<null>('PUT', `/api/sessions/${enc(id)}/rounds/${enc(round)}/rooms/${enc(room)}/call-link`, { token: secret, body: { link } satisfies CallLinkRequest }),
  preview: (id: string, secret: string, round: string, seed?: number) =>
    call<Assignment>('POST', `/api/sessions/${enc(id)}/rounds/${enc(round)}/preview`, {
      token: secret,
      body: seed === undefined ? {} : { seed },
      // Only computes a grouping; nothing is stored.
      repeat: 'repeatable',
    }),
  putAssignment: (id: string, secret: string, round: string, placements: Record<string, string>) =>
    call<GroupingWarning[]>('PUT', `/api/sessions/${enc(id)}/rounds/${enc(round)}/assignment`, { token: secret, body: { placements } }),
  startRound: (id: string, secret: string, round: string, seed?: number) =>
    call<null>('POST', `/api/sessions/${enc(id)}/rounds/${enc(round)}/start`, {
      token: secret,
      body: (seed === undefined ? {} : { seed }) satisfies StartRequest,
    }),
  endRound: (id: string, secret: string, round: string) => call<null>('POST', `/api/sessions/${enc(id)}/rounds/${enc(round)}/end`, { token: secret, body: {} }),
  timer: (id: string, secret: string, round: string, minutes: number) =>
    call<null>('POST', `/api/sessions/${enc(id)}/rounds/${enc(round)}/timer`, { token: secret, body: { minutes } }),
  closeRoom: (id: string, secret: string, room: string) => call<null>('POST', `/api/sessions/${enc(id)}/rooms/${enc(room)}/close`, { token: secret, body: {} }),
  reopenRoom: (id: string, secret: string, room: string) => call<null>('POST', `/api/sessions/${enc(id)}/rooms/${enc(room)}/reopen`, { token: secret, body: {} }),
  move: (id: string, secret: string, pid: string, round_id: string, group_id: string) =>
    call<null>('POST', `/api/sessions/${enc(id)}/participants/${enc(pid)}/move`, { token: secret, body: { round_id, group_id } }),
  lead: (id: string, secret: string, pid: string, round_id: string, group_id: string) =>
    call<null>('POST', `/api/sessions/${enc(id)}/participants/${enc(pid)}/lead`, { token: secret, body: { round_id, group_id } }),
  revoke: (id: string, secret: string, pid: string) => call<null>('POST', `/api/sessions/${enc(id)}/participants/${enc(pid)}/revoke`, { token: secret, body: {} }),
  setJoining: (id: string, secret: string, joining: Joining) => call<null>('POST', `/api/sessions/${enc(id)}/joining`, { token: secret, body: { joining } }),
  broadcast: (id: string, secret: string, message: string) => call<null>('POST', `/api/sessions/${enc(id)}/broadcast`, { token: secret, body: { message } }),
  overview: (id: string, secret: string) => call<RoomOverview[]>('GET', `/api/sessions/${enc(id)}/overview`, { token: secret }),
  deleteSession: (id: string, secret: string) => call<null>('DELETE', `/api/sessions/${enc(id)}`, { token: secret }),
  summary: (id: string, secret: string, round: string | null) =>
    call<Summary>('GET', `/api/sessions/${enc(id)}/summary?format=json${round ? `&round=${enc(round)}` : ''}`, { token: secret }),
  summaryEdit: (id: string, secret: string, edit: ReviewEdit) => call<Summary>('POST', `/api/sessions/${enc(id)}/summary/edits`, { token: secret, body: edit }),
  summaryOverall: (id: string, secret: string, round: string | null, text: string | null) =>
    call<Summary>('PUT', `/api/sessions/${enc(id)}/summary/overall`, { token: secret, body: round ? { text, round } : { text } }),
  /** An export as a blob (links cannot carry the bearer header). */
  summaryExport: async (id: string, secret: string, round: string | null, format: ExportKey): Promise<{ blob: Blob; disposition: string | null }> => {
    const path = `/api/sessions/${enc(id)}/summary?format=${format}${round ? `&round=${enc(round)}` : ''}`;
    const res = await send(path, { headers: { Authorization: `Bearer ${secret}` } }, 'repeatable');
    if (!res.ok) {
      const text = await res.text();
      let data: unknown = null;
      try {
        data = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      throw errorFrom(res, data, text);
    }
    return { blob: await res.blob(), disposition: res.headers.get('Content-Disposition') };
  },
  /** Gives a conversation role in a room of the running round (organiser). */
  assignRoleInRoom: (id: string, secret: string, room: string, body: RoleRequest) => call<null>('POST', `/api/sessions/${enc(id)}/rooms/${enc(room)}/roles`, { token: secret, body }),
  /** Gives a conversation role in my room (only its leader may). */
  assignRole: (token: string, body: RoleRequest) => call<null>('POST', '/api/room/roles', { token, body }),
  /** Attaches a file to my room; the server bounds size and count. */
  uploadAttachment: async (token: string, file: File): Promise<AttachmentUploaded> => {
    const res = await send(
      `/api/attachments?name=${enc(file.name)}`,
      { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': file.type || 'application/octet-stream' }, body: file },
      'once',
    );
    const text = await res.text();
    let data: unknown = null;
    try {
      data = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    if (!res.ok) throw errorFrom(res, data, text);
    return data as AttachmentUploaded;
  },
  /** An attached file as a blob (links cannot carry the bearer header). */
  attachment: async (token: string, url: string): Promise<Blob> => {
    const res = await send(url, { headers: { Authorization: `Bearer ${token}` } }, 'repeatable');
    if (!res.ok) throw errorFrom(res, null, await res.text());
    return res.blob();
  },
};
