// The "add a note" field under a section or question: Enter adds, Shift+Enter
// makes a new line.
import { useState } from 'preact/hooks';
import { MAX_TEXT_CHARS } from '../generated/limits';
import { readDraft, writeDraft } from '../lib/drafts';
import { t } from '../i18n';

interface Props {
  targetTitle: string;
  disabled: boolean;
  silent: boolean;
  /** Where the text typed but not yet added is kept on this device. */
  draftKey: string;
  onAdd: (text: string) => void;
}

export function AddNote({ targetTitle, disabled, silent, draftKey, onAdd }: Props) {
  const [text, setTextState] = useState(() => readDraft(draftKey));
  const setText = (v: string) => {
    setTextState(v);
    writeDraft(draftKey, v);
  };
  const submit = () => {
    const v = text.trim();
    if (!v || disabled) return;
    onAdd(v);
    setText('');
  };
  return (
    <form
      class="add-note"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        rows={1}
        value={text}
        maxLength={MAX_TEXT_CHARS}
        disabled={disabled}
        aria-label={t(silent ? 'add.labelSilent' : 'add.label', { target: targetTitle })}
        placeholder={t(silent ? 'add.placeholderSilent' : 'add.placeholder')}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="btn-primary" disabled={disabled || !text.trim()} aria-label={t('add.button', { target: targetTitle })}>
        {t('add.short')}
      </button>
    </form>
  );
}

/** What was typed but not added when the room closed: shown instead of the
 * field, so the words are not lost from sight; the person can still add
 * it (the server keeps it as a late note) or throw it away. */
export function LeftDraft({ draftKey, onAdd }: { draftKey: string; onAdd: (text: string) => void }) {
  const [text, setText] = useState(() => readDraft(draftKey).trim());
  if (!text) return null;
  const done = () => {
    writeDraft(draftKey, '');
    setText('');
  };
  return (
    <div class="notice notice-late left-draft" role="status">
      <p>{t('draft.left', { text })}</p>
      <button
        type="button"
        class="btn"
        onClick={() => {
          onAdd(text);
          done();
        }}
      >
        {t('draft.addLate')}
      </button>{' '}
      <button type="button" class="btn-link" onClick={done}>
        {t('draft.discard')}
      </button>
    </div>
  );
}
