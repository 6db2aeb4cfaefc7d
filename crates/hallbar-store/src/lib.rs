//! Stored, versioned assessments, API tokens and sessions, in SQLite ([`Store`]) or
//! PostgreSQL ([`PgStore`]) behind one [`Backend`] trait.
//!
//! *Invariants:* every change to an assessment is a new version with who and when —
//! nothing is overwritten or deleted; every read and write is scoped by organisation, so
//! one organisation never sees another's assessments; tokens are stored as SHA-256
//! hashes, never in plain text.
//!
//! The SQLite database is one file in WAL mode; its schema is migrated on open by the
//! numbered scripts in `migrations/` (recorded in `PRAGMA user_version`). Writes are transactions:
//! a crash leaves either the whole new version or none of it.

#![deny(missing_docs)]

mod backend;
mod clock;
mod error;
mod kolada;
mod pool;
mod postgres;
mod rule_layer;
mod session;
mod token;
mod workshop;

use std::path::Path;

use hallbar_core::{Hallbarhetssakring, InsatsId};
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};
use serde_json::Value;

pub use backend::{Backend, SqlitePool, open};
pub use clock::this_year;

/// The most versions one listing of an assessment's versions holds (the newest): each
/// holds a whole document, and versions are never deleted.
pub const MAX_VERSIONS_LISTED: u32 = 100;
pub use error::StoreError;
pub use kolada::{Fetched, KoladaCached, KoladaFetch, KoladaKey, MAX_SEARCH_RESULTS, kolada_for};
pub use postgres::PgStore;
pub use rule_layer::{LayerText, LayerVersion, MAX_RULE_LAYER_BYTES, RuleLayer};
pub use session::{SESSION_LIFETIME, is_session_id};
pub use token::{Principal, Role, TokenInfo, fingerprint, is_token};
pub use workshop::{
    Adoption, MAX_WORKSHOP_BYTES, MAX_WORKSHOPS_LISTED, StoredWorkshop, WorkshopSummary,
    WorkshopVersion,
};

/// The migrations, in order; the n-th brings the schema to version n.
const MIGRATIONS: [&str; 6] = [
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_versions_by_rowid.sql"),
    include_str!("../migrations/0003_sessions.sql"),
    include_str!("../migrations/0004_rule_layers.sql"),
    include_str!("../migrations/0005_kolada.sql"),
    include_str!("../migrations/0006_workshops.sql"),
];

/// One stored version of an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// The insats the assessment is of.
    pub insats_id: String,
    /// 1 for the first, counting up.
    pub version: u32,
    /// Who made the change (the token's label or organisation).
    pub author: String,
    /// When, UTC, RFC 3339.
    pub created_at: String,
    /// What the change was about.
    pub note: String,
    /// The version of the organisation's rule layer in force when it was stored (`None`:
    /// the organisation had none): the rules its findings come from.
    pub rule_layer: Option<u32>,
    /// The scoring workshop (id, version) adopted as the organisation's interaction
    /// layer when it was stored (`None`: none): the goal graph its findings come from.
    pub workshop: Option<(String, u32)>,
    /// The document as stored: JSON text, handed on without being parsed again.
    pub document: String,
}

/// An assessment in a list: its latest version's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The insats.
    pub insats_id: String,
    /// Its title in the latest version.
    pub title: String,
    /// The latest version number.
    pub latest_version: u32,
    /// When the latest version was stored.
    pub updated_at: String,
    /// Who stored it.
    pub updated_by: String,
}

/// The latest version of an assessment as [`Store::each_latest`] hands it out, borrowed
/// from the database's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latest<'a> {
    /// The insats.
    pub insats_id: &'a str,
    /// The latest version number.
    pub version: u32,
    /// When it was stored.
    pub updated_at: &'a str,
    /// Who stored it.
    pub author: &'a str,
    /// The document as stored: JSON text.
    pub document: &'a str,
}

impl Version {
    /// The version a write has just stored.
    pub(crate) fn written(
        insats_id: String,
        version: u32,
        (author, note): (&str, &str),
        created_at: String,
        (rule_layer, workshop): InForce,
        document: String,
    ) -> Self {
        Self {
            insats_id,
            version,
            author: author.to_owned(),
            created_at,
            note: note.to_owned(),
            rule_layer,
            workshop,
            document,
        }
    }
}

/// The text to store as a new version of `insats`: `doc`, when it is of that insats.
/// Every backend's update checks this before it writes.
pub(crate) fn new_version_text(
    insats: &InsatsId,
    doc: &Hallbarhetssakring,
) -> Result<String, StoreError> {
    if &doc.insats.id != insats {
        return Err(StoreError::IdChanged {
            path: insats.to_string(),
            document: doc.insats.id.to_string(),
        });
    }
    Ok(serde_json::to_string(doc)?)
}

/// The columns of a version row as `get` and `versions` select them.
const VERSION_COLUMNS: &str = "v.version, v.document, v.author, v.created_at, v.note, v.rule_layer, v.workshop_id, v.workshop_version";

