//! Golden tests: the real templates in `content/templates` against the
//! five source documents in `../shared/seeds` (see its README). Counts and
//! ids are asserted here; texts are checked to appear in the seed itself
//! once the seed's broken ligatures are repaired and line breaks ignored,
//! so a typo in the content fails the build.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use samenbord_core::template::{
    CardKind, CardTemplate, Mode, NoteTargetKind, RoleKind, SectionKind, Who, parse_template,
};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn templates_dir() -> PathBuf {
    repo_root().join("content/templates")
}

fn template(id: &str) -> CardTemplate {
    let path = templates_dir().join(format!("{id}.toml"));
    let text = fs::read_to_string(&path).unwrap();
    parse_template(&path.display().to_string(), &text)
        .unwrap_or_else(|errors| panic!("{id} is invalid: {errors:#?}"))
}

/// The seed file whose name starts with `prefix` (`"001"`), ligatures
/// repaired and all whitespace removed; `None` when the seeds are not
/// next to this checkout (set `SAMENBORD_SEEDS` to point at them).
fn seed(prefix: &str) -> Option<String> {
    let dir = std::env::var_os("SAMENBORD_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/seeds"));
    let Ok(entries) = fs::read_dir(&dir) else {
        eprintln!(
            "seeds not found at {}: skipping comparison with the source",
            dir.display()
        );
        return None;
    };
    let path = entries
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(prefix)
        })
        .unwrap_or_else(|| panic!("no seed {prefix}_* in {}", dir.display()));
    let text = repair_ligatures(&fs::read_to_string(path).unwrap());
    Some(squash(&text))
}

/// The PDF extracts lost their fi/fl/ff/ft ligatures (U+FFFD); this is the
/// complete list of broken word stems in the five seeds.
fn repair_ligatures(text: &str) -> String {
    const REPAIRS: [(&str, &str); 12] = [
        ("hee\u{FFFD}", "heeft"),
        ("gee\u{FFFD}", "geeft"),
        ("betre\u{FFFD}", "betreft"),
        ("blij\u{FFFD}", "blijft"),
        ("behoe\u{FFFD}", "behoeft"),
        ("\u{FFFD}nanciering", "financiering"),
        ("\u{FFFD}guren", "figuren"),
        ("re\u{FFFD}ect", "reflect"),
        ("Re\u{FFFD}ect", "Reflect"),
        ("e\u{FFFD}ect", "effect"),
        ("peci\u{FFFD}e", "pecifie"),
        ("de\u{FFFD}nitie", "definitie"),
    ];
    REPAIRS
        .iter()
        .fold(text.to_owned(), |text, (broken, repaired)| {
            text.replace(broken, repaired)
        })
}

/// Text without any whitespace: PDF line breaks fall anywhere.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_in_seed(seed: &Option<String>, what: &str, text: &str) {
    if let Some(seed) = seed {
        assert!(
            seed.contains(&squash(text)),
            "{what} not found in the seed: {text:?}"
        );
    }
}

fn ids<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    items.collect()
}

