//! The follow-up of all of an organisation's assessments.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hallbar_core::portfolio;
use hallbar_store::Role;
use serde::Deserialize;

use crate::auth::{principal, require};
use crate::problem::Problem;
use crate::{AppState, Cancel};

use super::{Result, each_stored, lang_of, render, report_format};

/// `?format=json|html|md|text&lang=sv|en&top=N`.
#[derive(Debug, Deserialize)]
pub struct PortfolioQuery {
    format: Option<String>,
    lang: Option<String>,
    top: Option<usize>,
}

/// The most rows of conflict pairs and cumulative conflicts a portfolio report lists.
pub(crate) const MAX_TOP: usize = 1000;

/// The follow-up of the organisation's portfolio: the latest version of each of its
/// assessments added up, as `hallbar portfolio` does for files.
pub async fn portfolio(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<PortfolioQuery>,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    // The follow-up of the whole portfolio is the analysts' work, and the costliest
    // read there is: caseworkers and readers see assessments one at a time.
    require(&p, Role::can_administer, "analytiker")?;
    // The report's data as JSON unless a document format is asked for.
    let format = match q.format.as_deref() {
        None | Some("json") => None,
        Some(name) => Some(report_format(name, &["json"])?),
    };
    let top = q.top.unwrap_or(portfolio::DEFAULT_TOP);
    if !(1..=MAX_TOP).contains(&top) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-top",
            "Bad number of rows",
            format!("`top` must be between 1 and {MAX_TOP}, not {top}"),
        ));
    }
    let lang = lang_of(q.lang.as_deref());
    // Adding up reads every stored document: off the threads that serve requests, and
    // stopped when the request is gone.
    state
        .compute(move |state, cancel| {
            let report = add_up(state, &p.organisation, top, lang, cancel)?;
            Ok(match format {
                None => Json(report).into_response(),
                Some(format) => render(
                    format,
                    &hallbar_report::portfolio_document(&report, state.engine.catalogue(), lang),
                    lang,
                ),
            })
        })
        .await
}

/// Adds up the latest version of each of `organisation`'s assessments; the problems of
/// those that no longer pass the checks said in `lang`.
///
/// # Complexity
/// Linear in the organisation's assessments, each bounded by [`hallbar_core::limits`];
/// `cancel` is checked before each.
fn add_up(
    state: &AppState,
    organisation: &str,
    top: usize,
    lang: hallbar_core::Lang,
    cancel: &Cancel,
) -> Result<portfolio::Report> {
    // The organisation's rules as they are now; no profile: each document is checked
    // against its own.
    let (_, engine) = state.current_engine_blocking(organisation)?;
    let portfolio = portfolio::Portfolio::new(engine.assessor(None));
    let mut summary = portfolio::Summary::default();
    each_stored(
        state,
        organisation,
        lang,
        cancel,
        |position, doc| match doc {
            Ok(doc) => portfolio.add(&mut summary, position, doc),
            Err(message) => summary.add_invalid(position, || message),
        },
    )?;
    Ok(portfolio.report(&summary, top))
}
