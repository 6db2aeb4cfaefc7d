-- hallbar storage, version 3: sign-in sessions of the web interface.
--
-- A caseworker signs in with an API token once; the browser then holds a session id in
-- an HttpOnly cookie, never the token. Like tokens, session ids are stored only as their
-- SHA-256 hash. A session acts as its token: revoking the token ends its sessions.
-- Nothing existing changes.

CREATE TABLE sessions (
    id_hash     TEXT PRIMARY KEY,
    token_id    INTEGER NOT NULL REFERENCES api_tokens (id),
    created_at  TEXT NOT NULL,
    -- Seconds since 1970, UTC: compared with the clock on every request.
    expires_at  INTEGER NOT NULL
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);
