//! Kolada's key figures for the web form: a picker that searches their titles, and an
//! assessment's indicators with their values. Both answer from the cache in the
//! server's database and, when the server has Kolada's address (`serve --kolada-url`),
//! ask Kolada for what the cache lacks first — on the Kolada link's own few turns, each
//! thing at most once in a while ([`crate::kolada`]), and never more than
//! [`MAX_ON_DEMAND_KEYS`] keys at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use hallbar_core::kolada::{self, KoladaData, KpiMeta, ValueIndex};
use hallbar_core::portfolio::UnitTrend;
use hallbar_core::{Finding, Hallbarhetssakring, KoladaKpiId, Lang};
use hallbar_kolada::{KoladaSource, ValueQuery};
use hallbar_store::{KoladaFetch, KoladaKey, MAX_SEARCH_RESULTS};
use serde::{Deserialize, Serialize};

use crate::auth::principal;
use crate::kolada::{FAILURE_MEMORY, SEARCH_MEMORY};
use crate::problem::Problem;
use crate::{AppState, Cancel};

use super::{Result, lang_of, latest};

/// The shortest and longest search text, in characters.
pub(crate) const SEARCH_CHARS: (usize, usize) = (2, 100);

/// The most keys (key figure × unit × year) fetched for one assessment on demand; more
/// is left to `hallbar indikatorer hamta`.
pub(crate) const MAX_ON_DEMAND_KEYS: usize = 5_000;

/// The most key figures fetched for one assessment on demand (one request each, or a
/// few pages).
pub(crate) const MAX_ON_DEMAND_KPIS: usize = 25;

/// `?q=text`.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

/// Key figures found, and where from.
#[derive(Debug, Serialize)]
struct Found {
    /// `cache`, or `kolada` when Kolada was asked too.
    from: &'static str,
    kpis: Vec<KpiMeta>,
    source: &'static str,
}

/// `GET /v1/kolada/kpis?q=`: key figures whose id or title holds `q` in the cache,
/// with — when the server has Kolada's address and has not asked Kolada for `q`
/// lately — those whose title holds it in Kolada (then cached); at most 50.
pub async fn kpis(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<SearchQuery>,
) -> Result<Json<serde_json::Value>> {
    principal(&state, &headers).await?;
    let q = query.q.unwrap_or_default().trim().to_owned();
    let chars = q.chars().count();
    if chars < SEARCH_CHARS.0 || chars > SEARCH_CHARS.1 || q.chars().any(char::is_control) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad search",
            format!(
                "`q` must be {} to {} characters of text",
                SEARCH_CHARS.0, SEARCH_CHARS.1
            ),
        ));
    }
    let cached = state.db(|db| db.kolada_search(&q)).await?;
    let key = format!("q:{}", q.to_lowercase());
    let ask = state
        .kolada
        .as_ref()
        .is_some_and(|link| !link.asked_lately(&key, SEARCH_MEMORY));
    let asked = if ask {
        let text = q.clone();
        state
            .kolada_work(move |_, client, _| client.search(&text))
            .await
    } else {
        None
    };
    let mut found = Found {
        from: "cache",
        kpis: cached,
        source: "Kolada",
    };
    match asked {
        None => {
            // Not asked (no link, asked lately, or every Kolada turn taken).
            if ask {
                forget(&state, &key);
            }
        }
        Some(Err(problem)) => return Err(problem),
        Some(Ok(Err(e))) => {
            tracing::warn!(error = %e, "Kolada");
            if found.kpis.is_empty() {
                return Err(unavailable(&e));
            }
        }
        Some(Ok(Ok(fresh))) => {
            let new: Vec<KpiMeta> = fresh
                .into_iter()
                .filter(|k| !found.kpis.iter().any(|c| c.id == k.id))
                .collect();
            if !new.is_empty() {
                let fetch = KoladaFetch {
                    kpis: new.clone(),
                    ..KoladaFetch::default()
                };
                state.db(|db| db.kolada_save(&fetch)).await?;
            }
            found.kpis.extend(new);
            found.kpis.truncate(MAX_SEARCH_RESULTS);
            found.from = "kolada";
        }
    }
    Ok(Json(
        serde_json::to_value(found).map_err(|_| Problem::internal())?,
    ))
}

/// Forgets that `key` was asked, so that it is asked next time.
fn forget(state: &AppState, key: &str) {
    if let Some(link) = &state.kolada {
        link.forget(key);
    }
}

/// 502: Kolada could not be asked (in words without its address).
fn unavailable(e: &hallbar_kolada::KoladaError) -> Problem {
    Problem::new(
        StatusCode::BAD_GATEWAY,
        "kolada",
        "Kolada did not answer",
        e.summary(),
    )
}