#[test]
fn no_content_file_contains_a_broken_character() {
    let mut checked = 0;
    let mut stack = vec![repo_root().join("content")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            for (number, line) in text.lines().enumerate() {
                assert!(
                    !line.contains('\u{FFFD}'),
                    "{}:{}: U+FFFD (a broken ligature?): {line}",
                    path.display(),
                    number + 1
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "expected the five templates, checked {checked} files"
    );
}

#[test]
fn the_ligature_repair_covers_every_broken_word_in_the_seeds() {
    for prefix in ["000", "001", "002", "003", "004"] {
        if let Some(text) = seed(prefix) {
            assert!(
                !text.contains('\u{FFFD}'),
                "seed {prefix} still has a broken ligature"
            );
        }
    }
}

#[test]
fn every_template_file_is_valid_and_named_after_its_id() {
    let mut found = BTreeSet::new();
    for entry in fs::read_dir(templates_dir()).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let template = parse_template(&path.display().to_string(), &text)
            .unwrap_or_else(|errors| panic!("{errors:#?}"));
        assert_eq!(
            path.file_stem().unwrap().to_str().unwrap(),
            template.id.as_str()
        );
        found.insert(template.id.to_string());
    }
    let expected = [
        "dialoogkaart-partnerschapsdag",
        "dialoogkaart-schoolleider",
        "gesprekskaart-veranderende-omgeving",
        "instrument-voor-dialoog",
        "kwaliteitsgesprek-data",
    ];
    assert_eq!(found, expected.iter().map(|s| s.to_string()).collect());
}

#[test]
fn dialoogkaart_has_the_four_roles_with_questions_1_1_to_4_6() {
    let card = template("dialoogkaart-schoolleider");
    let expected_counts = [("rol-1", 6), ("rol-2", 9), ("rol-3", 5), ("rol-4", 6)];
    for (number, (section_id, count)) in expected_counts.into_iter().enumerate() {
        let section = card.section(section_id).unwrap();
        assert!(
            section.choose_questions,
            "{section_id}: the group picks questions"
        );
        let expected: Vec<String> = (1..=count).map(|q| format!("{}.{q}", number + 1)).collect();
        let actual: Vec<String> = section.questions.iter().map(|q| q.id.to_string()).collect();
        assert_eq!(actual, expected);
    }
    assert_eq!(
        card.section("rol-1").unwrap().title,
        "1. Rol als visionair en verbinder"
    );
    assert_eq!(
        card.section("rol-2").unwrap().title,
        "2. Rol richting aanstaande leraren"
    );
    assert_eq!(
        card.section("rol-3").unwrap().title,
        "3. De faciliterende rol"
    );
    assert_eq!(
        card.section("rol-4").unwrap().title,
        "4. Rol in ontwikkeling en uitvoering"
    );
    assert_eq!(
        card.question("1.3").unwrap().text,
        "Hoe zorg je ervoor dat teamleden inhoudelijk bijdragen aan het bijstellen, vertalen of \
         updaten van de visie van Samen Opleiden?"
    );
    assert_eq!(
        card.question("2.6").unwrap().text,
        "Wat kunnen aanstaande leraren leren in de specifieke context die jouw \
         team/afdeling/school biedt?"
    );
    assert_eq!(
        card.question("4.5").unwrap().text,
        "Hoe reflecteer je als team/afdeling/school op de kwaliteit van Samen Opleiden en welke \
         rol spelen aanstaande leraren hierbij?"
    );
}

#[test]
fn dialoogkaart_starts_silent_then_shares_and_ends_with_dream_evaluation_and_actions() {
    let card = template("dialoogkaart-schoolleider");
    let sections = ids(card.sections.iter().map(|s| s.id.as_str()));
    assert_eq!(
        sections,
        [
            "startvragen",
            "groepsvraag",
            "rol-1",
            "rol-2",
            "rol-3",
            "rol-4",
            "droomvraag",
            "evaluatievragen",
            "acties"
        ]
    );
    let start = card.question("start").unwrap();
    assert_eq!(start.mode, Some(Mode::SilentFirst));
    assert!(start.notes_start_private());
    assert_eq!(card.question("groep").unwrap().who, Some(Who::Wij));
    assert!(
        card.question("droom")
            .unwrap()
            .text
            .starts_with("Wissel uit: Stel je voor")
    );
    assert_eq!(card.section("evaluatievragen").unwrap().questions.len(), 2);
    assert_eq!(
        card.section("acties").unwrap().kind,
        SectionKind::Agreements
    );
    assert_eq!(card.questions().count(), 31);
    assert!(!card.has_examples());

    let targets = card.note_targets();
    let first: Vec<(&str, NoteTargetKind)> = targets
        .iter()
        .take(5)
        .map(|t| (t.id.as_str(), t.kind))
        .collect();
    assert_eq!(
        first,
        [
            ("startvragen", NoteTargetKind::Section),
            ("start", NoteTargetKind::Question),
            ("groepsvraag", NoteTargetKind::Section),
            ("groep", NoteTargetKind::Question),
            ("rol-1", NoteTargetKind::Section),
        ]
    );
    // Every section but the agreements, and every question.
    assert_eq!(targets.len(), 8 + 31);
}

#[test]
fn dialoogkaart_texts_come_from_the_seed() {
    let seed = seed("001");
    let card = template("dialoogkaart-schoolleider");
    for question in card.questions() {
        assert_in_seed(&seed, &format!("question {}", question.id), &question.text);
    }
    for section in card
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Notes)
    {
        assert_in_seed(&seed, &format!("section {}", section.id), &section.title);
        for paragraph in section.description.iter().flat_map(|d| d.split("\n\n")) {
            assert_in_seed(
                &seed,
                &format!("section {} description", section.id),
                paragraph,
            );
        }
    }
}

