//! `samenbord serve` configuration: clap flags, each with an env variable,
//! grouped by concern. Secrets never appear in `Debug` output.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free port).
    #[arg(long, env = "SAMENBORD_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Folder with templates/ and programmes/.
    #[arg(long, env = "SAMENBORD_CONTENT_DIR", default_value = "content")]
    pub content_dir: PathBuf,
    /// Folder with the built web client (index.html and assets).
    #[arg(long, env = "SAMENBORD_WEB_DIR", default_value = "web/dist")]
    pub web_dir: PathBuf,
    /// Public base URL used in join and organiser links (default: derived
    /// from the listening address).
    #[arg(long, env = "SAMENBORD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Origins allowed to open WebSockets, comma-separated (default: the
    /// public URL's origin and same-host requests).
    #[arg(long, env = "SAMENBORD_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
    /// Bearer token for `/metrics`; without one only this machine
    /// (loopback) may read it.
    #[arg(long, env = "SAMENBORD_METRICS_TOKEN")]
    pub metrics_token: Option<Redacted>,
    /// Log as JSON lines instead of human-readable text.
    #[arg(long, env = "SAMENBORD_LOG_JSON")]
    pub log_json: bool,
    #[command(flatten)]
    pub limits: LimitsArgs,
    #[command(flatten)]
    pub proxy: ProxyArgs,
    #[command(flatten)]
    pub llm: LlmArgs,
}

/// A TLS proxy or load balancer in front of the server. Off by default:
/// then the peer's address is the client's, whatever headers say.
#[derive(Debug, Clone, Args)]
pub struct ProxyArgs {
    /// Addresses of the proxies in front of this server, comma-separated.
    /// Only requests from these peers have their client address read from
    /// `--client-address-header`.
    #[arg(
        long = "trusted-proxy",
        env = "SAMENBORD_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    pub trusted: Vec<IpAddr>,
    /// The header a trusted proxy puts the client's address in (a list,
    /// nearest hop last, as X-Forwarded-For).
    #[arg(
        long = "client-address-header",
        env = "SAMENBORD_CLIENT_ADDRESS_HEADER",
        default_value = "x-forwarded-for"
    )]
    pub header: axum::http::HeaderName,
}

impl ProxyArgs {
    pub fn proxies(&self) -> crate::client_address::TrustedProxies {
        crate::client_address::TrustedProxies::new(self.trusted.clone(), self.header.clone())
    }
}

/// The optional language model for the summary's overall text: an
/// OpenAI-compatible endpoint the operator runs or chooses. Never called
/// unless both URL and model are set.
#[derive(Debug, Clone, Default, Args)]
pub struct LlmArgs {
    /// Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1
    /// (`/chat/completions` is appended).
    #[arg(long = "llm-url", env = "SAMENBORD_LLM_URL")]
    pub url: Option<String>,
    /// Model name sent with each request.
    #[arg(long = "llm-model", env = "SAMENBORD_LLM_MODEL")]
    pub model: Option<String>,
    /// API key, sent as a bearer token.
    #[arg(long = "llm-key", env = "SAMENBORD_LLM_KEY")]
    pub key: Option<Redacted>,
}

#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Folder for the embedded database.
    #[arg(long, env = "SAMENBORD_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database URL: sqlite://PATH (one node) or
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE (one node or several);
    /// default: sqlite://<data-dir>/samenbord.db.
    #[arg(long, env = "SAMENBORD_DATABASE_URL")]
    pub database_url: Option<Redacted>,
    /// This node's name in PostgreSQL session leases (default: random per
    /// start). Only several nodes on PostgreSQL use it.
    #[arg(long, env = "SAMENBORD_NODE_NAME")]
    pub node_name: Option<String>,
    /// Seconds a session lease lasts unrenewed: after a node dies, its
    /// sessions move to another node after at most this long.
    #[arg(long, env = "SAMENBORD_LEASE_SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub lease_seconds: u64,
}

impl StorageArgs {
    /// The database to open: the URL given, or the data folder's SQLite.
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(url) => url.0.clone(),
            None => format!("sqlite://{}", self.data_dir.join("samenbord.db").display()),
        }
    }

    pub fn node(&self) -> crate::storage::NodeOptions {
        let name = self
            .node_name
            .clone()
            .unwrap_or_else(|| format!("node-{}", crate::sync::document_id::DocumentId::random()));
        crate::storage::NodeOptions {
            node: crate::storage::NodeName(name),
            lease_ttl: Duration::from_secs(self.lease_seconds),
        }
    }
}

