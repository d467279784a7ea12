// "Ik doe op afstand mee": the server keeps it with the participant (so it
// survives a reload, another device, a restart, and the organiser sees it).
// The toggle shows the choice at once and follows the server's answer.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { MeView } from '../generated/MeView';
import { t } from '../i18n';

export function useAttendance(token: string, me: MeView | null): { remote: boolean; setRemote: (v: boolean) => void; error: string } {
  const [pending, setPending] = useState<boolean | null>(null);
  const [error, setError] = useState('');
  const known = me?.participant.attendance === 'remote';
  // The live state caught up with the choice: it is the truth again.
  useEffect(() => {
    if (pending !== null && pending === known) setPending(null);
  }, [known, pending]);
  const setRemote = (v: boolean) => {
    setPending(v);
    setError('');
    api.setAttendance(token, v ? 'remote' : 'in-room').then(
      () => undefined,
      () => {
        setPending(null);
        setError(t('call.saveFailed'));
      },
    );
  };
  return { remote: pending ?? known, setRemote, error };
}
