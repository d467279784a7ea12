//! Exports of a partnership-day summary: three groups say the same thing
//! about time, one names its topic, one records an agreement. Every format
//! must show the structure of seed 002 and the "3x genoemd" count; the
//! DOCX is unzipped and read back; the CSV reads back as paper notes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Read;

use autosurgeon::Text;
use samenbord_core::ids::{ElementId, NoteId, RoomId, RoundId};
use samenbord_core::role::ParticipantRole;
use samenbord_core::room::{Agreement, Note, RoomDoc, Topic};
use samenbord_core::summary::{
    AgreementRecord, ExportFormat, MergeConfig, NoteRecord, OverallSummary, PaperContext,
    RoomContext, SummaryDocument, build_report, export, read_paper_notes, room_records,
};
use samenbord_core::template::{NoteTarget, NoteTargetKind};

const STATEMENT: &str = "Flexibele opleidingen vragen om flexibele opleiders, scholen en besturen.";

fn note(id: &str, group: &str, room: &str, section: (&str, &str), text: &str) -> NoteRecord {
    NoteRecord {
        note_id: NoteId::new(id).unwrap(),
        round_id: RoundId::new("dialoogsessie-1").unwrap(),
        round_name: "Dialoogsessie 1".into(),
        room_id: RoomId::new(room).unwrap(),
        group_label: group.into(),
        statement: Some(STATEMENT.into()),
        section_id: ElementId::new(section.0).unwrap(),
        section_title: section.1.into(),
        text: text.into(),
        topic: None,
        author_role: Some(ParticipantRole::SchoolBasedTeacherEducator),
        author_name: Some(format!("Naam {id}")),
        votes: 0,
        late: false,
    }
}

const UITDAGINGEN: (&str, &str) = ("uitdagingen", "Uitdagingen");
const KANSEN: (&str, &str) = ("kansen", "Kansen");

fn notes() -> Vec<NoteRecord> {
    let mut notes = vec![
        note(
            "n1",
            "Schoolopleiders",
            "so-1",
            UITDAGINGEN,
            "Te weinig tijd voor begeleiding",
        ),
        note(
            "n2",
            "Instituutsopleiders",
            "io",
            UITDAGINGEN,
            "te weinig tijd voor de begeleiding",
        ),
        note(
            "n3",
            "Bestuurders & teamleiders",
            "bt",
            UITDAGINGEN,
            "Te weinig tijd voor begeleiding.",
        ),
        note(
            "n4",
            "Schoolopleiders",
            "so-1",
            KANSEN,
            "Warme overdracht van de student",
        ),
        note(
            "n5",
            "Instituutsopleiders",
            "io",
            KANSEN,
            "Video <script>alert(1)</script> & beelden gebruiken bij WPL",
        ),
    ];
    notes[3].topic = Some("Differentiatie & aansluiten op leerbehoeften".into());
    notes
}

fn agreements() -> Vec<AgreementRecord> {
    vec![AgreementRecord {
        round_id: RoundId::new("dialoogsessie-1").unwrap(),
        room_id: RoomId::new("so-1").unwrap(),
        group_label: "Schoolopleiders".into(),
        what: "Startgesprek met student, schoolopleider en IPABO".into(),
        who: Some("Schoolopleiders".into()),
        when: Some("Voor de zomer".into()),
    }]
}

/// When the report was written: 2 December 2026, 08:00 UTC.
const DAY: i64 = 1_796_198_400;

fn document(anonymous: bool) -> SummaryDocument {
    let notes = notes();
    let report = build_report(&notes, &agreements(), &MergeConfig::default());
    SummaryDocument {
        title: "Partnerschapsdag".into(),
        anonymous,
        overall: OverallSummary::extractive(report.overall_summary.clone()),
        report,
        section_order: vec![
            ElementId::new("kansen").unwrap(),
            ElementId::new("uitdagingen").unwrap(),
        ],
        notes,
        plan: Vec::new(),
        unreadable: Vec::new(),
        written_at: Some(DAY),
    }
}

