-- hallbar storage, version 4: each organisation's own rule layer, versioned like
-- assessments, and the layer each assessment version was stored under.
--
-- A layer is what an analyst wrote: a rule file, applied on the server's rules, and its
-- rule tests (both TOML). Every change is a new row, nothing is overwritten. An assessment version records the
-- organisation's latest layer version when it was stored (NULL: the organisation had
-- none), so that its findings can be explained later with the rules they came from.
-- Existing versions keep NULL: they were stored under the server's rules alone.

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
