//! Turns schema validation errors into diagnostics in hallbar's voice, in Swedish or
//! English: what is wrong at which pointer, and what was expected.

use hallbar_core::Lang;
use hallbar_core::syntax::{Diagnostic, lower_first, pointer_key};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

/// Diagnostics for one validation error, in `lang`; `schema` is the root schema, used to
/// list the allowed values and fields.
#[allow(
    clippy::too_many_lines,
    reason = "one arm per kind of error, in both languages"
)]
pub(crate) fn diagnostics(
    error: &jsonschema::ValidationError<'_>,
    schema: &Value,
    lang: Lang,
) -> Vec<Diagnostic> {
    let code = code(error.kind());
    worded(error, schema, lang)
        .into_iter()
        .map(|d| {
            if d.code.is_some() {
                d
            } else {
                d.with_code(code)
            }
        })
        .collect()
}

/// The machine-readable code of an error: its JSON Schema keyword, in snake case.
fn code(kind: &ValidationErrorKind) -> &'static str {
    match kind {
        ValidationErrorKind::AdditionalProperties { .. } => "unknown_field",
        ValidationErrorKind::Required { .. } => "missing_field",
        ValidationErrorKind::Type { .. } => "type",
        ValidationErrorKind::Constant { .. } => "const",
        ValidationErrorKind::Enum { .. } => "enum",
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. } => "one_of",
        ValidationErrorKind::Minimum { .. } => "minimum",
        ValidationErrorKind::Maximum { .. } => "maximum",
        ValidationErrorKind::MinLength { .. } => "min_length",
        ValidationErrorKind::MaxLength { .. } => "max_length",
        ValidationErrorKind::MinItems { .. } => "min_items",
        ValidationErrorKind::MaxItems { .. } => "max_items",
        ValidationErrorKind::Pattern { .. } => "pattern",
        ValidationErrorKind::Format { .. } => "format",
        _ => "schema",
    }
}

