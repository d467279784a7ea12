-- The embedded SQLite schema. IF NOT EXISTS: databases made before
-- migrations were numbered already have these tables.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    join_code TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_session ON documents(session_id);
CREATE TABLE IF NOT EXISTS chunks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id, seq);
CREATE TABLE IF NOT EXISTS closing_snapshots (
    session_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    closed_at INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_session ON closing_snapshots(session_id);
CREATE TABLE IF NOT EXISTS summary_edits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    edit_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS summary_edits_session ON summary_edits(session_id, seq);
CREATE TABLE IF NOT EXISTS summary_overall (
    session_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (session_id, scope)
);
-- A deleted session's documents are never written again: an actor still
-- shutting down, or a write queued before the delete, is dropped here
-- (the document row is gone) instead of leaving note text behind.
CREATE TRIGGER IF NOT EXISTS chunks_need_a_document BEFORE INSERT ON chunks
WHEN NOT EXISTS (SELECT 1 FROM documents WHERE document_id = NEW.document_id)
BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER IF NOT EXISTS snapshots_need_a_session BEFORE INSERT ON closing_snapshots
WHEN NOT EXISTS (SELECT 1 FROM sessions WHERE session_id = NEW.session_id)
BEGIN SELECT RAISE(IGNORE); END;
