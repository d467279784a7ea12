// The overall summary on top of the report: where it came from, and the
// organiser's own text (PUT overall), or back to the built-in text.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { SOverall } from './types';

export function OverallEditor({ overall, busy, onSave }: { overall: SOverall; busy: boolean; onSave: (text: string | null) => Promise<boolean> }) {
  const [text, setText] = useState(overall.text);
  const changed = text.trim() !== overall.text.trim();
  return (
    <section class="panel overall" aria-labelledby="overall-h">
      <h2 id="overall-h">{t('summary.overall')}</h2>
      <p class="muted">{t(`summary.source.${overall.source}`)}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (changed && text.trim()) onSave(text);
        }}
      >
        <label class="field">
          {t('summary.overallLabel')}
          <textarea class="overall-text" rows={8} value={text} disabled={busy} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        </label>
        <div class="tool-row">
          <button type="submit" class="btn-primary" disabled={busy || !changed || !text.trim()}>
            {t('summary.overallSave')}
          </button>
          {changed && (
            <button type="button" class="btn" disabled={busy} onClick={() => setText(overall.text)}>
              {t('summary.cancel')}
            </button>
          )}
          {overall.source === 'edited' && (
            <button type="button" class="btn" disabled={busy} onClick={() => onSave(null)}>
              {t('summary.overallRestore')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
