//! The server under test and how its rooms come to exist.
//!
//! - **Ours**: rooms are created by the server when a round starts. Each
//!   room is a single-card session (`groups: 1`) set up over the HTTP API:
//!   create the session, join every participant (`/api/join`), start the
//!   round, and read the room's document id from `/api/me`. Each
//!   participant connects with its own token.
//! - **Reference**: any client may create a document. The first
//!   participant of each room creates it (sends `sync`); the others
//!   `request` it.

use std::sync::Arc;

use samenbord_protocol::document_id::DocumentId;
use serde_json::{Value, json};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::LoadError;
use crate::notes::NoteAuthor;

const TEMPLATE: &str = "dialoogkaart-partnerschapsdag";
const ROUND: &str = "ronde-1";
/// Rooms set up at the same time.
const SETUP_CONCURRENCY: usize = 8;

#[derive(Debug, Clone)]
pub enum Server {
    /// `http://127.0.0.1:PORT` of a samenbord server.
    Ours { base: String },
    /// `ws://127.0.0.1:PORT` of the reference server.
    Reference { ws: String },
}

/// One room as the generator will load it.
#[derive(Debug, Clone)]
pub struct RoomPlan {
    pub doc: DocumentId,
    /// One WebSocket URL per participant.
    pub urls: Vec<String>,
    /// Who each participant is (as `urls`), for the notes they write.
    pub authors: Vec<NoteAuthor>,
    /// Whether participant 0 creates the document (reference only).
    pub client_creates: bool,
}

impl Server {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Ours { .. } => "samenbord",
            Self::Reference { .. } => "reference",
        }
    }

    /// Sets up `rooms` rooms of `participants` each.
    pub async fn rooms(
        &self,
        rooms: usize,
        participants: usize,
    ) -> Result<Vec<RoomPlan>, LoadError> {
        match self {
            Self::Reference { ws } => Ok((0..rooms)
                .map(|_| RoomPlan {
                    doc: DocumentId::random(),
                    urls: vec![ws.clone(); participants],
                    authors: (0..participants as u64)
                        .map(NoteAuthor::synthetic)
                        .collect(),
                    client_creates: true,
                })
                .collect()),
            Self::Ours { base } => {
                let http = reqwest::Client::new();
                let limit = Arc::new(Semaphore::new(SETUP_CONCURRENCY));
                let mut tasks = JoinSet::new();
                for index in 0..rooms {
                    let (http, base, limit) = (http.clone(), base.clone(), limit.clone());
                    tasks.spawn(async move {
                        let _permit = limit.acquire_owned().await;
                        ours_room(&http, &base, index, participants).await
                    });
                }
                let mut plans = Vec::with_capacity(rooms);
                while let Some(joined) = tasks.join_next().await {
                    let plan = joined.map_err(|_| LoadError::Timeout("setup task"))??;
                    plans.push(plan);
                }
                Ok(plans)
            }
        }
    }
}

async fn ours_room(
    http: &reqwest::Client,
    base: &str,
    index: usize,
    participants: usize,
) -> Result<RoomPlan, LoadError> {
    let created = call(
        http,
        "create session",
        http.post(format!("{base}/api/sessions")).json(&json!({
            "title": format!("Belasting {index}"),
            "template_id": TEMPLATE,
            "groups": 1,
        })),
    )
    .await?;
    let field = |value: &Value, what: &'static str, field: &'static str| {
        value[field]
            .as_str()
            .map(str::to_owned)
            .ok_or(LoadError::Answer { what, field })
    };
    let session = field(&created, "create session", "session_id")?;
    let secret = field(&created, "create session", "organiser_secret")?;
    let code = field(&created, "create session", "join_code")?;
    let mut tokens = Vec::with_capacity(participants);
    let mut authors = Vec::with_capacity(participants);
    for n in 0..participants {
        let name = format!("Deelnemer {index}.{n}");
        let joined = call(
            http,
            "join",
            http.post(format!("{base}/api/join")).json(&json!({
                "code": code, "name": name, "role": "school-leader",
            })),
        )
        .await?;
        tokens.push(field(&joined, "join", "token")?);
        authors.push(NoteAuthor {
            id: field(&joined, "join", "participant_id")?,
            name,
        });
    }
    call(
        http,
        "start round",
        http.post(format!(
            "{base}/api/sessions/{session}/rounds/{ROUND}/start"
        ))
        .bearer_auth(&secret)
        .json(&json!({})),
    )
    .await?;
    let first = tokens.first().cloned().unwrap_or_else(|| secret.clone());
    let me = call(
        http,
        "me",
        http.get(format!("{base}/api/me?session={session}"))
            .bearer_auth(&first),
    )
    .await?;
    let doc = me["room"]["doc_url"]
        .as_str()
        .and_then(|url| url.parse::<DocumentId>().ok())
        .ok_or(LoadError::Answer {
            what: "me",
            field: "room.doc_url",
        })?;
    let ws = base.replacen("http://", "ws://", 1);
    Ok(RoomPlan {
        doc,
        urls: tokens
            .iter()
            // `session` routes every socket of a session to one node behind
            // HAProxy; one node ignores it.
            .map(|token| format!("{ws}/sync?token={token}&session={session}"))
            .collect(),
        authors,
        client_creates: false,
    })
}

async fn call(
    _http: &reqwest::Client,
    what: &'static str,
    request: reqwest::RequestBuilder,
) -> Result<Value, LoadError> {
    let response = request
        .send()
        .await
        .map_err(|source| LoadError::Http { what, source })?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|source| LoadError::Http { what, source })?;
    if !(200..300).contains(&status) {
        return Err(LoadError::Status { what, status, body });
    }
    if body.is_empty() {
        return Ok(Value::Null);
    }
    Ok(serde_json::from_str(&body)?)
}