/// A string kept out of logs and `Debug` output.
#[derive(Clone)]
pub struct Redacted(pub String);

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::str::FromStr for Redacted {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(s.to_owned()))
    }
}

#[derive(Debug, Clone, Args)]
pub struct LimitsArgs {
    /// Largest WebSocket message accepted, in bytes.
    #[arg(long, env = "SAMENBORD_MAX_MESSAGE_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_message_bytes: usize,
    /// Most bytes the changes in one sync message may inflate to
    /// (Automerge deflates large changes and whole-document saves).
    #[arg(long, env = "SAMENBORD_MAX_INFLATED_BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_inflated_bytes: usize,
    /// Largest room document, in stored bytes; changes past it are refused.
    /// A day's busiest room stores well under 1 MiB; a room filled with
    /// junk to this size costs the server a hundred times it in memory.
    #[arg(long, env = "SAMENBORD_MAX_DOCUMENT_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_document_bytes: usize,
    /// Bytes per second a sync connection may send on average: far above
    /// anyone typing (a few hundred), far below filling a room with junk.
    #[arg(long, env = "SAMENBORD_BYTES_PER_SECOND", default_value_t = 32 * 1024)]
    pub bytes_per_second: u32,
    /// Bytes a sync connection may send at once (a device back from
    /// offline with everything it typed): at least the largest message.
    #[arg(long, env = "SAMENBORD_BYTE_BURST", default_value_t = 4 * 1024 * 1024)]
    pub byte_burst: u32,
    /// Messages per second a connection may send on average.
    #[arg(long, env = "SAMENBORD_MESSAGES_PER_SECOND", default_value_t = 200)]
    pub messages_per_second: u32,
    /// Messages a connection may send in one burst.
    #[arg(long, env = "SAMENBORD_MESSAGE_BURST", default_value_t = 1000)]
    pub message_burst: u32,
    /// Most open HTTP connections (not counting upgraded WebSockets).
    #[arg(long, env = "SAMENBORD_MAX_HTTP_CONNECTIONS", default_value_t = 8192)]
    pub max_http_connections: usize,
    /// Most open HTTP connections from one address (IPv6: one /64). A
    /// venue's devices often share one address, so this stays generous.
    #[arg(
        long,
        env = "SAMENBORD_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 1024
    )]
    pub max_connections_per_address: usize,
    /// Seconds a client has to send a request's headers.
    #[arg(long, env = "SAMENBORD_HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
    pub header_timeout_seconds: u64,
    /// Most simultaneous sync connections (organisers have 64 more).
    #[arg(long, env = "SAMENBORD_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,
    /// Sync connections one participant's token may hold.
    #[arg(
        long,
        env = "SAMENBORD_SYNC_CONNECTIONS_PER_PARTICIPANT",
        default_value_t = 8
    )]
    pub sync_connections_per_participant: usize,
    /// Participants' sync connections from one address (IPv6: one /64).
    #[arg(
        long,
        env = "SAMENBORD_SYNC_CONNECTIONS_PER_ADDRESS",
        default_value_t = 1000
    )]
    pub sync_connections_per_address: usize,
    /// Messages queued for one slow peer before it is disconnected.
    #[arg(long, env = "SAMENBORD_PEER_QUEUE", default_value_t = 1024)]
    pub peer_queue: usize,
    /// Seconds between pings; a connection silent for twice this is closed.
    #[arg(long, env = "SAMENBORD_PING_SECONDS", default_value_t = 20)]
    pub ping_seconds: u64,
    /// Seconds a document stays loaded with no one connected.
    #[arg(long, env = "SAMENBORD_IDLE_UNLOAD_SECONDS", default_value_t = 60)]
    pub idle_unload_seconds: u64,
    /// Seconds without a message before a document whose peers are still
    /// connected packs its state into one compressed save (unpacked on the
    /// next message; presence and snapshots do not unpack it). 0: never.
    #[arg(long, env = "SAMENBORD_DORMANT_AFTER_SECONDS", default_value_t = 120)]
    pub dormant_after_seconds: u64,
    /// Milliseconds a document gathers sync messages before applying and
    /// answering them as one batch. 0 (the default) answers as soon as a
    /// batch is durable; 100 mimics the reference automerge-repo server's
    /// fan-out throttle, trading up to that much latency for less CPU per
    /// change under heavy load (see BENCHMARKS.md).
    #[arg(long, env = "SAMENBORD_SYNC_COALESCE_MS", default_value_t = 0)]
    pub sync_coalesce_ms: u64,
    /// Without a fixed window (above), batches gather only while the
    /// server is busy: above 85 % of its cores the window opens by 10 ms
    /// every quarter second up to this bound, and below 60 % it closes
    /// again, to 0 when idle. 0 never gathers.
    #[arg(long, env = "SAMENBORD_SYNC_COALESCE_MAX_MS", default_value_t = 100)]
    pub sync_coalesce_max_ms: u64,
    /// Wrong join codes per minute from one address; after that the
    /// address waits out the minute. Joins with the right code never count.
    /// A venue's devices often share one address, so this stays generous.
    #[arg(
        long,
        env = "SAMENBORD_JOIN_ATTEMPTS_PER_MINUTE",
        default_value_t = 100
    )]
    pub join_attempts_per_minute: u32,
    /// Wrong join codes per minute from one device (the key its browser
    /// sends); after that only that device waits out the minute.
    #[arg(long, env = "SAMENBORD_JOIN_ATTEMPTS_PER_DEVICE", default_value_t = 10)]
    pub join_attempts_per_device: u32,
    /// Sessions one address may create per hour (a day needs one, a
    /// rehearsal or two besides).
    #[arg(
        long,
        env = "SAMENBORD_SESSIONS_PER_ADDRESS_PER_HOUR",
        default_value_t = 10
    )]
    pub sessions_per_address_per_hour: u32,
    /// Sessions all addresses together may create per minute.
    #[arg(long, env = "SAMENBORD_SESSIONS_PER_MINUTE", default_value_t = 30)]
    pub sessions_per_minute: u32,
    /// Sessions the server holds at once (each lives its retention period:
    /// a few organisations' days for a month fit many times over).
    #[arg(long, env = "SAMENBORD_MAX_SESSIONS", default_value_t = 2_000)]
    pub max_sessions: usize,
}

