//! Assessing a document sent in the request, without storing it.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use hallbar_core::method;
use hallbar_core::{Finding, InsatsId};
use serde::Deserialize;

use crate::AppState;
use crate::auth::principal;
use crate::problem::Problem;

use super::{Result, assessment, lang_of};

/// `?lang=sv|en&figures=true`.
#[derive(Debug, Deserialize)]
pub struct AssessQuery {
    lang: Option<String>,
    /// Also draw the goal wheel, the power/interest grid and the goal network (SVG): what
    /// the web interface redraws as a caseworker types.
    #[serde(default)]
    figures: bool,
}

pub async fn assess(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<AssessQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    state
        .compute(move |state, _| {
            // The organisation's rules as they are now: what a save would record.
            let (_, engine) = state.current_engine_blocking(&p.organisation)?;
            assessed(state, &engine, &headers, &q, &body)
        })
        .await
}

/// The answer of `POST /v1/assess`: the body checked and assessed.
///
/// # Complexity
/// Linear in the body, and O(p · q) in the goals the effects name positive (p) and
/// negative (q), both bounded by [`hallbar_core::limits`]: what the assessor's goal
/// conflicts cost (see `hallbar_core::assess::Assessor::findings`).
fn assessed(
    state: &AppState,
    engine: &hallbar::Engine,
    headers: &HeaderMap,
    q: &AssessQuery,
    body: &Bytes,
) -> Result<Response> {
    let lang = lang_of(q.lang.as_deref());
    let doc = assessment(state, headers, body, lang)?;
    let assessment = engine.assess_document(doc, lang).map_err(|e| {
        let diagnostics: Vec<_> = e.problems().iter().map(|p| p.diagnostic.clone()).collect();
        Problem::invalid(&diagnostics, "")
    })?;
    /// The answer, written straight from the assessment (no intermediate JSON tree).
    #[derive(serde::Serialize)]
    struct Assessed<'a> {
        insats: &'a InsatsId,
        findings: &'a [Finding],
        status: &'a method::Status<'a>,
        suggested: &'a [method::Suggested],
        #[serde(skip_serializing_if = "Option::is_none")]
        figures: Option<Figures>,
    }
    /// The figures, SVG.
    #[derive(serde::Serialize)]
    struct Figures {
        wheel: String,
        grid: Option<String>,
        network: Option<String>,
    }
    let doc = &assessment.document;
    let figures = q.figures.then(|| Figures {
        wheel: hallbar_report::goal_wheel(doc, engine.catalogue(), lang),
        grid: (!doc.intressenter.is_empty()).then(|| hallbar_report::stakeholder_grid(doc, lang)),
        network: engine.graph().and_then(|graph| {
            hallbar_report::insats_network(
                doc,
                &assessment.findings,
                graph,
                engine.catalogue(),
                lang,
            )
        }),
    });
    Ok(Json(Assessed {
        insats: &doc.insats.id,
        findings: &assessment.findings,
        status: &assessment.status,
        suggested: &assessment.suggested,
        figures,
    })
    .into_response())
}
