-- hallbar storage, version 1.
-- Every change to an assessment is a new row in assessment_versions; nothing is
-- overwritten. Every query is scoped by organisation.

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    -- SHA-256 of the token, hex. The token itself is shown once and never stored.
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('lasare', 'handlaggare', 'analytiker')),
    organisation  TEXT NOT NULL CHECK (length(organisation) BETWEEN 1 AND 200),
    label         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);

CREATE TABLE assessments (
    id            INTEGER PRIMARY KEY,
    organisation  TEXT NOT NULL,
    insats_id     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (organisation, insats_id)
);

CREATE TABLE assessment_versions (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    document      TEXT NOT NULL,
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, version)
) WITHOUT ROWID;
