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

/// The errors of reading one assessment.
pub(crate) const READ: [&str; 2] = ["401", "404"];
/// The errors of changing one.
pub(crate) const WRITE: [&str; 7] = ["400", "401", "403", "404", "413", "415", "422"];

/// The shapes the route table's operations are written with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shapes;

impl Shapes {
    pub(crate) fn object(self) -> Value {
        json!({ "type": "object" })
    }

    pub(crate) fn assessment(self) -> Value {
        json!({ "$ref": "#/components/schemas/Hallbarhetssakring" })
    }

    pub(crate) fn findings(self) -> Value {
        json!({ "type": "object", "required": ["findings"], "properties": { "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" } } } })
    }

    /// The path parameter `id`: an insats id.
    pub(crate) fn id(self) -> Value {
        json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" } })
    }

    /// A required JSON request body of `schema`.
    pub(crate) fn body(self, schema: Value) -> Value {
        json!({ "required": true, "content": self.json_content(schema) })
    }

    pub(crate) fn json_content(self, schema: Value) -> Value {
        json!({ "application/json": { "schema": schema } })
    }

    /// An operation: its summary, request body, success response, error responses and
    /// whether it needs a token.
    pub(crate) fn op(
        self,
        summary: &str,
        request: Option<Value>,
        ok: (&str, Value),
        errors: &[&str],
        secured: bool,
    ) -> Value {
        op(summary, request, ok, errors, secured)
    }
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
        json!({ "description": "OK", "content": Shapes.json_content(ok.1) }),
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

/// The OpenAPI 3.1 document of the API whose path items are `paths` (the route
/// table's, see `routes::openapi_document`).
pub(crate) fn document(paths: Map<String, Value>) -> Value {
    let mut schemas = Map::new();
    register(DocumentKind::Assessment, "Hallbarhetssakring", &mut schemas);
    register(DocumentKind::Finding, "Finding", &mut schemas);
    register(DocumentKind::Rules, "RuleFile", &mut schemas);
    register(
        DocumentKind::PortfolioReport,
        "PortfolioReport",
        &mut schemas,
    );
    register(DocumentKind::Workshop, "Matrisverkstad", &mut schemas);
    schemas.insert("Problem".into(), problem_schema());
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
        ("502", "Kolada did not answer"),
    ] {
        responses.insert(format!("E{code}"), json!({ "description": description, "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }));
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "hallbar", "version": env!("CARGO_PKG_VERSION"), "description": "Sustainability assurance (hållbarhetssäkring) of regional development work: stored, versioned assessments, findings and decision bases." },
        "security": [{ "bearer": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": responses,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }
        }
    })
}
