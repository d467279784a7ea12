//! Creating and reading room documents, and the few writes the server
//! itself makes (closing a room). Participants' edits come from the
//! browser; the tests below replay them in Rust to pin down how concurrent
//! edits merge.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};

use super::model::{RoomDoc, RoomMeta, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum RoomDocError {
    #[error("the room document does not match schema {SCHEMA_VERSION}: {0}")]
    Schema(#[from] autosurgeon::HydrateError),
    #[error("could not write the room document: {0}")]
    Write(#[from] autosurgeon::ReconcileError),
    #[error("automerge: {0}")]
    Automerge(#[from] automerge::AutomergeError),
    #[error(
        "the room document has schema version {found}, this server understands {SCHEMA_VERSION}"
    )]
    UnknownVersion { found: u64 },
}

/// A fresh room document for a round's group, as one initial change.
pub fn create_room_document(meta: &RoomMeta) -> Result<AutoCommit, RoomDocError> {
    let room = RoomDoc {
        schema: SCHEMA_VERSION,
        session_id: meta.session_id.clone(),
        round_id: meta.round_id.clone(),
        room_id: meta.room_id.clone(),
        template_id: meta.template_id.clone(),
        group_label: meta.group_label.clone(),
        statement: meta.statement.clone(),
        phase: meta.initial_phase.clone(),
        ..RoomDoc::default()
    };
    let mut doc = AutoCommit::new();
    autosurgeon::reconcile(&mut doc, &room)?;
    Ok(doc)
}

/// Reads a whole room document, refusing unknown schema versions.
pub fn read_room(doc: &impl autosurgeon::ReadDoc) -> Result<RoomDoc, RoomDocError> {
    let room: RoomDoc = autosurgeon::hydrate(doc)?;
    if room.schema != SCHEMA_VERSION {
        return Err(RoomDocError::UnknownVersion { found: room.schema });
    }
    Ok(room)
}

/// Marks the room closed (or open again). Only the `closed` key is
/// written, so nothing else a participant wrote is touched.
pub fn set_closed(doc: &mut AutoCommit, closed: bool) -> Result<(), RoomDocError> {
    doc.put(ROOT, "closed", closed)?;
    Ok(())
}

/// Gives the conversation role `role` to `participant`, or to nobody.
/// Only the `roles` map is written.
pub fn set_role(
    doc: &mut AutoCommit,
    role: &str,
    participant: Option<&str>,
) -> Result<(), RoomDocError> {
    use automerge::ReadDoc;
    let roles = match doc.get(ROOT, "roles")? {
        Some((automerge::Value::Object(automerge::ObjType::Map), id)) => id,
        _ => doc.put_object(ROOT, "roles", automerge::ObjType::Map)?,
    };
    match participant {
        Some(who) => doc.put(&roles, role, who)?,
        None => doc.delete(&roles, role)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests;
