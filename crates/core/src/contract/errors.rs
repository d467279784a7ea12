//! The body of every error answer.

use serde::Serialize;

/// What the API answers when a request fails: a stable machine-readable
/// `code` (e.g. `unknown-round`) and a human `message`. Internal faults
/// answer `internal` with a generic message; the details go to the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}
