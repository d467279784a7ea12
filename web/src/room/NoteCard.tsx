// One sticky note: collaborative text, author and role, +1, colour, topic,
// "move to…" (the keyboard alternative to drag and drop) and delete. A mouse
// drags the whole card (HTML5 drag and drop); a finger drags its grip.
import { roleLabel, t } from '../i18n';
import { COLOURS, isColour } from '../contract';
import type { NoteColour } from '../generated/NoteColour';
import type { Note } from '../generated/Note';
import type { Topic } from '../generated/Topic';
import { asText } from '../lib/docText';
import type { CaretAnchor, TextEdit } from '../lib/textDiff';
import { CollabText } from './CollabText';
import { hasVoted, voteCount } from './notes';
import { startPointerDrag } from './pointerDrag';

export interface NoteActions {
  onText: (id: string, edit: TextEdit) => CaretAnchor | null;
  onVote: (id: string) => void;
  onColour: (id: string, colour: NoteColour) => void;
  onMoveTo: (id: string, target: string) => void;
  onTopic: (id: string, topicId: string | null) => void;
  onDelete: (id: string) => void;
  onDragStart: (id: string) => void;
  /** Drops the note being dragged into `target`, before `beforeId`. */
  onDrop: (target: string, beforeId: string | null) => void;
}

interface Props {
  note: Note;
  me: string;
  readOnly: boolean;
  anonymous: boolean;
  targets: { id: string; title: string }[];
  topics: Topic[];
  actions: NoteActions;
  privateNote?: { onPublish: () => void } | null;
  /** Whether I may delete it: see `mayDelete` in notes.ts. */
  deletable: boolean;
}

export function NoteCard({ note: raw, me, readOnly, anonymous, targets, topics, actions, privateNote, deletable }: Props) {
  // Any peer can write any value: show what is valid, fall back for the rest.
  const note = { ...raw, text: asText(raw.text), author_name: asText(raw.author_name), target: asText(raw.target) };
  const roleKey = asText(raw.author_role);
  const role = roleKey ? roleLabel(roleKey) : '';
  const colourKey = asText(raw.colour);
  const who = anonymous || !note.author_name ? role : `${note.author_name} · ${role}`;
  const votes = voteCount(note);
  const voted = hasVoted(note, me);
  const colour: NoteColour = isColour(colourKey) ? colourKey : 'yellow';
  return (
    <article
      class={`note note-${colour}${privateNote ? ' note-private' : ''}`}
      draggable={!readOnly && !privateNote}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', note.id);
        actions.onDragStart(note.id);
      }}
      data-note={note.id}
      aria-label={t('note.aria', { who: who || t('note.someone') })}
    >
      {!readOnly && !privateNote && (
        <span
          class="note-grip"
          data-testid="note-grip"
          aria-hidden="true"
          title={t('note.drag')}
          onPointerDown={(e) => {
            const card = (e.currentTarget as HTMLElement).closest('article');
            if (!card) return;
            startPointerDrag(e, card, (spot) => {
              actions.onDragStart(note.id);
              actions.onDrop(spot.target, spot.beforeId);
            });
          }}
        >
          ⠿
        </span>
      )}
      {privateNote && <p class="note-private-label">{t('note.private')}</p>}
      <CollabText
        value={note.text}
        onText={(v) => actions.onText(note.id, v)}
        label={t('note.text', { who: who || t('note.someone') })}
        readOnly={readOnly}
        mayFinish={Boolean(me) && String(raw.author_id) === me}
        className="note-text"
        testId="note-text"
        noteId={note.id}
      />
      <p class="note-author">
        {who}
        {raw.late && <span class="note-late"> · {t('note.late')}</span>}
      </p>
      <div class="note-tools">
        {privateNote ? (
          !readOnly && (
            <button type="button" class="btn-small" onClick={privateNote.onPublish}>
              {t('note.publish')}
            </button>
          )
        ) : (
          <button
            type="button"
            class={`btn-vote${voted ? ' is-on' : ''}`}
            aria-pressed={voted}
            aria-label={t('note.vote', { n: votes })}
            disabled={readOnly}
            onClick={() => actions.onVote(note.id)}
          >
            {/* The visible text is (part of) the accessible name, as speech input expects. */}
            {votes > 0 ? t('note.vote', { n: votes }) : '+1'}
          </button>
        )}
        {!readOnly && (
          <details class="note-more" onKeyDown={closeOnEscape}>
            <summary aria-label={t('note.more')}>⋯</summary>
            <div class="note-more-body">
              <label>
                {t('note.colour')}
                <select value={colour} onChange={(e) => {
                    const picked = (e.target as HTMLSelectElement).value;
                    if (isColour(picked)) actions.onColour(note.id, picked);
                  }}>
                  {COLOURS.map((c) => (
                    <option value={c} key={c}>
                      {t(`colour.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
              {!privateNote && (
                <label>
                  {t('note.moveTo')}
                  <select value={note.target} onChange={(e) => actions.onMoveTo(note.id, (e.target as HTMLSelectElement).value)}>
                    {targets.map((tg) => (
                      <option value={tg.id} key={tg.id}>
                        {tg.title || tg.id}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {!privateNote && topics.length > 0 && (
                <label>
                  {t('note.topic')}
                  <select value={note.topic_id ?? ''} onChange={(e) => actions.onTopic(note.id, (e.target as HTMLSelectElement).value || null)}>
                    <option value="">{t('note.noTopic')}</option>
                    {topics.map((tp) => (
                      <option value={tp.id} key={tp.id}>
                        {tp.name || t('topic.unnamed')}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {deletable && (
                <button type="button" class="btn-danger btn-small" onClick={() => actions.onDelete(note.id)}>
                  {t('note.delete')}
                </button>
              )}
            </div>
          </details>
        )}
      </div>
    </article>
  );
}

/** Escape closes the note's open menu and gives focus back to its ⋯, as
 * keyboard users expect of a menu. */
function closeOnEscape(e: KeyboardEvent) {
  const menu = e.currentTarget as HTMLDetailsElement;
  if (e.key !== 'Escape' || !menu.open) return;
  menu.open = false;
  menu.querySelector('summary')?.focus();
  e.stopPropagation();
}
