-- The PostgreSQL schema: the SQLite one's tables, with documents as
-- content-addressed chunk rows (a retried write finds its row and adds
-- nothing) and deletes cascading from a document to its chunks.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY,
    join_code TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE documents (
    document_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX documents_session ON documents(session_id);
CREATE TABLE chunks (
    seq BIGSERIAL PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    hash BYTEA NOT NULL,
    data BYTEA NOT NULL,
    UNIQUE (document_id, hash)
);
CREATE TABLE closing_snapshots (
    session_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    closed_at BIGINT NOT NULL,
    data BYTEA NOT NULL
);
CREATE INDEX snapshots_session ON closing_snapshots(session_id);
CREATE TABLE summary_edits (
    seq BIGSERIAL PRIMARY KEY,
    session_id TEXT NOT NULL,
    edit_json TEXT NOT NULL
);
CREATE INDEX summary_edits_session ON summary_edits(session_id, seq);
CREATE TABLE summary_overall (
    session_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (session_id, scope)
);
