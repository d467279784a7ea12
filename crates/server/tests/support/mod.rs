//! A real samenbord server on a loopback port for protocol tests, with
//! small helpers for the HTTP API and for writing notes the way the
//! browser does (per docs/room-document.md).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod cluster;
pub mod hostile_peer;
pub mod postgres;
pub mod process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use automerge::AutoCommit;
use autosurgeon::Text;
use clap::Parser;
use samenbord_core::room::{Note, RoomDoc, read_room};
use samenbord_protocol::client::Client;
use samenbord_protocol::document_id::DocumentId;
use samenbord_server::cli::{Cli, Command};
use samenbord_server::config::ServeArgs;
use serde_json::{Value, json};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub const WAIT: Duration = Duration::from_secs(10);

pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// The real binary, serving the real content on a free loopback port with
/// its data in `data_dir`; the caller chooses what to do with its output.
pub fn serve_command(data_dir: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_samenbord"));
    command
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--web-dir",
            "/nonexistent",
        ])
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--content-dir")
        .arg(content_dir());
    command
}

pub fn serve_args(data_dir: &Path, extra: &[&str]) -> ServeArgs {
    let content = content_dir();
    let mut argv = vec![
        "samenbord",
        "serve",
        "--data-dir",
        data_dir.to_str().unwrap(),
        "--content-dir",
        content.to_str().unwrap(),
        "--web-dir",
        "/nonexistent",
    ];
    argv.extend_from_slice(extra);
    match Cli::parse_from(argv).command {
        Command::Serve(args) => *args,
        _ => unreachable!(),
    }
}

/// A running server as its clients see it: where it listens, and the
/// HTTP and sync calls the tests make on it (in-process or a child).
pub struct Api {
    pub base: String,
    pub ws: String,
    http: reqwest::Client,
}

/// A server inside the test process, stopped gracefully.
pub struct TestServer {
    api: Api,
    shutdown: CancellationToken,
    handle: JoinHandle<()>,
}

impl std::ops::Deref for TestServer {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl TestServer {
    pub async fn start(data_dir: &Path) -> Self {
        Self::start_with(data_dir, &[]).await
    }

    pub async fn start_with(data_dir: &Path, extra: &[&str]) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let shutdown = CancellationToken::new();
        let args = serve_args(data_dir, extra);
        let token = shutdown.clone();
        let handle = tokio::spawn(async move {
            samenbord_server::app::run(listener, args, token)
                .await
                .unwrap();
        });
        Self {
            api: Api::at(address),
            shutdown,
            handle,
        }
    }

    /// Stops gracefully and waits until the server has let go of storage.
    pub async fn stop(self) {
        self.shutdown.cancel();
        let _ = tokio::time::timeout(WAIT, self.handle).await;
    }
}

impl Api {
    pub fn at(address: std::net::SocketAddr) -> Self {
        Self {
            base: format!("http://{address}"),
            ws: format!("ws://{address}/sync"),
            http: reqwest::Client::new(),
        }
    }

