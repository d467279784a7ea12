-- Session ownership between nodes: one row per session. A node serves a
-- session only while it holds the row's lease; `token` grows by one at
-- every takeover and every write checks it (fencing), so a node that lost
-- its lease cannot write after the next owner took over. `wanted_by`: a
-- node the session's traffic now reaches (HAProxy's choice) asks the
-- holder to hand it over; the holder releases it at its next renewal.
CREATE TABLE leases (
    session_id TEXT PRIMARY KEY,
    node TEXT NOT NULL,
    token BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    wanted_by TEXT
);
