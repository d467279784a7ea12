//! Tokens never reach the logs: the sync socket's token travels in
//! `?token=`. Its own test binary, so its log capture sees only this
//! server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;

/// Every log line this process writes.
#[derive(Clone, Default)]
struct CapturedLogs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tokens_never_reach_the_logs() {
    let logs = CapturedLogs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut story = AnaInHerRoom::start(dir.path(), &[]).await;
    let by = story.ana.by();
    write_acknowledged(&mut story.client, story.room, "n-1", "Een notitie", &by).await;
    let _ = story.server.get("/api/me", Some(&story.ana.token)).await;
    story.server.stop().await;
    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(text.contains("/sync"), "the sync request was logged");
    assert!(
        !text.contains(&story.ana.token),
        "a participant token is in the logs"
    );
    assert!(
        !text.contains(&story.organiser.secret),
        "the organiser secret is in the logs"
    );
}
