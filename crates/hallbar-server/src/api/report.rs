//! The decision basis (beslutsunderlag) of a stored assessment, and how reports are written.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hallbar_core::method;
use hallbar_core::syntax::{self};
use hallbar_core::{Hallbarhetssakring, Lang};
use hallbar_report::ReportFormat;
use serde::Deserialize;

use crate::AppState;
use crate::auth::principal;
use crate::problem::Problem;

use super::{Result, findings, lang_of, latest};

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
    let format = report_format(q.format.as_deref().unwrap_or("html"), "html, md or text")?;
    let (_, doc) = latest(&state, &p, &id).await?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, _| Ok(decision_basis(state, &doc, format, lang)))
        .await
}

/// The decision basis of `doc` in `format`.
fn decision_basis(
    state: &AppState,
    doc: &Hallbarhetssakring,
    format: ReportFormat,
    lang: Lang,
) -> Response {
    let found = findings(state, doc, lang);
    let profile = state.engine.profile_for(doc);
    let status = profile.map(|pr| method::status(doc, pr));
    let suggested = method::suggested_overall(doc, state.engine.catalogue());
    let basis = hallbar_report::DecisionBasis {
        doc,
        findings: &found,
        status: status.as_ref(),
        suggested: &suggested,
        catalogue: state.engine.catalogue(),
        graph: state.engine.graph(),
        lang,
    };
    render(format, &basis.document(), lang)
}

/// The report format `name` (from `?format=`); `expected` lists what the endpoint
/// takes, for the error.
pub(super) fn report_format(name: &str, expected: &str) -> Result<ReportFormat> {
    name.parse().map_err(|_| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-format",
            "Unknown report format",
            format!(
                "`format` must be {expected}, not `{}`",
                syntax::clip(name, 40)
            ),
        )
    })
}

/// `document` as a response in `format`; HTML under the report's content policy.
pub(super) fn render(
    format: ReportFormat,
    document: &hallbar_report::Document,
    lang: Lang,
) -> Response {
    let body = format.render(document, lang);
    let content_type = (header::CONTENT_TYPE, format.media_type());
    if format == ReportFormat::Html {
        let policy = (header::CONTENT_SECURITY_POLICY, crate::ui::REPORT_POLICY);
        ([content_type, policy], body).into_response()
    } else {
        ([content_type], body).into_response()
    }
}
