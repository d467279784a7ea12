//! docs/limits.md explains each bound with the number it has; this test
//! keeps the page and the code's defaults one story.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

fn repository(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path),
    )
    .unwrap()
}

#[test]
fn the_limits_page_states_the_defaults_the_server_has() {
    let page = repository("docs/limits.md");
    let dir = tempfile::tempdir().unwrap();
    let limits = support::serve_args(dir.path(), &[]).limits;
    for (flag, value) in [
        ("--max-document-bytes", limits.max_document_bytes),
        ("--max-message-bytes", limits.max_message_bytes),
        ("--max-inflated-bytes", limits.max_inflated_bytes),
        ("--messages-per-second", limits.messages_per_second as usize),
        ("--message-burst", limits.message_burst as usize),
        ("--bytes-per-second", limits.bytes_per_second as usize),
        ("--byte-burst", limits.byte_burst as usize),
        (
            "--sync-connections-per-participant",
            limits.sync_connections_per_participant,
        ),
        ("--max-connections", limits.max_connections),
        (
            "--sessions-per-address-per-hour",
            limits.sessions_per_address_per_hour as usize,
        ),
    ] {
        let row = page
            .lines()
            .find(|line| line.contains(&format!("(`{flag}`)")))
            .unwrap_or_else(|| panic!("docs/limits.md has no row for {flag}"));
        assert!(
            row.contains(&format!("| {value} |")),
            "docs/limits.md says otherwise than the default {value} of {flag}: {row}"
        );
    }
    // Constants in the code: the page names them with their values.
    for (file, constant, shown) in [
        (
            "crates/core/src/session/people.rs",
            "const MAX_PARTICIPANTS: usize = 2_000;",
            "2,000 per session (`MAX_PARTICIPANTS`",
        ),
        (
            "crates/core/src/session/plan.rs",
            "const MAX_GROUPS: u32 = 200;",
            "200 groups per round (`MAX_GROUPS`",
        ),
        (
            "crates/core/src/session/people.rs",
            "const MAX_NAME_CHARS: usize = 80;",
            "80 characters (`MAX_NAME_CHARS`)",
        ),
        (
            "crates/server/src/sync/late.rs",
            "pub const MAX_LATE_NOTES: usize = 50;",
            "(`MAX_LATE_NOTES`, server `sync/late.rs`) | 50 |",
        ),
    ] {
        assert!(
            repository(file).contains(constant),
            "{file} no longer has {constant}"
        );
        assert!(page.contains(shown), "docs/limits.md should say {shown}");
    }
}
