// The organiser's broadcast message, shown on every participant's screen
// until the round changes (the server drops it then) or the participant
// closes it; a closed message stays closed after a reload.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Icon } from './Icon';

const DISMISSED = 'samenbord.broadcast.dismissed';

export function Banner({ message, at }: { message: string; at: number }) {
  const dismissed = () => localStorage.getItem(DISMISSED) === String(at);
  const [hidden, setHidden] = useState(dismissed);
  useEffect(() => setHidden(dismissed()), [message, at]);
  const bar = useRef<HTMLDivElement>(null);
  // Other sticky things (the room's pinned question) stick below the
  // message instead of over it: they read its height from --banner-height.
  useEffect(() => {
    const el = bar.current;
    if (!el) return;
    const root = document.documentElement.style;
    const measure = () => root.setProperty('--banner-height', `${el.offsetHeight}px`);
    measure();
    const resized = new ResizeObserver(measure);
    resized.observe(el);
    return () => {
      resized.disconnect();
      root.removeProperty('--banner-height');
    };
  }, [hidden, message]);
  if (hidden || !message) return null;
  const close = () => {
    localStorage.setItem(DISMISSED, String(at));
    setHidden(true);
  };
  return (
    <div class="banner" role="alert" ref={bar}>
      <span>
        <Icon name="megaphone" /> {message}
      </span>
      <button type="button" class="btn-small" aria-label={t('banner.close')} onClick={close}>
        ×
      </button>
    </div>
  );
}
