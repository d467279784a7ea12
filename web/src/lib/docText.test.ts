// Unit tests: scalar strings from other peers render as plain text.
import { describe, expect, it } from 'vitest';
import { asText, plainRoom } from './docText';

describe('asText', () => {
  it('passes strings and unwraps immutable strings', () => {
    expect(asText('a')).toBe('a');
    expect(asText({ val: 'Schoolopleiders 2' })).toBe('Schoolopleiders 2');
    expect(asText(null)).toBe('');
  });
});

describe('plainRoom', () => {
  it('reads an older list of chosen themes as the same set, duplicates once', () => {
    const older = { chosen_themes: ['visie', 'visie', { val: 'kennisdeling' }] } as unknown as Parameters<typeof plainRoom>[0];
    expect(plainRoom(older).chosen_themes).toEqual({ visie: true, kennisdeling: true });
    const newer = { chosen_themes: { visie: true } } as unknown as Parameters<typeof plainRoom>[0];
    expect(plainRoom(newer).chosen_themes).toEqual({ visie: true });
  });
});
