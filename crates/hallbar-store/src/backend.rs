//! One interface over the databases hallbar stores assessments in: SQLite (embedded,
//! the default) and PostgreSQL (shared by several server instances). The server holds a
//! `dyn Backend` and calls it from blocking threads; every implementation keeps the same
//! semantics, checked by the same test suite (`tests/backends.rs`): versions are never
//! overwritten, optimistic concurrency on the expected version, every query scoped by
//! organisation, tokens and session ids stored as hashes, numbered migrations, and a
//! database from a newer hallbar refused.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use hallbar_core::graph::workshop::Workshop;
use hallbar_core::{Hallbarhetssakring, InsatsId};

use hallbar_core::KoladaKpiId;
use hallbar_core::kolada::{KoladaData, KpiMeta};

use crate::pool::Pool;
use crate::{
    Adoption, Latest, LayerText, LayerVersion, Principal, Role, RuleLayer, Store, StoreError,
    StoredWorkshop, TokenInfo, Version, WorkshopSummary, WorkshopVersion,
};
use crate::{KoladaCached, KoladaFetch};

/// What the server needs of a database. See the [`Store`] methods of the same names.
#[allow(missing_docs, reason = "each method is documented on Store")]
pub trait Backend: Send + Sync + std::fmt::Debug {
    fn create(
        &self,
        organisation: &str,
        author: &str,
        note: &str,
        doc: &Hallbarhetssakring,
    ) -> Result<Version, StoreError>;
    fn update(
        &self,
        organisation: &str,
        insats: &InsatsId,
        author: &str,
        note: &str,
        expected: Option<u32>,
        doc: &Hallbarhetssakring,
    ) -> Result<Version, StoreError>;
    fn get(
        &self,
        organisation: &str,
        insats: &str,
        version: Option<u32>,
    ) -> Result<Version, StoreError>;
    fn versions(&self, organisation: &str, insats: &str) -> Result<Vec<Version>, StoreError>;
    /// The latest version of each of the organisation's assessments, one at a time in
    /// insats-id order.
    fn each_latest(
        &self,
        organisation: &str,
        each: &mut dyn FnMut(Latest<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;
    fn rule_layer(
        &self,
        organisation: &str,
        version: Option<u32>,
    ) -> Result<Option<RuleLayer>, StoreError>;
    fn rule_layer_versions(&self, organisation: &str) -> Result<Vec<LayerVersion>, StoreError>;
    fn latest_rule_layer(&self, organisation: &str) -> Result<Option<u32>, StoreError>;
    fn save_rule_layer(
        &self,
        organisation: &str,
        author: &str,
        note: &str,
        expected: Option<u32>,
        text: &LayerText,
    ) -> Result<LayerVersion, StoreError>;
    fn workshop(
        &self,
        organisation: &str,
        id: &str,
        version: Option<u32>,
    ) -> Result<Option<StoredWorkshop>, StoreError>;
    fn workshop_versions(
        &self,
        organisation: &str,
        id: &str,
    ) -> Result<Vec<WorkshopVersion>, StoreError>;
    fn workshops(&self, organisation: &str) -> Result<Vec<WorkshopSummary>, StoreError>;
    fn save_workshop(
        &self,
        organisation: &str,
        author: &str,
        note: &str,
        expected: Option<u32>,
        workshop: &Workshop,
    ) -> Result<WorkshopVersion, StoreError>;
    fn adopted_workshop(&self, organisation: &str) -> Result<Option<Adoption>, StoreError>;
    fn adopt_workshop(
        &self,
        organisation: &str,
        adopt: Option<(&str, u32)>,
        by: &str,
    ) -> Result<Option<Adoption>, StoreError>;
    fn kolada_save(&self, fetch: &KoladaFetch) -> Result<(), StoreError>;
    fn kolada_cached(
        &self,
        kpis: &[KoladaKpiId],
        units: &[String],
        years: (u16, u16),
    ) -> Result<KoladaCached, StoreError>;
    fn kolada_kpis(&self, ids: &[KoladaKpiId]) -> Result<Vec<KpiMeta>, StoreError>;
    fn kolada_search(&self, text: &str) -> Result<Vec<KpiMeta>, StoreError>;
    fn kolada_totals(&self) -> Result<KoladaData, StoreError>;
    fn create_token(
        &self,
        role: Role,
        organisation: &str,
        label: &str,
    ) -> Result<(String, TokenInfo), StoreError>;
    fn revoke_token(&self, organisation: &str, id: i64) -> Result<bool, StoreError>;
    fn authenticate(&self, token: &str) -> Result<Option<Principal>, StoreError>;
    fn create_session(&self, token: &str) -> Result<Option<(String, Principal)>, StoreError>;
    fn session(&self, id: &str) -> Result<Option<Principal>, StoreError>;
    fn end_session(&self, id: &str) -> Result<(), StoreError>;
    /// Whether the database answers, at the schema version this build knows.
    fn ready(&self) -> Result<(), StoreError>;
    /// The kind of database, for logs: `sqlite` or `postgres`.
    fn kind(&self) -> &'static str;
    /// Whether a call waits on the network (a database server) rather than answering
    /// from this process: such calls are rationed and kept off the async workers.
    fn is_remote(&self) -> bool {
        false
    }
}

/// Opens the database `db`: a `postgres://` or `postgresql://` URL (with a pool of
/// `readers` connections), or else the path of an SQLite file (created if missing)
/// served by one writer and a pool of `readers` — or, with `readers` 0, by one
/// connection behind one mutex for everything.
///
/// # Errors
/// When the database cannot be opened or migrated, or is from a newer hallbar.
pub fn open(db: &str, readers: usize) -> Result<Box<dyn Backend>, StoreError> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Ok(Box::new(crate::postgres::PgStore::connect(db, readers)?));
    }
    if readers == 0 {
        return Ok(Box::new(Mutex::new(Store::open(Path::new(db))?)));
    }
    Ok(Box::new(SqlitePool::open(Path::new(db), readers)?))
}

