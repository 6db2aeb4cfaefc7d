//! JSON text in, JSON text out: the one call layer every binding shares (Python,
//! JavaScript, C), so that each binding is a thin wrapper and all of them answer alike.
//!
//! A request is a JSON object; a response is a JSON object with `ok`. On success it holds
//! what the call returns — findings as `schemas/fynd.schema.json` describes them; on
//! failure `error`: `{kind, message, problems}`, each problem with `source`, `level`,
//! `pointer`, `message`, `help`, and `line` and `column` where known. A call never panics
//! and never fails silently: a malformed request is an error response too.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::engine::Problem;
use crate::{Engine, Format, Lang};

/// A request to check one document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentRequest {
    /// The document: its text (TOML or JSON, see `format`), or a JSON object.
    document: Value,
    /// `toml` or `json`; for a text, default `json`. Ignored for an object.
    #[serde(default)]
    format: Option<String>,
    /// `sv` (default) or `en`.
    #[serde(default)]
    lang: Option<String>,
    /// For a report: `html` (default), `md` or `text`.
    #[serde(default)]
    output: Option<String>,
}

/// A request to add up many documents.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PortfolioRequest {
    /// The documents: texts in `format`, or JSON objects.
    documents: Vec<Value>,
    #[serde(default)]
    format: Option<String>,
    /// How many rows each ranking shows (default 10).
    #[serde(default)]
    top: Option<usize>,
}

/// A file of the engine's configuration: its name (for problems), its text, its format.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRequest {
    name: String,
    text: String,
    #[serde(default)]
    format: Option<String>,
}

/// A request for an engine of a region's own files; every field may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EngineRequest {
    #[serde(default)]
    goals: Vec<FileRequest>,
    #[serde(default)]
    rules: Vec<FileRequest>,
    /// Kept for configurations written before rule files became layers: the standard
    /// set is kept anyway.
    #[serde(default)]
    #[allow(dead_code, reason = "accepted and ignored")]
    keep_standard_rules: bool,
    #[serde(default)]
    replace_standard_rules: bool,
    /// Interaction files layered on the standard interactions (or the matrix): one, or a
    /// list applied in order.
    #[serde(default)]
    interactions: Option<OneOrMore>,
    #[serde(default)]
    replace_standard_interactions: bool,
    /// A cross-impact matrix: CSV as `text`, or an Excel workbook as `base64`.
    #[serde(default)]
    matrix: Option<MatrixRequest>,
    #[serde(default)]
    no_graph: bool,
    #[serde(default)]
    profiles: Vec<FileRequest>,
}

/// A cross-impact matrix: `{"name", "text"}` for CSV, `{"name", "base64"}` for an
/// Excel workbook (its bytes in standard base64).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixRequest {
    name: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    base64: Option<String>,
}

/// One file, or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMore {
    One(FileRequest),
    More(Vec<FileRequest>),
}

impl OneOrMore {
    fn files(&self) -> &[FileRequest] {
        match self {
            Self::One(f) => std::slice::from_ref(f),
            Self::More(fs) => fs,
        }
    }
}

fn format_of(name: &str, format: Option<&str>) -> Result<Format, String> {
    match format {
        Some("toml") => Ok(Format::Toml),
        Some("json") => Ok(Format::Json),
        Some(f) => Err(error(
            "request",
            format!("{name}: unknown format `{f}`: expected `toml` or `json`"),
            &[],
        )),
        None => Format::from_path(name).ok_or_else(|| {
            error(
                "request",
                format!(
                    "{name}: give `format` (`toml` or `json`) or a name ending in .toml or .json"
                ),
                &[],
            )
        }),
    }
}

/// An engine from a configuration: `{}` (or an empty text) for the embedded defaults, or
/// `{"goals", "rules", "replace_standard_rules", "interactions",
/// "replace_standard_interactions", "matrix", "no_graph", "profiles"}`, each file
/// `{"name", "text", "format"?}` — the matrix `{"name", "text"}` (CSV) or `{"name",
/// "base64"}` (an .xlsx workbook); each rule file is a layer on the standard set, which
/// `replace_standard_rules` leaves out; `interactions` (one file or a list) are layers on
/// the standard interactions or the matrix, which `replace_standard_interactions` leaves
/// out.
///
/// # Errors
/// The error response, as JSON text: a malformed request, or every problem of every file.
pub fn engine(config: &str) -> Result<Engine, String> {
    let r: EngineRequest = if config.trim().is_empty() {
        EngineRequest::default()
    } else {
        serde_json::from_str(config).map_err(|e| {
            error(
                "request",
                format!("the request is not an engine configuration: {e}"),
                &[],
            )
        })?
    };
    let mut b = Engine::builder();
    for f in &r.goals {
        b = b.goals(&f.name, &f.text, format_of(&f.name, f.format.as_deref())?);
    }
    for f in &r.rules {
        b = b.rules(&f.name, &f.text, format_of(&f.name, f.format.as_deref())?);
    }
    if r.replace_standard_rules {
        b = b.replace_standard_rules();
    }
    for f in r.interactions.iter().flat_map(OneOrMore::files) {
        b = b.interactions(&f.name, &f.text, format_of(&f.name, f.format.as_deref())?);
    }
    if r.replace_standard_interactions {
        b = b.replace_standard_interactions();
    }
    if let Some(m) = &r.matrix {
        b = match (&m.text, &m.base64) {
            (Some(csv), None) => b.matrix(&m.name, csv),
            (None, Some(encoded)) => {
                use base64::Engine as _;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(encoded.trim())
                    .map_err(|e| {
                        error(
                            "request",
                            format!("{}: `base64` is not standard base64: {e}", m.name),
                            &[],
                        )
                    })?;
                b.matrix_xlsx(&m.name, &bytes)
            }
            _ => {
                return Err(error(
                    "request",
                    format!(
                        "{}: a matrix gives either `text` (CSV) or `base64` (an .xlsx workbook)",
                        m.name
                    ),
                    &[],
                ));
            }
        };
    }
    if r.no_graph {
        b = b.no_graph();
    }
    for f in &r.profiles {
        b = b.profile(&f.name, &f.text, format_of(&f.name, f.format.as_deref())?);
    }
    b.build()
        .map_err(|e| error("load", e.to_string(), e.problems()))
}

