//! The rule-engine corpus: one folder per case under `tests/cases/`, holding `rules.toml`,
//! `insats.toml` (unless the case is about rule diagnostics) and `expected.json`.
//! One harness runs them all; a new case is a new folder.
//!
//! `expected.json` is `{"diagnostics": [{"pointer", "message"}]}` when loading the rules
//! must fail or warn, else `{"findings": [{"rule", "kind", "goals", "evidence"}]}` with
//! evidence as JSON pointers. `HALLBAR_BLESS=1 cargo test --test corpus` rewrites them
//! (read the diff before committing).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use std::path::{Path, PathBuf};

use hallbar_core::rules::RuleSetBuilder;
use hallbar_core::syntax::{self, Format};
use hallbar_core::{GoalCatalogue, Hallbarhetssakring, Lang};
use serde_json::{Value, json};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn outcome(case: &Path) -> Value {
    let rules = std::fs::read_to_string(case.join("rules.toml")).unwrap();
    let mut builder = RuleSetBuilder::new(GoalCatalogue::builtin());
    let diagnostics = builder.add_source("rules.toml", &rules, Format::Toml);
    if !diagnostics.is_empty() {
        let list: Vec<Value> = diagnostics
            .iter()
            .map(|d| json!({"level": if d.is_error() { "error" } else { "warning" }, "pointer": d.pointer, "message": d.message}))
            .collect();
        return json!({ "diagnostics": list });
    }
    let text = std::fs::read_to_string(case.join("insats.toml")).unwrap();
    let doc: Hallbarhetssakring = syntax::parse_as(&text, Format::Toml).unwrap();
    assert!(
        hallbar_core::check::check(&doc, GoalCatalogue::builtin(), hallbar_core::Lang::Sv)
            .is_empty(),
        "{}: invalid insats",
        case.display()
    );
    let findings: Vec<Value> = builder
        .build()
        .evaluate(&doc, Lang::Sv)
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "kind": f.kind,
                "goals": f.goals,
                "evidence": f.evidence.iter().map(|e| e.pointer.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "findings": findings })
}

#[test]
fn corpus() {
    let bless = std::env::var_os("HALLBAR_BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 10, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let got = outcome(&case);
        let path = case.join("expected.json");
        if bless {
            std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
                .unwrap_or(Value::Null);
        if got != expected {
            failures.push(format!(
                "{}\n  expected: {expected}\n  got:      {got}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "corpus cases differ (HALLBAR_BLESS=1 to rewrite):\n{}",
        failures.join("\n")
    );
}
