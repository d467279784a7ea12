// One round of the summary: a choice of view (all groups together, or one
// target group / safeguard with its statement), then per section the topics
// and their merged items with the review actions.
import { useState } from 'preact/hooks';
import { roleLabel, t } from '../i18n';
import { mergeCandidates, moveTargets, noteCount, orderSections, roundViews, shortText } from './model';
import type { ReviewCtx } from './SummaryPage';
import type { RoundPlan } from '../generated/RoundPlan';
import type { SItem, SMember, SRound, SSection, STopic } from './types';

export function RoundBlock({ round, plan, ctx }: { round: SRound; plan: RoundPlan | undefined; ctx: ReviewCtx }) {
  const views = roundViews(round);
  const [key, setKey] = useState('all');
  const view = views.find((v) => v.key === key) ?? views[0];
  const selectId = `view-${round.round_id}`;
  const sections = orderSections(view.sections, ctx.order);
  return (
    <section class="panel s-round" aria-labelledby={`round-${round.round_id}`}>
      <h2 id={`round-${round.round_id}`}>{round.round_name || round.round_id}</h2>
      {plan ? (
        <div class="s-plan">
          {plan.times && <p class="s-plan-times">{plan.times}</p>}
          {plan.grouping && <p>{plan.grouping}</p>}
          {plan.group_lines.length > 0 && (
            <ul>
              {plan.group_lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <p class="muted">{t('summary.groupsIn', { n: round.groups.length, groups: round.groups.map((g) => g.label).join(', ') })}</p>
      )}
      <div class="tool-row">
        <label class="field" for={selectId}>
          {t('summary.view', { round: round.round_name || round.round_id })}
        </label>
        <select id={selectId} value={view.key} onChange={(e) => setKey((e.target as HTMLSelectElement).value)}>
          {views.map((v) => (
            <option value={v.key} key={v.key}>
              {v.label ?? t('summary.allGroups')}
            </option>
          ))}
        </select>
      </div>
      {view.label && <GroupHeader label={view.label} statement={view.statement} plan={plan} />}
      {sections.length === 0 && <p class="muted">{t('summary.noNotes')}</p>}
      {sections.map((s) => (
        <SectionBlock section={s} ctx={ctx} key={s.section_id} />
      ))}
    </section>
  );
}

function SectionBlock({ section, ctx }: { section: SSection; ctx: ReviewCtx }) {
  return (
    <section class="s-section" aria-label={section.title}>
      <h3>
        {section.title} <span class="muted s-count">{t(noteCount(section) === 1 ? 'summary.notesCount.one' : 'summary.notesCount', { n: noteCount(section) })}</span>
      </h3>
      {section.topics.map((topic) => (
        <TopicBlock topic={topic} section={section} ctx={ctx} key={topic.id} />
      ))}
    </section>
  );
}

function TopicBlock({ topic, section, ctx }: { topic: STopic; section: SSection; ctx: ReviewCtx }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(topic.name);
  return (
    <section class="s-topic" aria-label={t('topic.aria', { name: topic.name })}>
      {renaming ? (
        <form
          class="tool-row"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!name.trim()) return;
            if (await ctx.apply({ kind: 'rename-topic', topic: topic.id, name: name.trim() })) setRenaming(false);
          }}
        >
          <label class="field grow">
            {t('summary.topicName', { name: topic.name })}
            <input value={name} disabled={ctx.busy} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="btn-primary" disabled={ctx.busy || !name.trim()}>
            {t('summary.save')}
          </button>
          <button type="button" class="btn" onClick={() => setRenaming(false)}>
            {t('summary.cancel')}
          </button>
        </form>
      ) : (
        <div class="s-topic-head">
          <h4>{topic.name}</h4>
          <button
            type="button"
            class="btn-small"
            disabled={ctx.busy}
            aria-label={t('summary.renameTopic', { name: topic.name })}
            onClick={() => {
              setName(topic.name);
              setRenaming(true);
            }}
          >
            {t('summary.rename')}
          </button>
        </div>
      )}
      <ul class="s-items">
        {topic.items.map((item) => (
          <ItemBlock item={item} section={section} ctx={ctx} key={item.id} />
        ))}
      </ul>
    </section>
  );
}

const NEW_TOPIC = '__new__';

