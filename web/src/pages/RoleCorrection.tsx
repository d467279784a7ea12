// In the lobby: "Je doet mee als …" and, while the server still allows it
// (until the round that groups by role starts), a way to correct a role
// picked by mistake.
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { roleLabel, t } from '../i18n';
import { RolePicker } from '../components/RolePicker';
import type { ParticipantRole } from '../generated/ParticipantRole';

interface Props {
  token: string;
  role: ParticipantRole;
  open: boolean;
  onChanged: (role: ParticipantRole) => void;
}

export function RoleCorrection({ token, role, open, onChanged }: Props) {
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<ParticipantRole>(role);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const me = await api.changeRole(token, picked);
      onChanged(me.participant.role);
      setEditing(false);
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'role-locked' ? t('lobby.roleLocked') : t('lobby.roleFailed'));
    } finally {
      setBusy(false);
    }
  };
  if (!editing || !open) {
    return (
      <p class="lobby-role">
        {t('lobby.joinedAs', { role: roleLabel(role) })}{' '}
        {open && (
          <button
            type="button"
            class="btn-link"
            onClick={() => {
              setPicked(role);
              setEditing(true);
            }}
          >
            {t('lobby.changeRole')}
          </button>
        )}
        {error && (
          <span class="error" role="alert">
            {error}
          </span>
        )}
      </p>
    );
  }
  return (
    <form class="lobby-role" onSubmit={save}>
      <RolePicker value={picked} onPick={setPicked} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="btn-primary" disabled={busy}>
        {t('lobby.saveRole')}
      </button>{' '}
      <button type="button" class="btn-link" onClick={() => setEditing(false)}>
        {t('lobby.cancelRole')}
      </button>
    </form>
  );
}
