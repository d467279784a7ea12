// A textarea/input bound to an Automerge text field: local typing becomes an
// edit against the text the field last showed (never against a document that
// may already hold unseen remote changes), remote edits update the field
// without moving the caret.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_TEXT_CHARS } from '../generated/limits';
import { t } from '../i18n';
import { mapCaret, type CaretAnchor, type TextEdit } from '../lib/textDiff';

interface Props {
  value: string;
  onText: (edit: TextEdit) => CaretAnchor | null | void;
  label: string;
  readOnly?: boolean;
  multiline?: boolean;
  className?: string;
  placeholder?: string;
  testId?: string;
  noteId?: string;
  /** Someone typing here when the field locks (the round ended) may
   * finish what they were writing, until they leave the field: the
   * server keeps one's own typing after the end, marked late. */
  mayFinish?: boolean;
}

export function CollabText({ value, onText, label, readOnly, multiline = true, className, placeholder, testId, noteId, mayFinish }: Props) {
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  // A round ending mid-word cut the word off (a user test): the person
  // in the field keeps it until they leave it.
  const [finishing, setFinishing] = useState(false);
  useLayoutEffect(() => {
    if (readOnly && mayFinish && ref.current && document.activeElement === ref.current) setFinishing(true);
    if (!readOnly) setFinishing(false);
  }, [readOnly, mayFinish]);
  const locked = Boolean(readOnly) && !finishing;
  const composing = useRef(false);
  // The text the field showed before the person's latest keystroke.
  const shown = useRef(value);
  // Where the person's caret sits in the document after their last edit.
  const anchor = useRef<CaretAnchor | null>(null);

  const send = (el: HTMLTextAreaElement | HTMLInputElement) => {
    const edit = { base: shown.current, next: el.value, caret: el.selectionEnd ?? el.value.length, anchor: anchor.current };
    shown.current = el.value;
    anchor.current = onText(edit) || null;
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || composing.current) return;
    shown.current = value;
    if (el.value === value) {
      // Preact's defaultValue may already have put a remote edit into a
      // field nobody typed in: it still has to grow with it.
      if (multiline) autosize(el);
      return;
    }
    const focused = document.activeElement === el;
    const start = el.selectionStart ?? 0;
    const end = el.selectionEnd ?? 0;
    const before = el.value;
    el.value = value;
    if (focused) {
      // A caret still where the last edit left it follows that edit's anchor
      // (the person's own text); otherwise it is shifted by the diff.
      const pinned = start === end && anchor.current?.at === start ? anchor.current.resolve() : null;
      const caret = pinned ?? mapCaret(before, value, start);
      el.setSelectionRange(caret, pinned ?? mapCaret(before, value, end));
      if (pinned === null) anchor.current = null;
      else if (anchor.current) anchor.current.at = caret;
    } else anchor.current = null;
    if (multiline) autosize(el);
  }, [value]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !multiline) return;
    autosize(el);
    // A new width re-wraps the text (a phone turned, a window widened);
    // the field's own height change must not set it off again.
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      autosize(el);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onInput = (e: Event) => {
    const el = e.currentTarget as HTMLTextAreaElement;
    if (multiline) autosize(el);
    if (!composing.current) send(el);
  };
  const common = {
    ref,
    'aria-label': label,
    readOnly: locked,
    'aria-readonly': locked,
    class: className,
    placeholder,
    // The server refuses longer texts; the browser stops typing there.
    maxLength: MAX_TEXT_CHARS,
    defaultValue: value,
    onInput,
    onBlur: () => setFinishing(false),
    onCompositionStart: () => (composing.current = true),
    onCompositionEnd: (e: Event) => {
      composing.current = false;
      send(e.currentTarget as HTMLTextAreaElement);
    },
    'data-testid': testId,
    'data-note-id': noteId,
  };
  const field = multiline ? <textarea rows={2} {...common} /> : <input type="text" {...common} />;
  if (!finishing) return field;
  return (
    <>
      {field}
      <p class="note-finishing" role="status">
        {t('note.finishing')}
      </p>
    </>
  );
}

function autosize(el: HTMLElement): void {
  el.style.height = 'auto';
  el.style.height = `${el.scrollHeight + 2}px`;
}
