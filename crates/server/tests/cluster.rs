//! Three nodes on PostgreSQL behind HAProxy (deploy/haproxy.cfg), on
//! loopback: every request and socket of a session lands on one node;
//! killing that node with SIGKILL under writes moves the session to a
//! survivor within seconds, with nothing acknowledged lost and every
//! replica converging; a killed node that comes back gets its sessions
//! back the same way (HAProxy's hash points at it again), with no device
//! left on the node that let go and no call reaching two nodes;
//! PostgreSQL going away stops acknowledgements and coming back needs no
//! node restart.
//!
//! `SAMENBORD_CLUSTER_KILLS` sets how many kills the failover test does
//! (CI: 2; bench/cluster-kills runs 20 and reports the times).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use samenbord_core::ids::SessionId;
use samenbord_core::room::read_room;
use samenbord_protocol::client::Client;
use samenbord_protocol::document_id::DocumentId;
use samenbord_server::storage::{
    Delivery, Lease, NodeEventKind, NodeName, PostgresStorage, SessionLeases,
};
use serde_json::{Value, json};
use support::cluster::{Cluster, LEASE_SECONDS, healthy};
use support::postgres::TempPostgres;
use support::{By, WAIT, add_note};

const PARTICIPANTS: usize = 3;

#[derive(Clone)]
struct Day {
    session: String,
    secret: String,
    tokens: Vec<String>,
    room: DocumentId,
    /// The first participant, whose token every reader uses: the server
    /// takes notes only under the writer's own identity.
    first: By,
}

async fn send(request: reqwest::RequestBuilder) -> (u16, Option<String>, Value) {
    let Ok(response) = request.send().await else {
        // A node died under the request (HAProxy cut the connection).
        return (0, None, Value::Null);
    };
    let status = response.status().as_u16();
    let node = response
        .headers()
        .get("x-samenbord-node")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.json().await.unwrap_or(Value::Null);
    (status, node, body)
}

