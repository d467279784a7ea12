//! automerge-repo document ids. The type lives in the core, because the
//! session state and the wire contract name documents too; the protocol
//! re-exports it where its codec and client always found it.

pub use samenbord_core::document_id::{BadDocumentId, DocumentId};
