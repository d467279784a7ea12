-- Cross-node events: what one node asks of another, kept for a listener
-- that was disconnected. A node that gets a session's traffic while another
-- holds its lease records a `handover` row here (besides `leases.wanted_by`)
-- and NOTIFYs `samenbord_events` with only the row's `seq` and session id;
-- the holder's listener hands the session over at once. A listener that
-- lost its connection reads the rows after the last `seq` it saw when it
-- is back. Rows older than an hour are pruned: by then the lease row has
-- long been acted on (every holder reads `wanted_by` at each renewal too).
CREATE TABLE node_events (
    seq BIGSERIAL PRIMARY KEY,
    session_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX node_events_created_at ON node_events (created_at);