function ItemBlock({ item, section, ctx }: { item: SItem; section: SSection; ctx: ReviewCtx }) {
  const others = mergeCandidates(section, item);
  const targets = moveTargets(section, item);
  const [mergeWith, setMergeWith] = useState('');
  const [moveTo, setMoveTo] = useState('');
  const [newName, setNewName] = useState('');
  const short = shortText(item.text, 40);
  const mergeId = `merge-${item.id}`;
  const moveId = `move-${item.id}`;
  return (
    <li class="s-item">
      <p class="s-item-text">{item.text}</p>
      <p class="s-item-meta">
        <span class="s-badge">{t('summary.mentioned', { n: item.count })}</span>
        {item.votes > 0 && <span class="s-votes">{t('summary.votes', { n: item.votes })}</span>}
        <span class="s-groups">{t('summary.by', { groups: item.groups.join(', ') })}</span>
        {item.members.some((m) => m.late) && (
          <span class="s-late">{t('summary.late', { n: item.members.filter((m) => m.late).length })}</span>
        )}
      </p>
      <details class="s-members">
        <summary>{t('summary.members', { n: item.members.length })}</summary>
        <ul>
          {item.members.map((m) => (
            <MemberRow member={m} item={item} ctx={ctx} key={m.note_id} />
          ))}
        </ul>
      </details>
        <details class="s-tools">
          <summary>{t('summary.edit', { item: short })}</summary>
          {others.length > 0 && (
            <form
              class="tool-row"
              onSubmit={(e) => {
                e.preventDefault();
                if (mergeWith) ctx.apply({ kind: 'merge-items', into: item.id, from: mergeWith });
              }}
            >
              <label class="field grow" for={mergeId}>
                {t('summary.mergeWith', { item: short })}
              </label>
              <select id={mergeId} value={mergeWith} disabled={ctx.busy} onChange={(e) => setMergeWith((e.target as HTMLSelectElement).value)}>
                <option value="">{t('summary.choose')}</option>
                {others.map((o) => (
                  <option value={o.id} key={o.id}>
                    {shortText(o.text)} ({t('summary.mentioned', { n: o.count })})
                  </option>
                ))}
              </select>
              <button type="submit" class="btn" disabled={ctx.busy || !mergeWith}>
                {t('summary.merge')}
              </button>
            </form>
          )}
          <form
            class="tool-row"
            onSubmit={(e) => {
              e.preventDefault();
              if (moveTo === NEW_TOPIC && newName.trim()) ctx.apply({ kind: 'move-to-new-topic', item: item.id, name: newName.trim() });
              else if (moveTo && moveTo !== NEW_TOPIC) ctx.apply({ kind: 'move-item', item: item.id, topic: moveTo });
            }}
          >
            <label class="field grow" for={moveId}>
              {t('summary.moveTo', { item: short })}
            </label>
            <select id={moveId} value={moveTo} disabled={ctx.busy} onChange={(e) => setMoveTo((e.target as HTMLSelectElement).value)}>
              <option value="">{t('summary.choose')}</option>
              {targets.map((tp) => (
                <option value={tp.id} key={tp.id}>
                  {tp.name}
                </option>
              ))}
              <option value={NEW_TOPIC}>{t('summary.newTopic')}</option>
            </select>
            {moveTo === NEW_TOPIC && (
              <label class="field grow">
                {t('summary.newTopicName')}
                <input value={newName} disabled={ctx.busy} onInput={(e) => setNewName((e.target as HTMLInputElement).value)} />
              </label>
            )}
            <button type="submit" class="btn" disabled={ctx.busy || !moveTo || (moveTo === NEW_TOPIC && !newName.trim())}>
              {t('summary.move')}
            </button>
          </form>
        </details>
    </li>
  );
}

function MemberRow({ member, item, ctx }: { member: SMember; item: SItem; ctx: ReviewCtx }) {
  const who = [member.group_label, member.author_role ? roleLabel(member.author_role) : '', member.author_name ?? ''].filter(Boolean).join(' · ');
  return (
    <li class="s-member">
      <span class="s-member-text">{member.text}</span> <span class="muted">({who})</span>
      {member.votes > 0 && <span class="muted"> {t('summary.votes', { n: member.votes })}</span>}
      {member.late && <span class="s-late"> {t('note.late')}</span>}
      {item.members.length > 1 && (
        <button
          type="button"
          class="btn-small"
          disabled={ctx.busy}
          aria-label={t('summary.splitNote', { text: shortText(member.text, 40) })}
          onClick={() => ctx.apply({ kind: 'split-member', item: item.id, note: member.note_id })}
        >
          {t('summary.split')}
        </button>
      )}
    </li>
  );
}

/** "Doelgroep Schoolopleiders" with its statements, as the report has them. */
function GroupHeader({ label, statement, plan }: { label: string; statement: string | null; plan: RoundPlan | undefined }) {
  const planned = plan?.groups.find((g) => g.label === label);
  const statements = (planned && planned.statements.length > 0 ? planned.statements : statement ? [statement] : []).map((s) => s.trim()).filter((s) => s);
  return (
    <>
      <h3 class="s-group">{planned ? t(`summary.kind.${planned.kind}`, { group: label }) : t('summary.group.heading', { group: label })}</h3>
      {statements.map((text, i) => (
        <blockquote class="statement" key={i} aria-label={statements.length > 1 ? t('summary.statementN', { n: i + 1 }) : t('room.statement')}>
          <strong>{statements.length > 1 ? t('summary.statementN', { n: i + 1 }) : t('room.statement')}:</strong> {text}
        </blockquote>
      ))}
    </>
  );
}
