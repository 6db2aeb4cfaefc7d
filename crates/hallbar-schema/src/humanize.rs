//! Turns schema validation errors into diagnostics in hallbar's voice: what is wrong at
//! which pointer, and what was expected.

use hallbar_core::syntax::{Diagnostic, lower_first, pointer_key};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

/// Diagnostics for one validation error; `schema` is the root schema, used to list the
/// allowed values and fields.
pub(crate) fn diagnostics(
    error: &jsonschema::ValidationError<'_>,
    schema: &Value,
) -> Vec<Diagnostic> {
    let pointer = error.instance_path().as_str().to_owned();
    let found = describe(error.instance());
    let schema_path = error.schema_path().as_str();
    let subschema = subschema(schema, schema_path);
    // The schema object that holds the failing keyword, for its description.
    let holder = schema_path.rsplit_once('/').and_then(|(parent, _)| {
        if parent.is_empty() {
            Some(schema)
        } else {
            self::subschema(schema, parent)
        }
    });
    let one = |message: String| vec![Diagnostic::error(pointer.clone(), message)];
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|field| {
                let d = Diagnostic::error(
                    pointer_key(&pointer, field),
                    format!("unknown field `{field}`"),
                );
                match allowed_fields(schema, error.schema_path().as_str()) {
                    Some(fields) => d.with_help(format!("expected one of: {fields}")),
                    None => d,
                }
            })
            .collect(),
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            vec![Diagnostic::error(
                pointer,
                format!("missing field `{name}`"),
            )]
        }
        ValidationErrorKind::Type { kind } => {
            one(format!("expected {}, found {found}", type_names(kind)))
        }
        ValidationErrorKind::Constant { expected_value } => {
            one(format!("expected `{expected_value}`, found {found}"))
        }
        ValidationErrorKind::Enum { options } => {
            one(format!("expected one of {}, found {found}", list(options)))
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            if let Some(choices) = subschema.and_then(|s| choices(schema, s)) {
                return one(format!("expected one of {choices}, found {found}"));
            }
            // The branch the writer meant is the one that accepts the value's shape (for a
            // condition, the branch keyed by the one key given; for an optional value, the
            // branch that is not null): report what is wrong inside it.
            let meant: Vec<&Vec<jsonschema::ValidationError<'static>>> = context
                .iter()
                .filter(|errors| !errors.iter().any(|e| rejects_shape(e, &pointer)))
                .collect();
            if let [errors] = meant.as_slice() {
                return errors.iter().flat_map(|e| diagnostics(e, schema)).collect();
            }
            match (
                error.instance().as_ref(),
                subschema.and_then(|s| branch_keys(schema, s)),
            ) {
                (Value::Object(map), Some(keys)) => {
                    let given: Vec<String> = map.keys().map(|k| format!("`{k}`")).collect();
                    one(format!(
                        "expected exactly one of the keys {keys}, found {}",
                        if given.is_empty() {
                            "none".to_owned()
                        } else {
                            given.join(", ")
                        }
                    ))
                }
                _ => one(format!("{found} does not match any allowed form")),
            }
        }
        ValidationErrorKind::Minimum { limit } => {
            one(format!("expected at least {limit}, found {found}"))
        }
        ValidationErrorKind::Maximum { limit } => {
            one(format!("expected at most {limit}, found {found}"))
        }
        ValidationErrorKind::MinLength { limit } if *limit == 1 => {
            one("expected a non-empty text".to_owned())
        }
        ValidationErrorKind::MinLength { limit } => {
            one(format!("expected at least {limit} characters"))
        }
        ValidationErrorKind::MaxLength { limit } => {
            one(format!("expected at most {limit} characters"))
        }
        ValidationErrorKind::MinItems { limit } => one(format!("expected at least {limit} items")),
        ValidationErrorKind::MaxItems { limit } => one(format!("expected at most {limit} items")),
        ValidationErrorKind::Pattern { .. } => {
            let what = holder
                .and_then(|s| s.get("description"))
                .and_then(Value::as_str)
                .unwrap_or("a value of the documented form");
            one(format!(
                "{found} is not well-formed: expected {}",
                lower_first(what)
            ))
        }
        ValidationErrorKind::Format { format } => {
            one(format!("expected a {format}, found {found}"))
        }
        _ => one(lower_first(&error.to_string())),
    }
}

