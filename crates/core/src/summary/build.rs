//! Assembles the [`Report`]: sorts the notes by a stable key, normalises
//! them once, clusters each section of each round across all its rooms, and
//! lays the clusters out per group and across groups, with topics and
//! representative wordings.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::cluster::{ClusterStats, cluster, cluster_with_stats};
use super::config::MergeConfig;
use super::input::{AgreementRecord, NoteRecord};
use super::normalise::Normaliser;
use super::polarity::polarity;
use super::report::{
    GroupReport, ItemId, Member, MergedItem, Report, RoundReport, SectionReport, TopicId,
    TopicReport, TopicSource,
};
use super::similarity::{NoteVector, StemId, StemLexicon, Vocabulary, similarity};
use super::topics::{SuggestionKind, TopicInput, suggest};
use super::views::{self, ALL_VIEW};

/// Builds the merged report of all `notes`; the same notes in any order
/// give the same report.
pub fn build_report(
    notes: &[NoteRecord],
    agreements: &[AgreementRecord],
    config: &MergeConfig,
) -> Report {
    let analysis = Analysis::new(notes, config);
    let rounds = analysis.rounds();
    let mut agreements = agreements.to_vec();
    agreements.sort();
    let mut report = Report {
        rounds,
        agreements,
        overall_summary: String::new(),
    };
    views::refresh(&mut report);
    report
}

/// The clusters of every section, as ascending note indices.
pub fn clusters(notes: &[NoteRecord], config: &MergeConfig) -> Vec<Vec<NoteRecord>> {
    let analysis = Analysis::new(notes, config);
    analysis
        .sections()
        .into_iter()
        .flat_map(|members| analysis.cluster(&members))
        .map(|c| c.into_iter().map(|i| analysis.notes[i].clone()).collect())
        .collect()
}

/// What clustering `notes` costs, summed over every section: notes, nodes
/// after collapsing duplicates, and similarity evaluations. Deterministic,
/// so tests can bound it (candidate pairs ≤ `MAX_CANDIDATES` × nodes).
pub fn merge_stats(notes: &[NoteRecord], config: &MergeConfig) -> ClusterStats {
    let analysis = Analysis::new(notes, config);
    let mut total = ClusterStats::default();
    for members in analysis.sections() {
        total += cluster_with_stats(&members, &analysis.vectors, &analysis.vocab, config).1;
    }
    total
}

/// A section's note indices and its clusters.
type SectionClusters = (Vec<usize>, Vec<Vec<usize>>);

/// Every note normalised once, in stable order, with its vector.
struct Analysis<'a> {
    config: &'a MergeConfig,
    notes: Vec<&'a NoteRecord>,
    normaliser: Normaliser,
    vocab: Vocabulary,
    vectors: Vec<NoteVector>,
    /// For each stem, its most common written word (for topic names).
    surfaces: HashMap<StemId, String>,
}

impl<'a> Analysis<'a> {
    fn new(notes: &'a [NoteRecord], config: &'a MergeConfig) -> Self {
        let mut sorted: Vec<&NoteRecord> = notes.iter().collect();
        sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let normaliser = Normaliser::new();
        // A day has a handful of section titles: normalise each once.
        let mut titles: HashMap<&str, Vec<String>> = HashMap::default();
        let mut terms: Vec<_> = sorted.iter().map(|n| normaliser.terms(&n.text)).collect();
        normaliser.split_by_corpus(&mut terms);
        for (note, terms) in sorted.iter().zip(terms.iter_mut()) {
            let title = titles
                .entry(note.section_title.as_str())
                .or_insert_with(|| normaliser.key(&note.section_title));
            // Without the words of the section's title: in "Uitdagingen",
            // "tijd is een uitdaging" is about *tijd*.
            terms.retain(|t| !title.contains(&t.stem));
        }
        let lexicon = StemLexicon {
            actors: normaliser.actor_stems(),
            field: normaliser.field_stems(),
            related: normaliser.related_stems(),
        };
        let (vocab, mut vectors) = Vocabulary::build(&terms, &lexicon, config);
        for (vector, note) in vectors.iter_mut().zip(&sorted) {
            vector.polarity = polarity(&note.text);
        }
        let mut counts: BTreeMap<(StemId, &str), usize> = BTreeMap::new();
        for note in &terms {
            for term in note {
                if let Some(id) = vocab.id(&term.stem) {
                    *counts.entry((id, term.surface.as_str())).or_insert(0) += 1;
                }
            }
        }
        let mut surfaces: HashMap<StemId, (usize, String)> = HashMap::default();
        for ((id, word), n) in counts {
            let entry = surfaces.entry(id).or_insert((0, String::new()));
            if n > entry.0 {
                *entry = (n, word.to_owned());
            }
        }
        Self {
            config,
            notes: sorted,
            normaliser,
            vocab,
            vectors,
            surfaces: surfaces.into_iter().map(|(k, (_, w))| (k, w)).collect(),
        }
    }

