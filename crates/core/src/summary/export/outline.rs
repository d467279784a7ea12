//! The report laid out as a sequence of blocks (headings, paragraphs,
//! bullet lists, the action list) that Markdown, HTML and DOCX each render
//! in their own syntax. The Dutch wording of the report lives here.

use super::SummaryDocument;
use crate::summary::input::AgreementRecord;
use crate::summary::plan::GroupKind;
use crate::summary::report::{MergedItem, SectionReport, TopicSource};

/// One piece of the rendered report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 (title) to 5 (topic).
    Heading(u8, String),
    Paragraph(String),
    /// Something the reader must notice (e.g. a failed generation).
    Notice(String),
    /// A small line about where something came from.
    Note(String),
    /// A statement (*stelling*) put to the group: its label ("Stelling",
    /// "Stelling 1") and text.
    Statement(String, String),
    Bullets(Vec<Bullet>),
    /// Agreements as one action list: wat, wie, wanneer, groep.
    Actions(Vec<AgreementRecord>),
}

/// One remark: "2x genoemd: " before it as in seed 002, then the text,
/// then the groups and votes ("A, B · 2 stemmen").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bullet {
    /// "2x genoemd:" for a remark made more than once.
    pub count: Option<String>,
    pub text: String,
    pub detail: Option<String>,
}

/// Column titles of the action list.
pub const ACTION_COLUMNS: [&str; 4] = ["Wat", "Wie", "Wanneer", "Groep"];

/// Lays out `doc` as blocks.
pub fn outline(doc: &SummaryDocument) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(1, doc.title.clone())];
    for notice in &doc.unreadable {
        blocks.push(Block::Notice(notice.clone()));
    }
    blocks.push(Block::Paragraph(counts_line(doc)));
    blocks.push(Block::Heading(2, "Samenvatting".to_owned()));
    if let Some(notice) = &doc.overall.notice {
        blocks.push(Block::Notice(notice.clone()));
    }
    for paragraph in doc.overall.text.split("\n\n") {
        let paragraph = paragraph.trim();
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(paragraph.to_owned()));
        }
    }
    blocks.push(Block::Note(doc.overall.source_label().to_owned()));
    for round in &doc.report.rounds {
        let plan = doc.plan.iter().find(|p| p.round_id == round.round_id);
        blocks.push(Block::Heading(2, round.round_name.clone()));
        if let Some(plan) = plan {
            blocks.push(Block::Paragraph(plan.times.clone()));
            blocks.push(Block::Paragraph(plan.grouping.clone()));
            if !plan.group_lines.is_empty() {
                blocks.push(Block::Bullets(
                    plan.group_lines
                        .iter()
                        .map(|line| Bullet {
                            count: None,
                            text: line.clone(),
                            detail: None,
                        })
                        .collect(),
                ));
            }
        }
        blocks.push(Block::Heading(3, "Alle groepen samen".to_owned()));
        for section in doc.ordered(&round.cross_group) {
            section_blocks(&mut blocks, section, true);
        }
        for group in &round.groups {
            let planned = plan.and_then(|p| p.groups.iter().find(|g| g.label == group.label));
            let heading = match planned {
                Some(g) if !GroupKind::named_in(&group.label) => {
                    format!("{} {}", g.kind.dutch(), group.label)
                }
                _ => group.label.clone(),
            };
            blocks.push(Block::Heading(3, heading));
            let statements: Vec<&str> = match planned {
                Some(g) if !g.statements.is_empty() => {
                    g.statements.iter().map(String::as_str).collect()
                }
                _ => group.statement.as_deref().into_iter().collect(),
            };
            let statements: Vec<&str> = statements
                .into_iter()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            for (n, statement) in statements.iter().enumerate() {
                let label = if statements.len() == 1 {
                    "Stelling".to_owned()
                } else {
                    format!("Stelling {}", n + 1)
                };
                blocks.push(Block::Statement(label, (*statement).to_owned()));
            }
            for section in doc.ordered(&group.sections) {
                section_blocks(&mut blocks, section, false);
            }
        }
    }
    // A card without agreements gets no empty "Afspraken" section.
    if !doc.report.agreements.is_empty() {
        blocks.push(Block::Heading(2, "Afspraken".to_owned()));
        blocks.push(Block::Actions(doc.report.agreements.clone()));
    }
    blocks
}

