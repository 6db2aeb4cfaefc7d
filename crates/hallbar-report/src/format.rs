//! The kinds of text a report is written as, named alike in the CLI, the HTTP API, the
//! facade and the bindings.

use std::fmt;
use std::str::FromStr;

use hallbar_core::Lang;

use crate::doc::Document;

/// The kind of text a report (a decision basis, a portfolio follow-up) is rendered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReportFormat {
    /// One self-contained HTML file with inline CSS and SVG figures, for the screen and
    /// for print.
    Html,
    /// Markdown.
    Markdown,
    /// Plain text.
    Text,
}

impl ReportFormat {
    /// Every format, in the order they are offered.
    pub const ALL: [Self; 3] = [Self::Html, Self::Markdown, Self::Text];

    /// Its name in options and requests: `html`, `md` or `text`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Markdown => "md",
            Self::Text => "text",
        }
    }

    /// One line on what it gives, for help texts (a sentence without its full stop).
    pub fn description(self) -> &'static str {
        match self {
            Self::Html => {
                "one self-contained HTML file with SVG figures, for the screen and for print"
            }
            Self::Markdown => "Markdown",
            Self::Text => "Plain text",
        }
    }

    /// Its media type, with the character set.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Html => "text/html; charset=utf-8",
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Text => "text/plain; charset=utf-8",
        }
    }

    /// `document` written in this format; `lang` is the HTML document's language.
    pub fn render(self, document: &Document, lang: Lang) -> String {
        match self {
            Self::Html => crate::html(document, lang.code()),
            Self::Markdown => crate::markdown(document),
            Self::Text => crate::text(document),
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A report format name that is none of `html`, `md` and `text`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown report format `{0}`: expected html, md or text")]
pub struct UnknownReportFormat(pub String);

impl FromStr for ReportFormat {
    type Err = UnknownReportFormat;

    /// # Example
    /// ```
    /// use hallbar_report::ReportFormat;
    /// assert_eq!("md".parse(), Ok(ReportFormat::Markdown));
    /// assert!("pdf".parse::<ReportFormat>().unwrap_err().to_string().contains("html, md or text"));
    /// ```
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| UnknownReportFormat(hallbar_core::syntax::clip(name, 40)))
    }
}
