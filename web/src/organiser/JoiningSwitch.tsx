// Whether the join code still lets people in: the organiser closes it once
// everyone is there (POST joining), and can reopen it for a latecomer.
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { OrganiserView } from '../generated/OrganiserView';
import { t } from '../i18n';

export function JoiningSwitch({ session, secret, onChange }: { session: OrganiserView; secret: string; onChange: () => void }) {
  const [error, setError] = useState('');
  const open = session.joining === 'open';
  const toggle = async () => {
    setError('');
    try {
      await api.setJoining(session.id, secret, open ? 'closed' : 'open');
      onChange();
    } catch (e) {
      setError((e as Error).message || t('error.generic'));
    }
  };
  return (
    <section class="panel" aria-labelledby="joining-h">
      <h2 id="joining-h">{t('joining.title')}</h2>
      <p role="status">{open ? t('joining.isOpen') : t('joining.isClosed')}</p>
      <button type="button" class={open ? 'btn' : 'btn-primary'} onClick={toggle}>
        {open ? t('joining.close') : t('joining.reopen')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
