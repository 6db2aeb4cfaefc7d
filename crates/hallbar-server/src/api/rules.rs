//! The rules: the organisation's effective set with where each rule comes from, its own
//! rule layer (read, checked, tested, tried on its assessments, stored as a new
//! version), and rule files checked.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hallbar::rule_change::{Impact, RuleChange};
use hallbar::{Engine, Problem as LoadProblem};
use hallbar_core::rules::{CaseOutcome, Failure, TestFile};
use hallbar_core::syntax::{self, Diagnostic, Format};
use hallbar_core::{Lang, RuleId};
use hallbar_schema::DocumentKind;
use hallbar_store::{LayerText, LayerVersion, Principal, Role};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{principal, require};
use crate::body::json_body;
use crate::layers::{build, layer_name};
use crate::problem::Problem;
use crate::{AppState, Cancel};

use super::{LangQuery, Result, each_stored, expected_version, lang_of, note_of, with_etag};

/// The most test cases a layer's tests may hold: each is an assessment.
pub(crate) const MAX_TEST_CASES: usize = 500;

/// `GET /v1/rules`: the organisation's effective rule set — the server's rules with its
/// own layer — each rule with where it was written, what changed it and what switched
/// it off; the switched-off ones last.
pub async fn rules(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    state
        .compute(move |state, _| {
            let (layer, engine, broken) = state.current_engine_or_server(&p.organisation)?;
            let rules: Vec<Value> = engine
                .rules()
                .provenance()
                .map(|(r, prov)| {
                    json!({
                        "id": r.id, "titel": r.titel, "typ": r.typ, "allvarlighet": r.allvarlighet, "kalla": r.kalla,
                        "in_force": prov.switched_off.is_none(),
                        "written": prov.written, "changed": prov.changed, "switched_off": prov.switched_off,
                    })
                })
                .collect();
            // A layer that no longer applies: the server's rules, and what is wrong.
            Ok(Json(json!({ "layer": layer, "layer_problem": broken, "rules": rules })).into_response())
        })
        .await
}

/// What an analyst sends of a layer: its rules and their tests, as TOML text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerBody {
    rules: String,
    #[serde(default)]
    tests: String,
}

/// The layer in a request body.
fn layer_body(headers: &HeaderMap, body: &Bytes) -> Result<LayerText> {
    let text = json_body(headers, body)?;
    let b: LayerBody =
        syntax::parse_as(&text, Format::Json).map_err(|d| Problem::invalid(&[d], &text))?;
    Ok(LayerText {
        rules: b.rules,
        tests: b.tests,
    })
}

/// A stored layer version as the API answers it, with its texts when given.
fn version_json(v: &LayerVersion, text: Option<&LayerText>) -> Value {
    let mut out = json!({ "version": v.version, "author": v.author, "created_at": v.created_at, "note": v.note });
    if let (Some(t), Some(o)) = (text, out.as_object_mut()) {
        o.insert("rules".to_owned(), Value::from(t.rules.as_str()));
        o.insert("tests".to_owned(), Value::from(t.tests.as_str()));
    }
    out
}

/// `GET /v1/rules/layer`: the organisation's latest layer; version 0 with empty texts
/// when it has none (`If-Match: "0"` stores the first).
pub async fn layer(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let stored = state.db(|db| db.rule_layer(&p.organisation, None)).await?;
    Ok(match stored {
        Some(l) => with_etag(
            Json(version_json(&l.info, Some(&l.text))).into_response(),
            l.info.version,
        ),
        None => with_etag(
            Json(json!({ "version": 0, "rules": "", "tests": "" })).into_response(),
            0,
        ),
    })
}

/// `GET /v1/rules/layer/versions`: the newest [`hallbar_store::MAX_VERSIONS_LISTED`]
/// versions, oldest first, without their texts.
pub async fn layer_versions(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let versions = state
        .db(|db| db.rule_layer_versions(&p.organisation))
        .await?;
    let truncated = versions.first().is_some_and(|v| v.version > 1);
    let listed: Vec<Value> = versions.iter().map(|v| version_json(v, None)).collect();
    Ok(Json(json!({ "truncated": truncated, "versions": listed })).into_response())
}

/// `GET /v1/rules/layer/versions/{n}`: one version with its texts.
pub async fn layer_version(
    State(state): State<Arc<AppState>>,
    Path(n): Path<u32>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    let stored = state
        .db(|db| db.rule_layer(&p.organisation, Some(n)))
        .await?
        .ok_or_else(|| Problem::not_found(&format!("no rule layer version {n}")))?;
    Ok(Json(version_json(&stored.info, Some(&stored.text))).into_response())
}

/// A layer's problems as the API lists them: each with its place in the rules.
fn problems_json(problems: &[LoadProblem]) -> Vec<Value> {
    problems
        .iter()
        .map(|p| {
            json!({
                "severity": if p.diagnostic.is_error() { "error" } else { "warning" },
                "pointer": p.diagnostic.pointer, "line": p.line, "column": p.column,
                "message": syntax::clip(&p.diagnostic.message, 500), "help": p.diagnostic.help,
            })
        })
        .collect()
}

