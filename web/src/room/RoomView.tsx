// A room: the group's card rendered from its template with shared sticky
// notes. Opens the room document (and my private document for silent notes),
// wires presence, leader tools, undo, and read-only when closed.
import type { DocHandle, Repo } from '@automerge/automerge-repo';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isColour } from '../contract';
import { t } from '../i18n';
import { newId } from '../lib/ids';
import { useDoc } from '../lib/useDoc';
import { ownNotes, rememberOwnNote } from '../lib/ownNotes';
import { useUnsaved } from '../lib/useUnsaved';
import { findDoc, reconnectSync } from '../repo';
import { plainRoom } from '../lib/docText';
import type { PrivateDoc } from '../generated/PrivateDoc';
import type { PrivateNote } from '../generated/PrivateNote';
import type { RoomDoc } from '../generated/RoomDoc';
import { Agreements } from './Agreements';
import { Attachments } from './Attachments';
import { CardHead } from './CardHead';
import { type RoleAssigner, Roles } from './Roles';
import type { RoomCtx } from './context';
import * as edit from './docEdits';
import { DrawnCard } from './DrawnCard';
import { LeaderTools } from './LeaderTools';
import type { NoteActions } from './NoteCard';
import { makeNote, orderAtEnd, orderForDrop, type Author } from './notes';
import { backMove, currentPhase } from './phases';
import { RoomHeader } from './RoomHeader';
import { Section } from './Section';
import { TargetNotes } from './TargetNotes';
import { cardPrivacy, emptyTemplate, targetOf, withFallbackSection } from './template';
import { Themes } from './Themes';
import { UndoToast } from './UndoToast';
import { usePresence } from './usePresence';
import { useTemplate } from './useTemplate';

export interface RoomViewProps {
  repo: Repo;
  docUrl: string;
  templateId?: string;
  me: Author;
  anonymous: boolean;
  closed: boolean;
  /** The round still runs: a closed room was closed on its own. */
  roundRunning?: boolean;
  /** Organiser viewing: never writes. */
  viewOnly?: boolean;
  roundName: string;
  timerEndsAt: number | null;
  /** I lead this room (appointed by the organiser). */
  leader?: boolean;
  leaderName?: string | null;
  privateDocUrl?: string;
  /** My participant token (for attached files). */
  token?: string;
  online: boolean;
  remote?: boolean;
  onRemote?: (v: boolean) => void;
  /** The room's video call link for remote participants (from the server). */
  callLink?: string | null;
  /** The organiser's console: assigns the card's roles in this room. */
  roleAssigner?: RoleAssigner;
  /** Shown under the card (a participant's link to their other devices). */
  footer?: preact.ComponentChildren;
}

export function RoomView(props: RoomViewProps) {
  const [handle, setHandle] = useState<DocHandle<RoomDoc> | null>(null);
  const [privHandle, setPrivHandle] = useState<DocHandle<PrivateDoc> | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    setHandle(null);
    findDoc<RoomDoc>(props.repo, props.docUrl, ac.signal).then(setHandle, () => undefined);
    return () => ac.abort();
  }, [props.repo, props.docUrl]);
  useEffect(() => {
    if (!props.privateDocUrl || props.viewOnly) return;
    const ac = new AbortController();
    findDoc<PrivateDoc>(props.repo, props.privateDocUrl, ac.signal).then(setPrivHandle, () => undefined);
    return () => ac.abort();
  }, [props.repo, props.privateDocUrl, props.viewOnly]);

  const doc = useDoc(handle);
  const priv = useDoc(privHandle);
  if (!handle || !doc) {
    return (
      <main class="room loading" aria-busy="true">
        {/* A room this device never held cannot open offline: say why it
            waits, not only "Laden…" (a walk-through's phone was moved to a
            new room while offline). */}
        {props.online ? (
          <p>{t('room.loading')}</p>
        ) : (
          <p class="conn conn-off" role="status">
            {t('room.loadingOffline')}
          </p>
        )}
      </main>
    );
  }
  return <RoomLoaded {...props} handle={handle} doc={doc} privHandle={privHandle} priv={priv} />;
}

