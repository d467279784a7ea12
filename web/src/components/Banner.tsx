// The organiser's broadcast message, shown on every participant's screen.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

export function Banner({ message, at }: { message: string; at: string | number }) {
  const [hidden, setHidden] = useState(false);
  useEffect(() => setHidden(false), [message, at]);
  if (hidden || !message) return null;
  return (
    <div class="banner" role="alert">
      <span>📣 {message}</span>
      <button type="button" class="btn-small" aria-label={t('banner.close')} onClick={() => setHidden(true)}>
        ×
      </button>
    </div>
  );
}
