//! A minimal samod sync server for `bench/run`, the Rust counterpart of
//! `bench/reference/server.mjs`: a samod `Repo` with its tokio filesystem
//! storage (the on-disk layout of automerge-repo's NodeFS adapter) and
//! its axum WebSocket acceptor on `/`, read-write for every peer and never
//! announcing documents (clients ask for what they want), like the JS
//! reference. Written from samod's documentation.
//!
//! Note for reading the numbers: samod's filesystem storage writes files
//! without fsync; our server fsyncs before it acknowledges a change.
//!
//! Usage: samod-reference <port> <data-dir>

use axum::Router;
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;
use axum::routing::get;
use samod::storage::TokioFilesystemStorage;
use samod::{AcceptorHandle, PeerId, Repo, ShareConfig};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().as_deref().unwrap_or("3030").parse()?;
    let data_dir = args.next().unwrap_or_else(|| ".samod".to_owned());

    let repo = Repo::build_tokio()
        .with_storage(TokioFilesystemStorage::new(&data_dir))
        .with_share_policy(ShareConfig::read_write().with_announce(false))
        .with_peer_id(PeerId::from("samod-reference"))
        .load()
        .await;
    let url = samod::Url::parse(&format!("ws://127.0.0.1:{port}/"))?;
    let acceptor = repo.make_acceptor(url)?;

    let app = Router::new().route("/", get(upgrade)).with_state(acceptor);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("samod listening on ws://127.0.0.1:{port}");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("a SIGTERM handler");
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        })
        .await?;
    repo.stop().await;
    Ok(())
}

async fn upgrade(State(acceptor): State<AcceptorHandle>, ws: WebSocketUpgrade) -> Response {
    // The generator's catch-up messages can be large; the JS reference
    // (ws) accepts up to 100 MiB.
    ws.max_message_size(100 << 20)
        .on_upgrade(move |socket| async move {
            // The repo owns the connection from here; an error means it stopped.
            let _ = acceptor.accept_axum(socket, None);
        })
}
