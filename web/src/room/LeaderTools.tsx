// Discussion-leader tools: move to an allowed next phase (the process-check
// may go back), reveal silent notes per question, draw a deck card (picking
// one is done in the deck browser),
// and pin the group's jointly posed question.
import { t } from '../i18n';
import { editText, revealTarget, setDrawnCard, setPhase } from './docEdits';
import { CollabText } from './CollabText';
import type { RoomCtx } from './context';
import { allowedTransitions } from './phases';
import { startsPrivate, type Template } from './template';
import { ConfirmButton } from '../components/ConfirmButton';

export function LeaderTools({ ctx, template }: { ctx: RoomCtx; template: Template }) {
  const { doc, handle } = ctx;
  const moves = allowedTransitions(template.phases, doc.phase, template.initial_phase);
  const hidden = ctx.targets.filter((tg) => startsPrivate(tg.privacy) && !doc.revealed_targets[tg.id]);
  const cards = template.decks.flatMap((d) => d.cards);
  const draw = () => {
    const pool = cards.filter((c) => c.id !== doc.drawn_card);
    if (pool.length === 0) return;
    setDrawnCard(handle, pool[Math.floor(Math.random() * pool.length)].id);
  };
  return (
    <section class="leader-tools" aria-labelledby="leader-h">
      <h2 id="leader-h">{t('leader.title')}</h2>
      {template.phases.length > 0 && (
        <div class="tool-row">
          {moves.length === 0 && <p class="muted">{t('leader.lastPhase')}</p>}
          {moves.map((m) => (
            <button type="button" class={m.direction === 'back' ? 'btn' : 'btn-primary'} key={m.phase.id} disabled={ctx.readOnly} onClick={() => setPhase(handle, m.phase.id)}>
              {m.move.label || t(m.direction === 'back' ? 'leader.phaseBack' : 'leader.phaseNext', { phase: m.phase.title })}
            </button>
          ))}
        </div>
      )}
      {hidden.length > 0 && (
        <div class="tool-row">
          {hidden.map((tg) => (
            <ConfirmButton
              key={tg.id}
              className="btn"
              disabled={ctx.readOnly}
              label={t('leader.reveal', { target: tg.title || tg.id })}
              question={t('leader.revealQuestion')}
              confirmLabel={t('leader.revealConfirm', { target: tg.title || tg.id })}
              onConfirm={() => revealTarget(handle, tg.id)}
            />
          ))}
        </div>
      )}
      {cards.length > 0 && (
        <div class="tool-row">
          <button type="button" class="btn" disabled={ctx.readOnly} onClick={draw}>
            {t('leader.draw')}
          </button>
        </div>
      )}
      <div class="tool-row">
        {/* Several lines, growing: on one line the leader saw only the
            end of a long question while typing it. */}
        <CollabText
          value={doc.pinned_question ?? ''}
          label={template.shared_question?.title || t('leader.pin')}
          placeholder={t('leader.pinPlaceholder')}
          readOnly={ctx.readOnly}
          onText={(v) => editText(handle, ['pinned_question'], v)}
        />
      </div>
    </section>
  );
}