/// A version row as `get` and `versions` select it ([`VERSION_COLUMNS`]).
struct StoredRow(
    u32,
    String,
    String,
    String,
    String,
    Option<u32>,
    Option<String>,
    Option<u32>,
);

impl StoredRow {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self(
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    }

    fn into_version(self, insats: &str) -> Version {
        let Self(
            version,
            document,
            author,
            created_at,
            note,
            rule_layer,
            workshop,
            workshop_version,
        ) = self;
        Version {
            insats_id: insats.to_owned(),
            version,
            author,
            created_at,
            note,
            rule_layer,
            workshop: workshop.zip(workshop_version),
            document,
        }
    }
}

/// The layers a version is stored under: the organisation's latest rule-layer version
/// and its adopted workshop version.
pub(crate) type InForce = (Option<u32>, Option<(String, u32)>);

/// The layers in force, inside a write's transaction: what the version being written is
/// stored under.
fn layers_in_force(
    tx: &rusqlite::Transaction<'_>,
    organisation: &str,
) -> Result<InForce, StoreError> {
    let rule_layer = tx.query_row(
        "SELECT MAX(version) FROM rule_layers WHERE organisation = ?1",
        params![organisation],
        |r| r.get(0),
    )?;
    let workshop = tx
        .query_row(
            "SELECT workshop, version FROM workshop_adopted WHERE organisation = ?1",
            params![organisation],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok((rule_layer, workshop))
}

/// Inserts version `version` of the assessment row `id`, with the layers it is stored
/// under.
fn insert_version(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    version: u32,
    document: &str,
    (author, note): (&str, &str),
    now: &str,
    (rule_layer, workshop): &InForce,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO assessment_versions (assessment_id, version, document, author, created_at, note, rule_layer, workshop_id, workshop_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            version,
            document,
            author,
            now,
            note,
            rule_layer,
            workshop.as_ref().map(|(w, _)| w),
            workshop.as_ref().map(|(_, v)| v)
        ],
    )?;
    Ok(())
}

