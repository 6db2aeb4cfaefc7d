//! The handlers, one file per resource; this file holds what they share.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hallbar_core::limits;
use hallbar_core::syntax::{self, Format};
use hallbar_core::{Finding, Hallbarhetssakring, InsatsId, Lang};
use hallbar_report::ReportFormat;
use hallbar_schema::DocumentKind;
use hallbar_store::Principal;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::body::json_body;
use crate::problem::Problem;

mod assess;
mod assessments;
mod catalogue;
mod checkpoint;
mod compare;
mod graph;
mod kolada;
mod portfolio;
mod report;
mod rules;
mod workshops;

pub use assess::assess;
pub use assessments::{create, get, list, stored_findings, update, version, versions};
pub use catalogue::{goals, places, profiles, vocabulary};
pub use checkpoint::checkpoint;
pub use compare::{diff, diff_documents};
pub use graph::graph_metrics;
pub(crate) use kolada::SEARCH_CHARS;
pub use kolada::{indicators, kpis as kolada_kpis};
pub(crate) use portfolio::MAX_TOP;
pub use portfolio::portfolio;
pub use report::report;
pub use rules::{
    check_layer, impact, layer, layer_version, layer_versions, rules, save_layer, test_layer,
    validate_rules,
};
pub(crate) use workshops::XLSX;
pub use workshops::{
    analysis as workshop_analysis, clear_layer as clear_workshop_layer, create as create_workshop,
    export as export_workshop, get as workshop, import as import_workshop, layer as workshop_layer,
    list as workshops, set_layer as set_workshop_layer, update as update_workshop,
    version as workshop_version, versions as workshop_versions,
};

type Result<T> = std::result::Result<T, Problem>;

/// Reads and fully validates an assessment from a JSON body; its problems said in `lang`.
fn assessment(
    state: &AppState,
    headers: &HeaderMap,
    body: &Bytes,
    lang: Lang,
) -> Result<Hallbarhetssakring> {
    let text = json_body(headers, body)?;
    let report = hallbar_schema::validate(
        DocumentKind::Assessment,
        &text,
        Format::Json,
        state.engine.catalogue(),
        lang,
    );
    report
        .document
        .ok_or_else(|| Problem::invalid(&report.diagnostics, &text))
}

fn lang_of(lang: Option<&str>) -> Lang {
    if lang == Some("en") {
        Lang::En
    } else {
        Lang::Sv
    }
}

/// `?lang=sv|en`.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// The findings of `doc` with `engine`'s rules, in its own method profile.
fn findings(engine: &hallbar::Engine, doc: &Hallbarhetssakring, lang: Lang) -> Vec<Finding> {
    engine.assessor(engine.profile_for(doc)).findings(doc, lang)
}

/// Walks the latest version of each of `organisation`'s stored assessments, one at a
/// time in insats-id order, handing `each` its place in the walk and the document when
/// it reads and passes its checks (the limits of a document and the catalogue's), or
/// what is wrong with it — stored before a check existed, say — so that it is counted
/// and named, not dropped.
///
/// # Errors
/// A database error; an internal problem when `cancel` was set (the request is gone).
///
/// # Complexity
/// Linear in the organisation's assessments, each bounded by [`limits`]; `cancel` is
/// checked before each.
fn each_stored(
    state: &AppState,
    organisation: &str,
    lang: Lang,
    cancel: &crate::Cancel,
    mut each: impl FnMut(u64, std::result::Result<&Hallbarhetssakring, String>),
) -> Result<()> {
    let mut position = 0;
    state.db_blocking(|db| {
        db.each_latest(organisation, &mut |latest| {
            if cancel.is_set() {
                return std::ops::ControlFlow::Break(());
            }
            position += 1;
            let problem = match syntax::read_json::<Hallbarhetssakring>(latest.document) {
                Ok(doc) => match limits::check_document(&doc)
                    .into_iter()
                    .chain(hallbar_core::check::check(
                        &doc,
                        state.engine.catalogue(),
                        lang,
                    ))
                    .find(|d| d.is_error())
                {
                    None => {
                        each(position, Ok(&doc));
                        return std::ops::ControlFlow::Continue(());
                    }
                    Some(d) => format!("{}: {}", d.pointer, d.message),
                },
                Err(e) => e.to_string(),
            };
            each(
                position,
                Err(format!(
                    "{} (version {}): {problem}",
                    latest.insats_id, latest.version
                )),
            );
            std::ops::ControlFlow::Continue(())
        })
    })?;
    if cancel.is_set() {
        return Err(Problem::internal());
    }
    Ok(())
}

