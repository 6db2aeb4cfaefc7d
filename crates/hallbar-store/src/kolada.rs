//! A cache of Kolada's key figures: what was fetched, when, and the values — shared by
//! every organisation (they are Kolada's figures, not the organisation's), kept by the
//! server in its database and by the command line in a database of its own.
//!
//! *Invariant:* a fetch is stored in one transaction — the cache holds all of it or
//! none of it, whatever interrupts the write.

use hallbar_core::KoladaKpiId;
use hallbar_core::kolada::{Gender, KoladaData, KpiMeta, KpiValue};
use rusqlite::{OptionalExtension as _, TransactionBehavior, params};

use crate::{Store, StoreError, clock};

/// The most key figures one search lists.
pub const MAX_SEARCH_RESULTS: usize = 50;

/// A key that was fetched: a key figure for a unit and a year.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KoladaKey {
    /// The key figure.
    pub kpi: KoladaKpiId,
    /// The unit.
    pub unit: String,
    /// The year.
    pub year: u16,
}

/// One fetch, to store at once: the key figures' metadata, every key asked for (those
/// Kolada had no value for too), and the values found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KoladaFetch {
    /// The key figures' metadata.
    pub kpis: Vec<KpiMeta>,
    /// Every key fetched whole: its values below replace what the cache had for it.
    pub keys: Vec<KoladaKey>,
    /// Keys a refresh (`from_date`) asked about: their time of fetch is now, and what
    /// came back for them is applied gender by gender (`values` upserted, `deleted`
    /// removed); the rest of their values stay.
    pub confirmed: Vec<KoladaKey>,
    /// The values found: for `keys`, all of them; for `confirmed`, the changed ones.
    pub values: Vec<KpiValue>,
    /// Values Kolada marks deleted: removed from the cache.
    pub deleted: Vec<KpiValue>,
}

/// A key the cache has: when it was fetched, and Kolada's publication date of its key
/// figure then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The key.
    pub key: KoladaKey,
    /// When it was fetched, UTC, RFC 3339.
    pub fetched_at: String,
    /// Kolada's publication date of the key figure when it was fetched.
    pub published: Option<String>,
}

/// What the cache has of some key figures, units and years.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KoladaCached {
    /// The keys fetched.
    pub fetched: Vec<Fetched>,
    /// Their values.
    pub values: Vec<KpiValue>,
}

/// A stored number as a year.
pub(crate) fn year_of(n: i64) -> u16 {
    u16::try_from(n).unwrap_or(0)
}

/// A stored id as a key figure id; one that is not (the database was changed by hand)
/// is an error.
pub(crate) fn kpi_id(id: &str) -> Result<KoladaKpiId, StoreError> {
    KoladaKpiId::new(id)
        .map_err(|e| StoreError::Invalid(format!("the cache holds a bad key figure id: {e}")))
}

pub(crate) fn gender_of(code: &str) -> Result<Gender, StoreError> {
    Gender::from_code(code)
        .ok_or_else(|| StoreError::Invalid(format!("the cache holds a bad gender `{code}`")))
}

/// The publication date of `kpi` among `kpis`.
pub(crate) fn published<'a>(kpis: &'a [KpiMeta], kpi: &KoladaKpiId) -> Option<&'a str> {
    kpis.iter()
        .find(|m| &m.id == kpi)
        .and_then(|m| m.publication_date.as_deref())
}

