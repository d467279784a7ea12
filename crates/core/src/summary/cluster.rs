//! Average-linkage clustering of one section's notes. Identical notes (same
//! stems) are collapsed first; candidate pairs come from an inverted index
//! over stems that are rare in the section (blocking), so a section with
//! thousands of notes is not compared all-against-all; then groups merge,
//! best average similarity first, while that average reaches the
//! threshold. Average linkage keeps chains (A~B~C with A≁C) from gluing
//! unrelated remarks together. Deterministic for a given note order, and
//! the caller sorts notes by a stable key first.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use super::config::MergeConfig;
use super::similarity::{NoteVector, Vocabulary, similarity};

/// Clusters the notes `members` (ascending indices into `vectors`, which
/// the caller has put in a stable order) and returns the clusters as
/// ascending lists of those indices, ordered by their first member.
pub fn cluster(
    members: &[usize],
    vectors: &[NoteVector],
    vocab: &Vocabulary,
    config: &MergeConfig,
) -> Vec<Vec<usize>> {
    let nodes = collapse_identical(members, vectors);
    let edges = candidate_edges(&nodes, vectors, vocab, config);
    let groups = average_linkage(&nodes, edges, config.threshold);
    let mut out: Vec<Vec<usize>> = groups
        .into_iter()
        .map(|g| {
            let mut notes: Vec<usize> = g.iter().flat_map(|&n| nodes[n].iter().copied()).collect();
            notes.sort_unstable();
            notes
        })
        .collect();
    out.sort_unstable();
    out
}

/// Groups notes with identical stem sets into one node (notes without any
/// stem stay alone: an empty note says nothing to merge on).
fn collapse_identical(members: &[usize], vectors: &[NoteVector]) -> Vec<Vec<usize>> {
    let mut nodes: Vec<Vec<usize>> = Vec::new();
    let mut by_stems: HashMap<&[u32], usize> = HashMap::new();
    for &m in members {
        let stems = vectors[m].stems.as_slice();
        if stems.is_empty() {
            nodes.push(vec![m]);
            continue;
        }
        match by_stems.get(stems) {
            Some(&node) => nodes[node].push(m),
            None => {
                by_stems.insert(stems, nodes.len());
                nodes.push(vec![m]);
            }
        }
    }
    nodes
}

/// Similarities between nodes that share a rare stem (or a near-identical
/// spelling of one). Returns `(a, b, sim)` with `a < b`, only `sim > 0`.
fn candidate_edges(
    nodes: &[Vec<usize>],
    vectors: &[NoteVector],
    vocab: &Vocabulary,
    config: &MergeConfig,
) -> Vec<(usize, usize, f64)> {
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for (n, node) in nodes.iter().enumerate() {
        for &s in &vectors[node[0]].stems {
            postings.entry(s).or_default().push(n);
        }
    }
    let cap = ((nodes.len() as f64) * config.max_block_share)
        .ceil()
        .max(8.0) as usize;
    let mut seen = vec![usize::MAX; nodes.len()];
    let mut edges = Vec::new();
    for (n, node) in nodes.iter().enumerate() {
        let v = &vectors[node[0]];
        for key in blocking_keys(v, &postings, cap) {
            let expanded = std::iter::once(key).chain(vocab.fuzzy(key).iter().map(|&(s, _)| s));
            for stem in expanded {
                for &other in postings.get(&stem).map_or(&[][..], Vec::as_slice) {
                    if other <= n || seen[other] == n {
                        continue;
                    }
                    seen[other] = n;
                    let sim = similarity(vocab, v, &vectors[nodes[other][0]], config);
                    if sim > 0.0 {
                        edges.push((n, other, sim));
                    }
                }
            }
        }
    }
    edges
}

