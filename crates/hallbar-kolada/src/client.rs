//! The client: batching, paging, retries and reading Kolada's answers.

use std::collections::HashSet;
use std::time::Duration;

use hallbar_core::KoladaKpiId;
use hallbar_core::kolada::{Gender, KpiMeta, KpiValue, is_unit};
use serde::de::DeserializeOwned;

use crate::transport::{Http, Transport, TransportError};
use crate::wire;
use crate::{KoladaSource, Values};

/// The most ids Kolada takes in one path segment.
pub const MAX_IDS: usize = 25;

/// The most results Kolada gives per page.
const PER_PAGE: usize = 5000;

/// The most pages one request may run to: far beyond any real answer (25 × 25 × 25
/// keys of three genders fit in four pages), so that a server that always says there
/// is more cannot keep the client busy.
const MAX_PAGES: usize = 100;

/// The most bytes all pages of one request may hold together.
const MAX_ANSWER_BYTES: usize = 128 * 1024 * 1024;

/// How the client behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The API's base URL, without a trailing slash: [`crate::DEFAULT_BASE_URL`], or a
    /// mirror or test server.
    pub base_url: String,
    /// How long one request may take.
    pub timeout: Duration,
    /// How many times a request is retried after a 429, a 5xx, a timeout or a lost
    /// connection.
    pub retries: u32,
    /// The first wait before a retry; it doubles each time, up to [`Config::max_wait`].
    pub backoff: Duration,
    /// The longest wait before a retry, `Retry-After` included.
    pub max_wait: Duration,
    /// The largest answer read, in bytes.
    pub max_body: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            timeout: Duration::from_secs(30),
            retries: 4,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(60),
            max_body: 16 * 1024 * 1024,
        }
    }
}

/// What went wrong, naming the URL.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum KoladaError {
    /// The base URL is not an `http://` or `https://` URL.
    #[error("the base URL `{0}` is not an http:// or https:// URL")]
    BaseUrl(String),
    /// An answer other than 200 that is not worth retrying, or still one after the
    /// retries.
    #[error("{url}: Kolada answered {status}{}", retries_said(*.retries))]
    Status {
        /// The URL.
        url: String,
        /// The last status.
        status: u16,
        /// How many retries were made.
        retries: u32,
    },
    /// No answer (a timeout or a lost connection), also after the retries.
    #[error("{url}: {cause}{}", retries_said(*.retries))]
    Unreachable {
        /// The URL.
        url: String,
        /// Why.
        cause: TransportError,
        /// How many retries were made.
        retries: u32,
    },
    /// An answer that is not what the API documents.
    #[error("{url}: the answer is not what Kolada's API documents: {message}")]
    Malformed {
        /// The URL.
        url: String,
        /// What was wrong.
        message: String,
    },
}

impl KoladaError {
    /// What went wrong in a few words, without the URL (which may name a proxy or hold
    /// credentials): for answers to people who did not configure it.
    pub fn summary(&self) -> String {
        match self {
            Self::BaseUrl(_) => "Kolada's address is not an http:// or https:// URL".to_owned(),
            Self::Status { status, .. } => format!("Kolada answered {status}"),
            Self::Unreachable { .. } => {
                "Kolada could not be reached (a timeout or a lost connection)".to_owned()
            }
            Self::Malformed { .. } => "Kolada's answer is not what its API documents".to_owned(),
        }
    }
}

fn retries_said(retries: u32) -> String {
    if retries == 0 {
        String::new()
    } else {
        format!(" (after {retries} retries)")
    }
}

/// What to ask for: key figures × units × years; with `from_date` (`YYYY-MM-DD`), only
/// what changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueQuery<'a> {
    /// The key figures.
    pub kpis: &'a [KoladaKpiId],
    /// The units: four-digit municipality, region (`00` + county) or country (`0000`) ids.
    pub units: &'a [String],
    /// The years.
    pub years: &'a [u16],
    /// Only what changed since this date.
    pub from_date: Option<&'a str>,
}

/// A client of Kolada's v3 API over a [`Transport`].
#[derive(Debug)]
pub struct Client<T = Http> {
    config: Config,
    transport: T,
    /// Requests made so far, retries included.
    requests: std::sync::atomic::AtomicU64,
    /// The base URL's scheme and host (`https://api.kolada.se`) and path (`/v3`).
    origin: String,
    path: String,
}

