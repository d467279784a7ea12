// The notes stuck to one section or question: topic groups (create, name,
// put notes in), the notes themselves as a drop zone, silent notes of my own
// until revealed, and the add field.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { draftKey } from '../lib/drafts';
import { newId } from '../lib/ids';
import { addTopic, editText } from './docEdits';
import { AddNote, LeftDraft } from './AddNote';
import { CollabText } from './CollabText';
import type { RoomCtx } from './context';
import { NoteCard } from './NoteCard';
import { groupByTopic, mayDelete, notesFor, topicsFor } from './notes';
import { startsPrivate, type Target } from './template';

interface Props {
  ctx: RoomCtx;
  target: Target;
}

export function TargetNotes({ ctx, target }: Props) {
  const { doc } = ctx;
  const [over, setOver] = useState(false);
  const notes = notesFor(doc.notes, target.id);
  const topics = topicsFor(doc.topics, target.id);
  const revealed = Boolean(doc.revealed_targets?.[target.id]);
  const silent = startsPrivate(target.privacy);
  const silentNow = silent && !revealed;
  const mine = ctx.privateNotes.filter((n) => n.target === target.id && !n.published && !n.deleted);
  const groups = groupByTopic(notes, topics);

  const card = (n: (typeof notes)[number]) => (
    <li key={n.id}>
      <NoteCard note={n} me={ctx.me.id} readOnly={ctx.readOnly} anonymous={ctx.anonymous} targets={ctx.targets} topics={topics} actions={ctx.actions} deletable={mayDelete(n, ctx)} />
    </li>
  );

  return (
    <div
      class={`target-notes${over ? ' is-over' : ''}`}
      data-drop-target={ctx.readOnly ? undefined : target.id}
      onDragOver={(e) => {
        if (ctx.readOnly) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const beforeEl = (e.target as HTMLElement).closest('[data-note]') as HTMLElement | null;
        ctx.onDrop(target.id, beforeEl?.dataset.note ?? null);
      }}
    >
      {silent && (
        <p class={`silent-mark${revealed ? ' is-revealed' : ''}`}>{revealed ? t('silent.revealed') : t('silent.hidden')}</p>
      )}
      {groups.map((g) =>
        g.topic ? (
          <section class="topic" key={g.topic.id} aria-label={t('topic.aria', { name: g.topic.name || t('topic.unnamed') })}>
            <CollabText
              multiline={false}
              className="topic-name"
              value={g.topic.name}
              label={t('topic.name')}
              placeholder={t('topic.unnamed')}
              readOnly={ctx.readOnly}
              onText={(v) => editText(ctx.handle, ['topics', g.topic!.id, 'name'], v)}
            />
            <ul class="notes">{g.notes.map(card)}</ul>
          </section>
        ) : (
          <ul class="notes" key="loose">
            {g.notes.map(card)}
          </ul>
        ),
      )}
      {mine.length > 0 && (
        <ul class="notes notes-private" aria-label={t('silent.mine')}>
          {mine.map((n) => (
            <li key={n.id}>
              <NoteCard
                note={n}
                me={ctx.me.id}
                readOnly={ctx.readOnly}
                anonymous={ctx.anonymous}
                targets={ctx.targets}
                topics={[]}
                actions={ctx.actions}
                privateNote={{ onPublish: () => ctx.publish(n) }}
                deletable
              />
            </li>
          ))}
        </ul>
      )}
      {ctx.readOnly && (
        <LeftDraft key={draftKey(ctx.handle.url, target.id, silentNow)} draftKey={draftKey(ctx.handle.url, target.id, silentNow)} onAdd={(text) => ctx.addNote(target.id, text, silentNow)} />
      )}
      {!ctx.readOnly && (
        <div class="target-actions">
          <AddNote key={draftKey(ctx.handle.url, target.id, silentNow)} targetTitle={target.title || t('section.untitled')} disabled={ctx.readOnly} silent={silentNow} draftKey={draftKey(ctx.handle.url, target.id, silentNow)} onAdd={(text) => ctx.addNote(target.id, text, silentNow)} />
          {notes.length > 1 && (
            <button type="button" class="btn-link" onClick={() => addTopic(ctx.handle, newId(), target.id, '', Date.now())}>
              {t('topic.add')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
