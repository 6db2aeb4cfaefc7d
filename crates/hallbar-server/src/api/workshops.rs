//! The organisation's scoring workshops (SEI's SDG Synergies method): stored and
//! versioned like assessments, analysed as they are scored (SEI's metrics, the ranking,
//! strong negative links, the participants' spread and the network figure), exported
//! to Excel and CSV, imported from them, and one version adopted as the organisation's
//! interaction layer in its assessments.
//!
//! *Bounds:* a request's body is at most the server's body limit (1 MiB by default),
//! whether a workshop document or an imported workbook; a document holds at most the
//! counts of [`hallbar_core::graph::workshop`], checked before anything else, and a
//! workbook the bounds of [`hallbar_xlsx`]. An analysis is O(t² + s log s) for t
//! targets and s individual scores.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hallbar_core::graph::workshop::Workshop;
use hallbar_core::graph::{GoalGraph, Score, metrics, to_csv};
use hallbar_core::syntax::{self, Diagnostic, Format};
use hallbar_core::{Datum, GoalCatalogue, Lang};
use hallbar_schema::DocumentKind;
use hallbar_store::{Adoption, Role, WorkshopVersion};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{principal, require};
use crate::body::json_body;
use crate::problem::Problem;

use super::{LangQuery, Result, expected_version, lang_of, note_of, with_etag};

/// The media type of an Excel workbook.
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workshop of a request's body, checked: its structure against its schema, then its
/// meaning (targets in the catalogue, no pair on the diagonal, …), each problem with
/// its place; `lang` for the structural messages.
fn workshop_body(
    catalogue: &GoalCatalogue,
    headers: &HeaderMap,
    body: &Bytes,
    lang: Lang,
) -> Result<Workshop> {
    let text = json_body(headers, body)?;
    let report =
        hallbar_schema::validate(DocumentKind::Workshop, &text, Format::Json, catalogue, lang);
    if report.diagnostics.iter().any(Diagnostic::is_error) {
        let mut problem = Problem::invalid(&report.diagnostics, &text);
        problem.title = "The workshop is not valid".to_owned();
        return Err(problem);
    }
    let workshop: Workshop = syntax::read_json(&text)
        .map_err(|e| Problem::invalid(&[Diagnostic::error("", e.to_string())], &text))?;
    not_reserved(&workshop)?;
    Ok(workshop)
}

/// Refuses an id that a path of the API under `/v1/workshops/` takes.
fn not_reserved(workshop: &Workshop) -> Result<()> {
    if RESERVED.contains(&workshop.id.as_str()) {
        return Err(Problem::invalid(
            &[Diagnostic::error(
                "/id",
                format!(
                    "`{}` names a part of the API; choose another id",
                    workshop.id
                ),
            )],
            "",
        ));
    }
    Ok(())
}

/// The ids the API's own paths under `/v1/workshops/` take.
const RESERVED: [&str; 4] = ["analysis", "import", "layer", "ny"];

/// A stored workshop version as the API answers it.
fn version_json(id: &str, v: &WorkshopVersion, workshop: Option<&Workshop>) -> Value {
    let mut out = json!({ "id": id, "version": v.version, "author": v.author, "created_at": v.created_at, "note": v.note });
    if let (Some(w), Some(o)) = (workshop, out.as_object_mut()) {
        o.insert("document".to_owned(), json!(w));
    }
    out
}

fn adoption_json(a: Option<&Adoption>) -> Value {
    a.map_or(
        Value::Null,
        |a| json!({ "workshop": a.workshop, "version": a.version, "by": a.by, "at": a.at }),
    )
}

fn no_workshop(id: &str) -> Problem {
    Problem::not_found(&format!("no workshop `{}`", syntax::clip(id, 64)))
}

/// `GET /v1/workshops`: the organisation's workshops, each with its latest version,
/// and the one whose matrix is its interaction layer.
pub async fn list(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let (workshops, adopted) = state
        .db(|db| {
            Ok((
                db.workshops(&p.organisation)?,
                db.adopted_workshop(&p.organisation)?,
            ))
        })
        .await?;
    let listed: Vec<Value> = workshops
        .iter()
        .map(|w| {
            let mut v = version_json(&w.id, &w.latest, None);
            if let Some(o) = v.as_object_mut() {
                o.insert("titel".to_owned(), Value::from(w.titel.as_str()));
            }
            v
        })
        .collect();
    Ok(
        Json(json!({ "workshops": listed, "layer": adoption_json(adopted.as_ref()) }))
            .into_response(),
    )
}

