//! Each organisation's scoring workshops (SEI's SDG Synergies method): documents of the
//! organisation, versioned like assessments — every change a new version, nothing
//! overwritten, a change based on an older version refused — and the one workshop
//! version, if any, whose agreed matrix is the organisation's interaction layer.

use hallbar_core::graph::workshop::Workshop;
use rusqlite::{OptionalExtension as _, TransactionBehavior, params};

use crate::rule_layer::{version_at, version_number};
use crate::{MAX_VERSIONS_LISTED, Store, StoreError, clock};

/// The largest workshop stored, in bytes of JSON.
pub const MAX_WORKSHOP_BYTES: usize = 16 * 1024 * 1024;

/// The most workshops an organisation's list shows.
pub const MAX_WORKSHOPS_LISTED: u32 = 1_000;

/// A stored version of a workshop, without the document: the facts a rule layer's
/// version has.
pub type WorkshopVersion = crate::LayerVersion;

/// A stored version of a workshop.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredWorkshop {
    /// Which version, by whom, when.
    pub info: WorkshopVersion,
    /// The document.
    pub workshop: Workshop,
}

/// A workshop in the organisation's list: its id, title and latest version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkshopSummary {
    /// The workshop's id.
    pub id: String,
    /// Its title in the latest version.
    pub titel: String,
    /// The latest version.
    pub latest: WorkshopVersion,
}

/// The workshop version whose agreed matrix is the organisation's interaction layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    /// The workshop's id.
    pub workshop: String,
    /// Its version.
    pub version: u32,
    /// Who adopted it.
    pub by: String,
    /// When, UTC, RFC 3339.
    pub at: String,
}

/// The document as stored, refused over [`MAX_WORKSHOP_BYTES`] before anything is
/// written.
pub(crate) fn to_json(workshop: &Workshop) -> Result<String, StoreError> {
    let text = serde_json::to_string(workshop)?;
    if text.len() > MAX_WORKSHOP_BYTES {
        return Err(StoreError::Invalid(format!(
            "a workshop holds at most {MAX_WORKSHOP_BYTES} bytes of JSON; this has {}",
            text.len()
        )));
    }
    Ok(text)
}

/// The version a save of workshop `id` writes after its `latest` (0: none), when it
/// expects `expected` (`Some(0)`: the first; `None`: the next, whichever is latest):
/// refused for a first version of one that exists, a next version of one that does not,
/// and one based on another version than the latest.
pub(crate) fn next_version(
    id: &str,
    expected: Option<u32>,
    latest: u32,
) -> Result<u32, StoreError> {
    match expected {
        Some(0) if latest > 0 => Err(StoreError::WorkshopExists(id.to_owned())),
        Some(0) => Ok(1),
        _ if latest == 0 => Err(StoreError::NoWorkshop(id.to_owned())),
        Some(expected) if expected != latest => Err(StoreError::Conflict { expected, latest }),
        _ => Ok(latest + 1),
    }
}

impl Store {
    /// The organisation's workshop `id`: the latest version, or `version`; `None` when
    /// there is no such workshop or version.
    ///
    /// # Errors
    /// A database error, or a stored document that no longer reads.
    pub fn workshop(
        &self,
        organisation: &str,
        id: &str,
        version: Option<u32>,
    ) -> Result<Option<StoredWorkshop>, StoreError> {
        let row = self
            .conn()
            .prepare_cached(
                "SELECT version, author, created_at, note, document FROM workshops
                 WHERE organisation = ?1 AND id = ?2 AND (?3 IS NULL OR version = ?3)
                 ORDER BY version DESC LIMIT 1",
            )?
            .query_row(params![organisation, id, version], |r| {
                Ok((version_at(r, 0)?, r.get::<_, String>(4)?))
            })
            .optional()?;
        row.map(|(info, text)| {
            Ok(StoredWorkshop {
                info,
                workshop: serde_json::from_str(&text)?,
            })
        })
        .transpose()
    }

