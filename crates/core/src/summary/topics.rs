//! Topic suggestions for one section view. The rooms' own topic group names
//! come first: names that normalise alike ("Tijd & geld", "tijd en geld")
//! merge, and each item goes to the topic most of its members carried.
//! Items without a room topic join the room topic they share the heaviest
//! stems with, else a keyword topic (a stem shared by several such items,
//! named by its most common word), else "Overig".

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use rustc_hash::FxHashMap as HashMap;

use super::normalise::Normaliser;
use super::similarity::{StemId, Vocabulary};

/// What topic suggestion needs to know about one merged item.
pub struct TopicInput<'a> {
    /// The room topic of each member that had one.
    pub room_topics: Vec<&'a str>,
    /// The union of the members' stems.
    pub stems: Vec<StemId>,
    /// The members' texts, for naming a keyword topic in their words.
    pub texts: Vec<&'a str>,
}

/// A suggested topic: its name, whether it came from the rooms, a keyword
/// or is the rest, and the indices of its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    pub kind: SuggestionKind,
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionKind {
    Rooms,
    Keyword,
    Other,
}

/// Name given to items that fit no topic.
pub const OTHER_TOPIC: &str = "Overig";

/// Places every item in exactly one suggested topic.
pub fn suggest(
    items: &[TopicInput<'_>],
    normaliser: &Normaliser,
    vocab: &Vocabulary,
    surfaces: &HashMap<StemId, String>,
) -> Vec<Suggestion> {
    let (mut topics, topic_of_name, keys) = room_topics(items, normaliser);
    let mut unplaced = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match majority_topic(item, &topic_of_name) {
            Some(t) => topics[t].items.push(i),
            None => unplaced.push(i),
        }
    }
    let mut rest = Vec::new();
    for i in unplaced {
        match best_key_match(&items[i].stems, &keys, vocab) {
            Some(t) => topics[t].items.push(i),
            None => rest.push(i),
        }
    }
    topics.extend(keyword_topics(
        items, &mut rest, vocab, surfaces, normaliser,
    ));
    if !rest.is_empty() {
        topics.push(Suggestion {
            name: OTHER_TOPIC.to_owned(),
            kind: SuggestionKind::Other,
            items: rest,
        });
    }
    topics.retain(|t| !t.items.is_empty());
    for t in &mut topics {
        t.items.sort_unstable();
    }
    topics
}

/// Distinct room topic names merged by normalised key; returns the topics,
/// the topic index of every name, and each topic's stem key.
#[allow(clippy::type_complexity)]
fn room_topics<'a>(
    items: &[TopicInput<'a>],
    normaliser: &Normaliser,
) -> (Vec<Suggestion>, HashMap<&'a str, usize>, Vec<Vec<String>>) {
    let mut spellings: BTreeMap<Vec<String>, BTreeMap<&'a str, usize>> = BTreeMap::new();
    for name in items.iter().flat_map(|i| i.room_topics.iter().copied()) {
        let key = normaliser.key(name);
        let key = if key.is_empty() {
            vec![name.trim().to_lowercase()]
        } else {
            key
        };
        *spellings.entry(key).or_default().entry(name).or_insert(0) += 1;
    }
    let mut topics = Vec::new();
    let mut topic_of_name = HashMap::default();
    let mut keys = Vec::new();
    for (key, names) in spellings {
        let display = names
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then_with(|| b.0.len().cmp(&a.0.len()))
                    .then_with(|| b.0.cmp(a.0))
            })
            .map_or("", |(n, _)| n.trim());
        for name in names.keys() {
            topic_of_name.insert(*name, topics.len());
        }
        topics.push(Suggestion {
            name: display.to_owned(),
            kind: SuggestionKind::Rooms,
            items: Vec::new(),
        });
        keys.push(key);
    }
    (topics, topic_of_name, keys)
}

