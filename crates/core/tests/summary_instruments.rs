//! What an instrument's export carries besides notes: a group on the
//! Instrument voor dialoog discusses two cards in turn, names its own
//! theme, pins its question, attaches its data and keeps a record. The
//! Markdown, HTML and DOCX all show which card each note answered, the
//! own theme's name, the pinned question, the data as a link and the
//! note-taker's record.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Read;

use autosurgeon::Text;
use samenbord_core::ids::{RoomId, RoundId, TemplateId};
use samenbord_core::room::{Attachment, Note, RoomDoc};
use samenbord_core::session::single_card_plan;
use samenbord_core::summary::{
    ExportFormat, GroupsThatMet, MergeConfig, OverallSummary, RoomContext, SummaryDocument,
    build_report, card_section_order, export, plan_of, room_records,
};
use samenbord_core::template::parse_template;

const CARD: &str = r#"
id = "proef"
title = "Proefkaart"
[shared_question]
title = "Onze gezamenlijke vraag"
[attachments]
title = "De data"
[[roles]]
id = "verslaglegger"
title = "Verslaglegger"
kind = "note-taker"
[theme_choice]
own_theme = { id = "eigen-thema", title = "Eigen thema" }
[[sections]]
id = "themas"
title = "Thema's"
kind = "themes"
[[sections]]
id = "kaart"
title = "De vraag op tafel"
kind = "deck"
[[decks]]
id = "spiegelvragen"
title = "Spiegelvragen"
[[themes]]
id = "opleiden"
title = "Opleiden"
[[cards]]
id = "spiegel.opleiden.visie"
deck = "spiegelvragen"
theme = "opleiden"
kind = "vision"
text = "Waar staan we nu met onze visie op opleiden?"
[[cards]]
id = "spiegel.opleiden.evaluatie"
deck = "spiegelvragen"
theme = "opleiden"
kind = "evaluation"
text = "Hoe evalueren we nu samen?"
"#;

fn note(id: &str, target: &str, text: &str) -> Note {
    Note {
        id: id.into(),
        target: target.into(),
        text: Text::with_value(text),
        author_id: "p1".into(),
        author_name: "Ana".into(),
        author_role: "mentor".into(),
        colour: "yellow".into(),
        created_at: 1,
        order: 1.0,
        votes: BTreeMap::new(),
        topic_id: None,
        deleted: false,
        late: false,
    }
}

fn room() -> RoomDoc {
    let mut room = RoomDoc {
        own_theme: Text::with_value("Werkdruk van opleiders"),
        chosen_themes: [("opleiden".to_owned(), true)].into(),
        pinned_question: Text::with_value("Hoe houden we begeleiding overeind?"),
        record: Text::with_value("Besloten: rooster in mei bespreken."),
        card_history: vec![
            "spiegel.opleiden.visie".into(),
            "spiegel.opleiden.evaluatie".into(),
        ],
        ..RoomDoc::default()
    };
    for n in [
        note(
            "a",
            "spiegel.opleiden.visie",
            "Visie staat op papier maar leeft niet",
        ),
        note(
            "b",
            "spiegel.opleiden.evaluatie",
            "We evalueren alleen met de pabo",
        ),
        note("c", "eigen-thema", "Uren voor opleiders staan onder druk"),
    ] {
        room.notes.insert(n.id.clone(), n);
    }
    room.attachments.insert(
        "f1".into(),
        Attachment {
            id: "f1".into(),
            title: "uitval.csv".into(),
            url: "/api/attachments/aF1".into(),
            file: true,
            deleted: false,
        },
    );
    room.attachments.insert(
        "d1".into(),
        Attachment {
            id: "d1".into(),
            title: "Tevredenheid studenten 2025".into(),
            url: "https://example.org/data.xlsx".into(),
            file: false,
            deleted: false,
        },
    );
    room
}

fn document() -> SummaryDocument {
    document_for(&parse_template("proef.toml", CARD).unwrap())
}

fn document_for(template: &samenbord_core::template::CardTemplate) -> SummaryDocument {
    let targets = template.note_targets();
    let context = RoomContext {
        round_id: RoundId::new("ronde-1").unwrap(),
        round_name: "Ronde 1".into(),
        room_id: RoomId::new("groep-1").unwrap(),
        group_label: "Groep 1".into(),
        statement: None,
        targets: &targets,
        template: Some(template),
        anonymous: false,
    };
    let records = room_records(&room(), &context);
    let report = build_report(&records.notes, &records.agreements, &MergeConfig::default());
    SummaryDocument {
        title: "Proef".into(),
        anonymous: false,
        overall: OverallSummary::extractive(report.overall_summary.clone()),
        report,
        section_order: card_section_order(template),
        notes: records.notes,
        plan: Vec::new(),
        unreadable: Vec::new(),
        written_at: None,
    }
}

fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn every_export_keeps_cards_own_theme_pinned_question_data_and_record() {
    let doc = document();
    let markdown = String::from_utf8(export(&doc, ExportFormat::Markdown).unwrap()).unwrap();
    let html = String::from_utf8(export(&doc, ExportFormat::Html).unwrap()).unwrap();
    let docx = docx_text(&export(&doc, ExportFormat::Docx).unwrap());
    for (format, text) in [("markdown", &markdown), ("html", &html), ("docx", &docx)] {
        for wanted in [
            "Spiegelvragen · Opleiden · visie: Waar staan we nu met onze visie op opleiden?",
            "Visie staat op papier maar leeft niet",
            "Spiegelvragen · Opleiden · evaluatie: Hoe evalueren we nu samen?",
            "We evalueren alleen met de pabo",
            "Eigen thema: Werkdruk van opleiders",
            "Onze gezamenlijke vraag",
            "Hoe houden we begeleiding overeind?",
            "De data",
            "https://example.org/data.xlsx",
            "uitval.csv (bestand, bewaard in samenbord bij deze sessie)",
            "Verslag (verslaglegger)",
            "Besloten: rooster in mei bespreken.",
        ] {
            assert!(text.contains(wanted), "{format} lacks {wanted:?}:\n{text}");
        }
        // The themes the group chose, its own named: what the notes
        // answered.
        let themes = text
            .find("Gekozen thema’s")
            .unwrap_or_else(|| panic!("{format}:\n{text}"));
        let after = &text[themes..];
        for chosen in ["Opleiden", "Eigen thema: Werkdruk van opleiders"] {
            assert!(
                after.contains(chosen),
                "{format} lacks chosen {chosen:?}:\n{text}"
            );
        }
        // A file's link opens only with a session token: no dead link in
        // a report sent round the partnership.
        assert!(!text.contains("/api/attachments/"), "{format}:\n{text}");
    }
    // A slot's heading is its name: what the group set down is not
    // remarks "in willekeurige volgorde".
    for slot in [
        "Onze gezamenlijke vraag",
        "De data",
        "Gekozen thema’s",
        "Verslag (verslaglegger)",
    ] {
        assert!(
            markdown.contains(&format!("#### {slot}\n")),
            "{slot}:\n{markdown}"
        );
    }
    // The overview keeps a card's capitals past its first letter.
    assert!(
        markdown.contains("spiegelvragen · Opleiden · visie"),
        "{markdown}"
    );
    // In the rounds' sections (the overview on top names the cards too).
    let body = &markdown[markdown.find("## Ronde 1").unwrap()..];
    let visie = body.find("Visie staat op papier").unwrap();
    let evaluatie_card = body.find("evaluatie: Hoe evalueren").unwrap();
    assert!(
        visie < evaluatie_card,
        "each note sits under the card it answered"
    );
}

/// A session on one card groups people in "Groep 1", "Groep 2": the
/// report names them so, not as safeguards of the quality framework.
#[test]
fn a_single_card_sessions_groups_are_named_as_groups() {
    let mut doc = document();
    let card = TemplateId::new("proef").unwrap();
    doc.plan = plan_of(
        &single_card_plan("Proef", &card, 1).unwrap(),
        &GroupsThatMet::default(),
    );
    let markdown = String::from_utf8(export(&doc, ExportFormat::Markdown).unwrap()).unwrap();
    assert!(markdown.contains("\n### Groep 1\n"), "{markdown}");
    assert!(!markdown.contains("Waarborg"), "{markdown}");
    assert!(
        markdown.contains("In 1 heterogene groep o.l.v."),
        "{markdown}"
    );
}

/// Every card's leader tools offer "Onze gezamenlijke vraag (vastgezet
/// voor iedereen)", also on cards without a slot for it; what the group
/// pinned there reaches the report, first, under the name the room gives it.
#[test]
fn a_question_pinned_on_a_card_without_its_slot_reaches_the_report() {
    let card = CARD.replace(
        "[shared_question]\ntitle = \"Onze gezamenlijke vraag\"\n",
        "",
    );
    let template = parse_template("proef.toml", &card).unwrap();
    assert!(template.shared_question.is_none());
    let doc = document_for(&template);
    let markdown = String::from_utf8(export(&doc, ExportFormat::Markdown).unwrap()).unwrap();
    let heading = markdown
        .find("Onze gezamenlijke vraag")
        .unwrap_or_else(|| panic!("no pinned question section:\n{markdown}"));
    let question = markdown
        .find("Hoe houden we begeleiding overeind?")
        .unwrap();
    let first_note = markdown.find("Visie staat op papier").unwrap();
    assert!(heading < question && question < first_note, "{markdown}");
}

/// The pinned question, the data and the record are in the report, but
/// they are not remarks: "3 opmerkingen", not 7 (a walk-through's report
/// counted the pinned question as one and listed it among the sections
/// people wrote at).
#[test]
fn only_notes_count_as_remarks() {
    let doc = document();
    let markdown = String::from_utf8(export(&doc, ExportFormat::Markdown).unwrap()).unwrap();
    assert!(markdown.contains("3 opmerkingen uit 1 ronde"), "{markdown}");
    let overview = &doc.report.overall_summary;
    assert!(
        overview.contains("Samen schreven zij 3 opmerkingen bij"),
        "{overview}"
    );
    for slot in ["gezamenlijke vraag", "de data", "verslag"] {
        assert!(
            !overview.to_lowercase().contains(slot),
            "{slot} in: {overview}"
        );
    }
}
