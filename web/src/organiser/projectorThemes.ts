// What the hall's screen shows of a round's summary: the remarks made
// across all rooms (the summary's cross-group merge, the same model the
// report uses), most often made first.
import type { Summary } from '../summary/types';

export interface HallTheme {
  id: string;
  text: string;
  count: number;
  votes: number;
  section: string;
}

/** The `limit` merged items of `round` said most often, across sections;
 * among those said equally often, the ones with the most +1s (the room's
 * own weighing) first. */
export function hallThemes(summary: Summary, roundId: string, limit: number): HallTheme[] {
  const round = summary.rounds.find((r) => r.round_id === roundId);
  if (!round) return [];
  const all = round.cross_group.flatMap((section) =>
    section.topics.flatMap((topic) => topic.items.map((item) => ({ id: item.id, text: item.text, count: item.count, votes: item.votes, section: section.title }))),
  );
  return all.sort((a, b) => b.count - a.count || b.votes - a.votes || a.text.localeCompare(b.text)).slice(0, limit);
}