/// One part of `doc`'s Word document, as text.
fn docx_part(doc: &SummaryDocument, name: &str) -> String {
    let bytes = export(doc, ExportFormat::Docx).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn text(format: ExportFormat, doc: &SummaryDocument) -> String {
    String::from_utf8(export(doc, format).unwrap()).unwrap()
}

#[test]
fn markdown_has_the_shape_of_the_report() {
    let md = text(ExportFormat::Markdown, &document(false));
    for expected in [
        "# Partnerschapsdag",
        "## Samenvatting",
        "## Dialoogsessie 1",
        "### Alle groepen samen",
        "### Schoolopleiders",
        "### Instituutsopleiders",
        &format!("**Stelling:** {STATEMENT}"),
        "#### Uitdagingen",
        "##### Differentiatie & aansluiten op leerbehoeften",
        "- **3x genoemd:** ",
        " — *Bestuurders & teamleiders, Instituutsopleiders, Schoolopleiders*",
        "## Afspraken",
        "| Wat | Wie | Wanneer | Groep |",
        "| Startgesprek met student, schoolopleider en IPABO | Schoolopleiders | Voor de zomer | Schoolopleiders |",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in\n{md}");
    }
    // Sections follow the card's order: Kansen before Uitdagingen.
    let kansen = md.find("#### Kansen").unwrap();
    let uitdagingen = md.find("#### Uitdagingen").unwrap();
    assert!(kansen < uitdagingen);
    // The overview on top comes before the first round.
    assert!(md.find("## Samenvatting").unwrap() < md.find("## Dialoogsessie 1").unwrap());
}

#[test]
fn html_is_self_contained_and_escaped() {
    let html = text(ExportFormat::Html, &document(false));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>"));
    assert!(
        !html.contains("<script>"),
        "a note's markup must be escaped"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; beelden"));
    for external in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(external), "external resource {external}");
    }
    assert!(html.contains("3x genoemd"));
    assert!(html.contains("<h3>Alle groepen samen</h3>"));
}

#[test]
fn docx_properties_name_the_day_its_writer_and_date() {
    let xml = docx_part(&document(false), "docProps/core.xml");
    assert!(
        xml.contains("<dc:title>Partnerschapsdag</dc:title>"),
        "{xml}"
    );
    assert!(xml.contains("<dc:creator>samenbord</dc:creator>"), "{xml}");
    assert!(
        xml.contains(">2026-12-02T08:00:00Z</dcterms:created>"),
        "{xml}"
    );
    assert!(!xml.contains("unknown") && !xml.contains("1970"), "{xml}");
}

#[test]
fn docx_reads_back_with_headings_items_and_counts() {
    let xml = docx_part(&document(false), "word/document.xml");
    for expected in [
        "Samenvatting",
        "Dialoogsessie 1",
        "Alle groepen samen",
        "Uitdagingen",
        "Warme overdracht van de student",
        "3x genoemd",
        "Startgesprek met student, schoolopleider en IPABO",
    ] {
        assert!(
            xml.contains(expected),
            "word/document.xml lacks {expected:?}"
        );
    }
    assert!(
        xml.contains("w:val=\"Heading2\""),
        "headings use heading styles"
    );
    assert!(xml.contains("<w:numPr>"), "remarks are a bullet list");
    assert!(xml.contains("<w:tbl>"), "agreements are a table");
    let styles = docx_part(&document(false), "word/styles.xml");
    assert!(styles.contains("Heading 1"));
}

/// The value of the first `attr="…"` after `from` in `xml`.
fn attr_after<'a>(xml: &'a str, from: &str, attr: &str) -> Option<&'a str> {
    let start = xml.find(from)? + from.len();
    let rest = &xml[start..];
    let value = rest.find(&format!("{attr}=\""))? + attr.len() + 2;
    let end = rest[value..].find('"')? + value;
    Some(&rest[value..end])
}

#[test]
fn docx_remarks_are_bullets_not_one_numbered_list() {
    // docx-rs always writes a decimal list as numbering 1; a bullet list
    // defined under the same id read as "1. 2. 3. …" through the whole
    // report in Word and LibreOffice.
    let doc = document(false);
    let (document, numbering) = (
        docx_part(&doc, "word/document.xml"),
        docx_part(&doc, "word/numbering.xml"),
    );
    let num_id = attr_after(&document, "<w:numId", "w:val").expect("a bullet paragraph");
    let abstract_id = attr_after(&numbering, &format!("<w:num w:numId=\"{num_id}\""), "w:val")
        .expect("the list's numbering");
    let format = attr_after(
        &numbering,
        &format!("<w:abstractNum w:abstractNumId=\"{abstract_id}\""),
        "w:val",
    );
    let format = numbering
        .match_indices(&format!("<w:abstractNum w:abstractNumId=\"{abstract_id}\""))
        .next()
        .and_then(|(at, _)| attr_after(&numbering[at..], "<w:numFmt", "w:val"))
        .or(format);
    assert_eq!(
        format,
        Some("bullet"),
        "numbering {num_id} → abstract {abstract_id}"
    );
    assert_eq!(
        numbering
            .matches(&format!("<w:abstractNum w:abstractNumId=\"{abstract_id}\""))
            .count(),
        1,
        "one definition per list id"
    );
}

