// One section of the card: title and prompt, and either its own notes or its
// questions (numbered as in the source, with ik/wij and aloud/silent marks),
// each with notes. Where the group picks which questions it discusses, the
// picked ones are shown and the rest fold away, findable and pickable.
import { t } from '../i18n';
import type { RoomCtx } from './context';
import { setPickedQuestion } from './docEdits';
import { TargetNotes } from './TargetNotes';
import type { QuestionView } from '../generated/QuestionView';
import { startsPrivate, type TSection } from './template';

interface Props {
  ctx: RoomCtx;
  section: TSection;
  current: boolean;
}

export function Section({ ctx, section, current }: Props) {
  const titleId = `s-${section.id}`;
  const picked = (q: QuestionView) => Boolean(ctx.doc.picked_questions?.[q.id]) || hasNotes(ctx, q.id);
  const shown = section.choose_questions ? section.questions.filter(picked) : section.questions;
  const folded = section.choose_questions ? section.questions.filter((q) => !picked(q)) : [];
  return (
    <section class={`card-section${current ? ' is-current' : ''}`} aria-labelledby={section.title ? titleId : undefined}>
      {section.title && (
        <h2 id={titleId}>
          {section.title}
          {section.example && <span class="badge">{t('template.example')}</span>}
        </h2>
      )}
      {section.description && <p class="section-desc">{section.description}</p>}
      {section.prompts.length > 0 && (
        <ul class="prompts">
          {section.prompts.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      {section.takes_notes && <TargetNotes ctx={ctx} target={{ id: section.id, title: section.title, privacy: 'shared' }} />}
      {section.choose_questions && shown.length === 0 && <p class="muted">{t('questions.nonePicked')}</p>}
      {shown.map((q) => (
        <Question ctx={ctx} q={q} key={q.id} pickable={section.choose_questions} />
      ))}
      {folded.length > 0 && (
        <details class="folded-questions">
          <summary>{t('questions.more', { n: folded.length })}</summary>
          <ul class="pick-list">
            {folded.map((q) => (
              <li key={q.id}>
                <span class="question-text">
                  {q.number && <span class="q-number">{q.number}</span>} {q.text}
                </span>
                {!ctx.readOnly && (
                  <button type="button" class="btn-small" onClick={() => setPickedQuestion(ctx.handle, q.id, true)} aria-label={t('questions.pickAria', { n: q.number ?? q.text })}>
                    {t('questions.pick')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function hasNotes(ctx: RoomCtx, target: string): boolean {
  return Object.values(ctx.doc.notes ?? {}).some((n) => n && !n.deleted && n.target === target) || ctx.privateNotes.some((n) => n.target === target && !n.deleted);
}

function Question({ ctx, q, pickable }: { ctx: RoomCtx; q: QuestionView; pickable: boolean }) {
  const aloud = q.mode === 'aloud';
  return (
    <div class={`question${aloud ? ' is-aloud' : ''}`} data-question={q.id}>
      <h3>
        {q.number && <span class="q-number">{q.number}</span>} {q.text}
      </h3>
      <p class="marks">
        {q.who && <span class={`mark mark-${q.who}`}>{t(`audience.${q.who}`)}</span>}
        {aloud && <span class="mark mark-aloud">{t('mode.aloud')}</span>}
        {startsPrivate(q.privacy) && <span class="mark mark-silent">{t('mode.silent')}</span>}
        {q.example && <span class="badge">{t('template.example')}</span>}
        {pickable && !ctx.readOnly && ctx.doc.picked_questions?.[q.id] && (
          <button type="button" class="btn-link" onClick={() => setPickedQuestion(ctx.handle, q.id, false)} aria-label={t('questions.unpickAria', { n: q.number ?? q.text })}>
            {t('questions.unpick')}
          </button>
        )}
      </p>
      {q.description && <p class="section-desc">{q.description}</p>}
      <TargetNotes ctx={ctx} target={{ id: q.id, title: q.text, privacy: q.privacy }} />
    </div>
  );
}