/// Whether `e` says the value at `pointer` has the wrong shape for the branch: wrong type,
/// missing or unexpected keys, or another constant.
fn rejects_shape(e: &jsonschema::ValidationError<'_>, pointer: &str) -> bool {
    e.instance_path().as_str() == pointer
        && matches!(
            e.kind(),
            ValidationErrorKind::Type { .. }
                | ValidationErrorKind::Required { .. }
                | ValidationErrorKind::AdditionalProperties { .. }
                | ValidationErrorKind::Constant { .. }
                | ValidationErrorKind::Enum { .. }
                | ValidationErrorKind::MinProperties { .. }
                | ValidationErrorKind::MaxProperties { .. }
        )
}

/// For a `oneOf` of single-key objects (how schemars writes enums with data), the keys.
fn branch_keys(root: &Value, branches: &Value) -> Option<String> {
    let mut keys = Vec::new();
    for b in branches.as_array()? {
        let b = match b.get("$ref").and_then(Value::as_str) {
            Some(r) => root.pointer(r.strip_prefix('#')?)?,
            None => b,
        };
        for k in b.get("required")?.as_array()? {
            keys.push(format!("`{}`", k.as_str()?));
        }
    }
    (!keys.is_empty()).then(|| keys.join(", "))
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => {
            let short: String = s.chars().take(60).collect();
            let more = if s.chars().count() > 60 { "…" } else { "" };
            format!("`\"{short}{more}\"`")
        }
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn type_names(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => article(&t.to_string()),
        // Optional fields allow null, which no TOML writer can give: do not suggest it.
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| t.to_string())
            .filter(|t| t != "null")
            .map(|t| article(&t))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn article(name: &str) -> String {
    match name {
        "integer" => "an integer".to_owned(),
        "array" => "an array".to_owned(),
        "object" => "an object".to_owned(),
        "null" => "null".to_owned(),
        other => format!("a {other}"),
    }
}

fn list(options: &Value) -> String {
    match options {
        Value::Array(items) => items
            .iter()
            .map(|v| format!("`{}`", plain(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => format!("`{}`", plain(other)),
    }
}

fn plain(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// The subschema at `path` (a JSON pointer into the schema), following local `$ref`s
/// where the path passes through them.
fn subschema<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = root;
    for raw in path.strip_prefix('/')?.split('/') {
        let token = raw.replace("~1", "/").replace("~0", "~");
        if token == "$ref" {
            let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
            node = root.pointer(target)?;
            continue;
        }
        node = match node {
            Value::Object(m) => m.get(&token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// For a `oneOf`/`anyOf` of constants (how schemars writes documented enums), the
/// allowed values.
fn choices(root: &Value, branches: &Value) -> Option<String> {
    let mut values = Vec::new();
    collect_choices(root, branches, &mut values, 0)?;
    (!values.is_empty()).then(|| values.join(", "))
}

fn collect_choices(
    root: &Value,
    branches: &Value,
    values: &mut Vec<String>,
    depth: usize,
) -> Option<()> {
    if depth > 4 {
        return None;
    }
    for b in branches.as_array()? {
        let b = match b.get("$ref").and_then(Value::as_str) {
            Some(r) => root.pointer(r.strip_prefix('#')?)?,
            None => b,
        };
        if let Some(c) = b.get("const") {
            values.push(format!("`{}`", plain(c)));
        } else if let Some(Value::Array(e)) = b.get("enum") {
            values.extend(e.iter().map(|v| format!("`{}`", plain(v))));
        } else if b.get("type").and_then(Value::as_str) == Some("null") {
            // Optional values: null is not something to suggest.
        } else if let Some(inner) = b.get("oneOf").or_else(|| b.get("anyOf")) {
            collect_choices(root, inner, values, depth + 1)?;
        } else {
            return None;
        }
    }
    Some(())
}

/// The fields an object schema allows, for an `additionalProperties` error at `path`.
fn allowed_fields(root: &Value, path: &str) -> Option<String> {
    let object_path = path.strip_suffix("/additionalProperties")?;
    let object = if object_path.is_empty() {
        Some(root)
    } else {
        subschema(root, object_path)
    }?;
    let props = object.get("properties")?.as_object()?;
    Some(
        props
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", "),
    )
}
