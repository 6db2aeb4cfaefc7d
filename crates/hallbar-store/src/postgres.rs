//! The store on PostgreSQL, for several server instances sharing one database.
//!
//! The same semantics as SQLite's (see [`crate::Backend`]): a new version is inserted in
//! a transaction that first locks its assessment's row, so that of two writers based on
//! the same version exactly one wins and the other is told of the conflict; the primary
//! key (assessment, version) makes an overwrite impossible whatever the code does.
//! Migrations are numbered scripts in `migrations/postgres/`, recorded in the table
//! `hallbar_schema` and run under an advisory lock, so that instances starting together
//! migrate once; a database from a newer hallbar is refused.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};

use hallbar_core::{Hallbarhetssakring, InsatsId};

use crate::kolada::{gender_of, kpi_id, like_anywhere, published};
use crate::pool::Pool;
use crate::rule_layer::{check_size, version_number};
use crate::session::SESSION_LIFETIME;
use crate::token::{hash, is_secret, secret};
use crate::{
    Adoption, Backend, Latest, LayerText, LayerVersion, Principal, Role, RuleLayer, StoreError,
    StoredWorkshop, TokenInfo, Version, WorkshopSummary, WorkshopVersion, clock,
};
use crate::{Fetched, InForce, KoladaCached, KoladaFetch, KoladaKey, MAX_SEARCH_RESULTS};
use hallbar_core::KoladaKpiId;
use hallbar_core::graph::workshop::Workshop;
use hallbar_core::kolada::{Gender, KoladaData, KpiMeta, KpiValue};

const MIGRATIONS: [&str; 4] = [
    include_str!("../migrations/postgres/0001_init.sql"),
    include_str!("../migrations/postgres/0002_rule_layers.sql"),
    include_str!("../migrations/postgres/0003_kolada.sql"),
    include_str!("../migrations/postgres/0004_workshops.sql"),
];

/// An arbitrary, fixed key for the advisory lock that serialises migrations.
const MIGRATION_LOCK: i64 = 0x0068_616c_6c62_6172;

/// The store on a PostgreSQL database, with a pool of connections.
#[derive(Debug)]
pub struct PgStore {
    pool: Pool<Conn>,
}

/// A connection and the statements prepared on it: each query is parsed and planned
/// once per connection, not once per request (one round trip less).
struct Conn {
    client: Client,
    statements: HashMap<&'static str, Statement>,
}

