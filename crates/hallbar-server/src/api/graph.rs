//! The goal graph's metrics, of the engine's graph or of a matrix sent in the request.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hallbar_core::graph::metrics;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::principal;
use crate::problem::Problem;

use super::Result;

/// `?second_order_weight=0.5`.
#[derive(Debug, Deserialize)]
pub struct MetricsQuery {
    second_order_weight: Option<f64>,
}

pub async fn graph_metrics(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<MetricsQuery>,
    body: Bytes,
) -> Result<Response> {
    principal(&state, &headers).await?;
    let w = metrics::second_order_weight(
        q.second_order_weight
            .unwrap_or(metrics::DEFAULT_SECOND_ORDER_WEIGHT),
    )
    .map_err(|e| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-weight",
            "Bad weight",
            format!("query parameter `second_order_weight`: {e}"),
        )
    })?;
    state
        .compute(move |state, _| {
            let graph = if body.is_empty() {
                state.engine.graph().cloned().unwrap_or_default()
            } else {
                matrix(state, &body)?
            };
            Ok(Json(json!({ "nodes": metrics::metrics(&graph, w) })).into_response())
        })
        .await
}

/// The cross-impact matrix of a request's body (CSV).
fn matrix(state: &AppState, body: &Bytes) -> Result<hallbar_core::graph::GoalGraph> {
    let text = std::str::from_utf8(body).map_err(|_| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "not-utf8",
            "Body is not UTF-8",
            "send the matrix as UTF-8 CSV",
        )
    })?;
    hallbar_core::graph::from_csv(text, state.engine.catalogue(), "request").map_err(|e| {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-matrix",
            "The matrix is not valid",
            format!("{} problem(s)", e.problems.len()),
        );
        p.errors = e
            .problems
            .iter()
            .map(|(row, column, message)| crate::problem::Place {
                pointer: String::new(),
                line: Some(*row),
                column: Some(*column),
                message: message.clone(),
                help: None,
                code: None,
            })
            .collect();
        p
    })
}
