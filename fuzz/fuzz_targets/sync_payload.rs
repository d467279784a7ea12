//! The server's handling of a sync payload, without the network: the
//! payload check, the room gate (reveals, identity, votes) and Automerge
//! applying what passed — the path `DocActor::receive` takes. Whatever
//! the bytes, nothing panics and nothing allocates without bound.
#![no_main]

use std::sync::OnceLock;

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use libfuzzer_sys::fuzz_target;
use samenbord_core::room::{RoomMeta, create_room_document};
use samenbord_protocol::gate::{self, Author, RecordRight, RevealRight, Writer};
use samenbord_protocol::payload;

const MAX_INFLATED: usize = 4 * 1024 * 1024;

/// A fresh room, saved once; each input starts from it.
fn room() -> &'static [u8] {
    static ROOM: OnceLock<Vec<u8>> = OnceLock::new();
    ROOM.get_or_init(|| {
        let meta = RoomMeta {
            session_id: "s".into(),
            round_id: "ronde-1".into(),
            room_id: "groep-1".into(),
            template_id: "dialoogkaart-partnerschapsdag".into(),
            group_label: "Groep 1".into(),
            statement: "Stelling".into(),
            initial_phase: None,
        };
        create_room_document(&meta).map(|mut d| d.save()).unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(message) = payload::decode_sync_message(data, MAX_INFLATED) else {
        return;
    };
    let Ok(mut doc) = AutoCommit::load(room()) else {
        return;
    };
    let writer = Writer::Participant {
        author: Author {
            participant_id: "p-ana",
            name: "Ana",
            role: "school-leader",
            voter_id: "p-ana",
        },
        reveal: RevealRight::MayNot,
        record: RecordRight::MayNot,
    };
    if gate::inspect(&mut doc, &message, &writer).is_err() {
        return;
    }
    let mut state = sync::State::new();
    let _ = doc.sync().receive_sync_message(&mut state, message);
});