/// One indicator that is a Kolada key figure, with its values.
#[derive(Debug, Serialize)]
struct IndicatorValues {
    /// The indicator's id.
    indicator: String,
    /// Its place in the version's `indikatorer` (what findings' pointers name).
    at: usize,
    namn: String,
    kolada: String,
    /// The key figure's title, when cached.
    title: Option<String>,
    /// Which way is better, from hallbar's table.
    better: Option<kolada::Better>,
    direction_source: Option<String>,
    /// Its values per unit of the insats and the country; a unit goes the wrong way
    /// when its last two changes since the indicator's baseline year do.
    units: Vec<UnitTrend>,
    /// Keys (unit × year) the cache lacks.
    missing: usize,
}

/// An assessment's indicators with Kolada's values.
#[derive(Debug, Serialize)]
struct Indicators {
    source: &'static str,
    /// When the oldest of the values was fetched.
    fetched_at: Option<String>,
    indicators: Vec<IndicatorValues>,
    /// Follow-up findings (kind `uppfoljning`).
    findings: Vec<Finding>,
    /// Why what the cache lacks was not fetched, if it was not.
    not_fetched: Option<String>,
}

/// `GET /v1/assessments/{id}/indicators?lang=`: the latest version's indicators that are
/// Kolada key figures, with their values for the insats's units and the country, the
/// expected direction, and the follow-up findings.
pub async fn indicators(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<super::LangQuery>,
) -> Result<Json<serde_json::Value>> {
    let p = principal(&state, &headers).await?;
    let (version, doc) = latest(&state, &p, &id).await?;
    let lang = lang_of(q.lang.as_deref());
    let doc = Arc::new(doc);
    let to_year = hallbar_store::this_year();
    let mut data = read(&state, &doc, to_year).await?;
    let mut not_fetched = None;
    if data.missing_count > 0 {
        let key = format!("a:{}/{}@{}", p.organisation, id, version.version);
        not_fetched = match fetch_plan(&data) {
            _ if state.kolada.is_none() => Some(
                lang.pick(
                    "servern hämtar inte från Kolada",
                    "the server does not fetch from Kolada",
                )
                .to_owned(),
            ),
            Err(too_many) => Some(too_many.said(lang).to_owned()),
            Ok(_)
                if state
                    .kolada
                    .as_ref()
                    .is_some_and(|l| l.asked_lately(&key, FAILURE_MEMORY)) =>
            {
                Some(
                    lang.pick(
                        "hämtningen misslyckades nyss och försöks igen om en stund",
                        "the fetch failed a moment ago and is tried again in a while",
                    )
                    .to_owned(),
                )
            }
            Ok(plan) => {
                let fetched = state
                    .kolada_work(move |_, client, cancel| fetch(client, &plan, cancel))
                    .await;
                match fetched {
                    None => {
                        forget(&state, &key);
                        Some(
                            lang.pick(
                                "Kolada är upptaget just nu; försök igen om en stund",
                                "Kolada is busy just now; try again in a while",
                            )
                            .to_owned(),
                        )
                    }
                    Some(Err(problem)) => return Err(problem),
                    Some(Ok(Err(e))) => {
                        tracing::warn!(error = %e, "Kolada");
                        Some(e.summary())
                    }
                    Some(Ok(Ok(fetch))) => {
                        forget(&state, &key);
                        state.db(|db| db.kolada_save(&fetch)).await?;
                        data = read(&state, &doc, to_year).await?;
                        None
                    }
                }
            }
        };
    }
    let answer = indicators_of(&doc, data, not_fetched, lang);
    Ok(Json(
        serde_json::to_value(answer).map_err(|_| Problem::internal())?,
    ))
}

/// What the cache has for `doc`'s indicators, read off the async workers.
async fn read(
    state: &Arc<AppState>,
    doc: &Arc<Hallbarhetssakring>,
    to_year: u16,
) -> Result<KoladaData> {
    let doc = Arc::clone(doc);
    state
        .compute(move |state, _| {
            state.db_blocking(|db| hallbar_store::kolada_for(Some(db), &doc, to_year))
        })
        .await
}

/// What to fetch: per key figure, the units and years the cache lacks.
type Plan = Vec<(KoladaKpiId, Vec<String>, Vec<u16>)>;

/// Why a plan is not made.
enum TooMany {
    Keys,
    Kpis,
}

