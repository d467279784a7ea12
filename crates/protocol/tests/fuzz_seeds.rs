//! The fuzz targets' seed corpus (`fuzz/corpus/`): frames and sync
//! payloads a real peer sends — notes, votes, a reveal, a whole document —
//! and hostile ones (bombs, a bloom filter asking for a million probes).
//! This test builds them and checks the real ones decode and the hostile
//! ones do not; with `SAMENBORD_WRITE_FUZZ_SEEDS=1` it rewrites the files.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use automerge::sync::{self, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use samenbord_core::room::{RoomMeta, create_room_document};
use samenbord_protocol::document_id::DocumentId;
use samenbord_protocol::hostile;
use samenbord_protocol::payload;
use samenbord_protocol::wire::WireMessage;

const BUDGET: usize = 4 * 1024 * 1024;

fn room() -> AutoCommit {
    create_room_document(&RoomMeta {
        session_id: "s".into(),
        round_id: "ronde-1".into(),
        room_id: "groep-1".into(),
        template_id: "dialoogkaart-partnerschapsdag".into(),
        group_label: "Groep 1".into(),
        statement: "Stelling".into(),
        initial_phase: None,
    })
    .unwrap()
}

/// What a client would send the server after `edit`.
fn after(server: &mut AutoCommit, edit: impl FnOnce(&mut AutoCommit)) -> Vec<u8> {
    let mut client = server.fork();
    edit(&mut client);
    let mut server_state = sync::State::new();
    let mut state = sync::State::new();
    let hello = server
        .sync()
        .generate_sync_message(&mut server_state)
        .unwrap();
    client
        .sync()
        .receive_sync_message(&mut state, hello)
        .unwrap();
    client
        .sync()
        .generate_sync_message(&mut state)
        .unwrap()
        .encode()
}

/// A note written the JavaScript way (identity as text), with a +1.
fn note(doc: &mut AutoCommit, id: &str, author: &str, text: &str) {
    let notes = doc.get(ROOT, "notes").unwrap().unwrap().1;
    let note = doc.put_object(&notes, id, ObjType::Map).unwrap();
    doc.put(&note, "id", id).unwrap();
    doc.put(&note, "target", "kansen").unwrap();
    let body = doc.put_object(&note, "text", ObjType::Text).unwrap();
    doc.splice_text(&body, 0, 0, text).unwrap();
    for (key, value) in [
        ("author_id", author),
        ("author_name", "Ana"),
        ("author_role", "school-leader"),
    ] {
        let field = doc.put_object(&note, key, ObjType::Text).unwrap();
        doc.splice_text(&field, 0, 0, value).unwrap();
    }
    let votes = doc.put_object(&note, "votes", ObjType::Map).unwrap();
    doc.put(&votes, author, true).unwrap();
    doc.put(&note, "deleted", false).unwrap();
}

/// Real payloads first (they decode), then hostile ones (they do not).
fn sync_payloads() -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let mut server = room();
    let hello = server
        .sync()
        .generate_sync_message(&mut sync::State::new())
        .unwrap()
        .encode();
    let real = vec![
        hello,
        after(&mut server, |d| {
            note(d, "n1", "p-ana", "Samen scholing organiseren")
        }),
        after(&mut server, |d| note(d, "n2", "p-ben", "Namens Ben")),
        after(&mut server, |d| {
            let map = d.get(ROOT, "revealed_targets").unwrap().unwrap().1;
            d.put(&map, "kansen", true).unwrap();
        }),
        after(&mut server, |d| {
            d.put_object(ROOT, "revealed_targets", ObjType::Map)
                .unwrap();
        }),
        after(&mut server, |d| {
            note(d, "n3", "p-ana", "Eerst");
            d.commit();
            let notes = d.get(ROOT, "notes").unwrap().unwrap().1;
            let n = d.get(&notes, "n3").unwrap().unwrap().1;
            let votes = d.get(&n, "votes").unwrap().unwrap().1;
            for i in 0..5 {
                d.put(&votes, format!("nep-{i}"), true).unwrap();
            }
        }),
        hostile::sync_message(vec![room().save()]),
    ];
    let hostile = vec![
        hostile::sync_message(vec![hostile::compressed_change_bomb(BUDGET + 1)]),
        hostile::sync_message(vec![hostile::document_column_bomb(BUDGET + 1)]),
        hostile::bloom_probe_bomb(1_000_000),
    ];
    (real, hostile)
}

/// Malformed chunks: past the payload check, for Automerge to refuse.
fn malformed() -> Vec<Vec<u8>> {
    vec![
        hostile::sync_message(vec![hostile::chunk(1, b"kapot")]),
        hostile::sync_message(vec![hostile::chunk(2, &hostile::deflate_zeros(64))]),
        hostile::sync_message(vec![hostile::chunk(7, &[0; 16])]),
    ]
}

fn wire_frames(payloads: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let doc = DocumentId::random();
    let mut frames = vec![
        WireMessage::Join {
            sender_id: "ana".into(),
            supported_protocol_versions: vec!["1".into()],
        },
        WireMessage::Leave {
            sender_id: "ana".into(),
        },
        WireMessage::DocUnavailable {
            sender_id: "ana".into(),
            target_id: "server".into(),
            document_id: doc,
        },
        WireMessage::Ephemeral {
            sender_id: "ana".into(),
            target_id: "server".into(),
            count: 3,
            session_id: "sessie".into(),
            document_id: doc,
            data: vec![0xa1, 0x64, 0x6e, 0x61, 0x6d, 0x65, 0x63, 0x41, 0x6e, 0x61],
        },
        WireMessage::Error {
            message: "fout".into(),
        },
    ];
    for (i, data) in payloads.iter().enumerate() {
        let (sender_id, target_id, document_id, data) =
            ("ana".into(), "server".into(), doc, data.clone());
        frames.push(if i % 2 == 0 {
            WireMessage::Request {
                sender_id,
                target_id,
                document_id,
                data,
            }
        } else {
            WireMessage::Sync {
                sender_id,
                target_id,
                document_id,
                data,
            }
        });
    }
    frames.into_iter().map(|f| f.encode()).collect()
}

fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

fn write(target: &str, seeds: &[Vec<u8>]) {
    let dir = corpus(target);
    std::fs::create_dir_all(&dir).unwrap();
    for (i, seed) in seeds.iter().enumerate() {
        std::fs::write(dir.join(format!("seed-{i:02}")), seed).unwrap();
    }
}

#[test]
fn the_seed_corpus_holds_real_and_hostile_inputs() {
    let (real, hostile) = sync_payloads();
    for (i, payload) in real.iter().enumerate() {
        assert!(
            payload::decode_sync_message(payload, BUDGET).is_ok(),
            "real payload {i}"
        );
    }
    for (i, payload) in hostile.iter().enumerate() {
        assert!(
            payload::decode_sync_message(payload, BUDGET).is_err(),
            "hostile payload {i}"
        );
    }
    let all: Vec<Vec<u8>> = real.into_iter().chain(hostile).chain(malformed()).collect();
    let frames = wire_frames(&all);
    assert!(frames.iter().all(|f| WireMessage::decode(f).is_ok()));
    if std::env::var_os("SAMENBORD_WRITE_FUZZ_SEEDS").is_some() {
        write("sync_payload", &all);
        write("wire_decode", &frames);
    }
}
