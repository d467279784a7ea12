//! The reply to a file upload: what the browser writes into the room
//! document's `attachments` so the group sees the file.

use serde::Serialize;

use crate::ids::AttachmentId;

/// `POST /api/attachments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct AttachmentUploaded {
    pub id: AttachmentId,
    /// Where room members fetch it (with their token).
    pub url: String,
    /// The cleaned file name.
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
}
