//! Kolada's key figures for hallbar's follow-up: a client for Kolada's v3 API
//! (`https://api.kolada.se/v3`, run by RKA), behind the small [`KoladaSource`] trait so
//! that the rest of hallbar never sees HTTP.
//!
//! The [`Client`] asks for at most [`MAX_IDS`] ids per path segment, follows `next_url`
//! rewritten onto its own base URL and no redirects (it never leaves the configured
//! host), retries 429
//! and 5xx answers and lost connections with back-off up to a bound, times out, drops
//! rows Kolada marks deleted, keeps null values as null, and reads the three genders.
//! A response that is not what the API documents is an error that names the URL and
//! what was wrong — never a guess.
//!
//! Terms: Kolada's data is free to use; cite "Källa: Kolada". Figures hallbar computes
//! from it (trends, directions) are hallbar's, not Kolada's.

#![deny(missing_docs)]

mod client;
pub mod mock;
mod transport;
mod wire;

pub use client::{Client, Config, KoladaError, MAX_IDS, MAX_SEARCH, ValueQuery};
pub use transport::{Http, Reply, Transport, TransportError};

use hallbar_core::KoladaKpiId;
use hallbar_core::kolada::{KpiMeta, KpiValue};

/// Kolada's v3 API.
pub const DEFAULT_BASE_URL: &str = "https://api.kolada.se/v3";

/// What Kolada answered for some keys: the values, and the rows it marks deleted (a
/// refresh removes those from the cache).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values {
    /// The values.
    pub values: Vec<KpiValue>,
    /// Rows Kolada marks deleted, as they were.
    pub deleted: Vec<KpiValue>,
}

/// What hallbar asks of Kolada.
pub trait KoladaSource {
    /// The metadata of the key figures `ids` (those Kolada has).
    ///
    /// # Errors
    /// When Kolada cannot be reached or answers what its API does not document.
    fn kpis(&self, ids: &[KoladaKpiId]) -> Result<Vec<KpiMeta>, KoladaError>;

    /// The values of `query`'s key figures for its units and years.
    ///
    /// # Errors
    /// As [`KoladaSource::kpis`].
    fn values(&self, query: &ValueQuery<'_>) -> Result<Values, KoladaError>;

    /// Key figures whose title holds `title` (Kolada's `/kpi?title=`), at most
    /// [`MAX_SEARCH`], from the first page of the answer.
    ///
    /// # Errors
    /// As [`KoladaSource::kpis`].
    fn search(&self, title: &str) -> Result<Vec<KpiMeta>, KoladaError>;
}
