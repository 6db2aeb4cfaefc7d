//! The judgement corpus: small insatser written from the source documents, each with the
//! findings an expert expects and the findings an expert would call noise
//! (`fixtures/judgement/*.toml`, documented in `fixtures/judgement/README.md`).
//!
//! Every case is assessed as `hallbar assess` does (the standard rules and goal graph;
//! a method profile when the case names one). The harness prints a line per case and the
//! totals — recall, false positives, repeated findings, findings per case — and fails
//! when recall falls below, or false positives or repetitions rise above, the figures in
//! `fixtures/judgement/baseline.toml`:
//!
//! ```text
//! cargo test -p hallbar-core --test judgement -- --nocapture
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use std::path::{Path, PathBuf};

use hallbar_core::assess::Assessor;
use hallbar_core::graph::GoalGraph;
use hallbar_core::graph::infer::InferenceConfig;
use hallbar_core::method::Profile;
use hallbar_core::rules::RuleSet;
use hallbar_core::syntax::{self, Format};
use hallbar_core::{Finding, FindingKind, GoalCatalogue, GoalId, Hallbarhetssakring, Lang};
use serde::Deserialize;
use serde_json::Value;

/// One case of the corpus.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case is, in a line.
    namn: String,
    /// Where the expectation comes from: handbook section, report, page.
    kalla: String,
    /// A negative control: an insats an expert finds free of conflicts.
    #[serde(default)]
    kontroll: bool,
    /// A method profile to check completeness with (`kronoberg`, `jamtland-harjedalen`).
    #[serde(default)]
    profil: Option<String>,
    /// Findings an expert expects.
    #[serde(default)]
    forvantat: Vec<Pattern>,
    /// Findings an expert would call noise: none in the main list may match.
    #[serde(default)]
    ej: Vec<Pattern>,
    /// The insats: a JSON merge patch onto `mall.toml`.
    dokument: Value,
}

/// A finding described by kind, goals (each must be among the finding's) and,
/// optionally, a rule that must support it. A finding of the kind whose goals include
/// them is the same conflict: more than one is repetition, whatever the rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pattern {
    typ: FindingKind,
    #[serde(default)]
    mal: Vec<GoalId>,
    #[serde(default)]
    regel: Option<String>,
}

impl Pattern {
    fn matches(&self, f: &Finding) -> bool {
        f.kind == self.typ
            && self.mal.iter().all(|g| f.goals.contains(g))
            && self
                .regel
                .as_ref()
                .is_none_or(|r| f.rules.iter().any(|x| x == r))
    }

    fn describe(&self) -> String {
        let goals: Vec<&str> = self.mal.iter().map(GoalId::as_str).collect();
        format!("{} [{}]", self.typ, goals.join(", "))
    }
}

/// The gates of `baseline.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Baseline {
    min_recall: f64,
    max_false_positives: usize,
    max_repeated: usize,
}

#[derive(Debug, Default)]
struct Outcome {
    expected: usize,
    found: usize,
    false_positives: usize,
    repeated: usize,
    main: usize,
    secondary: usize,
    problems: Vec<String>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/judgement")
}

fn cases() -> Vec<(String, Case)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && !matches!(
                    p.file_name().and_then(|n| n.to_str()),
                    Some("mall.toml" | "baseline.toml")
                )
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let case: Case = syntax::parse_as(&text, Format::Toml)
                .unwrap_or_else(|d| panic!("{}: {}", p.display(), d.message));
            (name, case)
        })
        .collect()
}

fn document(case: &Case) -> Hallbarhetssakring {
    let template = std::fs::read_to_string(dir().join("mall.toml")).unwrap();
    let mut doc: Value = syntax::parse_as(&template, Format::Toml).unwrap();
    json_patch::merge(&mut doc, &case.dokument);
    let doc: Hallbarhetssakring = serde_json::from_value(doc)
        .unwrap_or_else(|e| panic!("{}: not an assessment: {e}", case.namn));
    let problems =
        hallbar_core::check::check(&doc, GoalCatalogue::builtin(), hallbar_core::Lang::Sv);
    assert!(problems.is_empty(), "{}: {problems:?}", case.namn);
    doc
}