fn majority_topic(item: &TopicInput<'_>, topic_of_name: &HashMap<&str, usize>) -> Option<usize> {
    let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
    for name in &item.room_topics {
        if let Some(&t) = topic_of_name.get(name) {
            *votes.entry(t).or_insert(0) += 1;
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(t, _)| t)
}

/// The room topic whose name shares the most IDF weight with the item.
fn best_key_match(stems: &[StemId], keys: &[Vec<String>], vocab: &Vocabulary) -> Option<usize> {
    let item: BTreeMap<&str, f64> = stems
        .iter()
        .map(|&s| (vocab.stem(s), vocab.idf(s)))
        .collect();
    keys.iter()
        .enumerate()
        .map(|(t, key)| {
            (
                t,
                key.iter().filter_map(|k| item.get(k.as_str())).sum::<f64>(),
            )
        })
        .filter(|&(_, score)| score > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(t, _)| t)
}

/// Greedily makes topics from stems shared by at least two of the `rest`
/// items (most items first, then rarest stem, then the stem's spelling),
/// removing placed items. The stems wait in a queue with their holder
/// counts, which only fall, so an out-of-date entry is re-queued with its
/// current count when it comes up: linear in the items' stems, not
/// quadratic in the number of topics.
fn keyword_topics(
    items: &[TopicInput<'_>],
    rest: &mut Vec<usize>,
    vocab: &Vocabulary,
    surfaces: &HashMap<StemId, String>,
    normaliser: &Normaliser,
) -> Vec<Suggestion> {
    // Only stems at least two items hold can make a topic: count first,
    // so a day of unique words allocates no holder sets.
    let mut counts: HashMap<StemId, u32> = HashMap::default();
    for &i in rest.iter() {
        for &s in &items[i].stems {
            *counts.entry(s).or_insert(0) += 1;
        }
    }
    let mut holders: BTreeMap<StemId, BTreeSet<usize>> = BTreeMap::new();
    for &i in rest.iter() {
        for &s in &items[i].stems {
            if counts.get(&s).is_some_and(|&n| n >= 2) {
                holders.entry(s).or_default().insert(i);
            }
        }
    }
    let rank = |stem: StemId, count: usize| KeywordRank {
        count,
        idf: vocab.idf(stem),
        spelling: vocab.stem(stem),
        stem,
    };
    let function_stems = function_stems(normaliser);
    let mut queue: BinaryHeap<KeywordRank<'_>> = holders
        .iter()
        .filter(|(s, h)| {
            h.len() >= 2
                && !too_short(vocab.stem(**s))
                && !NOT_A_TOPIC.contains(&vocab.stem(**s))
                && !function_stems.iter().any(|f| f == vocab.stem(**s))
        })
        .map(|(&s, h)| rank(s, h.len()))
        .collect();
    let mut placed = vec![false; items.len()];
    let mut out = Vec::new();
    while let Some(top) = queue.pop() {
        let current = holders.get(&top.stem).map_or(0, BTreeSet::len);
        if current != top.count {
            if current >= 2 {
                queue.push(rank(top.stem, current));
            }
            continue;
        }
        let members = holders
            .get_mut(&top.stem)
            .map(std::mem::take)
            .unwrap_or_default();
        for &i in &members {
            placed[i] = true;
            for s in &items[i].stems {
                if let Some(h) = holders.get_mut(s) {
                    h.remove(&i);
                }
            }
        }
        let word = surfaces.get(&top.stem).map_or(top.spelling, String::as_str);
        // Past the first topics of a section nobody reads the names; a
        // day of made-up words makes thousands, so only these get phrases.
        let name = (out.len() < PHRASE_TOPICS)
            .then(|| phrase_name(items, &members, top.stem, vocab, surfaces, normaliser))
            .flatten()
            .unwrap_or_else(|| word.to_owned());
        out.push(Suggestion {
            name: capitalise(&name),
            kind: SuggestionKind::Keyword,
            items: members.into_iter().collect(),
        });
    }
    rest.retain(|&i| !placed[i]);
    out
}

/// A keyword candidate in the queue: more holders first, then the higher
/// IDF, then the alphabetically first stem.
struct KeywordRank<'a> {
    count: usize,
    idf: f64,
    spelling: &'a str,
    stem: StemId,
}

impl PartialEq for KeywordRank<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for KeywordRank<'_> {}

impl Ord for KeywordRank<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.count
            .cmp(&other.count)
            .then_with(|| self.idf.total_cmp(&other.idf))
            .then_with(|| other.spelling.cmp(self.spelling))
            .then_with(|| other.stem.cmp(&self.stem))
    }
}

impl PartialOrd for KeywordRank<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Stems shared by remarks that say nothing about what they share.
const NOT_A_TOPIC: [&str; 8] = [
    "tuss", "meer", "beter", "veel", "elkar", "nieuw", "hoe", "welk",
];

/// Longest phrase, in words, a topic name takes from a remark.
const MAX_PHRASE_WORDS: usize = 5;
/// Keyword topics per section named by a phrase (the largest first).
const PHRASE_TOPICS: usize = 40;
/// Items of a topic whose texts are read to name it.
const PHRASE_SAMPLE: usize = 12;

/// Prepositions the stop-word list keeps (they sometimes carry a remark's
/// point, "samenwerking tussen …") but that are never a topic's keyword
/// nor its second word: a topic "Vaste mentor per" came from remarks
/// sharing "vaste" and "per".
const NOT_IN_NAMES: &[&str] = &[
    "per", "via", "tussen", "binnen", "tijdens", "vanuit", "zonder", "rond", "rondom", "sinds",
    "vanaf", "volgens", "zoals",
];