function RoomLoaded(props: RoomViewProps & { handle: DocHandle<RoomDoc>; doc: RoomDoc; privHandle: DocHandle<PrivateDoc> | null; priv: PrivateDoc | undefined }) {
  const { handle, privHandle, priv, me } = props;
  const unsaved = useUnsaved(props.repo, [handle as DocHandle<unknown>, privHandle as DocHandle<unknown> | null], props.online && !props.viewOnly, () => {
    if (props.token) reconnectSync(props.token);
  });
  const doc = useMemo(() => plainRoom(props.doc), [props.doc]);
  const { template: loaded, error } = useTemplate(doc.template_id || props.templateId);
  const template = useMemo(() => withFallbackSection(loaded ?? emptyTemplate(doc.template_id), t('section.general')), [loaded, doc.template_id]);
  const closed = props.closed || Boolean(doc.closed);
  // Notes this device sent after the room closed: kept by the server as late.
  // In an anonymous session a note names no author: this device's own
  // are the ones it remembers writing.
  const own = useMemo(() => (props.anonymous ? ownNotes(props.docUrl) : new Set<string>()), [props.anonymous, props.docUrl, doc.notes]);
  const myLateNotes = Object.entries(doc.notes ?? {}).filter(([id, n]) => n.late && !n.deleted && (String(n.author_id) === me.id || own.has(id))).length;
  const readOnly = closed || Boolean(props.viewOnly);
  // Only the leader the organiser appointed gets the leader tools; the
  // server refuses a reveal by anyone else.
  const leader = Boolean(props.leader) && !props.viewOnly;
  const [toast, setToast] = useState<{ message: string; undo: () => void } | null>(null);
  const dragging = useRef<string | null>(null);
  const people = usePresence(handle, props.viewOnly ? null : { participant_id: me.id, name: props.anonymous ? '' : me.name, role: me.role, remote: Boolean(props.remote) }, props.online);

  // Notes on the card on the table start as the chosen working form says.
  const onTable = cardPrivacy(template, doc.working_form);
  const targets = template.note_targets.map(targetOf).map((x) => (x.id === doc.drawn_card ? { ...x, privacy: onTable } : x));
  const known = new Set(targets.map((x) => x.id));
  const privateNotes = useMemo(
    () => Object.values(priv?.notes ?? {}).filter((n) => n && n.room_id === doc.room_id),
    [priv, doc.room_id],
  );

  // When the leader opens a silent question, publish my private notes for it.
  useEffect(() => {
    if (!privHandle || readOnly) return;
    const due = privateNotes.filter((n) => !n.published && !n.deleted && doc.revealed_targets?.[n.target]);
    if (due.length) edit.publishPrivateNotes(handle, privHandle, due);
  }, [privateNotes, doc.revealed_targets, privHandle, readOnly]);

  const isPrivate = (id: string) => Boolean(priv?.notes?.[id]) && !priv!.notes[id].published;

  const drop = (target: string, beforeId: string | null) => {
    const id = dragging.current;
    dragging.current = null;
    if (!id || readOnly || !doc.notes?.[id]) return;
    edit.moveNote(handle, id, target, orderForDrop(doc.notes, target, id, beforeId), target === doc.notes[id].target ? doc.notes[id].topic_id : null);
  };

  const actions: NoteActions = {
    onText: (id, text) => (isPrivate(id) && privHandle ? edit.editText(privHandle, ['notes', id, 'text'], text) : edit.editText(handle, ['notes', id, 'text'], text)),
    onVote: (id) => edit.toggleVote(handle, id, me.id),
    onColour: (id, c) =>
      isPrivate(id) && privHandle
        ? privHandle.change((d) => {
            d.notes[id].colour = c;
          })
        : edit.setColour(handle, id, c),
    onMoveTo: (id, target) => edit.moveNote(handle, id, target, orderAtEnd(doc.notes, target)),
    onTopic: (id, topic) => edit.setTopic(handle, id, topic),
    onDelete: (id) => {
      if (isPrivate(id) && privHandle) {
        privHandle.change((d) => {
          d.notes[id].deleted = true;
        });
        setToast({ message: t('toast.noteDeleted'), undo: () => privHandle.change((d) => void (d.notes[id].deleted = false)) });
        return;
      }
      edit.setDeleted(handle, id, true);
      setToast({ message: t('toast.noteDeleted'), undo: () => edit.setDeleted(handle, id, false) });
    },
    onDragStart: (id) => (dragging.current = id),
    onDrop: (target, beforeId) => drop(target, beforeId),
  };

  const ctx: RoomCtx = {
    handle,
    doc,
    me,
    anonymous: props.anonymous,
    readOnly,
    token: props.viewOnly ? null : (props.token ?? null),
    leader,
    targets,
    privateNotes,
    actions,
    addNote: (target, text, silent) => {
      const saved = localStorage.getItem('samenbord.colour') ?? '';
      const colour = isColour(saved) ? saved : 'yellow';
      const base = makeNote({ id: newId(), target, text, author: me, anonymous: props.anonymous, colour, now: Date.now(), order: orderAtEnd(doc.notes, target) });
      if (props.anonymous) rememberOwnNote(props.docUrl, base.id);
      if (silent && privHandle) edit.addPrivateNote(privHandle, { ...base, room_id: doc.room_id, published: false });
      else edit.addNote(handle, base);
    },
    publish: (n: PrivateNote) => privHandle && edit.publishPrivateNotes(handle, privHandle, [n]),
    onDrop: (target, beforeId) => drop(target, beforeId),
  };

  // Notes whose target is not on the card (e.g. an older card version) stay visible.
  const orphanTargets = [...new Set(Object.values(doc.notes ?? {}).filter((n) => n && !n.deleted && !known.has(n.target)).map((n) => n.target))];
  const phase = currentPhase(template.phases, doc.phase, template.initial_phase);
  // The leader turned the card back ("Doorpraten over de data"): say so to
  // everyone, or the group finds itself in the check-in with no word why.
  const [turnedBack, setTurnedBack] = useState<string | null>(null);
  const lastPhase = useRef(phase?.id ?? null);
  useEffect(() => {
    const from = lastPhase.current;
    lastPhase.current = phase?.id ?? null;
    if (from === lastPhase.current) return;
    const back = backMove(template.phases, from, phase?.id);
    setTurnedBack(back ? t('room.turnedBack', { move: back.move.label ?? back.phase.title, phase: back.phase.title }) : null);
  }, [phase?.id]);
  const agreementsDeleted = (undo: () => void) => setToast({ message: t('toast.agreementDeleted'), undo });
  const renderSection = (s: (typeof template.sections)[number]) => {
    if (s.kind === 'themes') return <Themes ctx={ctx} template={template} title={s.title} key={s.id} />;
    if (s.kind === 'deck') return <DrawnCard ctx={ctx} template={template} section={s} key={s.id} />;
    if (s.kind === 'agreements') return <Agreements ctx={ctx} title={s.title} description={s.description} prompts={s.prompts} example={s.example} onDeleted={agreementsDeleted} key={s.id} />;
    return <Section ctx={ctx} section={s} key={s.id} current={Boolean(s.phase && s.phase === phase?.id)} />;
  };
  // Sections of another phase fold away; their notes stay reachable.
  const inPhase = (s: (typeof template.sections)[number]) => !s.phase || !phase || s.phase === phase.id;

  return (
    <main class={`room${readOnly ? ' is-readonly' : ''}`} aria-label={t('room.aria', { group: doc.group_label })}>
      <RoomHeader
        groupLabel={doc.group_label}
        roundName={props.roundName}
        timerEndsAt={props.timerEndsAt}
        online={props.online}
        unsaved={unsaved}
        people={people}
        anonymous={props.anonymous}
        remote={Boolean(props.remote)}
        onRemote={props.viewOnly || !props.onRemote ? null : props.onRemote}
        leaderName={props.leaderName ?? null}
        callLink={props.viewOnly ? undefined : (props.callLink ?? null)}
      />
      {closed && (
        <p class="notice notice-closed" role="status">
          {props.viewOnly && !props.closed && !doc.closed
            ? t('room.viewOnly')
            : props.roundRunning
              ? t('room.closedRoom')
              : t('room.closed')}
        </p>
      )}
      {props.viewOnly && !closed && (
        <p class="notice" role="status">
          {t('room.viewOnly')}
        </p>
      )}
      {myLateNotes > 0 && (
        <p class="notice notice-late" role="status">
          {t('room.lateNotes', { n: myLateNotes })}
        </p>
      )}
      {error && !loaded && <p class="notice">{t('room.templateMissing')}</p>}
      <CardHead template={template} doc={doc} phase={phase} />
      {turnedBack && (
        <p class="notice" role="status">
          {turnedBack}
        </p>
      )}
      {leader && !readOnly && <LeaderTools ctx={ctx} template={template} />}
      <Roles ctx={ctx} template={template} people={people} assigner={props.roleAssigner} leaderName={props.leaderName ?? null} />
      <Attachments ctx={ctx} template={template} onDeleted={(undo) => setToast({ message: t('toast.attachmentDeleted'), undo })} />
      {template.sections.filter(inPhase).map(renderSection)}
      {template.sections.some((s) => !inPhase(s)) && (
        <details class="other-phases">
          <summary>{t('room.otherPhases')}</summary>
          {template.sections.filter((s) => !inPhase(s)).map(renderSection)}
        </details>
      )}
      {orphanTargets.length > 0 && (
        <section class="card-section" aria-labelledby="other-h">
          <h2 id="other-h">{t('section.other')}</h2>
          {orphanTargets.map((id) => (
            <TargetNotes ctx={ctx} target={{ id, title: id, privacy: 'shared' }} key={id} />
          ))}
        </section>
      )}
      {props.footer}
      {toast && <UndoToast message={toast.message} onUndo={toast.undo} onClose={() => setToast(null)} />}
    </main>
  );
}