/// `POST /v1/rules/layer/check` (analytiker): the problems of a layer on the server's
/// rules, errors and warnings, each with line and column — what the editor shows as the
/// analyst types. 200 whether or not it is valid.
pub async fn check_layer(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_administer, "analytiker")?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, _| {
            let text = layer_body(&headers, &body)?;
            let problems =
                match state
                    .engine
                    .with_rule_layer(&layer_name(0), &text.rules, Format::Toml, lang)
                {
                    Ok((_, warnings)) => warnings,
                    Err(e) => e.problems().to_vec(),
                };
            let valid = !problems.iter().any(|p| p.diagnostic.is_error());
            Ok(
                Json(json!({ "valid": valid, "problems": problems_json(&problems) }))
                    .into_response(),
            )
        })
        .await
}

/// What a layer's tests gave: each case, and which rules no case made fire.
struct TestRun {
    cases: Vec<Value>,
    failed: usize,
    never_fired: Vec<String>,
}

/// Runs `tests` (a rule-test file, TOML) against `engine`'s rules. A case may not name an
/// insats file: a stored layer reads no files, so its cases carry their documents.
///
/// # Errors
/// The test file's problems (it does not parse, breaks its schema, holds more than
/// [`MAX_TEST_CASES`] cases, or a case names a file).
fn run_tests(
    engine: &Engine,
    tests: &str,
    lang: Lang,
) -> std::result::Result<TestRun, Vec<Diagnostic>> {
    let report = hallbar_schema::validate(
        DocumentKind::RuleTests,
        tests,
        Format::Toml,
        engine.catalogue(),
        lang,
    );
    if report.has_errors() {
        return Err(report.diagnostics);
    }
    let file: TestFile = syntax::parse_as(tests, Format::Toml).map_err(|d| vec![d])?;
    if file.fall.len() > MAX_TEST_CASES {
        return Err(vec![Diagnostic::error(
            "/fall",
            lang.pick(
                format!("högst {MAX_TEST_CASES} fall, inte {}", file.fall.len()),
                format!("at most {MAX_TEST_CASES} cases, not {}", file.fall.len()),
            ),
        )]);
    }
    if let Some(i) = file.fall.iter().position(|c| c.insats.is_some()) {
        return Err(vec![Diagnostic::error(
            format!("/fall/{i}/insats"),
            lang.pick(
                "ett lagrat lager läser inga filer: skriv fallets dokument i `mall` eller `dokument`",
                "a stored layer reads no files: write the case's document in `mall` or `dokument`",
            ),
        )]);
    }
    let rules = engine.rules();
    let mut fired: BTreeSet<RuleId> = BTreeSet::new();
    let (mut cases, mut failed) = (Vec::new(), 0);
    for (i, case) in file.fall.iter().enumerate() {
        let outcome = match file.document(i, None, engine.catalogue()) {
            Ok(doc) => rules.run_case(case, &doc),
            Err(ds) => CaseOutcome {
                failures: vec![Failure::BadDocument(ds)],
                fired: Vec::new(),
            },
        };
        fired.extend(outcome.fired.iter().cloned());
        if !outcome.passed() {
            failed += 1;
        }
        cases.push(json!({
            "name": case.namn,
            "passed": outcome.passed(),
            "failures": outcome.failures.iter().map(|f| f.describe(lang)).collect::<Vec<_>>(),
        }));
    }
    let never_fired = rules
        .rules()
        .filter(|r| !fired.contains(&r.id))
        .map(|r| r.id.to_string())
        .collect();
    Ok(TestRun {
        cases,
        failed,
        never_fired,
    })
}

/// 422 for a test file's problems, placed in the tests (`/tests/…`).
fn invalid_tests(ds: &[Diagnostic], tests: &str) -> Problem {
    let ds: Vec<Diagnostic> = ds
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.pointer = format!("/tests{}", d.pointer);
            d
        })
        .collect();
    let mut p = Problem::invalid(&ds, tests);
    p.title = "The rule tests are not valid".to_owned();
    p
}

/// `POST /v1/rules/layer/test` (analytiker): a layer's tests run against the server's
/// rules with the layer: each case passed or failed with why, and the rules no case
/// made fire.
pub async fn test_layer(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_administer, "analytiker")?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, _| {
            let text = layer_body(&headers, &body)?;
            let base = state.engine_blocking(&p.organisation, None)?;
            let (engine, _) = build(&base, &layer_name(0), &text.rules, lang)?;
            let run = run_tests(&engine, &text.tests, lang)
                .map_err(|ds| invalid_tests(&ds, &text.tests))?;
            Ok(Json(json!({
                "passed": run.cases.len() - run.failed,
                "failed": run.failed,
                "cases": run.cases,
                "never_fired": run.never_fired,
            }))
            .into_response())
        })
        .await
}