/// A name for the keyword topic of `stem` in the remarks' own words: the
/// stem most of its items share besides the keyword ("tijd" + "begeleiding"),
/// shown as the shortest stretch of a member's text holding both ("tijd
/// voor begeleiding"), the most frequent such stretch first; without one,
/// "tijd en begeleiding"; with no second shared stem, the keyword and its
/// nearest content word as most often written. `None` when no remark
/// gives a phrase.
fn phrase_name(
    items: &[TopicInput<'_>],
    members: &BTreeSet<usize>,
    stem: StemId,
    vocab: &Vocabulary,
    surfaces: &HashMap<StemId, String>,
    normaliser: &Normaliser,
) -> Option<String> {
    let function_stems: Vec<String> = NOT_IN_NAMES
        .iter()
        .flat_map(|w| normaliser.key(w))
        .collect();
    let mut co: BTreeMap<StemId, usize> = BTreeMap::new();
    for &i in members {
        for &s in &items[i].stems {
            if s != stem
                && !vocab.is_number(s)
                && !too_short(vocab.stem(s))
                && !function_stems.iter().any(|f| f == vocab.stem(s))
            {
                *co.entry(s).or_insert(0) += 1;
            }
        }
    }
    let second = co
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| vocab.idf(a.0).total_cmp(&vocab.idf(b.0)))
                .then_with(|| b.0.cmp(&a.0))
        })
        .map(|(s, _)| s);
    let first = vocab.stem(stem);
    let second_stem = second.map(|s| vocab.stem(s));
    let mut spans: BTreeMap<String, usize> = BTreeMap::new();
    // A sample is enough to find the common wording, and bounds the cost.
    let sample = members
        .iter()
        .take(PHRASE_SAMPLE)
        .flat_map(|&i| items[i].texts.iter().take(2));
    for text in sample {
        let words: Vec<&str> = text.split_whitespace().collect();
        let stems: Vec<Vec<String>> = words.iter().map(|w| normaliser.key(w)).collect();
        let has = |k: usize, s: &str| stems[k].iter().any(|x| x == s);
        // With a second shared stem: the shortest stretch holding both.
        // Without: the keyword with its nearest content word.
        let pairs_with = |k: usize| match second_stem {
            Some(second) => has(k, second),
            None => {
                !stems[k].is_empty()
                    && !stems[k].iter().all(|x| too_short(x))
                    && !has(k, first)
                    && !stems[k].iter().all(|x| function_stems.contains(x))
            }
        };
        let mut best: Option<(usize, usize)> = None;
        for a in 0..words.len() {
            for b in (a + 1)..words.len().min(a + MAX_PHRASE_WORDS) {
                let both = (has(a, first) && pairs_with(b)) || (pairs_with(a) && has(b, first));
                if both && best.is_none_or(|(x, y)| b - a < y - x) {
                    best = Some((a, b));
                }
            }
        }
        if let Some((a, b)) = best {
            let span = balanced(
                words[a..=b]
                    .join(" ")
                    .trim_matches(|c: char| !c.is_alphanumeric()),
            )
            .to_lowercase();
            *spans.entry(span).or_insert(0) += 1;
        }
    }
    let span = spans
        .into_iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| b.0.len().cmp(&a.0.len()))
                .then_with(|| b.0.cmp(&a.0))
        })
        .map(|(span, _)| span);
    let word = |s: StemId| {
        surfaces
            .get(&s)
            .map_or(vocab.stem(s), String::as_str)
            .to_owned()
    };
    span.or_else(|| second.map(|second| format!("{} en {}", word(stem), word(second))))
}

/// A stem of one letter ("d" of "plan D", an initial) says nothing a
/// topic could be named by: a user test's report had a topic "D en dirk".
fn too_short(stem: &str) -> bool {
    stem.chars().nth(1).is_none()
}

/// `span` with its brackets paired: a stretch cut out of "Locatie
/// (bijv. Utrecht)" ends inside the brackets, and trimming took the
/// closing one (a user test's report had a topic "Locatie (bram").
/// Unopened closers are dropped, unclosed openers closed at the end.
fn balanced(span: &str) -> String {
    const PAIRS: [(char, char); 3] = [('(', ')'), ('[', ']'), ('{', '}')];
    let mut open: Vec<char> = Vec::new();
    let mut out = String::with_capacity(span.len() + 2);
    for c in span.chars() {
        if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
            open.push(close);
        } else if PAIRS.iter().any(|(_, cl)| *cl == c) {
            if open.last() != Some(&c) {
                continue;
            }
            open.pop();
        }
        out.push(c);
    }
    out.extend(open.into_iter().rev());
    out
}

/// The stems of [`NOT_IN_NAMES`].
fn function_stems(normaliser: &Normaliser) -> Vec<String> {
    NOT_IN_NAMES
        .iter()
        .flat_map(|w| normaliser.key(w))
        .collect()
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
