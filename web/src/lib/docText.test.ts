// Unit tests: scalar strings from other peers render as plain text.
import { describe, expect, it } from 'vitest';
import { asText } from './docText';

describe('asText', () => {
  it('passes strings and unwraps immutable strings', () => {
    expect(asText('a')).toBe('a');
    expect(asText({ val: 'Schoolopleiders 2' })).toBe('Schoolopleiders 2');
    expect(asText(null)).toBe('');
  });
});