/// [`diagnostics`] without codes: the words.
fn worded(error: &jsonschema::ValidationError<'_>, schema: &Value, lang: Lang) -> Vec<Diagnostic> {
    let pointer = error.instance_path().as_str().to_owned();
    let found = describe(error.instance(), lang);
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
    let say = |sv: String, en: String| one(lang.pick(sv, en));
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|field| {
                let d = Diagnostic::error(
                    pointer_key(&pointer, field),
                    lang.pick(
                        format!("okänt fält `{field}`"),
                        format!("unknown field `{field}`"),
                    ),
                );
                match allowed_fields(schema, error.schema_path().as_str()) {
                    Some(fields) => {
                        let allowed = lang.pick(
                            format!("tillåtna fält: {}", fields.join(", ")),
                            format!("expected one of: {}", fields.join(", ")),
                        );
                        match did_you_mean(field, fields.iter().copied(), lang) {
                            Some(near) => d.with_help(format!("{near} {allowed}")),
                            None => d.with_help(allowed),
                        }
                    }
                    None => d,
                }
            })
            .collect(),
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            vec![Diagnostic::error(
                pointer,
                lang.pick(
                    format!("fältet `{name}` saknas"),
                    format!("missing field `{name}`"),
                ),
            )]
        }
        ValidationErrorKind::Type { kind } => {
            let expected = type_names(kind, lang);
            say(
                format!("förväntade {expected}, fick {found}"),
                format!("expected {expected}, found {found}"),
            )
        }
        ValidationErrorKind::Constant { expected_value } => say(
            format!("förväntade `{expected_value}`, fick {found}"),
            format!("expected `{expected_value}`, found {found}"),
        ),
        ValidationErrorKind::Enum { options } => {
            let options = list(options);
            say(
                format!("förväntade något av {options}, fick {found}"),
                format!("expected one of {options}, found {found}"),
            )
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            if let Some(choices) = subschema.and_then(|s| choices(schema, s)) {
                return say(
                    format!("förväntade något av {choices}, fick {found}"),
                    format!("expected one of {choices}, found {found}"),
                );
            }
            // The branch the writer meant is the one that accepts the value's shape (for a
            // condition, the branch keyed by the one key given; for an optional value, the
            // branch that is not null): report what is wrong inside it.
            let meant: Vec<&Vec<jsonschema::ValidationError<'static>>> = context
                .iter()
                .filter(|errors| !errors.iter().any(|e| rejects_shape(e, &pointer)))
                .collect();
            if let [errors] = meant.as_slice() {
                return errors
                    .iter()
                    .flat_map(|e| diagnostics(e, schema, lang))
                    .collect();
            }
            match (
                error.instance().as_ref(),
                subschema.and_then(|s| branch_keys(schema, s)),
            ) {
                (Value::Object(map), Some(keys)) => {
                    // One key, and not one of the forms: an unknown key, at its own place.
                    if let [unknown] = map.keys().collect::<Vec<_>>().as_slice()
                        && !keys.contains(&unknown.as_str())
                    {
                        let listed: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                        let d = Diagnostic::error(
                            pointer_key(&pointer, unknown),
                            lang.pick(
                                format!("okänd nyckel `{unknown}`"),
                                format!("unknown key `{unknown}`"),
                            ),
                        )
                        .with_code("unknown_field");
                        let allowed = lang.pick(
                            format!("tillåtna nycklar: {}", listed.join(", ")),
                            format!("expected one of: {}", listed.join(", ")),
                        );
                        return vec![match did_you_mean(unknown, keys.iter().copied(), lang) {
                            Some(near) => d.with_help(format!("{near} {allowed}")),
                            None => d.with_help(allowed),
                        }];
                    }
                    let keys = keys
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let given: Vec<String> = map.keys().map(|k| format!("`{k}`")).collect();
                    let given = if given.is_empty() {
                        lang.pick("ingen", "none").to_owned()
                    } else {
                        given.join(", ")
                    };
                    say(
                        format!("förväntade exakt en av nycklarna {keys}, fick {given}"),
                        format!("expected exactly one of the keys {keys}, found {given}"),
                    )
                }
                _ => say(
                    format!("{found} har ingen av de tillåtna formerna"),
                    format!("{found} does not match any allowed form"),
                ),
            }
        }
        ValidationErrorKind::Minimum { limit } => say(
            format!("förväntade minst {}, fick {found}", number(limit, lang)),
            format!("expected at least {limit}, found {found}"),
        ),
        ValidationErrorKind::Maximum { limit } => say(
            format!("förväntade högst {}, fick {found}", number(limit, lang)),
            format!("expected at most {limit}, found {found}"),
        ),
        ValidationErrorKind::MinLength { limit } if *limit == 1 => say(
            "får inte vara tom".to_owned(),
            "expected a non-empty text".to_owned(),
        ),
        ValidationErrorKind::MinLength { limit } => say(
            format!("förväntade minst {limit} tecken"),
            format!("expected at least {limit} characters"),
        ),
        ValidationErrorKind::MaxLength { limit } => say(
            format!("förväntade högst {limit} tecken"),
            format!("expected at most {limit} characters"),
        ),
        ValidationErrorKind::MinItems { limit } => say(
            format!("förväntade minst {limit} poster"),
            format!("expected at least {limit} items"),
        ),
        ValidationErrorKind::MaxItems { limit } => say(
            format!("förväntade högst {limit} poster"),
            format!("expected at most {limit} items"),
        ),
        ValidationErrorKind::Pattern { .. } => {
            let described = |key: &str| {
                holder
                    .and_then(|s| s.get(key))
                    .and_then(Value::as_str)
                    .map(lower_first)
            };
            let empty = error.instance().as_str() == Some("");
            match lang {
                Lang::En => one(format!(
                    "{found} is not well-formed: expected {}",
                    described("description")
                        .unwrap_or_else(|| "a value of the documented form".to_owned())
                )),
                _ => {
                    let what = described(SWEDISH_DESCRIPTION)
                        .unwrap_or_else(|| "ett värde av den dokumenterade formen".to_owned());
                    one(if empty {
                        format!("får inte vara tom: förväntade {what}")
                    } else {
                        format!("{found} har fel form: förväntade {what}")
                    })
                }
            }
        }
        ValidationErrorKind::Format { format } => {
            let what = match (format.as_str(), lang) {
                ("date", Lang::En) => "a date (YYYY-MM-DD)".to_owned(),
                ("date", _) => "ett datum (ÅÅÅÅ-MM-DD)".to_owned(),
                (other, Lang::En) => format!("a {other}"),
                (other, _) => format!("formatet {other}"),
            };
            say(
                format!("förväntade {what}, fick {found}"),
                format!("expected {what}, found {found}"),
            )
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
fn branch_keys<'s>(root: &'s Value, branches: &'s Value) -> Option<Vec<&'s str>> {
    let mut keys = Vec::new();
    for b in branches.as_array()? {
        let b = match b.get("$ref").and_then(Value::as_str) {
            Some(r) => root.pointer(r.strip_prefix('#')?)?,
            None => b,
        };
        for k in b.get("required")?.as_array()? {
            keys.push(k.as_str()?);
        }
    }
    (!keys.is_empty()).then_some(keys)
}

/// "Did you mean …?" for `word` among `known`, in `lang`; none when nothing is near.
fn did_you_mean<'k>(
    word: &str,
    known: impl IntoIterator<Item = &'k str>,
    lang: Lang,
) -> Option<String> {
    hallbar_core::syntax::closest(word, known).map(|near| {
        lang.pick(
            format!("menade du `{near}`?"),
            format!("did you mean `{near}`?"),
        )
    })
}

