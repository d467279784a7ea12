//! Room documents as the organiser's overview reads them, kept while
//! nobody writes. The overview reads every room of the round each time
//! it polls (every 4 s per open overview): loading the room's bytes and
//! reading them into a [`RoomDoc`] cost 3.2 ms for a 50-note room and
//! 33 ms for a 500-note one (`cargo bench --bench room_reads`). A room
//! nobody wrote to since the last poll saves to the same bytes, and its
//! reading is reused (under a microsecond).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use automerge::AutoCommit;
use samenbord_core::document_id::DocumentId;
use samenbord_core::room::{RoomDoc, read_room};

/// Past this many rooms the cache starts over, so rooms of ended
/// sessions are not kept forever.
const MAX_ROOMS: usize = 10_000;

/// The last reading of each room, with the bytes it was read from.
#[derive(Default)]
pub struct RoomReads {
    rooms: Mutex<HashMap<DocumentId, Reading>>,
}

struct Reading {
    bytes: Vec<u8>,
    /// `None`: the document is not a room this server understands.
    room: Option<Arc<RoomDoc>>,
}

impl RoomReads {
    /// The room saved as `bytes`: the kept reading if `id` saved to these
    /// very bytes last time, else read afresh and kept.
    pub fn read(
        &self,
        id: DocumentId,
        bytes: Vec<u8>,
    ) -> Result<Option<Arc<RoomDoc>>, automerge::AutomergeError> {
        if let Some(reading) = self.lock().get(&id)
            && reading.bytes == bytes
        {
            return Ok(reading.room.clone());
        }
        // Read outside the lock: other rooms' polls need not wait.
        let doc = AutoCommit::load(&bytes)?;
        let room = read_room(&doc).ok().map(Arc::new);
        let mut rooms = self.lock();
        if rooms.len() >= MAX_ROOMS && !rooms.contains_key(&id) {
            rooms.clear();
        }
        rooms.insert(
            id,
            Reading {
                bytes,
                room: room.clone(),
            },
        );
        Ok(room)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<DocumentId, Reading>> {
        // A panic elsewhere leaves whole entries behind: still usable.
        self.rooms.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use automerge::ROOT;
    use automerge::transaction::Transactable;
    use samenbord_core::room::{RoomMeta, create_room_document};

    use super::*;

    fn room(statement: &str) -> AutoCommit {
        create_room_document(&RoomMeta {
            session_id: "s1".into(),
            round_id: "r1".into(),
            room_id: "room-1".into(),
            template_id: "dialoogkaart".into(),
            group_label: "Groep 1".into(),
            statement: statement.into(),
            initial_phase: None,
        })
        .unwrap()
    }

    #[test]
    fn a_room_nobody_wrote_to_is_read_once_and_a_written_one_again() {
        let reads = RoomReads::default();
        let id = DocumentId::random();
        let mut doc = room("Stelling 1");
        let first = reads.read(id, doc.save()).unwrap().unwrap();
        let again = reads.read(id, doc.save()).unwrap().unwrap();
        assert!(Arc::ptr_eq(&first, &again), "unchanged: the kept reading");

        doc.put(ROOT, "statement", "Stelling 2").unwrap();
        let changed = reads.read(id, doc.save()).unwrap().unwrap();
        assert_eq!(changed.statement, "Stelling 2", "written: read afresh");
        assert_eq!(first.statement, "Stelling 1");
    }

    #[test]
    fn rooms_are_kept_apart_and_unreadable_bytes_are_an_error() {
        let reads = RoomReads::default();
        let (one, two) = (DocumentId::random(), DocumentId::random());
        let first = reads.read(one, room("Een").save()).unwrap().unwrap();
        let second = reads.read(two, room("Twee").save()).unwrap().unwrap();
        assert_eq!(
            (first.statement.as_str(), second.statement.as_str()),
            ("Een", "Twee")
        );
        assert!(reads.read(one, b"not a document".to_vec()).is_err());
        // The error kept nothing: the room still reads as it was saved.
        let kept = reads.read(one, room("Een").save()).unwrap().unwrap();
        assert_eq!(kept.statement, "Een");
    }
}
