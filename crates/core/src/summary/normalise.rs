//! Dutch normalisation: a note's text becomes a sorted set of canonical
//! stems. Steps, in order: lower case; diacritics stripped (NFKD, combining
//! marks dropped); split on anything that is not a letter or digit;
//! abbreviations expanded (`SO` → schoolopleider); phrases folded
//! (`te weinig` → tekort); stop words dropped; compounds split into known
//! parts (`opleidingsschool` → opleiding + school); Snowball Dutch stemming;
//! synonyms mapped to one stem.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::lexicon::{
    ABBREVIATIONS, ACTORS, COMPOUND_PARTS, FIELD_TERMS, PHRASES, RELATED, STOP_WORDS, SYNONYMS,
};

/// One canonical stem of a note, with the (folded) word it came from, so
/// keyword topics can be named with a real word.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Term {
    pub stem: String,
    pub surface: String,
}

/// Turns Dutch note text into terms. Build once, use for every note.
pub struct Normaliser {
    stemmer: Stemmer,
    stop: HashSet<&'static str>,
    abbreviations: HashMap<&'static str, &'static str>,
    /// Field words and their canonical spelling, kept whole.
    field: HashMap<&'static str, &'static str>,
    parts: HashSet<&'static str>,
    synonyms: HashMap<String, String>,
    /// The canonical words synonyms map to (`teamlid`): never split, so a
    /// compound target still meets its synonyms (`collega`).
    targets: HashSet<&'static str>,
    /// The words the synonym table maps (`collega`).
    synonym_words: HashSet<&'static str>,
    /// The stems of the field words: the input never splits them.
    field_words: HashSet<String>,
}

impl Default for Normaliser {
    fn default() -> Self {
        Self::new()
    }
}

impl Normaliser {
    pub fn new() -> Self {
        let stemmer = Stemmer::create(Algorithm::Dutch);
        let synonyms = SYNONYMS
            .iter()
            .map(|(from, to)| {
                (
                    stemmer.stem(from).into_owned(),
                    stemmer.stem(to).into_owned(),
                )
            })
            .collect();
        let field_words = FIELD_TERMS
            .iter()
            .map(|(_, w)| stemmer.stem(w).into_owned())
            .collect();
        Self {
            stemmer,
            stop: STOP_WORDS.iter().copied().collect(),
            abbreviations: ABBREVIATIONS.iter().copied().collect(),
            field: FIELD_TERMS.iter().copied().collect(),
            parts: COMPOUND_PARTS.iter().copied().collect(),
            synonyms,
            targets: SYNONYMS.iter().map(|(_, to)| *to).collect(),
            synonym_words: SYNONYMS.iter().map(|(from, _)| *from).collect(),
            field_words,
        }
    }

