//! Deciding a checkpoint (hållplats) of a stored assessment.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hallbar_core::limits;
use hallbar_core::syntax::{self, Format};
use hallbar_core::{Beslut, Datum, Hallbarhetssakring, Hallplats, StegId};
use hallbar_store::Role;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{principal, require};
use crate::body::json_body;
use crate::problem::Problem;

use super::{Result, VersionOut, insats_id, stored};

/// A checkpoint decision to record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Decision {
    efter_steg: StegId,
    beslut: Beslut,
    motivering: String,
    #[serde(default)]
    datum: Option<Datum>,
}

pub async fn checkpoint(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_write, "handlaggare or analytiker")?;
    let id = insats_id(&id)?;
    let text = json_body(&headers, &body)?;
    let decision: Decision =
        syntax::parse_as(&text, Format::Json).map_err(|d| Problem::invalid(&[d], &text))?;
    if decision.motivering.trim().is_empty() {
        let d =
            syntax::Diagnostic::error("/motivering", "a checkpoint decision needs a motivation");
        return Err(Problem::invalid(&[d], &text));
    }
    if decision
        .motivering
        .chars()
        .nth(limits::MAX_TEXT_CHARS)
        .is_some()
    {
        let d = syntax::Diagnostic::error(
            "/motivering",
            format!(
                "the text is longer than {} characters",
                limits::MAX_TEXT_CHARS
            ),
        );
        return Err(Problem::invalid(&[d], &text));
    }
    // The decision is added to the latest version; another writer in between makes
    // this a conflict (412), not a lost version.
    let latest = state
        .db(|db| db.get(&p.organisation, id.as_str(), None))
        .await?;
    let mut doc: Hallbarhetssakring = stored(&latest.document)?;
    doc.hallplatser.push(Hallplats {
        efter_steg: decision.efter_steg,
        beslut: Some(decision.beslut),
        motivering: decision.motivering,
        beslutad_av: Some(p.label.clone())
            .filter(|l| !l.is_empty())
            .or_else(|| Some(p.organisation.clone())),
        datum: decision.datum,
    });
    // The decision keeps the document within the limits it was stored under.
    let over = limits::check_document(&doc);
    if !over.is_empty() {
        return Err(Problem::invalid(&over, ""));
    }
    let v = state
        .db(|db| {
            db.update(
                &p.organisation,
                &id,
                &p.label,
                "hållplatsbeslut",
                Some(latest.version),
                &doc,
            )
        })
        .await?;
    Ok((StatusCode::CREATED, VersionOut::of(&v)).into_response())
}