fn judge(case: &Case, findings: &[Finding]) -> Outcome {
    let main: Vec<&Finding> = findings.iter().filter(|f| !f.is_secondary()).collect();
    let mut out = Outcome {
        expected: case.forvantat.len(),
        main: main.len(),
        secondary: findings.len() - main.len(),
        ..Outcome::default()
    };
    for p in &case.forvantat {
        // Secondary findings count as found — they are shown, apart.
        if !findings.iter().any(|f| p.matches(f)) {
            out.problems.push(format!("missed {}", p.describe()));
            continue;
        }
        out.found += 1;
        // Repetition: the same conflict (kind and goals, whichever rule) more than once.
        let same = findings
            .iter()
            .filter(|f| {
                f.kind == p.typ && !p.mal.is_empty() && p.mal.iter().all(|g| f.goals.contains(g))
            })
            .count();
        if same > 1 {
            out.repeated += same - 1;
            out.problems.push(format!("{same} times {}", p.describe()));
        }
    }
    for f in main {
        if case.ej.iter().any(|p| p.matches(f)) {
            out.false_positives += 1;
            let goals: Vec<&str> = f.goals.iter().map(GoalId::as_str).collect();
            out.problems.push(format!(
                "noise {} [{}]: {}",
                f.kind,
                goals.join(", "),
                f.title
            ));
        }
    }
    out
}

#[test]
fn the_judgement_corpus_holds_its_baseline() {
    let rules = RuleSet::standard().unwrap();
    let graph = GoalGraph::standard().unwrap();
    let config = InferenceConfig::default();
    let cases = cases();
    let controls = cases.iter().filter(|(_, c)| c.kontroll).count();
    assert!(
        cases.len() >= 40,
        "at least 40 cases, found {}",
        cases.len()
    );
    assert!(
        controls >= 10,
        "at least 10 negative controls, found {controls}"
    );
    let mut total = Outcome::default();
    println!(
        "case                                      expected found noise repeated main secondary"
    );
    for (name, case) in &cases {
        assert!(
            !case.kalla.trim().is_empty(),
            "{name}: `kalla` says where the expectation comes from"
        );
        assert!(
            case.kontroll || !case.forvantat.is_empty(),
            "{name}: a case expects findings or is a negative control"
        );
        let profile = case.profil.as_deref().map(|p| {
            Profile::builtin(p).unwrap_or_else(|| panic!("{name}: unknown profile `{p}`"))
        });
        let doc = document(case);
        let findings = Assessor::new(&rules)
            .with_graph(&graph, &config)
            .with_profile(profile)
            .findings(&doc, Lang::Sv);
        let o = judge(case, &findings);
        println!(
            "{name:<41} {:>8} {:>5} {:>5} {:>8} {:>4} {:>9}{}",
            o.expected,
            o.found,
            o.false_positives,
            o.repeated,
            o.main,
            o.secondary,
            if o.problems.is_empty() {
                String::new()
            } else {
                format!("  ← {}", o.problems.join("; "))
            }
        );
        total.expected += o.expected;
        total.found += o.found;
        total.false_positives += o.false_positives;
        total.repeated += o.repeated;
        total.main += o.main;
        total.secondary += o.secondary;
    }
    let recall = total.found as f64 / total.expected.max(1) as f64;
    println!(
        "\n{} cases ({controls} negative controls): recall {}/{} = {recall:.3}, false positives {}, repeated {}, findings per case {:.1} in the main list (+{:.1} apart)",
        cases.len(),
        total.found,
        total.expected,
        total.false_positives,
        total.repeated,
        total.main as f64 / cases.len() as f64,
        total.secondary as f64 / cases.len() as f64,
    );
    let text = std::fs::read_to_string(dir().join("baseline.toml")).unwrap();
    let baseline: Baseline = syntax::parse_as(&text, Format::Toml).unwrap();
    assert!(
        recall >= baseline.min_recall,
        "recall {recall:.3} fell below the baseline {}",
        baseline.min_recall
    );
    assert!(
        total.false_positives <= baseline.max_false_positives,
        "false positives rose to {} (baseline {})",
        total.false_positives,
        baseline.max_false_positives
    );
    assert!(
        total.repeated <= baseline.max_repeated,
        "repeated findings rose to {} (baseline {})",
        total.repeated,
        baseline.max_repeated
    );
}