    /// The distinct terms of `text`, sorted by stem.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        let words = fold_phrases(self.expand(tokenise(text)));
        let mut out: Vec<Term> = Vec::new();
        for word in words
            .into_iter()
            .filter(|w| !self.stop.contains(w.as_str()))
        {
            for part in self.split_compound(&word) {
                let stem = self.stem(&part);
                // A note has a handful of terms: a scan beats a set.
                if !stem.is_empty() && !out.iter().any(|t| t.stem == stem) {
                    out.push(Term {
                        stem,
                        surface: part,
                    });
                }
            }
        }
        out.sort();
        out
    }

    /// The stems of the actor words of the lexicon.
    pub fn actor_stems(&self) -> HashSet<String> {
        ACTORS.iter().map(|w| self.stem(w)).collect()
    }

    /// The stems of the field words ([`FIELD_TERMS`]).
    pub fn field_stems(&self) -> HashSet<String> {
        FIELD_TERMS.iter().map(|(_, w)| self.stem(w)).collect()
    }

    /// The stems of the related word pairs of the lexicon ([`RELATED`]).
    pub fn related_stems(&self) -> Vec<(String, String)> {
        RELATED
            .iter()
            .map(|(a, b)| (self.stem(a), self.stem(b)))
            .collect()
    }

    /// Folds a topic name or free text to a single comparable key.
    pub fn key(&self, text: &str) -> Vec<String> {
        self.terms(text).into_iter().map(|t| t.stem).collect()
    }

    fn expand(&self, words: Vec<String>) -> Vec<String> {
        words
            .into_iter()
            .map(|w| {
                match self
                    .abbreviations
                    .get(w.as_str())
                    .or_else(|| self.field.get(w.as_str()))
                {
                    Some(full) => (*full).to_owned(),
                    None => w,
                }
            })
            .collect()
    }

    fn stem(&self, word: &str) -> String {
        let stem = self.stemmer.stem(word).into_owned();
        match self.synonyms.get(&stem) {
            Some(canonical) => canonical.clone(),
            None => stem,
        }
    }

    /// Splits `word` into known compound parts, or returns it whole when it
    /// does not decompose fully (the synonym list wins over splitting).
    fn split_compound(&self, word: &str) -> Vec<String> {
        if word.len() < 7
            || self.parts.contains(word)
            || self.is_synonym(word)
            || self.targets.contains(word)
            || self.field.contains_key(word)
        {
            return vec![word.to_owned()];
        }
        match self.decompose(word, 0) {
            Some(parts) if parts.len() > 1 => parts,
            _ => vec![word.to_owned()],
        }
    }

    /// Splits the compounds of a whole input by the input itself: a word
    /// becomes two terms when its head occurs as a word of the input (as
    /// written or stemmed) and so does its tail after a Dutch linking `s`,
    /// `e` or `en` (or the lexicon lists the tail: "gebrek"), so "kennisdeling" meets "kennis delen" and "tijdgebrek"
    /// meets "tijd … tekort" without listing every compound. The longest
    /// head wins. Field words, numbers and words shorter than
    /// [`CORPUS_SPLIT_MIN`] stay whole; each distinct word is tried once.
    pub fn split_by_corpus(&self, notes: &mut [Vec<Term>]) {
        let splits: HashMap<String, [Term; 2]> = {
            let mut known: HashSet<&str> = HashSet::default();
            for term in notes.iter().flatten() {
                known.insert(&term.stem);
                known.insert(&term.surface);
            }
            let mut tried: HashSet<&str> = HashSet::default();
            let mut splits = HashMap::default();
            for term in notes.iter().flatten() {
                if self.may_split(term)
                    && tried.insert(&term.surface)
                    && let Some(parts) = self.corpus_split(&term.surface, &known)
                {
                    splits.insert(term.surface.clone(), parts);
                }
            }
            splits
        };
        if splits.is_empty() {
            return;
        }
        for note in notes.iter_mut() {
            if !note.iter().any(|t| splits.contains_key(&t.surface)) {
                continue;
            }
            let mut out: Vec<Term> = Vec::with_capacity(note.len() + 2);
            for term in note.drain(..) {
                match splits.get(&term.surface) {
                    Some(parts) => out.extend(parts.iter().cloned()),
                    None => out.push(term),
                }
            }
            out.sort();
            out.dedup_by(|a, b| a.stem == b.stem);
            *note = out;
        }
    }

    /// Whether the input may split this term: long enough, and neither a
    /// field word, a number nor a word the lexicon already knows.
    fn may_split(&self, term: &Term) -> bool {
        term.surface.len() >= CORPUS_SPLIT_MIN
            && !is_number(&term.stem)
            && !self.field_words.contains(term.stem.as_str())
            && !self.is_listed(&term.surface)
    }

    fn corpus_split(&self, word: &str, known: &HashSet<&str>) -> Option<[Term; 2]> {
        for (cut, _) in word.char_indices().rev() {
            let (head, rest) = word.split_at(cut);
            if head.len() < 3 || rest.len() < 3 || !known.contains(head) {
                continue;
            }
            for link in ["", "s", "en", "e"] {
                let Some(tail) = rest.strip_prefix(link) else {
                    continue;
                };
                if tail.len() < 3 || self.stop.contains(tail) {
                    continue;
                }
                // The verb of a "-ing" noun: "kennisdeling" meets "kennis delen".
                let verb = tail
                    .strip_suffix("ing")
                    .map(|t| self.stem(&format!("{t}en")));
                let tail_stem = match verb {
                    Some(v) if known.contains(v.as_str()) => v,
                    _ => self.stem(tail),
                };
                if known.contains(tail)
                    || known.contains(tail_stem.as_str())
                    || self.is_listed(tail)
                {
                    let head_term = Term {
                        stem: self.stem(head),
                        surface: head.to_owned(),
                    };
                    let tail_term = Term {
                        stem: tail_stem,
                        surface: tail.to_owned(),
                    };
                    return Some([head_term, tail_term]);
                }
            }
        }
        None
    }

    /// Whether the lexicon already says what `word` is (a compound part, a
    /// synonym or a synonym's target): then the input does not split it.
    fn is_listed(&self, word: &str) -> bool {
        self.parts.contains(word) || self.targets.contains(word) || self.is_synonym(word)
    }

    fn is_synonym(&self, word: &str) -> bool {
        self.synonym_words.contains(word)
    }

    fn decompose(&self, word: &str, depth: usize) -> Option<Vec<String>> {
        if self.parts.contains(word) {
            return Some(vec![word.to_owned()]);
        }
        if depth > 3 {
            return None;
        }
        // Longest known head first, so `werkplekbegeleider` keeps `werkplek`.
        let boundaries: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(3).collect();
        for &cut in boundaries.iter().rev() {
            let (head, rest) = word.split_at(cut);
            if !self.parts.contains(head) {
                continue;
            }
            for link in ["", "s", "en", "e"] {
                if let Some(tail) = rest.strip_prefix(link)
                    && tail.len() >= 3
                    && let Some(mut tail_parts) = self.decompose(tail, depth + 1)
                {
                    tail_parts.insert(0, head.to_owned());
                    return Some(tail_parts);
                }
            }
        }
        None
    }
}

