// Shows the deck card the group drew (the current question) with its notes.
import { t } from '../i18n';
import type { RoomCtx } from './context';
import { TargetNotes } from './TargetNotes';
import type { Template, TSection } from './template';

export function findCard(template: Template, id: string | null | undefined) {
  if (!id) return null;
  for (const d of template.decks) {
    const c = d.cards.find((x) => x.id === id);
    if (c) return { deck: d, card: c };
  }
  return null;
}

export function DrawnCard({ ctx, template, section }: { ctx: RoomCtx; template: Template; section: TSection }) {
  const found = findCard(template, ctx.doc.drawn_card);
  return (
    <section class="card-section drawn" aria-labelledby="drawn-h">
      <h2 id="drawn-h">{section.title || t('deck.current')}</h2>
      {section.description && <p class="section-desc">{section.description}</p>}
      {found ? (
        <>
          <div class="deck-card" role="note">
            <p class="deck-card-meta">{[found.deck.title, found.card.kind ? t(`deck.kind.${found.card.kind}`) : ''].filter(Boolean).join(' · ')}</p>
            <p class="deck-card-text">{found.card.text}</p>
          </div>
          {found.card.example && <span class="badge">{t('template.example')}</span>}
        </>
      ) : (
        <p class="muted">{t('deck.none')}</p>
      )}
      <TargetNotes ctx={ctx} target={{ id: section.id, title: section.title || t('deck.current'), privacy: 'shared' }} />
    </section>
  );
}
