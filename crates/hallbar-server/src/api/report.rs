//! The decision basis (beslutsunderlag) of a stored assessment, and how reports are written.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use hallbar_core::method;
use hallbar_core::{Hallbarhetssakring, Lang};
use hallbar_report::ReportFormat;
use serde::Deserialize;

use crate::AppState;
use crate::auth::principal;

use super::{Result, findings, lang_of, latest, render, report_format};

/// `?format=html|md|text&lang=sv|en`.
#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    format: Option<String>,
    lang: Option<String>,
}

pub async fn report(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<ReportQuery>,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let format = report_format(q.format.as_deref().unwrap_or("html"), &[])?;
    let (version, doc) = latest(&state, &p, &id).await?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, _| {
            // The rules and the goal graph the version was stored under, so that an old
            // decision basis is explained by what it came from.
            let engine = state.stored_engine_blocking(&p.organisation, &version)?;
            // Kolada's values from the cache (the editor's indicators fetch what it
            // lacks): a decision basis never waits for Kolada.
            let kolada = if doc.indikatorer.iter().any(|i| i.kolada.is_some()) {
                Some(state.db_blocking(|db| {
                    hallbar_store::kolada_for(Some(db), &doc, hallbar_store::this_year())
                })?)
            } else {
                None
            };
            Ok(decision_basis(&engine, &doc, kolada.as_ref(), format, lang))
        })
        .await
}

/// The decision basis of `doc` in `format`, with `engine`'s rules and `kolada`'s values.
fn decision_basis(
    engine: &hallbar::Engine,
    doc: &Hallbarhetssakring,
    kolada: Option<&hallbar_core::kolada::KoladaData>,
    format: ReportFormat,
    lang: Lang,
) -> Response {
    let found = findings(engine, doc, lang);
    let profile = engine.profile_for(doc);
    let status = profile.map(|pr| method::status_given(doc, pr, &found));
    let suggested = method::suggested_overall(doc, engine.catalogue());
    let basis = hallbar_report::DecisionBasis {
        doc,
        findings: &found,
        status: status.as_ref(),
        profile,
        suggested: &suggested,
        catalogue: engine.catalogue(),
        graph: engine.graph(),
        rules: Some(engine.rules()),
        kolada,
        lang,
    };
    render(format, &basis.document(), lang)
}