/// `POST /v1/workshops` (handläggare, analytiker): a new workshop, version 1.
pub async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_write, "handläggare or analytiker")?;
    let lang = lang_of(q.lang.as_deref());
    let note = note_of(&headers);
    let workshop = state
        .compute(move |state, _| workshop_body(state.engine.catalogue(), &headers, &body, lang))
        .await?;
    let saved = state
        .db(|db| db.save_workshop(&p.organisation, &p.label, &note, Some(0), &workshop))
        .await?;
    Ok(with_etag(
        (
            StatusCode::CREATED,
            Json(version_json(&workshop.id, &saved, None)),
        )
            .into_response(),
        saved.version,
    ))
}

/// `GET /v1/workshops/{id}`: the latest version, with its ETag.
pub async fn get(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let stored = state
        .db(|db| db.workshop(&p.organisation, &id, None))
        .await?
        .ok_or_else(|| no_workshop(&id))?;
    Ok(with_etag(
        Json(version_json(&id, &stored.info, Some(&stored.workshop))).into_response(),
        stored.info.version,
    ))
}

/// `PUT /v1/workshops/{id}` (handläggare, analytiker; `If-Match`: the version it is
/// based on): a new version.
pub async fn update(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_write, "handläggare or analytiker")?;
    let lang = lang_of(q.lang.as_deref());
    let expected = expected_version(&headers)?;
    let note = note_of(&headers);
    let workshop = state
        .compute(move |state, _| workshop_body(state.engine.catalogue(), &headers, &body, lang))
        .await?;
    if workshop.id != id {
        return Err(Problem::invalid(
            &[Diagnostic::error(
                "/id",
                format!(
                    "the document is workshop `{}`, not `{}`",
                    workshop.id,
                    syntax::clip(&id, 64)
                ),
            )],
            "",
        ));
    }
    let saved = state
        .db(|db| db.save_workshop(&p.organisation, &p.label, &note, expected, &workshop))
        .await?;
    Ok(with_etag(
        Json(version_json(&id, &saved, None)).into_response(),
        saved.version,
    ))
}

/// `GET /v1/workshops/{id}/versions`: the newest versions, oldest first.
pub async fn versions(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let versions = state
        .db(|db| db.workshop_versions(&p.organisation, &id))
        .await?;
    if versions.is_empty() {
        return Err(no_workshop(&id));
    }
    let truncated = versions.first().is_some_and(|v| v.version > 1);
    let listed: Vec<Value> = versions
        .iter()
        .map(|v| version_json(&id, v, None))
        .collect();
    Ok(Json(json!({ "truncated": truncated, "versions": listed })).into_response())
}

/// `GET /v1/workshops/{id}/versions/{n}`: one version with its document.
pub async fn version(
    State(state): State<Arc<AppState>>,
    Path((id, n)): Path<(String, u32)>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let stored = state
        .db(|db| db.workshop(&p.organisation, &id, Some(n)))
        .await?
        .ok_or_else(|| {
            Problem::not_found(&format!(
                "no workshop `{}` version {n}",
                syntax::clip(&id, 64)
            ))
        })?;
    Ok(Json(version_json(&id, &stored.info, Some(&stored.workshop))).into_response())
}

/// `?format=xlsx|csv&version=n`.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
    version: Option<u32>,
}

