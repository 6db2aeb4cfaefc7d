//! What changed between two versions, or two documents.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use hallbar_core::syntax::{self, Format};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::principal;
use crate::body::json_body;
use crate::problem::Problem;

use super::Result;

/// `?from=N&to=M`: two versions.
#[derive(Debug, Deserialize)]
pub struct DiffQuery {
    from: u32,
    to: u32,
}

/// What changed from version `from` to version `to`, field by field.
pub async fn diff(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<DiffQuery>,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let (from, to) = state
        .db(|db| {
            Ok((
                db.get(&p.organisation, &id, Some(q.from))?,
                db.get(&p.organisation, &id, Some(q.to))?,
            ))
        })
        .await?;
    state
        .compute(move |_, _| {
            let tree = |v: &hallbar_store::Version| {
                syntax::parse(&v.document, Format::Json).map_err(|e| {
                    tracing::error!(error = %e.message, "a stored document does not read back");
                    Problem::internal()
                })
            };
            let (before, after) = (tree(&from)?, tree(&to)?);
            let budget = crate::diff::budget(from.document.len() + to.document.len());
            let crate::diff::Diff { changes, truncated } =
                crate::diff::diff(&before, &after, budget);
            Ok(Json(json!({ "insats_id": id, "from": from.version, "to": to.version, "changes": changes, "truncated": truncated })).into_response())
        })
        .await
}

/// What changed from one document to another, field by field: for comparing what a
/// caseworker typed with a version someone else saved first. The body is
/// `{"before": …, "after": …}`; the documents need not be valid (one may be half
/// written), but no key may be longer than [`crate::diff::MAX_KEY_CHARS`].
pub async fn diff_documents(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    principal(&state, &headers).await?;
    state.compute(move |_, _| compared(&headers, &body)).await
}

/// The answer of `POST /v1/diff`.
fn compared(headers: &HeaderMap, body: &Bytes) -> Result<Response> {
    let text = json_body(headers, body)?;
    let invalid = |d: syntax::Diagnostic| Problem::invalid(&[d], &text);
    let node = syntax::parse(&text, Format::Json).map_err(invalid)?;
    let member = |key: &str| match &node.value {
        syntax::Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.node),
        _ => None,
    };
    let (Some(before), Some(after)) = (member("before"), member("after")) else {
        let d = syntax::Diagnostic::error("", "expected an object with `before` and `after`");
        return Err(Problem::invalid(&[d], &text));
    };
    if let syntax::Value::Object(members) = &node.value
        && let Some(other) = members
            .iter()
            .find(|m| m.key != "before" && m.key != "after")
    {
        let d = syntax::Diagnostic::error(
            syntax::pointer_key("", &other.key),
            "unknown field; expected `before` and `after`",
        );
        return Err(Problem::invalid(&[d], &text));
    }
    if let Some(d) =
        crate::diff::long_key(before, "/before").or_else(|| crate::diff::long_key(after, "/after"))
    {
        return Err(Problem::invalid(&[d], &text));
    }
    let diff = crate::diff::diff(before, after, crate::diff::budget(text.len()));
    Ok(Json(diff).into_response())
}
