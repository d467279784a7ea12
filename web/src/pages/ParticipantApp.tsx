// After joining: the lobby until a round starts, then the assigned room;
// the next round's room follows automatically (the SSE state event).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { Banner } from '../components/Banner';
import { useParticipantState } from '../events';
import { t } from '../i18n';
import { forgetIdentity, loadIdentity, loadLastMe, saveIdentity, saveLastMe, type Identity } from '../identity';
import { carryDrafts } from '../lib/drafts';
import { useOnline } from '../lib/useOnline';
import { eraseSessionCopy, rememberDocument } from '../localCopy';
import { repoFor } from '../repo';
import { RoomView } from '../room/RoomView';
import type { MeView } from '../generated/MeView';
import type { Waiting } from '../generated/Waiting';
import { OtherDevice } from './OtherDevice';
import { RoleCorrection } from './RoleCorrection';
import { useAttendance } from './useAttendance';

export function ParticipantApp({ identity, onForget }: { identity: Identity; onForget: () => void }) {
  // What this device last knew, shown from the first frame until the
  // server answers. Waiting for the server first showed "waiting for the
  // round to start" for about six seconds (its retries) whenever it could
  // not be reached: the device offline, or the server down (a restart),
  // both found in user tests.
  const [lastKnown] = useState<MeView | null>(() => loadLastMe(identity.code));
  const [initial, setInitial] = useState<MeView | null>(null);
  const [gone, setGone] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const online = useOnline();

  useEffect(() => {
    let live = true;
    api.me(identity.token).then(
      (me) => live && setInitial(me),
      (e: ApiError) => {
        // Unreachable: what this device last knew stays on screen.
        if (live && (e.status === 401 || e.status === 403 || e.status === 404)) {
          setRevoked(e.code === 'revoked');
          setGone(true);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [identity.token]);

  const { state, connected } = useParticipantState(identity.token, initial, lastKnown);
  // The live stream dropped: ask again whether this device still takes
  // part (the organiser may have removed it; then the answer says so).
  useEffect(() => {
    if (connected || !(initial ?? lastKnown)) return;
    let live = true;
    api.me(identity.token).then(
      () => undefined,
      (e: ApiError) => {
        if (live && (e.status === 401 || e.status === 403)) {
          setRevoked(e.code === 'revoked');
          setGone(true);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [connected, initial, lastKnown, identity.token]);
  const me = state.me;
  // Moved by the organiser while the round runs (same round, another
  // room): say so, and carry what was being typed along. Done while
  // rendering, before the new room reads its drafts.
  const [moved, setMoved] = useState<{ group: string; carried: boolean } | null>(null);
  const lastRoom = useRef(lastKnown?.room ?? null);
  const room = me?.room ?? null;
  if (room && room.doc_url !== lastRoom.current?.doc_url) {
    const before = lastRoom.current;
    lastRoom.current = room;
    if (before && before.round_id === room.round_id) {
      setMoved({ group: room.group_name, carried: carryDrafts(before.doc_url, room.doc_url) });
    } else if (moved) {
      setMoved(null);
    }
  }
  const { remote, setRemote, error: attendanceError } = useAttendance(identity.token, me ?? null);
  // The latest state, for a reload without a connection.
  useEffect(() => {
    if (me) saveLastMe(identity.code, me);
  }, [identity.code, me]);
  useEffect(() => rememberDocument(identity.session_id, identity.private_doc_url), [identity]);
  useEffect(() => rememberDocument(identity.session_id, me?.room?.doc_url), [identity, me?.room?.doc_url]);
  // A session that is gone (deleted, or the token no longer known) leaves
  // nothing behind on this device: its documents, then the identity.
  const ended = Boolean(state.deleted) || gone;
  useEffect(() => {
    if (!ended) return;
    void eraseSessionCopy(identity.session_id, identity.token).then(() => {
      // Unless the person has joined again meanwhile.
      if (loadIdentity(identity.code)?.token === identity.token) {
        forgetIdentity(identity.code);
        saveLastMe(identity.code, null);
      }
    });
  }, [ended, identity]);
  const isOnline = online && (connected || !me);
  // The server's record is the truth (the role may have been corrected).
  const role = me?.participant.role ?? identity.role;

  if (state.deleted) {
    return (
      <main class="page">
        <div class="notice notice-deleted" role="alert">
          <h1>{t('participant.deletedTitle')}</h1>
          <p>{t('participant.deleted')}</p>
        </div>
        <button
          type="button"
          class="btn-primary"
          onClick={() => location.assign('/')}
        >
          {t('participant.toStart')}
        </button>
      </main>
    );
  }

  if (gone) {
    return (
      <main class="page">
        <h1>{revoked ? t('participant.revokedTitle') : t('participant.goneTitle')}</h1>
        <p>{revoked ? t('participant.revoked') : t('participant.gone')}</p>
        <button
          type="button"
          class="btn-primary"
          onClick={() => {
            forgetIdentity(identity.code);
            onForget();
          }}
        >
          {t('participant.rejoin')}
        </button>
      </main>
    );
  }

  const banner = me?.broadcast ? <Banner message={me.broadcast.message} at={me.broadcast.at} /> : null;

  if (!me?.room) {
    return (
      <main class="page lobby">
        {banner}
        {!isOnline && (
          <p class="conn conn-off" role="status">
            {t('conn.offline')}
          </p>
        )}
        <h1>{t('lobby.title', { name: identity.name })}</h1>
        <p class="lead">{me ? t('lobby.session', { title: me.session.title }) : t('lobby.loading')}</p>
        {me?.session.anonymous && <p class="anonymous-note">{t('session.anonymous')}</p>}
        <RoleCorrection
          token={identity.token}
          role={role}
          open={Boolean(me?.role_open)}
          onChanged={(r) => saveIdentity({ ...identity, role: r })}
        />
        <div class="lobby-wait" role="status">
          {t(waitingText(me?.waiting))}
        </div>
        {me?.waiting !== 'no-rounds-left' && (
          <label class="switch">
            <input type="checkbox" checked={remote} onChange={(e) => setRemote((e.target as HTMLInputElement).checked)} />
            {t('room.remote')}
          </label>
        )}
        {attendanceError && (
          <p class="error" role="alert">
            {attendanceError}
          </p>
        )}
        <OtherDevice code={identity.code} token={identity.token} />
      </main>
    );
  }

  const repo = repoFor(identity.token);
  return (
    <>
      {banner}
      {moved && (
        <div class="notice notice-moved" role="alert">
          <p>
            {t('room.moved', { group: moved.group })}
            {moved.carried && ` ${t('room.movedDraft')}`}
          </p>
          <button type="button" class="btn-small" onClick={() => setMoved(null)}>
            {t('room.movedOk')}
          </button>
        </div>
      )}
      <RoomView
        key={me.room.doc_url}
        repo={repo}
        docUrl={me.room.doc_url}
        token={identity.token}
        templateId={me.room.template_id}
        me={{ id: identity.participant_id, name: identity.name, role }}
        anonymous={me.session.anonymous}
        closed={me.room.closed}
        roundRunning={me.round?.status === 'running'}
        roundName={me.round?.name ?? ''}
        timerEndsAt={me.round?.timer_ends_at ?? null}
        leader={me.room.leader}
        leaderName={me.room.leader_name}
        privateDocUrl={identity.private_doc_url}
        online={isOnline}
        remote={remote}
        onRemote={setRemote}
        callLink={me.room.call_link}
        footer={<OtherDevice code={identity.code} token={identity.token} />}
      />
      {attendanceError && (
        <p class="error" role="alert">
          {attendanceError}
        </p>
      )}
    </>
  );
}

/** The lobby's line for what the server says this device waits for. */
function waitingText(waiting: Waiting | undefined): string {
  switch (waiting) {
    case 'placement':
      return 'lobby.waitPlacement';
    case 'no-rounds-left':
      return 'lobby.noRoundsLeft';
    default:
      return 'lobby.wait';
  }
}
