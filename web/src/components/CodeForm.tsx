// The session-code field: typed codes go to /j/<CODE>. On the start page,
// and on the join page when a code turned out to be wrong, prefilled with
// it so one mistyped letter is fixed in place.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { navigate } from '../router';

export function CodeForm({ initial = '', heading }: { initial?: string; heading?: string }) {
  const [code, setCode] = useState(initial);
  return (
    <form
      class="panel"
      onSubmit={(e) => {
        e.preventDefault();
        // Codes are read aloud and copied from slides: spaces are noise.
        const c = code.replace(/\s+/g, '').toUpperCase();
        if (c) navigate(`/j/${encodeURIComponent(c)}`);
      }}
    >
      {heading && <h2>{heading}</h2>}
      <label class="field">
        {t('start.code')}
        <input value={code} autoCapitalize="characters" autoComplete="off" onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" class="btn-primary" disabled={!code.trim()}>
        {t('start.join')}
      </button>
    </form>
  );
}
