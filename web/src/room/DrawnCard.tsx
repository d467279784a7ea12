// The deck section: the card on the table with the notes that answer it,
// the cards discussed before (each with its own notes), both decks to
// browse by theme and kind (anyone may propose a card, the leader puts one
// on the table), and the working forms (the leader chooses; the server
// refuses anyone else) and tips that shape the talk.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { DeckCardView } from '../generated/DeckCardView';
import type { RoomCtx } from './context';
import { setDrawnCard, setProposedCard, setWorkingForm } from './docEdits';
import { TargetNotes } from './TargetNotes';
import { cardPrivacy, type Template, type TSection } from './template';

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
  const privacy = cardPrivacy(template, ctx.doc.working_form);
  const earlier = (ctx.doc.card_history ?? []).filter((id) => id !== ctx.doc.drawn_card).reverse();
  const legacy = Object.values(ctx.doc.notes ?? {}).some((n) => n && !n.deleted && n.target === section.id);
  return (
    <section class="card-section drawn" aria-labelledby="drawn-h">
      <h2 id="drawn-h">
        {section.title || t('deck.current')}
        {section.example && <span class="badge">{t('template.example')}</span>}
      </h2>
      {section.description && <p class="section-desc">{section.description}</p>}
      <WorkingForms ctx={ctx} template={template} />
      {found ? (
        <div class="deck-card" role="note" aria-label={t('deck.current')} data-card={found.card.id}>
          <p class="deck-card-meta">
            {found.card.meta}
            {found.card.example && <span class="badge">{t('template.example')}</span>}
          </p>
          <p class="deck-card-text">{found.card.text}</p>
          <TargetNotes ctx={ctx} target={{ id: found.card.id, title: found.card.label, privacy }} />
        </div>
      ) : (
        <p class="muted">{t('deck.none')}</p>
      )}
      {legacy && <TargetNotes ctx={ctx} target={{ id: section.id, title: section.title, privacy: 'shared' }} />}
      {earlier.length > 0 && (
        <div class="card-history">
          <h3>{t('deck.history')}</h3>
          {earlier.map((id) => {
            const c = findCard(template, id);
            return (
              <details class="history-card" key={id} data-card={id}>
                <summary>{c ? c.card.label : id}</summary>
                <TargetNotes ctx={ctx} target={{ id, title: c ? c.card.label : id, privacy: 'shared' }} />
              </details>
            );
          })}
        </div>
      )}
      <DeckBrowser ctx={ctx} template={template} />
    </section>
  );
}

function WorkingForms({ ctx, template }: { ctx: RoomCtx; template: Template }) {
  if (template.working_forms.length === 0 && template.tips.length === 0) return null;
  const chosen = template.working_forms.find((w) => w.id === ctx.doc.working_form) ?? null;
  return (
    <div class="working-forms">
      {template.working_forms.length > 0 && (
        <fieldset>
          <legend>{t('deck.workingForm')}</legend>
          {!ctx.leader && !ctx.readOnly && <p class="muted">{t('deck.workingFormByLeader')}</p>}
          {template.working_forms.map((w) => (
            <label class="choice" key={w.id}>
              <input type="radio" name="working-form" checked={chosen?.id === w.id} disabled={ctx.readOnly || !ctx.leader} onChange={() => setWorkingForm(ctx.handle, w.id)} />
              <span>
                {w.title}
                {w.example && <span class="badge">{t('template.example')}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {chosen?.description && (
        <p class="working-form-desc" aria-label={t('deck.workingFormChosen')}>
          {chosen.description}
        </p>
      )}
      {template.tips.length > 0 && (
        <details class="tips">
          <summary>{t('deck.tips')}</summary>
          <ul>
            {template.tips.map((tip, i) => (
              <li key={i}>{tip}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function DeckBrowser({ ctx, template }: { ctx: RoomCtx; template: Template }) {
  const [theme, setTheme] = useState('');
  const [kind, setKind] = useState('');
  const cards = template.decks.flatMap((d) => d.cards);
  if (cards.length === 0) return null;
  const proposed = cards.filter((c) => ctx.doc.proposed_cards?.[c.id]);
  const matches = (c: DeckCardView) => (!theme || c.theme === theme) && (!kind || c.kind === kind);
  const kinds = [...new Set(cards.map((c) => c.kind).filter((k): k is NonNullable<typeof k> => Boolean(k)))];
  const row = (c: DeckCardView) => (
    <li key={c.id} class="deck-row" data-card={c.id}>
      <span>
        {c.text}
        {c.example && <span class="badge">{t('template.example')}</span>}
      </span>
      {!ctx.readOnly && ctx.leader && c.id !== ctx.doc.drawn_card && (
        // Named with its card: a screen reader's list of buttons otherwise
        // holds seventeen identical "Op tafel leggen".
        <button type="button" class="btn-small" aria-label={t('deck.putOnTableCard', { card: c.text })} onClick={() => setDrawnCard(ctx.handle, c.id)}>
          {t('deck.putOnTable')}
        </button>
      )}
      {!ctx.readOnly && !ctx.leader && (
        <button type="button" class="btn-small" aria-label={t('deck.proposeCard', { card: c.text })} aria-pressed={Boolean(ctx.doc.proposed_cards?.[c.id])} onClick={() => setProposedCard(ctx.handle, c.id, !ctx.doc.proposed_cards?.[c.id])}>
          {ctx.doc.proposed_cards?.[c.id] ? t('deck.proposed') : t('deck.propose')}
        </button>
      )}
    </li>
  );
  return (
    <div class="deck-browser">
      {proposed.length > 0 && (
        <div class="proposed">
          <h3>{t('deck.proposedTitle')}</h3>
          <ul class="deck-list">{proposed.map(row)}</ul>
        </div>
      )}
      <details class="browse">
        <summary>{t('deck.browse')}</summary>
        <div class="filters">
          {template.themes.length > 0 && (
            <label>
              {t('deck.filterTheme')}
              <select value={theme} aria-label={t('deck.filterTheme')} onChange={(e) => setTheme((e.target as HTMLSelectElement).value)}>
                <option value="">{t('deck.all')}</option>
                {template.themes.map((th) => (
                  <option value={th.id} key={th.id}>
                    {th.title}
                  </option>
                ))}
              </select>
            </label>
          )}
          {kinds.length > 0 && (
            <label>
              {t('deck.filterKind')}
              <select value={kind} aria-label={t('deck.filterKind')} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
                <option value="">{t('deck.all')}</option>
                {kinds.map((k) => (
                  <option value={k} key={k}>
                    {t(`deck.kind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {template.decks.map((d) => {
          const shown = d.cards.filter(matches);
          if (shown.length === 0) return null;
          return (
            <div class="deck" key={d.id}>
              <h3>{d.title}</h3>
              {d.description && <p class="section-desc">{d.description}</p>}
              {template.themes
                .filter((th) => shown.some((c) => c.theme === th.id))
                .map((th) => (
                  <div key={th.id}>
                    <h4>{th.title}</h4>
                    <ul class="deck-list">{shown.filter((c) => c.theme === th.id).map(row)}</ul>
                  </div>
                ))}
              <ul class="deck-list">{shown.filter((c) => !c.theme || !template.themes.some((th) => th.id === c.theme)).map(row)}</ul>
            </div>
          );
        })}
      </details>
    </div>
  );
}
