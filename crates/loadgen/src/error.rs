//! The generator's one error type.

use samenbord_protocol::document_id::DocumentId;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("http {what}: {source}")]
    Http {
        what: &'static str,
        source: reqwest::Error,
    },
    #[error("http {what}: status {status}: {body}")]
    Status {
        what: &'static str,
        status: u16,
        body: String,
    },
    #[error("http {what}: the answer lacks '{field}'")]
    Answer {
        what: &'static str,
        field: &'static str,
    },
    #[error("websocket: {0}")]
    WebSocket(#[from] tokio_tungstenite::tungstenite::Error),
    #[error("timed out: {0}")]
    Timeout(&'static str),
    #[error("timed out after {seconds} s: {ready} of {clients} participants received their rooms")]
    NotReady {
        ready: usize,
        clients: usize,
        seconds: u64,
    },
    #[error("the server closed the connection: {0}")]
    Closed(String),
    #[error("document {0} is not available on the server")]
    Unavailable(DocumentId),
    #[error("protocol: {0}")]
    Protocol(String),
    #[error("automerge: {0}")]
    Automerge(#[from] automerge::AutomergeError),
    #[error("{path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("/proc/{pid}: {reason}")]
    Proc { pid: u32, reason: String },
}
