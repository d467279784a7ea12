//! Which way a remark points. "Meer tijd voor mentoren" and "Minder tijd
//! voor mentoren", or "Studenten betrekken" and "Studenten niet
//! betrekken", share every content word (the little words that flip them
//! are stop words) yet say the opposite: one item "2x genoemd" for both
//! would put words in the partnership's mouth. Notes for more and for
//! less are never merged, whatever else they share; a plain "niet" keeps apart only notes that are otherwise the
//! very same words (a "niet" is as often a goal written as a wish: "dat
//! opleidingen elkaar niet als concurrenten zien").
//!
//! The rule is deliberately small and explainable: a wish for more (or a
//! complaint of too little: "te weinig", "gebrek aan", "niet genoeg")
//! points up, a wish for less ("minder", "te veel") points down, and a
//! plain "niet" / "nooit" flips a statement. "Geen" alone is no
//! direction: "geen tijd" is a lack, "geen toetsen" a wish for less. But
//! "geen werkdruk" and "werkdruk hoog" say there is none and there is a
//! lot (a user test's report merged them): a note that says something is
//! absent does not merge with one that says it is high when the latter
//! names all the former does (`similarity::opposed` has the word rules).
//! And "heeft wél een gedeelde visie" against "heeft géén gedeelde visie"
//! (a walk-through: one item "2x genoemd" for both) is an affirmation
//! against an absence: with the same words they oppose. Accents are
//! ignored ("géén" is "geen").

use super::normalise::tokenise;

/// The direction of a remark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Polarity {
    /// Neither asks for more or less nor is negated.
    #[default]
    Plain,
    /// A negated statement without a quantity ("studenten niet betrekken").
    Negated,
    /// More of something, or too little of it now.
    Up,
    /// Less of something, or too much of it now.
    Down,
    /// None of something ("geen werkdruk").
    Absent,
    /// A lot of something, as a state ("werkdruk hoog"), not a wish.
    High,
    /// Stressed as so ("heeft wél een visie"), against a denial.
    Affirmed,
}

impl Polarity {
    /// Whether two remarks say opposite things.
    pub fn opposes(self, other: Polarity) -> bool {
        matches!(
            (self, other),
            (Self::Up, Self::Down)
                | (Self::Down, Self::Up)
                | (Self::Absent, Self::High)
                | (Self::High, Self::Absent)
                | (Self::Negated, Self::Plain | Self::High | Self::Affirmed)
                | (Self::Plain | Self::High | Self::Affirmed, Self::Negated)
                | (Self::Affirmed, Self::Absent)
                | (Self::Absent, Self::Affirmed)
        )
    }

    /// An amount (more, less, none, a lot), as opposed to a plain
    /// negation or stress: opposite amounts oppose beyond the very same
    /// words (`similarity::opposed`).
    pub fn is_quantity(self) -> bool {
        matches!(self, Self::Up | Self::Down | Self::Absent | Self::High)
    }

    fn flipped(self) -> Self {
        match self {
            Self::Up => Self::Down,
            Self::Down => Self::Up,
            other => other,
        }
    }
}

const UP: &[&str] = &[
    "meer",
    "extra",
    "vaker",
    "hoger",
    "groter",
    "langer",
    "weinig",
    "tekort",
    "gebrek",
    "onvoldoende",
];
const DOWN: &[&str] = &["minder", "lager", "kleiner", "korter", "teveel"];
const NEGATIONS: &[&str] = &["niet", "nooit", "niets"];
const ABSENT: &[&str] = &["geen"];
const HIGH: &[&str] = &["hoog", "hoge", "groot", "grote", "zwaar", "zware", "veel"];
const AFFIRM: &[&str] = &["wel"];
const ENOUGH: &[&str] = &["genoeg", "voldoende"];

/// The polarity of a note's text.
pub fn polarity(text: &str) -> Polarity {
    let words = tokenise(text);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let too_much = words.windows(2).any(|w| w == ["te", "veel"]);
    let negated = has(NEGATIONS);
    let up = has(UP);
    let down = has(DOWN) || too_much;
    // "Niet genoeg tijd" is a lack, like "te weinig tijd".
    if negated && !up && !down && has(ENOUGH) {
        return Polarity::Up;
    }
    let quantity = match (up, down) {
        (true, false) => Some(Polarity::Up),
        (false, true) => Some(Polarity::Down),
        _ => None,
    };
    match (quantity, negated) {
        (Some(q), true) => q.flipped(),
        (Some(q), false) => q,
        (None, true) => Polarity::Negated,
        // "Geen hoge werkdruk" denies the amount, like "niet hoog".
        (None, false) => match (has(ABSENT), has(HIGH)) {
            (true, true) => Polarity::Negated,
            (true, false) => Polarity::Absent,
            (false, true) => Polarity::High,
            (false, false) if has(AFFIRM) => Polarity::Affirmed,
            (false, false) => Polarity::Plain,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opposite_remarks_oppose_and_paraphrases_do_not() {
        let opposes = |a: &str, b: &str| polarity(a).opposes(polarity(b));
        assert!(opposes(
            "Meer tijd voor mentoren",
            "Minder tijd voor mentoren"
        ));
        assert!(opposes(
            "Studenten betrekken bij het partnerschap",
            "Studenten niet betrekken bij het partnerschap"
        ));
        assert!(opposes("Te veel toetsen", "Meer toetsen"));
        // The same concern in other words.
        assert!(!opposes(
            "Meer tijd voor mentoren",
            "Te weinig tijd voor mentoren"
        ));
        assert!(!opposes("Niet genoeg tijd", "Gebrek aan tijd"));
        assert!(!opposes("Tijd is een uitdaging", "Te weinig tijd"));
        assert!(!opposes("Geen tijd", "Tijd"));
        assert!(!opposes(
            "Niet alle scholen doen mee",
            "Sommige scholen doen niet mee"
        ));
        // None against a lot (the words are `similarity::opposed`'s).
        assert!(opposes("Geen werkdruk", "Werkdruk hoog"));
        assert!(opposes("Geen werkdruk", "Veel werkdruk ervaren"));
        assert!(opposes("Werkdruk hoog", "Werkdruk niet hoog"));
        assert!(opposes("Werkdruk hoog", "Geen hoge werkdruk"));
        assert!(!opposes("Geen tijd", "Te weinig tijd"));
        assert!(!opposes("Geen tijd", "Meer tijd"));
        assert!(!opposes("Hoge werkdruk", "Te veel werkdruk"));
        assert!(!opposes("Hoge werkdruk", "Werkdruk is een probleem"));
        // Stressed both ways, accents or not.
        assert!(opposes(
            "De opleidingsschool heeft wél een gedeelde visie",
            "De opleidingsschool heeft géén gedeelde visie"
        ));
        assert!(opposes("Wel tijd", "Geen tijd"));
        assert!(opposes("Dat is wel lastig", "Dat is niet lastig"));
    }
}
