//! Time to open a large room: seed a room of N notes through the server,
//! then (after the caller restarts the server) open it cold from disk and
//! again warm, timing connect → handshake → request → every note present.

use std::path::Path;
use std::time::{Duration, Instant};

use automerge::AutoCommit;
use automerge::ReadDoc;
use automerge::sync::{self, SyncDoc};
use samenbord_protocol::document_id::DocumentId;
use samenbord_protocol::wire::WireMessage;
use serde::{Deserialize, Serialize};

use crate::LoadError;
use crate::conn::Conn;
use crate::notes;
use crate::target::Server;

const LIMIT: Duration = Duration::from_secs(60);
const WARM_REPEATS: usize = 5;

/// What `seed` leaves for `open`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seeded {
    pub doc: String,
    pub url: String,
    pub notes: usize,
    pub bytes: usize,
    /// Median `AutoCommit::load` of the saved room, in this process.
    pub raw_load_ms: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenResult {
    pub notes: usize,
    pub bytes: usize,
    pub raw_load_ms: f64,
    pub cold_ms: f64,
    /// Median of the warm opens.
    pub warm_ms: f64,
}

pub async fn seed(server: &Server, count: usize, state: &Path) -> Result<Seeded, LoadError> {
    let plan = server
        .rooms(1, 2)
        .await?
        .pop()
        .ok_or(LoadError::Timeout("room setup"))?;
    let url = plan.urls.first().cloned().unwrap_or_default();
    let mut conn = Conn::open(&url, format!("lg-seed-{}", rand::random::<u32>())).await?;
    let mut doc = if plan.client_creates {
        notes::big_room(count as u64)?
    } else {
        AutoCommit::new()
    };
    let mut sync_state = sync::State::new();
    let mut request = !plan.client_creates;
    sync_until(
        &mut conn,
        plan.doc,
        &mut doc,
        &mut sync_state,
        &mut request,
        |d| notes::notes_map(d).is_some(),
    )
    .await?;
    if !plan.client_creates {
        let map = notes::notes_map(&doc).ok_or(LoadError::Timeout("notes map"))?;
        let seeded = notes::big_room(count as u64)?;
        // Copy the notes into the server's room, 100 per commit, as
        // written by the participant whose token the seeder holds.
        let author = plan.authors.first().cloned().unwrap_or_default();
        for (i, id) in notes::note_ids(&seeded).iter().enumerate() {
            notes::put_note(
                &mut doc,
                &map,
                id,
                &author,
                &note_text(&seeded, id),
                i as u64,
            )?;
            if i % 100 == 99 {
                doc.commit();
            }
        }
        doc.commit();
    }
    // Until the server has acknowledged every note.
    sync_until(
        &mut conn,
        plan.doc,
        &mut doc,
        &mut sync_state,
        &mut request,
        |_| true,
    )
    .await?;
    conn.close().await;
    // The reference saves at most every 100 ms; let it.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let bytes = doc.save();
    let raw_load_ms = median(
        (0..5)
            .map(|_| {
                let started = Instant::now();
                let _ = AutoCommit::load(&bytes);
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    );
    let seeded = Seeded {
        doc: plan.doc.to_string(),
        url: plan.urls.get(1).cloned().unwrap_or(url),
        notes: notes::note_ids(&doc).len(),
        bytes: bytes.len(),
        raw_load_ms,
    };
    std::fs::write(state, serde_json::to_vec(&seeded)?).map_err(|source| LoadError::File {
        path: state.display().to_string(),
        source,
    })?;
    Ok(seeded)
}

fn note_text(doc: &AutoCommit, id: &str) -> String {
    let Some(map) = notes::notes_map(doc) else {
        return String::new();
    };
    match doc.get(&map, id) {
        Ok(Some((_, note))) => match doc.get(&note, "text") {
            Ok(Some((_, text))) => doc.text(&text).unwrap_or_default(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// Sends and receives sync messages until `done` holds and nothing is in
/// flight, or the limit passes.
async fn sync_until(
    conn: &mut Conn,
    id: DocumentId,
    doc: &mut AutoCommit,
    state: &mut sync::State,
    request: &mut bool,
    mut done: impl FnMut(&AutoCommit) -> bool,
) -> Result<(), LoadError> {
    let deadline = tokio::time::Instant::now() + LIMIT;
    loop {
        while let Some(message) = doc.sync().generate_sync_message(state) {
            conn.send_sync(id, message.encode(), *request).await?;
            *request = false;
        }
        let mut ours = doc.get_heads();
        let mut shared = state.shared_heads.clone();
        ours.sort();
        shared.sort();
        if done(doc) && ours == shared {
            return Ok(());
        }
        let message = tokio::time::timeout_at(deadline, conn.next())
            .await
            .map_err(|_| LoadError::Timeout("sync"))??;
        match message {
            None => return Err(LoadError::Closed("during sync".into())),
            Some(WireMessage::Sync { data, .. } | WireMessage::Request { data, .. }) => {
                if let Ok(message) = sync::Message::decode(&data) {
                    doc.sync().receive_sync_message(state, message)?;
                }
            }
            Some(WireMessage::DocUnavailable { .. }) => return Err(LoadError::Unavailable(id)),
            Some(_) => {}
        }
    }
}

/// One open: connect, request, until all `expected` notes are present.
async fn open_once(seeded: &Seeded, id: DocumentId) -> Result<f64, LoadError> {
    let started = Instant::now();
    let mut conn = Conn::open(&seeded.url, format!("lg-open-{}", rand::random::<u32>())).await?;
    let mut doc = AutoCommit::new();
    let mut state = sync::State::new();
    let mut request = true;
    let expected = seeded.notes;
    sync_until(&mut conn, id, &mut doc, &mut state, &mut request, |d| {
        notes::notes_map(d).is_some_and(|m| d.length(&m) >= expected)
    })
    .await?;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    conn.close().await;
    Ok(elapsed)
}

/// Opens the seeded room on the server at `ws_base` (`ws://HOST:PORT`;
/// the restarted server may listen on another port than the seeding one).
pub async fn open(state: &Path, ws_base: &str) -> Result<OpenResult, LoadError> {
    let text = std::fs::read(state).map_err(|source| LoadError::File {
        path: state.display().to_string(),
        source,
    })?;
    let mut seeded: Seeded = serde_json::from_slice(&text)?;
    let path = seeded
        .url
        .strip_prefix("ws://")
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap_or_default();
    seeded.url = format!("{}{path}", ws_base.trim_end_matches('/'));
    let id: DocumentId = seeded.doc.parse().map_err(|_| LoadError::Answer {
        what: "state",
        field: "doc",
    })?;
    let cold_ms = open_once(&seeded, id).await?;
    let mut warm = Vec::with_capacity(WARM_REPEATS);
    for _ in 0..WARM_REPEATS {
        warm.push(open_once(&seeded, id).await?);
    }
    Ok(OpenResult {
        notes: seeded.notes,
        bytes: seeded.bytes,
        raw_load_ms: seeded.raw_load_ms,
        cold_ms,
        warm_ms: median(warm),
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(values.len() / 2).copied().unwrap_or_default()
}
