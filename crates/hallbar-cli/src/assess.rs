//! `hallbar assess`: validate a document, run the rule set, print the findings.

use std::path::Path;
use std::process::ExitCode;

use hallbar_core::graph::GoalGraph;
use hallbar_core::graph::infer::{self, InferenceConfig};
use hallbar_core::rules::RuleSet;
use hallbar_core::{FindingKind, GoalCatalogue, Labelled as _, Lang};
use hallbar_schema::DocumentKind;

use crate::input;

/// Assesses `file`; exit 0, 1 when a finding of a `deny` kind exists, 2 on bad input.
pub(crate) fn assess(
    file: &Path,
    catalogue: &GoalCatalogue,
    rules: &RuleSet,
    graph: Option<(&GoalGraph, &InferenceConfig)>,
    json: bool,
    deny: &[FindingKind],
    lang: Lang,
) -> Result<ExitCode, String> {
    let input = input::read(file)?;
    let report = hallbar_schema::validate(
        DocumentKind::Assessment,
        &input.text,
        input.format,
        catalogue,
    );
    let rendered: String = report
        .diagnostics
        .iter()
        .map(|d| d.render(&input.name, &input.text))
        .collect();
    let Some(doc) = report.document else {
        return Err(rendered.trim_end().to_owned());
    };
    if !rendered.is_empty() {
        eprint!("{rendered}");
    }
    let mut findings = rules.evaluate(&doc, lang);
    if let Some((graph, config)) = graph {
        let inferred = infer::infer(graph, catalogue, &doc, config, lang);
        infer::merge(&mut findings, inferred, catalogue, lang);
    }
    if json {
        let v = serde_json::json!({
            "insats": doc.insats.id.as_str(),
            "file": input.name,
            "findings": findings,
        });
        say!("{v}");
    } else {
        let (heading, none, facts, rule) = match lang {
            Lang::Sv => ("fynd", "Inga fynd.", "underlag", "regel"),
            Lang::En => ("findings", "No findings.", "evidence", "rule"),
        };
        let consider = match lang {
            Lang::Sv => ["överväg nyckel", "överväg åtgärd", "överväg indikator"],
            Lang::En => ["consider key", "consider measure", "consider indicator"],
        };
        say!(
            "{} — {}: {} {heading}",
            input.name,
            doc.insats.titel,
            findings.len()
        );
        if findings.is_empty() {
            say!("{none}");
        }
        for f in &findings {
            let goals: Vec<&str> = f.goals.iter().map(|g| g.as_str()).collect();
            let goals = if goals.is_empty() {
                String::new()
            } else {
                format!(" [{}]", goals.join(", "))
            };
            let origin = match (&f.rule, f.path.is_empty()) {
                (Some(id), _) => format!("{rule}: {id}"),
                (None, false) => format!(
                    "{}: {}",
                    f.source.label(lang),
                    f.path
                        .iter()
                        .map(|g| g.as_str())
                        .collect::<Vec<_>>()
                        .join(" → ")
                ),
                (None, true) => f.source.label(lang),
            };
            say!(
                "\n{} · {}{goals}: {}\n  {}\n  {origin}",
                f.kind.label(lang),
                f.severity.label(lang),
                f.title,
                f.explanation
            );
            for e in &f.evidence {
                say!("  {facts} {}: {}", e.pointer, e.text);
            }
            let s = &f.suggestions;
            for (label, items) in consider
                .iter()
                .zip([&s.nycklar, &s.atgarder, &s.indikatorer])
            {
                for item in items {
                    say!("  {label}: {item}");
                }
            }
        }
    }
    let denied = findings.iter().any(|f| deny.contains(&f.kind));
    Ok(if denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
