// One section of the card: title and prompt, and either its own notes or its
// questions (numbered, with ik/wij and aloud/silent marks), each with notes.
import { t } from '../i18n';
import type { RoomCtx } from './context';
import { TargetNotes } from './TargetNotes';
import type { TQuestion, TSection } from './template';

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
      {section.isTarget && <TargetNotes ctx={ctx} target={{ id: section.id, title: section.title, silent: section.silent }} />}
      {section.questions.map((q) => (
        <Question ctx={ctx} q={q} sectionSilent={section.silent} key={q.id} />
      ))}
    </section>
  );
}

function Question({ ctx, q, sectionSilent }: { ctx: RoomCtx; q: TQuestion; sectionSilent: boolean }) {
  const title = [q.number, q.text].filter(Boolean).join(' ');
  const silent = q.silent || sectionSilent;
  return (
    <div class={`question${q.aloud ? ' is-aloud' : ''}`}>
      <h3>
        {q.number && <span class="q-number">{q.number}</span>} {q.text}
      </h3>
      <p class="marks">
        {q.audience && <span class={`mark mark-${q.audience}`}>{t(`audience.${q.audience}`)}</span>}
        {q.aloud && <span class="mark mark-aloud">{t('mode.aloud')}</span>}
        {silent && <span class="mark mark-silent">{t('mode.silent')}</span>}
        {q.example && <span class="badge">{t('template.example')}</span>}
      </p>
      {q.help && <p class="section-desc">{q.help}</p>}
      <TargetNotes ctx={ctx} target={{ id: q.id, title, silent }} />
    </div>
  );
}
