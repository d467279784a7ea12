// The top of a card: title, what the card is for (paragraphs kept), the
// levels it is meant for, its sources, the central question and statement,
// the group's pinned question (labelled, staying in view) and the phases
// of the conversation, each with what it is about.
import { Icon } from '../components/Icon';
import { t } from '../i18n';
import type { PhaseView } from '../generated/PhaseView';
import type { RoomDoc } from '../generated/RoomDoc';
import { LinkList } from './LinkList';
import type { Template } from './template';

export function Paragraphs({ text, className = 'section-desc' }: { text: string; className?: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p class={className} key={i}>
            {p}
          </p>
        ))}
    </>
  );
}

export function CardHead({ template, doc, phase }: { template: Template; doc: RoomDoc; phase: PhaseView | null }) {
  const pinned = (doc.pinned_question ?? '').trim();
  return (
    <>
      <div class="card-head">
        <p class="card-title">{template.title}</p>
        {template.has_examples && <span class="badge">{t('template.example')}</span>}
        {template.subtitle && <p class="section-desc">{template.subtitle}</p>}
        {template.levels.length > 0 && (
          <p class="levels" aria-label={t('card.levels')}>
            {t('card.levels')}: {template.levels.map((l) => t(`level.${l}`)).join(' · ')}
          </p>
        )}
        {template.description && (
          <details class="card-about">
            <summary>{t('card.about')}</summary>
            <Paragraphs text={template.description} />
            {template.links.length > 0 && (
              <>
                <h3>{t('card.sources')}</h3>
                <LinkList links={template.links} />
              </>
            )}
          </details>
        )}
        {template.central_question && <p class="central-question">{template.central_question.text}</p>}
        {template.central_question?.description && <p class="section-desc">{template.central_question.description}</p>}
        {doc.statement && (
          <blockquote class="statement" aria-label={t('room.statement')}>
            {doc.statement}
          </blockquote>
        )}
        {template.phases.length > 0 && (
          <ol class="phases" aria-label={t('room.phases')}>
            {template.phases.map((p) => (
              <li key={p.id} class={p.id === phase?.id ? 'is-current' : ''} aria-current={p.id === phase?.id ? 'step' : undefined}>
                <strong>{p.title}</strong>
                {p.description && <span class="phase-desc">{p.description}</span>}
              </li>
            ))}
          </ol>
        )}
      </div>
      {(pinned || template.shared_question) && (
        <div class="pinned" role="region" aria-label={template.shared_question?.title ?? t('room.pinned')}>
          <span class="pinned-label">
            <Icon name="pin" /> {template.shared_question?.title ?? t('room.pinned')}
            {template.shared_question?.example && <span class="badge">{t('template.example')}</span>}
          </span>
          <p class="pinned-text">{pinned || t('room.pinnedEmpty')}</p>
        </div>
      )}
    </>
  );
}