#[test]
fn json_traces_every_count_to_its_notes() {
    let bytes = export(&document(false), ExportFormat::Json).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let items = json["rounds"][0]["cross_group"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["topics"].as_array().unwrap())
        .flat_map(|t| t["items"].as_array().unwrap());
    for item in items {
        let members = item["members"].as_array().unwrap();
        assert_eq!(item["count"].as_u64().unwrap() as usize, members.len());
        for member in members {
            assert!(member["text"].is_string() && member["group_label"].is_string());
        }
    }
    assert_eq!(json["notes"].as_array().unwrap().len(), 5);
    assert_eq!(json["notes"][0]["author_name"], "Naam n1");
}

#[test]
fn anonymous_exports_carry_no_names() {
    let doc = document(true);
    let json = text(ExportFormat::Json, &doc);
    assert!(!json.contains("Naam n1"));
    let csv = text(ExportFormat::Csv, &doc);
    assert!(!csv.contains("Naam n1"));
    // Semicolons and a byte order mark: a Dutch Excel opens it in columns,
    // accents intact.
    assert!(csv.starts_with("\u{feff}ronde;groep;sectie;tekst;onderwerp;rol;stemmen"));
    let named = text(ExportFormat::Csv, &document(false));
    assert!(named.starts_with("\u{feff}ronde;groep;sectie;tekst;onderwerp;rol;naam;stemmen"));
    assert!(named.contains("Naam n1"));
}

#[test]
fn the_notes_csv_reads_back_as_paper_notes() {
    let doc = document(false);
    let csv = export(&doc, ExportFormat::Csv).unwrap();
    let context = PaperContext {
        rounds: vec![(
            RoundId::new("dialoogsessie-1").unwrap(),
            "Dialoogsessie 1".into(),
        )],
        sections: vec![
            (ElementId::new("kansen").unwrap(), "Kansen".into()),
            (ElementId::new("uitdagingen").unwrap(), "Uitdagingen".into()),
        ],
        statements: Vec::new(),
    };
    let back = read_paper_notes(&csv, &context).unwrap();
    assert_eq!(back.len(), 5);
    let mut texts: Vec<&str> = back.iter().map(|n| n.text.as_str()).collect();
    texts.sort_unstable();
    let mut original: Vec<&str> = doc.notes.iter().map(|n| n.text.as_str()).collect();
    original.sort_unstable();
    assert_eq!(texts, original);
    assert!(
        back.iter()
            .all(|n| n.round_id.as_str() == "dialoogsessie-1")
    );
    assert!(
        back.iter()
            .all(|n| n.author_role == Some(ParticipantRole::SchoolBasedTeacherEducator))
    );
}

#[test]
fn paper_errors_name_the_line_and_column() {
    let context = PaperContext::default();
    let missing = read_paper_notes(b"round,group,text\nR1,G,x\n", &context).unwrap_err();
    assert_eq!(
        missing.to_string().split(" column").next(),
        Some("the CSV has no 'section'")
    );
    let csv = "ronde;groep;sectie;tekst;rol\nSessie 1;Groep A;Kansen;Meer tijd;schoolleider\nSessie 1;Groep A;;Leeg vak;mentor\n";
    let empty = read_paper_notes(csv.as_bytes(), &context).unwrap_err();
    assert_eq!(
        empty.to_string(),
        "line 3, column 3 (section): this cannot be empty"
    );
    let csv = "round,group,section,text,role\nS,G,Kansen,Tekst,astronaut\n";
    let role = read_paper_notes(csv.as_bytes(), &context).unwrap_err();
    assert!(
        role.to_string()
            .starts_with("line 2, column 5 (role): unknown role 'astronaut'")
    );
    let ok = read_paper_notes(
        "\u{feff}Ronde;Groep;Sectie;Tekst\nSessie 1;Groep A;Kansen;Meer tijd\n".as_bytes(),
        &context,
    )
    .unwrap();
    assert_eq!(ok[0].round_id.as_str(), "sessie-1");
    assert_eq!(ok[0].room_id.as_str(), "papier-groep-a");
}

