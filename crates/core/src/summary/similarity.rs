//! Similarity between two normalised notes: a soft, IDF-weighted overlap of
//! their stems (exact stems match fully, near-identical stems partially),
//! lowered when both notes say something the other does not (a
//! substitution, as in "tijd is een uitdaging" / "geld is een uitdaging"),
//! blended with a character-trigram cosine that tolerates compounds and
//! typos.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::config::MergeConfig;
use super::normalise::Term;

/// A stem interned as a number.
pub type StemId = u32;

/// One note as the similarity sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteVector {
    /// Sorted, distinct stems.
    pub stems: Vec<StemId>,
    /// Character-trigram counts of the stems joined by spaces, sorted.
    pub trigrams: Vec<(u32, f64)>,
    trigram_norm: f64,
}

/// Stems, their IDF weights over the whole input, and which stems are
/// spelled nearly alike.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, StemId>,
    stems: Vec<String>,
    doc_freq: Vec<u32>,
    idf: Vec<f64>,
    /// IDF times the actor multiplier: the weight used for matching.
    weight: Vec<f64>,
    /// Per stem: similar stems with their trigram Dice, sorted by id.
    fuzzy: Vec<Vec<(StemId, f64)>>,
    trigram_ids: HashMap<[char; 3], u32>,
}

