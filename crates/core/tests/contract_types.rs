//! The browser's TypeScript types are generated from the contract's Rust
//! types (ts-rs) into `web/src/generated`. This test regenerates them into
//! a scratch folder and fails when the committed files differ, so Rust and
//! TypeScript cannot drift apart. To accept a change of the contract:
//!
//! ```sh
//! SAMENBORD_UPDATE_CONTRACT=1 cargo test -p samenbord-core --test contract_types
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use samenbord_core::contract::{
    AssignmentRequest, AttachmentUploaded, AttendanceRequest, BroadcastRequest, CallLinkRequest,
    CallPatternRequest, CoHostInvite, CoHostRequest, CoHostView, CodeCheck, CreateSessionRequest,
    CreatedSession, ErrorBody, JoinReply, JoinRequest, JoiningRequest, MeView, OrganiserEvent,
    OrganiserView, OverallRequest, ParticipantEvent, PlaceRequest, PreviewRequest,
    ProgrammeListItem, RoleChangeRequest, RoleRequest, RoomOverview, StartRequest, SummaryView,
    TemplateListItem, TemplateView, TimerRequest,
};
use samenbord_core::grouping::Assignment;
use samenbord_core::role::ParticipantRole;
use samenbord_core::room::model::{NoteColour, PrivateDoc, RoomDoc};
use samenbord_core::session::PlanEdit;
use samenbord_core::summary::{ExportFormat, ReviewEdit};
use ts_rs::{Config, TS};

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src/generated")
}

fn export_into(dir: &Path) {
    let config = Config::new()
        // JSON numbers: every i64 here is a unix-millisecond time or a count.
        .with_large_int("number")
        .with_out_dir(dir);
    macro_rules! export {
        ($($ty:ty),* $(,)?) => {
            $(<$ty as TS>::export_all(&config).expect(concat!("export ", stringify!($ty)));)*
        };
    }
    export!(
        AttachmentUploaded,
        RoleRequest,
        OrganiserView,
        OrganiserEvent,
        MeView,
        ParticipantEvent,
        CreateSessionRequest,
        CreatedSession,
        JoinRequest,
        JoinReply,
        CodeCheck,
        RoleChangeRequest,
        AttendanceRequest,
        CallPatternRequest,
        CallLinkRequest,
        CoHostRequest,
        CoHostView,
        CoHostInvite,
        PreviewRequest,
        StartRequest,
        Assignment,
        AssignmentRequest,
        TimerRequest,
        BroadcastRequest,
        JoiningRequest,
        PlaceRequest,
        PlanEdit,
        RoomOverview,
        TemplateListItem,
        ProgrammeListItem,
        TemplateView,
        ErrorBody,
        RoomDoc,
        PrivateDoc,
        NoteColour,
        ParticipantRole,
        SummaryView,
        ReviewEdit,
        OverallRequest,
        ExportFormat,
    );
    // Constants ts-rs does not export: the bounds the browser stops at.
    fs::write(
        dir.join("limits.ts"),
        format!(
            "// Generated from samenbord_core::room::MAX_TEXT_CHARS: the server refuses longer texts.\n\
             export const MAX_TEXT_CHARS = {};\n",
            samenbord_core::room::MAX_TEXT_CHARS
        ),
    )
    .unwrap_or_else(|e| panic!("write limits.ts: {e}"));
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".ts") {
            files.insert(name, fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    files
}

#[test]
fn generated_typescript_matches_the_rust_contract() {
    let scratch = tempfile::tempdir().expect("scratch dir");
    export_into(scratch.path());
    let fresh = read_dir(scratch.path());
    assert!(
        fresh.contains_key("OrganiserView.ts"),
        "nothing was generated"
    );
    let committed_dir = generated_dir();
    if std::env::var_os("SAMENBORD_UPDATE_CONTRACT").is_some() {
        for name in read_dir(&committed_dir).keys() {
            if !fresh.contains_key(name) {
                fs::remove_file(committed_dir.join(name)).expect("remove stale file");
            }
        }
        fs::create_dir_all(&committed_dir).expect("create web/src/generated");
        for (name, text) in &fresh {
            fs::write(committed_dir.join(name), text).expect("write generated file");
        }
        return;
    }
    let committed = read_dir(&committed_dir);
    let differing: std::collections::BTreeSet<&String> = fresh
        .keys()
        .chain(committed.keys())
        .filter(|name| fresh.get(*name) != committed.get(*name))
        .collect();
    assert!(
        differing.is_empty(),
        "web/src/generated differs from the Rust contract in {differing:?}; \
         regenerate with SAMENBORD_UPDATE_CONTRACT=1 cargo test -p samenbord-core --test contract_types"
    );
}