/// What a layer would change in `organisation`'s stored assessments (their latest
/// versions): from its rules as they are to the server's rules with `after`.
///
/// # Complexity
/// Linear in the organisation's assessments, each bounded by [`limits`]; `cancel` is
/// checked before each.
fn impact_of(
    state: &AppState,
    organisation: &str,
    after: &Engine,
    lang: Lang,
    cancel: &Cancel,
) -> Result<(Option<u32>, Impact)> {
    let (layer, before, _) = state.current_engine_or_server(organisation)?;
    let change = RuleChange::new(&before, after, lang);
    let mut impact = Impact::default();
    each_stored(
        state,
        organisation,
        lang,
        cancel,
        |position, doc| match doc {
            Ok(doc) => change.add(&mut impact, position, doc),
            Err(message) => RuleChange::add_invalid(&mut impact, position, || message),
        },
    )?;
    impact.finish();
    Ok((layer, impact))
}

/// `POST /v1/rules/layer/impact` (analytiker): what storing the layer would change in
/// the organisation's stored assessments — per rule, per kind and severity, and which
/// assessments gain or lose which findings — before it goes live.
pub async fn impact(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_administer, "analytiker")?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, cancel| {
            let text = layer_body(&headers, &body)?;
            let base = state.engine_blocking(&p.organisation, None)?;
            let (after, _) = build(&base, &layer_name(0), &text.rules, lang)?;
            let (layer, impact) = impact_of(state, &p.organisation, &after, lang, cancel)?;
            let mut out = impact.to_json();
            if let Some(o) = out.as_object_mut() {
                o.insert("before_layer".to_owned(), json!(layer));
            }
            Ok(Json(out).into_response())
        })
        .await
}

/// `PUT /v1/rules/layer` (analytiker): stores a new version of the organisation's layer
/// (`If-Match`: the version it is based on, `"0"` for the first). Nothing is stored
/// unless the rules apply on the server's rules and every test passes. Versions are
/// never overwritten; assessments stored from now on record this version.
pub async fn save_layer(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_administer, "analytiker")?;
    let lang = lang_of(q.lang.as_deref());
    let expected = expected_version(&headers)?;
    let note = note_of(&headers);
    let organisation = p.organisation.clone();
    let (text, warnings) = state
        .compute(move |state, _| checked_layer(state, &organisation, &headers, &body, lang))
        .await?;
    let saved = state.db(|db| save(db, &p, &note, expected, &text)).await?;
    let mut out = version_json(&saved, None);
    if let Some(o) = out.as_object_mut() {
        o.insert("warnings".to_owned(), Value::from(warnings));
    }
    Ok(with_etag(
        (StatusCode::OK, Json(out)).into_response(),
        saved.version,
    ))
}

fn save(
    db: &dyn hallbar_store::Backend,
    p: &Principal,
    note: &str,
    expected: Option<u32>,
    text: &LayerText,
) -> std::result::Result<LayerVersion, hallbar_store::StoreError> {
    db.save_rule_layer(&p.organisation, &p.label, note, expected, text)
}

/// The layer of a request, checked: its rules apply on the server's, and its tests
/// pass. With its warnings.
fn checked_layer(
    state: &AppState,
    organisation: &str,
    headers: &HeaderMap,
    body: &Bytes,
    lang: Lang,
) -> Result<(LayerText, Vec<Value>)> {
    let text = layer_body(headers, body)?;
    let base = state.engine_blocking(organisation, None)?;
    let (engine, warnings) = build(&base, &layer_name(0), &text.rules, lang)?;
    if !text.tests.trim().is_empty() {
        let run =
            run_tests(&engine, &text.tests, lang).map_err(|ds| invalid_tests(&ds, &text.tests))?;
        if run.failed > 0 {
            let failures: Vec<String> = run
                .cases
                .iter()
                .filter(|c| c["passed"] == false)
                .map(|c| format!("{}: {}", c["name"].as_str().unwrap_or(""), c["failures"]))
                .collect();
            let problem = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "rule-tests-failed",
                "The layer's rule tests fail",
                format!(
                    "{} of {} cases fail; nothing was stored. The first: {}",
                    run.failed,
                    run.cases.len(),
                    failures.first().map_or("", String::as_str)
                ),
            );
            return Err(problem);
        }
    }
    Ok((text, problems_json(&warnings)))
}

/// `POST /v1/rules/validate` (analytiker): a rule file (JSON) checked as a layer on the
/// server's rules, its problems in `lang`.
pub async fn validate_rules(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
    body: Bytes,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    require(&p, Role::can_administer, "analytiker")?;
    let lang = lang_of(q.lang.as_deref());
    state
        .compute(move |state, _| {
            let text = json_body(&headers, &body)?;
            match state
                .engine
                .with_rule_layer("request", &text, Format::Json, lang)
            {
                Ok((_, warnings)) => Ok(Json(json!({ "valid": true, "warnings": warnings.iter().map(|w| json!({"pointer": w.diagnostic.pointer, "message": w.diagnostic.message})).collect::<Vec<_>>() })).into_response()),
                Err(e) => {
                    let ds: Vec<Diagnostic> =
                        e.problems().iter().map(|p| p.diagnostic.clone()).collect();
                    Err(Problem::invalid(&ds, &text))
                }
            }
        })
        .await
}
