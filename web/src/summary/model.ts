// Pure helpers for the summary review screen: section order from the card,
// the views of a round (all groups together, then each group), and what an
// item can be merged with or moved to (always within its own section).
import type { SAgreement, SItem, SRound, SSection, STopic, Summary } from './types';

/** Sections in the card's order; unlisted ones keep their order, after. */
export function orderSections(sections: SSection[], order: string[]): SSection[] {
  const rank = (s: SSection) => {
    const i = order.indexOf(s.section_id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return sections
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map((x) => x.s);
}

export interface View {
  /** "all" for the groups together, else "g<index>". */
  key: string;
  label: string | null;
  statement: string | null;
  sections: SSection[];
}

/** The views of a round: all groups merged first, then each group. */
export function roundViews(round: SRound): View[] {
  return [
    { key: 'all', label: null, statement: null, sections: round.cross_group },
    ...round.groups.map((g, i) => ({ key: `g${i}`, label: g.label, statement: g.statement, sections: g.sections })),
  ];
}

/** Other items of the same section, as merge candidates. */
export function mergeCandidates(section: SSection, item: SItem): SItem[] {
  return section.topics.flatMap((t) => t.items).filter((i) => i.id !== item.id);
}

/** Topics of the section the item could move to (not its own). */
export function moveTargets(section: SSection, item: SItem): STopic[] {
  return section.topics.filter((t) => !t.items.some((i) => i.id === item.id));
}

/** Number of notes in a section (over its topics). */
export function noteCount(section: SSection): number {
  return section.topics.reduce((n, t) => n + t.items.reduce((m, i) => m + i.count, 0), 0);
}

/** Agreements of the rounds shown, grouped in report order. */
export function agreementsOf(summary: Summary): SAgreement[] {
  const rounds = new Set(summary.rounds.map((r) => r.round_id));
  return summary.agreements.filter((a) => rounds.has(a.round_id) && a.what.trim());
}

/** A short label for an item in a select: its text, shortened. */
export function shortText(text: string, max = 70): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A file name for an export: from Content-Disposition, else built. */
export function exportFileName(disposition: string | null, sessionId: string, key: string, round: string | null): string {
  const m = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
  if (m) return decodeURIComponent(m[1]);
  return `samenvatting-${sessionId}${round ? `-${round}` : ''}.${key}`;
}

/**
 * The summary to show after a review edit. The edit's answer carries the
 * built-in overall text only (the server does not call the language model
 * for it), so a generated text, or the notice that generation failed, is
 * kept from before until the next full load.
 */
export function afterEdit(before: Summary | null, after: Summary): Summary {
  const prev = before?.overall_summary;
  if (prev && after.overall_summary.source === 'extractive' && (prev.source === 'generated' || prev.notice)) {
    return { ...after, overall_summary: prev };
  }
  return after;
}