    /// Runs of note indices sharing round and section.
    fn sections(&self) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = Vec::new();
        for (i, note) in self.notes.iter().enumerate() {
            match out.last_mut() {
                Some(run)
                    if run.first().is_some_and(|&f| {
                        let first = self.notes[f];
                        first.round_id == note.round_id && first.section_id == note.section_id
                    }) =>
                {
                    run.push(i);
                }
                _ => out.push(vec![i]),
            }
        }
        out
    }

    fn cluster(&self, members: &[usize]) -> Vec<Vec<usize>> {
        cluster(members, &self.vectors, &self.vocab, self.config)
    }

    fn rounds(&self) -> Vec<RoundReport> {
        let mut rounds: Vec<RoundReport> = Vec::new();
        let mut round_sections: Vec<Vec<SectionClusters>> = Vec::new();
        for members in self.sections() {
            let clusters = self.cluster(&members);
            let first = self.notes[members[0]];
            if rounds.last().is_none_or(|r| r.round_id != first.round_id) {
                rounds.push(RoundReport {
                    round_id: first.round_id.clone(),
                    round_name: first.round_name.clone(),
                    groups: Vec::new(),
                    cross_group: Vec::new(),
                });
                round_sections.push(Vec::new());
            }
            if let Some(last) = round_sections.last_mut() {
                last.push((members, clusters));
            }
        }
        for (round, sections) in rounds.iter_mut().zip(round_sections) {
            round.cross_group = sections
                .iter()
                .map(|(members, clusters)| self.section_view(members, clusters.clone(), ALL_VIEW))
                .collect();
            round.groups = self.groups(&sections);
        }
        rounds
    }

    /// The round's groups (by label) with their statement and rooms; their
    /// sections are derived from the cross-group view ([`views::refresh`]).
    fn groups(&self, sections: &[SectionClusters]) -> Vec<GroupReport> {
        let mut labels: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (members, _) in sections {
            for &i in members {
                labels
                    .entry(self.notes[i].group_label.as_str())
                    .or_default()
                    .push(i);
            }
        }
        labels
            .into_iter()
            .map(|(label, notes)| {
                let mut rooms: Vec<_> = notes
                    .iter()
                    .map(|&i| self.notes[i].room_id.clone())
                    .collect();
                rooms.sort();
                rooms.dedup();
                let statement = notes.iter().find_map(|&i| self.notes[i].statement.clone());
                GroupReport {
                    label: label.to_owned(),
                    statement,
                    rooms,
                    sections: Vec::new(),
                }
            })
            .collect()
    }

    fn section_view(
        &self,
        members: &[usize],
        clusters: Vec<Vec<usize>>,
        scope: &str,
    ) -> SectionReport {
        let first = self.notes[members[0]];
        let prefix = format!("{}/{}/{}", first.round_id, scope, first.section_id);
        let items: Vec<MergedItem> = clusters.iter().map(|c| self.item(&prefix, c)).collect();
        let inputs: Vec<TopicInput<'_>> = clusters
            .iter()
            .map(|c| {
                let mut stems: Vec<StemId> = c
                    .iter()
                    .flat_map(|&i| self.vectors[i].content.iter().copied())
                    .collect();
                stems.sort_unstable();
                stems.dedup();
                TopicInput {
                    room_topics: c
                        .iter()
                        .filter_map(|&i| self.notes[i].topic.as_deref())
                        .filter(|t| !t.trim().is_empty())
                        .collect(),
                    stems,
                    texts: c.iter().map(|&i| self.notes[i].text.as_str()).collect(),
                }
            })
            .collect();
        let suggestions = suggest(&inputs, &self.normaliser, &self.vocab, &self.surfaces);
        let topics = suggestions
            .into_iter()
            .enumerate()
            .map(|(k, s)| TopicReport {
                id: TopicId(format!("{prefix}/t{k}")),
                name: s.name,
                source: match s.kind {
                    SuggestionKind::Rooms => TopicSource::Rooms,
                    SuggestionKind::Keyword => TopicSource::Keyword,
                    SuggestionKind::Other => TopicSource::Other,
                },
                items: s
                    .items
                    .iter()
                    .filter_map(|&i| items.get(i).cloned())
                    .collect(),
            })
            .collect();
        let mut section = SectionReport {
            section_id: first.section_id.clone(),
            title: first.section_title.clone(),
            topics,
        };
        section.sort();
        section
    }

    fn item(&self, prefix: &str, notes: &[usize]) -> MergedItem {
        let central = self.central_first(notes);
        let members: Vec<Member> = central.iter().map(|&i| member(self.notes[i])).collect();
        let mut item = MergedItem {
            id: ItemId(format!("{prefix}/{}", self.notes[notes[0]].note_id)),
            text: self.notes[central[0]].text.trim().to_owned(),
            count: 0,
            votes: 0,
            groups: Vec::new(),
            members,
        };
        item.recount();
        item
    }

    /// The members, most similar to all others first (the medoid leads,
    /// and each group's view takes its own most central member); ties go
    /// to the more informative (more stems), then the earlier note.
    fn central_first(&self, notes: &[usize]) -> Vec<usize> {
        let mut unique: Vec<(usize, f64)> = Vec::new();
        let mut index: HashMap<&[StemId], usize> = HashMap::default();
        let mut wording = Vec::with_capacity(notes.len());
        for &i in notes {
            // Same content, same similarity to everything (numbers aside).
            let v = &self.vectors[i];
            let stems = if v.content.is_empty() {
                v.stems.as_slice()
            } else {
                v.content.as_slice()
            };
            match index.get(stems) {
                Some(&u) => {
                    unique[u].1 += 1.0;
                    wording.push(u);
                }
                None => {
                    index.insert(stems, unique.len());
                    wording.push(unique.len());
                    unique.push((i, 1.0));
                }
            }
        }
        let reference: Vec<(usize, f64)> = unique.iter().take(MEDOID_REFERENCE).copied().collect();
        let score = |&(i, mult): &(usize, f64)| {
            let others: f64 = reference
                .iter()
                .filter(|(j, _)| *j != i)
                .map(|&(j, m)| {
                    m * similarity(&self.vocab, &self.vectors[i], &self.vectors[j], self.config)
                })
                .sum();
            others + (mult - 1.0)
        };
        let scores: Vec<f64> = unique.iter().map(score).collect();
        let mut rank: Vec<usize> = (0..unique.len()).collect();
        rank.sort_by(|&a, &b| {
            scores[b]
                .total_cmp(&scores[a])
                .then_with(|| {
                    let len = |u: usize| self.vectors[unique[u].0].content.len();
                    len(b).cmp(&len(a))
                })
                .then_with(|| unique[a].0.cmp(&unique[b].0))
        });
        let mut place = vec![0; unique.len()];
        for (r, &u) in rank.iter().enumerate() {
            place[u] = r;
        }
        let mut order: Vec<(usize, usize)> = notes
            .iter()
            .zip(&wording)
            .map(|(&i, &u)| (place[u], i))
            .collect();
        order.sort_unstable();
        order.into_iter().map(|(_, i)| i).collect()
    }
}

/// Enough distinct wordings to find a central one without quadratic cost.
const MEDOID_REFERENCE: usize = 64;

fn member(note: &NoteRecord) -> Member {
    Member {
        note_id: note.note_id.clone(),
        room_id: note.room_id.clone(),
        group_label: note.group_label.clone(),
        text: note.text.clone(),
        topic: note.topic.clone(),
        author_role: note.author_role,
        author_name: note.author_name.clone(),
        votes: note.votes,
        late: note.late,
    }
}