/// Limits of one sync connection, derived from [`LimitsArgs`].
#[derive(Debug, Clone)]
pub struct SyncLimits {
    pub max_message_bytes: usize,
    pub max_inflated_bytes: usize,
    pub max_ephemeral_bytes: usize,
    pub messages_per_second: u32,
    pub burst: u32,
    pub bytes_per_second: u32,
    pub byte_burst: u32,
    pub peer_queue: usize,
    pub ping_interval: Duration,
    pub idle_timeout: Duration,
    pub max_documents_per_connection: usize,
}

impl LimitsArgs {
    pub fn sync(&self) -> SyncLimits {
        SyncLimits {
            max_message_bytes: self.max_message_bytes,
            max_inflated_bytes: self.max_inflated_bytes,
            max_ephemeral_bytes: 1024,
            messages_per_second: self.messages_per_second,
            burst: self.message_burst,
            bytes_per_second: self.bytes_per_second,
            byte_burst: self.byte_burst,
            peer_queue: self.peer_queue,
            ping_interval: Duration::from_secs(self.ping_seconds.max(1)),
            idle_timeout: Duration::from_secs(self.ping_seconds.max(1) * 2),
            max_documents_per_connection: 64,
        }
    }
}

impl LimitsArgs {
    pub fn admission(&self) -> crate::sync::admission::AdmissionLimits {
        crate::sync::admission::AdmissionLimits {
            max_connections: self.max_connections,
            organiser_reserve: 64,
            per_participant: self.sync_connections_per_participant.max(1),
            per_organiser: 32,
            per_address: self.sync_connections_per_address.max(1),
        }
    }

    pub fn join(&self) -> crate::join_limit::JoinLimits {
        crate::join_limit::JoinLimits {
            per_address: self.join_attempts_per_minute,
            per_device: self.join_attempts_per_device,
        }
    }

    pub fn listen(&self) -> crate::listener::ListenLimits {
        crate::listener::ListenLimits {
            max_connections: self.max_http_connections.max(1),
            max_per_address: self.max_connections_per_address.max(1),
            header_timeout: Duration::from_secs(self.header_timeout_seconds.max(1)),
        }
    }
}

impl ServeArgs {
    pub fn database_url(&self) -> String {
        self.storage.url()
    }
}
