//! From [`RawTemplate`] to a [`CardTemplate`]: reads every part, checks
//! texts, ids and URLs as it goes (see [`Checker`]), then checks what refers
//! to what (see [`super::refs`]). Every problem is reported; the template is
//! returned only when there were none.

use super::check::Checker;
use super::model::{
    CardTemplate, CentralQuestion, Deck, DeckCard, Link, Mode, OwnTheme, Phase, Question, Role,
    Section, Slot, Theme, ThemeChoice, Transition, Who, WorkingForm,
};
use super::raw::List;
use super::raw::{
    Lenient, RawCentralQuestion, RawDeck, RawDeckCard, RawLink, RawOwnTheme, RawPhase, RawQuestion,
    RawRole, RawSection, RawSlot, RawTemplate, RawTheme, RawThemeChoice, RawTransition,
    RawWorkingForm,
};
use super::refs;
use crate::content_error::ContentError;
use crate::ids::TemplateId;

pub(crate) fn validate(file: &str, raw: RawTemplate) -> Result<CardTemplate, Vec<ContentError>> {
    let mut c = Checker::new(file);
    for key in raw.unknown.keys() {
        c.push(key.as_str(), format!("unknown field `{key}`"));
    }
    let id = template_id(&mut c, raw.id);
    let title = required(&mut c, "title", raw.title);
    let subtitle = optional(&mut c, "subtitle", raw.subtitle);
    let description = optional(&mut c, "description", raw.description);
    let levels = c.take_list("levels", raw.levels);
    let links = each(&mut c, "links", raw.links, link);
    let statement = c.take_opt("statement", raw.statement).unwrap_or(false);
    let central_question = c
        .take_opt("central_question", raw.central_question)
        .and_then(|q| central_question(&mut c, q));
    let shared_question = slot(&mut c, "shared_question", raw.shared_question);
    let attachments = slot(&mut c, "attachments", raw.attachments);
    let roles = each(&mut c, "roles", raw.roles, role);
    let sections_written = raw
        .sections
        .as_ref()
        .is_some_and(|list| list.value.as_ref().is_none_or(|items| !items.is_empty()));
    let parts = refs::Parts {
        phases: each(&mut c, "phases", raw.phases, phase),
        initial_phase: optional(&mut c, "initial_phase", raw.initial_phase)
            .and_then(|p| c.id_syntax("initial_phase", p)),
        transitions: each(&mut c, "transitions", raw.transitions, transition),
        sections: each(&mut c, "sections", raw.sections, section),
        sections_written,
        themes: each(&mut c, "themes", raw.themes, theme),
        theme_choice: c
            .take_opt("theme_choice", raw.theme_choice)
            .and_then(|choice| theme_choice(&mut c, choice)),
        decks: each(&mut c, "decks", raw.decks, deck),
        cards: each(&mut c, "cards", raw.cards, card),
    };
    let working_forms = each(&mut c, "working_forms", raw.working_forms, working_form);
    let tips = c.take_list("tips", raw.tips);
    let tips = tips
        .into_iter()
        .filter_map(|(path, tip)| c.text(&path, tip))
        .collect();
    refs::check(&mut c, &parts);

    let (Some(id), Some(title)) = (id, title) else {
        return Err(c.finish(()).err().unwrap_or_default());
    };
    let template = CardTemplate {
        id,
        title,
        subtitle,
        description,
        levels: items(levels),
        links: items(links),
        statement,
        central_question,
        shared_question,
        attachments,
        roles: items(roles),
        phases: items(parts.phases),
        initial_phase: parts.initial_phase,
        transitions: items(parts.transitions),
        sections: items(parts.sections),
        theme_choice: parts.theme_choice,
        themes: items(parts.themes),
        decks: items(parts.decks),
        cards: items(parts.cards),
        working_forms: items(working_forms),
        tips,
    };
    c.finish(template)
}