impl Vocabulary {
    /// Interns every note's terms and computes IDF and fuzzy neighbours;
    /// `actors` are the stems weighted by `config.actor_weight`.
    pub fn build(
        notes: &[Vec<Term>],
        actors: &HashSet<String>,
        config: &MergeConfig,
    ) -> (Self, Vec<NoteVector>) {
        let mut vocab = Self::default();
        let stem_lists: Vec<Vec<StemId>> = notes
            .iter()
            .map(|terms| {
                let mut ids: Vec<StemId> = terms.iter().map(|t| vocab.intern(&t.stem)).collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect();
        for ids in &stem_lists {
            for &id in ids {
                vocab.doc_freq[id as usize] += 1;
            }
        }
        let n = notes.len().max(1) as f64;
        vocab.idf = vocab
            .doc_freq
            .iter()
            .map(|&df| (1.0 + n / f64::from(df.max(1))).ln())
            .collect();
        vocab.weight = vocab
            .idf
            .iter()
            .zip(&vocab.stems)
            .map(|(idf, stem)| {
                if actors.contains(stem) {
                    idf * config.actor_weight
                } else {
                    *idf
                }
            })
            .collect();
        vocab.fuzzy = vocab.fuzzy_neighbours(config.fuzzy_stem_min);
        let vectors = stem_lists
            .into_iter()
            .map(|stems| vocab.vector(stems))
            .collect();
        (vocab, vectors)
    }

    fn intern(&mut self, stem: &str) -> StemId {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as StemId;
        self.ids.insert(stem.to_owned(), id);
        self.stems.push(stem.to_owned());
        self.doc_freq.push(0);
        id
    }

    pub fn stem(&self, id: StemId) -> &str {
        self.stems.get(id as usize).map_or("", String::as_str)
    }

    pub fn idf(&self, id: StemId) -> f64 {
        self.idf.get(id as usize).copied().unwrap_or(0.0)
    }

    pub fn weight(&self, id: StemId) -> f64 {
        self.weight.get(id as usize).copied().unwrap_or(0.0)
    }

    pub fn doc_freq(&self, id: StemId) -> u32 {
        self.doc_freq.get(id as usize).copied().unwrap_or(0)
    }

    pub fn fuzzy(&self, id: StemId) -> &[(StemId, f64)] {
        self.fuzzy.get(id as usize).map_or(&[], Vec::as_slice)
    }

    fn vector(&mut self, stems: Vec<StemId>) -> NoteVector {
        let joined = stems
            .iter()
            .map(|&s| self.stem(s).to_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let mut counts: BTreeMap<u32, f64> = BTreeMap::new();
        for gram in trigrams(&joined) {
            let next = self.trigram_ids.len() as u32;
            let id = *self.trigram_ids.entry(gram).or_insert(next);
            *counts.entry(id).or_insert(0.0) += 1.0;
        }
        let trigrams: Vec<(u32, f64)> = counts.into_iter().collect();
        let trigram_norm = trigrams.iter().map(|(_, c)| c * c).sum::<f64>().sqrt();
        NoteVector {
            stems,
            trigrams,
            trigram_norm,
        }
    }

    /// For every stem of at least four letters, the other stems whose
    /// padded-trigram Dice is at least `min`, found through a trigram index.
    fn fuzzy_neighbours(&self, min: f64) -> Vec<Vec<(StemId, f64)>> {
        let grams: Vec<Vec<[char; 3]>> = self
            .stems
            .iter()
            .map(|s| {
                let mut g = trigrams(s);
                g.sort_unstable();
                g.dedup();
                g
            })
            .collect();
        let mut index: HashMap<[char; 3], Vec<StemId>> = HashMap::new();
        for (id, g) in grams.iter().enumerate() {
            if self.stems[id].chars().count() >= 4 {
                for gram in g {
                    index.entry(*gram).or_default().push(id as StemId);
                }
            }
        }
        let mut out = vec![Vec::new(); self.stems.len()];
        for (id, g) in grams.iter().enumerate() {
            if self.stems[id].chars().count() < 4 {
                continue;
            }
            let mut shared: HashMap<StemId, u32> = HashMap::new();
            for gram in g {
                for &other in index.get(gram).map_or(&[][..], Vec::as_slice) {
                    if other as usize != id {
                        *shared.entry(other).or_insert(0) += 1;
                    }
                }
            }
            let mut near: Vec<(StemId, f64)> = shared
                .into_iter()
                .map(|(other, n)| {
                    let total = g.len() + grams[other as usize].len();
                    (other, 2.0 * f64::from(n) / total as f64)
                })
                .filter(|&(_, dice)| dice >= min)
                .collect();
            near.sort_by_key(|&(other, _)| other);
            out[id] = near;
        }
        out
    }
}

/// Padded character trigrams of `text` (`" ti"`, `"tij"`, …).
fn trigrams(text: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(text.chars())
        .chain(std::iter::once(' '))
        .collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// Similarity of two notes in 0..=1.
pub fn similarity(vocab: &Vocabulary, a: &NoteVector, b: &NoteVector, config: &MergeConfig) -> f64 {
    if a.stems == b.stems {
        return 1.0;
    }
    let stem = stem_similarity(vocab, a, b, config);
    let gram = trigram_cosine(a, b);
    config.stem_weight * stem + (1.0 - config.stem_weight) * gram
}

fn stem_similarity(
    vocab: &Vocabulary,
    a: &NoteVector,
    b: &NoteVector,
    config: &MergeConfig,
) -> f64 {
    let (matched_a, total_a) = coverage(vocab, &a.stems, &b.stems);
    let (matched_b, total_b) = coverage(vocab, &b.stems, &a.stems);
    if total_a <= 0.0 || total_b <= 0.0 {
        return 0.0;
    }
    let dice = (matched_a + matched_b) / (total_a + total_b);
    let best_cover = (matched_a / total_a).max(matched_b / total_b);
    (dice - config.substitution_penalty * (1.0 - best_cover)).max(0.0)
}

/// How much of `from`'s IDF weight is found in `to` (exact stems fully,
/// fuzzy neighbours by their Dice), and `from`'s total weight.
fn coverage(vocab: &Vocabulary, from: &[StemId], to: &[StemId]) -> (f64, f64) {
    let mut matched = 0.0;
    let mut total = 0.0;
    for &s in from {
        let w = vocab.weight(s);
        total += w;
        let m = if to.binary_search(&s).is_ok() {
            1.0
        } else {
            vocab
                .fuzzy(s)
                .iter()
                .filter(|(other, _)| to.binary_search(other).is_ok())
                .map(|&(_, dice)| dice)
                .fold(0.0, f64::max)
        };
        matched += w * m;
    }
    (matched, total)
}

fn trigram_cosine(a: &NoteVector, b: &NoteVector) -> f64 {
    if a.trigram_norm == 0.0 || b.trigram_norm == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.trigrams.len() && j < b.trigrams.len() {
        let (ga, ca) = a.trigrams[i];
        let (gb, cb) = b.trigrams[j];
        match ga.cmp(&gb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += ca * cb;
                i += 1;
                j += 1;
            }
        }
    }
    dot / (a.trigram_norm * b.trigram_norm)
}