    /// The latest [`MAX_VERSIONS_LISTED`] versions of a workshop, oldest first.
    ///
    /// # Errors
    /// A database error.
    pub fn workshop_versions(
        &self,
        organisation: &str,
        id: &str,
    ) -> Result<Vec<WorkshopVersion>, StoreError> {
        let mut rows = self
            .conn()
            .prepare_cached(
                "SELECT version, author, created_at, note FROM workshops
                 WHERE organisation = ?1 AND id = ?2 ORDER BY version DESC LIMIT ?3",
            )?
            .query_map(params![organisation, id, MAX_VERSIONS_LISTED], |r| {
                version_at(r, 0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// The organisation's workshops, by id, each with its latest version (at most
    /// [`MAX_WORKSHOPS_LISTED`]).
    ///
    /// # Errors
    /// A database error.
    pub fn workshops(&self, organisation: &str) -> Result<Vec<WorkshopSummary>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT w.id, w.titel, w.version, w.author, w.created_at, w.note FROM workshops w
                 WHERE w.organisation = ?1 AND w.version =
                   (SELECT MAX(version) FROM workshops l WHERE l.organisation = w.organisation AND l.id = w.id)
                 ORDER BY w.id LIMIT ?2",
            )?
            .query_map(params![organisation, MAX_WORKSHOPS_LISTED], |r| {
                Ok(WorkshopSummary {
                    id: r.get(0)?,
                    titel: r.get(1)?,
                    latest: version_at(r, 2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// Stores `workshop` as the next version of its id. With `expected`, the latest
    /// version must be that one (0: the workshop is new); without, the workshop must
    /// exist. The caller checks the
    /// document: the store keeps what it is given.
    ///
    /// # Errors
    /// [`StoreError::WorkshopExists`] when a new one (`expected` 0) exists;
    /// [`StoreError::NoWorkshop`] when a new version is asked of one that does not;
    /// [`StoreError::Conflict`] when `expected` is not the latest; [`StoreError::Invalid`]
    /// over [`MAX_WORKSHOP_BYTES`]; a database error.
    pub fn save_workshop(
        &mut self,
        organisation: &str,
        author: &str,
        note: &str,
        expected: Option<u32>,
        workshop: &Workshop,
    ) -> Result<WorkshopVersion, StoreError> {
        let document = to_json(workshop)?;
        let now = clock::now();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let latest: i64 = tx.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM workshops WHERE organisation = ?1 AND id = ?2",
            params![organisation, workshop.id],
            |r| r.get(0),
        )?;
        let version = next_version(&workshop.id, expected, version_number(latest))?;
        tx.execute(
            "INSERT INTO workshops (organisation, id, version, titel, document, author, created_at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![organisation, workshop.id, version, workshop.titel, document, author, now, note],
        )?;
        tx.commit()?;
        Ok(WorkshopVersion {
            version,
            author: author.to_owned(),
            created_at: now,
            note: note.to_owned(),
        })
    }

    /// The workshop version whose matrix is the organisation's interaction layer.
    ///
    /// # Errors
    /// A database error.
    pub fn adopted_workshop(&self, organisation: &str) -> Result<Option<Adoption>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT workshop, version, adopted_by, adopted_at FROM workshop_adopted WHERE organisation = ?1",
            )?
            .query_row(params![organisation], |r| {
                Ok(Adoption {
                    workshop: r.get(0)?,
                    version: version_number(r.get(1)?),
                    by: r.get(2)?,
                    at: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Makes workshop `id` version `version` the organisation's interaction layer
    /// (`None`: the organisation has none from now on).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when there is no such workshop version; a database error.
    pub fn adopt_workshop(
        &mut self,
        organisation: &str,
        adopt: Option<(&str, u32)>,
        by: &str,
    ) -> Result<Option<Adoption>, StoreError> {
        let now = clock::now();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some((id, version)) = adopt else {
            tx.execute(
                "DELETE FROM workshop_adopted WHERE organisation = ?1",
                params![organisation],
            )?;
            tx.commit()?;
            return Ok(None);
        };
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM workshops WHERE organisation = ?1 AND id = ?2 AND version = ?3)",
            params![organisation, id, version],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::Invalid(format!(
                "there is no workshop `{id}` version {version}"
            )));
        }
        tx.execute(
            "INSERT INTO workshop_adopted (organisation, workshop, version, adopted_by, adopted_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (organisation) DO UPDATE SET workshop = excluded.workshop, version = excluded.version,
               adopted_by = excluded.adopted_by, adopted_at = excluded.adopted_at",
            params![organisation, id, version, by, now],
        )?;
        tx.commit()?;
        Ok(Some(Adoption {
            workshop: id.to_owned(),
            version,
            by: by.to_owned(),
            at: now,
        }))
    }
}
