//! The cache of Kolada's values on the command line: where it is (`--cache`, or the
//! user's cache folder), and how reports and the portfolio read it (`--kolada`,
//! `--offline`). Reading never reaches the network and never creates the cache;
//! `hallbar indikatorer hamta` fills it.

use std::path::PathBuf;

use clap::Args;
use hallbar_core::{Hallbarhetssakring, Lang};
use hallbar_store::Backend;

/// Where the cache is, and whether the network may be used.
#[derive(Debug, Clone, Args)]
pub(crate) struct CacheArgs {
    /// The cache folder (default: hallbar's folder in the user's cache folder,
    /// `$XDG_CACHE_HOME/hallbar` or `~/.cache/hallbar`).
    #[arg(long, value_name = "DIR")]
    pub(crate) cache: Option<PathBuf>,
    /// Use the cache only, never the network, and say what is missing.
    #[arg(long)]
    pub(crate) offline: bool,
}

impl CacheArgs {
    fn folder(&self) -> Result<PathBuf, String> {
        match &self.cache {
            Some(dir) => Ok(dir.clone()),
            None => default_cache_folder(),
        }
    }

    /// The cache's database, created if missing.
    pub(crate) fn open(&self) -> Result<Box<dyn Backend>, String> {
        let folder = self.folder()?;
        std::fs::create_dir_all(&folder)
            .map_err(|e| format!("error: the cache folder {}: {e}", folder.display()))?;
        let db = folder.join("kolada.db");
        let db = db.to_string_lossy();
        hallbar_store::open(&db, 0).map_err(|e| format!("error: the cache {db}: {e}"))
    }

    /// The cache's database when it exists; reading never creates it.
    fn existing(&self) -> Result<Option<Box<dyn Backend>>, String> {
        if self.folder().is_ok_and(|f| f.join("kolada.db").exists()) {
            self.open().map(Some)
        } else {
            Ok(None)
        }
    }

    /// What the cache has for `doc`'s indicators that are Kolada key figures, and what
    /// it lacks; `None` when it has no such indicator. A cache that does not exist yet
    /// is read as empty (and not created). Reports read values this way: they never
    /// reach the network (`hallbar indikatorer hamta` does).
    pub(crate) fn read_for(
        &self,
        doc: &Hallbarhetssakring,
        lang: Lang,
    ) -> Result<Option<hallbar_core::kolada::KoladaData>, String> {
        if doc.indikatorer.iter().all(|i| i.kolada.is_none()) {
            return Ok(None);
        }
        // No cache yet: everything is missing.
        let data =
            hallbar_store::kolada_for(self.existing()?.as_deref(), doc, hallbar_store::this_year())
                .map_err(|e| format!("error: the cache: {e}"))?;
        if data.missing_count > 0 && !self.offline {
            eprintln!(
                "{}",
                lang.pick(
                    format!("obs: cachen saknar {} nycklar för indikatorerna; kör `hallbar indikatorer hamta` för att hämta dem från Kolada", data.missing_count),
                    format!("note: the cache lacks {} keys of the indicators; run `hallbar indikatorer hamta` to fetch them from Kolada", data.missing_count),
                )
            );
        }
        Ok(Some(data))
    }
}

/// `$XDG_CACHE_HOME/hallbar`, or `~/.cache/hallbar`.
fn default_cache_folder() -> Result<PathBuf, String> {
    if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(xdg).join("hallbar"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|home| PathBuf::from(home).join(".cache").join("hallbar"))
        .ok_or_else(|| {
            "error: no cache folder: set XDG_CACHE_HOME or HOME, or give --cache DIR".to_owned()
        })
}

/// Whether a report shows Kolada's values of its indicators, and from which cache.
#[derive(Debug, Clone, Args)]
pub(crate) struct ReportKolada {
    /// Show the indicators' Kolada values from the cache (implied by `--cache` and
    /// `--offline`). Reports never reach the network: `hallbar indikatorer hamta`
    /// fills the cache.
    #[arg(long)]
    kolada: bool,
    #[command(flatten)]
    cache: CacheArgs,
}

impl ReportKolada {
    fn wanted(&self) -> bool {
        self.kolada || self.cache.cache.is_some() || self.cache.offline
    }

    /// Everything the cache has, grouped for looking up many insatser, when asked for.
    /// A cache that does not exist yet is read as empty (and not created).
    pub(crate) fn index(&self) -> Result<Option<hallbar_core::kolada::ValueIndex>, String> {
        if !self.wanted() {
            return Ok(None);
        }
        let exists = self
            .cache
            .folder()
            .is_ok_and(|f| f.join("kolada.db").exists());
        let data = if exists {
            self.cache
                .open()?
                .kolada_totals()
                .map_err(|e| format!("error: the cache: {e}"))?
        } else {
            hallbar_core::kolada::KoladaData::default()
        };
        Ok(Some(hallbar_core::kolada::ValueIndex::new(data)))
    }

    /// What the cache has for `doc`, when asked for.
    pub(crate) fn read(
        &self,
        doc: &Hallbarhetssakring,
        lang: Lang,
    ) -> Result<Option<hallbar_core::kolada::KoladaData>, String> {
        if self.wanted() {
            self.cache.read_for(doc, lang)
        } else {
            Ok(None)
        }
    }
}
