//! The rendered summary of a simulated partnership day, compared point by
//! point with the structure of seed 002 (the report of a real partnership
//! day): the prose on top per dialogue session, then per session its
//! times, the way of grouping and the list of groups, per target group
//! ("Doelgroep") or safeguard ("Waarborg") its statements kept apart
//! ("Stelling 1", "Stelling 2"), sections grouped by topic, "2x genoemd:"
//! before a remark, and no empty agreements section for a card without
//! agreements.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Read;

use samenbord_core::ids::{ElementId, NoteId};
use samenbord_core::programme::{Programme, parse_programme};
use samenbord_core::summary::{
    ExportFormat, GroupsThatMet, MergeConfig, NoteRecord, OverallSummary, SummaryDocument,
    build_report, export, plan_of,
};
use samenbord_core::template::parse_template;

fn programme() -> Programme {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let card = "content/templates/dialoogkaart-partnerschapsdag.toml";
    let template =
        parse_template(card, &std::fs::read_to_string(root.join(card)).unwrap()).unwrap();
    let templates = BTreeMap::from([(template.id.clone(), template)]);
    let file = "content/programmes/partnerschapsdag.toml";
    parse_programme(
        file,
        &std::fs::read_to_string(root.join(file)).unwrap(),
        &templates,
    )
    .unwrap()
}

const CONCURRENT_OPLEIDINGEN: &str =
    "Dat verschillende opleidingen elkaar niet als concurrenten zien";
const CONCURRENT_BESTUREN: &str = "Dat verschillende besturen elkaar niet als concurrenten zien";
const ONE_NOTE: &str = "Proef 1: aaa bbb";

/// What each room wrote: (room, section, text, room topic).
const NOTES: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "bestuurders-teamleiders",
        "opbrengsten",
        "Onderwijsregio wordt het nieuwe partnerschap",
        Some("Kritiek op onderwijsregio's als structuur"),
    ),
    (
        "bestuurders-teamleiders",
        "opbrengsten",
        "Partnerschappen in stand houden, onderwijsregio's ontmantelen",
        Some("Kritiek op onderwijsregio's als structuur"),
    ),
    (
        "schoolleiders-hr-1",
        "opbrengsten",
        "HRM en opleidingsteam ontwikkelen een integrale opleidingsvisie",
        Some("Visie en beleid"),
    ),
    (
        "schoolleiders-hr-2",
        "opbrengsten",
        "Via gedeelde visie een gezamenlijke verantwoordelijkheid stellen",
        Some("Visie en beleid"),
    ),
    (
        "schoolopleiders-1",
        "kansen",
        "Warme overdracht van de student",
        None,
    ),
    (
        "schoolopleiders-2",
        "kansen",
        "Warme overdracht van de student, zodat je de beginsituatie kent",
        None,
    ),
    (
        "schoolopleiders-3",
        "uitdagingen",
        "Mentaliteit van studenten",
        None,
    ),
    (
        "schoolopleiders-1",
        "uitdagingen",
        "Mentaliteit van sommige studenten",
        None,
    ),
    ("schoolopleiders-2", "succesfactoren", ONE_NOTE, None),
    (
        "instituutsopleiders",
        "uitdagingen",
        "Mentoren op de hoogte brengen van het toetsen met leeruitkomsten",
        Some("Mentoren"),
    ),
    (
        "lerende-leraar-1",
        "uitdagingen",
        CONCURRENT_OPLEIDINGEN,
        Some("Samenwerking i.p.v. concurrentie"),
    ),
    (
        "lerende-leraar-2",
        "uitdagingen",
        CONCURRENT_OPLEIDINGEN,
        Some("Samenwerking i.p.v. concurrentie"),
    ),
    (
        "lerende-leraar-1",
        "uitdagingen",
        CONCURRENT_BESTUREN,
        Some("Samenwerking i.p.v. concurrentie"),
    ),
    (
        "lerende-leraar-2",
        "uitdagingen",
        CONCURRENT_BESTUREN,
        Some("Samenwerking i.p.v. concurrentie"),
    ),
    (
        "lerende-leraar-1",
        "succesfactoren",
        "De matching tussen mentor en student",
        None,
    ),
    (
        "lerende-leraar-2",
        "succesfactoren",
        "Goede matching tussen mentor en student",
        None,
    ),
    (
        "leeromgeving-1",
        "uitdagingen",
        "Lerarentekort",
        Some("Lerarentekort en stagecapaciteit"),
    ),
    (
        "leeromgeving-2",
        "uitdagingen",
        "Het lerarentekort",
        Some("Lerarentekort en stagecapaciteit"),
    ),
    (
        "organisatie-1",
        "uitdagingen",
        "Tijd is een uitdaging",
        Some("Tijd en middelen"),
    ),
    (
        "organisatie-2",
        "uitdagingen",
        "Geld is een uitdaging",
        Some("Tijd en middelen"),
    ),
    (
        "kwaliteitscultuur",
        "succesfactoren",
        "De goede samenwerking tussen besturen en het opleidingsinstituut",
        None,
    ),
];