/// `GET /v1/workshops/{id}/export`: the agreed matrix as an Excel workbook (with the
/// comments and the participants' scores) or as CSV.
pub async fn export(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let xlsx = match q.format.as_deref() {
        None | Some("xlsx") => true,
        Some("csv") => false,
        Some(other) => {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "bad-format",
                "Unknown format",
                format!(
                    "`format` must be xlsx or csv, not `{}`",
                    syntax::clip(other, 40)
                ),
            ));
        }
    };
    let stored = state
        .db(|db| db.workshop(&p.organisation, &id, q.version))
        .await?
        .ok_or_else(|| no_workshop(&id))?;
    state
        .compute(move |state, _| {
            let w = &stored.workshop;
            let graph = agreed(state.engine.catalogue(), w)?;
            let name = format!("{}-v{}", w.id, stored.info.version);
            let (bytes, media, ext) = if xlsx {
                let bytes = hallbar_xlsx::write(&graph, &w.poang).map_err(|e| {
                    tracing::error!(error = %e, "a workbook could not be written");
                    Problem::internal()
                })?;
                (bytes, XLSX, "xlsx")
            } else {
                (
                    to_csv(&graph).into_bytes(),
                    "text/csv; charset=utf-8",
                    "csv",
                )
            };
            Ok((
                [
                    (header::CONTENT_TYPE, media.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}.{ext}\""),
                    ),
                ],
                bytes,
            )
                .into_response())
        })
        .await
}

/// The agreed matrix of a stored workshop (checked when it was stored: a problem now
/// means the catalogue changed under it).
fn agreed(catalogue: &GoalCatalogue, w: &Workshop) -> Result<GoalGraph> {
    w.graph(catalogue).map_err(|ds| Problem::invalid(&ds, ""))
}

/// `?id=&titel=&datum=`: what the imported matrix's workshop is called.
#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    id: String,
    titel: String,
    datum: String,
    lang: Option<String>,
}

/// `POST /v1/workshops/import` (handläggare, analytiker): a matrix from an Excel
/// workbook or a CSV file as a workshop document, checked and not stored — the page
/// shows it, and stores it as the user decides.
pub async fn import(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_write, "handläggare or analytiker")?;
    let datum: Datum = q.datum.parse().map_err(|e: hallbar_core::DateError| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-date",
            "Bad date",
            format!("query parameter `datum`: {e}"),
        )
    })?;
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let csv = match media.as_str() {
        XLSX => false,
        "text/csv" => true,
        other => {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                format!(
                    "send an Excel workbook (`{XLSX}`) or `text/csv`, not `{}`",
                    syntax::clip(other, 80)
                ),
            ));
        }
    };
    state
        .compute(move |state, _| {
            let catalogue = state.engine.catalogue();
            let (graph, scores) = if csv {
                let text = std::str::from_utf8(&body).map_err(|_| {
                    Problem::new(
                        StatusCode::BAD_REQUEST,
                        "not-utf8",
                        "Body is not UTF-8",
                        "send the matrix as UTF-8 CSV",
                    )
                })?;
                let graph =
                    hallbar_core::graph::from_csv(text, catalogue, "import").map_err(|e| {
                        matrix_problem(e.problems.iter().map(|(row, column, message)| {
                            format!("row {row}, column {column}: {message}")
                        }))
                    })?;
                (graph, Vec::new())
            } else {
                let book = hallbar_xlsx::read(&body, catalogue, "import")
                    .map_err(|e| matrix_problem(e.problems.iter().map(ToString::to_string)))?;
                (book.graph, book.participants)
            };
            let workshop = Workshop::from_matrix(q.id, q.titel, datum, &graph, scores);
            not_reserved(&workshop)?;
            let problems = workshop.check(catalogue, lang_of(q.lang.as_deref()));
            if problems.iter().any(Diagnostic::is_error) {
                let mut problem = Problem::invalid(&problems, "");
                problem.title = "The workshop is not valid".to_owned();
                return Err(problem);
            }
            Ok(Json(workshop).into_response())
        })
        .await
}

/// 422 for a matrix file's problems, each named by its place in the file.
fn matrix_problem(problems: impl Iterator<Item = String>) -> Problem {
    let diagnostics: Vec<Diagnostic> = problems
        .take(100)
        .map(|m| Diagnostic::error("", m))
        .collect();
    let mut problem = Problem::invalid(&diagnostics, "");
    problem.kind = "urn:hallbar:problem:invalid-matrix".to_owned();
    problem.title = "The matrix is not valid".to_owned();
    problem
}

