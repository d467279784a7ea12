//! Average-linkage clustering of one section's notes. Notes with the same
//! content stems are collapsed first; candidate pairs come from an inverted
//! index over stems that are rare in the section (blocking), so a section
//! with thousands of notes is not compared all-against-all; then groups
//! merge, best average similarity first, while that average reaches the
//! threshold. Average linkage keeps chains (A~B~C with A≁C) from gluing
//! unrelated remarks together. Deterministic for a given note order, and
//! the caller sorts notes by a stable key first.
//!
//! Every step is bounded whatever people type: each node is compared with
//! at most [`MAX_CANDIDATES`] others (those sharing the most blocking
//! weight), posting lists longer than the blocking cap are not scanned
//! (a note whose stems are all common scans a window of its rarest stem's
//! list), and the agglomeration updates only the links of the smaller
//! side of a merge, re-checking stale queue entries lazily.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap as HashMap;

use super::config::MergeConfig;
use super::polarity::Polarity;
use super::similarity::{NoteVector, StemId, Vocabulary, opposed, similarity};

/// Most other nodes one node is compared with: the ones sharing the most
/// IDF weight of blocking stems (ties to the earlier node). Bounds the
/// similarity evaluations of a section to `MAX_CANDIDATES` × nodes.
pub const MAX_CANDIDATES: usize = 16;
/// Longest posting list scanned for blocking, whatever the section's size.
pub const MAX_POSTING: usize = 400;
/// Nearest spellings of a blocking stem whose notes are candidates too.
const MAX_FUZZY_BLOCKING: usize = 4;

/// What clustering one section cost, for tests and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterStats {
    /// Notes clustered.
    pub notes: usize,
    /// Nodes after collapsing notes with the same content stems.
    pub nodes: usize,
    /// Node pairs whose similarity was evaluated.
    pub candidate_pairs: usize,
}

impl std::ops::AddAssign for ClusterStats {
    fn add_assign(&mut self, other: Self) {
        self.notes += other.notes;
        self.nodes += other.nodes;
        self.candidate_pairs += other.candidate_pairs;
    }
}

/// Clusters the notes `members` (ascending indices into `vectors`, which
/// the caller has put in a stable order) and returns the clusters as
/// ascending lists of those indices, ordered by their first member.
pub fn cluster(
    members: &[usize],
    vectors: &[NoteVector],
    vocab: &Vocabulary,
    config: &MergeConfig,
) -> Vec<Vec<usize>> {
    cluster_with_stats(members, vectors, vocab, config).0
}

/// [`cluster`], with what it cost.
pub fn cluster_with_stats(
    members: &[usize],
    vectors: &[NoteVector],
    vocab: &Vocabulary,
    config: &MergeConfig,
) -> (Vec<Vec<usize>>, ClusterStats) {
    let nodes = collapse_identical(members, vectors);
    let pairs = candidate_pairs(&nodes, vectors, vocab, config);
    let stats = ClusterStats {
        notes: members.len(),
        nodes: nodes.len(),
        candidate_pairs: pairs.len(),
    };
    let edges: Vec<Edge> = pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let (va, vb) = (&vectors[nodes[a][0]], &vectors[nodes[b][0]]);
            if opposed(va, vb) {
                return Some((a, b, Tie::Opposed));
            }
            let sim = similarity(vocab, va, vb, config);
            (sim > 0.0).then_some((a, b, Tie::Similar(sim)))
        })
        .collect();
    let groups = average_linkage(&nodes, edges, config.threshold, config.majority);
    let mut out: Vec<Vec<usize>> = groups
        .into_iter()
        .map(|g| {
            let mut notes: Vec<usize> = g.iter().flat_map(|&n| nodes[n].iter().copied()).collect();
            notes.sort_unstable();
            notes
        })
        .collect();
    out.sort_unstable();
    (out, stats)
}

/// Groups notes whose similarity is 1 by definition into one node: the
/// same content stems (numbers aside) and the same polarity, or, for notes of numbers only, the
/// same numbers. Notes without any stem stay alone: an empty note says
/// nothing to merge on.
fn collapse_identical(members: &[usize], vectors: &[NoteVector]) -> Vec<Vec<usize>> {
    let mut nodes: Vec<Vec<usize>> = Vec::new();
    let mut by_stems: HashMap<(bool, Polarity, &[StemId]), usize> = HashMap::default();
    for &m in members {
        let v = &vectors[m];
        // The same stems but the other way round ("niet" is a stop word)
        // is another remark.
        let key = if v.content.is_empty() {
            (false, v.polarity, v.stems.as_slice())
        } else {
            (true, v.polarity, v.content.as_slice())
        };
        if key.2.is_empty() {
            nodes.push(vec![m]);
            continue;
        }
        match by_stems.get(&key) {
            Some(&node) => nodes[node].push(m),
            None => {
                by_stems.insert(key, nodes.len());
                nodes.push(vec![m]);
            }
        }
    }
    nodes
}

