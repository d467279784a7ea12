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
    /// Multiplier on the IDF weight of the field's words (opleidingsschool,
    /// werkplaats, …; see `lexicon::FIELD_TERMS`): a shared setting is not
    /// a shared point.
    pub field_weight: f64,
    /// How much similarity is lost when both notes have a term the other
    /// lacks, scaled by the lighter of the two heaviest such terms against
    /// the heaviest term of either note.
    pub point_penalty: f64,
    /// Factor on the similarity of two notes that each name an actor the
    /// other does not ("opleidingen" / "besturen"): 1 = no effect.
    pub actor_substitution: f64,
    /// Share of note pairs between two groups that must each reach the
    /// threshold for the groups to merge (0..=1): a cluster cannot grow by
    /// chaining through one shared word. 0 = plain average linkage.
    pub majority: f64,
    /// Blocking: a stem shared by more than this share of a section's notes
    /// is not used to find candidate pairs (unless it is a note's rarest).
    pub max_block_share: f64,
}

impl Default for MergeConfig {
    fn default() -> Self {
        Self {
            threshold: 0.30,
            stem_weight: 0.6,
            fuzzy_stem_min: 0.6,
            substitution_penalty: 0.25,
            actor_weight: 2.0,
            field_weight: 1.0,
            point_penalty: 0.0,
            majority: 0.67,
            actor_substitution: 0.3,
            max_block_share: 0.05,
        }
    }
}
