//! Reading documents: JSON or TOML text into a span-keeping tree, and from there into
//! the typed model, with diagnostics that name line, column and JSON pointer.
//!
//! Every document format of hallbar is read the same way:
//! 1. [`parse`] the text (checked against [`MAX_DOCUMENT_BYTES`] and [`MAX_DEPTH`]) into
//!    a [`Node`] tree;
//! 2. [`deserialize`] the tree into a serde type, which names the first structural
//!    problem with its pointer and span;
//! 3. check the meaning (known goal ids, references within the document) with the
//!    module that owns the type, e.g. [`crate::check`].
//!
//! The `hallbar-schema` crate replaces step 2 with a schema validation that reports
//! every structural problem at once.

mod diag;
mod direct;
mod escape;
mod json;
mod node;
mod suggest;
mod toml;

use serde::de::DeserializeOwned;

pub use diag::{Diagnostic, Level, LineCol, escape_pointer_token, line_col};
pub use direct::{JsonError, read_json};
pub(crate) use node::pointer_index;
pub use node::{Member, Node, Value, pointer_key};
pub use suggest::closest;

/// The largest document accepted, in bytes (8 MiB). An assessment is a few kilobytes.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// The deepest nesting of arrays and objects accepted. The deepest hallbar document
/// format needs far fewer levels; the limit keeps hostile input from exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// The most values (objects, arrays, strings, numbers, booleans and nulls, counted
/// together) one document may hold. The largest example assessment holds about 300; a
/// rule file of a thousand rules about 30 000. The tree of a document at the limit takes
/// a few megabytes, whatever its text, so a hostile document cannot make reading it
/// cost more than that.
pub const MAX_VALUES: usize = 100_000;

/// The error of a document with more than [`MAX_VALUES`] values.
fn too_many_values() -> Diagnostic {
    Diagnostic::error(
        "",
        format!("the document holds more than {MAX_VALUES} values"),
    )
    .with_help("an assessment holds a few hundred; this looks like a damaged or hostile file")
}

/// A text format of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON (RFC 8259): for systems.
    Json,
    /// TOML 1.0: for people writing documents by hand.
    Toml,
}

impl Format {
    /// The format a file name's extension implies (`.json`, `.toml`).
    pub fn from_path(path: &str) -> Option<Self> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Self::Json),
            "toml" => Some(Self::Toml),
            _ => None,
        }
    }
}

/// Parses `text` in `format` into a [`Node`] tree.
///
/// # Errors
/// A text longer than [`MAX_DOCUMENT_BYTES`], nested deeper than [`MAX_DEPTH`], with
/// more than [`MAX_VALUES`] values, empty, or malformed.
pub fn parse(text: &str, format: Format) -> Result<Node, Diagnostic> {
    check_size(text.len())?;
    match format {
        Format::Json => json::parse(text),
        Format::Toml => toml::parse(text),
    }
}

/// Fails when a document of `len` bytes exceeds [`MAX_DOCUMENT_BYTES`]. Callers that
/// read files check the size before reading.
///
/// # Errors
/// When `len` is larger than the limit.
pub(crate) fn check_size(len: usize) -> Result<(), Diagnostic> {
    if len > MAX_DOCUMENT_BYTES {
        return Err(Diagnostic::error(
            "",
            format!(
                "the document is {} bytes; the limit is {} bytes ({} MiB)",
                len,
                MAX_DOCUMENT_BYTES,
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        )
        .with_help("a single assessment is a few kilobytes; split collections into one document per insats"));
    }
    Ok(())
}

/// Deserializes a parsed tree into `T`, naming the place of the first problem.
///
/// # Errors
/// The first value that does not fit `T`, with its JSON pointer and span.
pub fn deserialize<T: DeserializeOwned>(node: &Node) -> Result<T, Diagnostic> {
    deserialize_json(&node.to_json(), node)
}

/// As [`deserialize`], from `json`, the tree already converted with [`Node::to_json`]
/// (for callers that also validate it against a schema).
///
/// # Errors
/// The first value that does not fit `T`, with its JSON pointer and span.
pub fn deserialize_json<T: DeserializeOwned>(
    json: &serde_json::Value,
    node: &Node,
) -> Result<T, Diagnostic> {
    // Plain serde first: keeping track of the path costs a quarter of the reading, and
    // is only needed to say where a value does not fit.
    T::deserialize(json).or_else(|_| {
        serde_path_to_error::deserialize::<_, T>(json).map_err(|e| {
            let mut d = Diagnostic::error(path_to_pointer(e.path()), e.inner().to_string());
            node.attach_span(&mut d);
            d
        })
    })
}

/// `text` cut after `max` characters, with `…` where it was cut: for quoting a
/// document's text (or a hostile one) in a finding or a message without repeating all of
/// it.
///
/// # Example
/// ```
/// assert_eq!(hallbar_core::syntax::clip("fjällturism", 4), "fjäl…");
/// assert_eq!(hallbar_core::syntax::clip("kort", 4), "kort");
/// ```
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default().trim_end()),
        None => text.to_owned(),
    }
}

/// The message with its first letter in lower case: diagnostics are lower-case, also
/// when the text comes from another library.
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().collect::<String>() + chars.as_str()
    })
}

/// Parses and deserializes in one step.
///
/// # Errors
/// As [`parse`] and [`deserialize`].
pub fn parse_as<T: DeserializeOwned>(text: &str, format: Format) -> Result<T, Diagnostic> {
    deserialize(&parse(text, format)?)
}

pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_index(&pointer, *index),
            Segment::Map { key } => pointer = pointer_key(&pointer, key),
            Segment::Enum { variant } => pointer = pointer_key(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}