/// Words shorter than this (in bytes) are not split by the input's own
/// words: short words are rarely compounds, and their halves would be
/// mostly noise.
pub const CORPUS_SPLIT_MIN: usize = 8;

/// Lower case, diacritics stripped, split on non-alphanumerics and where
/// letters meet digits (`rooster17` → rooster, 17; `WPL2` → wpl, 2), so a
/// number never makes a word look rare.
pub fn tokenise(text: &str) -> Vec<String> {
    // Most notes are plain ASCII, which has nothing to decompose.
    let folded: String = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.nfkd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut out = Vec::new();
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut start = 0;
        let mut previous: Option<bool> = None;
        for (i, c) in word.char_indices() {
            let digit = c.is_numeric();
            if previous.is_some_and(|p| p != digit) {
                out.push(word[start..i].to_owned());
                start = i;
            }
            previous = Some(digit);
        }
        out.push(word[start..].to_owned());
    }
    out
}

/// Whether a stem is a number (a token of digits): numbers take no part
/// in similarity, fuzzy matching or blocking.
pub fn is_number(stem: &str) -> bool {
    !stem.is_empty() && stem.chars().all(char::is_numeric)
}

/// Replaces the multi-word phrases of the lexicon by their canonical words.
fn fold_phrases(mut words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for (phrase, replacement) in PHRASES {
            let end = i + phrase.len();
            if end <= words.len() && words[i..end].iter().zip(phrase.iter()).all(|(a, b)| a == b) {
                out.extend(replacement.iter().map(|w| (*w).to_owned()));
                i = end;
                continue 'outer;
            }
        }
        out.push(std::mem::take(&mut words[i]));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Normaliser::new().key(text)
    }

    #[test]
    fn folds_case_diacritics_and_stop_words() {
        assert_eq!(stems("Creëren van Visie!"), stems("creeren visie"));
        assert_eq!(stems("Tijd is een uitdaging."), stems("uitdaging: tijd"));
    }

    #[test]
    fn expands_abbreviations_and_splits_compounds() {
        assert_eq!(stems("SO"), stems("schoolopleider"));
        assert_eq!(stems("werkplekbegeleider"), stems("werkplek begeleider"));
        // A field word stays whole, plural or not.
        assert_eq!(stems("opleidingsscholen"), stems("opleidingsschool"));
        assert_ne!(stems("opleidingsschool"), stems("opleiding school"));
        assert_eq!(stems("WPL's"), stems("werkplekleren"));
        assert_eq!(stems("professionele leergemeenschappen"), stems("PLG"));
        assert_eq!(stems("lerarentekort"), stems("tekort aan leraren"));
    }

    fn split_day(texts: &[&str]) -> Vec<Vec<String>> {
        let n = Normaliser::new();
        let mut notes: Vec<Vec<Term>> = texts.iter().map(|t| n.terms(t)).collect();
        n.split_by_corpus(&mut notes);
        notes
            .into_iter()
            .map(|terms| terms.into_iter().map(|t| t.stem).collect())
            .collect()
    }

    #[test]
    fn splits_compounds_by_the_words_of_the_same_day() {
        let day = split_day(&[
            "Kennisdeling tussen scholen",
            "Kennis delen",
            "Tijdgebrek",
            "Tijd",
        ]);
        assert_eq!(day[0], stems("kennis delen tussen scholen"));
        assert_eq!(day[2], stems("te weinig tijd"));
        // Without "kennis" or "delen" elsewhere the word stays whole.
        let alone = split_day(&["Kennisdeling tussen scholen", "Tijd"]);
        assert_eq!(alone[0], stems("kennisdeling tussen scholen"));
        // A field word is never split, even when its halves occur.
        let field = split_day(&["Werkplaatsen", "Werk op de plaats"]);
        assert_eq!(field[0], stems("werkplaats"));
    }

    #[test]
    fn splits_letters_from_digits() {
        assert_eq!(
            tokenise("Rooster17, WPL-2 en groep 7/8"),
            ["rooster", "17", "wpl", "2", "en", "groep", "7", "8"]
        );
        assert_eq!(stems("WPL2"), stems("WPL-2"));
        assert!(is_number("2025") && !is_number("wpl") && !is_number(""));
    }
}
