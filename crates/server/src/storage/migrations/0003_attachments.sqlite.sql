-- Files attached to a room (the Kwaliteitsgesprek's data): bytes as a
-- blob, removed with the session.
CREATE TABLE IF NOT EXISTS attachments (
    attachment_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_session ON attachments(session_id, participant_id);
CREATE TRIGGER IF NOT EXISTS attachments_need_a_session BEFORE INSERT ON attachments
WHEN NOT EXISTS (SELECT 1 FROM sessions WHERE session_id = NEW.session_id)
BEGIN SELECT RAISE(IGNORE); END;