    /// The sync URL for `token`.
    pub fn sync_url(&self, token: &str) -> String {
        format!("{}?token={token}", self.ws)
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let (status, bytes) = self.raw(method, path, token, body).await;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    /// The status and body bytes (e.g. a DOCX download).
    pub async fn raw(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Vec<u8>) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.bytes().await.unwrap().to_vec())
    }

    /// A POST with extra request headers (a proxy's, a device key).
    pub async fn post_with(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        body: Value,
    ) -> (u16, Value) {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(&body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, token, None).await
    }

    /// Creates a session of the partnership-day programme.
    pub async fn create_day(&self) -> Organiser {
        let (status, body) = self
            .post(
                "/api/sessions",
                None,
                json!({"title": "Partnerschapsdag", "programme_id": "partnerschapsdag"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        Organiser {
            session_id: body["session_id"].as_str().unwrap().to_owned(),
            secret: body["organiser_secret"].as_str().unwrap().to_owned(),
            code: body["join_code"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn join(&self, code: &str, name: &str, role: &str) -> Participant {
        let (status, body) = self
            .post(
                "/api/join",
                None,
                json!({"code": code, "name": name, "role": role}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        Participant {
            id: body["participant_id"].as_str().unwrap().to_owned(),
            token: body["token"].as_str().unwrap().to_owned(),
            name: name.to_owned(),
            role: role.to_owned(),
        }
    }

    /// The document id of a participant's current room.
    pub async fn room_of(&self, participant: &Participant) -> DocumentId {
        let (status, me) = self.get("/api/me", Some(&participant.token)).await;
        assert_eq!(status, 200, "{me}");
        me["room"]["doc_url"]
            .as_str()
            .expect("in a room")
            .parse()
            .unwrap()
    }

    pub async fn client(&self, token: &str, peer: &str) -> Client {
        Client::connect(&self.sync_url(token), peer).await.unwrap()
    }
}

#[derive(Clone)]
pub struct Organiser {
    pub session_id: String,
    pub secret: String,
    pub code: String,
}

impl Organiser {
    pub fn path(&self, rest: &str) -> String {
        format!("/api/sessions/{}{rest}", self.session_id)
    }
}

pub struct Participant {
    pub id: String,
    pub token: String,
    pub name: String,
    pub role: String,
}

/// Who a test note is by: the identity the server lets its writer put on
/// a note (its own; empty id and name in anonymous sessions).
#[derive(Debug, Clone)]
pub struct By {
    pub id: String,
    pub name: String,
    pub role: String,
}

impl Participant {
    /// The identity this participant writes on its notes.
    pub fn by(&self) -> By {
        By {
            id: self.id.clone(),
            name: self.name.clone(),
            role: self.role.clone(),
        }
    }
}

/// Adds a note the way the web client does.
pub fn add_note(doc: &mut AutoCommit, id: &str, target: &str, text: &str, by: &By) {
    let mut room: RoomDoc = read_room(doc).unwrap();
    room.notes.insert(
        id.to_owned(),
        Note {
            id: id.to_owned(),
            target: target.to_owned(),
            text: Text::with_value(text),
            author_id: by.id.clone(),
            author_name: by.name.clone(),
            author_role: by.role.clone(),
            colour: "yellow".into(),
            created_at: 1,
            order: 1.0,
            votes: BTreeMap::new(),
            topic_id: None,
            deleted: false,
            late: false,
        },
    );
    autosurgeon::reconcile(doc, &room).unwrap();
}

/// The texts of the notes in a replica, sorted.
pub fn note_texts(doc: &AutoCommit) -> Vec<String> {
    match read_room(doc) {
        Ok(room) => {
            let mut texts: Vec<String> = room
                .notes
                .values()
                .filter(|n| !n.deleted)
                .map(|n| n.text.as_str().to_owned())
                .collect();
            texts.sort();
            texts
        }
        Err(_) => Vec::new(),
    }
}

pub fn has_note(client: &Client, doc: &DocumentId, text: &str) -> bool {
    client
        .doc(doc)
        .is_some_and(|d| note_texts(d).iter().any(|t| t == text))
}

/// Starts round 1 and returns its id.
pub async fn start_round_one(server: &Api, organiser: &Organiser) -> String {
    let round = "dialoogsessie-1";
    let (status, body) = server
        .post(
            &organiser.path(&format!("/rounds/{round}/start")),
            Some(&organiser.secret),
            json!({}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    round.to_owned()
}

/// The round-1 group (room id) `participant` is in.
pub async fn group_of(server: &Api, participant: &Participant) -> String {
    let (status, me) = server.get("/api/me", Some(&participant.token)).await;
    assert_eq!(status, 200, "{me}");
    me["room"]["room_id"]
        .as_str()
        .expect("in a room")
        .to_owned()
}

/// The organiser moves `participant_id` into round 1's `group` (`move`)
/// or makes them its discussion leader (`lead`).
pub async fn place(
    server: &Api,
    organiser: &Organiser,
    action: &str,
    participant_id: &str,
    group: &str,
) {
    let path = organiser.path(&format!("/participants/{participant_id}/{action}"));
    let body = json!({"round_id": "dialoogsessie-1", "group_id": group});
    let (status, answer) = server.post(&path, Some(&organiser.secret), body).await;
    assert_eq!(status, 204, "{answer}");
}

/// A room of round 1 other than `than` (the group id of one).
pub async fn another_room(server: &Api, organiser: &Organiser, than: &str) -> String {
    let (status, session) = server
        .get(&organiser.path(""), Some(&organiser.secret))
        .await;
    assert_eq!(status, 200, "{session}");
    session["rounds"][0]["groups"]
        .as_array()
        .expect("the round's groups")
        .iter()
        .filter(|g| g["room"].is_object())
        .filter_map(|g| g["id"].as_str())
        .find(|id| *id != than)
        .expect("a second room")
        .to_owned()
}

/// Ends round 1 (its rooms close).
pub async fn end_round_one(server: &Api, organiser: &Organiser) {
    let (status, body) = server
        .post(
            &organiser.path("/rounds/dialoogsessie-1/end"),
            Some(&organiser.secret),
            json!({}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
}

/// Opens a room and waits until the replica holds a readable room.
pub async fn open_loaded(client: &mut Client, room: DocumentId) {
    client.open(room).await.unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.doc(&room).is_some_and(|d| read_room(d).is_ok()))
            .await
            .unwrap(),
        "the room did not load"
    );
}

/// The value of one series (name and labels) in a `/metrics` answer.
pub fn metric(metrics: &serde_json::Value, series: &str) -> f64 {
    metrics
        .as_str()
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{series} missing"))
        .parse()
        .unwrap()
}

/// Writes a note and waits until the server has acknowledged it.
pub async fn write_acknowledged(
    client: &mut Client,
    room: DocumentId,
    id: &str,
    text: &str,
    by: &By,
) {
    change_acknowledged(client, room, |doc| {
        add_note(doc, id, "kansen", text, by);
    })
    .await;
}

/// Changes the room and waits until the server has acknowledged it.
pub async fn change_acknowledged(
    client: &mut Client,
    room: DocumentId,
    change: impl FnOnce(&mut AutoCommit),
) {
    client
        .change(room, |doc| {
            change(doc);
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        client
            .pump_until(WAIT, |c| c.acknowledged(&room))
            .await
            .unwrap(),
        "the server did not acknowledge the change"
    );
}

/// The usual opening of a room story: a partnership-day session with Ana
/// (a school leader) in her round-1 room, her client connected.
pub struct AnaInHerRoom {
    pub server: TestServer,
    pub organiser: Organiser,
    pub ana: Participant,
    pub room: DocumentId,
    pub client: Client,
}

impl AnaInHerRoom {
    /// Starts a server on `dir` (with `extra` flags), runs the opening,
    /// and leaves Ana's client with the room loaded.
    pub async fn start(dir: &Path, extra: &[&str]) -> Self {
        let server = TestServer::start_with(dir, extra).await;
        let organiser = server.create_day().await;
        let ana = server.join(&organiser.code, "Ana", "school-leader").await;
        start_round_one(&server, &organiser).await;
        let room = server.room_of(&ana).await;
        let mut client = server.client(&ana.token, "ana").await;
        open_loaded(&mut client, room).await;
        Self {
            server,
            organiser,
            ana,
            room,
            client,
        }
    }

    /// The organiser's overview of the current round, a room per entry.
    pub async fn overview(&self) -> Vec<Value> {
        let (status, overview) = self
            .server
            .get(
                &self.organiser.path("/overview"),
                Some(&self.organiser.secret),
            )
            .await;
        assert_eq!(status, 200, "{overview}");
        overview.as_array().expect("a list of rooms").clone()
    }
}
