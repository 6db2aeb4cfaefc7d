//! `hallbar report`: the decision basis as HTML, Markdown or text.

use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use hallbar_core::{GoalCatalogue, Lang, method};
use hallbar_report::DecisionBasis;

use crate::assess::Checks;
use crate::input::read_assessment;

/// The formats of the decision basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// One self-contained HTML file with SVG figures, for the screen and for print.
    Html,
    /// Markdown.
    Md,
    /// Plain text.
    Text,
}

pub(crate) fn report(
    file: &Path,
    catalogue: &GoalCatalogue,
    checks: &Checks<'_>,
    format: ReportFormat,
    output: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, String> {
    let (_, doc) = read_assessment(file, catalogue)?;
    let findings = checks.findings(&doc, lang)?;
    let profile = checks.profile.map(|p| p.load(&doc)).transpose()?;
    let status = profile.as_ref().map(|p| method::status(&doc, p.get()));
    let suggested = method::suggested_overall(&doc, catalogue);
    let basis = DecisionBasis {
        doc: &doc,
        findings: &findings,
        status: status.as_ref(),
        suggested: &suggested,
        catalogue,
        graph: checks.engine.graph(),
        lang,
    };
    let document = basis.document();
    let text = match format {
        ReportFormat::Html => hallbar_report::html(&document, lang.code()),
        ReportFormat::Md => hallbar_report::markdown(&document),
        ReportFormat::Text => hallbar_report::text(&document),
    };
    write_output(output, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `output`, or to standard output when there is none.
pub(crate) fn write_output(output: Option<&Path>, text: &str) -> Result<(), String> {
    match output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("error: {}: {e}", path.display()))
        }
        None => {
            say!("{}", text.trim_end());
            Ok(())
        }
    }
}