impl Conn {
    fn statement(&mut self, sql: &'static str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }

    fn query_opt(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, StoreError> {
        let s = self.statement(sql)?;
        Ok(self.client.query_opt(&s, params)?)
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, StoreError> {
        let s = self.statement(sql)?;
        Ok(self.client.query(&s, params)?)
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        // No database error code: the connection failed or was lost. Shutdown and
        // "cannot connect now" codes (57P01–57P03) mean the same to a caller.
        let unavailable = match e.code() {
            None => true,
            Some(code) => code.code().starts_with("57P") || code.code().starts_with("08"),
        };
        if unavailable || e.is_closed() {
            Self::Unavailable(e.to_string())
        } else {
            Self::Postgres(e.to_string())
        }
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/name`),
    /// migrates it, and keeps up to `connections` connections.
    ///
    /// # Errors
    /// When the database cannot be reached or migrated, or is from a newer hallbar.
    pub fn connect(url: &str, connections: usize) -> Result<Self, StoreError> {
        let mut first = Client::connect(url, NoTls)?;
        migrate(&mut first)?;
        let url = url.to_owned();
        let open = move || {
            Ok(Conn {
                client: Client::connect(&url, NoTls)?,
                statements: HashMap::new(),
            })
        };
        Ok(Self {
            pool: Pool::new(connections, Box::new(open)),
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Conn) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.pool.with(f)
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS hallbar_schema (version INTEGER NOT NULL)")?;
    let current: i64 = tx
        .query_opt("SELECT version FROM hallbar_schema", &[])?
        .map_or(0, |r| i64::from(r.get::<_, i32>(0)));
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(StoreError::TooNew {
            found: current,
            known,
        });
    }
    for (i, script) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.batch_execute(script)?;
        let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
        tx.execute("DELETE FROM hallbar_schema", &[])?;
        tx.execute(
            "INSERT INTO hallbar_schema (version) VALUES ($1)",
            &[&version],
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn version_of(insats: &str, row: &postgres::Row) -> Result<Version, StoreError> {
    Ok(Version {
        insats_id: insats.to_owned(),
        version: u32::try_from(row.get::<_, i32>(0)).unwrap_or(0),
        document: row.get(1),
        author: row.get(2),
        created_at: row.get(3),
        note: row.get(4),
        rule_layer: row
            .get::<_, Option<i32>>(5)
            .map(|v| version_number(v.into())),
        workshop: row.get::<_, Option<String>>(6).zip(
            row.get::<_, Option<i32>>(7)
                .map(|v| version_number(v.into())),
        ),
    })
}

/// The columns of a version row as `get` and `versions` select them (a macro, for the
/// statements' `&'static str`).
macro_rules! version_columns {
    () => {
        "v.version, v.document, v.author, v.created_at, v.note, v.rule_layer, v.workshop_id, v.workshop_version"
    };
}

/// The organisation's latest rule-layer version, inside a write's transaction.
fn layer_in_force(
    tx: &mut postgres::Transaction<'_>,
    organisation: &str,
) -> Result<Option<u32>, StoreError> {
    let latest: Option<i32> = tx
        .query_one(
            "SELECT MAX(version) FROM rule_layers WHERE organisation = $1",
            &[&organisation],
        )?
        .get(0);
    Ok(latest.map(|v| version_number(v.into())))
}

/// The layers in force, inside a write's transaction: the organisation's latest
/// rule-layer version and its adopted workshop version, what the version being written
/// is stored under.
fn layers_in_force(
    tx: &mut postgres::Transaction<'_>,
    organisation: &str,
) -> Result<InForce, StoreError> {
    let rule_layer = layer_in_force(tx, organisation)?;
    let workshop = tx
        .query_opt(
            "SELECT workshop, version FROM workshop_adopted WHERE organisation = $1",
            &[&organisation],
        )?
        .map(|r| {
            (
                r.get::<_, String>(0),
                version_number(r.get::<_, i32>(1).into()),
            )
        });
    Ok((rule_layer, workshop))
}

/// Inserts version `version` of the assessment row `id`, with the layers it is stored
/// under.
fn insert_version(
    tx: &mut postgres::Transaction<'_>,
    id: i64,
    version: i32,
    document: &str,
    (author, note): (&str, &str),
    now: &str,
    (rule_layer, workshop): &InForce,
) -> Result<(), StoreError> {
    let workshop_id = workshop.as_ref().map(|(w, _)| w.as_str());
    let workshop_version = pg_version(workshop.as_ref().map(|(_, v)| *v));
    tx.execute(
        "INSERT INTO assessment_versions (assessment_id, version, document, author, created_at, note, rule_layer, workshop_id, workshop_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[&id, &version, &document, &author, &now, &note, &pg_version(*rule_layer), &workshop_id, &workshop_version],
    )?;
    Ok(())
}

/// A stored layer version as a `u32` for PostgreSQL's `INTEGER`.
fn pg_version(version: Option<u32>) -> Option<i32> {
    version.and_then(|v| i32::try_from(v).ok())
}

fn meta(r: &Row) -> Result<KpiMeta, StoreError> {
    Ok(KpiMeta {
        id: kpi_id(r.get(0))?,
        title: r.get(1),
        description: r.get(2),
        divided_by_gender: r.get(3),
        publication_date: r.get(4),
    })
}

fn layer_version(row: &postgres::Row) -> LayerVersion {
    LayerVersion {
        version: version_number(row.get::<_, i32>(0).into()),
        author: row.get(1),
        created_at: row.get(2),
        note: row.get(3),
    }
}

fn principal(row: &postgres::Row) -> Result<Principal, StoreError> {
    Ok(Principal {
        token_id: row.get(0),
        role: row.get::<_, String>(1).parse()?,
        organisation: row.get(2),
        label: row.get(3),
    })
}

fn secs(s: u64) -> i64 {
    i64::try_from(s).unwrap_or(i64::MAX)
}

impl Backend for PgStore {
    fn create(
        &self,
        organisation: &str,
        author: &str,
        note: &str,
        doc: &Hallbarhetssakring,
    ) -> Result<Version, StoreError> {
        let insats = doc.insats.id.to_string();
        let document = serde_json::to_string(doc)?;
        let now = clock::now();
        let layers = self.with(|c| {
            let mut tx = c.client.transaction()?;
            let id: Option<i64> = tx
                .query_opt(
                    "INSERT INTO assessments (organisation, insats_id, created_at) VALUES ($1, $2, $3)
                     ON CONFLICT (organisation, insats_id) DO NOTHING RETURNING id",
                    &[&organisation, &insats, &now],
                )?
                .map(|r| r.get(0));
            let Some(id) = id else {
                return Err(StoreError::AlreadyExists(insats.clone()));
            };
            let layers = layers_in_force(&mut tx, organisation)?;
            insert_version(&mut tx, id, 1, &document, (author, note), &now, &layers)?;
            tx.commit()?;
            Ok(layers)
        })?;
        Ok(Version::written(
            insats,
            1,
            (author, note),
            now,
            layers,
            document,
        ))
    }

    fn update(
        &self,
        organisation: &str,
        insats: &InsatsId,
        author: &str,
        note: &str,
        expected: Option<u32>,
        doc: &Hallbarhetssakring,
    ) -> Result<Version, StoreError> {
        let document = crate::new_version_text(insats, doc)?;
        let now = clock::now();
        let (version, layers) = self.with(|c| {
            let mut tx = c.client.transaction()?;
            // The assessment's row, locked: writers of one assessment take turns here.
            let id: i64 = tx
                .query_opt(
                    "SELECT id FROM assessments WHERE organisation = $1 AND insats_id = $2 FOR UPDATE",
                    &[&organisation, &insats.as_str()],
                )?
                .map(|r| r.get(0))
                .ok_or_else(|| StoreError::NotFound(insats.to_string()))?;
            let latest: i32 = tx
                .query_one(
                    "SELECT MAX(version) FROM assessment_versions WHERE assessment_id = $1",
                    &[&id],
                )?
                .get(0);
            let latest = u32::try_from(latest).unwrap_or(0);
            if let Some(expected) = expected {
                if expected != latest {
                    return Err(StoreError::Conflict { expected, latest });
                }
            }
            let version = latest + 1;
            let v = i32::try_from(version).map_err(|_| StoreError::Invalid("too many versions".into()))?;
            let layers = layers_in_force(&mut tx, organisation)?;
            insert_version(&mut tx, id, v, &document, (author, note), &now, &layers)?;
            tx.commit()?;
            Ok((version, layers))
        })?;
        Ok(Version::written(
            insats.to_string(),
            version,
            (author, note),
            now,
            layers,
            document,
        ))
    }

    fn get(
        &self,
        organisation: &str,
        insats: &str,
        version: Option<u32>,
    ) -> Result<Version, StoreError> {
        let version = version.map(i64::from);
        let row = self.with(|c| {
            c.query_opt(
                concat!("SELECT ", version_columns!(), " FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
                 WHERE a.organisation = $1 AND a.insats_id = $2 AND ($3::BIGINT IS NULL OR v.version = $3)
                 ORDER BY v.version DESC LIMIT 1"),
                &[&organisation, &insats, &version],
            )
        })?;
        version_of(
            insats,
            &row.ok_or_else(|| StoreError::NotFound(insats.to_owned()))?,
        )
    }

    fn versions(&self, organisation: &str, insats: &str) -> Result<Vec<Version>, StoreError> {
        let rows = self.with(|c| {
            c.query(
                concat!(
                    "SELECT ",
                    version_columns!(),
                    " FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
                 WHERE a.organisation = $1 AND a.insats_id = $2 ORDER BY v.version DESC LIMIT $3"
                ),
                &[
                    &organisation,
                    &insats,
                    &i64::from(crate::MAX_VERSIONS_LISTED),
                ],
            )
        })?;
        if rows.is_empty() {
            return Err(StoreError::NotFound(insats.to_owned()));
        }
        rows.iter().rev().map(|r| version_of(insats, r)).collect()
    }

    fn each_latest(
        &self,
        organisation: &str,
        each: &mut dyn FnMut(Latest<'_>) -> std::ops::ControlFlow<()>,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            // Rows are fetched in portions through a cursor: memory does not grow with
            // the number of assessments.
            let mut tx = c.client.transaction()?;
            let statement = tx.prepare(
                "SELECT DISTINCT ON (a.insats_id) a.insats_id, v.version, v.created_at, v.author, v.document
                 FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
                 WHERE a.organisation = $1 ORDER BY a.insats_id, v.version DESC",
            )?;
            let portal = tx.bind(&statement, &[&organisation])?;
            'portions: loop {
                let rows = tx.query_portal(&portal, 500)?;
                for row in &rows {
                    let flow = each(Latest {
                        insats_id: row.get(0),
                        version: u32::try_from(row.get::<_, i32>(1)).unwrap_or(0),
                        updated_at: row.get(2),
                        author: row.get(3),
                        document: row.get(4),
                    });
                    if flow.is_break() {
                        break 'portions;
                    }
                }
                if rows.len() < 500 {
                    break;
                }
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn rule_layer(
        &self,
        organisation: &str,
        version: Option<u32>,
    ) -> Result<Option<RuleLayer>, StoreError> {
        let version = version.map(i64::from);
        let row = self.with(|c| {
            c.query_opt(
                "SELECT version, author, created_at, note, rules, tests FROM rule_layers
                 WHERE organisation = $1 AND ($2::BIGINT IS NULL OR version = $2)
                 ORDER BY version DESC LIMIT 1",
                &[&organisation, &version],
            )
        })?;
        Ok(row.map(|r| RuleLayer {
            info: layer_version(&r),
            text: LayerText {
                rules: r.get(4),
                tests: r.get(5),
            },
        }))
    }

    fn rule_layer_versions(&self, organisation: &str) -> Result<Vec<LayerVersion>, StoreError> {
        let rows = self.with(|c| {
            c.query(
                "SELECT version, author, created_at, note FROM rule_layers
                 WHERE organisation = $1 ORDER BY version DESC LIMIT $2",
                &[&organisation, &i64::from(crate::MAX_VERSIONS_LISTED)],
            )
        })?;
        Ok(rows.iter().rev().map(layer_version).collect())
    }

    fn latest_rule_layer(&self, organisation: &str) -> Result<Option<u32>, StoreError> {
        let row = self.with(|c| {
            c.query_opt(
                "SELECT MAX(version) FROM rule_layers WHERE organisation = $1",
                &[&organisation],
            )
        })?;
        Ok(row
            .and_then(|r| r.get::<_, Option<i32>>(0))
            .map(|v| version_number(v.into())))
    }

    fn save_rule_layer(
        &self,
        organisation: &str,
        author: &str,
        note: &str,
        expected: Option<u32>,
        text: &LayerText,
    ) -> Result<LayerVersion, StoreError> {
        check_size(text)?;
        let now = clock::now();
        let version = self.with(|c| {
            let mut tx = c.client.transaction()?;
            // Writers of one organisation's layer take turns on this lock (there is no
            // row to lock before the first version).
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext('rule_layers'), hashtext($1))",
                &[&organisation],
            )?;
            let latest = layer_in_force(&mut tx, organisation)?.unwrap_or(0);
            if let Some(expected) = expected {
                if expected != latest {
                    return Err(StoreError::Conflict { expected, latest });
                }
            }
            let version = latest + 1;
            let v = i32::try_from(version)
                .map_err(|_| StoreError::Invalid("too many versions".into()))?;
            tx.execute(
                "INSERT INTO rule_layers (organisation, version, rules, tests, author, created_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&organisation, &v, &text.rules, &text.tests, &author, &now, &note],
            )?;
            tx.commit()?;
            Ok(version)
        })?;
        Ok(LayerVersion {
            version,
            author: author.to_owned(),
            created_at: now,
            note: note.to_owned(),
        })
    }

    fn kolada_save(&self, fetch: &KoladaFetch) -> Result<(), StoreError> {
        let now = clock::now();
        self.with(|c| {
            let mut tx = c.client.transaction()?;
            // Each statement parsed and planned once for the whole fetch.
            let mut prepared: std::collections::HashMap<&str, postgres::Statement> =
                std::collections::HashMap::new();
            let mut run = |tx: &mut postgres::Transaction<'_>,
                           sql: &'static str,
                           params: &[&(dyn ToSql + Sync)]|
             -> Result<(), StoreError> {
                let statement = match prepared.get(sql) {
                    Some(st) => st.clone(),
                    None => {
                        let st = tx.prepare(sql)?;
                        prepared.insert(sql, st.clone());
                        st
                    }
                };
                tx.execute(&statement, params)?;
                Ok(())
            };
            for m in &fetch.kpis {
                run(
                    &mut tx,
                    "INSERT INTO kolada_kpis (id, title, description, divided_by_gender, publication_date, fetched_at) VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description, divided_by_gender = EXCLUDED.divided_by_gender, publication_date = EXCLUDED.publication_date, fetched_at = EXCLUDED.fetched_at",
                    &[&m.id.as_str(), &m.title, &m.description, &m.divided_by_gender, &m.publication_date, &now],
                )?;
            }
            for k in &fetch.keys {
                run(
                    &mut tx,
                    "DELETE FROM kolada_values WHERE kpi = $1 AND unit = $2 AND year = $3",
                    &[&k.kpi.as_str(), &k.unit, &i32::from(k.year)],
                )?;
            }
            for v in &fetch.deleted {
                run(
                    &mut tx,
                    "DELETE FROM kolada_values WHERE kpi = $1 AND unit = $2 AND year = $3 AND gender = $4",
                    &[&v.kpi.as_str(), &v.unit, &i32::from(v.year), &v.gender.code()],
                )?;
            }
            for k in fetch.keys.iter().chain(&fetch.confirmed) {
                run(
                    &mut tx,
                    "INSERT INTO kolada_fetched (kpi, unit, year, fetched_at, published) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (kpi, unit, year) DO UPDATE SET fetched_at = EXCLUDED.fetched_at, published = EXCLUDED.published",
                    &[&k.kpi.as_str(), &k.unit, &i32::from(k.year), &now, &published(&fetch.kpis, &k.kpi)],
                )?;
            }
            for v in &fetch.values {
                run(
                    &mut tx,
                    "INSERT INTO kolada_values (kpi, unit, year, gender, value) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (kpi, unit, year, gender) DO UPDATE SET value = EXCLUDED.value",
                    &[&v.kpi.as_str(), &v.unit, &i32::from(v.year), &v.gender.code(), &v.value],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn kolada_cached(
        &self,
        kpis: &[KoladaKpiId],
        units: &[String],
        (from, to): (u16, u16),
    ) -> Result<KoladaCached, StoreError> {
        let (from, to) = (i32::from(from), i32::from(to));
        let year = |r: &Row| u16::try_from(r.get::<_, i32>(1)).unwrap_or(0);
        self.with(|c| {
            let mut out = KoladaCached::default();
            for kpi in kpis {
                for r in c.query(
                    "SELECT unit, year, fetched_at, published FROM kolada_fetched WHERE kpi = $1 AND year BETWEEN $2 AND $3 ORDER BY unit, year",
                    &[&kpi.as_str(), &from, &to],
                )? {
                    let unit: String = r.get(0);
                    if units.contains(&unit) {
                        out.fetched.push(Fetched {
                            key: KoladaKey { kpi: kpi.clone(), unit, year: year(&r) },
                            fetched_at: r.get(2),
                            published: r.get(3),
                        });
                    }
                }
                for r in c.query(
                    "SELECT unit, year, gender, value FROM kolada_values WHERE kpi = $1 AND year BETWEEN $2 AND $3 ORDER BY unit, year, gender",
                    &[&kpi.as_str(), &from, &to],
                )? {
                    let unit: String = r.get(0);
                    if units.contains(&unit) {
                        out.values.push(KpiValue {
                            kpi: kpi.clone(),
                            year: year(&r),
                            gender: gender_of(r.get(2))?,
                            value: r.get(3),
                            unit,
                        });
                    }
                }
            }
            Ok(out)
        })
    }

    fn kolada_kpis(&self, ids: &[KoladaKpiId]) -> Result<Vec<KpiMeta>, StoreError> {
        self.with(|c| {
            let mut out = Vec::new();
            for id in ids {
                if let Some(r) = c.query_opt(
                    "SELECT id, title, description, divided_by_gender, publication_date FROM kolada_kpis WHERE id = $1",
                    &[&id.as_str()],
                )? {
                    out.push(meta(&r)?);
                }
            }
            Ok(out)
        })
    }

    fn kolada_search(&self, text: &str) -> Result<Vec<KpiMeta>, StoreError> {
        let pattern = like_anywhere(text);
        let limit = i64::try_from(MAX_SEARCH_RESULTS).unwrap_or(50);
        self.with(|c| {
            c.query(
                "SELECT id, title, description, divided_by_gender, publication_date FROM kolada_kpis
                 WHERE id ILIKE $1 OR title ILIKE $1 ORDER BY id LIMIT $2",
                &[&pattern, &limit],
            )?
            .iter()
            .map(meta)
            .collect()
        })
    }

    fn kolada_totals(&self) -> Result<KoladaData, StoreError> {
        self.with(|c| {
            let kpis = c
                .query(
                    "SELECT id, title, description, divided_by_gender, publication_date FROM kolada_kpis ORDER BY id",
                    &[],
                )?
                .iter()
                .map(meta)
                .collect::<Result<Vec<_>, _>>()?;
            let mut values = Vec::new();
            for r in c.query(
                "SELECT kpi, unit, year, value FROM kolada_values WHERE gender = 'T' ORDER BY kpi, unit, year",
                &[],
            )? {
                values.push(KpiValue {
                    kpi: kpi_id(r.get(0))?,
                    unit: r.get(1),
                    year: crate::kolada::year_of(r.get::<_, i32>(2).into()),
                    gender: Gender::Total,
                    value: r.get(3),
                });
            }
            let fetched_at: Option<String> = c
                .query_opt("SELECT MIN(fetched_at) FROM kolada_fetched", &[])?
                .and_then(|r| r.get(0));
            Ok(KoladaData {
                kpis,
                values,
                fetched_at,
                ..KoladaData::default()
            })
        })
    }

    fn create_token(
        &self,
        role: Role,
        organisation: &str,
        label: &str,
    ) -> Result<(String, TokenInfo), StoreError> {
        let organisation = crate::token::organisation_name(organisation)?;
        let token = secret(crate::token::PREFIX)?;
        let now = clock::now();
        let id: i64 = self.with(|c| {
            Ok(c.client.query_one(
                "INSERT INTO api_tokens (token_hash, role, organisation, label, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[&hash(&token), &role.as_str(), &organisation, &label, &now],
            )?
            .get(0))
        })?;
        Ok((
            token,
            TokenInfo {
                id,
                role,
                organisation: organisation.to_owned(),
                label: label.to_owned(),
                created_at: now,
            },
        ))
    }

    fn revoke_token(&self, organisation: &str, id: i64) -> Result<bool, StoreError> {
        let now = clock::now();
        let n = self.with(|c| {
            Ok(c.client.execute(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND organisation = $3 AND revoked_at IS NULL",
                &[&now, &id, &organisation],
            )?)
        })?;
        Ok(n == 1)
    }

    fn authenticate(&self, token: &str) -> Result<Option<Principal>, StoreError> {
        if !is_secret(token, crate::token::PREFIX) {
            return Ok(None);
        }
        let row = self.with(|c| {
            c.query_opt(
                "SELECT id, role, organisation, label FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
                &[&hash(token)],
            )
        })?;
        row.as_ref().map(principal).transpose()
    }

    fn create_session(&self, token: &str) -> Result<Option<(String, Principal)>, StoreError> {
        let Some(principal) = self.authenticate(token)? else {
            return Ok(None);
        };
        let id = secret(crate::session::PREFIX)?;
        let now = clock::unix_now();
        let expires = now.saturating_add(SESSION_LIFETIME.as_secs());
        self.with(|c| {
            let mut tx = c.client.transaction()?;
            tx.execute("DELETE FROM sessions WHERE expires_at <= $1", &[&secs(now)])?;
            tx.execute(
                "INSERT INTO sessions (id_hash, token_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                &[&hash(&id), &principal.token_id, &clock::format_utc(now), &secs(expires)],
            )?;
            tx.commit()?;
            Ok(())
        })?;
        Ok(Some((id, principal)))
    }

    fn session(&self, id: &str) -> Result<Option<Principal>, StoreError> {
        if !is_secret(id, crate::session::PREFIX) {
            return Ok(None);
        }
        let row = self.with(|c| {
            c.query_opt(
                "SELECT t.id, t.role, t.organisation, t.label FROM sessions s JOIN api_tokens t ON t.id = s.token_id
                 WHERE s.id_hash = $1 AND s.expires_at > $2 AND t.revoked_at IS NULL",
                &[&hash(id), &secs(clock::unix_now())],
            )
        })?;
        row.as_ref().map(principal).transpose()
    }

    fn end_session(&self, id: &str) -> Result<(), StoreError> {
        if is_secret(id, crate::session::PREFIX) {
            self.with(|c| {
                Ok(c.client
                    .execute("DELETE FROM sessions WHERE id_hash = $1", &[&hash(id)])?)
            })?;
        }
        Ok(())
    }

    fn workshop(
        &self,
        organisation: &str,
        id: &str,
        version: Option<u32>,
    ) -> Result<Option<StoredWorkshop>, StoreError> {
        let version = version.map(i64::from);
        let row = self.with(|c| {
            c.query_opt(
                "SELECT version, author, created_at, note, document FROM workshops
                 WHERE organisation = $1 AND id = $2 AND ($3::BIGINT IS NULL OR version = $3)
                 ORDER BY version DESC LIMIT 1",
                &[&organisation, &id, &version],
            )
        })?;
        row.map(|r| {
            Ok(StoredWorkshop {
                info: layer_version(&r),
                workshop: serde_json::from_str(r.get::<_, &str>(4))?,
            })
        })
        .transpose()
    }

    fn workshop_versions(
        &self,
        organisation: &str,
        id: &str,
    ) -> Result<Vec<WorkshopVersion>, StoreError> {
        let rows = self.with(|c| {
            c.query(
                "SELECT version, author, created_at, note FROM workshops
                 WHERE organisation = $1 AND id = $2 ORDER BY version DESC LIMIT $3",
                &[&organisation, &id, &i64::from(crate::MAX_VERSIONS_LISTED)],
            )
        })?;
        Ok(rows.iter().rev().map(layer_version).collect())
    }

    fn workshops(&self, organisation: &str) -> Result<Vec<WorkshopSummary>, StoreError> {
        let rows = self.with(|c| {
            c.query(
                "SELECT w.version, w.author, w.created_at, w.note, w.id, w.titel FROM workshops w
                 WHERE w.organisation = $1 AND w.version =
                   (SELECT MAX(version) FROM workshops l WHERE l.organisation = w.organisation AND l.id = w.id)
                 ORDER BY w.id LIMIT $2",
                &[&organisation, &i64::from(crate::MAX_WORKSHOPS_LISTED)],
            )
        })?;
        Ok(rows
            .iter()
            .map(|r| WorkshopSummary {
                id: r.get(4),
                titel: r.get(5),
                latest: layer_version(r),
            })
            .collect())
    }

    fn save_workshop(
        &self,
        organisation: &str,
        author: &str,
        note: &str,
        expected: Option<u32>,
        workshop: &Workshop,
    ) -> Result<WorkshopVersion, StoreError> {
        let document = crate::workshop::to_json(workshop)?;
        let now = clock::now();
        let version = self.with(|c| {
            let mut tx = c.client.transaction()?;
            // Writers of one workshop take turns on this lock (there is no row to lock
            // before the first version).
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext('workshops'), hashtext($1 || '/' || $2))",
                &[&organisation, &workshop.id],
            )?;
            let latest: Option<i32> = tx
                .query_one(
                    "SELECT MAX(version) FROM workshops WHERE organisation = $1 AND id = $2",
                    &[&organisation, &workshop.id],
                )?
                .get(0);
            let latest = latest.map_or(0, |v| version_number(v.into()));
            let version = crate::workshop::next_version(&workshop.id, expected, latest)?;
            let v = i32::try_from(version)
                .map_err(|_| StoreError::Invalid("too many versions".into()))?;
            tx.execute(
                "INSERT INTO workshops (organisation, id, version, titel, document, author, created_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[&organisation, &workshop.id, &v, &workshop.titel, &document, &author, &now, &note],
            )?;
            tx.commit()?;
            Ok(version)
        })?;
        Ok(WorkshopVersion {
            version,
            author: author.to_owned(),
            created_at: now,
            note: note.to_owned(),
        })
    }

    fn adopted_workshop(&self, organisation: &str) -> Result<Option<Adoption>, StoreError> {
        let row = self.with(|c| {
            c.query_opt(
                "SELECT workshop, version, adopted_by, adopted_at FROM workshop_adopted WHERE organisation = $1",
                &[&organisation],
            )
        })?;
        Ok(row.map(|r| Adoption {
            workshop: r.get(0),
            version: version_number(r.get::<_, i32>(1).into()),
            by: r.get(2),
            at: r.get(3),
        }))
    }

    fn adopt_workshop(
        &self,
        organisation: &str,
        adopt: Option<(&str, u32)>,
        by: &str,
    ) -> Result<Option<Adoption>, StoreError> {
        let now = clock::now();
        self.with(|c| {
            let mut tx = c.client.transaction()?;
            let Some((id, version)) = adopt else {
                tx.execute(
                    "DELETE FROM workshop_adopted WHERE organisation = $1",
                    &[&organisation],
                )?;
                tx.commit()?;
                return Ok(None);
            };
            let v = i32::try_from(version)
                .map_err(|_| StoreError::Invalid(format!("there is no workshop `{id}` version {version}")))?;
            let exists: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM workshops WHERE organisation = $1 AND id = $2 AND version = $3)",
                    &[&organisation, &id, &v],
                )?
                .get(0);
            if !exists {
                return Err(StoreError::Invalid(format!(
                    "there is no workshop `{id}` version {version}"
                )));
            }
            tx.execute(
                "INSERT INTO workshop_adopted (organisation, workshop, version, adopted_by, adopted_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (organisation) DO UPDATE SET workshop = excluded.workshop, version = excluded.version,
                   adopted_by = excluded.adopted_by, adopted_at = excluded.adopted_at",
                &[&organisation, &id, &v, &by, &now],
            )?;
            tx.commit()?;
            Ok(Some(Adoption {
                workshop: id.to_owned(),
                version,
                by: by.to_owned(),
                at: now,
            }))
        })
    }

    fn ready(&self) -> Result<(), StoreError> {
        let found: i32 = self.with(|c| {
            Ok(c.client
                .query_one("SELECT version FROM hallbar_schema", &[])?
                .get(0))
        })?;
        let known = MIGRATIONS.len() as i64;
        if i64::from(found) > known {
            return Err(StoreError::TooNew {
                found: i64::from(found),
                known,
            });
        }
        Ok(())
    }

    fn kind(&self) -> &'static str {
        "postgres"
    }

    fn is_remote(&self) -> bool {
        true
    }
}
