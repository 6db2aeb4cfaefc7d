//! Each organisation's own rule layer: the rule-file text its analysts wrote, applied on
//! the server's rules, versioned like assessments — every change is a new version,
//! nothing is overwritten, and a change based on an older version is refused.

use rusqlite::{OptionalExtension as _, TransactionBehavior, params};

use crate::{MAX_VERSIONS_LISTED, Store, StoreError, clock};

/// The largest rule layer stored, in bytes of text: the rule-file limit of
/// [`hallbar_core::rules::MAX_RULE_FILE_BYTES`].
pub const MAX_RULE_LAYER_BYTES: usize = hallbar_core::rules::MAX_RULE_FILE_BYTES;

/// A stored version of an organisation's rule layer, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerVersion {
    /// 1 for the first, counting up.
    pub version: u32,
    /// Who stored it.
    pub author: String,
    /// When, UTC, RFC 3339.
    pub created_at: String,
    /// What the change was about.
    pub note: String,
}

/// What an analyst writes of a rule layer: the rules and their tests, each as a file's
/// text in TOML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerText {
    /// A rule file: the rules the layer adds, switches off and changes.
    pub rules: String,
    /// A rule-test file: cases the layer's rules must pass (may be empty).
    pub tests: String,
}

/// A stored version of an organisation's rule layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLayer {
    /// Which version, by whom, when.
    pub info: LayerVersion,
    /// The layer as the analyst wrote it.
    pub text: LayerText,
}

/// Refuses a layer whose rules or tests are over [`MAX_RULE_LAYER_BYTES`] before
/// anything is written.
pub(crate) fn check_size(text: &LayerText) -> Result<(), StoreError> {
    for (what, t) in [("rules", &text.rules), ("tests", &text.tests)] {
        if t.len() > MAX_RULE_LAYER_BYTES {
            return Err(StoreError::Invalid(format!(
                "a rule layer's {what} hold at most {MAX_RULE_LAYER_BYTES} bytes; these have {}",
                t.len()
            )));
        }
    }
    Ok(())
}

/// A version number as stored (a positive integer) as `u32`.
pub(crate) fn version_number(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// A version's facts from a row's columns `at`…`at + 3`: version, author, time, note.
pub(crate) fn version_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<LayerVersion> {
    Ok(LayerVersion {
        version: version_number(r.get(at)?),
        author: r.get(at + 1)?,
        created_at: r.get(at + 2)?,
        note: r.get(at + 3)?,
    })
}

impl Store {
    /// The organisation's rule layer: the latest version, or `version`; `None` when it
    /// has no layer, or no such version.
    ///
    /// # Errors
    /// A database error.
    pub fn rule_layer(
        &self,
        organisation: &str,
        version: Option<u32>,
    ) -> Result<Option<RuleLayer>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT version, author, created_at, note, rules, tests FROM rule_layers
                 WHERE organisation = ?1 AND (?2 IS NULL OR version = ?2)
                 ORDER BY version DESC LIMIT 1",
            )?
            .query_row(params![organisation, version], |r| {
                Ok(RuleLayer {
                    info: version_at(r, 0)?,
                    text: LayerText {
                        rules: r.get(4)?,
                        tests: r.get(5)?,
                    },
                })
            })
            .optional()?)
    }

    /// The latest [`MAX_VERSIONS_LISTED`] versions of the organisation's rule layer,
    /// oldest first, without their texts (empty when it has none).
    ///
    /// # Errors
    /// A database error.
    pub fn rule_layer_versions(&self, organisation: &str) -> Result<Vec<LayerVersion>, StoreError> {
        let mut rows = self
            .conn()
            .prepare_cached(
                "SELECT version, author, created_at, note FROM rule_layers
                 WHERE organisation = ?1 ORDER BY version DESC LIMIT ?2",
            )?
            .query_map(params![organisation, MAX_VERSIONS_LISTED], |r| {
                version_at(r, 0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// The organisation's latest rule-layer version; `None` when it has none.
    ///
    /// # Errors
    /// A database error.
    pub fn latest_rule_layer(&self, organisation: &str) -> Result<Option<u32>, StoreError> {
        let latest: Option<i64> = self
            .conn()
            .prepare_cached("SELECT MAX(version) FROM rule_layers WHERE organisation = ?1")?
            .query_row(params![organisation], |r| r.get(0))?;
        Ok(latest.map(version_number))
    }

    /// Stores `text` as the next version of the organisation's rule layer. With
    /// `expected`, the latest version must be that one (0: the organisation has no layer
    /// yet), as for assessments. The caller checks the text: the store keeps what it is
    /// given.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when `expected` is not the latest; [`StoreError::Invalid`]
    /// for a text over [`MAX_RULE_LAYER_BYTES`]; a database error.
    pub fn save_rule_layer(
        &mut self,
        organisation: &str,
        author: &str,
        note: &str,
        expected: Option<u32>,
        text: &LayerText,
    ) -> Result<LayerVersion, StoreError> {
        check_size(text)?;
        let now = clock::now();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let latest: i64 = tx.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM rule_layers WHERE organisation = ?1",
            params![organisation],
            |r| r.get(0),
        )?;
        let latest = version_number(latest);
        if let Some(expected) = expected {
            if expected != latest {
                return Err(StoreError::Conflict { expected, latest });
            }
        }
        let version = latest + 1;
        tx.execute(
            "INSERT INTO rule_layers (organisation, version, rules, tests, author, created_at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![organisation, version, text.rules, text.tests, author, now, note],
        )?;
        tx.commit()?;
        Ok(LayerVersion {
            version,
            author: author.to_owned(),
            created_at: now,
            note: note.to_owned(),
        })
    }
}
