//! [`MergeConfig`]: every tunable number of the merge engine in one place,
//! with the values measured on the labelled set as defaults.

use serde::{Deserialize, Serialize};

/// How eagerly notes are merged. See `docs/summary.md` for how the defaults
/// were measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MergeConfig {
    /// Two groups of notes merge while their average pairwise similarity is
    /// at least this (0..=1). Higher: fewer, safer merges.
    pub threshold: f64,
    /// Weight of the IDF-weighted stem overlap in the similarity; the rest
    /// goes to character-trigram cosine. 0..=1.
    pub stem_weight: f64,
    /// Two different stems count as a partial match when their trigram Dice
    /// is at least this (catches typos and inflection the stemmer misses).
    pub fuzzy_stem_min: f64,
    /// How much a *substitution* (both notes have words the other lacks)
    /// lowers the similarity, compared with one note merely adding words.
    pub substitution_penalty: f64,
    /// Multiplier on the IDF weight of actor stems (opleiding, bestuur,
    /// mentor, …; see `lexicon::ACTORS`), so remarks about different
    /// actors stay apart.
    pub actor_weight: f64,
    /// Blocking: a stem shared by more than this share of a section's notes
    /// is not used to find candidate pairs (unless it is a note's rarest).
    pub max_block_share: f64,
}

impl Default for MergeConfig {
    fn default() -> Self {
        Self {
            threshold: 0.35,
            stem_weight: 0.6,
            fuzzy_stem_min: 0.6,
            substitution_penalty: 0.5,
            actor_weight: 2.0,
            max_block_share: 0.05,
        }
    }
}
