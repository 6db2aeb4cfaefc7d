-- hallbar storage on PostgreSQL, version 4: as SQLite's version 6 — each
-- organisation's scoring workshops (SEI's SDG Synergies method), versioned like
-- assessments (nothing overwritten), and the one workshop version whose agreed matrix
-- is the organisation's interaction layer in its assessments.

CREATE TABLE workshops (
    organisation  TEXT NOT NULL,
    id            TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    titel         TEXT NOT NULL,
    document      TEXT NOT NULL,
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (organisation, id, version)
);

CREATE TABLE workshop_adopted (
    organisation  TEXT PRIMARY KEY,
    workshop      TEXT NOT NULL,
    version       INTEGER NOT NULL,
    adopted_by    TEXT NOT NULL,
    adopted_at    TEXT NOT NULL,
    FOREIGN KEY (organisation, workshop, version) REFERENCES workshops (organisation, id, version)
);

-- The workshop version adopted when an assessment version was stored (NULL: none).
ALTER TABLE assessment_versions ADD COLUMN workshop_id TEXT;
ALTER TABLE assessment_versions ADD COLUMN workshop_version INTEGER;
