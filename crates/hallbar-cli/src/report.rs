//! `hallbar report`: the decision basis as HTML, Markdown or text.

use std::path::Path;
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use hallbar_core::{GoalCatalogue, Lang, method};
use hallbar_report::{DecisionBasis, ReportFormat};

use crate::assess::Checks;
use crate::input::read_assessment;

/// The parser of `--format` for a document report: the names of [`ReportFormat`], each
/// with its description in `--help`.
pub(crate) fn format_parser() -> impl TypedValueParser<Value = ReportFormat> {
    PossibleValuesParser::new(
        ReportFormat::ALL.map(|f| PossibleValue::new(f.name()).help(f.description())),
    )
    .try_map(|name| name.parse::<ReportFormat>())
}

pub(crate) fn report(
    file: &Path,
    catalogue: &GoalCatalogue,
    checks: &Checks<'_>,
    (format, kolada): (ReportFormat, &crate::cache::ReportKolada),
    output: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, String> {
    let (_, doc) = read_assessment(file, catalogue, lang)?;
    let values = kolada.read(&doc, lang)?;
    let findings = checks.findings(&doc, lang)?;
    let profile = checks.profile.map(|p| p.load(&doc)).transpose()?;
    let status = profile
        .as_ref()
        .map(|p| method::status_given(&doc, p.get(), &findings));
    let suggested = method::suggested_overall(&doc, catalogue);
    let basis = DecisionBasis {
        doc: &doc,
        findings: &findings,
        status: status.as_ref(),
        profile: profile.as_ref().map(|p| p.get()),
        suggested: &suggested,
        catalogue,
        graph: checks.engine.graph(),
        rules: Some(checks.engine.rules()),
        kolada: values.as_ref(),
        lang,
    };
    crate::output::write_output(output, &format.render(&basis.document(), lang))?;
    Ok(ExitCode::SUCCESS)
}