/// SQLite with one writer and a pool of readers: in WAL mode readers never wait for the
/// writer, so reads (token lookups, gets, lists, the portfolio) run in parallel and only
/// writes take turns.
#[derive(Debug)]
pub struct SqlitePool {
    writer: Mutex<Store>,
    readers: Pool<Store>,
}

impl SqlitePool {
    /// Opens (creating and migrating if needed) the database at `path`, with up to
    /// `readers` reading connections.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open(path: &Path, readers: usize) -> Result<Self, StoreError> {
        let writer = Store::open(path)?;
        let path = path.to_owned();
        Ok(Self {
            writer: Mutex::new(writer),
            readers: Pool::new(readers, Box::new(move || Store::open_reader(&path))),
        })
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        f(&mut self.writer.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.readers.with(|store| f(store))
    }
}

/// The store behind one mutex: every request takes turns, reads included. What the
/// server did before the pool; kept for in-memory databases and for comparison.
impl Backend for Mutex<Store> {
    fn create(
        &self,
        o: &str,
        a: &str,
        n: &str,
        d: &Hallbarhetssakring,
    ) -> Result<Version, StoreError> {
        lock(self).create(o, a, n, d)
    }
    fn update(
        &self,
        o: &str,
        i: &InsatsId,
        a: &str,
        n: &str,
        e: Option<u32>,
        d: &Hallbarhetssakring,
    ) -> Result<Version, StoreError> {
        lock(self).update(o, i, a, n, e, d)
    }
    fn get(&self, o: &str, i: &str, v: Option<u32>) -> Result<Version, StoreError> {
        lock(self).get(o, i, v)
    }
    fn versions(&self, o: &str, i: &str) -> Result<Vec<Version>, StoreError> {
        lock(self).versions(o, i)
    }
    fn each_latest(
        &self,
        o: &str,
        each: &mut dyn FnMut(Latest<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        finished(lock(self).each_latest(o, |l| step(each(l))))
    }
    fn rule_layer(&self, o: &str, v: Option<u32>) -> Result<Option<RuleLayer>, StoreError> {
        lock(self).rule_layer(o, v)
    }
    fn rule_layer_versions(&self, o: &str) -> Result<Vec<LayerVersion>, StoreError> {
        lock(self).rule_layer_versions(o)
    }
    fn latest_rule_layer(&self, o: &str) -> Result<Option<u32>, StoreError> {
        lock(self).latest_rule_layer(o)
    }
    fn save_rule_layer(
        &self,
        o: &str,
        a: &str,
        n: &str,
        e: Option<u32>,
        t: &LayerText,
    ) -> Result<LayerVersion, StoreError> {
        lock(self).save_rule_layer(o, a, n, e, t)
    }
    fn kolada_save(&self, f: &KoladaFetch) -> Result<(), StoreError> {
        lock(self).kolada_save(f)
    }
    fn kolada_cached(
        &self,
        k: &[KoladaKpiId],
        u: &[String],
        y: (u16, u16),
    ) -> Result<KoladaCached, StoreError> {
        lock(self).kolada_cached(k, u, y)
    }
    fn kolada_kpis(&self, ids: &[KoladaKpiId]) -> Result<Vec<KpiMeta>, StoreError> {
        lock(self).kolada_kpis(ids)
    }
    fn kolada_search(&self, text: &str) -> Result<Vec<KpiMeta>, StoreError> {
        lock(self).kolada_search(text)
    }
    fn kolada_totals(&self) -> Result<KoladaData, StoreError> {
        lock(self).kolada_totals()
    }
    fn create_token(&self, r: Role, o: &str, l: &str) -> Result<(String, TokenInfo), StoreError> {
        lock(self).create_token(r, o, l)
    }
    fn revoke_token(&self, o: &str, id: i64) -> Result<bool, StoreError> {
        lock(self).revoke_token(o, id)
    }
    fn authenticate(&self, t: &str) -> Result<Option<Principal>, StoreError> {
        lock(self).authenticate(t)
    }
    fn create_session(&self, t: &str) -> Result<Option<(String, Principal)>, StoreError> {
        lock(self).create_session(t)
    }
    fn session(&self, id: &str) -> Result<Option<Principal>, StoreError> {
        lock(self).session(id)
    }
    fn end_session(&self, id: &str) -> Result<(), StoreError> {
        lock(self).end_session(id)
    }
    fn workshop(
        &self,
        o: &str,
        id: &str,
        v: Option<u32>,
    ) -> Result<Option<StoredWorkshop>, StoreError> {
        lock(self).workshop(o, id, v)
    }
    fn workshop_versions(&self, o: &str, id: &str) -> Result<Vec<WorkshopVersion>, StoreError> {
        lock(self).workshop_versions(o, id)
    }
    fn workshops(&self, o: &str) -> Result<Vec<WorkshopSummary>, StoreError> {
        lock(self).workshops(o)
    }
    fn save_workshop(
        &self,
        o: &str,
        a: &str,
        n: &str,
        e: Option<u32>,
        w: &Workshop,
    ) -> Result<WorkshopVersion, StoreError> {
        lock(self).save_workshop(o, a, n, e, w)
    }
    fn adopted_workshop(&self, o: &str) -> Result<Option<Adoption>, StoreError> {
        lock(self).adopted_workshop(o)
    }
    fn adopt_workshop(
        &self,
        o: &str,
        adopt: Option<(&str, u32)>,
        by: &str,
    ) -> Result<Option<Adoption>, StoreError> {
        lock(self).adopt_workshop(o, adopt, by)
    }
    fn ready(&self) -> Result<(), StoreError> {
        lock(self).schema_version().map(|_| ())
    }
    fn kind(&self) -> &'static str {
        "sqlite"
    }
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Backend for SqlitePool {
    fn create(
        &self,
        o: &str,
        a: &str,
        n: &str,
        d: &Hallbarhetssakring,
    ) -> Result<Version, StoreError> {
        self.write(|s| s.create(o, a, n, d))
    }
    fn update(
        &self,
        o: &str,
        i: &InsatsId,
        a: &str,
        n: &str,
        e: Option<u32>,
        d: &Hallbarhetssakring,
    ) -> Result<Version, StoreError> {
        self.write(|s| s.update(o, i, a, n, e, d))
    }
    fn get(&self, o: &str, i: &str, v: Option<u32>) -> Result<Version, StoreError> {
        self.read(|s| s.get(o, i, v))
    }
    fn versions(&self, o: &str, i: &str) -> Result<Vec<Version>, StoreError> {
        self.read(|s| s.versions(o, i))
    }
    fn each_latest(
        &self,
        o: &str,
        each: &mut dyn FnMut(Latest<'_>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        self.read(|s| finished(s.each_latest(o, |l| step(each(l)))))
    }
    fn rule_layer(&self, o: &str, v: Option<u32>) -> Result<Option<RuleLayer>, StoreError> {
        self.read(|s| s.rule_layer(o, v))
    }
    fn rule_layer_versions(&self, o: &str) -> Result<Vec<LayerVersion>, StoreError> {
        self.read(|s| s.rule_layer_versions(o))
    }
    fn latest_rule_layer(&self, o: &str) -> Result<Option<u32>, StoreError> {
        self.read(|s| s.latest_rule_layer(o))
    }
    fn save_rule_layer(
        &self,
        o: &str,
        a: &str,
        n: &str,
        e: Option<u32>,
        t: &LayerText,
    ) -> Result<LayerVersion, StoreError> {
        self.write(|s| s.save_rule_layer(o, a, n, e, t))
    }
    fn kolada_save(&self, f: &KoladaFetch) -> Result<(), StoreError> {
        self.write(|s| s.kolada_save(f))
    }
    fn kolada_cached(
        &self,
        k: &[KoladaKpiId],
        u: &[String],
        y: (u16, u16),
    ) -> Result<KoladaCached, StoreError> {
        self.read(|s| s.kolada_cached(k, u, y))
    }
    fn kolada_kpis(&self, ids: &[KoladaKpiId]) -> Result<Vec<KpiMeta>, StoreError> {
        self.read(|s| s.kolada_kpis(ids))
    }
    fn kolada_search(&self, text: &str) -> Result<Vec<KpiMeta>, StoreError> {
        self.read(|s| s.kolada_search(text))
    }
    fn kolada_totals(&self) -> Result<KoladaData, StoreError> {
        self.read(Store::kolada_totals)
    }
    fn create_token(&self, r: Role, o: &str, l: &str) -> Result<(String, TokenInfo), StoreError> {
        self.write(|s| s.create_token(r, o, l))
    }
    fn revoke_token(&self, o: &str, id: i64) -> Result<bool, StoreError> {
        self.write(|s| s.revoke_token(o, id))
    }
    fn authenticate(&self, t: &str) -> Result<Option<Principal>, StoreError> {
        self.read(|s| s.authenticate(t))
    }
    fn create_session(&self, t: &str) -> Result<Option<(String, Principal)>, StoreError> {
        self.write(|s| s.create_session(t))
    }
    fn session(&self, id: &str) -> Result<Option<Principal>, StoreError> {
        self.read(|s| s.session(id))
    }
    fn end_session(&self, id: &str) -> Result<(), StoreError> {
        self.write(|s| s.end_session(id))
    }
    fn workshop(
        &self,
        o: &str,
        id: &str,
        v: Option<u32>,
    ) -> Result<Option<StoredWorkshop>, StoreError> {
        self.read(|s| s.workshop(o, id, v))
    }
    fn workshop_versions(&self, o: &str, id: &str) -> Result<Vec<WorkshopVersion>, StoreError> {
        self.read(|s| s.workshop_versions(o, id))
    }
    fn workshops(&self, o: &str) -> Result<Vec<WorkshopSummary>, StoreError> {
        self.read(|s| s.workshops(o))
    }
    fn save_workshop(
        &self,
        o: &str,
        a: &str,
        n: &str,
        e: Option<u32>,
        w: &Workshop,
    ) -> Result<WorkshopVersion, StoreError> {
        self.write(|s| s.save_workshop(o, a, n, e, w))
    }
    fn adopted_workshop(&self, o: &str) -> Result<Option<Adoption>, StoreError> {
        self.read(|s| s.adopted_workshop(o))
    }
    fn adopt_workshop(
        &self,
        o: &str,
        adopt: Option<(&str, u32)>,
        by: &str,
    ) -> Result<Option<Adoption>, StoreError> {
        self.write(|s| s.adopt_workshop(o, adopt, by))
    }
    fn ready(&self) -> Result<(), StoreError> {
        self.read(|s| s.schema_version().map(|_| ()))
    }
    fn kind(&self) -> &'static str {
        "sqlite"
    }
}

/// How a walk over stored rows ended early: a database error, or its callback asking it
/// to stop.
enum Early {
    Failed(StoreError),
    Stopped,
}

impl From<StoreError> for Early {
    fn from(e: StoreError) -> Self {
        Self::Failed(e)
    }
}

/// A callback's answer as the inherent walk's `Result`.
fn step(flow: ControlFlow<()>) -> Result<(), Early> {
    match flow {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(Early::Stopped),
    }
}

/// A walk that was stopped by its callback finished well.
fn finished(walk: Result<(), Early>) -> Result<(), StoreError> {
    match walk {
        Ok(()) | Err(Early::Stopped) => Ok(()),
        Err(Early::Failed(e)) => Err(e),
    }
}
