//! Diagnostics: a problem of a document, its place, and what was expected.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Level {
    /// The document cannot be used as it is.
    Error,
    /// The document can be used, but something is likely wrong.
    Warning,
}

/// One problem of a document.
///
/// A diagnostic names its place twice: as a JSON pointer into the document's data
/// (`/effekter/1/mal`), which is the same whether the document was written as JSON or
/// TOML, and as a byte span of the source text, from which [`Diagnostic::line_col`]
/// computes a line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub level: Level,
    /// JSON pointer to the offending value (`""` is the whole document).
    pub pointer: String,
    /// Byte range of the offending text in the source, when known.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// What is wrong, lower-case, with user input in backticks.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// What kind of problem, for programs, the same in every language: for a document
    /// that breaks its schema, the JSON Schema keyword in snake case (`unknown_field`,
    /// `missing_field`, `maximum`, `pattern`, …); none for the other checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

/// A 1-based line and column (counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in Unicode scalar values.
    pub column: usize,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            level: Level::Error,
            pointer: pointer.into(),
            span: None,
            message: message.into(),
            help: None,
            code: None,
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            level: Level::Warning,
            ..Self::error(pointer, message)
        }
    }

    /// The same diagnostic with a help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with a machine-readable code (see [`Diagnostic::code`]).
    #[must_use]
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// The same diagnostic with a source span.
    #[must_use]
    pub fn with_span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// The line and column of the start of the span in `source`.
    pub fn line_col(&self, source: &str) -> Option<LineCol> {
        self.span.as_ref().map(|s| line_col(source, s.start))
    }

    /// The diagnostic as text for a terminal or a log, naming `file`:line:column and the
    /// JSON pointer, quoting the offending line of `source` with a marker under the span.
    pub fn render(&self, file: &str, source: &str) -> String {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut out = String::new();
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        match self.line_col(source) {
            Some(lc) => {
                let _ = writeln!(
                    out,
                    "{level}: {file}:{}:{}: {}",
                    lc.line, lc.column, self.message
                );
                let _ = writeln!(out, "  at {at}");
                if let Some(span) = &self.span {
                    out.push_str(&snippet(source, span, lc));
                }
            }
            None => {
                let _ = writeln!(out, "{level}: {file}: {}", self.message);
                let _ = writeln!(out, "  at {at}");
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  help: {help}");
        }
        out
    }
}

/// The 1-based line and column of byte `offset` in `source` (clamped to the text).
pub fn line_col(source: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = source.get(..offset).unwrap_or_default();
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    LineCol { line, column }
}

fn snippet(source: &str, span: &Range<usize>, lc: LineCol) -> String {
    let Some(text) = source.lines().nth(lc.line - 1) else {
        return String::new();
    };
    // Long lines (minified JSON) are cut around the place.
    let chars: Vec<char> = text.chars().collect();
    let start = (lc.column - 1).saturating_sub(40);
    let shown: String = chars.iter().skip(start).take(100).collect();
    let width = source
        .get(span.clone())
        .map_or(1, |s| s.lines().next().map_or(1, |l| l.chars().count()))
        .clamp(1, 60);
    let gutter = lc.line.to_string();
    let pad = " ".repeat(gutter.len());
    let marker = format!("{}{}", " ".repeat(lc.column - 1 - start), "^".repeat(width));
    format!("  {pad} |\n  {gutter} | {shown}\n  {pad} | {marker}\n")
}

/// Escapes one JSON pointer token (RFC 6901): `~` as `~0`, `/` as `~1`.
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nmål = \"x\"\n";
        assert_eq!(line_col(src, 0), LineCol { line: 1, column: 1 });
        let at = src.find("\"x\"").unwrap();
        assert_eq!(line_col(src, at), LineCol { line: 2, column: 7 });
        assert_eq!(line_col(src, 10_000).line, 3);
    }

    #[test]
    fn rendering_names_file_place_pointer_and_help() {
        let src = "[insats]\nmal = \"18\"\n";
        let at = src.find("\"18\"").unwrap();
        let d = Diagnostic::error("/insats/mal", "unknown goal `18`")
            .with_span(at..at + 4)
            .with_help("Agenda 2030 has goals 1–17");
        let text = d.render("x.toml", src);
        assert!(text.starts_with("error: x.toml:2:7: unknown goal `18`\n  at /insats/mal\n"));
        assert!(text.contains("2 | mal = \"18\""));
        assert!(text.contains("|       ^^^^"));
        assert!(text.ends_with("help: Agenda 2030 has goals 1–17\n"));
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
    }
}