fn counts_line(doc: &SummaryDocument) -> String {
    // Remarks only: a pinned question or a record is not an "opmerking".
    let notes = doc
        .notes
        .iter()
        .filter(|n| crate::summary::is_remark_section(&n.section_id))
        .count();
    let rounds = doc.report.rounds.len();
    format!(
        "{notes} {} uit {rounds} {}.",
        if notes == 1 {
            "opmerking"
        } else {
            "opmerkingen"
        },
        if rounds == 1 { "ronde" } else { "rondes" },
    )
}

/// A section as in seed 002: "Kansen (gegroepeerd op onderwerp)" with a
/// heading per topic, or "(in willekeurige volgorde)" and one list when
/// no remark has a topic.
fn section_blocks(blocks: &mut Vec<Block>, section: &SectionReport, show_groups: bool) {
    let grouped = section
        .topics
        .iter()
        .any(|t| t.source != TopicSource::Other);
    // A slot (the pinned question, the data, the chosen themes, the
    // record) holds what the group set down, not remarks in some order.
    let heading = if !crate::summary::is_remark_section(&section.section_id) {
        section.title.trim().to_owned()
    } else if grouped {
        format!("{} (gegroepeerd op onderwerp)", section.title.trim())
    } else {
        format!("{} (in willekeurige volgorde)", section.title.trim())
    };
    blocks.push(Block::Heading(4, heading));
    for topic in &section.topics {
        if grouped {
            blocks.push(Block::Heading(5, topic.name.clone()));
        }
        blocks.push(Block::Bullets(
            topic
                .items
                .iter()
                .map(|item| Bullet {
                    count: (item.count >= 2).then(|| format!("{}:", mentioned(item.count))),
                    text: item.text.clone(),
                    detail: detail(item, show_groups),
                })
                .collect(),
        ));
    }
}

/// "Schoolopleiders, Organisatie · 4 stemmen · laat binnengekomen", the
/// parts that apply (the count stands before the remark). In a group's
/// own sections, the other wordings merged into the remark follow
/// ("ook: “…”"), so every note a group wrote can be read in the report,
/// not only the one chosen to stand for the rest.
pub fn detail(item: &MergedItem, show_groups: bool) -> Option<String> {
    let mut parts = Vec::new();
    if show_groups && !item.groups.is_empty() {
        parts.push(item.groups.join(", "));
    }
    if !show_groups && let Some(wordings) = other_wordings(item) {
        parts.push(wordings);
    }
    match item.votes {
        0 => {}
        1 => parts.push("1 stem".to_owned()),
        n => parts.push(format!("{n} stemmen")),
    }
    // The JSON export marked late notes and the others did not: a reader
    // of the report must see it too.
    match item.members.iter().filter(|m| m.late).count() {
        0 => {}
        late if late == item.members.len() => parts.push("laat binnengekomen".to_owned()),
        late => parts.push(format!(
            "{late} van {} laat binnengekomen",
            item.members.len()
        )),
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// "ook: “A”, “B”": the members' wordings other than the item's own,
/// each once (case and outer spaces aside).
fn other_wordings(item: &MergedItem) -> Option<String> {
    let key = |text: &str| text.trim().to_lowercase();
    let mut seen = vec![key(&item.text)];
    let mut quoted = Vec::new();
    for member in &item.members {
        let wording = member.text.trim();
        if !wording.is_empty() && !seen.contains(&key(wording)) {
            seen.push(key(wording));
            quoted.push(format!("“{wording}”"));
        }
    }
    (!quoted.is_empty()).then(|| format!("ook: {}", quoted.join(", ")))
}

/// "3x genoemd".
pub fn mentioned(count: u32) -> String {
    format!("{count}x genoemd")
}

/// The four cells of an agreement's row.
pub fn action_cells(agreement: &AgreementRecord) -> [String; 4] {
    [
        agreement.what.clone(),
        agreement.who.clone().unwrap_or_default(),
        agreement.when.clone().unwrap_or_default(),
        agreement.group_label.clone(),
    ]
}
