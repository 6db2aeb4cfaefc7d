//! What documents are written with: the goal catalogue, the method profiles and the closed lists' values.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use hallbar_core::Lang;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::principal;

use super::{LangQuery, Result, lang_of};

pub async fn goals(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response> {
    principal(&state, &headers).await?;
    let lang = lang_of(q.lang.as_deref());
    let goals: Vec<Value> = state
        .engine
        .catalogue()
        .iter()
        .map(|g| json!({ "id": g.id, "framework": g.framework, "parent": g.parent, "name": g.name(lang), "dimension": state.engine.catalogue().dimension(&g.id) }))
        .collect();
    Ok(Json(json!({ "goals": goals })).into_response())
}

/// Sweden's counties and municipalities by code and name: what the form's geography
/// offers to pick from.
pub async fn places(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response> {
    use hallbar_core::places::{COUNTIES, MUNICIPALITIES};
    principal(&state, &headers).await?;
    let counties: Vec<Value> = COUNTIES
        .iter()
        .map(|c| json!({ "kod": c.code, "namn": c.name }))
        .collect();
    let municipalities: Vec<Value> = MUNICIPALITIES
        .iter()
        .map(|m| json!({ "kod": m.code, "namn": m.name, "lan": m.county() }))
        .collect();
    Ok(Json(json!({ "lan": counties, "kommuner": municipalities })).into_response())
}

/// The method profiles of the engine: steps, what each requires, checkpoints and the
/// handbook's questions.
pub async fn profiles(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response> {
    principal(&state, &headers).await?;
    Ok(Json(json!({ "profiles": state.engine.profiles() })).into_response())
}

/// The values of the document's closed lists, each with its label in `lang`: what a
/// form offers to choose from.
pub async fn vocabulary(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response> {
    use hallbar_core::method::Requirement;
    use hallbar_core::{
        Beslut, Dimension, Effekttyp, FindingKind, Grupp, Hallning, InsatsTyp, IntressentKategori,
        Labelled, Omradestyp, Paverkan, Riktning, Sakerhet, Sektor, Severity, Stodomrade,
        Svarsstatus, Utfall,
    };
    /// Every value of `T` with its label.
    fn values<T>(lang: Lang) -> Value
    where
        T: strum::IntoEnumIterator + Labelled + serde::Serialize,
    {
        T::iter()
            .map(|v| json!({ "value": v, "label": v.label(lang) }))
            .collect()
    }
    principal(&state, &headers).await?;
    let lang = lang_of(q.lang.as_deref());
    Ok(Json(json!({
        "riktning": values::<Riktning>(lang),
        "effekttyp": values::<Effekttyp>(lang),
        "sakerhet": values::<Sakerhet>(lang),
        "grupp": values::<Grupp>(lang),
        "omradestyp": values::<Omradestyp>(lang),
        "insatstyp": values::<InsatsTyp>(lang),
        "sektor": values::<Sektor>(lang),
        "intressentkategori": values::<IntressentKategori>(lang),
        "hallning": values::<Hallning>(lang),
        "beslut": values::<Beslut>(lang),
        "utfall": values::<Utfall>(lang),
        "svarsstatus": values::<Svarsstatus>(lang),
        "stodomrade": values::<Stodomrade>(lang),
        "dimension": values::<Dimension>(lang),
        "paverkan": values::<Paverkan>(lang),
        "krav": values::<Requirement>(lang),
        "fyndtyp": values::<FindingKind>(lang),
        "allvarlighet": values::<Severity>(lang),
    }))
    .into_response())
}
