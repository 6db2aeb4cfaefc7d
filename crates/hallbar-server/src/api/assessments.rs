//! The organisation's stored assessments: listed, created, updated, read, their versions and their findings.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hallbar_core::method;
use hallbar_core::syntax;
use hallbar_core::{Hallbarhetssakring, Lang};
use hallbar_store::Role;
use serde_json::json;

use std::ops::ControlFlow;

use crate::auth::{principal, require};
use crate::{AppState, Cancel};

use super::{
    LangQuery, Result, VersionOut, assessment, expected_version, findings, insats_id, lang_of,
    latest, note_of, workshop_json,
};

/// The organisation's assessments: for each, its latest version's title, where it
/// stands in its method, and when and by whom it last changed.
pub async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, cancel| listed(state, &p.organisation, lang, cancel))
        .await
}

/// The list of `organisation`'s assessments, read one stored document at a time.
fn listed(state: &AppState, organisation: &str, lang: Lang, cancel: &Cancel) -> Result<Response> {
    // The organisation's rules in force, as the editor assesses with.
    let (_, engine, _) = state.current_engine_or_server(organisation)?;
    let mut items = Vec::new();
    state.db_blocking(|db| {
        db.each_latest(organisation, &mut |latest| {
            if cancel.is_set() {
                return ControlFlow::Break(());
            }
            // A stored document that no longer reads is listed with what the store knows.
            let doc = syntax::read_json::<Hallbarhetssakring>(latest.document).ok();
            let profile = doc.as_ref().and_then(|d| engine.profile_for(d));
            let state = doc.as_ref().zip(profile).map(|(d, profile)| {
                // As the editor shows it: no step is done while a serious finding
                // about it stands.
                let mut status = method::progress(d, profile);
                status.hold_back(&findings(&engine, d, lang), profile);
                status.state
            });
            items.push(json!({
                "insats_id": latest.insats_id,
                "title": doc.as_ref().map(|d| d.insats.titel.as_str()),
                "latest_version": latest.version,
                "updated_at": latest.updated_at,
                "updated_by": latest.author,
                "profile": profile.map(|p| p.profil.id.as_str()),
                "state": state,
                "state_label": state.as_ref().map(|s| s.label(lang)),
            }));
            ControlFlow::Continue(())
        })
    })?;
    Ok(Json(json!({ "assessments": items })).into_response())
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let lang = lang_of(q.lang.as_deref());
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_write, "handlaggare or analytiker")?;
    let note = note_of(&headers);
    let doc = state
        .compute(move |state, _| assessment(state, &headers, &body, lang))
        .await?;
    let v = state
        .db(|db| db.create(&p.organisation, &p.label, &note, &doc))
        .await?;
    let mut response = (StatusCode::CREATED, VersionOut::of(&v)).into_response();
    if let Ok(location) = format!("/v1/assessments/{}", v.insats_id).parse() {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

pub async fn update(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let lang = lang_of(q.lang.as_deref());
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_write, "handlaggare or analytiker")?;
    let id = insats_id(&id)?;
    let expected = expected_version(&headers)?;
    let note = note_of(&headers);
    let doc = state
        .compute(move |state, _| assessment(state, &headers, &body, lang))
        .await?;
    let v = state
        .db(|db| db.update(&p.organisation, &id, &p.label, &note, expected, &doc))
        .await?;
    Ok(VersionOut::of(&v).into_response())
}

pub async fn get(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let v = state.db(|db| db.get(&p.organisation, &id, None)).await?;
    let mut response = VersionOut::of(&v).into_response();
    if let Ok(etag) = format!("\"{}\"", v.version).parse() {
        response.headers_mut().insert(header::ETAG, etag);
    }
    Ok(response)
}

pub async fn versions(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let stored = state.db(|db| db.versions(&p.organisation, &id)).await?;
    // Versions are numbered from 1 and never deleted: a first one above 1 says the
    // listing holds only the newest (`MAX_VERSIONS_LISTED`).
    let truncated = stored.first().is_some_and(|v| v.version > 1);
    let mut out = format!("{{\"truncated\":{truncated},\"versions\":[");
    for (i, v) in stored.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&VersionOut::of(v).0);
    }
    out.push_str("]}");
    Ok(([(header::CONTENT_TYPE, "application/json")], out).into_response())
}

pub async fn version(
    State(state): State<Arc<AppState>>,
    Path((id, n)): Path<(String, u32)>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let v = state.db(|db| db.get(&p.organisation, &id, Some(n))).await?;
    Ok(VersionOut::of(&v).into_response())
}

pub async fn stored_findings(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let (latest, doc) = latest(&state, &p, &id).await?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, _| {
            // The rules and the goal graph the version was stored under: its findings as
            // they were then.
            let engine = state.stored_engine_blocking(&p.organisation, &latest)?;
            Ok(Json(json!({ "insats": id, "version": latest.version, "rule_layer": latest.rule_layer, "workshop": workshop_json(latest.workshop.as_ref()), "findings": findings(&engine, &doc, lang) })).into_response())
        })
        .await
}