/// `POST /v1/workshops/analysis`: a workshop as it is being scored (not stored),
/// analysed — SEI's metrics of the agreed matrix (out-degree, in-degree, second order,
/// net influence) and the ranking, the strong negative links (−2 and −3), the
/// participants' spread per pair with the pairs to discuss first, and the network as
/// SVG; with the scale's levels, their definitions and examples.
pub async fn analysis(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    principal(&state, &headers).await?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, _| {
            let catalogue = state.engine.catalogue();
            let w = workshop_body(catalogue, &headers, &body, lang)?;
            let graph = agreed(catalogue, &w)?;
            let t = w.mal.len();
            let nodes = metrics::metrics(&graph, metrics::DEFAULT_SECOND_ORDER_WEIGHT);
            let negative: Vec<Value> = metrics::negative_links(&graph)
                .into_iter()
                .filter(|(_, _, s)| s.value() <= -2)
                .map(|(fran, till, s)| json!({ "fran": fran, "till": till, "poang": s }))
                .collect();
            let spread: Vec<Value> = w
                .spread()
                .iter()
                .map(|p| {
                    json!({
                        "fran": p.fran, "till": p.till, "min": p.min, "max": p.max, "median": p.median,
                        "agreed": p.agreed, "disagreement": p.disagreement,
                        "scores": p.scores.iter().map(|(who, s)| json!({ "deltagare": who, "poang": s })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let scale: Vec<Value> = Score::ALL
                .iter()
                .rev()
                .map(|s| json!({ "value": s, "label": s.label(lang), "definition": s.definition(lang), "example": s.example(lang) }))
                .collect();
            Ok(Json(json!({
                "pairs": t * t.saturating_sub(1),
                "agreed": w.beslut.len(),
                "metrics": nodes,
                "negative": negative,
                "spread": spread,
                "figure": hallbar_report::graph_svg(&graph, catalogue, lang),
                "scale": scale,
                "source": w.source(),
            }))
            .into_response())
        })
        .await
}

/// `GET /v1/workshops/layer`: the workshop version whose matrix is the organisation's
/// interaction layer (`null`: none; the server's interactions alone).
pub async fn layer(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let adopted = state.db(|db| db.adopted_workshop(&p.organisation)).await?;
    Ok(Json(json!({ "layer": adoption_json(adopted.as_ref()) })).into_response())
}

/// The body of `PUT /v1/workshops/layer`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerBody {
    workshop: String,
    version: u32,
}

/// `PUT /v1/workshops/layer` (analytiker): adopts a workshop version's agreed matrix as
/// the organisation's interaction layer: from now on its assessments are checked with
/// the server's interactions and, over them, the workshop's.
pub async fn set_layer(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_administer, "analytiker")?;
    let text = json_body(&headers, &body)?;
    let wanted: LayerBody = syntax::read_json(&text)
        .map_err(|e| Problem::invalid(&[Diagnostic::error("", e.to_string())], &text))?;
    let stored = state
        .db(|db| db.workshop(&p.organisation, &wanted.workshop, Some(wanted.version)))
        .await?
        .ok_or_else(|| {
            Problem::not_found(&format!(
                "no workshop `{}` version {}",
                syntax::clip(&wanted.workshop, 64),
                wanted.version
            ))
        })?;
    // It must build on the server's interactions before it is adopted.
    state
        .compute(move |state, _| {
            state
                .engine
                .with_workshop(&stored.workshop)
                .map(drop)
                .map_err(|e| {
                    let ds: Vec<Diagnostic> =
                        e.problems().iter().map(|p| p.diagnostic.clone()).collect();
                    Problem::invalid(&ds, "")
                })
        })
        .await?;
    let adopted = state
        .db(|db| {
            db.adopt_workshop(
                &p.organisation,
                Some((&wanted.workshop, wanted.version)),
                &p.label,
            )
        })
        .await?;
    Ok(Json(json!({ "layer": adoption_json(adopted.as_ref()) })).into_response())
}

/// `DELETE /v1/workshops/layer` (analytiker): the organisation's assessments are
/// checked with the server's interactions alone from now on.
pub async fn clear_layer(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_administer, "analytiker")?;
    state
        .db(|db| db.adopt_workshop(&p.organisation, None, &p.label))
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