#[test]
fn every_link_url_is_copied_from_a_seed() {
    let all: Option<String> = ["000", "001", "002", "003", "004"]
        .into_iter()
        .map(seed)
        .collect::<Option<Vec<_>>>()
        .map(|seeds| seeds.concat());
    for entry in fs::read_dir(templates_dir()).unwrap() {
        let id = entry
            .unwrap()
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let card = template(&id);
        let tools = card.themes.iter().flat_map(|t| t.tools.iter());
        for link in card.links.iter().chain(tools) {
            if let Some(url) = &link.url {
                assert_in_seed(&all, &format!("{id}: url of {:?}", link.title), url);
            }
        }
    }
}

#[test]
fn gesprekskaart_has_eight_themes_with_guiding_questions_and_tools_plus_an_own_theme() {
    let card = template("gesprekskaart-veranderende-omgeving");
    let counts: Vec<(&str, usize, usize)> = card
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.guiding_questions.len(), t.tools.len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("visie", 7, 3),
            ("eigenaarschap", 5, 6),
            ("kennisdeling", 6, 6),
            ("theorie-en-praktijk", 6, 7),
            ("doorlopende-leerlijnen", 4, 4),
            ("toekomstig-personeel", 5, 6),
            ("kwaliteit", 5, 5),
            ("schoolontwikkeling", 4, 3),
        ]
    );
    let choice = card.theme_choice.as_ref().unwrap();
    assert_eq!((choice.min, choice.max), (1, None));
    assert_eq!(choice.own_theme.as_ref().unwrap().title, "Eigen thema");

    let central = card.central_question.as_ref().unwrap();
    assert_eq!(
        central.text,
        "Op welke wijze willen we binnen ons partnerschap vormgeven aan:"
    );
    assert_eq!(
        card.section("uitdaging").unwrap().prompts,
        ["Welke uitdaging ligt er?", "Waar bijt het nu?"]
    );
    assert_eq!(
        card.section("afspraken").unwrap().kind,
        SectionKind::Agreements
    );
    assert_eq!(card.levels.len(), 3);

    let kwaliteit = card.theme("kwaliteit").unwrap();
    assert_eq!(
        kwaliteit.guiding_questions[3],
        "Wat zijn de grootste barrières voor effectief leren op de werkplek en hoe kunnen we \
         deze overwinnen?"
    );
    let theorie = card.theme("theorie-en-praktijk").unwrap();
    assert_eq!(
        theorie.tools[2].url.as_deref(),
        Some(
            "https://www.marnixacademie.nl/sites/default/files/2022-06/Samen%20blijven%28d%29%20leren.pdf"
        )
    );
    let leerlijnen = card.theme("doorlopende-leerlijnen").unwrap();
    assert_eq!(
        leerlijnen.tools[3].url, None,
        "announced tool without a link"
    );

    let theme_targets = card
        .note_targets()
        .into_iter()
        .filter(|t| t.kind == NoteTargetKind::Theme)
        .count();
    assert_eq!(theme_targets, 9);
}