/// The key of a schema's Swedish description, beside its `description` in English: what a
/// pattern expects, said to a Swedish reader.
pub const SWEDISH_DESCRIPTION: &str = "x-beskrivning";

/// A schema's numeric limit, as `lang` writes numbers (a decimal comma in Swedish).
fn number(limit: &Value, lang: Lang) -> String {
    lang.decimal(&limit.to_string())
}

fn describe(value: &Value, lang: Lang) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => match lang {
            Lang::En => format!("`{b}`"),
            _ => format!("`{}`", if *b { "sant" } else { "falskt" }),
        },
        Value::Number(n) => format!("`{}`", number(&Value::Number(n.clone()), lang)),
        Value::String(s) => {
            let short: String = s.chars().take(60).collect();
            let more = if s.chars().count() > 60 { "…" } else { "" };
            format!("`\"{short}{more}\"`")
        }
        Value::Array(_) => lang.pick("en lista", "an array").to_owned(),
        Value::Object(_) => lang.pick("ett objekt", "an object").to_owned(),
    }
}

fn type_names(kind: &TypeKind, lang: Lang) -> String {
    match kind {
        TypeKind::Single(t) => article(&t.to_string(), lang),
        // Optional fields allow null, which no TOML writer can give: do not suggest it.
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| t.to_string())
            .filter(|t| t != "null")
            .map(|t| article(&t, lang))
            .collect::<Vec<_>>()
            .join(lang.pick(" eller ", " or ")),
    }
}

fn article(name: &str, lang: Lang) -> String {
    match (name, lang) {
        ("null", _) => "null".to_owned(),
        ("integer", Lang::En) => "an integer".to_owned(),
        ("array", Lang::En) => "an array".to_owned(),
        ("object", Lang::En) => "an object".to_owned(),
        (other, Lang::En) => format!("a {other}"),
        ("integer", _) => "ett heltal".to_owned(),
        ("number", _) => "ett tal".to_owned(),
        ("string", _) => "en text".to_owned(),
        ("boolean", _) => "sant eller falskt".to_owned(),
        ("array", _) => "en lista".to_owned(),
        ("object", _) => "ett objekt".to_owned(),
        (other, _) => other.to_owned(),
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
fn allowed_fields<'s>(root: &'s Value, path: &str) -> Option<Vec<&'s str>> {
    let object_path = path.strip_suffix("/additionalProperties")?;
    let object = if object_path.is_empty() {
        Some(root)
    } else {
        subschema(root, object_path)
    }?;
    let props = object.get("properties")?.as_object()?;
    Some(props.keys().map(String::as_str).collect())
}
