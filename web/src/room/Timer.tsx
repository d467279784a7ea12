// Countdown to the round's timer_ends_at (unix milliseconds).
import { useEffect, useState } from 'preact/hooks';
import { Icon } from '../components/Icon';
import { t } from '../i18n';

export function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** The clock, ticking every second while there is a timer to follow. */
export function useNow(endsAt: number | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (endsAt === null) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [endsAt]);
  return now;
}

export function Timer({ endsAt }: { endsAt: number | null }) {
  const end = endsAt;
  const now = useNow(end);
  if (end === null) return null;
  const left = end - now;
  return (
    <span class={`timer${left < 60_000 ? ' is-low' : ''}`} role="timer" aria-label={t('timer.aria', { time: formatRemaining(left) })}>
      <Icon name="timer" /> {left > 0 ? formatRemaining(left) : t('timer.over')}
    </span>
  );
}