fn notes(programme: &Programme) -> Vec<NoteRecord> {
    NOTES
        .iter()
        .enumerate()
        .map(|(n, (room, section, text, topic))| {
            let round = programme
                .rounds
                .iter()
                .find(|r| r.groups.iter().any(|g| g.id.as_str() == *room))
                .unwrap();
            let group = round
                .groups
                .iter()
                .find(|g| g.id.as_str() == *room)
                .unwrap();
            let mut title = section.to_string();
            title[..1].make_ascii_uppercase();
            NoteRecord {
                note_id: NoteId::new(format!("n{n:02}")).unwrap(),
                round_id: round.id.clone(),
                round_name: round.name.clone(),
                room_id: group.id.clone(),
                group_label: group.label.clone(),
                statement: Some(group.statements.join("\n\n")),
                section_id: ElementId::new(*section).unwrap(),
                section_title: title,
                text: (*text).to_owned(),
                topic: topic.map(str::to_owned),
                author_role: None,
                author_name: None,
                votes: 0,
                late: false,
            }
        })
        .collect()
}

fn document() -> SummaryDocument {
    let programme = programme();
    let notes = notes(&programme);
    let report = build_report(&notes, &[], &MergeConfig::default());
    SummaryDocument {
        title: programme.title.clone(),
        anonymous: true,
        overall: OverallSummary::extractive(report.overall_summary.clone()),
        report,
        section_order: [
            "opbrengsten",
            "succesfactoren",
            "kansen",
            "uitdagingen",
            "ontwikkelvragen",
        ]
        .into_iter()
        .map(|s| ElementId::new(s).unwrap())
        .collect(),
        notes,
        plan: plan_of(&programme, &GroupsThatMet::default()),
        unreadable: Vec::new(),
        written_at: None,
    }
}

/// Asserts that `expected` occur in `text` in this order.
fn in_order(text: &str, expected: &[&str]) {
    let mut at = 0;
    for line in expected {
        match text[at..].find(line) {
            Some(found) => at += found + line.len(),
            None => panic!("{line:?} missing after position {at}:\n{text}"),
        }
    }
}

/// Seed 002's skeleton, in its order.
const SKELETON: &[&str] = &[
    "Samenvatting",
    "Dialoogsessie 1",
    "Dialoogsessie 2",
    "Dialoogsessie 1",
    "13.15 - 14.30 uur",
    "In homogene groepen o.l.v. de gespreksleiders",
    "1 groep van bestuurders en teamleiders",
    "2 groepen van schoolleiders en HR-medewerkers",
    "3 groepen van schoolopleiders",
    "1 groep van instituutsopleiders",
    "Doelgroep Bestuurders &",
    "Stelling 1:",
    "Een schoolbestuur zou zich moeten committeren",
    "Stelling 2:",
    "De kwaliteit van samen opleiden moet een verantwoordelijkheid zijn",
    "Opbrengsten (gegroepeerd op onderwerp)",
    "Kritiek op onderwijsregio",
    "Doelgroep Schoolleiders &",
    "Stelling:",
    "Doelgroep Schoolopleiders",
    "Stelling:",
    "Onze begeleiding sluit onvoldoende aan",
    "Dialoogsessie 2",
    "14.45 - 16.00 uur",
    "In 7 heterogene groepen o.l.v. de gespreksleiders",
    "Waarborg De lerende leraar",
    "Stelling:",
    "Een aankomende leraar kan alleen groeien",
    "Uitdagingen (gegroepeerd op onderwerp)",
    "Samenwerking i.p.v. concurrentie",
    "2x genoemd:",
    "2x genoemd:",
    "Waarborg Kwaliteitscultuur",
    "Waarborg Leeromgeving",
    "Lerarentekort en stagecapaciteit",
    "Waarborg Organisatie",
    "Tijd en middelen",
];