/// The stems used to look up candidates: every stem at most `cap` nodes
/// share, and always the note's rarest stem.
fn blocking_keys(v: &NoteVector, postings: &HashMap<u32, Vec<usize>>, cap: usize) -> Vec<u32> {
    let df = |s: &u32| postings.get(s).map_or(0, Vec::len);
    let mut keys: Vec<u32> = v.stems.iter().copied().filter(|s| df(s) <= cap).collect();
    if keys.is_empty()
        && let Some(&rarest) = v.stems.iter().min_by_key(|s| (df(s), **s))
    {
        keys.push(rarest);
    }
    keys
}

#[derive(Debug, PartialEq)]
struct Candidate {
    avg: f64,
    a: usize,
    b: usize,
    version_a: u32,
    version_b: u32,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.avg
            .total_cmp(&other.avg)
            .then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

struct Group {
    nodes: Vec<usize>,
    size: f64,
    version: u32,
    /// Sum of note-pair similarities to each neighbouring group.
    links: HashMap<usize, f64>,
}

/// Agglomerative clustering with average linkage over a sparse similarity
/// graph (missing pairs count as 0). Returns groups of node indices.
fn average_linkage(
    nodes: &[Vec<usize>],
    edges: Vec<(usize, usize, f64)>,
    threshold: f64,
) -> Vec<Vec<usize>> {
    let mut groups: Vec<Option<Group>> = nodes
        .iter()
        .enumerate()
        .map(|(i, notes)| {
            Some(Group {
                nodes: vec![i],
                size: notes.len() as f64,
                version: 0,
                links: HashMap::new(),
            })
        })
        .collect();
    let mut heap = BinaryHeap::new();
    for (a, b, sim) in edges {
        let weight = sim * nodes[a].len() as f64 * nodes[b].len() as f64;
        for (x, y) in [(a, b), (b, a)] {
            if let Some(g) = groups[x].as_mut() {
                g.links.insert(y, weight);
            }
        }
        if sim >= threshold {
            heap.push(Candidate {
                avg: sim,
                a,
                b,
                version_a: 0,
                version_b: 0,
            });
        }
    }
    while let Some(c) = heap.pop() {
        if c.avg < threshold {
            break;
        }
        let current = |i: usize, v: u32| groups[i].as_ref().is_some_and(|g| g.version == v);
        if !current(c.a, c.version_a) || !current(c.b, c.version_b) {
            continue;
        }
        merge(&mut groups, &mut heap, c.a, c.b, threshold);
    }
    groups.into_iter().flatten().map(|g| g.nodes).collect()
}

/// Merges group `b` into group `a` (`a < b`) and queues the new averages.
fn merge(
    groups: &mut [Option<Group>],
    heap: &mut BinaryHeap<Candidate>,
    a: usize,
    b: usize,
    threshold: f64,
) {
    let Some(gb) = groups[b].take() else { return };
    let Some(mut ga) = groups[a].take() else {
        return;
    };
    ga.nodes.extend(gb.nodes);
    ga.size += gb.size;
    ga.version += 1;
    ga.links.remove(&b);
    for (other, weight) in gb.links {
        if other != a {
            *ga.links.entry(other).or_insert(0.0) += weight;
        }
    }
    let mut neighbours: Vec<(usize, f64)> = ga.links.iter().map(|(&k, &w)| (k, w)).collect();
    neighbours.sort_unstable_by_key(|&(k, _)| k);
    for (other, weight) in neighbours {
        let Some(go) = groups[other].as_mut() else {
            continue;
        };
        go.links.remove(&b);
        go.links.insert(a, weight);
        let avg = weight / (ga.size * go.size);
        if avg >= threshold {
            let (first, second) = ((a, ga.version), (other, go.version));
            let ((x, vx), (y, vy)) = if a < other {
                (first, second)
            } else {
                (second, first)
            };
            heap.push(Candidate {
                avg,
                a: x,
                b: y,
                version_a: vx,
                version_b: vy,
            });
        }
    }
    groups[a] = Some(ga);
}
