//! The handlers.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hallbar_core::graph::metrics;
use hallbar_core::method;
use hallbar_core::syntax::{self, Format};
use hallbar_core::{Beslut, Datum, Finding, Hallbarhetssakring, Hallplats, InsatsId, Lang, StegId};
use hallbar_core::{check, limits, portfolio};
use hallbar_report::ReportFormat;
use hallbar_schema::DocumentKind;
use hallbar_store::{Principal, Role};
use serde::Deserialize;
use serde_json::{Value, json};

use std::ops::ControlFlow;

use crate::auth::{principal, require};
use crate::body::json_body;
use crate::problem::Problem;
use crate::{AppState, Cancel};

type Result<T> = std::result::Result<T, Problem>;

/// Reads and fully validates an assessment from a JSON body.
fn assessment(state: &AppState, headers: &HeaderMap, body: &Bytes) -> Result<Hallbarhetssakring> {
    let text = json_body(headers, body)?;
    let report = hallbar_schema::validate(
        DocumentKind::Assessment,
        &text,
        Format::Json,
        state.engine.catalogue(),
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

fn findings(state: &AppState, doc: &Hallbarhetssakring, lang: Lang) -> Vec<Finding> {
    let engine = &state.engine;
    engine.assessor(engine.profile_for(doc)).findings(doc, lang)
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

/// A version as the API answers it. The stored document's text, JSON that the store
/// wrote, goes out as it is: not parsed, checked and written again on every read.
#[derive(Debug)]
struct VersionOut(String);

impl VersionOut {
    fn of(v: &hallbar_store::Version) -> Self {
        let head = json!({ "insats_id": v.insats_id, "version": v.version, "author": v.author, "created_at": v.created_at, "note": v.note });
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
    principal(&state, &headers).await?;
    state
        .compute(move |state, _| assessed(state, &headers, &q, &body))
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
    headers: &HeaderMap,
    q: &AssessQuery,
    body: &Bytes,
) -> Result<Response> {
    let doc = assessment(state, headers, body)?;
    let lang = lang_of(q.lang.as_deref());
    let engine = &state.engine;
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
    let engine = &state.engine;
    let mut items = Vec::new();
    state.db_blocking(|db| {
        db.each_latest(organisation, &mut |latest| {
            if cancel.is_set() {
                return ControlFlow::Break(());
            }
            // A stored document that no longer reads is listed with what the store knows.
            let doc = syntax::read_json::<Hallbarhetssakring>(latest.document).ok();
            let profile = doc.as_ref().and_then(|d| engine.profile_for(d));
            let state = doc
                .as_ref()
                .zip(profile)
                .map(|(d, profile)| method::progress(d, profile).state);
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
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_write, "handlaggare or analytiker")?;
    let note = note_of(&headers);
    let doc = state
        .compute(move |state, _| assessment(state, &headers, &body))
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
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_write, "handlaggare or analytiker")?;
    let id = insats_id(&id)?;
    let expected = expected_version(&headers)?;
    let note = note_of(&headers);
    let doc = state
        .compute(move |state, _| assessment(state, &headers, &body))
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
            Ok(Json(json!({ "insats": id, "version": latest.version, "findings": findings(state, &doc, lang) })).into_response())
        })
        .await
}

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
fn report_format(name: &str, expected: &str) -> Result<ReportFormat> {
    name.parse().map_err(|_| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-format",
            "Unknown report format",
            format!("`format` must be {expected}, not `{}`", syntax::clip(name, 40)),
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

/// `?format=json|html|md|text&lang=sv|en&top=N`.
#[derive(Debug, Deserialize)]
pub struct PortfolioQuery {
    format: Option<String>,
    lang: Option<String>,
    top: Option<usize>,
}

/// The most rows of conflict pairs and cumulative conflicts a portfolio report lists.
pub(crate) const MAX_TOP: usize = 1000;

/// The follow-up of the organisation's portfolio: the latest version of each of its
/// assessments added up, as `hallbar portfolio` does for files.
pub async fn portfolio(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<PortfolioQuery>,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    // The follow-up of the whole portfolio is the analysts' work, and the costliest
    // read there is: caseworkers and readers see assessments one at a time.
    require(&p, Role::can_administer, "analytiker")?;
    // The report's data as JSON unless a document format is asked for.
    let format = match q.format.as_deref() {
        None | Some("json") => None,
        Some(name) => Some(report_format(name, "json, html, md or text")?),
    };
    let top = q.top.unwrap_or(portfolio::DEFAULT_TOP);
    if !(1..=MAX_TOP).contains(&top) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-top",
            "Bad number of rows",
            format!("`top` must be between 1 and {MAX_TOP}, not {top}"),
        ));
    }
    let lang = lang_of(q.lang.as_deref());
    // Adding up reads every stored document: off the threads that serve requests, and
    // stopped when the request is gone.
    state
        .compute(move |state, cancel| {
            let report = add_up(state, &p.organisation, top, cancel)?;
            Ok(match format {
                None => Json(report).into_response(),
                Some(format) => render(
                    format,
                    &hallbar_report::portfolio_document(&report, state.engine.catalogue(), lang),
                    lang,
                ),
            })
        })
        .await
}

/// Adds up the latest version of each of `organisation`'s assessments.
///
/// # Complexity
/// Linear in the organisation's assessments, each bounded by [`hallbar_core::limits`];
/// `cancel` is checked before each.
fn add_up(
    state: &AppState,
    organisation: &str,
    top: usize,
    cancel: &Cancel,
) -> Result<portfolio::Report> {
    // No profile: each document is checked against its own.
    let portfolio = portfolio::Portfolio::new(state.engine.assessor(None));
    let mut summary = portfolio::Summary::default();
    let mut position = 0;
    state.db_blocking(|db| {
        db.each_latest(organisation, &mut |latest| {
            if cancel.is_set() {
                return ControlFlow::Break(());
            }
            position += 1;
            // Stored documents were valid when stored; one that no longer reads (or no
            // longer passes the checks) is counted and named in the report, not dropped.
            let problem = match syntax::read_json::<Hallbarhetssakring>(latest.document) {
                Ok(doc) => match limits::check_document(&doc)
                    .into_iter()
                    .chain(check::check(&doc, state.engine.catalogue()))
                    .find(|d| d.is_error())
                {
                    None => {
                        portfolio.add(&mut summary, position, &doc);
                        return ControlFlow::Continue(());
                    }
                    Some(d) => format!("{}: {}", d.pointer, d.message),
                },
                Err(e) => e.to_string(),
            };
            summary.add_invalid(position, || {
                format!(
                    "{} (version {}): {problem}",
                    latest.insats_id, latest.version
                )
            });
            ControlFlow::Continue(())
        })
    })?;
    if cancel.is_set() {
        return Err(Problem::internal());
    }
    Ok(portfolio.report(&summary, top))
}

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
            );
            if report.has_errors() {
                return Err(Problem::invalid(&report.diagnostics, &text));
            }
            Ok(Json(json!({ "valid": true, "warnings": report.diagnostics.iter().map(|d| json!({"pointer": d.pointer, "message": d.message})).collect::<Vec<_>>() })).into_response())
        })
        .await
}

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
            })
            .collect();
        p
    })
}

use axum::Json;
