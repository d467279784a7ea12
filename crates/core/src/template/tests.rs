//! One test per validation rule: a broken template yields exactly the
//! expected list of errors (file, path, problem), complete and in order.

use super::*;

const FILE: &str = "content/templates/test.toml";

/// Every error of `text`, as the CLI prints them.
fn errors(text: &str) -> Vec<String> {
    match parse_template(FILE, text) {
        Ok(template) => panic!("expected errors, got {template:?}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn ok(text: &str) -> CardTemplate {
    match parse_template(FILE, text) {
        Ok(template) => template,
        Err(errors) => panic!("unexpected errors: {errors:#?}"),
    }
}

fn at(path: &str, message: &str) -> String {
    format!("{FILE}: {path}: {message}")
}

const MINIMAL: &str = r#"
id = "test"
title = "Test"

[[sections]]
id = "opbrengsten"
title = "Opbrengsten"
"#;

#[test]
fn a_minimal_template_is_valid() {
    let template = ok(MINIMAL);
    assert_eq!(template.id.as_str(), "test");
    assert_eq!(template.sections.len(), 1);
    assert!(!template.statement);
}

#[test]
fn a_syntax_error_names_line_and_column() {
    let text = "id = \"test\"\ntitle = \"Test\n";
    let found = errors(text);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with(&format!("{FILE}: TOML syntax error at line 2, column 14:")),
        "{found:?}"
    );
}

#[test]
fn every_unknown_field_is_reported_even_several_in_one_item() {
    let text = format!(
        "statment = true\n{MINIMAL}colour = \"red\"\n\
         [[sections.questions]]\nid = \"1.1\"\ntekst = \"x\"\nkleur = \"rood\"\ntext = \"Vraag\"\n\
         [[sections.questions]]\nid = \"1.2\"\ntext = \"Vraag 2\"\nwie = \"ik\"\n"
    );
    let section_fields = "expected one of `id`, `title`, `description`, `kind`, `phase`, `prompts`, \
                          `choose_questions`, `example`, `who`, `mode`, `questions`";
    let question_fields = "expected one of `id`, `text`, `description`, `who`, `mode`, `example`";
    assert_eq!(
        errors(&text),
        vec![
            at("statment", "unknown field `statment`"),
            at(
                "sections[0].colour",
                &format!("unknown field `colour`, {section_fields}")
            ),
            at(
                "sections[0].questions[0].kleur",
                &format!("unknown field `kleur`, {question_fields}")
            ),
            at(
                "sections[0].questions[0].tekst",
                &format!("unknown field `tekst`, {question_fields}")
            ),
            at(
                "sections[0].questions[1].wie",
                &format!("unknown field `wie`, {question_fields}")
            ),
        ]
    );
}

#[test]
fn missing_and_mistyped_fields_name_their_place() {
    let text = r#"
title = 3
[[sections]]
title = "Zonder id"
[[sections]]
id = "b"
title = "B"
prompts = "niet een lijst"
"#;
    assert_eq!(
        errors(text),
        vec![
            at("id", "is missing"),
            at("title", "invalid type: integer `3`, expected a string"),
            at("sections[0]", "missing field `id`"),
            at(
                "sections[1]",
                "invalid type: string \"niet een lijst\", expected a sequence"
            ),
        ]
    );
}

#[test]
fn ids_are_unique_across_the_whole_template() {
    let text = r#"
id = "test"
title = "Test"
initial_phase = "start"

[[phases]]
id = "start"
title = "Start"

[[sections]]
id = "rol-1"
title = "Rol 1"
[[sections.questions]]
id = "1.1"
text = "Een"
[[sections.questions]]
id = "1.2"
text = "Twee"
[[sections.questions]]
id = "1.3"
text = "Drie"
[[sections.questions]]
id = "1.3"
text = "Nog eens drie"

[[sections]]
id = "start"
title = "Dezelfde id als een fase"
"#;
    assert_eq!(
        errors(text),
        vec![
            at(
                "sections[0].questions[3].id",
                "'1.3' appears twice (first at sections[0].questions[2].id)"
            ),
            at(
                "sections[1].id",
                "'start' appears twice (first at phases[0].id)"
            ),
        ]
    );
}

#[test]
fn ids_must_be_well_formed() {
    let text = r#"
id = "mijn template"
title = "Test"
[[sections]]
id = "vraag één"
title = "Vraag"
"#;
    assert_eq!(
        errors(text),
        vec![
            at(
                "id",
                "template id 'mijn template' may only contain a-z, A-Z, 0-9, '-', '_' and '.'"
            ),
            at(
                "sections[0].id",
                "element id 'vraag één' may only contain a-z, A-Z, 0-9, '-', '_' and '.'"
            ),
        ]
    );
}

#[test]
fn titles_and_texts_must_not_be_empty() {
    let text = r#"
id = "test"
title = "  "
tips = ["", "Goed"]
[central_question]
text = ""
[[sections]]
id = "a"
title = ""
prompts = [" "]
[[sections.questions]]
id = "a.1"
text = ""
[[themes]]
id = "t"
title = "Thema"
guiding_questions = ["Goed?", ""]
tools = [{ title = "" }]
[[sections]]
id = "themas"
title = "Thema's"
kind = "themes"
"#;
    assert_eq!(
        errors(text),
        vec![
            at("title", "is empty"),
            at("central_question.text", "is empty"),
            at("sections[0].title", "is empty"),
            at("sections[0].prompts[0]", "is empty"),
            at("sections[0].questions[0].text", "is empty"),
            at("themes[0].guiding_questions[1]", "is empty"),
            at("themes[0].tools[0].title", "is empty"),
            at("tips[0]", "is empty"),
        ]
    );
}

#[test]
fn phases_transitions_and_the_initial_phase_must_fit_together() {
    let text = r#"
id = "test"
title = "Test"
initial_phase = "begin"

[[phases]]
id = "check-in"
title = "Check-in"
[[phases]]
id = "check-out"
title = "Check-out"
[[phases]]
id = "eiland"
title = "Onbereikbaar"

[[transitions]]
from = "check-in"
to = "proces-check"
[[transitions]]
from = "check-out"
to = "check-out"
[[transitions]]
from = "check-in"
to = "check-out"
[[transitions]]
from = "check-in"
to = "check-out"

[[sections]]
id = "vragen"
title = "Vragen"
phase = "midden"
"#;
    assert_eq!(
        errors(text),
        vec![
            at("initial_phase", "'begin' is not a phase of this template"),
            at(
                "transitions[0].to",
                "'proces-check' is not a phase of this template"
            ),
            at("transitions[1]", "leads from 'check-out' to itself"),
            at(
                "transitions[3]",
                "the transition from 'check-in' to 'check-out' appears twice (first at transitions[2])"
            ),
            at(
                "sections[0].phase",
                "'midden' is not a phase of this template"
            ),
        ]
    );
}

#[test]
fn phases_need_an_initial_phase_from_which_all_can_be_reached() {
    let phases = r#"
[[phases]]
id = "check-in"
title = "Check-in"
[[phases]]
id = "check-out"
title = "Check-out"
"#;
    assert_eq!(
        errors(&format!("{MINIMAL}{phases}")),
        vec![at("initial_phase", "is missing: the template has phases")]
    );
    let text = format!("initial_phase = \"check-in\"\n{MINIMAL}{phases}");
    assert_eq!(
        errors(&text),
        vec![at(
            "phases[1].id",
            "phase 'check-out' cannot be reached from the initial phase 'check-in'"
        )]
    );
    let back = "[[transitions]]\nfrom = \"check-in\"\nto = \"check-out\"\n\
                [[transitions]]\nfrom = \"check-out\"\nto = \"check-in\"\n";
    let template = ok(&format!("{text}{back}"));
    let start = &template.phases[0].id;
    let next: Vec<&str> = template.next_phases(start).map(|t| t.to.as_str()).collect();
    assert_eq!(next, ["check-out"]);
}

#[test]
fn links_must_be_absolute_http_urls() {
    let text = format!(
        "{MINIMAL}\
         [[links]]\ntitle = \"Goed\"\nurl = \"https://www.platformsamenopleiden.nl/kijkkader/\"\n\
         [[links]]\ntitle = \"Relatief\"\nurl = \"/kennisbank/tool\"\n\
         [[links]]\ntitle = \"Ftp\"\nurl = \"ftp://example.org/x\"\n\
         [[links]]\ntitle = \"Mail\"\nurl = \"mailto:platformsamenopleiden@poraad.nl\"\n\
         [[links]]\ntitle = \"Zonder url mag\"\n"
    );
    assert_eq!(
        errors(&text),
        vec![
            at(
                "links[1].url",
                "'/kennisbank/tool' is not an absolute http(s) URL"
            ),
            at(
                "links[2].url",
                "'ftp://example.org/x' is not an absolute http(s) URL"
            ),
            at(
                "links[3].url",
                "'mailto:platformsamenopleiden@poraad.nl' is not an absolute http(s) URL"
            ),
        ]
    );
}

#[test]
fn tag_values_must_be_known() {
    let text = format!(
        "{MINIMAL}mode = \"hardop\"\n\
         [[sections.questions]]\nid = \"q1\"\ntext = \"Vraag\"\nwho = \"jij\"\n\
         [[sections.questions]]\nid = \"q2\"\ntext = \"Vraag\"\nmode = \"silent-first\"\n\
         [[roles]]\nid = \"r\"\ntitle = \"Rol\"\nkind = \"voorzitter\"\n"
    );
    assert_eq!(
        errors(&text),
        vec![
            at(
                "roles[0].kind",
                "unknown variant `voorzitter`, expected one of `leader`, `facilitator`, `note-taker`, `other`"
            ),
            at(
                "sections[0].mode",
                "unknown variant `hardop`, expected one of `aloud`, `silent`, `silent-first`"
            ),
            at(
                "sections[0].questions[0].who",
                "unknown variant `jij`, expected one of `ik`, `wij`, `ik-en-wij`"
            ),
        ]
    );
}

#[test]
fn deck_cards_must_refer_to_a_known_deck_and_theme() {
    let text = r#"
id = "test"
title = "Test"
[[decks]]
id = "prikkelvragen"
title = "Prikkelvragen"
[[themes]]
id = "opleiden"
title = "Opleiden"
[[cards]]
id = "k1"
deck = "prikkelvragen"
theme = "opleiden"
kind = "vision"
text = "Goed"
[[cards]]
id = "k2"
deck = "spiegelvragen"
theme = "onderzoeken"
text = "Onbekende stapel en thema"
[[cards]]
id = "k3"
deck = "opleiden"
kind = "visie"
text = "Een thema is geen stapel"
"#;
    assert_eq!(
        errors(text),
        vec![
            at(
                "cards[2].kind",
                "unknown variant `visie`, expected one of `vision`, `realisation`, `evaluation`"
            ),
            at("sections", "a template needs at least one section"),
            at(
                "cards[1].deck",
                "'spiegelvragen' is not a deck of this template"
            ),
            at(
                "cards[1].theme",
                "'onderzoeken' is not a theme of this template"
            ),
            at("cards[2].deck", "'opleiden' is not a deck of this template"),
            at("cards", "no section has kind 'deck' to draw them in"),
        ]
    );
}

#[test]
fn section_kinds_need_what_they_show() {
    let text = r#"
id = "test"
title = "Test"
[theme_choice]
min = 2
max = 1
[[sections]]
id = "themas"
title = "Thema's"
kind = "themes"
[[sections]]
id = "kaart"
title = "Kaart"
kind = "deck"
[[sections]]
id = "afspraken"
title = "Afspraken"
kind = "agreements"
[[sections.questions]]
id = "wat"
text = "Wat spreken we af?"
"#;
    assert_eq!(
        errors(text),
        vec![
            at("sections[0].kind", "a 'themes' section needs [[themes]]"),
            at("sections[1].kind", "a 'deck' section needs [[cards]]"),
            at(
                "sections[2].questions",
                "a 'themes' or 'agreements' section takes no questions: use prompts"
            ),
            at(
                "theme_choice.min",
                "2 is more than the 0 themes to choose from"
            ),
            at("theme_choice.max", "1 is less than min (2) or zero"),
        ]
    );
}

#[test]
fn a_theme_choice_needs_a_section_that_shows_the_themes() {
    let text = format!("{MINIMAL}[theme_choice]\nmin = 1\n[[themes]]\nid = \"t\"\ntitle = \"T\"\n");
    assert_eq!(
        errors(&text),
        vec![at(
            "theme_choice",
            "has no effect: no section has kind 'themes'"
        )]
    );
}

#[test]
fn problems_all_over_a_file_are_reported_together() {
    let text = r#"
id = "test"
title = ""
onbekend = 1
[[sections]]
id = "a"
title = "A"
[[sections.questions]]
id = "a"
text = "Zelfde id als de sectie"
who = "zij"
[[links]]
title = "Kapot"
url = "geen url"
"#;
    assert_eq!(
        errors(text),
        vec![
            at("onbekend", "unknown field `onbekend`"),
            at("title", "is empty"),
            at("links[0].url", "'geen url' is not an absolute http(s) URL"),
            at(
                "sections[0].questions[0].id",
                "'a' appears twice (first at sections[0].id)"
            ),
            at(
                "sections[0].questions[0].who",
                "unknown variant `zij`, expected one of `ik`, `wij`, `ik-en-wij`"
            ),
        ]
    );
}

#[test]
fn questions_inherit_who_mode_and_example_from_their_section() {
    let text = r#"
id = "test"
title = "Test"
[[sections]]
id = "check-in"
title = "Check-in"
who = "ik"
mode = "silent"
example = true
[[sections.questions]]
id = "q1"
text = "Stil, voor mij"
[[sections.questions]]
id = "q2"
text = "Hardop, voor ons"
who = "wij"
mode = "aloud"
"#;
    let template = ok(text);
    let q1 = template.question("q1").unwrap();
    let q2 = template.question("q2").unwrap();
    assert_eq!(
        (q1.who, q1.mode, q1.example),
        (Some(Who::Ik), Some(Mode::Silent), true)
    );
    assert_eq!(
        (q2.who, q2.mode, q2.example),
        (Some(Who::Wij), Some(Mode::Aloud), true)
    );
    assert!(q1.notes_start_private());
    assert!(!q2.notes_start_private());
    assert!(template.has_examples());
}

#[test]
fn note_targets_follow_the_card_in_display_order() {
    let text = r#"
id = "test"
title = "Test"
[theme_choice]
own_theme = { id = "eigen", title = "Eigen thema" }
[[sections]]
id = "start"
title = "Start"
[[sections.questions]]
id = "s1"
text = "Startvraag"
[[sections]]
id = "themas"
title = "Thema's"
kind = "themes"
[[sections]]
id = "afspraken"
title = "Afspraken"
kind = "agreements"
[[sections]]
id = "slot"
title = "Slot"
[[themes]]
id = "visie"
title = "Visie"
[[themes]]
id = "kwaliteit"
title = "Kwaliteit"
"#;
    let targets: Vec<(String, NoteTargetKind, String)> = ok(text)
        .note_targets()
        .into_iter()
        .map(|t| (t.id.to_string(), t.kind, t.section.to_string()))
        .collect();
    let expected = [
        ("start", NoteTargetKind::Section, "start"),
        ("s1", NoteTargetKind::Question, "start"),
        ("visie", NoteTargetKind::Theme, "themas"),
        ("kwaliteit", NoteTargetKind::Theme, "themas"),
        ("eigen", NoteTargetKind::Theme, "themas"),
        ("slot", NoteTargetKind::Section, "slot"),
    ];
    let expected: Vec<(String, NoteTargetKind, String)> = expected
        .iter()
        .map(|(id, kind, section)| (id.to_string(), *kind, section.to_string()))
        .collect();
    assert_eq!(targets, expected);
}
