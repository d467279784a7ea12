// /o/<session_id>#secret=…: the organiser console. The secret stays in the
// URL fragment (never sent to the server in a URL) and in sessionStorage;
// every call sends it as a Bearer token.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { useOrganiserEvents } from '../events';
import type { OrganiserView } from '../generated/OrganiserView';
import { t } from '../i18n';
import { useOnline } from '../lib/useOnline';
import { navigate } from '../router';
import { repoFor } from '../repo';
import { RoomView } from '../room/RoomView';
import { CallLinks } from './CallLinks';
import { CoHosts } from './CoHosts';
import { JoinQr } from './JoinQr';
import { JoiningSwitch } from './JoiningSwitch';
import { Overview, useOverview } from './Overview';
import { People, type UnsavedGrouping } from './People';
import { PlanEditor } from './PlanEditor';
import { RemoteInRoom } from './RemoteInRoom';
import { roleAssigner } from './roleAssigner';
import { RoundControls } from './RoundControls';
import { forgetSecret, organiserPath, recoveryText, secretFromHash } from './secret';
import { joinLink } from './session';

export function OrganiserConsole({ sessionId }: { sessionId: string }) {
  const [secret] = useState(() => secretFromHash(sessionId));
  const [session, setSession] = useState<OrganiserView | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const [openRoom, setOpenRoom] = useState<string | null>(null);
  // The round whose grouping proposal in ‘Deelnemers’ is not saved yet.
  const [unsavedProposal, setUnsavedProposal] = useState<UnsavedGrouping | null>(null);
  const online = useOnline();
  const refresh = () => setTick((n) => n + 1);

  useEffect(() => {
    if (!secret) return;
    let live = true;
    api.session(sessionId, secret).then(
      (view) => {
        if (!live) return;
        setSession(view);
        setError('');
      },
      (e: ApiError) => live && setError(consoleError(e)),
    );
    return () => {
      live = false;
    };
  }, [sessionId, secret, tick]);

  const [deleted, setDeleted] = useState(false);
  // The server sends the whole view after every change of the session.
  const streaming = useOrganiserEvents(secret, (ev) => {
    if (ev.type === 'session-deleted') setDeleted(true);
    else setSession(ev.session);
  });
  // Online as far as the browser knows is not enough: a stream that went
  // silent (see useEventStream) means the server is out of reach.
  const reachable = online && (streaming || !session);
  // A stream that drops may be a co-host's link revoked (the server closes
  // it at once): ask, rather than tell her she is offline.
  const wasStreaming = useRef(false);
  useEffect(() => {
    if (wasStreaming.current && !streaming && secret) {
      api.session(sessionId, secret).then(
        () => undefined,
        (e: ApiError) => {
          if (e.code === 'revoked') {
            setSession(null);
            setError(consoleError(e));
          }
        },
      );
    }
    wasStreaming.current = streaming;
  }, [streaming]);
  const overviewState = useOverview(sessionId, secret ?? '', tick);

  if (!secret) {
    return (
      <main class="page">
        <h1>{t('organiser.title')}</h1>
        <p class="error" role="alert">
          {t('organiser.noSecret')}
        </p>
      </main>
    );
  }
  if (deleted) {
    return (
      <main class="page">
        <h1>{t('organiser.title')}</h1>
        <p class="notice notice-deleted" role="alert">
          {t('organiser.notFound')}
        </p>
        <a href="/">{t('app.home')}</a>
      </main>
    );
  }
  if (!session) {
    return (
      <main class="page">
        <h1>{t('organiser.title')}</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p>{t('room.loading')}</p>
        )}
      </main>
    );
  }

  const link = joinLink(location.origin, session.join_code, session.join_url);
  const opened = session.rounds.flatMap((round) => round.groups.map((group) => ({ round, group }))).find((x) => x.group.id === openRoom && x.group.room);
  const docUrl = opened?.group.room?.doc_url ?? '';
  const live = session.rounds.some((r) => r.status === 'running');
  const joinQr = <JoinQr link={link} session={session} secret={secret} />;
  const joiningSwitch = <JoiningSwitch session={session} secret={secret} onChange={refresh} />;
  const keepLink = <KeepLink title={session.title} link={`${location.origin}${organiserPath(session.id, secret)}`} />;
  const roundControls = <RoundControls session={session} secret={secret} onChange={refresh} unsavedProposal={unsavedProposal} />;
  const overview = <Overview session={session} secret={secret} overview={overviewState} onOpen={setOpenRoom} onChange={refresh} />;

  return (
    <main class="page console">
      <header class="console-head">
        <h1>{session.title || t('organiser.title')}</h1>
        {!reachable && (
          <span class="conn conn-off" role="status">
            {t('conn.offline')}
          </span>
        )}
      </header>
      {(session.incomplete_rooms ?? []).map((room) => (
        <p key={`${room.round_id}/${room.room_id}`} class="notice notice-incomplete" role="status">
          {t('organiser.incompleteRoom', { name: room.name })}
        </p>
      ))}
      {openRoom && docUrl ? (
        <div class="room-viewer">
          <button type="button" class="btn" onClick={() => setOpenRoom(null)}>
            {t('organiser.backToOverview')}
          </button>
          <RemoteInRoom session={session} roomId={openRoom} />
          <RoomView
            key={docUrl}
            repo={repoFor(secret)}
            docUrl={docUrl}
            me={{ id: 'organiser', name: '', role: 'other' }}
            anonymous={session.anonymous}
            closed={opened?.group.room?.closed ?? false}
            viewOnly
            roundName={opened?.round.name ?? ''}
            timerEndsAt={opened?.round.timer_ends_at ?? null}
            online={reachable}
            leaderName={session.participants.find((p) => p.id === opened?.group.leader)?.name ?? null}
            roleAssigner={opened && opened.round.status === 'running' && !opened.group.room?.closed ? roleAssigner(session, secret, opened.group) : undefined}
          />
        </div>
      ) : (
        <div class={`console-grid${live ? ' is-live' : ''}`}>
          {/* During a round, what is used every minute comes first: rounds,
              timer and broadcast beside the rooms, on one laptop screen. */}
          {live ? (
            <>
              {roundControls}
              {overview}
              {joinQr}
              {joiningSwitch}
              {keepLink}
            </>
          ) : (
            <>
              {joinQr}
              {joiningSwitch}
              {keepLink}
              {roundControls}
              {overview}
            </>
          )}
          <People session={session} secret={secret} onChange={refresh} onDraft={setUnsavedProposal} />
          <CallLinks session={session} secret={secret} onChange={refresh} />
          <section class="panel" aria-labelledby="summary-h">
            <h2 id="summary-h">{t('summary.title')}</h2>
            <p class="muted">{t('summary.consoleHelp')}</p>
            <a
              class="btn-primary btn-as-link"
              href={organiserPath(session.id, secret, 'samenvatting')}
              onClick={(e) => {
                e.preventDefault();
                navigate(organiserPath(session.id, secret, 'samenvatting'));
              }}
            >
              {t('summary.open')}
            </a>
          </section>
          {session.standing === 'main' && <CoHosts sessionId={session.id} secret={secret} />}
          <PlanEditor key={session.rounds.map((r) => r.status).join()} session={session} secret={secret} onSaved={refresh} />
          {session.standing === 'main' && <DeleteSession session={session} secret={secret} />}
        </div>
      )}
    </main>
  );
}

