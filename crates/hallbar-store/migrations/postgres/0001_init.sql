-- hallbar storage on PostgreSQL, version 1: the same tables and rules as SQLite's
-- versions 1–3. Every change to an assessment is a new row in assessment_versions;
-- nothing is overwritten. Every query is scoped by organisation. Tokens and session ids
-- are stored only as SHA-256 hashes. Documents are kept as the exact JSON text stored.

CREATE TABLE api_tokens (
    id            BIGSERIAL PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('lasare', 'handlaggare', 'analytiker')),
    organisation  TEXT NOT NULL CHECK (length(organisation) BETWEEN 1 AND 200),
    label         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);

CREATE TABLE assessments (
    id            BIGSERIAL PRIMARY KEY,
    organisation  TEXT NOT NULL,
    insats_id     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (organisation, insats_id)
);

CREATE TABLE assessment_versions (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    document      TEXT NOT NULL,
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, version)
);

CREATE TABLE sessions (
    id_hash     TEXT PRIMARY KEY,
    token_id    BIGINT NOT NULL REFERENCES api_tokens (id),
    created_at  TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);
