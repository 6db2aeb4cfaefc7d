//! Kolada's key figures for the web form: a picker that searches their titles, and an
//! assessment's indicators with their values. Both answer from the cache in the
//! server's database and, when the server has Kolada's address (`serve --kolada-url`),
//! fetch what the cache lacks first: a search that finds nothing cached asks Kolada,
//! and an assessment's missing keys are fetched and stored in one transaction.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use hallbar_core::kolada::{self, KoladaData, KpiMeta, ValueIndex};
use hallbar_core::portfolio::UnitTrend;
use hallbar_core::{Finding, Hallbarhetssakring, Lang};
use hallbar_kolada::{KoladaSource, ValueQuery};
use hallbar_store::{KoladaFetch, KoladaKey};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::principal;
use crate::problem::Problem;

use super::{Result, lang_of, latest};

/// The shortest and longest search text, in characters.
pub(crate) const SEARCH_CHARS: (usize, usize) = (2, 100);

/// The most keys (key figure × unit × year) one assessment's indicators fetch on
/// demand; more is left to `hallbar indikatorer hamta`.
pub(crate) const MAX_ON_DEMAND_KEYS: usize = 5_000;

/// `?q=text`.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

/// Key figures found, and where from.
#[derive(Debug, Serialize)]
struct Found {
    /// `cache` or `kolada`.
    from: &'static str,
    kpis: Vec<KpiMeta>,
    source: &'static str,
}

/// `GET /v1/kolada/kpis?q=`: key figures whose id or title holds `q`, from the cache;
/// when none is cached and the server has Kolada's address, from Kolada (and cached).
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
    let found = state
        .compute(move |state, _| {
            let cached = state.db_blocking(|db| db.kolada_search(&q))?;
            let Some(source) = state.kolada.as_ref() else {
                return Ok(Found {
                    from: "cache",
                    kpis: cached,
                    source: "Kolada",
                });
            };
            if !cached.is_empty() {
                return Ok(Found {
                    from: "cache",
                    kpis: cached,
                    source: "Kolada",
                });
            }
            let kpis = source.search(&q).map_err(unavailable)?;
            if !kpis.is_empty() {
                let fetch = KoladaFetch {
                    kpis: kpis.clone(),
                    ..KoladaFetch::default()
                };
                state.db_blocking(|db| db.kolada_save(&fetch))?;
            }
            Ok(Found {
                from: "kolada",
                kpis,
                source: "Kolada",
            })
        })
        .await?;
    Ok(Json(
        serde_json::to_value(found).map_err(|_| Problem::internal())?,
    ))
}

/// 502: Kolada could not be asked.
fn unavailable(e: hallbar_kolada::KoladaError) -> Problem {
    tracing::warn!(error = %e, "Kolada");
    Problem::new(
        StatusCode::BAD_GATEWAY,
        "kolada",
        "Kolada did not answer",
        format!("Kolada: {e}"),
    )
}

/// One indicator that is a Kolada key figure, with its values.
#[derive(Debug, Serialize)]
struct IndicatorValues {
    /// The indicator's id.
    indicator: String,
    namn: String,
    kolada: String,
    /// The key figure's title, when cached.
    title: Option<String>,
    /// Which way is better, from hallbar's table.
    better: Option<kolada::Better>,
    direction_source: Option<String>,
    /// Its values per unit of the insats and the country.
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
    let (_, doc) = latest(&state, &p, &id).await?;
    let lang = lang_of(q.lang.as_deref());
    let answer = state
        .compute(move |state, _| {
            let (data, not_fetched) = values_for(state, &doc, lang)?;
            Ok(indicators_of(&doc, data, not_fetched, lang))
        })
        .await?;
    Ok(Json(
        serde_json::to_value(answer).map_err(|_| Problem::internal())?,
    ))
}

/// What the cache has for `doc`'s indicators, after fetching what it lacks when the
/// server has Kolada's address; and why nothing was fetched, when it was not.
fn values_for(
    state: &AppState,
    doc: &Hallbarhetssakring,
    lang: Lang,
) -> Result<(KoladaData, Option<String>)> {
    let to_year = hallbar_store::this_year();
    let read = || state.db_blocking(|db| hallbar_store::kolada_for(Some(db), doc, to_year));
    let data = read()?;
    if data.missing.is_empty() {
        return Ok((data, None));
    }
    let Some(source) = state.kolada.as_ref() else {
        return Ok((
            data,
            Some(
                lang.pick(
                    "servern hämtar inte från Kolada",
                    "the server does not fetch from Kolada",
                )
                .to_owned(),
            ),
        ));
    };
    let missing = data.missing.len();
    if missing > MAX_ON_DEMAND_KEYS {
        let why = lang.pick(
            format!("{missing} nycklar saknas, fler än {MAX_ON_DEMAND_KEYS} hämtas inte på begäran; kör hallbar indikatorer hamta"),
            format!("{missing} keys are missing, more than {MAX_ON_DEMAND_KEYS} are not fetched on demand; run hallbar indikatorer hamta"),
        );
        return Ok((data, Some(why)));
    }
    match fetch(source, doc, to_year) {
        Ok(fetch) => {
            state.db_blocking(|db| db.kolada_save(&fetch))?;
            Ok((read()?, None))
        }
        Err(e) => {
            tracing::warn!(error = %e, "Kolada");
            Ok((data, Some(format!("Kolada: {e}"))))
        }
    }
}

/// Every key `doc`'s indicators need, fetched whole: metadata and values.
fn fetch(
    source: &dyn KoladaSource,
    doc: &Hallbarhetssakring,
    to_year: u16,
) -> std::result::Result<KoladaFetch, hallbar_kolada::KoladaError> {
    let needs = kolada::needs(doc, to_year);
    let ids: Vec<_> = needs.iter().map(|n| n.kpi.clone()).collect();
    let mut out = KoladaFetch {
        kpis: source.kpis(&ids)?,
        ..KoladaFetch::default()
    };
    for need in &needs {
        let years: Vec<u16> = (need.from..=to_year).collect();
        let kpis = std::slice::from_ref(&need.kpi);
        let query = ValueQuery {
            kpis,
            units: &need.units,
            years: &years,
            from_date: None,
        };
        out.values.extend(source.values(&query)?.values);
        for unit in &need.units {
            out.keys.extend(years.iter().map(|&year| KoladaKey {
                kpi: need.kpi.clone(),
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
    let missing =
        |kpi: &hallbar_core::KoladaKpiId| data.missing.iter().filter(|(k, ..)| k == kpi).count();
    let indicators: Vec<IndicatorValues> = doc
        .indikatorer
        .iter()
        .filter_map(|ind| {
            let kpi = ind.kolada.as_ref()?;
            let direction = kolada::direction(kpi);
            Some(IndicatorValues {
                indicator: ind.id.as_str().to_owned(),
                namn: ind.namn.clone(),
                kolada: kpi.as_str().to_owned(),
                title: data
                    .kpis
                    .iter()
                    .find(|m| &m.id == kpi)
                    .map(|m| m.title.clone()),
                better: direction.map(|d| d.battre),
                direction_source: direction.map(|d| d.kalla.clone()),
                units: kolada::series(&data.values, kpi, &units)
                    .iter()
                    .map(|s| UnitTrend::of(s, direction.map(|d| d.battre), lang))
                    .collect(),
                missing: missing(kpi),
            })
        })
        .collect();
    let fetched_at = data.fetched_at.clone();
    let findings = kolada::findings(doc, &ValueIndex::new(data), lang);
    Indicators {
        source: "Kolada",
        fetched_at,
        indicators,
        findings,
        not_fetched,
    }
}