/// The error response for a failure outside the document: `kind` (`request`, `load`,
/// `internal`), a message, no problems.
pub fn failure(kind: &str, message: &str) -> String {
    error(kind, message, &[])
}

fn error(kind: &str, message: impl Into<String>, problems: &[Problem]) -> String {
    json!({
        "ok": false,
        "error": { "kind": kind, "message": message.into(), "problems": problems },
    })
    .to_string()
}

/// The text format of a document given as text.
fn text_format(format: Option<&str>) -> Result<Format, String> {
    match format {
        None | Some("json") => Ok(Format::Json),
        Some("toml") => Ok(Format::Toml),
        Some(f) => Err(error(
            "request",
            format!("unknown format `{f}`: expected `toml` or `json`"),
            &[],
        )),
    }
}

/// A document of a request — a text in `format`, or a JSON object — as text and format.
fn document(value: Value, format: Option<&str>) -> Result<(String, Format), String> {
    match value {
        Value::String(text) => Ok((text, text_format(format)?)),
        object @ Value::Object(_) => Ok((object.to_string(), Format::Json)),
        _ => Err(error(
            "request",
            "a document is neither a text nor an object",
            &[],
        )),
    }
}

/// The text, format, language and report output of a request.
fn read(request: &str) -> Result<(String, Format, Lang, Option<String>), String> {
    let r: DocumentRequest = serde_json::from_str(request).map_err(|e| {
        error(
            "request",
            format!("the request is not a document request: {e}"),
            &[],
        )
    })?;
    let lang = match r.lang.as_deref() {
        None => Lang::Sv,
        Some(l) => l.parse().map_err(|_| {
            error(
                "request",
                format!("unknown language `{l}`: expected `sv` or `en`"),
                &[],
            )
        })?,
    };
    let (text, format) = document(r.document, r.format.as_deref())?;
    Ok((text, format, lang, r.output))
}

/// `{"document", "format"?, "lang"?}` → `{"ok": true, "valid", "problems"}`: every
/// problem of the document, with its place.
pub fn validate(engine: &Engine, request: &str) -> String {
    let (text, format, _, _) = match read(request) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let v = engine.validate(&text, format);
    json!({ "ok": true, "valid": v.is_valid(), "problems": v.problems }).to_string()
}

/// `{"document", "format"?, "lang"?}` → `{"ok": true, "insats", "findings", "warnings",
/// "status", "suggested"}`, or `{"ok": false, "error"}` when the document has errors.
pub fn assess(engine: &Engine, request: &str) -> String {
    let (text, format, lang, _) = match read(request) {
        Ok(r) => r,
        Err(e) => return e,
    };
    match engine.assess(&text, format, lang) {
        Ok(a) => {
            let mut v = json!({ "ok": true, "insats": a.document.insats.id.as_str() });
            if let (Value::Object(out), Ok(Value::Object(body))) =
                (&mut v, serde_json::to_value(&a))
            {
                out.extend(body);
            }
            v.to_string()
        }
        Err(e) => error("document", e.to_string(), e.problems()),
    }
}

/// `{"document", "format"?, "lang"?, "output"?}` → `{"ok": true, "report"}`: the decision
/// basis as `html` (default), `md` or `text`.
pub fn report(engine: &Engine, request: &str) -> String {
    let (text, format, lang, output) = match read(request) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let output = match output
        .as_deref()
        .map_or(Ok(crate::ReportFormat::Html), str::parse)
    {
        Ok(format) => format,
        Err(crate::UnknownReportFormat(o)) => {
            return error(
                "request",
                format!("unknown output `{o}`: expected `html`, `md` or `text`"),
                &[],
            );
        }
    };
    match engine.assess(&text, format, lang) {
        Ok(a) => json!({ "ok": true, "report": engine.report(&a, output, lang) }).to_string(),
        Err(e) => error("document", e.to_string(), e.problems()),
    }
}

/// `{"documents": [...], "format"?, "top"?}` → `{"ok": true, "portfolio"}`: the follow-up
/// of the documents as `schemas/portfoljuppfoljning.schema.json` describes it.
pub fn portfolio(engine: &Engine, request: &str) -> String {
    let r: PortfolioRequest = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => {
            return error(
                "request",
                format!("the request is not a portfolio request: {e}"),
                &[],
            );
        }
    };
    let documents: Result<Vec<(String, Format)>, String> = r
        .documents
        .into_iter()
        .map(|d| document(d, r.format.as_deref()))
        .collect();
    let documents = match documents {
        Ok(d) => d,
        Err(e) => return e,
    };
    let report = engine.portfolio(
        documents.iter().map(|(t, f)| (t.as_str(), *f)),
        r.top.unwrap_or(10),
    );
    match serde_json::to_value(&report) {
        Ok(v) => json!({ "ok": true, "portfolio": v }).to_string(),
        Err(e) => error("internal", format!("cannot write the report: {e}"), &[]),
    }
}

#[cfg(test)]
mod tests;
