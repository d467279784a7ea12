// The organiser's broadcast message, shown on every participant's screen
// until the round changes (the server drops it then) or the participant
// closes it; a closed message stays closed after a reload.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Icon } from './Icon';

const DISMISSED = 'samenbord.broadcast.dismissed';

export function Banner({ message, at }: { message: string; at: number }) {
  const dismissed = () => localStorage.getItem(DISMISSED) === String(at);
  const [hidden, setHidden] = useState(dismissed);
  useEffect(() => setHidden(dismissed()), [message, at]);
  if (hidden || !message) return null;
  const close = () => {
    localStorage.setItem(DISMISSED, String(at));
    setHidden(true);
  };
  return (
    <div class="banner" role="alert">
      <span>
        <Icon name="megaphone" /> {message}
      </span>
      <button type="button" class="btn-small" aria-label={t('banner.close')} onClick={close}>
        ×
      </button>
    </div>
  );
}