impl TooMany {
    fn said(&self, lang: Lang) -> &'static str {
        match self {
            Self::Keys => lang.pick(
                "fler än 5 000 värden saknas; kör hallbar indikatorer hamta",
                "more than 5 000 values are missing; run hallbar indikatorer hamta",
            ),
            Self::Kpis => lang.pick(
                "värden saknas för fler än 25 nyckeltal; kör hallbar indikatorer hamta",
                "values are missing for more than 25 key figures; run hallbar indikatorer hamta",
            ),
        }
    }
}

/// The keys `data` lacks as requests: per key figure, its missing units × missing
/// years — at most [`MAX_ON_DEMAND_KEYS`] keys and [`MAX_ON_DEMAND_KPIS`] key figures.
fn fetch_plan(data: &KoladaData) -> std::result::Result<Plan, TooMany> {
    if data.missing_count > MAX_ON_DEMAND_KEYS {
        return Err(TooMany::Keys);
    }
    let mut by_kpi: BTreeMap<&KoladaKpiId, (BTreeSet<&str>, BTreeSet<u16>)> = BTreeMap::new();
    for (kpi, unit, year) in &data.missing {
        let entry = by_kpi.entry(kpi).or_default();
        entry.0.insert(unit);
        entry.1.insert(*year);
    }
    if by_kpi.len() > MAX_ON_DEMAND_KPIS {
        return Err(TooMany::Kpis);
    }
    let keys: usize = by_kpi.values().map(|(u, y)| u.len() * y.len()).sum();
    if keys > MAX_ON_DEMAND_KEYS {
        return Err(TooMany::Keys);
    }
    Ok(by_kpi
        .into_iter()
        .map(|(kpi, (units, years))| {
            (
                kpi.clone(),
                units.into_iter().map(str::to_owned).collect(),
                years.into_iter().collect(),
            )
        })
        .collect())
}

/// The plan's keys fetched whole: metadata and values; stops between key figures when
/// the request is gone.
fn fetch(
    source: &dyn KoladaSource,
    plan: &Plan,
    cancel: &Cancel,
) -> std::result::Result<KoladaFetch, hallbar_kolada::KoladaError> {
    let ids: Vec<KoladaKpiId> = plan.iter().map(|(k, ..)| k.clone()).collect();
    let mut out = KoladaFetch {
        kpis: source.kpis(&ids)?,
        ..KoladaFetch::default()
    };
    for (kpi, units, years) in plan {
        if cancel.is_set() {
            break;
        }
        let query = ValueQuery {
            kpis: std::slice::from_ref(kpi),
            units,
            years,
            from_date: None,
        };
        out.values.extend(source.values(&query)?.values);
        for unit in units {
            out.keys.extend(years.iter().map(|&year| KoladaKey {
                kpi: kpi.clone(),
                unit: unit.clone(),
                year,
            }));
        }
    }
    Ok(out)
}

fn indicators_of(
    doc: &Hallbarhetssakring,
    data: KoladaData,
    not_fetched: Option<String>,
    lang: Lang,
) -> Indicators {
    let units = kolada::units_of(&doc.insats.geografi);
    let mut missing: BTreeMap<&KoladaKpiId, usize> = BTreeMap::new();
    for (kpi, ..) in &data.missing {
        *missing.entry(kpi).or_default() += 1;
    }
    let missing: BTreeMap<KoladaKpiId, usize> =
        missing.into_iter().map(|(k, n)| (k.clone(), n)).collect();
    let fetched_at = data.fetched_at.clone();
    let index = ValueIndex::new(data);
    let indicators: Vec<IndicatorValues> = doc
        .indikatorer
        .iter()
        .enumerate()
        .filter_map(|(at, ind)| {
            let kpi = ind.kolada.as_ref()?;
            let direction = kolada::direction(kpi);
            let from = ind.utgangsar.unwrap_or(0);
            Some(IndicatorValues {
                indicator: ind.id.as_str().to_owned(),
                at,
                namn: ind.namn.clone(),
                kolada: kpi.as_str().to_owned(),
                title: index.meta(kpi).map(|m| m.title.clone()),
                better: direction.map(|d| d.battre),
                direction_source: direction.map(|d| d.kalla.clone()),
                units: units
                    .iter()
                    .filter_map(|u| index.get(kpi, u))
                    .map(|s| UnitTrend::of(s, direction.map(|d| d.battre), from, lang))
                    .collect(),
                missing: missing.get(kpi).copied().unwrap_or(0),
            })
        })
        .collect();
    let findings = kolada::findings(doc, &index, lang);
    Indicators {
        source: "Kolada",
        fetched_at,
        indicators,
        findings,
        not_fetched,
    }
}