/// `text` as a LIKE pattern that matches it anywhere, its wildcards escaped with `\`.
pub(crate) fn like_anywhere(text: &str) -> String {
    let escaped = text
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A row of `kolada_kpis` (id, title, description, divided_by_gender,
/// publication_date) as metadata.
fn meta_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<KpiMeta, StoreError>> {
    let id: String = r.get(0)?;
    let (title, description, divided_by_gender, publication_date) =
        (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    Ok(kpi_id(&id).map(|id| KpiMeta {
        id,
        title,
        description,
        divided_by_gender,
        publication_date,
    }))
}

/// What the cache `db` has for `doc`'s indicators that are Kolada key figures, up to
/// `to_year`, and the keys it lacks (all of them without a cache).
///
/// # Complexity
/// Three indexed reads per key figure of the document; the missing keys are counted and
/// the first [`hallbar_core::kolada::MAX_MISSING_LISTED`] listed.
///
/// # Errors
/// A database error, or a row the cache should not hold.
pub fn kolada_for(
    db: Option<&dyn crate::Backend>,
    doc: &hallbar_core::Hallbarhetssakring,
    to_year: u16,
) -> Result<KoladaData, StoreError> {
    let mut data = KoladaData::default();
    for need in hallbar_core::kolada::needs(doc, to_year) {
        let kpis = std::slice::from_ref(&need.kpi);
        let have = match db {
            Some(db) => {
                data.kpis.extend(db.kolada_kpis(kpis)?);
                db.kolada_cached(kpis, &need.units, (need.from, to_year))?
            }
            None => KoladaCached::default(),
        };
        let fetched: std::collections::BTreeSet<(&str, u16)> = have
            .fetched
            .iter()
            .map(|f| (f.key.unit.as_str(), f.key.year))
            .collect();
        for unit in &need.units {
            for year in need.from..=to_year {
                if !fetched.contains(&(unit.as_str(), year)) {
                    data.add_missing(&need.kpi, unit, year);
                }
            }
        }
        let oldest = have.fetched.iter().map(|f| f.fetched_at.clone()).min();
        data.fetched_at = match (data.fetched_at.take(), oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        data.values.extend(have.values);
    }
    Ok(data)
}

impl Store {
    /// Stores a fetch in one transaction: metadata upserted, each key's values replaced.
    ///
    /// # Errors
    /// A database error; nothing is stored then.
    pub fn kolada_save(&mut self, fetch: &KoladaFetch) -> Result<(), StoreError> {
        let now = clock::now();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for m in &fetch.kpis {
            tx.prepare_cached(
                "INSERT INTO kolada_kpis (id, title, description, divided_by_gender, publication_date, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description, divided_by_gender = excluded.divided_by_gender, publication_date = excluded.publication_date, fetched_at = excluded.fetched_at",
            )?
            .execute(params![m.id.as_str(), m.title, m.description, m.divided_by_gender, m.publication_date, now],
            )?;
        }
        for k in &fetch.keys {
            tx.prepare_cached(
                "DELETE FROM kolada_values WHERE kpi = ?1 AND unit = ?2 AND year = ?3",
            )?
            .execute(params![k.kpi.as_str(), k.unit, k.year])?;
        }
        for v in &fetch.deleted {
            tx.prepare_cached(
                "DELETE FROM kolada_values WHERE kpi = ?1 AND unit = ?2 AND year = ?3 AND gender = ?4",
            )?
            .execute(params![v.kpi.as_str(), v.unit, v.year, v.gender.code()],
            )?;
        }
        for k in fetch.keys.iter().chain(&fetch.confirmed) {
            tx.prepare_cached(
                "INSERT INTO kolada_fetched (kpi, unit, year, fetched_at, published) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kpi, unit, year) DO UPDATE SET fetched_at = excluded.fetched_at, published = excluded.published",
            )?
            .execute(params![k.kpi.as_str(), k.unit, k.year, now, published(&fetch.kpis, &k.kpi)],
            )?;
        }
        for v in &fetch.values {
            tx.prepare_cached(
                "INSERT INTO kolada_values (kpi, unit, year, gender, value) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kpi, unit, year, gender) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![v.kpi.as_str(), v.unit, v.year, v.gender.code(), v.value],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// What the cache has of `kpis` for `units` in the years `from..=to`.
    ///
    /// # Complexity
    /// One indexed range read per key figure; the rows of other units are skipped.
    ///
    /// # Errors
    /// A database error, or a row the cache should not hold.
    pub fn kolada_cached(
        &self,
        kpis: &[KoladaKpiId],
        units: &[String],
        (from, to): (u16, u16),
    ) -> Result<KoladaCached, StoreError> {
        let mut out = KoladaCached::default();
        let mut fetched = self.conn().prepare_cached(
            "SELECT unit, year, fetched_at, published FROM kolada_fetched WHERE kpi = ?1 AND year BETWEEN ?2 AND ?3 ORDER BY unit, year",
        )?;
        let mut values = self.conn().prepare_cached(
            "SELECT unit, year, gender, value FROM kolada_values WHERE kpi = ?1 AND year BETWEEN ?2 AND ?3 ORDER BY unit, year, gender",
        )?;
        for kpi in kpis {
            let rows = fetched.query_map(params![kpi.as_str(), from, to], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (unit, year, fetched_at, published) = row?;
                if units.contains(&unit) {
                    out.fetched.push(Fetched {
                        key: KoladaKey {
                            kpi: kpi.clone(),
                            unit,
                            year: year_of(year),
                        },
                        fetched_at,
                        published,
                    });
                }
            }
            let rows = values.query_map(params![kpi.as_str(), from, to], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<f64>>(3)?,
                ))
            })?;
            for row in rows {
                let (unit, year, gender, value) = row?;
                if units.contains(&unit) {
                    out.values.push(KpiValue {
                        kpi: kpi.clone(),
                        unit,
                        year: year_of(year),
                        gender: gender_of(&gender)?,
                        value,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The cached metadata of `ids` (those the cache has).
    ///
    /// # Errors
    /// A database error.
    pub fn kolada_kpis(&self, ids: &[KoladaKpiId]) -> Result<Vec<KpiMeta>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, title, description, divided_by_gender, publication_date FROM kolada_kpis WHERE id = ?1",
        )?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(meta) = stmt.query_row(params![id.as_str()], meta_row).optional()? {
                out.push(meta?);
            }
        }
        Ok(out)
    }

    /// Cached key figures whose id or title holds `text` (case-insensitive for ASCII),
    /// at most [`MAX_SEARCH_RESULTS`], by id.
    ///
    /// # Errors
    /// A database error.
    pub fn kolada_search(&self, text: &str) -> Result<Vec<KpiMeta>, StoreError> {
        let pattern = like_anywhere(text);
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, title, description, divided_by_gender, publication_date FROM kolada_kpis
             WHERE id LIKE ?1 ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\' ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![pattern, MAX_SEARCH_RESULTS], meta_row)?;
        rows.map(|r| r?).collect()
    }

    /// Everything the cache has, for following many insatser up at once: every key
    /// figure's metadata, every total (gender T), and when the oldest key was fetched.
    ///
    /// # Complexity
    /// O(cached values): one scan of the totals.
    ///
    /// # Errors
    /// A database error, or a row the cache should not hold.
    pub fn kolada_totals(&self) -> Result<KoladaData, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, title, description, divided_by_gender, publication_date FROM kolada_kpis ORDER BY id",
        )?;
        let kpis = stmt
            .query_map([], meta_row)?
            .map(|r| r?)
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT kpi, unit, year, value FROM kolada_values WHERE gender = 'T' ORDER BY kpi, unit, year",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<f64>>(3)?,
            ))
        })?;
        let mut values = Vec::new();
        for row in rows {
            let (kpi, unit, year, value) = row?;
            values.push(KpiValue {
                kpi: kpi_id(&kpi)?,
                unit,
                year: year_of(year),
                gender: Gender::Total,
                value,
            });
        }
        let fetched_at: Option<String> =
            self.conn()
                .query_row("SELECT MIN(fetched_at) FROM kolada_fetched", [], |r| {
                    r.get(0)
                })?;
        Ok(KoladaData {
            kpis,
            values,
            fetched_at,
            ..KoladaData::default()
        })
    }
}
