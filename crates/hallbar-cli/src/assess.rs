//! `hallbar assess`: validate a document, run the rule set, print the findings.

use std::path::Path;
use std::process::ExitCode;

use hallbar_core::{Finding, FindingKind, GoalCatalogue, Hallbarhetssakring, Labelled as _, Lang};

use crate::{input, style};

/// What `assess` runs: the engine's rules and goal graph (without one with `--no-graph`),
/// and the method's completeness checks (unless `--no-method`).
pub(crate) struct Checks<'a> {
    pub engine: &'a hallbar::Engine,
    pub profile: Option<&'a crate::method::ProfileArg>,
}

impl Checks<'_> {
    /// Every finding for `doc`, as the facade's engine finds them: the rules' and the
    /// goal graph's, one per conflict, then the method's.
    pub(crate) fn findings(
        &self,
        doc: &Hallbarhetssakring,
        lang: Lang,
    ) -> Result<Vec<Finding>, String> {
        let loaded = self.profile.map(|p| p.load(doc)).transpose()?;
        let profile = loaded.as_ref().map(crate::method::Loaded::get);
        Ok(self.engine.assessor(profile).findings(doc, lang))
    }
}

/// The engine of the command line's checks: extra goal frameworks, the rules (the
/// standard set and the layers on it), the goal graph (none with `--no-graph`).
pub(crate) fn engine(
    goals: &[std::path::PathBuf],
    rules: &crate::load::RuleLayers,
    graph: &crate::graph::AssessGraph,
    lang: Lang,
) -> Result<hallbar::Engine, String> {
    let catalogue = crate::load::load_catalogue(goals)?;
    let rules = crate::load::load_rules(rules, &catalogue, lang)?;
    let graph = graph.load(&catalogue, lang)?;
    Ok(hallbar::Engine::from_parts(rules, graph, Vec::new()))
}

/// Assesses `file`; exit 0, 1 when a finding of a `deny` kind exists, 2 on bad input.
pub(crate) fn assess(
    file: &Path,
    catalogue: &GoalCatalogue,
    checks: &Checks<'_>,
    json: bool,
    deny: &[FindingKind],
    lang: Lang,
) -> Result<ExitCode, String> {
    let (input, doc) = input::read_assessment(file, catalogue, lang)?;
    let findings = checks.findings(&doc, lang)?;
    if json {
        let v = serde_json::json!({
            "insats": doc.insats.id.as_str(),
            "file": input.name,
            "findings": findings,
        });
        say!("{v}");
    } else {
        let (heading, none, facts) = lang.pick(
            ("fynd", "Inga fynd.", "underlag"),
            ("findings", "No findings.", "evidence"),
        );
        let consider = lang.pick(
            ["överväg nyckel", "överväg åtgärd", "överväg indikator"],
            ["consider key", "consider measure", "consider indicator"],
        );
        say!(
            "{} — {}: {} {heading}",
            input.name,
            style::bold(&doc.insats.titel),
            findings.len()
        );
        if findings.is_empty() {
            say!("{none}");
        }
        // A line of counts by kind, and of the serious ones, to read before the details.
        let mut kinds: Vec<(hallbar_core::FindingKind, usize)> = Vec::new();
        for f in &findings {
            match kinds.iter_mut().find(|(k, _)| *k == f.kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((f.kind, 1)),
            }
        }
        kinds.sort();
        if !kinds.is_empty() {
            let counts: Vec<String> = kinds
                .iter()
                .map(|(k, n)| format!("{n} {}", k.label(lang).to_lowercase()))
                .collect();
            let serious = findings
                .iter()
                .filter(|f| f.severity == hallbar_core::Severity::Allvarlig)
                .count();
            let serious = lang.pick(
                format!("{serious} allvarliga"),
                format!("{serious} serious"),
            );
            say!(
                "{}; {}",
                counts.join(", "),
                if serious.starts_with('0') {
                    serious
                } else {
                    style::red(&serious)
                }
            );
        }
        // In reading order (`Finding::reading_order`), as the JSON: the serious first.
        for f in &findings {
            let goals: Vec<&str> = f.goals.iter().map(|g| g.as_str()).collect();
            let goals = if goals.is_empty() {
                String::new()
            } else {
                format!(" [{}]", goals.join(", "))
            };
            let origin = f.support(lang);
            let severity = f.severity.label(lang);
            let severity = match f.severity {
                hallbar_core::Severity::Allvarlig => style::red(&severity),
                hallbar_core::Severity::Varning => style::yellow(&severity),
                // Information, and any level a later hallbar adds: not highlighted.
                _ => style::dim(&severity),
            };
            say!(
                "\n{} · {severity}{goals}: {}\n  {}\n  {origin}",
                style::bold(&f.kind.label(lang)),
                f.title,
                f.explanation
            );
            for e in &f.evidence {
                say!("  {facts} {}: {}", e.pointer, e.text);
            }
            let s = &f.suggestions;
            for (label, items) in consider.iter().zip([&s.keys, &s.measures, &s.indicators]) {
                for item in items.iter().take(hallbar_core::Suggestions::SHOWN) {
                    say!("  {label}: {item}");
                }
                if let Some(more) = items.len().checked_sub(hallbar_core::Suggestions::SHOWN)
                    && more > 0
                {
                    say!(
                        "  {label}: {}",
                        lang.pick(
                            format!("och {more} fler (--format json visar alla)"),
                            format!("and {more} more (--format json shows all)")
                        )
                    );
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
