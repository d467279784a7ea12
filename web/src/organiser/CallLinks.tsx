// Call links for people taking part from elsewhere: one pattern for every
// room of a round ("https://meet.example.org/partnerdag-{room}", where
// {room} becomes each room's name), or a link pasted per room. The server
// checks and expands them (PUT call-links / call-link); a remote
// participant sees the link of the room they are in now.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { OrganiserView } from '../generated/OrganiserView';
import type { RoundView } from '../generated/RoundView';
import { t } from '../i18n';

export function CallLinks({ session, secret, onChange }: { session: OrganiserView; secret: string; onChange: () => void }) {
  const rounds = session.rounds.filter((r) => r.status !== 'ended');
  const choices = rounds.length > 0 ? rounds : session.rounds;
  const [roundId, setRoundId] = useState(choices[0]?.id ?? '');
  const round = choices.find((r) => r.id === roundId) ?? choices[0];
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  if (!round) return null;

  const run = async (work: Promise<unknown>, done: string) => {
    setError('');
    setStatus('');
    try {
      await work;
      setStatus(done);
      onChange();
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'invalid-call-link' ? t('calls.invalid') : (e as Error).message || t('error.generic'));
    }
  };

  return (
    <section class="panel call-links" aria-labelledby="calls-h">
      <h2 id="calls-h">{t('calls.title')}</h2>
      <p class="muted">{t('calls.help')}</p>
      {choices.length > 1 && (
        <label class="field">
          {t('people.round')}
          <select value={round.id} onChange={(e) => setRoundId((e.target as HTMLSelectElement).value)}>
            {choices.map((r) => (
              <option value={r.id} key={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <PatternForm key={round.id} round={round} onSave={(pattern) => run(api.setCallPattern(session.id, secret, round.id, pattern), pattern ? t('calls.patternSaved') : t('calls.cleared'))} />
      <details class="call-rooms">
        <summary>{t('calls.perRoom', { n: round.groups.filter((g) => g.call_link).length, total: round.groups.length })}</summary>
        <ul class="call-room-list">
          {round.groups.map((g) => (
            <RoomLink
              key={`${round.id}/${g.id}/${g.call_link ?? ''}`}
              name={g.name}
              link={g.call_link}
              onSave={(link) => run(api.setCallLink(session.id, secret, round.id, g.id, link), link ? t('calls.roomSaved', { room: g.name }) : t('calls.cleared'))}
            />
          ))}
        </ul>
      </details>
      {status && <p role="status">{status}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function PatternForm({ round, onSave }: { round: RoundView; onSave: (pattern: string | null) => void }) {
  const [pattern, setPattern] = useState(round.call_pattern ?? '');
  useEffect(() => setPattern(round.call_pattern ?? ''), [round.call_pattern]);
  return (
    <form
      class="tool-row"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(pattern.trim() || null);
      }}
    >
      <label class="field call-pattern">
        {t('calls.pattern')}
        <input type="text" inputMode="url" spellcheck={false} autocomplete="off" value={pattern} placeholder="https://meet.example.org/partnerdag-{room}" onInput={(e) => setPattern((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" class="btn-primary">
        {t('calls.savePattern')}
      </button>
      {round.call_pattern && (
        <button type="button" class="btn" onClick={() => onSave(null)}>
          {t('calls.clear')}
        </button>
      )}
    </form>
  );
}

function RoomLink({ name, link, onSave }: { name: string; link: string | null; onSave: (link: string | null) => void }) {
  const [value, setValue] = useState(link ?? '');
  return (
    <li>
      <form
        class="tool-row"
        onSubmit={(e) => {
          e.preventDefault();
          onSave(value.trim() || null);
        }}
      >
        <label class="field">
          {t('calls.roomLink', { room: name })}
          <input type="text" inputMode="url" spellcheck={false} autocomplete="off" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="btn-small" aria-label={t('calls.saveRoomOf', { room: name })}>
          {t('calls.saveRoom')}
        </button>
      </form>
    </li>
  );
}
