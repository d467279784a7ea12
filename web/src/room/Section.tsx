// One section of the card: title and prompt, and either its own notes or its
// questions (numbered, with ik/wij and aloud/silent marks), each with notes.
import { t } from '../i18n';
import type { RoomCtx } from './context';
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
      {section.questions.map((q) => (
        <Question ctx={ctx} q={q} key={q.id} />
      ))}
    </section>
  );
}

function Question({ ctx, q }: { ctx: RoomCtx; q: QuestionView }) {
  const aloud = q.mode === 'aloud';
  return (
    <div class={`question${aloud ? ' is-aloud' : ''}`}>
      <h3>{q.text}</h3>
      <p class="marks">
        {q.who && <span class={`mark mark-${q.who}`}>{t(`audience.${q.who}`)}</span>}
        {aloud && <span class="mark mark-aloud">{t('mode.aloud')}</span>}
        {startsPrivate(q.privacy) && <span class="mark mark-silent">{t('mode.silent')}</span>}
        {q.example && <span class="badge">{t('template.example')}</span>}
      </p>
      {q.description && <p class="section-desc">{q.description}</p>}
      <TargetNotes ctx={ctx} target={{ id: q.id, title: q.text, privacy: q.privacy }} />
    </div>
  );
}
