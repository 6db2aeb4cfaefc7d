//! Reading files: size limit before reading, UTF-8, format from the extension.

use std::path::Path;

use hallbar_core::syntax::{self, Diagnostic, Format, MAX_DOCUMENT_BYTES};
use hallbar_schema::DocumentKind;
use serde::de::DeserializeOwned;

/// A document read from a file.
pub(crate) struct Input {
    /// The path as the user gave it.
    pub name: String,
    /// The text.
    pub text: String,
    /// JSON or TOML.
    pub format: Format,
}

/// Reads `path`, refusing files over the document limit before reading them.
pub(crate) fn read(path: &Path) -> Result<Input, String> {
    let name = path.display().to_string();
    let format = Format::from_path(&name).ok_or_else(|| {
        format!("error: {name}: cannot tell the format from the file name\n  help: name the file *.toml or *.json")
    })?;
    let text = read_text(path)?;
    Ok(Input { name, text, format })
}

/// Reads `path` as UTF-8 text of at most the document limit, whatever its format.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("error: {name}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("error: {name}: not a regular file"));
    }
    if meta.len() > MAX_DOCUMENT_BYTES as u64 {
        return Err(format!(
            "error: {name}: the file is {} bytes; the limit is {MAX_DOCUMENT_BYTES} bytes ({} MiB)\n  help: a single assessment is a few kilobytes; split collections into one document per insats",
            meta.len(),
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("error: {name}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("error: {name}: the file is not UTF-8 text (invalid byte at offset {at})\n  help: save the file as UTF-8")
    })?;
    Ok(text)
}

/// Every diagnostic of `input` as text naming file, line, column and pointer.
pub(crate) fn render(input: &Input, diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(&input.name, &input.text))
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// Reads a document of `kind` from `path`: syntax, then every structural problem at once
/// (the schema), then `meaning` (every problem of meaning, with pointers, which get
/// spans here). The rendered diagnostics are the error when any is an error; warnings go
/// to standard error.
pub(crate) fn read_checked<T: DeserializeOwned>(
    path: &Path,
    kind: DocumentKind,
    meaning: impl FnOnce(&T) -> Vec<Diagnostic>,
) -> Result<(Input, T), String> {
    let input = read(path)?;
    let node = syntax::parse(&input.text, input.format).map_err(|d| render(&input, &[d]))?;
    let value: T =
        hallbar_schema::read_structured(kind, &node).map_err(|ds| render(&input, &ds))?;
    let mut problems = meaning(&value);
    for d in &mut problems {
        node.attach_span(d);
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(render(&input, &problems));
    }
    if !problems.is_empty() {
        eprintln!("{}", render(&input, &problems));
    }
    Ok((input, value))
}

/// Reads and validates an assessment; its diagnostics as text when it has errors.
pub(crate) fn read_assessment(
    file: &Path,
    catalogue: &hallbar_core::GoalCatalogue,
    lang: hallbar_core::Lang,
) -> Result<(Input, hallbar_core::Hallbarhetssakring), String> {
    let input = read(file)?;
    let report = hallbar_schema::validate(
        DocumentKind::Assessment,
        &input.text,
        input.format,
        catalogue,
        lang,
    );
    let Some(doc) = report.document else {
        return Err(render(&input, &report.diagnostics));
    };
    if !report.diagnostics.is_empty() {
        eprintln!("{}", render(&input, &report.diagnostics));
    }
    Ok((input, doc))
}
