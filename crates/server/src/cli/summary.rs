//! `samenbord summary`: the summary of a session read straight from the
//! database (no running server needed), of paper notes from a CSV file,
//! or of both merged into one report; written to a file or stdout.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use samenbord_core::ids::RoundId;
use samenbord_core::programme::Programme;
use samenbord_core::session::{Session, SessionSettings};
use samenbord_core::summary::{ExportFormat, export, read_paper_notes};
use serde::Deserialize;

use crate::config::{LlmArgs, StorageArgs};
use crate::storage::Storage;
use crate::summary::{self, Collected, Review, collect};
use crate::sync::document_id::DocumentId;

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The session to summarise (its id, as in the organiser link).
    #[arg(long)]
    pub session: Option<String>,
    /// A CSV of notes from paper groups (columns: round, group, section,
    /// text; optional topic, role).
    #[arg(long = "from")]
    pub from: Option<PathBuf>,
    /// md, html, docx, json or csv.
    #[arg(long, default_value = "md")]
    pub format: String,
    /// Only this round (its id or name).
    #[arg(long)]
    pub round: Option<String>,
    /// Title of a summary of paper notes only.
    #[arg(long, default_value = "Samenvatting")]
    pub title: String,
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Folder with templates/ and programmes/ (section titles and order).
    #[arg(long, env = "SAMENBORD_CONTENT_DIR", default_value = "content")]
    pub content_dir: PathBuf,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub llm: LlmArgs,
}

/// The part of a stored session this command reads.
#[derive(Deserialize)]
struct StoredState {
    session: Session,
}

pub fn run(args: SummaryArgs) -> anyhow::Result<()> {
    let format: ExportFormat = args.format.parse()?;
    if args.session.is_none() && args.from.is_none() {
        bail!("give --session ID, --from notes.csv, or both");
    }
    let content = crate::content::load(&args.content_dir)
        .map(|loaded| loaded.library)
        .unwrap_or_default();
    let (session, collected, review) = match &args.session {
        Some(id) => from_database(&args, id, &content)?,
        None => (
            paper_session(&args.title),
            Collected::default(),
            Review::default(),
        ),
    };
    let paper = match &args.from {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let context = collect::paper_context(&session, &content);
            let mut notes = read_paper_notes(&bytes, &context)
                .with_context(|| format!("{}", path.display()))?;
            if let Some(round) = round_filter(&session, args.round.as_deref()) {
                notes.retain(|n| n.round_id == round || n.round_name == round.as_str());
            }
            notes
        }
        None => Vec::new(),
    };
    let mut built = summary::build(&session, collected, paper, &review);
    for warning in &built.warnings {
        eprintln!("warning: {warning}");
    }
    for skipped in &built.skipped {
        eprintln!(
            "review edit {} skipped: {}",
            skipped.position + 1,
            skipped.reason
        );
    }
    let llm = summary::LlmClient::from_args(&args.llm)?;
    if llm.is_some() && format != ExportFormat::Csv {
        let runtime = tokio::runtime::Runtime::new()?;
        runtime.block_on(summary::generate_overall(&mut built, llm.as_ref()));
    }
    if let Some(notice) = &built.document.overall.notice {
        eprintln!("note: {notice}");
    }
    let bytes = export(&built.document, format)?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(())
}

/// The round `--round` names (by id or name), if any.
fn round_filter(session: &Session, round: Option<&str>) -> Option<RoundId> {
    let round = round?;
    session
        .plan
        .rounds
        .iter()
        .find(|r| r.id.as_str() == round || r.name.eq_ignore_ascii_case(round))
        .map(|r| r.id.clone())
        .or_else(|| RoundId::new(round).ok())
}

/// A stand-in session for paper notes alone.
fn paper_session(title: &str) -> Session {
    let plan = Programme {
        id: samenbord_core::ids::ProgrammeId::new("papier").unwrap_or_else(|_| unreachable_id()),
        title: title.to_owned(),
        description: String::new(),
        rounds: Vec::new(),
    };
    let settings = SessionSettings {
        title: title.to_owned(),
        anonymous: true,
        retention_days: 1,
    };
    Session::new(
        samenbord_core::ids::SessionId::new("papier").unwrap_or_else(|_| unreachable_id()),
        settings,
        plan,
        0,
    )
}

#[allow(clippy::panic)]
fn unreachable_id<T>() -> T {
    panic!("'papier' is a valid id")
}

fn from_database(
    args: &SummaryArgs,
    id: &str,
    content: &crate::content::ContentLibrary,
) -> anyhow::Result<(Session, Collected, Review)> {
    let storage = crate::storage::open(&args.storage.url(), &args.storage.node())?;
    let stored = storage
        .sessions()?
        .into_iter()
        .find(|s| s.session_id.as_str() == id)
        .with_context(|| format!("no session '{id}' in {}", args.storage.data_dir.display()))?;
    let state: StoredState = serde_json::from_str(&stored.state_json)
        .with_context(|| format!("session '{id}' is stored in a form this version cannot read"))?;
    let session = state.session;
    let round = match &args.round {
        Some(_) => Some(
            round_filter(&session, args.round.as_deref())
                .filter(|r| session.plan.round(r).is_some())
                .with_context(|| {
                    format!(
                        "session '{id}' has no round '{}'",
                        args.round.as_deref().unwrap_or_default()
                    )
                })?,
        ),
        None => None,
    };
    let documents = collect::rooms(&session, round.as_ref())
        .into_iter()
        .map(|source| {
            let document = load_document(&*storage, &source.document_id);
            (source, document)
        })
        .collect();
    // Offline: no server address is known; file links stay relative.
    let collected = collect::collect(&session, content, documents);
    let scope = summary::review::scope_key(round.as_ref().map(RoundId::as_str)).to_owned();
    let review = summary::review::load(&*storage, id, &scope)?;
    Ok((session, collected, review))
}

fn load_document(storage: &dyn Storage, document_id: &str) -> collect::RoomRead {
    use collect::RoomRead;
    let Ok(id) = document_id.parse::<DocumentId>() else {
        return RoomRead::Unreadable(format!("invalid document id '{document_id}'"));
    };
    match crate::sync::actor::load_stored(storage, &id) {
        Ok(Some((doc, stored))) if stored.unreadable_chunks > 0 => RoomRead::Partly(doc),
        Ok(Some((doc, _))) => RoomRead::Whole(doc),
        Ok(None) => RoomRead::Unreadable(format!("document {document_id} has no stored changes")),
        Err(error) => RoomRead::Unreadable(error.to_string()),
    }
}