/// The node pairs `(a, b)`, `a < b`, whose similarity is worth computing:
/// for every node, the [`MAX_CANDIDATES`] nodes sharing the most IDF
/// weight of its blocking stems (exactly, or through a near-identical
/// spelling). Sorted and distinct.
fn candidate_pairs(
    nodes: &[Vec<usize>],
    vectors: &[NoteVector],
    vocab: &Vocabulary,
    config: &MergeConfig,
) -> Vec<(usize, usize)> {
    let mut postings: HashMap<StemId, Vec<usize>> = HashMap::default();
    for (n, node) in nodes.iter().enumerate() {
        for &s in &vectors[node[0]].content {
            postings.entry(s).or_default().push(n);
        }
    }
    let cap = ((nodes.len() as f64) * config.max_block_share)
        .ceil()
        .max(8.0)
        .min(MAX_POSTING as f64) as usize;
    let mut score = vec![0.0f64; nodes.len()];
    let mut seen = vec![usize::MAX; nodes.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    for (n, node) in nodes.iter().enumerate() {
        let v = &vectors[node[0]];
        let mut add = |list: &[usize], weight: f64| {
            for &other in list {
                if other == n {
                    continue;
                }
                if seen[other] != n {
                    seen[other] = n;
                    score[other] = 0.0;
                    touched.push(other);
                }
                score[other] += weight;
            }
        };
        for key in blocking_keys(v, &postings, cap) {
            let weight = vocab.weight(key);
            if let Some(list) = postings.get(&key) {
                add(window(list, n, cap), weight);
            }
            for &(near, dice) in vocab.fuzzy(key).iter().take(MAX_FUZZY_BLOCKING) {
                if let Some(list) = postings.get(&near).filter(|l| l.len() <= cap) {
                    add(list, weight * dice);
                }
            }
        }
        let by_score =
            |a: &usize, b: &usize| score[*b].total_cmp(&score[*a]).then_with(|| a.cmp(b));
        if touched.len() > MAX_CANDIDATES {
            touched.select_nth_unstable_by(MAX_CANDIDATES - 1, by_score);
            touched.truncate(MAX_CANDIDATES);
        }
        pairs.extend(touched.drain(..).map(|other| (n.min(other), n.max(other))));
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The part of posting `list` (ascending node indices, holding `n`) that
/// is scanned for `n`: all of it up to `cap` entries, else the `cap`
/// entries around `n`.
fn window(list: &[usize], n: usize, cap: usize) -> &[usize] {
    if list.len() <= cap {
        return list;
    }
    let at = list.binary_search(&n).unwrap_or_else(|i| i);
    let start = at.saturating_sub(cap / 2).min(list.len() - cap);
    &list[start..start + cap]
}

/// The stems used to look up candidates: every content stem at most `cap`
/// nodes share, and always the note's rarest one.
fn blocking_keys(
    v: &NoteVector,
    postings: &HashMap<StemId, Vec<usize>>,
    cap: usize,
) -> Vec<StemId> {
    let df = |s: &StemId| postings.get(s).map_or(0, Vec::len);
    let mut keys: Vec<StemId> = v.content.iter().copied().filter(|s| df(s) <= cap).collect();
    if keys.is_empty()
        && let Some(&rarest) = v.content.iter().min_by_key(|s| (df(s), **s))
    {
        keys.push(rarest);
    }
    keys
}

/// A queued merge: groups `a < b` at the given versions, with their
/// average similarity then. An entry whose versions are out of date is an
/// upper bound of the current average (see [`merge`]) and is re-checked
/// when it comes up.
#[derive(Debug, PartialEq)]
struct Candidate {
    avg: f64,
    a: usize,
    b: usize,
    version_a: u32,
    version_b: u32,
}

impl Candidate {
    fn new(avg: f64, (x, vx): (usize, u32), (y, vy): (usize, u32)) -> Self {
        let ((a, version_a), (b, version_b)) = if x < y {
            ((x, vx), (y, vy))
        } else {
            ((y, vy), (x, vx))
        };
        Self {
            avg,
            a,
            b,
            version_a,
            version_b,
        }
    }
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.avg
            .total_cmp(&other.avg)
            .then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
            .then_with(|| (self.version_a, self.version_b).cmp(&(other.version_a, other.version_b)))
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
    /// Per neighbouring group: the sum of note-pair similarities, and how
    /// many note pairs are similar enough to merge on their own.
    links: HashMap<usize, Link>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Link {
    sum: f64,
    strong: f64,
    /// Some note of one group says the opposite of one of the other's:
    /// the groups never merge, however alike the rest ("wél" and "géén
    /// een gedeelde visie" were one item in a cluster of visie notes).
    opposed: bool,
}

/// How two nodes relate, as far as clustering cares.
#[derive(Debug, Clone, Copy)]
enum Tie {
    Similar(f64),
    Opposed,
}

type Edge = (usize, usize, Tie);

impl Link {
    /// Whether groups of `a` and `b` notes joined by this link may merge:
    /// average similarity at the threshold, and most note pairs similar
    /// enough on their own, so one shared word cannot chain a cluster.
    fn merges(&self, a: f64, b: f64, threshold: f64, majority: f64) -> Option<f64> {
        let pairs = a * b;
        let avg = self.sum / pairs;
        (!self.opposed && avg >= threshold && self.strong >= majority * pairs).then_some(avg)
    }
}

/// Agglomerative clustering with average linkage over a sparse similarity
/// graph (missing pairs count as 0). Returns groups of node indices.
fn average_linkage(
    nodes: &[Vec<usize>],
    edges: Vec<Edge>,
    threshold: f64,
    majority: f64,
) -> Vec<Vec<usize>> {
    let mut groups: Vec<Option<Group>> = nodes
        .iter()
        .enumerate()
        .map(|(i, notes)| {
            Some(Group {
                nodes: vec![i],
                size: notes.len() as f64,
                version: 0,
                links: HashMap::default(),
            })
        })
        .collect();
    let mut heap = BinaryHeap::new();
    for (a, b, tie) in edges {
        let pairs = nodes[a].len() as f64 * nodes[b].len() as f64;
        let (sim, opposed) = match tie {
            Tie::Similar(sim) => (sim, false),
            Tie::Opposed => (0.0, true),
        };
        let link = Link {
            sum: sim * pairs,
            strong: if sim >= threshold { pairs } else { 0.0 },
            opposed,
        };
        for (x, y) in [(a, b), (b, a)] {
            if let Some(g) = groups[x].as_mut() {
                g.links.insert(y, link);
            }
        }
        if sim >= threshold {
            heap.push(Candidate::new(sim, (a, 0), (b, 0)));
        }
    }
    while let Some(c) = heap.pop() {
        if c.avg < threshold {
            break;
        }
        let (Some(ga), Some(gb)) = (groups[c.a].as_ref(), groups[c.b].as_ref()) else {
            continue;
        };
        if ga.version == c.version_a && gb.version == c.version_b {
            merge(&mut groups, &mut heap, c.a, c.b, threshold, majority);
            continue;
        }
        // Out of date: one side grew without the other gaining a link, so
        // the average only fell. Queue the current value if it still counts.
        let Some(link) = ga.links.get(&c.b) else {
            continue;
        };
        if let Some(avg) = link.merges(ga.size, gb.size, threshold, majority) {
            heap.push(Candidate::new(avg, (c.a, ga.version), (c.b, gb.version)));
        }
    }
    groups.into_iter().flatten().map(|g| g.nodes).collect()
}

/// Merges groups `x` and `y`. The one with more links is kept (ties: the
/// lower index) and the other's links are moved into it, so each merge
/// costs the smaller side. New averages are queued for the moved links
/// (they may have risen); the kept group's other neighbours only lost
/// average, so their queued entries stay valid upper bounds.
fn merge(
    groups: &mut [Option<Group>],
    heap: &mut BinaryHeap<Candidate>,
    x: usize,
    y: usize,
    threshold: f64,
    majority: f64,
) {
    let links = |i: usize| groups[i].as_ref().map_or(0, |g| g.links.len());
    let (keep, gone) = match links(x).cmp(&links(y)) {
        Ordering::Greater => (x, y),
        Ordering::Less => (y, x),
        Ordering::Equal => (x.min(y), x.max(y)),
    };
    let Some(mut gb) = groups[gone].take() else {
        return;
    };
    let Some(mut ga) = groups[keep].take() else {
        groups[gone] = Some(gb);
        return;
    };
    if ga.nodes.len() < gb.nodes.len() {
        std::mem::swap(&mut ga.nodes, &mut gb.nodes);
    }
    ga.nodes.extend(gb.nodes);
    ga.size += gb.size;
    ga.version += 1;
    ga.links.remove(&gone);
    for (other, link) in gb.links {
        if other == keep {
            continue;
        }
        let total = {
            let entry = ga.links.entry(other).or_default();
            entry.sum += link.sum;
            entry.strong += link.strong;
            entry.opposed |= link.opposed;
            *entry
        };
        let Some(go) = groups[other].as_mut() else {
            continue;
        };
        go.links.remove(&gone);
        go.links.insert(keep, total);
        if let Some(avg) = total.merges(ga.size, go.size, threshold, majority) {
            heap.push(Candidate::new(avg, (keep, ga.version), (other, go.version)));
        }
    }
    groups[keep] = Some(ga);
}
