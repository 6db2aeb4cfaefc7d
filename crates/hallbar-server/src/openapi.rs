//! The OpenAPI 3.1 document, built from the JSON Schemas of `hallbar-schema` — the same
//! types the documents are read with — not written by hand.

use hallbar_schema::DocumentKind;
use serde_json::{Map, Value, json};

/// Moves a schema's `$defs` into `components.schemas` and points its `$ref`s there.
fn register(kind: DocumentKind, name: &str, components: &mut Map<String, Value>) {
    let mut schema = kind.schema().clone();
    if let Some(Value::Object(defs)) = schema.as_object_mut().and_then(|s| s.remove("$defs")) {
        for (k, mut v) in defs {
            rewrite_refs(&mut v);
            components.insert(k, v);
        }
    }
    if let Some(obj) = schema.as_object_mut() {
        obj.remove("$schema");
        obj.remove("$id");
    }
    rewrite_refs(&mut schema);
    components.insert(name.to_owned(), schema);
}

fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(rest) = r.strip_prefix("#/$defs/") {
                    *r = format!("#/components/schemas/{rest}");
                }
            }
            for child in map.values_mut() {
                rewrite_refs(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

fn problem_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "object", "required": ["pointer", "message"], "properties": {
                "pointer": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"}, "message": {"type": "string"}, "help": {"type": "string"}
            }}}
        }
    })
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn op(
    summary: &str,
    request: Option<Value>,
    ok: (&str, Value),
    errors: &[&str],
    secured: bool,
) -> Value {
    let mut responses = Map::new();
    responses.insert(
        ok.0.to_owned(),
        json!({ "description": "OK", "content": json_content(ok.1) }),
    );
    for code in errors {
        responses.insert(
            (*code).to_owned(),
            json!({ "$ref": format!("#/components/responses/E{code}") }),
        );
    }
    let mut o = json!({ "summary": summary, "responses": responses });
    if let (Some(req), Some(obj)) = (request, o.as_object_mut()) {
        obj.insert("requestBody".into(), req);
    }
    if !secured {
        if let Some(obj) = o.as_object_mut() {
            obj.insert("security".into(), json!([]));
        }
    }
    o
}

