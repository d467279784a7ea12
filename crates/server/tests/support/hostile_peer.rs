//! What a hostile participant sends, shared by the attack suite and the
//! kill -9 suite that runs it against a server being killed: half-open
//! HTTP connections, presence heartbeats, opening silent questions and
//! casting votes in the room document.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, AutomergeError, ObjType, ROOT, ReadDoc};

use super::Api;

/// Opens `count` connections from `from` that send half a request and
/// then nothing more.
pub async fn half_open(server: &Api, from: &str, count: usize) -> Vec<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let address: std::net::SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let mut sockets = Vec::new();
    for _ in 0..count {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
        // A server being killed refuses: the caller counts what it got.
        let Ok(mut stream) = socket.connect(address).await else {
            continue;
        };
        // Refused connections may already be closed: writing may fail.
        let _ = stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await;
        sockets.push(stream);
    }
    sockets
}

/// Whether `/healthz` answers 200 within `within`, retrying refusals.
/// Asked from a thread of its own with a plain blocking request, so a
/// test runtime busy attacking does not make the server look slow.
pub async fn healthz_within(server: &Api, within: std::time::Duration) -> bool {
    let address: std::net::SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if healthz_once(address).unwrap_or(false) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    })
    .await
    .unwrap_or(false)
}

fn healthz_once(address: std::net::SocketAddr) -> std::io::Result<bool> {
    use std::io::{Read, Write};
    let patience = std::time::Duration::from_secs(2);
    let mut stream = std::net::TcpStream::connect_timeout(&address, patience)?;
    stream.set_read_timeout(Some(patience))?;
    stream.set_write_timeout(Some(patience))?;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(answer.starts_with(b"HTTP/1.1 200"))
}

/// A presence heartbeat as the web client sends it.
pub fn presence(participant_id: &str, name: &str) -> Vec<u8> {
    let text = |s: &str| ciborium::Value::Text(s.into());
    let mut out = Vec::new();
    ciborium::into_writer(
        &ciborium::Value::Map(vec![
            (text("type"), text("presence")),
            (text("participant_id"), text(participant_id)),
            (text("name"), text(name)),
            (text("role"), text("school-leader")),
            (text("remote"), ciborium::Value::Bool(false)),
        ]),
        &mut out,
    )
    .unwrap();
    out
}

/// Opens a silent question the way the web client's leader tools do.
pub fn reveal(doc: &mut AutoCommit, target: &str) -> Result<(), AutomergeError> {
    let map = match doc.get(ROOT, "revealed_targets")? {
        Some((_, id)) => id,
        None => doc.put_object(ROOT, "revealed_targets", ObjType::Map)?,
    };
    doc.put(&map, target, true)
}

/// The questions opened in a replica.
pub fn revealed(doc: &AutoCommit) -> Vec<String> {
    samenbord_core::room::read_room(doc)
        .map(|room| room.revealed_targets.into_keys().collect())
        .unwrap_or_default()
}

/// The votes map of `note`.
pub fn votes_of(doc: &mut AutoCommit, note: &str) -> automerge::ObjId {
    let (_, notes) = doc.get(ROOT, "notes").unwrap().unwrap();
    let (_, note) = doc.get(&notes, note).unwrap().unwrap();
    doc.get(&note, "votes").unwrap().unwrap().1
}