/// Drops the paths once every check is done.
fn items<T>(located: Vec<(String, T)>) -> Vec<T> {
    located.into_iter().map(|(_, item)| item).collect()
}

fn template_id(c: &mut Checker, raw: Option<Lenient<String>>) -> Option<TemplateId> {
    let id = required(c, "id", raw)?;
    match TemplateId::new(id) {
        Ok(id) => Some(id),
        Err(error) => {
            c.push("id", error.to_string());
            None
        }
    }
}

fn required(c: &mut Checker, path: &str, raw: Option<Lenient<String>>) -> Option<String> {
    match raw {
        None => c.required_text(path, None),
        Some(raw) => c.take(path, raw).and_then(|text| c.text(path, text)),
    }
}

fn optional(c: &mut Checker, path: &str, raw: Option<Lenient<String>>) -> Option<String> {
    c.take_opt(path, raw).and_then(|text| c.text(path, text))
}

/// Reads every item of a top-level list with `read`, keeping the good ones
/// with their paths.
fn each<R, T>(
    c: &mut Checker,
    key: &str,
    list: List<R>,
    read: fn(&mut Checker, &str, R) -> Option<T>,
) -> Vec<(String, T)> {
    let items = c.take_list(key, list);
    items
        .into_iter()
        .filter_map(|(path, item)| read(c, &path, item).map(|item| (path, item)))
        .collect()
}

fn link(c: &mut Checker, path: &str, raw: RawLink) -> Option<Link> {
    let title = c.text(&format!("{path}.title"), raw.title);
    let url = c.url(&format!("{path}.url"), raw.url);
    Some(Link { title: title?, url })
}

fn central_question(c: &mut Checker, raw: RawCentralQuestion) -> Option<CentralQuestion> {
    let text = c.text("central_question.text", raw.text);
    let description = c.optional_text("central_question.description", raw.description);
    Some(CentralQuestion {
        text: text?,
        description,
    })
}

fn slot(c: &mut Checker, path: &str, raw: Option<Lenient<RawSlot>>) -> Option<Slot> {
    let raw = c.take_opt(path, raw)?;
    let title = c.text(&format!("{path}.title"), raw.title);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    Some(Slot {
        title: title?,
        description,
        example: raw.example,
    })
}

fn role(c: &mut Checker, path: &str, raw: RawRole) -> Option<Role> {
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let title = c.text(&format!("{path}.title"), raw.title);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    let kind = c
        .take_opt(&format!("{path}.kind"), raw.kind)
        .unwrap_or_default();
    Some(Role {
        id: id?,
        title: title?,
        description,
        kind,
    })
}

fn phase(c: &mut Checker, path: &str, raw: RawPhase) -> Option<Phase> {
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let title = c.text(&format!("{path}.title"), raw.title);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    Some(Phase {
        id: id?,
        title: title?,
        description,
    })
}

fn transition(c: &mut Checker, path: &str, raw: RawTransition) -> Option<Transition> {
    let from = c.id_syntax(&format!("{path}.from"), raw.from);
    let to = c.id_syntax(&format!("{path}.to"), raw.to);
    let label = c.optional_text(&format!("{path}.label"), raw.label);
    Some(Transition {
        from: from?,
        to: to?,
        label,
    })
}

fn section(c: &mut Checker, path: &str, raw: RawSection) -> Option<Section> {
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let title = c.text(&format!("{path}.title"), raw.title);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    let phase = raw
        .phase
        .and_then(|p| c.id_syntax(&format!("{path}.phase"), p));
    let prompts = c.texts(&format!("{path}.prompts"), raw.prompts);
    let kind = c
        .take_opt(&format!("{path}.kind"), raw.kind)
        .unwrap_or_default();
    let defaults = QuestionDefaults {
        who: c.take_opt(&format!("{path}.who"), raw.who),
        mode: c.take_opt(&format!("{path}.mode"), raw.mode),
        example: raw.example,
    };
    let items = c.take_items(&format!("{path}.questions"), raw.questions);
    let questions = items
        .into_iter()
        .filter_map(|(qpath, q)| question(c, &qpath, q, defaults))
        .collect();
    Some(Section {
        id: id?,
        title: title?,
        description,
        kind,
        phase,
        prompts,
        choose_questions: raw.choose_questions,
        example: raw.example,
        questions,
    })
}

