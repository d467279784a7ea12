// A button whose action reaches many people and cannot simply be undone
// (ending a round closes every room; opening silent notes shows everyone's
// notes): the first press asks in place, the second does it, so a slip of
// the finger in a hall of 150 people changes nothing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';

interface Props {
  label: string;
  question: string;
  confirmLabel: string;
  className: string;
  disabled?: boolean;
  onConfirm: () => void;
}

export function ConfirmButton({ label, question, confirmLabel, className, disabled, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class={className} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="confirm-question">{question}</span>
      <button
        type="button"
        ref={confirm}
        class={className}
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="btn" onClick={() => setAsking(false)}>
        {t('confirm.cancel')}
      </button>
    </span>
  );
}