#[test]
fn gesprekskaart_texts_and_urls_come_from_the_seed() {
    let seed_text = seed("000");
    let card = template("gesprekskaart-veranderende-omgeving");
    for theme in &card.themes {
        assert_in_seed(&seed_text, "theme title", &theme.title);
        if let Some(heading) = &theme.heading {
            assert_in_seed(&seed_text, "theme heading", heading);
        }
        for question in &theme.guiding_questions {
            assert_in_seed(
                &seed_text,
                &format!("guiding question of {}", theme.id),
                question,
            );
        }
        for tool in &theme.tools {
            assert_in_seed(&seed_text, &format!("tool of {}", theme.id), &tool.title);
            if let Some(url) = &tool.url {
                assert_in_seed(&seed_text, &format!("tool url of {}", theme.id), url);
            }
        }
    }
    let central = card.central_question.as_ref().unwrap();
    assert_in_seed(&seed_text, "central question", &central.text);
    assert_in_seed(
        &seed_text,
        "context",
        central.description.as_deref().unwrap(),
    );
    for question in card.questions() {
        assert_in_seed(&seed_text, "conclusion question", &question.text);
    }
    for paragraph in card.description.iter().flat_map(|d| d.split("\n\n")) {
        assert_in_seed(&seed_text, "description", paragraph);
    }
}

#[test]
fn kwaliteitsgesprek_has_three_phases_with_a_way_back_to_the_data() {
    let card = template("kwaliteitsgesprek-data");
    assert_eq!(
        ids(card.phases.iter().map(|p| p.id.as_str())),
        ["check-in", "proces-check", "check-out"]
    );
    assert_eq!(card.initial_phase.as_ref().unwrap().as_str(), "check-in");
    let transitions: Vec<(&str, &str)> = card
        .transitions
        .iter()
        .map(|t| (t.from.as_str(), t.to.as_str()))
        .collect();
    assert_eq!(
        transitions,
        [
            ("check-in", "proces-check"),
            ("proces-check", "check-out"),
            ("proces-check", "check-in"),
            // A leader who tapped too soon can go back.
            ("check-out", "proces-check")
        ]
    );

    let roles: Vec<(&str, RoleKind)> = card.roles.iter().map(|r| (r.id.as_str(), r.kind)).collect();
    assert_eq!(
        roles,
        [
            ("procesbegeleider", RoleKind::Facilitator),
            ("verslaglegger", RoleKind::NoteTaker)
        ]
    );
    assert!(
        card.shared_question.is_some(),
        "the jointly posed question is pinned"
    );
    assert!(card.attachments.is_some(), "the data can be attached");

    // The seed has no question texts: every question is a marked example,
    // tagged ik/wij and aloud/silent, starting and ending with "ik".
    let questions: Vec<_> = card.questions().collect();
    assert!(questions.len() >= 6);
    assert!(
        questions
            .iter()
            .all(|q| q.example && q.who.is_some() && q.mode.is_some())
    );
    assert_eq!(questions.first().unwrap().who, Some(Who::Ik));
    assert_eq!(questions.last().unwrap().who, Some(Who::Ik));
    for who in [Who::Ik, Who::Wij, Who::IkEnWij] {
        assert!(questions.iter().any(|q| q.who == Some(who)), "{who:?}");
    }
    for mode in [Mode::Aloud, Mode::Silent] {
        assert!(questions.iter().any(|q| q.mode == Some(mode)), "{mode:?}");
    }
    for phase in &card.phases {
        assert!(
            card.sections
                .iter()
                .any(|s| s.phase.as_ref() == Some(&phase.id) && !s.questions.is_empty())
        );
    }

    let seed = seed("003");
    for paragraph in card.description.iter().flat_map(|d| d.split("\n\n")) {
        assert_in_seed(&seed, "description", paragraph);
    }
}

