// A participant's identity per session, kept in localStorage so a reload (or
// a reopened tab) stays the same person without an account.
import type { MeView } from './generated/MeView';
import type { JoinReply } from './generated/JoinReply';
import type { ParticipantRole } from './generated/ParticipantRole';
import { newId } from './lib/ids';

export interface Identity extends JoinReply {
  code: string;
  name: string;
  role: ParticipantRole;
}

const key = (code: string) => `samenbord.identity.${code.toUpperCase()}`;

export function loadIdentity(code: string): Identity | null {
  try {
    const raw = localStorage.getItem(key(code));
    return raw ? (JSON.parse(raw) as Identity) : null;
  } catch {
    return null;
  }
}

export function saveIdentity(id: Identity): void {
  localStorage.setItem(key(id.code), JSON.stringify(id));
}

export function forgetIdentity(code: string): void {
  localStorage.removeItem(key(code));
}

/** A random key this browser keeps, sent when joining so the server limits
 * a device that mistypes the code on its own, not the whole hall's router. */
export function deviceKey(): string {
  const k = 'samenbord.device';
  try {
    const known = localStorage.getItem(k);
    if (known) return known;
    const fresh = newId();
    localStorage.setItem(k, fresh);
    return fresh;
  } catch {
    return '';
  }
}

/** What this device last heard about its place in a session (`/api/me`),
 * so that a reload without a connection still opens the room. */
export function saveLastMe(code: string, me: MeView | null): void {
  const k = `samenbord.me.${code.toUpperCase()}`;
  try {
    if (me) localStorage.setItem(k, JSON.stringify(me));
    else localStorage.removeItem(k);
  } catch {
    // Storage full or blocked: the app still works online.
  }
}

export function loadLastMe(code: string): MeView | null {
  try {
    const raw = localStorage.getItem(`samenbord.me.${code.toUpperCase()}`);
    return raw ? (JSON.parse(raw) as MeView) : null;
  } catch {
    return null;
  }
}
