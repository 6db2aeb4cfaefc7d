-- hallbar storage on PostgreSQL, version 3 (SQLite's 5): a cache of Kolada's key
-- figures (RKA's open API), so that reports and the follow-up read indicator values
-- without the network.
--
-- Not organisation data: Kolada's own figures, shared by every organisation. A value is
-- keyed by key figure, unit (municipality, region or country) and year, one row per
-- gender; `kolada_fetched` says which keys were asked for and when (a key asked for
-- with no value is known to have none), with Kolada's publication date then. A fetch is
-- stored in one transaction: the cache holds all of it or none.

CREATE TABLE kolada_kpis (
    id                 TEXT PRIMARY KEY,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    divided_by_gender  BOOLEAN NOT NULL DEFAULT FALSE,
    publication_date   TEXT,
    fetched_at         TEXT NOT NULL
);

CREATE TABLE kolada_fetched (
    kpi         TEXT NOT NULL,
    unit        TEXT NOT NULL CHECK (length(unit) = 4),
    year        INTEGER NOT NULL,
    fetched_at  TEXT NOT NULL,
    published   TEXT,
    PRIMARY KEY (kpi, unit, year)
);

CREATE TABLE kolada_values (
    kpi     TEXT NOT NULL,
    unit    TEXT NOT NULL CHECK (length(unit) = 4),
    year    INTEGER NOT NULL,
    gender  TEXT NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    value   DOUBLE PRECISION,
    PRIMARY KEY (kpi, unit, year, gender)
);