/// Every text of the Kwaliteitsgesprek is the seed's, word for word, or
/// marked as the project's own: the seed gives the phases and roles, not
/// the names of the places the group fills in.
#[test]
fn kwaliteitsgesprek_texts_are_the_seeds_or_marked_as_own() {
    let card = template("kwaliteitsgesprek-data");
    let seed = seed("003");
    let slots = [
        ("shared_question", card.shared_question.as_ref()),
        ("attachments", card.attachments.as_ref()),
    ];
    for (what, slot) in slots {
        let slot = slot.unwrap();
        let texts = [Some(&slot.title), slot.description.as_ref()];
        let from_seed = seed
            .as_ref()
            .is_none_or(|s| texts.iter().flatten().all(|text| s.contains(&squash(text))));
        assert!(
            from_seed || slot.example,
            "{what} is the project's own text but not marked as such"
        );
    }
    for phase in &card.phases {
        let what = format!("phase {}", phase.id);
        assert_in_seed(&seed, &what, phase.description.as_deref().unwrap());
    }
    for role in &card.roles {
        let what = format!("role {}", role.id);
        assert_in_seed(&seed, &what, role.description.as_deref().unwrap());
    }
    assert!(
        card.sections.iter().all(|s| s.example),
        "no question or section text is in the seed"
    );
    assert!(card.has_examples());
}

#[test]
fn instrument_voor_dialoog_has_two_decks_by_three_themes_by_three_kinds() {
    let card = template("instrument-voor-dialoog");
    assert_eq!(
        ids(card.decks.iter().map(|d| d.id.as_str())),
        ["prikkelvragen", "spiegelvragen"]
    );
    assert_eq!(
        ids(card.themes.iter().map(|t| t.id.as_str())),
        [
            "opleiden",
            "onderzoeken",
            "doorgaande-lijn-professionalisering"
        ]
    );
    for deck in &card.decks {
        for theme in &card.themes {
            for kind in [
                CardKind::Vision,
                CardKind::Realisation,
                CardKind::Evaluation,
            ] {
                let matching = card
                    .cards
                    .iter()
                    .filter(|c| {
                        c.deck == deck.id
                            && c.theme.as_ref() == Some(&theme.id)
                            && c.kind == Some(kind)
                    })
                    .count();
                assert_eq!(matching, 1, "{} × {} × {kind:?}", deck.id, theme.id);
            }
        }
    }
    assert_eq!(card.cards.len(), 18);
    assert!(
        card.cards.iter().all(|c| c.example),
        "card texts are not in the seed: examples"
    );
    assert_eq!(card.working_forms.len(), 3);
    assert!(card.working_forms.iter().all(|w| w.example));
    assert_eq!(card.tips.len(), 3);
    assert!(card.sections.iter().any(|s| s.kind == SectionKind::Deck));

    let seed = seed("004");
    for tip in &card.tips {
        assert_in_seed(&seed, "tip", tip);
    }
    for paragraph in card.description.iter().flat_map(|d| d.split("\n\n")) {
        assert_in_seed(&seed, "description", paragraph);
    }
}

#[test]
fn partnerschapsdag_card_has_a_statement_and_the_five_output_sections() {
    let card = template("dialoogkaart-partnerschapsdag");
    assert!(card.statement);
    let titles = ids(card.sections.iter().map(|s| s.title.as_str()));
    assert_eq!(
        titles,
        [
            "Opbrengsten",
            "Succesfactoren",
            "Kansen",
            "Uitdagingen",
            "Ontwikkelvragen"
        ]
    );
    assert_eq!(card.note_targets().len(), 5);
    assert!(card.roles.iter().any(|r| r.kind == RoleKind::Leader));
    let seed = seed("002");
    for title in titles {
        assert_in_seed(&seed, "section title", title);
    }
}

#[test]
fn the_example_in_the_format_documentation_is_valid() {
    let doc = fs::read_to_string(repo_root().join("docs/content-format.md")).unwrap();
    let (_, after) = doc.split_once("## Example").unwrap();
    let (_, block) = after.split_once("```toml\n").unwrap();
    let (toml, _) = block.split_once("```").unwrap();
    let card = parse_template("docs/content-format.md", toml).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(card.phases.len(), 2);
}
