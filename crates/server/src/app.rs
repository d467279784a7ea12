//! The running server: shared state, the router, and [`run`], the library
//! entry point (tests bind port 0 and call it directly).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use sha2::Digest;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

use crate::client_address::TrustedProxies;
use crate::config::{ServeArgs, SyncLimits};
use crate::content::ContentLibrary;
use crate::join_limit::JoinLimiter;
use crate::metrics::Metrics;
use crate::registry::Registry;
use crate::storage::{self, Storage, StorageError};
use crate::sync::admission::Admission;
use crate::sync::coalescing::{Coalescing, Policy};
use crate::sync::hub::{Hub, HubConfig};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("content: {0}")]
    Content(String),
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Everything handlers share.
pub struct AppState {
    pub registry: Registry,
    pub hub: Arc<Hub>,
    pub storage: Arc<dyn Storage>,
    pub metrics: Arc<Metrics>,
    pub content: ContentLibrary,
    pub public_url: String,
    pub allowed_origins: Vec<String>,
    pub sync_limits: SyncLimits,
    /// Sync connection caps: per token, per address, organisers first.
    pub admission: Arc<Admission>,
    pub join_limiter: JoinLimiter,
    /// Which peers may name the client's address (a TLS proxy).
    pub proxies: TrustedProxies,
    pub creation: crate::creation::CreationLimiter,
    /// Sessions the server holds at once.
    pub max_sessions: usize,
    pub shutdown: CancellationToken,
    /// The optional model for the summary's overall text.
    pub llm: Option<crate::summary::LlmClient>,
    /// Who may read `/metrics`.
    pub metrics_access: MetricsAccess,
    /// Room documents as the overview last read them.
    pub room_reads: crate::room_reads::RoomReads,
}

/// `/metrics` tells how busy the day is and how it fails: with a token
/// configured only that bearer reads it, without one only this machine.
pub struct MetricsAccess {
    token_hash: Option<[u8; 32]>,
}

impl MetricsAccess {
    pub fn new(token: Option<&str>) -> Self {
        Self {
            token_hash: token.map(|t| sha2::Sha256::digest(t.as_bytes()).into()),
        }
    }

    pub fn allows(&self, from: IpAddr, bearer: Option<&str>) -> bool {
        match (&self.token_hash, bearer) {
            (Some(hash), Some(given)) => {
                // Hashes compare in constant time for equal lengths.
                let given: [u8; 32] = sha2::Sha256::digest(given.as_bytes()).into();
                given == *hash
            }
            (Some(_), None) => false,
            (None, _) => from.is_loopback(),
        }
    }
}

pub type SharedState = Arc<AppState>;

/// Unix milliseconds: the one clock the server reads.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_millis()).ok())
        .unwrap_or_default()
}

/// Serves on `listener` until `shutdown` is cancelled, then closes every
/// socket, waits for documents to flush, and returns.
pub async fn run(
    listener: TcpListener,
    config: ServeArgs,
    shutdown: CancellationToken,
) -> Result<(), ServeError> {
    let local = listener.local_addr()?;
    let state = build_state(&config, local, shutdown.clone())?;
    let tasks = TaskTracker::new();
    tasks.spawn(crate::retention::run(state.clone(), shutdown.clone()));
    tasks.spawn(crate::lease_keeper::run(
        state.clone(),
        Duration::from_secs(config.storage.lease_seconds),
        shutdown.clone(),
    ));
    let app = router(state.clone(), &config);
    tracing::info!(address = %local, "listening");
    // Last, so that on a terminal the start line is what stays in view.
    announce(local, config.public_url.as_deref());
    crate::listener::serve(listener, app, config.limits.listen(), shutdown.clone()).await;
    tasks.close();
    tasks.wait().await;
    Ok(())
}

/// Two lines on stdout: the first for scripts and tests (the bound port),
/// the second for the organiser who ran `make run`. Write errors are
/// ignored (unlike `println!`, which panics): a closed stdout, e.g. a
/// supervisor that stopped reading, must not stop the server.
fn announce(local: SocketAddr, public_url: Option<&str>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "samenbord listening on http://{local}");
    let _ = writeln!(
        out,
        "samenbord is running: open {} in a browser to start a session",
        start_url(public_url, local)
    );
    let _ = out.flush();
}

/// Where the organiser starts: the public URL when one is set; otherwise
/// the listening address, with loopback for an any-address bind
/// (0.0.0.0 is not an address a browser can open).
fn start_url(public_url: Option<&str>, local: SocketAddr) -> String {
    match public_url {
        Some(url) => format!("{}/", url.trim_end_matches('/')),
        None if local.ip().is_unspecified() => {
            let loopback = if local.is_ipv4() {
                "127.0.0.1"
            } else {
                "[::1]"
            };
            format!("http://{loopback}:{}/", local.port())
        }
        None => format!("http://{local}/"),
    }
}

