//! The rule set: listed, and rule files checked.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use hallbar_core::syntax::Format;
use hallbar_schema::DocumentKind;
use hallbar_store::Role;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{principal, require};
use crate::body::json_body;
use crate::problem::Problem;

use super::Result;

pub async fn rules(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response> {
    principal(&state, &headers).await?;
    let rules: Vec<Value> = state
        .engine
        .rules()
        .rules()
        .map(|r| json!({ "id": r.id, "titel": r.titel, "typ": r.typ, "allvarlighet": r.allvarlighet, "kalla": r.kalla }))
        .collect();
    Ok(Json(json!({ "rules": rules })).into_response())
}

pub async fn validate_rules(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_administer, "analytiker")?;
    state
        .compute(move |state, _| {
            let text = json_body(&headers, &body)?;
            let report = hallbar_schema::validate(
                DocumentKind::Rules,
                &text,
                Format::Json,
                state.engine.catalogue(),
                hallbar_core::Lang::En,
            );
            if report.has_errors() {
                return Err(Problem::invalid(&report.diagnostics, &text));
            }
            Ok(Json(json!({ "valid": true, "warnings": report.diagnostics.iter().map(|d| json!({"pointer": d.pointer, "message": d.message})).collect::<Vec<_>>() })).into_response())
        })
        .await
}
