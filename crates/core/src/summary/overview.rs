//! The short overall summary on top of the report, extractive: per round,
//! per section, the remarks mentioned most often across groups, phrased as
//! a few Dutch sentences ("Meest genoemde succesfactoren: …").

use super::input::AgreementRecord;
use super::report::{MergedItem, RoundReport};

/// How many remarks each section contributes to the overview.
const PER_SECTION: usize = 3;

/// Writes the overview of `rounds` (cross-group views) and `agreements`.
pub fn overall_summary(rounds: &[RoundReport], agreements: &[AgreementRecord]) -> String {
    let mut paragraphs: Vec<String> = rounds.iter().map(round_paragraph).collect();
    if !agreements.is_empty() {
        let n = agreements.len();
        paragraphs.push(if n == 1 {
            "Er is 1 afspraak vastgelegd.".to_owned()
        } else {
            format!("Er zijn {n} afspraken vastgelegd.")
        });
    }
    paragraphs.join("\n\n")
}

fn round_paragraph(round: &RoundReport) -> String {
    let notes: u32 = round
        .cross_group
        .iter()
        .flat_map(|s| s.items())
        .map(|i| i.count)
        .sum();
    let groups = round.groups.len();
    let mut sentences = vec![format!(
        "{}: {notes} {} van {groups} {}.",
        round.round_name,
        if notes == 1 {
            "opmerking"
        } else {
            "opmerkingen"
        },
        if groups == 1 { "groep" } else { "groepen" },
    )];
    for section in &round.cross_group {
        let mut items: Vec<&MergedItem> = section.items().filter(|i| i.count >= 2).collect();
        items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
        if items.is_empty() {
            continue;
        }
        let listed: Vec<String> = items
            .iter()
            .take(PER_SECTION)
            .map(|i| format!("{} ({}x)", strip_end(&i.text), i.count))
            .collect();
        sentences.push(format!(
            "Meest genoemde {}: {}.",
            section.title.trim().to_lowercase(),
            join_dutch(&listed)
        ));
    }
    if sentences.len() == 1 {
        sentences.push("Geen opmerking werd vaker dan één keer genoemd.".to_owned());
    }
    sentences.join(" ")
}

fn strip_end(text: &str) -> &str {
    text.trim()
        .trim_end_matches(['.', '!', '?', ';', ','])
        .trim_end()
}

/// "a", "a en b", "a, b en c".
fn join_dutch(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}
