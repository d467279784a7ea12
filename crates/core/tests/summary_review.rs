//! One review state, every view: a review edit made in any view (the
//! cross-group "Alle groepen samen" or one group's) changes the one
//! model, so the group views, the cross-group view, the overview's counts
//! and every export show the reviewed result.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use samenbord_core::ids::{ElementId, NoteId, RoomId, RoundId};
use samenbord_core::summary::{
    ExportFormat, MergeConfig, MergedItem, NoteRecord, OverallSummary, Report, ReviewEdit,
    SectionReport, SummaryDocument, apply_edit, build_report, export,
};

fn note(id: &str, group: &str, text: &str) -> NoteRecord {
    NoteRecord {
        note_id: NoteId::new(id).unwrap(),
        round_id: RoundId::new("dialoogsessie-2").unwrap(),
        round_name: "Dialoogsessie 2".into(),
        room_id: RoomId::new(format!("room-{}", group.len())).unwrap(),
        group_label: group.into(),
        statement: None,
        section_id: ElementId::new("uitdagingen").unwrap(),
        section_title: "Uitdagingen".into(),
        text: text.into(),
        topic: None,
        author_role: None,
        author_name: None,
        votes: 0,
        late: false,
    }
}

const WRONG_A: &str = "Tijd voor begeleiding van studenten ontbreekt";
const WRONG_B: &str = "Tijd voor begeleiding van studenten ontbreekt!";
const OTHER_GROUP: &str = "tijd voor begeleiding van studenten ontbreekt";

/// Two notes of "De lerende leraar" and one of "Organisatie" that the
/// engine merges into one remark (3x across groups, 2x in the group).
fn notes() -> Vec<NoteRecord> {
    vec![
        note("a1", "De lerende leraar", WRONG_A),
        note("a2", "De lerende leraar", WRONG_B),
        note("b1", "Organisatie", OTHER_GROUP),
        note("b2", "Organisatie", "Geld voor vervanging"),
    ]
}

fn item_holding<'a>(sections: &'a [SectionReport], text: &str) -> &'a MergedItem {
    sections
        .iter()
        .flat_map(SectionReport::items)
        .find(|i| i.members.iter().any(|m| m.text == text))
        .unwrap_or_else(|| panic!("no item holds {text:?}"))
}

fn group<'a>(report: &'a Report, label: &str) -> &'a [SectionReport] {
    &report.rounds[0]
        .groups
        .iter()
        .find(|g| g.label == label)
        .unwrap()
        .sections
}

fn document(report: Report, notes: Vec<NoteRecord>) -> SummaryDocument {
    SummaryDocument {
        title: "Partnerschapsdag".into(),
        anonymous: true,
        overall: OverallSummary::extractive(report.overall_summary.clone()),
        report,
        section_order: Vec::new(),
        notes,
        plan: Vec::new(),
        unreadable: Vec::new(),
        written_at: None,
    }
}

fn text(doc: &SummaryDocument, format: ExportFormat) -> String {
    String::from_utf8(export(doc, format).unwrap()).unwrap()
}

#[test]
fn a_split_in_the_cross_group_view_shows_in_every_view_and_export() {
    let notes = notes();
    let mut report = build_report(&notes, &[], &MergeConfig::default());
    let cross = item_holding(&report.rounds[0].cross_group, WRONG_A);
    assert_eq!(cross.count, 3, "the engine merged the three: {cross:?}");
    assert_eq!(
        item_holding(group(&report, "De lerende leraar"), WRONG_A).count,
        2
    );
    let before = document(report.clone(), notes.clone());
    assert!(text(&before, ExportFormat::Markdown).contains("3x genoemd"));

    // "Losmaken" in "Alle groepen samen": the other group's note leaves.
    let split = ReviewEdit::SplitMember {
        item: cross.id.clone(),
        note: NoteId::new("b1").unwrap(),
    };
    apply_edit(&mut report, &split).unwrap();
    let split = ReviewEdit::SplitMember {
        item: item_holding(&report.rounds[0].cross_group, WRONG_A)
            .id
            .clone(),
        note: NoteId::new("a2").unwrap(),
    };
    apply_edit(&mut report, &split).unwrap();

    for sections in [
        &report.rounds[0].cross_group[..],
        group(&report, "De lerende leraar"),
    ] {
        assert_eq!(item_holding(sections, WRONG_A).count, 1);
        assert_eq!(item_holding(sections, WRONG_B).count, 1);
    }
    assert_eq!(
        item_holding(group(&report, "Organisatie"), OTHER_GROUP).count,
        1
    );
    assert!(
        !report.overall_summary.contains("2x") && !report.overall_summary.contains("3x"),
        "the overview counts the reviewed items: {}",
        report.overall_summary
    );
    let after = document(report, notes);
    for format in [ExportFormat::Markdown, ExportFormat::Html] {
        let out = text(&after, format);
        assert!(
            !out.contains("x genoemd"),
            "{format} still shows a merged count:\n{out}"
        );
    }
    let csv = text(&after, ExportFormat::Csv);
    let header = csv.lines().next().unwrap();
    let mentioned = header.split(';').position(|c| c == "genoemd").unwrap();
    assert!(
        csv.lines()
            .filter(|l| l.contains("Tijd voor begeleiding"))
            .all(|l| l.split(';').nth(mentioned) == Some("1")),
        "every split note counts once in the CSV:\n{csv}"
    );
}

#[test]
fn an_edit_in_a_group_view_changes_the_cross_group_view_too() {
    let notes = notes();
    let mut report = build_report(&notes, &[], &MergeConfig::default());
    let in_group = item_holding(group(&report, "De lerende leraar"), WRONG_A).clone();
    apply_edit(
        &mut report,
        &ReviewEdit::SplitMember {
            item: in_group.id.clone(),
            note: NoteId::new("a2").unwrap(),
        },
    )
    .unwrap();
    assert_eq!(
        item_holding(&report.rounds[0].cross_group, WRONG_B).count,
        1
    );
    assert_eq!(
        item_holding(&report.rounds[0].cross_group, WRONG_A).count,
        2
    );

    // Renaming a topic in a group view renames it everywhere.
    let topic = group(&report, "Organisatie")[0].topics[0].id.clone();
    apply_edit(
        &mut report,
        &ReviewEdit::RenameTopic {
            topic,
            name: "Tijd en geld".into(),
        },
    )
    .unwrap();
    assert!(
        report.rounds[0].cross_group[0]
            .topics
            .iter()
            .any(|t| t.name == "Tijd en geld")
    );
    assert!(
        group(&report, "De lerende leraar")[0]
            .topics
            .iter()
            .chain(group(&report, "Organisatie")[0].topics.iter())
            .any(|t| t.name == "Tijd en geld")
    );
}

#[test]
fn replaying_the_same_edits_on_a_rebuilt_report_gives_the_same_result() {
    let notes = notes();
    let mut first = build_report(&notes, &[], &MergeConfig::default());
    let edit = ReviewEdit::SplitMember {
        item: item_holding(group(&first, "Organisatie"), OTHER_GROUP)
            .id
            .clone(),
        note: NoteId::new("b1").unwrap(),
    };
    apply_edit(&mut first, &edit).unwrap();
    let mut reversed = notes.clone();
    reversed.reverse();
    let mut second = build_report(&reversed, &[], &MergeConfig::default());
    apply_edit(&mut second, &edit).unwrap();
    assert_eq!(first, second);
}
