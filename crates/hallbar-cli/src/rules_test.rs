//! `hallbar rules test PATH`: run rule tests, print pass/fail per case and coverage.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hallbar_core::rules::{Failure, RuleSet, TestFile};
use hallbar_core::syntax;
use hallbar_core::{GoalCatalogue, Lang, RuleId};
use hallbar_schema::DocumentKind;

use crate::input;

/// Test files are named `*.test.toml` or `*.test.json`.
fn is_test_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.ends_with(".test.toml") || name.ends_with(".test.json")
}

/// The test files at `path`: the file itself, or every test file below the folder.
fn test_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut found = Vec::new();
    let mut folders = vec![path.to_owned()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("error: {}: {e}", folder.display()))?;
        for entry in entries {
            let p = entry
                .map_err(|e| format!("error: {}: {e}", folder.display()))?
                .path();
            if p.is_dir() {
                folders.push(p);
            } else if is_test_file(&p) {
                found.push(p);
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(format!(
            "error: {}: no test files (*.test.toml, *.test.json) in this folder",
            path.display()
        ));
    }
    Ok(found)
}

struct Words {
    ok: &'static str,
    fail: &'static str,
    coverage: &'static str,
    rules_fired: &'static str,
    never_fired: &'static str,
}

const SV: Words = Words {
    ok: "ok  ",
    fail: "FEL ",
    coverage: "täckning",
    rules_fired: "regler slog till i något fall",
    never_fired: "inget test fick dessa regler att slå till",
};

const EN: Words = Words {
    ok: "ok  ",
    fail: "FAIL",
    coverage: "coverage",
    rules_fired: "rules fired in some case",
    never_fired: "no test made these rules fire",
};

/// Runs the tests at `path` against `rules`; exit 1 when a case fails (or, with
/// `require_coverage`, a rule never fires), 2 on bad input.
pub(crate) fn run(
    path: &Path,
    rules: &RuleSet,
    catalogue: &GoalCatalogue,
    require_coverage: bool,
    lang: Lang,
) -> Result<ExitCode, String> {
    let w = lang.pick(&SV, &EN);
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut covered: BTreeSet<RuleId> = BTreeSet::new();
    for file in test_files(path)? {
        let (source, tests) =
            input::read_checked(&file, DocumentKind::RuleTests, |_: &TestFile| Vec::new())?;
        say!("{}", source.name);
        let folder = file.parent().unwrap_or(Path::new("."));
        for (i, case) in tests.fall.iter().enumerate() {
            let base = match &case.insats {
                Some(rel) => Some(read_base(&folder.join(rel))?),
                None => None,
            };
            let outcome = match tests.document(i, base.as_ref(), catalogue) {
                Ok(doc) => rules.run_case(case, &doc),
                Err(ds) => hallbar_core::rules::CaseOutcome {
                    failures: vec![Failure::BadDocument(ds)],
                    fired: Vec::new(),
                },
            };
            covered.extend(outcome.fired.iter().cloned());
            if outcome.passed() {
                passed += 1;
                say!("  {} {}", w.ok, case.namn);
            } else {
                failed += 1;
                say!("  {} {}", w.fail, case.namn);
                for f in &outcome.failures {
                    say!("       {}", f.describe(lang));
                }
            }
        }
    }
    let all: Vec<&RuleId> = rules.rules().map(|r| &r.id).collect();
    let never: Vec<&str> = all
        .iter()
        .filter(|r| !covered.contains(**r))
        .map(|r| r.as_str())
        .collect();
    say!(
        "\n{}: {}/{} {}",
        w.coverage,
        all.len() - never.len(),
        all.len(),
        w.rules_fired
    );
    if !never.is_empty() {
        say!("{}: {}", w.never_fired, never.join(", "));
    }
    say!("{passed} passed, {failed} failed");
    let uncovered = require_coverage && !never.is_empty();
    Ok(if failed > 0 || uncovered {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// An insats file a case starts from, as data to patch.
fn read_base(path: &Path) -> Result<serde_json::Value, String> {
    let source = input::read(path)?;
    let node =
        syntax::parse(&source.text, source.format).map_err(|d| input::render(&source, &[d]))?;
    Ok(node.to_json())
}

/// `hallbar rules list`: the rules in force, each with the layer it comes from and the
/// changes of higher layers, then the rules switched off with why; `json`: one array of
/// `{"rule", "in_force", "written", "changed", "switched_off"}`.
pub(crate) fn list(
    set: &hallbar_core::rules::RuleSet,
    json: bool,
    lang: hallbar_core::Lang,
) -> Result<std::process::ExitCode, String> {
    use hallbar_core::Labelled as _;
    if json {
        let rules: Vec<serde_json::Value> = set
            .provenance()
            .map(|(rule, p)| {
                serde_json::json!({
                    "rule": rule,
                    "in_force": p.switched_off.is_none(),
                    "written": p.written,
                    "changed": p.changed,
                    "switched_off": p.switched_off,
                })
            })
            .collect();
        let text = serde_json::to_string(&rules)
            .map_err(|e| format!("error: cannot write the rules as JSON: {e}"))?;
        say!("{text}");
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let (from, changed_at, off_at) = lang.pick(
        ("från", "ändrad i", "avstängd i"),
        ("from", "changed at", "switched off at"),
    );
    let mut heading_shown = false;
    for (rule, p) in set.provenance() {
        if p.switched_off.is_some() && !heading_shown {
            say!(
                "\n{}",
                lang.pick("Avstängda regler:", "Rules switched off:")
            );
            heading_shown = true;
        }
        let title = lang.pick(
            rule.titel.as_str(),
            rule.title_en.as_deref().unwrap_or(&rule.titel),
        );
        say!(
            "{:<44} {:<18} {:<10} {title}",
            rule.id.as_str(),
            rule.typ.label(lang),
            rule.allvarlighet.label(lang)
        );
        say!("    {from} {}", p.written);
        for c in &p.changed {
            let reason = c
                .reason
                .as_deref()
                .map_or_else(String::new, |r| format!(": {r}"));
            say!(
                "    {changed_at} {} ({}){reason}",
                c.at,
                c.fields.join(", ")
            );
        }
        if let Some(off) = &p.switched_off {
            say!(
                "    {off_at} {}: {}",
                off.at,
                off.reason.as_deref().unwrap_or_default()
            );
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// `hallbar rules export`: the rules of `set` in force as one rule file (TOML), to
/// `output` or standard output.
pub(crate) fn export(
    set: &hallbar_core::rules::RuleSet,
    output: Option<&std::path::Path>,
) -> Result<std::process::ExitCode, String> {
    let file = hallbar_core::rules::RuleFile {
        format_version: hallbar_core::FormatVersion::CURRENT,
        regel: set.rules().cloned().collect(),
        stang_av: Vec::new(),
        andra: Vec::new(),
    };
    let text = toml::to_string_pretty(&file)
        .map_err(|e| format!("error: cannot write the rules as TOML: {e}"))?;
    let text = format!(
        "# Regeluppsättning exporterad av hallbar {}: {} regler.\n\n{text}",
        env!("CARGO_PKG_VERSION"),
        file.regel.len()
    );
    crate::output::write_output(output, &text)?;
    Ok(std::process::ExitCode::SUCCESS)
}
