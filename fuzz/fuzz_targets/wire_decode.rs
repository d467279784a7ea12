//! The wire decoder: any frame a peer can send decodes or is refused,
//! never panics; a sync message's payload goes through the same checks
//! the server runs before Automerge sees it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samenbord_protocol::payload;
use samenbord_protocol::wire::WireMessage;

/// The server's default inflation budget (`--max-inflated-bytes`).
const MAX_INFLATED: usize = 4 * 1024 * 1024;

fuzz_target!(|frame: &[u8]| {
    if let Ok(WireMessage::Sync { data, .. } | WireMessage::Request { data, .. }) =
        WireMessage::decode(frame)
    {
        let _ = payload::decode_sync_message(&data, MAX_INFLATED);
    }
});
