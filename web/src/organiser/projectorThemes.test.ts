// The hall's screen picks the remarks said most often; among remarks said
// equally often, the ones the room gave the most +1s (a user test saw the
// screen list 8 of 12 one-off remarks alphabetically, a remark with two
// +1s left off).
import { describe, expect, it } from 'vitest';
import type { SItem, Summary } from '../summary/types';
import { hallThemes } from './projectorThemes';

const item = (id: string, count: number, votes: number): SItem => ({ id, text: `Opmerking ${id}`, count, votes, groups: ['A'], members: [] });

const summary = (items: SItem[]): Summary =>
  ({
    rounds: [
      {
        round_id: 'r1',
        round_name: 'Ronde 1',
        groups: [],
        cross_group: [{ section_id: 'kansen', title: 'Kansen', topics: [{ id: 't', name: 'Overig', source: 'other', items }] }],
      },
    ],
  }) as unknown as Summary;

describe('hall themes', () => {
  it('puts the most often said first, then the most +1s', () => {
    const got = hallThemes(summary([item('a', 1, 0), item('b', 1, 2), item('c', 3, 0), item('d', 1, 1)]), 'r1', 3);
    expect(got.map((t) => t.id)).toEqual(['c', 'b', 'd']);
  });
});
