//! Similarity between two normalised notes: a soft, IDF-weighted overlap of
//! their stems (exact stems match fully, near-identical stems partially),
//! lowered when both notes say something the other does not (a
//! substitution, as in "tijd is een uitdaging" / "geld is een uitdaging"),
//! blended with a character-trigram cosine that tolerates compounds and
//! typos. Numbers ("klas 3", "2025") are kept as stems but take no part:
//! no weight, no trigrams, no fuzzy neighbours, so two notes that differ
//! only in a number are the same remark, and a number never makes a note
//! look rare.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::config::MergeConfig;
use super::normalise::{Term, is_number};
use super::polarity::Polarity;

/// Most fuzzy neighbours kept per stem (the nearest spellings).
pub const MAX_FUZZY_NEIGHBOURS: usize = 16;
/// Trigrams shared by more stems than this are not used to *find* fuzzy
/// neighbours (they are still counted when a found pair is checked).
const MAX_TRIGRAM_POSTING: usize = 128;
/// Most candidate neighbours of one stem checked exactly; the rarest
/// trigrams are looked up first, so these are the likeliest ones.
const MAX_FUZZY_CANDIDATES: usize = 160;

/// A stem interned as a number.
pub type StemId = u32;

/// The stems the lexicon gives another weight.
#[derive(Debug, Default)]
pub struct StemLexicon {
    /// People and organisations: they distinguish remarks.
    pub actors: HashSet<String>,
    /// The field's activities, places and trainings: a shared setting.
    pub field: HashSet<String>,
    /// Stems of related words that match partly ([`RELATED`]).
    pub related: Vec<(String, String)>,
}

/// One note as the similarity sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteVector {
    /// Sorted, distinct stems.
    pub stems: Vec<StemId>,
    /// `stems` without numbers: what similarity, blocking and topics use.
    pub content: Vec<StemId>,
    /// Character-trigram counts of the stems joined by spaces, sorted.
    pub trigrams: Vec<(u32, f64)>,
    trigram_norm: f64,
    /// Which way the remark points; set from the note's text after
    /// [`Vocabulary::build`] (its stop words are gone from the stems).
    pub polarity: Polarity,
}

/// Stems, their IDF weights over the whole input, and which stems are
/// spelled nearly alike.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, StemId>,
    stems: Vec<String>,
    doc_freq: Vec<u32>,
    idf: Vec<f64>,
    number: Vec<bool>,
    /// Field words match only exactly: "programma" is not half an
    /// "inductieprogramma".
    field: Vec<bool>,
    actor: Vec<bool>,
    /// IDF, times the field multiplier for field words: what a stem
    /// weighs when both notes have it.
    weight: Vec<f64>,
    /// IDF, times the actor multiplier for actors: what a stem weighs when
    /// only one note has it (it distinguishes the remarks; a field word
    /// then weighs fully).
    distinct: Vec<f64>,
    /// Per stem: similar stems with their trigram Dice, nearest first
    /// (ties: lower id first).
    fuzzy: Vec<Vec<(StemId, f64)>>,
    trigram_ids: HashMap<[char; 3], u32>,
}

