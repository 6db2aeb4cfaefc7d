//! Reading files: size limit before reading, UTF-8, format from the extension.

use std::path::Path;

use hallbar_core::syntax::{Format, MAX_DOCUMENT_BYTES};

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