fn room_note(id: &str, target: &str, text: &str, deleted: bool) -> Note {
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
        votes: BTreeMap::from([("p2".into(), true), ("p3".into(), true)]),
        topic_id: Some("t1".into()),
        deleted,
        late: false,
    }
}

#[test]
fn a_room_document_becomes_records_without_deleted_notes() {
    let mut room = RoomDoc::default();
    room.notes
        .insert("a".into(), room_note("a", "kansen", "Meer tijd", false));
    room.notes
        .insert("b".into(), room_note("b", "kansen", "Weg ermee", true));
    room.notes
        .insert("c".into(), room_note("c", "kansen", "   ", false));
    // Typed offline just before the end; the server kept it as late.
    let mut late = room_note("d", "kansen", "Laat maar goed", false);
    late.late = true;
    room.notes.insert("d".into(), late);
    room.topics.insert(
        "t1".into(),
        Topic {
            id: "t1".into(),
            name: Text::with_value("Tijd"),
            target: "kansen".into(),
            created_at: 1,
        },
    );
    room.agreements.insert(
        "x".into(),
        Agreement {
            id: "x".into(),
            what: Text::with_value("Rooster aanpassen"),
            who: Text::with_value(""),
            when: Text::with_value("mei"),
            created_at: 1,
            deleted: false,
        },
    );
    room.agreements.insert(
        "y".into(),
        Agreement {
            id: "y".into(),
            what: Text::with_value("Vergeten"),
            who: Text::with_value(""),
            when: Text::with_value(""),
            created_at: 1,
            deleted: true,
        },
    );
    let targets = vec![NoteTarget {
        id: ElementId::new("kansen").unwrap(),
        title: "Kansen".into(),
        kind: NoteTargetKind::Section,
        section: ElementId::new("kansen").unwrap(),
    }];
    let context = |anonymous| RoomContext {
        round_id: RoundId::new("r1").unwrap(),
        round_name: "Dialoogsessie 1".into(),
        room_id: RoomId::new("so-1").unwrap(),
        group_label: "Schoolopleiders".into(),
        statement: Some(STATEMENT.into()),
        targets: &targets,
        template: None,
        anonymous,
    };
    let records = room_records(&room, &context(false));
    assert_eq!(records.notes.len(), 2);
    assert_eq!(
        records
            .notes
            .iter()
            .map(|n| (n.text.as_str(), n.late))
            .collect::<Vec<_>>(),
        [("Meer tijd", false), ("Laat maar goed", true)],
        "the late note is in the summary, marked late"
    );
    let report = build_report(&records.notes, &[], &MergeConfig::default());
    assert!(
        format!("{report:?}").contains("text: \"Laat maar goed\", topic: Some(\"Tijd\"), author_role: Some(Mentor), author_name: Some(\"Ana\"), votes: 2, late: true"),
        "the report's member says it came late: {report:?}"
    );
    let note = &records.notes[0];
    assert_eq!(note.section_title, "Kansen");
    assert_eq!(note.topic.as_deref(), Some("Tijd"));
    assert_eq!(note.votes, 2);
    assert_eq!(note.author_role, Some(ParticipantRole::Mentor));
    assert_eq!(note.author_name.as_deref(), Some("Ana"));
    assert_eq!(records.agreements.len(), 1);
    assert_eq!(records.agreements[0].who, None);
    assert_eq!(records.agreements[0].when.as_deref(), Some("mei"));
    let anonymous = room_records(&room, &context(true));
    assert_eq!(anonymous.notes[0].author_name, None);
}

#[test]
fn an_export_says_which_room_could_not_be_read() {
    let mut doc = document(false);
    doc.unreadable = vec![
        "Van kamer Schoolleiders 1 (Ronde 1) kon niet alles gelezen worden; wat leesbaar was staat erin."
            .into(),
    ];
    for format in [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Csv,
    ] {
        let shown = text(format, &doc);
        assert!(shown.contains("kon niet alles gelezen worden"), "{shown}");
        assert!(shown.contains("Schoolleiders 1"), "{shown}");
    }
    assert!(!text(ExportFormat::Markdown, &document(false)).contains("niet alles"));
    assert!(!text(ExportFormat::Csv, &document(false)).contains("Let op"));
}

