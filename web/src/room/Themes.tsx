// The themes of a card: choose one or more (chosen_themes), each chosen
// theme shows its guiding questions, tool links and its notes; plus an own
// theme the group names itself.
import { t } from '../i18n';
import { editText, setChosenTheme } from './docEdits';
import { CollabText } from './CollabText';
import type { RoomCtx } from './context';
import { TargetNotes } from './TargetNotes';
import type { Template } from './template';
import { LinkList } from './LinkList';

export function Themes({ ctx, template, title }: { ctx: RoomCtx; template: Template; title: string }) {
  const own = template.theme_choice?.own_theme ?? null;
  if (template.themes.length === 0 && !own) return null;
  const chosen = new Set(Object.entries(ctx.doc.chosen_themes ?? {}).filter(([, on]) => on).map(([id]) => id));
  return (
    <section class="card-section themes" aria-labelledby="themes-h">
      <h2 id="themes-h">{title || t('themes.title')}</h2>
      <p class="section-desc">{t('themes.help')}</p>
      <ul class="theme-list">
        {template.themes.map((th) => (
          <li key={th.id} class={`theme${chosen.has(th.id) ? ' is-chosen' : ''}`}>
            <label class="theme-choose">
              <input
                type="checkbox"
                checked={chosen.has(th.id)}
                disabled={ctx.readOnly}
                onChange={(e) => setChosenTheme(ctx.handle, th.id, (e.target as HTMLInputElement).checked)}
              />
              <span>{th.title}</span>
            </label>
            {chosen.has(th.id) && (
              <div class="theme-body">
                {th.description && <p class="section-desc">{th.description}</p>}
                {th.guiding_questions.length > 0 && (
                  <>
                    <h3>{t('themes.guiding')}</h3>
                    <ul class="guiding">
                      {th.guiding_questions.map((g, i) => (
                        <li key={i}>{g}</li>
                      ))}
                    </ul>
                  </>
                )}
                {th.tools.length > 0 && (
                  <>
                    <h3>{t('themes.tools')}</h3>
                    <LinkList links={th.tools} />
                  </>
                )}
                <TargetNotes ctx={ctx} target={{ id: th.id, title: th.title, privacy: 'shared' }} />
              </div>
            )}
          </li>
        ))}
      </ul>
      {own && (
        <div class="theme own-theme">
          {own.description && <p class="section-desc">{own.description}</p>}
          <label class="field">
            <span class="field-label">{own.title || t('themes.own')}</span>
            <CollabText
              multiline={false}
              value={ctx.doc.own_theme ?? ''}
              label={own.title || t('themes.own')}
              placeholder={t('themes.ownPlaceholder')}
              readOnly={ctx.readOnly}
              onText={(v) => editText(ctx.handle, ['own_theme'], v)}
            />
          </label>
          {(ctx.doc.own_theme ?? '').trim() && <TargetNotes ctx={ctx} target={{ id: own.id, title: `${own.title}: ${ctx.doc.own_theme}`, privacy: 'shared' }} />}
        </div>
      )}
    </section>
  );
}
