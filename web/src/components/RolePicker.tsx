// The role radio group, as the join form and the lobby's role correction
// show it (roles in the contract's order, labels from the locale).
import { ROLE_KEYS } from '../contract';
import { roleLabel, t } from '../i18n';
import type { ParticipantRole } from '../generated/ParticipantRole';

export function RolePicker({ value, onPick }: { value: ParticipantRole | ''; onPick: (role: ParticipantRole) => void }) {
  return (
    <fieldset class="field roles">
      <legend>{t('join.role')}</legend>
      {ROLE_KEYS.map((r) => (
        <label class="role-option" key={r}>
          <input type="radio" name="role" value={r} checked={value === r} onChange={() => onPick(r)} />
          {roleLabel(r)}
        </label>
      ))}
    </fieldset>
  );
}