#[test]
fn a_csv_export_with_a_notice_opens_with_it_and_reads_back() {
    let mut doc = document(false);
    doc.unreadable = vec!["Van kamer Schoolleiders 1 (Ronde 1) kon niet alles gelezen worden; wat leesbaar was staat erin.".into()];
    let csv = text(ExportFormat::Csv, &doc);
    let first = csv.lines().next().unwrap();
    assert!(
        first.contains("Let op: Van kamer Schoolleiders 1"),
        "the first row a spreadsheet shows: {first}"
    );
    let plain = text(ExportFormat::Csv, &document(false));
    assert_eq!(
        csv.lines().skip(1).collect::<Vec<_>>(),
        plain
            .trim_start_matches('\u{feff}')
            .lines()
            .collect::<Vec<_>>()
    );
    let context = PaperContext {
        rounds: vec![(
            RoundId::new("dialoogsessie-1").unwrap(),
            "Dialoogsessie 1".into(),
        )],
        sections: vec![(ElementId::new("kansen").unwrap(), "Kansen".into())],
        statements: Vec::new(),
    };
    let back = read_paper_notes(csv.as_bytes(), &context).unwrap();
    assert_eq!(back.len(), 5, "the notice row is not read as a note");
}

/// Found in a user test: of two notes merged into "2x genoemd", only the
/// one chosen to stand for both was in the Markdown, HTML, Word and PDF
/// files; the other wording was in the CSV alone. A group's own sections
/// now carry every wording.
#[test]
fn every_wording_a_group_wrote_is_in_the_report() {
    let mut notes = notes();
    notes.push(note(
        "n6",
        "Schoolopleiders",
        "so-1",
        UITDAGINGEN,
        "Echt te weinig tijd voor begeleiding!",
    ));
    let report = build_report(&notes, &agreements(), &MergeConfig::default());
    let merged = report.rounds[0]
        .groups
        .iter()
        .find(|g| g.label == "Schoolopleiders")
        .unwrap()
        .sections
        .iter()
        .flat_map(|s| &s.topics)
        .flat_map(|t| &t.items)
        .find(|item| item.count == 2)
        .expect("the two notes about time are one remark");
    let other = [
        "Te weinig tijd voor begeleiding",
        "Echt te weinig tijd voor begeleiding!",
    ]
    .into_iter()
    .find(|w| *w != merged.text)
    .unwrap();
    let doc = SummaryDocument {
        overall: OverallSummary::extractive(report.overall_summary.clone()),
        report,
        notes,
        ..document(false)
    };
    let md = text(ExportFormat::Markdown, &doc);
    assert!(md.contains(&format!("ook: “{other}”")), "{md}");
    let html = text(ExportFormat::Html, &doc);
    assert!(html.contains(&format!("ook: “{other}”")), "{html}");
    let docx = docx_part(&doc, "word/document.xml");
    assert!(docx.contains(&format!("ook: “{other}”")), "{docx}");
}

/// A user test found the late mark only in the JSON export: the report an
/// organiser reads (Markdown, HTML, Word, PDF share one outline) and the
/// CSV say it too.
#[test]
fn a_note_that_came_late_is_marked_in_every_export() {
    let mut notes = notes();
    notes[3].late = true;
    let report = build_report(&notes, &agreements(), &MergeConfig::default());
    let doc = SummaryDocument {
        report,
        notes,
        ..document(false)
    };
    let md = text(ExportFormat::Markdown, &doc);
    let late_lines: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("laat binnengekomen"))
        .collect();
    assert!(!late_lines.is_empty(), "{md}");
    assert!(
        late_lines
            .iter()
            .all(|l| l.contains("Warme overdracht van de student")),
        "only the late remark is marked: {late_lines:?}"
    );
    assert!(docx_part(&doc, "word/document.xml").contains("laat binnengekomen"));

    let csv = text(ExportFormat::Csv, &doc);
    let header = csv.lines().next().unwrap();
    let late_column = header.split(';').position(|c| c == "laat").unwrap();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(';').collect();
        let want = if line.contains("Warme overdracht") {
            "ja"
        } else {
            ""
        };
        assert_eq!(cells[late_column], want, "{line}");
    }
}