#[test]
fn markdown_has_the_skeleton_of_seed_002() {
    let md = String::from_utf8(export(&document(), ExportFormat::Markdown).unwrap()).unwrap();
    in_order(&md, SKELETON);
    // "2x genoemd:" stands before the remark, as in the seed; the two
    // concurrence remarks stay two.
    for text in [CONCURRENT_OPLEIDINGEN, CONCURRENT_BESTUREN] {
        assert!(
            md.contains(&format!("- **2x genoemd:** {text}")),
            "{text}:\n{md}"
        );
    }
    // A card without agreements: no empty agreements section.
    assert!(!md.contains("Er zijn geen afspraken vastgelegd"));
    assert!(!md.contains("Afspraken"));
    // Lists without any topic read "(in willekeurige volgorde)".
    assert!(md.contains("(in willekeurige volgorde)") || md.contains("(gegroepeerd op onderwerp)"));
}

#[test]
fn html_and_docx_have_the_same_skeleton() {
    let doc = document();
    let html = String::from_utf8(export(&doc, ExportFormat::Html).unwrap()).unwrap();
    in_order(
        &html,
        &SKELETON
            .iter()
            .map(|s| s.replace('&', "&amp;"))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let docx = export(&doc, ExportFormat::Docx).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for expected in [
        "13.15 - 14.30 uur",
        "In homogene groepen o.l.v. de gespreksleiders",
        "2 groepen van schoolleiders en HR-medewerkers",
        "Doelgroep Bestuurders &amp; teamleiders",
        "Stelling 1: ",
        "Stelling 2: ",
        "Waarborg De lerende leraar",
        "2x genoemd: ",
    ] {
        assert!(xml.contains(expected), "docx lacks {expected:?}");
    }
}

#[test]
fn the_prose_on_top_speaks_per_session_and_never_quotes_a_single_note() {
    let doc = document();
    let text = &doc.overall.text;
    in_order(
        text,
        &[
            "Dialoogsessie 1",
            "Bestuurders & teamleiders",
            "Schoolopleiders",
            "Dialoogsessie 2",
            "De lerende leraar",
            "samenwerking i.p.v. concurrentie",
            "2x",
        ],
    );
    assert!(
        text.split("\n\n").count() >= 6,
        "a few paragraphs per session:\n{text}"
    );
    assert!(
        !text.contains("aaa bbb"),
        "a single note is not a finding:\n{text}"
    );
}

/// The PDF, read back with a PDF library, has the same skeleton in the
/// same order, with its accents and the seed's "2x genoemd:".
#[test]
fn pdf_has_the_same_skeleton_when_read_back() {
    let doc = document();
    let bytes = export(&doc, ExportFormat::Pdf).unwrap();
    if let Ok(path) = std::env::var("SAMENBORD_PDF_OUT") {
        std::fs::write(path, &bytes).unwrap();
    }
    assert!(bytes.starts_with(b"%PDF-"));
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    assert!(pages.len() >= 2, "a real day's report spans pages");
    let text = pdf.extract_text(&pages).unwrap();
    // Lines wrap where the page ends: compare with single spaces.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    in_order(&text, SKELETON);
    for text_of_note in [CONCURRENT_OPLEIDINGEN, CONCURRENT_BESTUREN] {
        assert!(
            text.contains(&format!("2x genoemd: {text_of_note}")),
            "{text_of_note}:\n{text}"
        );
    }
    assert!(!text.contains("Afspraken"));
}