/// Retries while the session is moving (503) or a node just died.
async fn until_served(
    request: impl Fn() -> reqwest::RequestBuilder,
) -> (u16, Option<String>, Value) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, node, body) = send(request()).await;
        if !(status == 503 || status == 502 || status == 0) || Instant::now() > deadline {
            return (status, node, body);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn partnership_day(front: &str, n: usize) -> Day {
    let http = reqwest::Client::new();
    let (status, _, created) = send(http.post(format!("{front}/api/sessions")).json(&json!({
        "title": format!("Dag {n}"), "template_id": "dialoogkaart-partnerschapsdag"
    })))
    .await;
    assert_eq!(status, 201, "{created}");
    let field = |v: &Value, f: &str| v[f].as_str().unwrap().to_owned();
    let (session, secret, code) = (
        field(&created, "session_id"),
        field(&created, "organiser_secret"),
        field(&created, "join_code"),
    );
    let mut tokens = Vec::new();
    let mut ids = Vec::new();
    for p in 0..PARTICIPANTS {
        // Joined by code through HAProxy: whichever node gets it finds the
        // code in the database and redirects to the session's node.
        let (status, _, joined) = until_served(|| {
            http.post(format!("{front}/api/join")).json(&json!({
                "code": code, "name": format!("P{p}"), "role": "mentor"
            }))
        })
        .await;
        assert_eq!(status, 201, "{joined}");
        tokens.push(field(&joined, "token"));
        ids.push(field(&joined, "participant_id"));
    }
    let (status, _, body) = until_served(|| {
        http.post(format!(
            "{front}/api/sessions/{session}/rounds/ronde-1/start"
        ))
        .bearer_auth(&secret)
        .json(&json!({}))
    })
    .await;
    assert!(status < 300, "{status} {body}");
    let (_, _, me) = until_served(|| {
        http.get(format!("{front}/api/me?session={session}"))
            .bearer_auth(&tokens[0])
    })
    .await;
    let room = me["room"]["doc_url"].as_str().unwrap().parse().unwrap();
    Day {
        session,
        secret,
        tokens,
        room,
        first: By {
            id: ids[0].clone(),
            name: "P0".into(),
            role: "mentor".into(),
        },
    }
}

fn sync_url(front: &str, token: &str, session: &str) -> String {
    format!(
        "{}/sync?token={token}&session={session}",
        front.replace("http://", "ws://")
    )
}

/// The node each request and socket of the day lands on, through HAProxy.
async fn nodes_of(front: &str, day: &Day) -> BTreeSet<String> {
    let http = reqwest::Client::new();
    let mut nodes = BTreeSet::new();
    let (_, node, _) = until_served(|| {
        http.get(format!("{front}/api/sessions/{}", day.session))
            .bearer_auth(&day.secret)
    })
    .await;
    nodes.extend(node);
    for token in &day.tokens {
        let (_, node, _) = until_served(|| {
            http.get(format!("{front}/api/me?session={}", day.session))
                .bearer_auth(token)
        })
        .await;
        nodes.extend(node);
        let (socket, response) = socket(&sync_url(front, token, &day.session)).await;
        nodes.extend(
            response
                .headers()
                .get("x-samenbord-node")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        );
        drop(socket);
    }
    nodes
}

/// A WebSocket, retrying while the session moves (a handover is under way).
async fn socket(
    url: &str,
) -> (
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    tokio_tungstenite::tungstenite::handshake::client::Response,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match tokio_tungstenite::connect_async(url).await {
            Ok(connected) => return connected,
            Err(error) => assert!(Instant::now() < deadline, "{error}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn on_one_node_each(front: &str, days: &[Day]) {
    for day in days {
        let nodes = nodes_of(front, day).await;
        assert_eq!(
            nodes.len(),
            1,
            "session {} spread over {nodes:?}",
            day.session
        );
    }
}

async fn connect(front: &str, token: &str, day: &Day, peer: &str) -> Option<Client> {
    Client::connect(&sync_url(front, token, &day.session), peer)
        .await
        .ok()
}

/// A client through HAProxy with the room loaded (retrying while the
/// session moves), and how long that took.
async fn reader(front: &str, day: &Day, doc: Option<automerge::AutoCommit>) -> (Client, Duration) {
    static PEERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(40);
    loop {
        let peer = PEERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(mut client) =
            connect(front, &day.tokens[0], day, &format!("reader-{peer}")).await
        {
            let opened = match &doc {
                Some(doc) => client.open_with(day.room, doc.clone()).await,
                None => client.open(day.room).await,
            };
            if opened.is_ok()
                && client
                    .pump_until(Duration::from_secs(3), |c| {
                        c.doc(&day.room).is_some_and(|d| read_room(d).is_ok())
                    })
                    .await
                    .unwrap_or(false)
            {
                return (client, started.elapsed());
            }
        }
        assert!(Instant::now() < deadline, "the session never came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn note_ids(doc: &automerge::AutoCommit) -> BTreeSet<String> {
    read_room(doc)
        .map(|room| room.notes.keys().cloned().collect())
        .unwrap_or_default()
}

/// Writes five notes per client; returns the notes the server had
/// acknowledged (a client whose replica it acknowledged: all of them).
async fn burst(clients: &mut [Client], day: &Day, tag: &str) -> BTreeSet<String> {
    let room = day.room;
    for i in 0..5 {
        for (n, client) in clients.iter_mut().enumerate() {
            let _ = client
                .change(room, |doc| {
                    add_note(
                        doc,
                        &format!("{tag}-{n}-{i}"),
                        "kansen",
                        "tekst",
                        &day.first,
                    );
                    Ok(())
                })
                .await;
        }
    }
    let mut acknowledged = BTreeSet::new();
    for client in clients.iter_mut() {
        let _ = client
            .pump_until(Duration::from_millis(500), |c| c.acknowledged(&room))
            .await;
        if client.acknowledged(&room) {
            acknowledged.extend(note_ids(client.doc(&room).unwrap()));
        }
    }
    acknowledged
}

/// Every device reconnects through HAProxy with its replica; all must
/// converge to identical heads holding every note anyone wrote.
async fn reconnect_and_converge(front: &str, day: &Day, mut clients: Vec<Client>) {
    let replicas: Vec<_> = clients
        .iter_mut()
        .map(|c| c.take(&day.room).unwrap())
        .collect();
    drop(clients);
    let mut everyone = BTreeSet::new();
    for doc in &replicas {
        everyone.extend(note_ids(doc));
    }
    let mut clients = Vec::new();
    for doc in replicas {
        clients.push(reader(front, day, Some(doc)).await.0);
    }
    let complete = |c: &Client| {
        c.doc(&day.room).is_some_and(|d| note_ids(d) == everyone) && c.acknowledged(&day.room)
    };
    for _ in 0..100 {
        let mut done = true;
        for client in clients.iter_mut() {
            let _ = client
                .pump_until(Duration::from_millis(100), complete)
                .await;
            done &= complete(client);
        }
        if done {
            break;
        }
    }
    let mut heads: Vec<_> = clients
        .iter_mut()
        .map(|c| {
            let mut doc = c.take(&day.room).unwrap();
            let mut heads = doc.get_heads();
            heads.sort();
            (note_ids(&doc) == everyone, heads)
        })
        .collect();
    heads.dedup();
    assert_eq!(heads.len(), 1, "replicas differ after the session moved");
    assert!(heads[0].0, "a replica misses notes after the session moved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_stay_on_one_node_and_survive_the_kill_of_that_node() {
    let Some(mut cluster) = Cluster::start(3).await else {
        return;
    };
    let front = cluster.front.clone();
    let kills: usize = std::env::var("SAMENBORD_CLUSTER_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let mut days = Vec::new();
    for n in 0..3 {
        days.push(partnership_day(&front, n).await);
    }
    on_one_node_each(&front, &days).await;

    let mut times = Vec::new();
    for kill in 0..kills {
        let day = &days[kill % days.len()];
        let mut clients = Vec::new();
        for _ in &day.tokens {
            clients.push(reader(&front, day, None).await.0);
        }
        let owner = nodes_of(&front, day).await;
        assert_eq!(owner.len(), 1, "{owner:?}");
        let owner = Cluster::index_of(owner.first().unwrap());
        let acknowledged = burst(&mut clients, day, &format!("k{kill}")).await;

        // Under writes: the owner dies in the middle of a burst, and a
        // new device starts reaching for the session through HAProxy.
        let pid = cluster.pid(owner);
        let (probe_front, probe_day) = (front.clone(), day.clone());
        let probe = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(30)).await;
            let killed = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
            assert!(killed.unwrap().success());
            reader(&probe_front, &probe_day, None).await
        });
        let acknowledged_late = burst(&mut clients, day, &format!("k{kill}-late")).await;
        let (reader_client, serving) = probe.await.unwrap();
        cluster.kill_9(owner);
        times.push(serving);
        eprintln!(
            "kill {}: node{} killed, session served again after {} ms",
            kill + 1,
            owner + 1,
            serving.as_millis()
        );

        // What the survivor serves first already holds every note that
        // was acknowledged before the kill.
        let stored = note_ids(reader_client.doc(&day.room).unwrap());
        let lost: Vec<_> = acknowledged
            .union(&acknowledged_late)
            .filter(|n| !stored.contains(*n))
            .collect();
        assert!(lost.is_empty(), "acknowledged notes lost: {lost:?}");
        drop(reader_client);

        // Every client reconnects through HAProxy with its replica; all
        // converge to identical heads holding every note anyone wrote.
        reconnect_and_converge(&front, day, clients).await;

        // The session is on one node again; the dead node comes back.
        assert_eq!(nodes_of(&front, day).await.len(), 1);
        cluster.start_node(owner).await;
    }
    on_one_node_each(&front, &days).await;
    if !times.is_empty() {
        let worst = times.iter().max().unwrap();
        eprintln!(
            "failover: {} kills, worst {} ms, lease {LEASE_SECONDS} s",
            times.len(),
            worst.as_millis()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_postgres_nothing_is_acknowledged_and_nodes_recover_by_themselves() {
    let Some(cluster) = Cluster::start(3).await else {
        return;
    };
    let front = cluster.front.clone();
    let day = partnership_day(&front, 0).await;
    let (mut client, _) = reader(&front, &day, None).await;

    cluster.postgres.stop();
    client
        .change(day.room, |doc| {
            add_note(doc, "while-down", "kansen", "tekst", &day.first);
            Ok(())
        })
        .await
        .unwrap();
    let _ = client
        .pump_until(Duration::from_secs(4), |c| c.acknowledged(&day.room))
        .await;
    assert!(
        !client.acknowledged(&day.room),
        "a change was acknowledged while the database was down"
    );
    let http = reqwest::Client::new();
    for n in 0..3 {
        let status = http
            .get(format!("{}/healthz", cluster.node_url(n)))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 503, "node {n} reports healthy without its database");
    }

    cluster.postgres.start_again();
    for n in 0..3 {
        assert!(
            healthy(
                &format!("{}/healthz", cluster.node_url(n)),
                Duration::from_secs(30)
            )
            .await,
            "node {n} did not recover: {}",
            cluster.log(n)
        );
    }
    // The device reconnects with its replica; the change is stored now.
    let doc = client.take(&day.room).unwrap();
    drop(client);
    let (mut client, _) = reader(&front, &day, Some(doc)).await;
    assert!(
        client
            .pump_until(WAIT, |c| c.acknowledged(&day.room))
            .await
            .unwrap(),
        "the change made while the database was down never got stored"
    );
    drop(client);
    let (fresh, _) = reader(&front, &day, None).await;
    assert!(note_ids(fresh.doc(&day.room).unwrap()).contains("while-down"));
}

/// How many sockets node `n` has open (its /metrics), reached directly.
async fn sockets_on(cluster: &Cluster, n: usize) -> u64 {
    let text = reqwest::get(format!("{}/metrics", cluster.node_url(n)))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("samenbord_connections_open "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// The pauses of the web client's retries (web/src/api.ts, RETRY_DELAYS_MS).
const WEB_CLIENT_RETRY_MS: [u64; 6] = [250, 500, 1000, 1500, 1500, 1500];
const WEB_CLIENT_PATIENCE: Duration = Duration::from_millis(6250);

/// A participant's API call through HAProxy, sent again after each pause
/// while the answer is 503 `session-moving`, as the web client does; the
/// last status and how many attempts it took.
async fn as_the_web_client(front: &str, day: &Day) -> (u16, usize) {
    let http = reqwest::Client::new();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let (status, _, body) = send(
            http.get(format!("{front}/api/me?session={}", day.session))
                .bearer_auth(&day.tokens[2]),
        )
        .await;
        let moving = status == 503 && body["code"] == "session-moving";
        // A GET is repeatable: a dropped connection is tried again too.
        let again = moving || matches!(status, 0 | 502 | 503 | 504);
        match WEB_CLIENT_RETRY_MS.get(attempts - 1) {
            Some(pause) if again => tokio::time::sleep(Duration::from_millis(*pause)).await,
            _ => return (status, attempts),
        }
    }
}

/// One answer a probing device got: when, its status, and which node.
struct Answer {
    at: Duration,
    status: u16,
    node: String,
}

/// What a device met calling the API through HAProxy every 20 ms, until a
/// node for which `serves` holds answered 200 (or 30 s passed).
struct Probe {
    answers: Vec<Answer>,
    served: Option<Duration>,
}

async fn probe(front: String, day: Day, serves: impl Fn(&str) -> bool) -> Probe {
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut answers = Vec::new();
    while started.elapsed() < Duration::from_secs(30) {
        let (status, node, _) = send(
            http.get(format!("{front}/api/me?session={}", day.session))
                .bearer_auth(&day.tokens[1]),
        )
        .await;
        let node = node.unwrap_or_default();
        let served = status == 200 && serves(&node);
        answers.push(Answer {
            at: started.elapsed(),
            status,
            node,
        });
        if served {
            return Probe {
                answers,
                served: Some(started.elapsed()),
            };
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Probe {
        answers,
        served: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_comes_back_gets_its_sessions_back_with_nothing_lost() {
    let Some(mut cluster) = Cluster::start(3).await else {
        return;
    };
    let front = cluster.front.clone();
    let day = partnership_day(&front, 0).await;
    let home = Cluster::index_of(nodes_of(&front, &day).await.first().unwrap());

    // The session's node dies; a survivor takes the session over, and the
    // devices write there. Until HAProxy's health check notices (two
    // failed checks, 500 ms apart), it still picks the dead node and
    // redispatches, not always to the node its hash picks once the dead
    // one is marked down: then two survivors get the session's calls, one
    // after the other, and the second one asks the first to hand over.
    let dead = Cluster::node_name(home);
    let failover = tokio::spawn(probe(front.clone(), day.clone(), move |node| node != dead));
    tokio::time::sleep(Duration::from_millis(100)).await;
    cluster.kill_9(home);
    // A device's call right after the kill, sent again on `session-moving`
    // as the web client does, gets its answer once the takeover is done.
    let (status, attempts) = as_the_web_client(&front, &day).await;
    assert_eq!(status, 200, "the call failed after {attempts} attempts");
    let failover = failover.await.unwrap();
    let answering: BTreeSet<&str> = failover
        .answers
        .iter()
        .filter(|a| a.status != 0 && a.status != 502 && a.node != Cluster::node_name(home))
        .map(|a| a.node.as_str())
        .collect();
    eprintln!(
        "failover: served after {:?} ms, {} answers 503, answered by {answering:?}; \
         a device's call retried as the web client does: {attempts} attempts",
        failover.served.map(|d| d.as_millis()),
        failover.answers.iter().filter(|a| a.status == 503).count()
    );
    let mut clients = Vec::new();
    for _ in &day.tokens {
        clients.push(reader(&front, &day, None).await.0);
    }
    let survivor = nodes_of(&front, &day).await;
    assert_eq!(survivor.len(), 1, "{survivor:?}");
    let survivor = Cluster::index_of(survivor.first().unwrap());
    assert_ne!(survivor, home);
    let mut acknowledged = burst(&mut clients, &day, "on-survivor").await;
    // A device's live event stream, on the survivor too.
    let mut events = reqwest::get(format!(
        "{front}/api/events?token={}&session={}",
        day.tokens[1], day.session
    ))
    .await
    .unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(
        events.headers()["x-samenbord-node"],
        Cluster::node_name(survivor).as_str()
    );

    // A device whose socket is open but has not asked for its room yet
    // (a phone just back online): no document knows it.
    let mut opening = connect(&front, &day.tokens[2], &day, "opening")
        .await
        .unwrap();

    // The node comes back: HAProxy's consistent hash sends the session to
    // it again while the survivor holds the lease and the devices' sockets.
    cluster.start_node(home).await;
    let home_name = Cluster::node_name(home);
    let probe = tokio::spawn(probe(front.clone(), day.clone(), move |node| {
        node == home_name
    }));
    let mut round = 0;
    while !probe.is_finished() {
        round += 1;
        acknowledged.extend(burst(&mut clients, &day, &format!("handback-{round}")).await);
    }
    let probe = probe.await.unwrap();
    let Some(served_home) = probe.served else {
        let answers: Vec<_> = probe
            .answers
            .iter()
            .map(|a| (a.at.as_millis(), a.status, a.node.as_str()))
            .collect();
        let logs: Vec<String> = (0..3).map(|n| cluster.log(n)).collect();
        panic!(
            "the returning node never served the session: {answers:?}\n{}",
            logs.join("\n----\n")
        );
    };
    let first_home = probe
        .answers
        .iter()
        .find(|a| a.node == Cluster::node_name(home))
        .map(|a| a.at)
        .unwrap();
    let moving = probe.answers.iter().filter(|a| a.status == 503).count();
    // HAProxy switches once: after the first answer from the returning
    // node, no call of the session reaches the survivor again.
    let flip_flops = probe
        .answers
        .iter()
        .filter(|a| a.at > first_home && a.node == Cluster::node_name(survivor))
        .count();
    assert_eq!(flip_flops, 0, "calls alternated between two nodes");
    assert!(
        served_home - first_home < WEB_CLIENT_PATIENCE,
        "the handback outlasts the web client's retries"
    );
    // The survivor let go: it closed the devices' sockets, so none is left
    // writing to a node that no longer serves the session.
    for client in &mut clients {
        assert!(
            socket_closed(client).await,
            "a device's socket stayed open on the node that let the session go"
        );
    }
    assert!(
        socket_closed(&mut opening).await,
        "a socket with no document open yet stayed open on the node that let go"
    );
    // …and ended the event stream, which the browser then opens again
    // through HAProxy, on the returning node.
    let ended = tokio::time::timeout(WAIT, async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(
        ended.is_ok(),
        "an event stream stayed open on the node that let go"
    );
    let sockets_left = sockets_on(&cluster, survivor).await;
    eprintln!(
        "handback: HAProxy routed to node{} after {} ms, served there after {} ms, \
         {moving} answers 503 in between, {sockets_left} sockets left on node{}",
        home + 1,
        first_home.as_millis(),
        served_home.as_millis(),
        survivor + 1,
    );
    assert_eq!(sockets_left, 0, "sockets left on the node that let go");

    // What the returning node serves first holds every acknowledged note;
    // every device reconnects there with its replica and converges.
    let (fresh, _) = reader(&front, &day, None).await;
    let stored = note_ids(fresh.doc(&day.room).unwrap());
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged notes lost: {lost:?}");
    drop(fresh);
    reconnect_and_converge(&front, &day, clients).await;
    assert_eq!(
        nodes_of(&front, &day).await,
        BTreeSet::from([Cluster::node_name(home)])
    );
}

/// Whether the server closed the client's socket (a write into it fails,
/// or its close frame arrives) within [`WAIT`].
async fn socket_closed(client: &mut Client) -> bool {
    match client.pump_until(WAIT, |_| false).await {
        Err(_) => true,
        Ok(_) => client.closed_within(Duration::ZERO).await.is_some(),
    }
}

/// How many cross-node event listeners are connected to `postgres` and
/// listening (done with their set-up, whose last statement is a SELECT).
async fn listeners(postgres: &TempPostgres) -> i64 {
    let (client, connection) = tokio_postgres::connect(&postgres.url(), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'samenbord-listener'
             AND state = 'idle' AND query LIKE 'SELECT%'",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_that_was_disconnected_replays_what_it_missed() {
    let Some(postgres) = TempPostgres::start() else {
        return;
    };
    let open = |name: &str| {
        Arc::new(
            PostgresStorage::open(
                &postgres.url(),
                NodeName(name.into()),
                Duration::from_secs(60),
            )
            .unwrap(),
        )
    };
    let (holder, asker) = (open("holder"), open("asker"));
    let acquire = |storage: &Arc<PostgresStorage>, session: &SessionId| {
        let (storage, session) = (storage.clone(), session.clone());
        tokio::task::spawn_blocking(move || storage.acquire(&session).unwrap())
    };
    let (first, second) = (
        SessionId::new("sAskedLive").unwrap(),
        SessionId::new("sAskedWhileAway").unwrap(),
    );
    for session in [&first, &second] {
        assert!(matches!(
            acquire(&holder, session).await.unwrap(),
            Lease::Held { .. }
        ));
    }
    let mut events = holder.listen().unwrap();
    let deadline = Instant::now() + WAIT;
    while listeners(&postgres).await == 0 {
        assert!(Instant::now() < deadline, "the listener never connected");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Asked while the listener is connected: notified at once.
    assert!(matches!(
        acquire(&asker, &first).await.unwrap(),
        Lease::Elsewhere { .. }
    ));
    let event = tokio::time::timeout(WAIT, events.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (&event.session_id, event.kind, event.delivery),
        (&first, NodeEventKind::Handover, Delivery::Live)
    );

    // The listener's connection is cut; the ask comes while nobody listens,
    // so its NOTIFY reaches no one.
    let (client, connection) = tokio_postgres::connect(&postgres.url(), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name = 'samenbord-listener'",
            &[],
        )
        .await
        .unwrap();
    while listeners(&postgres).await != 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(matches!(
        acquire(&asker, &second).await.unwrap(),
        Lease::Elsewhere { .. }
    ));
    let missed = tokio::time::timeout(WAIT, events.recv())
        .await
        .expect("the listener never caught up")
        .unwrap();
    assert_eq!(
        (&missed.session_id, missed.kind, missed.delivery),
        (&second, NodeEventKind::Handover, Delivery::Replayed)
    );
    assert!(missed.seq > event.seq);
}