/// The store: one SQLite database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, in WAL mode, and migrates it.
    ///
    /// # Errors
    /// When the file cannot be opened, is not a hallbar database, or is from a newer
    /// version of hallbar.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        Self::init(conn)
    }

    /// A reading connection to the database at `path`, which a [`Store::open`] has
    /// created and migrated: it never migrates, and refuses a schema it does not know.
    ///
    /// # Errors
    /// When the file cannot be opened or its schema version is not this build's.
    pub fn open_reader(path: &Path) -> Result<Self, StoreError> {
        use rusqlite::OpenFlags;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let store = Self { conn };
        let found = store.schema_version()?;
        let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        if found < known {
            return Err(StoreError::Invalid(format!(
                "the database has schema version {found}; open it for writing first to migrate it to {known}"
            )));
        }
        Ok(store)
    }

    /// A database in memory, for tests and one-off use.
    ///
    /// # Errors
    /// When SQLite cannot be set up.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers do not block the writer; synchronous=FULL: a committed version
        // survives a power cut, not only a process crash.
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let mut store = Self { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let current: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        if current > known {
            return Err(StoreError::TooNew {
                found: current,
                known,
            });
        }
        for (i, script) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(current).unwrap_or(0))
        {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Exclusive)?;
            tx.execute_batch(script)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version of the database.
    ///
    /// # Errors
    /// On a database error.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs SQLite's `PRAGMA integrity_check`; `Ok(())` when it answers `ok`.
    ///
    /// # Errors
    /// The problems SQLite reports, or a database error.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if rows == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::Corrupt(rows.join("; ")))
        }
    }

    /// Stores `doc` as version 1 of a new assessment of `organisation`.
    ///
    /// # Errors
    /// [`StoreError::AlreadyExists`] when the organisation already has an assessment of
    /// this insats (update it instead), or a database error.
    pub fn create(
        &mut self,
        organisation: &str,
        author: &str,
        note: &str,
        doc: &Hallbarhetssakring,
    ) -> Result<Version, StoreError> {
        let insats = doc.insats.id.to_string();
        let document = serde_json::to_string(doc)?;
        let now = clock::now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: Option<i64> = tx
            .query_row(
                "SELECT id FROM assessments WHERE organisation = ?1 AND insats_id = ?2",
                params![organisation, insats],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_some() {
            return Err(StoreError::AlreadyExists(insats));
        }
        tx.execute(
            "INSERT INTO assessments (organisation, insats_id, created_at) VALUES (?1, ?2, ?3)",
            params![organisation, insats, now],
        )?;
        let id = tx.last_insert_rowid();
        let layers = layers_in_force(&tx, organisation)?;
        insert_version(&tx, id, 1, &document, (author, note), &now, &layers)?;
        tx.commit()?;
        Ok(Version::written(
            insats,
            1,
            (author, note),
            now,
            layers,
            document,
        ))
    }

    /// Stores `doc` as the next version of the organisation's assessment of `insats`.
    /// With `expected`, the latest version must be that one (optimistic concurrency: two
    /// caseworkers editing at once do not silently overwrite each other).
    ///
    /// # Errors
    /// [`StoreError::NotFound`]; [`StoreError::Conflict`] when `expected` is not the
    /// latest; [`StoreError::IdChanged`] when the document is of another insats; a
    /// database error.
    pub fn update(
        &mut self,
        organisation: &str,
        insats: &InsatsId,
        author: &str,
        note: &str,
        expected: Option<u32>,
        doc: &Hallbarhetssakring,
    ) -> Result<Version, StoreError> {
        let document = new_version_text(insats, doc)?;
        let now = clock::now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (id, latest): (i64, u32) = tx
            .query_row(
                "SELECT a.id, MAX(v.version) FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id WHERE a.organisation = ?1 AND a.insats_id = ?2 GROUP BY a.id",
                params![organisation, insats.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(insats.to_string()))?;
        if let Some(expected) = expected {
            if expected != latest {
                return Err(StoreError::Conflict { expected, latest });
            }
        }
        let version = latest + 1;
        let layers = layers_in_force(&tx, organisation)?;
        insert_version(&tx, id, version, &document, (author, note), &now, &layers)?;
        tx.commit()?;
        Ok(Version::written(
            insats.to_string(),
            version,
            (author, note),
            now,
            layers,
            document,
        ))
    }

    /// A version of the organisation's assessment of `insats`: the latest, or `version`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] (also for another organisation's assessment), or a
    /// database error.
    pub fn get(
        &self,
        organisation: &str,
        insats: &str,
        version: Option<u32>,
    ) -> Result<Version, StoreError> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {VERSION_COLUMNS} FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
                 WHERE a.organisation = ?1 AND a.insats_id = ?2 AND (?3 IS NULL OR v.version = ?3)
                 ORDER BY v.version DESC LIMIT 1"))?
            .query_row(
                params![organisation, insats, version],
                StoredRow::read,
            )
            .optional()?;
        Ok(row
            .ok_or_else(|| StoreError::NotFound(insats.to_owned()))?
            .into_version(insats))
    }

    /// The latest [`MAX_VERSIONS_LISTED`] versions of the organisation's assessment of
    /// `insats`, oldest first (versions are numbered from 1 and never deleted, so a first
    /// version above 1 says older ones were left out; each is still read by number).
    ///
    /// # Errors
    /// [`StoreError::NotFound`], or a database error.
    pub fn versions(&self, organisation: &str, insats: &str) -> Result<Vec<Version>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS} FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
             WHERE a.organisation = ?1 AND a.insats_id = ?2 ORDER BY v.version DESC LIMIT ?3",
        ))?;
        let mut rows = stmt
            .query_map(
                params![organisation, insats, MAX_VERSIONS_LISTED],
                StoredRow::read,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows.reverse();
        if rows.is_empty() {
            return Err(StoreError::NotFound(insats.to_owned()));
        }
        Ok(rows
            .into_iter()
            .map(|row| row.into_version(insats))
            .collect())
    }

    /// The organisation's assessments, by insats id.
    ///
    /// # Errors
    /// A database error.
    pub fn list(&self, organisation: &str) -> Result<Vec<Summary>, StoreError> {
        let mut list = Vec::new();
        self.each_latest(organisation, |latest| -> Result<(), StoreError> {
            let doc: Value = serde_json::from_str(latest.document)?;
            let title = doc
                .pointer("/insats/titel")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            list.push(Summary {
                insats_id: latest.insats_id.to_owned(),
                title,
                latest_version: latest.version,
                updated_at: latest.updated_at.to_owned(),
                updated_by: latest.author.to_owned(),
            });
            Ok(())
        })?;
        Ok(list)
    }

    /// Hands the latest version of each of the organisation's assessments to `each`, one
    /// at a time in insats-id order, as the database holds it: memory does not grow with
    /// the number of assessments.
    ///
    /// # Errors
    /// A database error, or the first error `each` gives (which stops the walk).
    pub fn each_latest<E: From<StoreError>>(
        &self,
        organisation: &str,
        mut each: impl FnMut(Latest<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let database = |e: rusqlite::Error| E::from(StoreError::Database(e));
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.insats_id, v.version, v.created_at, v.author, v.document FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
                 WHERE a.organisation = ?1 AND v.version = (SELECT MAX(version) FROM assessment_versions WHERE assessment_id = a.id)
                 ORDER BY a.insats_id",
            )
            .map_err(database)?;
        let mut rows = stmt.query(params![organisation]).map_err(database)?;
        while let Some(row) = rows.next().map_err(database)? {
            let text =
                |i: usize| -> Result<&str, rusqlite::Error> { Ok(row.get_ref(i)?.as_str()?) };
            let latest = Latest {
                insats_id: text(0).map_err(database)?,
                version: row.get(1).map_err(database)?,
                updated_at: text(2).map_err(database)?,
                author: text(3).map_err(database)?,
                document: text(4).map_err(database)?,
            };
            each(latest)?;
        }
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}
