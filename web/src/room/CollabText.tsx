// A textarea/input bound to an Automerge text field: local typing becomes a
// minimal splice, remote edits update the field without moving the caret.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { mapCaret } from '../lib/textDiff';

interface Props {
  value: string;
  onText: (next: string) => void;
  label: string;
  readOnly?: boolean;
  multiline?: boolean;
  className?: string;
  placeholder?: string;
  testId?: string;
  noteId?: string;
}

export function CollabText({ value, onText, label, readOnly, multiline = true, className, placeholder, testId, noteId }: Props) {
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const composing = useRef(false);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || el.value === value || composing.current) return;
    const focused = document.activeElement === el;
    const start = el.selectionStart ?? 0;
    const end = el.selectionEnd ?? 0;
    const before = el.value;
    el.value = value;
    if (focused) el.setSelectionRange(mapCaret(before, value, start), mapCaret(before, value, end));
    if (multiline) autosize(el);
  }, [value]);

  useLayoutEffect(() => {
    if (ref.current && multiline) autosize(ref.current);
  }, []);

  const onInput = (e: Event) => {
    const el = e.currentTarget as HTMLTextAreaElement;
    if (multiline) autosize(el);
    if (!composing.current) onText(el.value);
  };
  const common = {
    ref,
    'aria-label': label,
    readOnly,
    'aria-readonly': readOnly,
    class: className,
    placeholder,
    defaultValue: value,
    onInput,
    onCompositionStart: () => (composing.current = true),
    onCompositionEnd: (e: Event) => {
      composing.current = false;
      onText((e.currentTarget as HTMLTextAreaElement).value);
    },
    'data-testid': testId,
    'data-note-id': noteId,
  };
  return multiline ? <textarea rows={2} {...common} /> : <input type="text" {...common} />;
}

function autosize(el: HTMLElement): void {
  el.style.height = 'auto';
  el.style.height = `${el.scrollHeight + 2}px`;
}