/// The OpenAPI 3.1 document of the API.
pub fn document() -> Value {
    let mut schemas = Map::new();
    register(DocumentKind::Assessment, "Hallbarhetssakring", &mut schemas);
    register(DocumentKind::Finding, "Finding", &mut schemas);
    register(DocumentKind::Rules, "RuleFile", &mut schemas);
    register(
        DocumentKind::PortfolioReport,
        "PortfolioReport",
        &mut schemas,
    );
    schemas.insert("Problem".into(), problem_schema());
    let object = json!({ "type": "object" });
    let assessment = json!({ "$ref": "#/components/schemas/Hallbarhetssakring" });
    let findings = json!({ "type": "object", "required": ["findings"], "properties": { "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" } } } });
    let body = |schema: Value| json!({ "required": true, "content": json_content(schema) });
    let id = json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" } });
    let mut responses = Map::new();
    for (code, description) in [
        ("400", "Bad request"),
        ("401", "No valid token"),
        ("403", "Role not allowed"),
        ("404", "Not found"),
        ("409", "Already exists"),
        ("412", "Version conflict"),
        ("413", "Body too large"),
        ("415", "Not JSON"),
        ("422", "Invalid document, every problem with its place"),
    ] {
        responses.insert(format!("E{code}"), json!({ "description": description, "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }));
    }
    let read = ["401", "404"];
    let write = ["400", "401", "403", "404", "413", "415", "422"];
    json!({
        "openapi": "3.1.0",
        "info": { "title": "hallbar", "version": env!("CARGO_PKG_VERSION"), "description": "Sustainability assurance (hållbarhetssäkring) of regional development work: stored, versioned assessments, findings and decision bases." },
        "security": [{ "bearer": [] }],
        "paths": {
            "/health": { "get": op("Liveness", None, ("200", object.clone()), &[], false) },
            "/ready": { "get": op("Readiness: the database answers", None, ("200", object.clone()), &[], false) },
            "/openapi.json": { "get": op("This document", None, ("200", object.clone()), &[], false) },
            "/v1/session": {
                "get": op("Who is signed in (token or session cookie)", None, ("200", object.clone()), &["401"], true),
                "post": op("Sign in: exchange an API token for a session cookie (HttpOnly, SameSite=Strict) for the web interface", Some(body(json!({ "type": "object", "additionalProperties": false, "required": ["token"], "properties": { "token": { "type": "string" } } }))), ("200", object.clone()), &["400", "401", "413", "415", "422"], false),
                "delete": { "summary": "Sign out: end the session and clear its cookie", "security": [], "responses": { "204": { "description": "Signed out" } } }
            },
            "/v1/goals": { "get": op("The goal catalogue", None, ("200", object.clone()), &["401"], true) },
            "/v1/profiles": { "get": op("The method profiles: steps, requirements, checkpoints and the handbook's questions", None, ("200", object.clone()), &["401"], true) },
            "/v1/vocabulary": {
                "parameters": [{ "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }],
                "get": op("The values of the document's closed lists, each with its label", None, ("200", object.clone()), &["400", "401"], true)
            },
            "/v1/diff": { "post": op("What changed from one document to another, field by field", Some(body(json!({ "type": "object", "additionalProperties": false, "required": ["before", "after"], "properties": { "before": {}, "after": {} } }))), ("200", object.clone()), &["400", "401", "413", "415", "422"], true) },
            "/v1/assess": {
                "parameters": [{ "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }, { "name": "figures", "in": "query", "schema": { "type": "boolean", "default": false } }],
                "post": op("Assess a document without storing it: findings, method status, suggested overall assessment, and (figures=true) the goal wheel, power/interest grid and goal network as SVG", Some(body(assessment.clone())), ("200", findings.clone()), &["400", "401", "413", "415", "422"], true)
            },
            "/v1/assessments": {
                "get": { "parameters": [{ "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }], "summary": "The organisation's assessments: title, latest version, when and by whom it changed, method state", "responses": { "200": { "description": "OK", "content": json_content(object.clone()) }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" } } },
                "post": op("Store a new assessment (version 1)", Some(body(assessment.clone())), ("201", object.clone()), &["400", "401", "403", "409", "413", "415", "422"], true)
            },
            "/v1/assessments/{id}": {
                "parameters": [id.clone()],
                "get": op("The latest version", None, ("200", object.clone()), &read, true),
                "put": op("Store a new version (If-Match: the version it is based on)", Some(body(assessment.clone())), ("200", object.clone()), &["400", "401", "403", "404", "412", "413", "415", "422"], true)
            },
            "/v1/assessments/{id}/versions": { "parameters": [id.clone()], "get": op("Every version", None, ("200", object.clone()), &read, true) },
            "/v1/assessments/{id}/diff": {
                "parameters": [id.clone(), { "name": "from", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }, { "name": "to", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }],
                "get": op("What changed from one version to another, field by field (list items matched by id)", None, ("200", object.clone()), &["400", "401", "404"], true)
            },
            "/v1/assessments/{id}/versions/{n}": {
                "parameters": [id.clone(), { "name": "n", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1, "maximum": 4_294_967_295_u64 } }],
                "get": op("One version", None, ("200", object.clone()), &["400", "401", "404"], true)
            },
            "/v1/assessments/{id}/checkpoints": {
                "parameters": [id.clone()],
                "post": op("Record a checkpoint decision (a new version)", Some(body(json!({ "type": "object", "additionalProperties": false, "required": ["efter_steg", "beslut", "motivering"], "properties": {
                    "efter_steg": { "$ref": "#/components/schemas/StegId" }, "beslut": { "$ref": "#/components/schemas/Beslut" }, "motivering": { "type": "string", "minLength": 1 }, "datum": { "$ref": "#/components/schemas/Datum" } } }))), ("201", object.clone()), &write, true)
            },
            "/v1/assessments/{id}/findings": { "parameters": [id.clone()], "get": op("Findings of the latest version", None, ("200", findings), &read, true) },
            "/v1/assessments/{id}/report": {
                "parameters": [id, { "name": "format", "in": "query", "schema": { "enum": ["html", "md", "text"] } }, { "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }],
                "get": { "summary": "The decision basis", "responses": { "200": { "description": "OK", "content": { "text/html": { "schema": { "type": "string" } }, "text/markdown": { "schema": { "type": "string" } }, "text/plain": { "schema": { "type": "string" } } } }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" }, "404": { "$ref": "#/components/responses/E404" } } }
            },
            "/v1/portfolio": {
                "parameters": [{ "name": "format", "in": "query", "schema": { "enum": ["json", "html", "md", "text"], "default": "json" } }, { "name": "lang", "in": "query", "schema": { "enum": ["sv", "en"] } }, { "name": "top", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": crate::api::MAX_TOP, "default": hallbar_core::portfolio::DEFAULT_TOP } }],
                "get": { "summary": "The follow-up of the organisation's portfolio: the latest version of each of its assessments added up (effects per goal and dimension, conflict pairs, cumulative conflicts by region and year, method states, plan gaps, indicator coverage), as `hallbar portfolio` does for files", "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PortfolioReport" } }, "text/html": { "schema": { "type": "string" } }, "text/markdown": { "schema": { "type": "string" } }, "text/plain": { "schema": { "type": "string" } } } }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" } } }
            },
            "/v1/rules": { "get": op("The rule set", None, ("200", object.clone()), &["401"], true) },
            "/v1/rules/validate": { "post": op("Validate a rule file (analytiker)", Some(body(json!({ "$ref": "#/components/schemas/RuleFile" }))), ("200", object.clone()), &["400", "401", "403", "413", "415", "422"], true) },
            "/v1/graph/metrics": {
                "parameters": [{ "name": "second_order_weight", "in": "query", "schema": { "type": "number" } }],
                "post": { "summary": "SDG Synergies metrics of a CSV matrix (empty body: the standard interactions)", "requestBody": { "required": false, "content": { "text/csv": { "schema": { "type": "string" } } } }, "responses": { "200": { "description": "OK", "content": json_content(object) }, "400": { "$ref": "#/components/responses/E400" }, "401": { "$ref": "#/components/responses/E401" }, "422": { "$ref": "#/components/responses/E422" } } }
            }
        },
        "components": {
            "schemas": schemas,
            "responses": responses,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }
        }
    })
}
