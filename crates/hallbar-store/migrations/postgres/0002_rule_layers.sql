-- hallbar storage on PostgreSQL, version 2: as SQLite's version 4 — each organisation's
-- own rule layer, versioned (never overwritten), and the layer version each assessment
-- version was stored under (NULL: none).

CREATE TABLE rule_layers (
    organisation  TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    rules         TEXT NOT NULL,
    tests         TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (organisation, version)
);

ALTER TABLE assessment_versions ADD COLUMN rule_layer INTEGER;