/** Why the console cannot open, in the organiser's words. */
function consoleError(e: ApiError): string {
  if (e.code === 'revoked') return t('organiser.revoked');
  if (e.status === 401 || e.status === 403) return t('organiser.badSecret');
  return e.status === 404 ? t('organiser.notFound') : e.message;
}

/** Tells the organiser plainly to keep their link, with copy and download. */
function KeepLink({ title, link }: { title: string; link: string }) {
  const [copied, setCopied] = useState(false);
  const download = () => {
    const blob = new Blob([recoveryText(title, link, t('keep.fileIntro'))], { type: 'text/plain;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = t('keep.fileName');
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <section class="panel keep-link" aria-labelledby="keep-h">
      <h2 id="keep-h">{t('keep.title')}</h2>
      <p>{t('keep.help')}</p>
      <label class="field">
        {t('keep.label')}
        <input readOnly value={link} onFocus={(e) => (e.target as HTMLInputElement).select()} />
      </label>
      <div class="tool-row">
        <button
          type="button"
          class="btn"
          onClick={() => navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false))}
        >
          {t('keep.copy')}
        </button>
        <button type="button" class="btn" onClick={download}>
          {t('keep.download')}
        </button>
      </div>
      {copied && <p role="status">{t('keep.copied')}</p>}
    </section>
  );
}

function DeleteSession({ session, secret }: { session: OrganiserView; secret: string }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState('');
  const word = t('delete.word');
  return (
    <section class="panel danger-zone" aria-labelledby="delete-h">
      <h2 id="delete-h">{t('delete.title')}</h2>
      <p class="muted">{t('delete.help')}</p>
      {!confirming ? (
        <button type="button" class="btn-danger" onClick={() => setConfirming(true)}>
          {t('delete.button')}
        </button>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await api.deleteSession(session.id, secret);
              forgetSecret(session.id);
              navigate('/');
            } catch (err) {
              setError((err as Error).message);
            }
          }}
        >
          <label class="field">
            {t('delete.confirm', { word })}
            <input value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
          </label>
          <div class="tool-row">
            <button type="submit" class="btn-danger" disabled={typed.trim().toLowerCase() !== word.toLowerCase()}>
              {t('delete.final')}
            </button>
            <button type="button" class="btn" onClick={() => setConfirming(false)}>
              {t('delete.cancel')}
            </button>
          </div>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