/// What a section's questions inherit when they don't say.
#[derive(Clone, Copy)]
struct QuestionDefaults {
    who: Option<Who>,
    mode: Option<Mode>,
    example: bool,
}

/// A question; unset `who`, `mode` and `example` come from its section.
fn question(
    c: &mut Checker,
    path: &str,
    raw: RawQuestion,
    section: QuestionDefaults,
) -> Option<Question> {
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let text = c.text(&format!("{path}.text"), raw.text);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    let who = c.take_opt(&format!("{path}.who"), raw.who);
    let mode = c.take_opt(&format!("{path}.mode"), raw.mode);
    Some(Question {
        id: id?,
        text: text?,
        description,
        who: who.or(section.who),
        mode: mode.or(section.mode),
        example: raw.example || section.example,
    })
}

fn theme_choice(c: &mut Checker, raw: RawThemeChoice) -> Option<ThemeChoice> {
    let own_theme = raw.own_theme.and_then(|own| own_theme(c, own));
    Some(ThemeChoice {
        min: raw.min,
        max: raw.max,
        own_theme,
    })
}

fn own_theme(c: &mut Checker, raw: RawOwnTheme) -> Option<OwnTheme> {
    let path = "theme_choice.own_theme";
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let title = c.text(&format!("{path}.title"), raw.title);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    Some(OwnTheme {
        id: id?,
        title: title?,
        description,
    })
}

fn theme(c: &mut Checker, path: &str, raw: RawTheme) -> Option<Theme> {
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let title = c.text(&format!("{path}.title"), raw.title);
    let heading = c.optional_text(&format!("{path}.heading"), raw.heading);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    let guiding_questions = c.texts(&format!("{path}.guiding_questions"), raw.guiding_questions);
    let tools = c.take_items(&format!("{path}.tools"), raw.tools);
    let tools = tools
        .into_iter()
        .filter_map(|(tpath, t)| link(c, &tpath, t))
        .collect();
    Some(Theme {
        id: id?,
        title: title?,
        heading,
        description,
        guiding_questions,
        tools,
    })
}

fn deck(c: &mut Checker, path: &str, raw: RawDeck) -> Option<Deck> {
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let title = c.text(&format!("{path}.title"), raw.title);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    Some(Deck {
        id: id?,
        title: title?,
        description,
    })
}

fn card(c: &mut Checker, path: &str, raw: RawDeckCard) -> Option<DeckCard> {
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let deck = c.id_syntax(&format!("{path}.deck"), raw.deck);
    let theme = raw
        .theme
        .and_then(|t| c.id_syntax(&format!("{path}.theme"), t));
    let kind = c.take_opt(&format!("{path}.kind"), raw.kind);
    let text = c.text(&format!("{path}.text"), raw.text);
    Some(DeckCard {
        id: id?,
        deck: deck?,
        theme,
        kind,
        text: text?,
        example: raw.example,
    })
}

fn working_form(c: &mut Checker, path: &str, raw: RawWorkingForm) -> Option<WorkingForm> {
    let id = c.new_id(&format!("{path}.id"), raw.id);
    let title = c.text(&format!("{path}.title"), raw.title);
    let description = c.optional_text(&format!("{path}.description"), raw.description);
    let mode = c.take_opt(&format!("{path}.mode"), raw.mode);
    Some(WorkingForm {
        id: id?,
        title: title?,
        description,
        mode,
        example: raw.example,
    })
}