impl Vocabulary {
    /// Interns every note's terms and computes IDF and fuzzy neighbours;
    /// `lexicon.actors` weigh `config.actor_weight` times more when only
    /// one note has them, `lexicon.field` `config.field_weight` times their
    /// IDF.
    pub fn build(
        notes: &[Vec<Term>],
        lexicon: &StemLexicon,
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
        vocab.number = vocab.stems.iter().map(|s| is_number(s)).collect();
        vocab.actor = vocab
            .stems
            .iter()
            .map(|s| lexicon.actors.contains(s))
            .collect();
        vocab.field = vocab
            .stems
            .iter()
            .map(|s| lexicon.field.contains(s))
            .collect();
        vocab.idf = vocab
            .doc_freq
            .iter()
            .zip(&vocab.number)
            .map(|(&df, &number)| {
                if number {
                    0.0
                } else {
                    (1.0 + n / f64::from(df.max(1))).ln()
                }
            })
            .collect();
        vocab.weight = vocab
            .idf
            .iter()
            .zip(&vocab.stems)
            .map(|(idf, stem)| {
                if lexicon.field.contains(stem) {
                    idf * config.field_weight
                } else {
                    *idf
                }
            })
            .collect();
        vocab.distinct = vocab
            .idf
            .iter()
            .zip(&vocab.stems)
            .map(|(idf, stem)| {
                if lexicon.actors.contains(stem) {
                    idf * config.actor_weight
                } else {
                    *idf
                }
            })
            .collect();
        vocab.fuzzy = vocab.fuzzy_neighbours(config.fuzzy_stem_min);
        vocab.add_same_roots();
        vocab.add_related(&lexicon.related);
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

    /// Whether `a` names an actor that `b` has neither exactly nor in a
    /// near spelling.
    fn own_actor(&self, a: &NoteVector, b: &NoteVector) -> bool {
        a.content.iter().any(|&s| {
            self.actor.get(s as usize).copied().unwrap_or(false)
                && b.content.binary_search(&s).is_err()
                && !self
                    .fuzzy(s)
                    .iter()
                    .any(|(other, _)| b.content.binary_search(other).is_ok())
        })
    }

    /// Whether both notes name the same actor.
    fn shared_actor(&self, a: &NoteVector, b: &NoteVector) -> bool {
        a.content.iter().any(|&s| {
            self.actor.get(s as usize).copied().unwrap_or(false)
                && b.content.binary_search(&s).is_ok()
        })
    }

    /// What the stem weighs when only one of two notes has it.
    pub fn distinct(&self, id: StemId) -> f64 {
        self.distinct.get(id as usize).copied().unwrap_or(0.0)
    }

    pub fn doc_freq(&self, id: StemId) -> u32 {
        self.doc_freq.get(id as usize).copied().unwrap_or(0)
    }

    /// The interned id of `stem`, if any note has it.
    pub fn id(&self, stem: &str) -> Option<StemId> {
        self.ids.get(stem).copied()
    }

    /// Whether the stem is a number (no weight, no fuzzy neighbours).
    pub fn is_number(&self, id: StemId) -> bool {
        self.number.get(id as usize).copied().unwrap_or(false)
    }

    /// The stems spelled nearly like `id`, nearest first.
    pub fn fuzzy(&self, id: StemId) -> &[(StemId, f64)] {
        self.fuzzy.get(id as usize).map_or(&[], Vec::as_slice)
    }

    fn vector(&mut self, stems: Vec<StemId>) -> NoteVector {
        let content: Vec<StemId> = stems
            .iter()
            .copied()
            .filter(|&s| !self.is_number(s))
            .collect();
        let joined = content
            .iter()
            .map(|&s| self.stem(s).to_owned())
            .collect::<Vec<_>>()
            .join(" ");
        // Sorted ids, then runs counted: a note has a few dozen trigrams,
        // too few for a map to pay for itself.
        let mut ids: Vec<u32> = trigrams(&joined)
            .into_iter()
            .map(|gram| {
                let next = self.trigram_ids.len() as u32;
                *self.trigram_ids.entry(gram).or_insert(next)
            })
            .collect();
        ids.sort_unstable();
        let mut trigrams: Vec<(u32, f64)> = Vec::with_capacity(ids.len());
        for id in ids {
            match trigrams.last_mut() {
                Some((last, count)) if *last == id => *count += 1.0,
                _ => trigrams.push((id, 1.0)),
            }
        }
        let trigram_norm = trigrams.iter().map(|(_, c)| c * c).sum::<f64>().sqrt();
        NoteVector {
            stems,
            content,
            trigrams,
            trigram_norm,
            polarity: Polarity::Plain,
        }
    }

    /// For every stem of at least four letters (numbers excluded), the
    /// nearest [`MAX_FUZZY_NEIGHBOURS`] other stems whose padded-trigram
    /// Dice is at least `min`. Candidates come from a trigram index with
    /// prefix filtering (a stem with `g` trigrams can only reach `min` with
    /// a stem sharing one of its `g - need + 1` rarest ones); trigrams in
    /// more than [`MAX_TRIGRAM_POSTING`] stems are not used to find
    /// candidates, so a vocabulary of look-alikes ("rooster17",
    /// "rooster18", …) costs linear time, not quadratic.
    fn fuzzy_neighbours(&mut self, min: f64) -> Vec<Vec<(StemId, f64)>> {
        let mut grams: Vec<Vec<u32>> = Vec::with_capacity(self.stems.len());
        for id in 0..self.stems.len() {
            let stem = &self.stems[id];
            if stem.chars().count() < 4 || self.number[id] || self.field[id] {
                grams.push(Vec::new());
                continue;
            }
            let mut ids: Vec<u32> = trigrams(stem)
                .into_iter()
                .map(|gram| {
                    let next = self.trigram_ids.len() as u32;
                    *self.trigram_ids.entry(gram).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            grams.push(ids);
        }
        let mut index: Vec<Vec<StemId>> = vec![Vec::new(); self.trigram_ids.len()];
        for (id, g) in grams.iter().enumerate() {
            for &gram in g {
                index[gram as usize].push(id as StemId);
            }
        }
        let mut out = vec![Vec::new(); self.stems.len()];
        let mut shared = vec![0u32; self.stems.len()];
        let mut touched: Vec<StemId> = Vec::new();
        for (id, g) in grams.iter().enumerate() {
            if g.is_empty() {
                continue;
            }
            let need = ((min * g.len() as f64 / (2.0 - min)) - 1e-9)
                .ceil()
                .max(1.0) as usize;
            if need > g.len() {
                continue;
            }
            let mut order = g.clone();
            order.sort_unstable_by_key(|&gram| (index[gram as usize].len(), gram));
            let mut scanned = 0u32;
            for &gram in &order[..g.len() - need + 1] {
                let posting = &index[gram as usize];
                if posting.len() > MAX_TRIGRAM_POSTING || touched.len() >= MAX_FUZZY_CANDIDATES {
                    break;
                }
                scanned += 1;
                for &other in posting {
                    if other as usize != id {
                        if shared[other as usize] == 0 {
                            touched.push(other);
                        }
                        shared[other as usize] += 1;
                    }
                }
            }
            let mut near: Vec<(StemId, f64)> = Vec::new();
            // A trigram both share was either scanned (counted) or not
            // scanned: a candidate that cannot reach `min` even if it has
            // every unscanned one is not verified.
            let unscanned = g.len() as u32 - scanned;
            for &other in &touched {
                let found = std::mem::take(&mut shared[other as usize]);
                let theirs = &grams[other as usize];
                let reach = min * (g.len() + theirs.len()) as f64 / 2.0 - 1e-9;
                if f64::from(found + unscanned) < reach {
                    continue;
                }
                let dice = 2.0 * f64::from(common(g, theirs)) / (g.len() + theirs.len()) as f64;
                if dice >= min {
                    near.push((other, dice));
                }
            }
            touched.clear();
            near.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            near.truncate(MAX_FUZZY_NEIGHBOURS);
            out[id] = near;
        }
        out
    }
}

/// How closely two related words of the lexicon match ("pabo" /
/// "opleiding", "team" / "leraar"): enough to share a point, not to be the
/// same word, and never an actor the other note lacks.
const RELATED: f64 = 0.8;

/// How closely two stems of the same root match ("geschoold" / "scholing",
/// "beoordelen" / "beoordeling"): nearly, not fully.
const SAME_ROOT: f64 = 0.9;

impl Vocabulary {
    /// Makes the related stems of the lexicon fuzzy neighbours of each
    /// other at [`RELATED`], when the input has both.
    fn add_related(&mut self, related: &[(String, String)]) {
        for (a, b) in related {
            let (Some(a), Some(b)) = (self.id(a), self.id(b)) else {
                continue;
            };
            for (x, y) in [(a, b), (b, a)] {
                let near = &mut self.fuzzy[x as usize];
                add_neighbour(near, y, RELATED);
                sort_neighbours(near);
            }
        }
    }

    /// Makes stems with the same [`root`] fuzzy neighbours of each other
    /// (a root shared by more than [`MAX_FUZZY_NEIGHBOURS`] stems links
    /// none: it says nothing).
    fn add_same_roots(&mut self) {
        let mut by_root: HashMap<String, Vec<StemId>> = HashMap::default();
        for (id, stem) in self.stems.iter().enumerate() {
            if !self.number[id]
                && !self.field[id]
                && let Some(r) = root(stem)
            {
                by_root.entry(r).or_default().push(id as StemId);
            }
        }
        for ids in by_root.values() {
            if ids.len() < 2 || ids.len() > MAX_FUZZY_NEIGHBOURS {
                continue;
            }
            for &a in ids {
                let near = &mut self.fuzzy[a as usize];
                for &b in ids {
                    if a != b {
                        add_neighbour(near, b, SAME_ROOT);
                    }
                }
                sort_neighbours(near);
            }
        }
    }
}

/// Makes `other` a neighbour at `score` at least.
fn add_neighbour(near: &mut Vec<(StemId, f64)>, other: StemId, score: f64) {
    match near.iter_mut().find(|(s, _)| *s == other) {
        Some(entry) => entry.1 = entry.1.max(score),
        None => near.push((other, score)),
    }
}

/// Nearest first (ties: lower id first), at most [`MAX_FUZZY_NEIGHBOURS`].
fn sort_neighbours(near: &mut Vec<(StemId, f64)>) {
    near.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    near.truncate(MAX_FUZZY_NEIGHBOURS);
}

/// A stem's root for derivations the stemmer keeps apart: without the
/// participle prefix "ge" and one derivational ending ("-ing", "-heid",
/// "-atie", …). `None` when too little would be left to mean anything.
fn root(stem: &str) -> Option<String> {
    let mut word = stem;
    if word.len() > 6
        && let Some(rest) = word.strip_prefix("ge")
    {
        word = rest;
    }
    for ending in [
        "heid", "atie", "ing", "eer", "er", "en", "te", "d", "t", "e",
    ] {
        if let Some(rest) = word.strip_suffix(ending)
            && rest.len() >= 4
        {
            word = rest;
            break;
        }
    }
    (word.len() >= 4).then(|| word.to_owned())
}

/// How many ids two sorted lists share.
fn common(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Padded character trigrams of `text` (`" ti"`, `"tij"`, …).
fn trigrams(text: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(text.chars())
        .chain(std::iter::once(' '))
        .collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// Whether two notes say opposite things, so they never share an item:
/// more against less whatever else they say; none against a lot when the
/// note saying "a lot" is about everything the other names ("geen
/// werkdruk" / "werkdruk hoog", but not "geen PLG maar een klas" / "te
/// grote groepen in de WPL", which the labelled data pairs); a plain
/// "niet" or a stressed "wel" only against the very same words.
pub fn opposed(a: &NoteVector, b: &NoteVector) -> bool {
    if !a.polarity.opposes(b.polarity) {
        return false;
    }
    match (a.polarity, b.polarity) {
        (Polarity::Absent, Polarity::High) => is_subset(&a.content, &b.content),
        (Polarity::High, Polarity::Absent) => is_subset(&b.content, &a.content),
        (x, y) if x.is_quantity() && y.is_quantity() => true,
        _ => a.content == b.content,
    }
}

/// Whether every stem of sorted `small` is in sorted `large`.
fn is_subset(small: &[StemId], large: &[StemId]) -> bool {
    let mut rest = large.iter();
    small.iter().all(|s| rest.any(|l| l == s))
}

/// Similarity of two notes in 0..=1.
pub fn similarity(vocab: &Vocabulary, a: &NoteVector, b: &NoteVector, config: &MergeConfig) -> f64 {
    // "Meer tijd" / "minder tijd": the same words, the opposite remark.
    // A "niet" only opposes the very same words: written as a goal ("dat
    // opleidingen elkaar niet als concurrenten zien") or in other words
    // ("komt niet van de grond" / "nauwelijks") it is the same remark.
    if opposed(a, b) {
        return 0.0;
    }
    if a.stems == b.stems {
        return 1.0;
    }
    if a.content.is_empty() || b.content.is_empty() {
        return 0.0;
    }
    if a.content == b.content {
        return 1.0;
    }
    let (stem, point) = stem_similarity(vocab, a, b, config);
    let gram = trigram_cosine(a, b);
    let sim = (config.stem_weight * stem + (1.0 - config.stem_weight) * gram
        - config.point_penalty * point)
        .max(0.0);
    // Each names someone the other does not ("opleidingen" / "besturen
    // zien elkaar als concurrenten"): about different people, so apart.
    // Notes that share an actor and each add another ("schoolleiders en
    // SO's" / "schoolleiders en mentoren") are about the same people.
    if vocab.own_actor(a, b) && vocab.own_actor(b, a) && !vocab.shared_actor(a, b) {
        sim * config.actor_substitution
    } else {
        sim
    }
}

/// The stem overlap of two notes, and how much both carry a term the
/// other lacks (0..=1).
fn stem_similarity(
    vocab: &Vocabulary,
    a: &NoteVector,
    b: &NoteVector,
    config: &MergeConfig,
) -> (f64, f64) {
    let ca = coverage(vocab, &a.content, &b.content);
    let cb = coverage(vocab, &b.content, &a.content);
    if ca.total <= 0.0 || cb.total <= 0.0 {
        return (0.0, 0.0);
    }
    let dice = (ca.matched + cb.matched) / (ca.total + cb.total);
    let best_cover = (ca.matched / ca.total).max(cb.matched / cb.total);
    // Both notes carry a term of weight the other lacks: the point differs
    // ("onderzoek" / "master" in the same academische opleidingsschool).
    let heaviest = ca.heaviest.max(cb.heaviest);
    let point = if heaviest > 0.0 {
        ca.unmatched.min(cb.unmatched) / heaviest
    } else {
        0.0
    };
    (
        (dice - config.substitution_penalty * (1.0 - best_cover)).max(0.0),
        point,
    )
}

/// How much of one note's weight the other note covers.
struct Coverage {
    matched: f64,
    total: f64,
    /// The heaviest weight of a stem of the note the other lacks.
    unmatched: f64,
    /// The heaviest weight of any stem of the note.
    heaviest: f64,
}

/// How much of `from`'s weight is found in `to`: exact stems fully, fuzzy
/// neighbours by their Dice. A stem counts its matching weight where it
/// is found and its distinguishing weight where it is not.
fn coverage(vocab: &Vocabulary, from: &[StemId], to: &[StemId]) -> Coverage {
    let mut c = Coverage {
        matched: 0.0,
        total: 0.0,
        unmatched: 0.0,
        heaviest: 0.0,
    };
    for &s in from {
        let (w, d) = (vocab.weight(s), vocab.distinct(s));
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
        c.matched += w * m;
        c.total += w * m + d * (1.0 - m);
        c.unmatched = c.unmatched.max(d * (1.0 - m));
        c.heaviest = c.heaviest.max(d);
    }
    c
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