impl Client<Http> {
    /// A client over HTTP(S).
    ///
    /// # Errors
    /// A base URL that is not `http://` or `https://`.
    pub fn new(config: Config) -> Result<Self, KoladaError> {
        let transport = Http::new(config.timeout, config.max_body);
        Self::with_transport(config, transport)
    }
}

impl<T: Transport> Client<T> {
    /// A client over `transport`.
    ///
    /// # Errors
    /// A base URL that is not `http://` or `https://`.
    pub fn with_transport(mut config: Config, transport: T) -> Result<Self, KoladaError> {
        config.base_url = config.base_url.trim_end_matches('/').to_owned();
        let (origin, path) =
            split(&config.base_url).ok_or_else(|| KoladaError::BaseUrl(config.base_url.clone()))?;
        let (origin, path) = (origin.to_owned(), path.to_owned());
        Ok(Self {
            config,
            transport,
            requests: std::sync::atomic::AtomicU64::new(0),
            origin,
            path,
        })
    }

    /// How many requests the client has made, retries included.
    pub fn requests(&self) -> u64 {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// `next_url` onto the configured base: its path and query after the API's path,
    /// on this client's origin. A next page elsewhere (another API path) is an error,
    /// and another host is never contacted.
    fn onto_base(&self, url: &str, next: &str) -> Result<String, KoladaError> {
        let malformed = |message: String| KoladaError::Malformed {
            url: url.to_owned(),
            message,
        };
        let (_, rest) = split(next)
            .ok_or_else(|| malformed(format!("`next_url` is not a URL: {}", clip(next))))?;
        let tail = rest
            .strip_prefix(self.path.as_str())
            .filter(|t| {
                (t.is_empty() || t.starts_with('/') || t.starts_with('?'))
                    && !t.split(['/', '?']).any(|segment| segment == "..")
            })
            .ok_or_else(|| {
                malformed(format!(
                    "`next_url` is outside the API ({}): {}",
                    self.path,
                    clip(next)
                ))
            })?;
        Ok(format!("{}{}{tail}", self.origin, self.path))
    }

    /// One GET with retries; the body of a 200.
    fn get(&self, url: &str) -> Result<String, KoladaError> {
        let mut retries = 0;
        loop {
            self.requests
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let wait = match self.transport.get(url) {
                Ok(reply) if reply.status == 200 => return Ok(reply.body),
                Ok(reply) if reply.status == 429 || (500..600).contains(&reply.status) => {
                    if retries == self.config.retries {
                        return Err(KoladaError::Status {
                            url: url.to_owned(),
                            status: reply.status,
                            retries,
                        });
                    }
                    reply.retry_after
                }
                Ok(reply) => {
                    return Err(KoladaError::Status {
                        url: url.to_owned(),
                        status: reply.status,
                        retries,
                    });
                }
                Err(e @ (TransportError::TooLarge(_) | TransportError::NotText(_))) => {
                    return Err(KoladaError::Malformed {
                        url: url.to_owned(),
                        message: e.to_string(),
                    });
                }
                Err(cause) => {
                    if retries == self.config.retries {
                        return Err(KoladaError::Unreachable {
                            url: url.to_owned(),
                            cause,
                            retries,
                        });
                    }
                    None
                }
            };
            let backoff = self
                .config
                .backoff
                .saturating_mul(2_u32.saturating_pow(retries));
            std::thread::sleep(wait.unwrap_or(backoff).min(self.config.max_wait));
            retries += 1;
        }
    }

    /// Every page of `url`'s results.
    fn pages<R: DeserializeOwned>(&self, url: String) -> Result<Vec<R>, KoladaError> {
        self.pages_upto(url, usize::MAX)
    }

    /// The results of `url`'s first `most` pages.
    fn pages_upto<R: DeserializeOwned>(
        &self,
        url: String,
        most: usize,
    ) -> Result<Vec<R>, KoladaError> {
        let mut all = Vec::new();
        let mut seen = HashSet::new();
        let mut bytes = 0;
        let mut next = Some(url);
        while let Some(url) = next.take() {
            if !seen.insert(url.clone()) || seen.len() > MAX_PAGES {
                return Err(KoladaError::Malformed {
                    url,
                    message: format!(
                        "the pages do not end (a page repeats, or more than {MAX_PAGES})"
                    ),
                });
            }
            let body = self.get(&url)?;
            bytes += body.len();
            if bytes > MAX_ANSWER_BYTES {
                return Err(KoladaError::Malformed {
                    url,
                    message: format!("the pages hold more than {MAX_ANSWER_BYTES} bytes together"),
                });
            }
            let page: wire::Page<R> =
                serde_json::from_str(&body).map_err(|e| KoladaError::Malformed {
                    url: url.clone(),
                    message: e.to_string(),
                })?;
            // `count` is the page's length or, if Kolada counts the whole answer, more.
            if page.values.len() > PER_PAGE
                || page.count.is_some_and(|c| c < page.values.len() as u64)
            {
                return Err(KoladaError::Malformed {
                    url,
                    message: format!(
                        "`count` says {:?}, the page holds {} values",
                        page.count,
                        page.values.len()
                    ),
                });
            }
            all.extend(page.values);
            if seen.len() >= most {
                break;
            }
            next = match page.next_url.filter(|n| !n.is_empty()) {
                Some(n) => Some(self.onto_base(&url, &n)?),
                None => None,
            };
        }
        Ok(all)
    }

    /// The values of one batch: at most [`MAX_IDS`] of each.
    fn value_batch(
        &self,
        kpis: &[KoladaKpiId],
        units: &[String],
        years: &[u16],
        from_date: Option<&str>,
    ) -> Result<Values, KoladaError> {
        let list = |items: Vec<String>| items.join(",");
        let mut url = format!(
            "{}/data/kpi/{}/municipality/{}/year/{}?per_page={PER_PAGE}",
            self.config.base_url,
            list(kpis.iter().map(|k| k.as_str().to_owned()).collect()),
            list(units.to_vec()),
            list(years.iter().map(u16::to_string).collect()),
        );
        if let Some(date) = from_date {
            url.push_str("&from_date=");
            url.push_str(date);
        }
        let rows: Vec<wire::DataRow> = self.pages(url.clone())?;
        let mut out = Values::default();
        for row in rows {
            let malformed = |message: String| KoladaError::Malformed {
                url: url.clone(),
                message,
            };
            let kpi = kpis.iter().find(|k| k.as_str() == row.kpi).ok_or_else(|| {
                malformed(format!("a key figure not asked for: `{}`", clip(&row.kpi)))
            })?;
            if !units.contains(&row.municipality) {
                return Err(malformed(format!(
                    "a unit not asked for: `{}`",
                    clip(&row.municipality)
                )));
            }
            if !years.contains(&row.period) {
                return Err(malformed(format!("a year not asked for: {}", row.period)));
            }
            for v in row.values {
                let gender = Gender::from_code(&v.gender).ok_or_else(|| {
                    malformed(format!("gender `{}`: expected T, K or M", clip(&v.gender)))
                })?;
                if v.value.is_some_and(|x| !x.is_finite()) {
                    return Err(malformed("a value that is not a finite number".to_owned()));
                }
                let value = KpiValue {
                    kpi: kpi.clone(),
                    unit: row.municipality.clone(),
                    year: row.period,
                    gender,
                    value: v.value,
                };
                if v.isdeleted {
                    out.deleted.push(value);
                } else {
                    out.values.push(value);
                }
            }
        }
        Ok(out)
    }
}

/// The most key figures one search asks Kolada for.
pub const MAX_SEARCH: usize = 50;

/// A key figure's metadata from its row in Kolada's answer.
fn meta(id: KoladaKpiId, row: wire::Kpi) -> KpiMeta {
    KpiMeta {
        id,
        title: row.title,
        description: row.description.unwrap_or_default(),
        divided_by_gender: row.is_divided_by_gender.is_some_and(|f| f.is_set()),
        publication_date: row.publication_date,
    }
}

/// `text` percent-encoded for a query parameter: unreserved ASCII as it is, every other
/// byte of its UTF-8 as `%XX`.
fn query_encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl<T: Transport> KoladaSource for Client<T> {
    fn kpis(&self, ids: &[KoladaKpiId]) -> Result<Vec<KpiMeta>, KoladaError> {
        let mut out = Vec::new();
        for batch in ids.chunks(MAX_IDS) {
            let list: Vec<&str> = batch.iter().map(KoladaKpiId::as_str).collect();
            let url = format!(
                "{}/kpi/{}?per_page={PER_PAGE}",
                self.config.base_url,
                list.join(",")
            );
            let rows: Vec<wire::Kpi> = self.pages(url.clone())?;
            for row in rows {
                let id = batch.iter().find(|k| k.as_str() == row.id).ok_or_else(|| {
                    KoladaError::Malformed {
                        url: url.clone(),
                        message: format!("a key figure not asked for: `{}`", clip(&row.id)),
                    }
                })?;
                out.push(meta(id.clone(), row));
            }
        }
        Ok(out)
    }

    fn search(&self, title: &str) -> Result<Vec<KpiMeta>, KoladaError> {
        let url = format!(
            "{}/kpi?title={}&per_page={MAX_SEARCH}",
            self.config.base_url,
            query_encoded(title.trim())
        );
        let rows: Vec<wire::Kpi> = self.pages_upto(url.clone(), 1)?;
        rows.into_iter()
            .take(MAX_SEARCH)
            .map(|row| match KoladaKpiId::new(&row.id) {
                Ok(id) => Ok(meta(id, row)),
                Err(e) => Err(KoladaError::Malformed {
                    url: url.clone(),
                    message: format!("`{}` is not a key figure id: {e}", clip(&row.id)),
                }),
            })
            .collect()
    }

    fn values(&self, query: &ValueQuery<'_>) -> Result<Values, KoladaError> {
        if let Some(bad) = query.units.iter().find(|u| !is_unit(u)) {
            return Err(KoladaError::Malformed {
                url: self.config.base_url.clone(),
                message: format!("`{}` is not a unit id (four digits)", clip(bad)),
            });
        }
        if let Some(date) = query.from_date {
            let ok = date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            if !ok {
                return Err(KoladaError::Malformed {
                    url: self.config.base_url.clone(),
                    message: format!("`from_date` must be YYYY-MM-DD, not `{}`", clip(date)),
                });
            }
        }
        let mut out = Values::default();
        for kpis in query.kpis.chunks(MAX_IDS) {
            for units in query.units.chunks(MAX_IDS) {
                for years in query.years.chunks(MAX_IDS) {
                    let batch = self.value_batch(kpis, units, years, query.from_date)?;
                    out.values.extend(batch.values);
                    out.deleted.extend(batch.deleted);
                }
            }
        }
        Ok(out)
    }
}

/// `url` as its origin (`scheme://host[:port]`) and the rest (path and query).
fn split(url: &str) -> Option<(&str, &str)> {
    let after = url
        .strip_prefix("https://")
        .map(|r| (8, r))
        .or_else(|| url.strip_prefix("http://").map(|r| (7, r)))?;
    let (scheme_len, rest) = after;
    let host_len = rest.find(['/', '?']).unwrap_or(rest.len());
    if host_len == 0 {
        return None;
    }
    Some(url.split_at(scheme_len + host_len))
}

/// `text` cut for a message.
fn clip(text: &str) -> String {
    hallbar_core::syntax::clip(text, 120)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_pages_stay_on_the_configured_base() {
        struct None_;
        impl Transport for None_ {
            fn get(&self, _: &str) -> Result<crate::Reply, TransportError> {
                Err(TransportError::Connection("no network in this test".into()))
            }
        }
        let config = Config {
            base_url: "http://127.0.0.1:9/v3/".into(),
            ..Config::default()
        };
        let c = Client::with_transport(config, None_).unwrap();
        assert_eq!(
            c.onto_base(
                "u",
                "https://api.kolada.se/v3/data/kpi/N00401/year/2023?page=2&per_page=5000"
            )
            .unwrap(),
            "http://127.0.0.1:9/v3/data/kpi/N00401/year/2023?page=2&per_page=5000"
        );
        assert!(
            c.onto_base("u", "https://evil.example/elsewhere?x")
                .is_err()
        );
        assert!(c.onto_base("u", "not a url").is_err());
        assert!(
            Client::with_transport(
                Config {
                    base_url: "ftp://x".into(),
                    ..Config::default()
                },
                None_
            )
            .is_err()
        );
    }
}
