//! The one table of the API's routes: each path with its handlers and its OpenAPI path
//! item side by side. The router is built from it and `/openapi.json` lists it, so a
//! route cannot be added without its documentation; a test checks that each documented
//! method answers and no undocumented one does.

use std::sync::Arc;

use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};

use hallbar_core::graph::metrics;

use crate::openapi::{READ, Shapes, WRITE};
use crate::{AppState, api, auth, ui};

/// A path: its handlers, and its OpenAPI path item (one operation per method handled).
pub(crate) struct Route {
    pub(crate) path: &'static str,
    pub(crate) handler: MethodRouter<Arc<AppState>>,
    pub(crate) item: Value,
}

/// `operation` with the query parameter `lang` (`sv` or `en`).
fn with_lang(mut operation: Value) -> Value {
    if let Some(o) = operation.as_object_mut() {
        o.insert(
            "parameters".to_owned(),
            json!([{ "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }]),
        );
    }
    operation
}

/// Every route of the server.
#[allow(clippy::too_many_lines, reason = "one table, read top to bottom")]
pub(crate) fn table() -> Vec<Route> {
    let s = Shapes;
    vec![
        Route {
            path: "/",
            handler: get(ui::index),
            item: ui_item(
                "The web interface for caseworkers and workshops",
                json!([]),
                &[],
            ),
        },
        Route {
            path: "/ui/{file}",
            handler: get(ui::file),
            item: ui_item(
                "A script or style of the web interface",
                json!([{ "name": "file", "in": "path", "required": true, "schema": { "type": "string" } }]),
                &["404"],
            ),
        },
        Route {
            path: "/health",
            handler: get(api::health),
            item: json!({ "get": s.op("Liveness", None, ("200", s.object()), &[], false) }),
        },
        Route {
            path: "/ready",
            handler: get(api::ready),
            item: json!({ "get": s.op("Readiness: the database answers", None, ("200", s.object()), &[], false) }),
        },
        Route {
            path: "/openapi.json",
            handler: get(openapi),
            item: json!({ "get": s.op("This document", None, ("200", s.object()), &[], false) }),
        },
        Route {
            path: "/v1/session",
            handler: get(auth::current)
                .post(auth::sign_in)
                .delete(auth::sign_out),
            item: json!({
                "get": s.op("Who is signed in (token or session cookie)", None, ("200", s.object()), &["401"], true),
                "post": s.op("Sign in: exchange an API token for a session cookie (HttpOnly, SameSite=Strict) for the web interface", Some(s.body(json!({ "type": "object", "additionalProperties": false, "required": ["token"], "properties": { "token": { "type": "string" } } }))), ("200", s.object()), &["400", "401", "413", "415", "422"], false),
                "delete": { "summary": "Sign out: end the session and clear its cookie", "security": [], "responses": { "204": { "description": "Signed out" } } }
            }),
        },
        Route {
            path: "/v1/goals",
            handler: get(api::goals),
            item: json!({ "get": s.op("The goal catalogue", None, ("200", s.object()), &["401"], true) }),
        },
        Route {
            path: "/v1/places",
            handler: get(api::places),
            item: json!({ "get": s.op("Sweden's counties (lan) and municipalities (kommuner) by code and name", None, ("200", s.object()), &["401"], true) }),
        },
        Route {
            path: "/v1/profiles",
            handler: get(api::profiles),
            item: json!({ "get": s.op("The method profiles: steps, requirements, checkpoints and the handbook's questions", None, ("200", s.object()), &["401"], true) }),
        },
        Route {
            path: "/v1/vocabulary",
            handler: get(api::vocabulary),
            item: json!({
                "parameters": [{ "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }],
                "get": s.op("The values of the document's closed lists, each with its label", None, ("200", s.object()), &["400", "401"], true)
            }),
        },
        Route {
            path: "/v1/diff",
            handler: post(api::diff_documents),
            item: json!({ "post": s.op("What changed from one document to another, field by field", Some(s.body(json!({ "type": "object", "additionalProperties": false, "required": ["before", "after"], "properties": { "before": {}, "after": {} } }))), ("200", s.object()), &["400", "401", "413", "415", "422"], true) }),
        },
        Route {
            path: "/v1/assess",
            handler: post(api::assess),
            item: json!({
                "parameters": [{ "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }, { "name": "figures", "in": "query", "schema": { "type": "boolean", "default": false } }],
                "post": s.op("Assess a document without storing it: findings, method status, suggested overall assessment, and (figures=true) the goal wheel, power/interest grid and goal network as SVG", Some(s.body(s.assessment())), ("200", s.findings()), &["400", "401", "413", "415", "422"], true)
            }),
        },
        Route {
            path: "/v1/assessments",
            handler: get(api::list).post(api::create),
            item: json!({
                "get": { "parameters": [{ "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }], "summary": "The organisation's assessments: title, latest version, when and by whom it changed, method state", "responses": { "200": { "description": "OK", "content": s.json_content(s.object()) }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" } } },
                "post": with_lang(s.op("Store a new assessment (version 1); the problems of one that does not validate in `lang`", Some(s.body(s.assessment())), ("201", s.object()), &["400", "401", "403", "409", "413", "415", "422"], true))
            }),
        },
        Route {
            path: "/v1/assessments/{id}",
            handler: get(api::get).put(api::update),
            item: json!({
                "parameters": [s.id()],
                "get": s.op("The latest version", None, ("200", s.object()), &READ, true),
                "put": with_lang(s.op("Store a new version (If-Match: the version it is based on); the problems of one that does not validate in `lang`", Some(s.body(s.assessment())), ("200", s.object()), &["400", "401", "403", "404", "412", "413", "415", "422"], true))
            }),
        },
        Route {
            path: "/v1/assessments/{id}/versions",
            handler: get(api::versions),
            item: json!({ "parameters": [s.id()], "get": s.op("Every version", None, ("200", s.object()), &READ, true) }),
        },
        Route {
            path: "/v1/assessments/{id}/diff",
            handler: get(api::diff),
            item: json!({
                "parameters": [s.id(), { "name": "from", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }, { "name": "to", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }],
                "get": s.op("What changed from one version to another, field by field (list items matched by id)", None, ("200", s.object()), &["400", "401", "404"], true)
            }),
        },
        Route {
            path: "/v1/assessments/{id}/versions/{n}",
            handler: get(api::version),
            item: json!({
                "parameters": [s.id(), { "name": "n", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }],
                "get": s.op("One version", None, ("200", s.object()), &["400", "401", "404"], true)
            }),
        },
        Route {
            path: "/v1/assessments/{id}/checkpoints",
            handler: post(api::checkpoint),
            item: json!({
                "parameters": [s.id()],
                "post": s.op("Record a checkpoint decision (a new version)", Some(s.body(json!({ "type": "object", "additionalProperties": false, "required": ["efter_steg", "beslut", "motivering"], "properties": {
                    "efter_steg": { "$ref": "#/components/schemas/StegId" }, "beslut": { "$ref": "#/components/schemas/Beslut" }, "motivering": { "type": "string", "minLength": 1 }, "datum": { "$ref": "#/components/schemas/Datum" } } }))), ("201", s.object()), &WRITE, true)
            }),
        },
        Route {
            path: "/v1/assessments/{id}/findings",
            handler: get(api::stored_findings),
            item: json!({ "parameters": [s.id()], "get": s.op("Findings of the latest version", None, ("200", s.findings()), &READ, true) }),
        },
        Route {
            path: "/v1/assessments/{id}/indicators",
            handler: get(api::indicators),
            item: json!({ "parameters": [s.id(), { "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }], "get": s.op("The latest version's indicators that are Kolada key figures, with their values per unit of the insats and the country from the cache (what it lacks fetched first when the server has Kolada's address, at most 5 000 keys), the expected direction and the follow-up findings; `not_fetched` says why anything missing was not fetched", None, ("200", s.object()), &["400", "401", "404"], true) }),
        },
        Route {
            path: "/v1/assessments/{id}/report",
            handler: get(api::report),
            item: json!({
                "parameters": [s.id(), { "name": "format", "in": "query", "schema": { "enum": ["html", "md", "text"] } }, { "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }],
                "get": { "summary": "The decision basis", "responses": { "200": { "description": "OK", "content": { "text/html": { "schema": { "type": "string" } }, "text/markdown": { "schema": { "type": "string" } }, "text/plain": { "schema": { "type": "string" } } } }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" }, "404": { "$ref": "#/components/responses/E404" } } }
            }),
        },
        Route {
            path: "/v1/kolada/kpis",
            handler: get(api::kolada_kpis),
            item: json!({
                "parameters": [{ "name": "q", "in": "query", "required": true, "schema": { "type": "string", "minLength": crate::api::SEARCH_CHARS.0, "maxLength": crate::api::SEARCH_CHARS.1 } }],
                "get": s.op("Kolada key figures whose id or title holds `q` (at most 50): from the cache, or, when none is cached and the server has Kolada's address, from Kolada (then cached). Källa: Kolada", None, ("200", s.object()), &["400", "401", "502"], true)
            }),
        },
        Route {
            path: "/v1/portfolio",
            handler: get(api::portfolio),
            item: json!({
                "parameters": [{ "name": "format", "in": "query", "schema": { "enum": ["json", "html", "md", "text"], "default": "json" } }, { "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }, { "name": "top", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": crate::api::MAX_TOP, "default": hallbar_core::portfolio::DEFAULT_TOP } }],
                "get": { "summary": "The follow-up of the organisation's portfolio (analytiker): the latest version of each of its assessments added up (effects per goal and dimension, conflict pairs, cumulative conflicts by region and year, method states, plan gaps, indicator coverage), as `hallbar portfolio` does for files", "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PortfolioReport" } }, "text/html": { "schema": { "type": "string" } }, "text/markdown": { "schema": { "type": "string" } }, "text/plain": { "schema": { "type": "string" } } } }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" }, "403": { "$ref": "#/components/responses/E403" } } }
            }),
        },
        Route {
            path: "/v1/rules",
            handler: get(api::rules),
            item: json!({ "get": s.op("The rule set", None, ("200", s.object()), &["401"], true) }),
        },
        Route {
            path: "/v1/rules/validate",
            handler: post(api::validate_rules),
            item: json!({ "post": with_lang(s.op("Check a rule file as a layer on the server's rules (analytiker); its problems in `lang`", Some(s.body(json!({ "$ref": "#/components/schemas/RuleFile" }))), ("200", s.object()), &["400", "401", "403", "413", "415", "422"], true)) }),
        },
        Route {
            path: "/v1/rules/layer",
            handler: get(api::layer).put(api::save_layer),
            item: json!({
                "get": s.op("The organisation's own rule layer, latest version (version 0 and empty texts when it has none); ETag: its version", None, ("200", s.object()), &["401"], true),
                "put": with_lang(s.op("Store a new version of the organisation's rule layer (analytiker; If-Match: the version it is based on, \"0\" for the first). Nothing is stored unless its rules apply on the server's rules and its tests pass", Some(s.body(layer_body())), ("200", s.object()), &["400", "401", "403", "412", "413", "415", "422"], true))
            }),
        },
        Route {
            path: "/v1/rules/layer/versions",
            handler: get(api::layer_versions),
            item: json!({ "get": s.op("The versions of the organisation's rule layer, newest 100, without their texts", None, ("200", s.object()), &["401"], true) }),
        },
        Route {
            path: "/v1/rules/layer/versions/{n}",
            handler: get(api::layer_version),
            item: json!({
                "parameters": [{ "name": "n", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }],
                "get": s.op("One version of the organisation's rule layer, with its texts", None, ("200", s.object()), &["400", "401", "404"], true)
            }),
        },
        Route {
            path: "/v1/rules/layer/check",
            handler: post(api::check_layer),
            item: json!({ "post": with_lang(s.op("The problems of a rule layer on the server's rules, errors and warnings with line and column (analytiker); 200 whether valid or not", Some(s.body(layer_body())), ("200", s.object()), &["400", "401", "403", "413", "415", "422"], true)) }),
        },
        Route {
            path: "/v1/rules/layer/test",
            handler: post(api::test_layer),
            item: json!({ "post": with_lang(s.op("Run a rule layer's tests against the server's rules with the layer (analytiker)", Some(s.body(layer_body())), ("200", s.object()), &["400", "401", "403", "413", "415", "422"], true)) }),
        },
        Route {
            path: "/v1/rules/layer/impact",
            handler: post(api::impact),
            item: json!({ "post": with_lang(s.op("What a rule layer would change in the organisation's stored assessments, before it is stored (analytiker): per rule, per kind and severity, and per assessment", Some(s.body(layer_body())), ("200", s.object()), &["400", "401", "403", "413", "415", "422"], true)) }),
        },
        Route {
            path: "/v1/workshops",
            handler: get(api::workshops).post(api::create_workshop),
            item: json!({
                "get": s.op("The organisation's scoring workshops (SDG Synergies), each with its latest version, and the one whose matrix is its interaction layer", None, ("200", s.object()), &["401"], true),
                "post": with_lang(s.op("Store a new workshop, version 1 (handläggare, analytiker); its problems in `lang`", Some(s.body(workshop())), ("201", s.object()), &["400", "401", "403", "409", "413", "415", "422"], true))
            }),
        },
        Route {
            path: "/v1/workshops/analysis",
            handler: post(api::workshop_analysis),
            item: json!({ "post": with_lang(s.op("Analyse a workshop as it is scored, without storing it: SEI's metrics of the agreed matrix (out-degree, in-degree, second order, net influence, rank), the strong negative links, each pair's spread of the participants' scores (the pairs to discuss first), the network figure (SVG) and the scale's levels with examples", Some(s.body(workshop())), ("200", s.object()), &["400", "401", "413", "415", "422"], true)) }),
        },
        Route {
            path: "/v1/workshops/import",
            handler: post(api::import_workshop),
            item: json!({
                "parameters": [
                    { "name": "id", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "titel", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "datum", "in": "query", "required": true, "schema": { "type": "string", "format": "date" } },
                    { "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }
                ],
                "post": { "summary": "A matrix from an Excel workbook (sheets Matris, Kommentarer, Deltagare) or a CSV file as a workshop document, checked and not stored (handläggare, analytiker)", "requestBody": { "required": true, "content": { (api::XLSX): { "schema": { "type": "string", "format": "binary" } }, "text/csv": { "schema": { "type": "string" } } } }, "responses": { "200": { "description": "OK", "content": s.json_content(workshop()) }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" }, "403": { "$ref": "#/components/responses/E403" }, "413": { "$ref": "#/components/responses/E413" }, "415": { "$ref": "#/components/responses/E415" }, "422": { "$ref": "#/components/responses/E422" } } }
            }),
        },
        Route {
            path: "/v1/workshops/layer",
            handler: get(api::workshop_layer)
                .put(api::set_workshop_layer)
                .delete(api::clear_workshop_layer),
            item: json!({
                "get": s.op("The workshop version whose agreed matrix is the organisation's interaction layer (null: none)", None, ("200", s.object()), &["401"], true),
                "put": s.op("Adopt a workshop version's agreed matrix as the organisation's interaction layer (analytiker): its assessments are checked with the server's interactions and the workshop's over them, whose findings name the workshop and its date", Some(s.body(json!({ "type": "object", "additionalProperties": false, "required": ["workshop", "version"], "properties": { "workshop": { "type": "string" }, "version": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } } }))), ("200", s.object()), &["400", "401", "403", "404", "413", "415", "422"], true),
                "delete": { "summary": "The organisation's assessments are checked with the server's interactions alone (analytiker)", "responses": { "204": { "description": "No interaction layer" }, "401": { "$ref": "#/components/responses/E401" }, "403": { "$ref": "#/components/responses/E403" } } }
            }),
        },
        Route {
            path: "/v1/workshops/{id}",
            handler: get(api::workshop).put(api::update_workshop),
            item: json!({
                "parameters": [workshop_id()],
                "get": s.op("The latest version with its document; ETag: its version", None, ("200", s.object()), &READ, true),
                "put": with_lang(s.op("Store a new version (handläggare, analytiker; If-Match: the version it is based on)", Some(s.body(workshop())), ("200", s.object()), &["400", "401", "403", "404", "412", "413", "415", "422"], true))
            }),
        },
        Route {
            path: "/v1/workshops/{id}/versions",
            handler: get(api::workshop_versions),
            item: json!({ "parameters": [workshop_id()], "get": s.op("The workshop's versions, newest 100, without their documents", None, ("200", s.object()), &READ, true) }),
        },
        Route {
            path: "/v1/workshops/{id}/versions/{n}",
            handler: get(api::workshop_version),
            item: json!({
                "parameters": [workshop_id(), { "name": "n", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }],
                "get": s.op("One version with its document", None, ("200", s.object()), &["400", "401", "404"], true)
            }),
        },
        Route {
            path: "/v1/workshops/{id}/export",
            handler: get(api::export_workshop),
            item: json!({
                "parameters": [workshop_id(), { "name": "format", "in": "query", "schema": { "enum": ["xlsx", "csv"], "default": "xlsx" } }, { "name": "version", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }],
                "get": { "summary": "The agreed matrix as an Excel workbook (with comments and the participants' scores) or CSV; the latest version, or `version`", "responses": { "200": { "description": "OK", "content": { (api::XLSX): { "schema": { "type": "string", "format": "binary" } }, "text/csv": { "schema": { "type": "string" } } } }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" }, "404": { "$ref": "#/components/responses/E404" }, "422": { "$ref": "#/components/responses/E422" } } }
            }),
        },
        Route {
            path: "/v1/graph/metrics",
            handler: post(api::graph_metrics),
            item: json!({
                "parameters": [{ "name": "second_order_weight", "in": "query", "schema": { "type": "number", "minimum": *metrics::SECOND_ORDER_WEIGHTS.start(), "maximum": *metrics::SECOND_ORDER_WEIGHTS.end(), "default": metrics::DEFAULT_SECOND_ORDER_WEIGHT } }],
                "post": { "summary": "SDG Synergies metrics of a CSV matrix (empty body: the standard interactions)", "requestBody": { "required": false, "content": { "text/csv": { "schema": { "type": "string" } } } }, "responses": { "200": { "description": "OK", "content": s.json_content(s.object()) }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" }, "422": { "$ref": "#/components/responses/E422" } } }
            }),
        },
    ]
}

/// A scoring workshop document.
fn workshop() -> Value {
    json!({ "$ref": "#/components/schemas/Matrisverkstad" })
}

/// The path parameter `id`: a workshop id.
fn workshop_id() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$" } })
}

/// The body that carries a rule layer: its rules and their tests, TOML text.
fn layer_body() -> Value {
    json!({ "type": "object", "additionalProperties": false, "required": ["rules"], "properties": {
        "rules": { "type": "string", "maxLength": hallbar_store::MAX_RULE_LAYER_BYTES, "description": "A rule file (TOML): rules added, switched off (stang_av) and changed (andra)" },
        "tests": { "type": "string", "maxLength": hallbar_store::MAX_RULE_LAYER_BYTES, "description": "A rule-test file (TOML); its cases carry their documents" } } })
}

/// The OpenAPI 3.1 document of the API: the route table's path items.
pub fn openapi_document() -> Value {
    crate::openapi::document(
        table()
            .into_iter()
            .map(|r| (r.path.to_owned(), r.item))
            .collect(),
    )
}

/// `GET /openapi.json`.
async fn openapi() -> axum::response::Response {
    use axum::response::IntoResponse as _;
    axum::Json(openapi_document()).into_response()
}

/// A page or file of the web interface: no token, HTML, script or style.
fn ui_item(summary: &str, parameters: Value, errors: &[&str]) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(
        "200".to_owned(),
        json!({ "description": "OK", "content": { "text/html": { "schema": { "type": "string" } }, "text/javascript": { "schema": { "type": "string" } }, "text/css": { "schema": { "type": "string" } } } }),
    );
    for code in errors {
        responses.insert(
            (*code).to_owned(),
            json!({ "$ref": format!("#/components/responses/E{code}") }),
        );
    }
    json!({ "get": { "summary": summary, "security": [], "parameters": parameters, "responses": responses } })
}