fn build_state(
    config: &ServeArgs,
    local: SocketAddr,
    shutdown: CancellationToken,
) -> Result<SharedState, ServeError> {
    if config.storage.database_url.is_none() {
        std::fs::create_dir_all(&config.storage.data_dir).map_err(|source| {
            ServeError::DataDir {
                path: config.storage.data_dir.clone(),
                source,
            }
        })?;
    }
    let storage = storage::open(&config.database_url(), &config.storage.node())?;
    let loaded = crate::content::load(&config.content_dir)
        .map_err(|e| ServeError::Content(e.to_string()))?;
    for error in &loaded.errors {
        tracing::warn!(%error, "content problem; that file is left out");
    }
    let metrics = Arc::new(Metrics::default());
    let coalescing = Coalescing::new(match config.limits.sync_coalesce_ms {
        0 => Policy::Adaptive(Duration::from_millis(config.limits.sync_coalesce_max_ms)),
        fixed => Policy::Fixed(Duration::from_millis(fixed)),
    });
    tokio::spawn(coalescing.clone().follow_load(shutdown.clone()));
    let limits = config.limits.sync();
    let hub = Arc::new(Hub::new(
        storage.clone(),
        metrics.clone(),
        HubConfig {
            queue_size: limits.peer_queue.max(64) * 4,
            idle_unload: Duration::from_secs(config.limits.idle_unload_seconds),
            coalesce: coalescing.clone(),
            dormant_after: match config.limits.dormant_after_seconds {
                0 => None,
                seconds => Some(Duration::from_secs(seconds)),
            },
            max_document_bytes: config.limits.max_document_bytes,
        },
        TaskTracker::new(),
    )?);
    hub.start_publishing_reveals();
    hub.leaders.know_cards(loaded.library.templates.values());
    let initial_phases = loaded
        .library
        .templates
        .iter()
        .filter_map(|(id, t)| Some((id.clone(), t.initial_phase.as_ref()?.to_string())))
        .collect();
    let registry = Registry::load(storage.clone(), hub.clone(), initial_phases)?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"))
        .trim_end_matches('/')
        .to_owned();
    let mut allowed_origins = config.allowed_origins.clone();
    allowed_origins.push(public_url.clone());
    Ok(Arc::new(AppState {
        registry,
        hub,
        storage,
        metrics,
        content: loaded.library,
        public_url,
        allowed_origins,
        sync_limits: limits,
        admission: Arc::new(Admission::new(config.limits.admission())),
        join_limiter: JoinLimiter::new(config.limits.join()),
        proxies: config.proxy.proxies(),
        creation: crate::creation::CreationLimiter::new(crate::creation::CreationLimits {
            per_address_per_hour: config.limits.sessions_per_address_per_hour,
            per_minute: config.limits.sessions_per_minute,
        }),
        max_sessions: config.limits.max_sessions,
        shutdown,
        llm: crate::summary::LlmClient::from_args(&config.llm)
            .map_err(|e| ServeError::Content(format!("language model: {e}")))?,
        metrics_access: MetricsAccess::new(config.metrics_token.as_ref().map(|t| t.0.as_str())),
        room_reads: crate::room_reads::RoomReads::default(),
    }))
}

/// A request's span: method and path, never the query, where the sync
/// socket's `?token=` travels (tokens must not reach the logs); the
/// extractors fill in the session and peer ids.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    tracing::debug_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        session.id = tracing::field::Empty,
        peer.id = tracing::field::Empty,
    )
}

/// The web UI's content policy: its own scripts, styles and sockets
/// only, never framed (clickjacking), no MIME sniffing, and no referrer
/// (join and organiser links carry codes and secrets).
// 'wasm-unsafe-eval': Automerge runs as WebAssembly in the browser.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
    connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        CONTENT_SECURITY_POLICY,
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    response
}

fn router(state: SharedState, config: &ServeArgs) -> Router {
    let index = config.web_dir.join("index.html");
    let web = ServeDir::new(&config.web_dir).fallback(ServeFile::new(index));
    let mut app = crate::api::routes(state.clone())
        .fallback_service(web)
        .layer(axum::middleware::map_response(security_headers));
    // With several nodes, which one answered (operators and the cluster
    // test see where HAProxy sent a session's requests).
    if let Some(value) = config
        .storage
        .node_name
        .as_deref()
        .and_then(|name| axum::http::HeaderValue::from_str(name).ok())
    {
        app = app.layer(axum::middleware::map_response(
            move |mut response: axum::response::Response| {
                let value = value.clone();
                async move {
                    response.headers_mut().insert("x-samenbord-node", value);
                    response
                }
            },
        ));
    }
    app.layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::start_url;

    #[test]
    fn an_any_address_bind_starts_on_loopback_and_a_public_url_wins() {
        let any = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(start_url(None, any), "http://127.0.0.1:8080/");
        let any6 = "[::]:8080".parse().unwrap();
        assert_eq!(start_url(None, any6), "http://[::1]:8080/");
        assert_eq!(
            start_url(Some("https://bord.example.nl"), any),
            "https://bord.example.nl/"
        );
    }
}
