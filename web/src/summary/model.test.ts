// Unit tests for the summary review helpers: card order, views of a round,
// merge and move candidates stay inside one section, export file names.
import { describe, expect, it } from 'vitest';
import { afterEdit, exportFileName, mergeCandidates, moveTargets, noteCount, orderSections, roundViews, shortText } from './model';
import type { SItem, SRound, SSection, Summary } from './types';

const item = (id: string, count = 1): SItem => ({ id, text: `tekst ${id}`, count, votes: 0, groups: ['A'], members: [] });
const section = (id: string): SSection => ({
  section_id: id,
  title: id,
  topics: [
    { id: `${id}/t0`, name: 'Tijd', source: 'rooms', items: [item(`${id}/a`, 3), item(`${id}/b`)] },
    { id: `${id}/t1`, name: 'Overig', source: 'other', items: [item(`${id}/c`)] },
  ],
});

describe('summary model', () => {
  it('orders sections as the card does, unknown ones last', () => {
    const got = orderSections([section('x'), section('kansen'), section('opbrengsten')], ['opbrengsten', 'kansen']);
    expect(got.map((s) => s.section_id)).toEqual(['opbrengsten', 'kansen', 'x']);
  });
  it('shows all groups together first, then each group', () => {
    const round: SRound = {
      round_id: 'r1',
      round_name: 'Ronde 1',
      cross_group: [section('s')],
      groups: [{ label: 'Schoolopleiders', statement: 'Stelling', rooms: ['g1'], sections: [] }],
    };
    const views = roundViews(round);
    expect(views.map((v) => v.key)).toEqual(['all', 'g0']);
    expect(views[1].statement).toBe('Stelling');
  });
  it('offers only other items and other topics of the same section', () => {
    const s = section('s');
    const a = s.topics[0].items[0];
    expect(mergeCandidates(s, a).map((i) => i.id)).toEqual(['s/b', 's/c']);
    expect(moveTargets(s, a).map((t) => t.id)).toEqual(['s/t1']);
    expect(noteCount(s)).toBe(5);
  });
  it('names export files from the server, else from the session', () => {
    expect(exportFileName('attachment; filename="samenvatting-abc.docx"', 'abc', 'docx', null)).toBe('samenvatting-abc.docx');
    expect(exportFileName(null, 'abc', 'md', 'ronde-1')).toBe('samenvatting-abc-ronde-1.md');
  });
  it('shortens long texts for selects', () => {
    expect(shortText('a  b', 10)).toBe('a b');
    expect(shortText('x'.repeat(100), 10)).toHaveLength(10);
  });
  it('keeps a generated text or a fallback notice across an edit', () => {
    const base: Summary = { title: 'Dag', anonymous: false, overall_summary: { text: 'uit', source: 'extractive', notice: null }, section_order: [], rounds: [], agreements: [], notes: [], plan: [], skipped_edits: [], warnings: [] };
    const fell = { ...base, overall_summary: { text: 'uit', source: 'extractive' as const, notice: 'De automatische samenvatting kon niet…' } };
    const fresh = { ...base, overall_summary: { text: 'nieuw', source: 'extractive' as const, notice: null } };
    expect(afterEdit(fell, fresh).overall_summary.notice).toContain('kon niet');
    expect(afterEdit(base, fresh).overall_summary.text).toBe('nieuw');
    const edited = { ...base, overall_summary: { text: 'eigen', source: 'edited' as const, notice: null } };
    expect(afterEdit(fell, edited).overall_summary.text).toBe('eigen');
  });
});
