// Unit tests for phase transitions and the defensive template reader.
import { describe, expect, it } from 'vitest';
import { allowedTransitions, canTransition, currentPhase } from './phases';
import { normaliseTemplate, noteTargets, withFallbackSection } from './template';

const kwaliteitsgesprek = normaliseTemplate({
  id: 'kwaliteitsgesprek-data',
  title: 'Kwaliteitsgesprek over data',
  phases: [
    { id: 'check-in', title: 'Check-in' },
    { id: 'process-check', title: 'Proces-check', next: ['check-out'], back: ['check-in'] },
    { id: 'check-out', title: 'Check-out' },
  ],
  sections: [
    { id: 'vragen', title: 'Vragen', questions: [{ id: 'q1', text: 'Wat zie ik?', audience: 'ik', mode: 'silent' }, { id: 'q2', text: 'Wat zien wij?', who: 'ik & wij', aloud: true }] },
  ],
});

describe('phases', () => {
  it('starts in the first phase when the doc has none', () => {
    expect(currentPhase(kwaliteitsgesprek.phases, null)?.id).toBe('check-in');
  });
  it('moves forward linearly by default', () => {
    expect(allowedTransitions(kwaliteitsgesprek.phases, 'check-in').map((t) => t.phase.id)).toEqual(['process-check']);
  });
  it('lets the process-check go back to the data', () => {
    const t = allowedTransitions(kwaliteitsgesprek.phases, 'process-check');
    expect(t.map((x) => [x.phase.id, x.direction])).toEqual([['check-out', 'forward'], ['check-in', 'back']]);
  });
  it('forbids skipping and ends at the last phase', () => {
    expect(canTransition(kwaliteitsgesprek.phases, 'check-in', 'check-out')).toBe(false);
    expect(allowedTransitions(kwaliteitsgesprek.phases, 'check-out')).toEqual([]);
  });
});

describe('normaliseTemplate', () => {
  it('reads question marks for ik/wij and silent/aloud', () => {
    const [q1, q2] = kwaliteitsgesprek.sections[0].questions;
    expect([q1.audience, q1.silent]).toEqual(['ik', true]);
    expect([q2.audience, q2.aloud]).toEqual(['ik-en-wij', true]);
  });
  it('makes questions the note targets of a section', () => {
    expect(noteTargets(kwaliteitsgesprek).map((t) => t.id)).toEqual(['vragen', 'q1', 'q2']);
  });
  it('never throws on junk and falls back to one section', () => {
    const t = withFallbackSection(normaliseTemplate(42, 'x'), 'Notities');
    expect(t.id).toBe('x');
    expect(noteTargets(t).map((x) => x.id)).toEqual(['general']);
  });
  it('reads the core template format: transitions, kinds, themes, decks', () => {
    const t = normaliseTemplate({
      id: 'k',
      title: 'K',
      statement: true,
      central_question: { text: 'Op welke wijze?', description: null },
      phases: [{ id: 'check-in', title: 'Check-in' }, { id: 'proces-check', title: 'Proces-check' }, { id: 'check-out', title: 'Check-out' }],
      initial_phase: 'check-in',
      transitions: [
        { from: 'check-in', to: 'proces-check', label: 'Naar de proces-check' },
        { from: 'proces-check', to: 'check-out', label: null },
        { from: 'proces-check', to: 'check-in', label: 'Doorpraten over de data' },
      ],
      sections: [
        { id: 'start', title: 'Start', kind: 'notes', phase: null, prompts: ['Waar bijt het?'], questions: [{ id: '1.1', text: 'Vraag', who: 'ik-en-wij', mode: 'silent-first', example: true }] },
        { id: 'themas', title: "Thema's", kind: 'themes', questions: [] },
        { id: 'kaart', title: 'Kaart', kind: 'deck', questions: [] },
        { id: 'afspraken', title: 'Afspraken', kind: 'agreements', questions: [] },
      ],
      theme_choice: { min: 1, max: null, own_theme: { id: 'eigen', title: 'Eigen thema', description: null } },
      themes: [{ id: 'werkplek', title: 'Werkplekleren', guiding_questions: ['Hoe?'], tools: [{ title: 'Tool', url: null }, { title: 'T2', url: 'https://example.org' }] }],
      decks: [{ id: 'prikkel', title: 'Prikkelvragen', description: null }],
      cards: [{ id: 'p1', deck: 'prikkel', theme: 'opleiden', kind: 'vision', text: 'Wat als…?', example: true }],
    });
    expect(t.statement).toBe('');
    expect(t.centralQuestion).toBe('Op welke wijze?');
    expect(allowedTransitions(t.phases, 'proces-check').map((x) => [x.phase.id, x.direction])).toEqual([['check-out', 'forward'], ['check-in', 'back']]);
    expect(t.phases[1].labels['check-in']).toBe('Doorpraten over de data');
    expect(t.sections[0].questions[0]).toMatchObject({ audience: 'ik-en-wij', silent: true, silentFirst: true, example: true });
    expect(t.sections[0].prompts).toEqual(['Waar bijt het?']);
    expect(t.decks[0].cards.map((c) => c.id)).toEqual(['p1']);
    expect(t.themes[0].tools.map((l) => l.url)).toEqual(['https://example.org']);
    expect(noteTargets(t).map((x) => x.id)).toEqual(['start', '1.1', 'werkplek', 'eigen', 'kaart']);
  });
  it('reads sections without questions as targets', () => {
    const t = normaliseTemplate({ sections: [{ id: 'kansen', title: 'Kansen' }, { title: 'Uitdagingen' }] });
    expect(noteTargets(t).map((x) => x.id)).toEqual(['kansen', 'uitdagingen']);
  });
});