/// The caller's organisation's latest version of `id`, and its document — refused
/// (422) when it exceeds the limits of a document, as one stored before there were
/// limits may.
async fn latest(
    state: &AppState,
    p: &Principal,
    id: &str,
) -> Result<(hallbar_store::Version, Hallbarhetssakring)> {
    let version = state.db(|db| db.get(&p.organisation, id, None)).await?;
    let doc: Hallbarhetssakring = stored(&version.document)?;
    let over = limits::check_document(&doc);
    if !over.is_empty() {
        return Err(Problem::invalid(&over, ""));
    }
    Ok((version, doc))
}

fn insats_id(id: &str) -> Result<InsatsId> {
    InsatsId::new(id).map_err(|e| Problem::not_found(&e.to_string()))
}

/// A stored document read back, as an assessment or as a JSON value.
fn stored<T: serde::de::DeserializeOwned>(doc: &str) -> Result<T> {
    syntax::read_json(doc).map_err(|e| {
        tracing::error!(error = %e, "a stored document does not read back");
        Problem::internal()
    })
}

/// The workshop version a stored version was stored under, as the API answers it:
/// `{"id", "version"}`, or null.
fn workshop_json(workshop: Option<&(String, u32)>) -> serde_json::Value {
    workshop.map_or(
        serde_json::Value::Null,
        |(id, version)| json!({ "id": id, "version": version }),
    )
}

/// A version as the API answers it. The stored document's text, JSON that the store
/// wrote, goes out as it is: not parsed, checked and written again on every read.
#[derive(Debug)]
struct VersionOut(String);

impl VersionOut {
    fn of(v: &hallbar_store::Version) -> Self {
        let head = json!({ "insats_id": v.insats_id, "version": v.version, "author": v.author, "created_at": v.created_at, "note": v.note, "rule_layer": v.rule_layer, "workshop": workshop_json(v.workshop.as_ref()) });
        let mut out = head.to_string();
        // `{…}` → `{…,"document":<text>}`
        out.pop();
        out.reserve(v.document.len() + 13);
        out.push_str(",\"document\":");
        out.push_str(&v.document);
        out.push('}');
        Self(out)
    }
}

impl IntoResponse for VersionOut {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

fn note_of(headers: &HeaderMap) -> String {
    headers
        .get("x-hallbar-note")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(500)
        .collect()
}

/// `response` with `ETag: "version"`.
fn with_etag(mut response: Response, version: u32) -> Response {
    if let Ok(etag) = format!("\"{version}\"").parse() {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

fn expected_version(headers: &HeaderMap) -> Result<Option<u32>> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = v.to_str().unwrap_or("").trim().trim_matches('"');
    text.parse().map(Some).map_err(|_| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-if-match",
            "Bad If-Match",
            format!("`If-Match` must be a version number such as \"3\", not `{text}`"),
        )
    })
}

pub async fn health() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

pub async fn ready(State(state): State<Arc<AppState>>) -> Result<Response> {
    state.db(|db| db.ready()).await?;
    Ok(Json(json!({ "status": "ready" })).into_response())
}

/// The report format `name` (from `?format=`); `also` names what the endpoint takes
/// besides the report formats, for the error.
fn report_format(name: &str, also: &[&str]) -> Result<ReportFormat> {
    name.parse().map_err(|_| {
        let names: Vec<&str> = also
            .iter()
            .copied()
            .chain(ReportFormat::ALL.map(ReportFormat::name))
            .collect();
        let expected = match names.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
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
fn render(format: ReportFormat, document: &hallbar_report::Document, lang: Lang) -> Response {
    let body = format.render(document, lang);
    let content_type = (header::CONTENT_TYPE, format.media_type());
    if format == ReportFormat::Html {
        let policy = (header::CONTENT_SECURITY_POLICY, crate::ui::REPORT_POLICY);
        ([content_type, policy], body).into_response()
    } else {
        ([content_type], body).into_response()
    }
}
