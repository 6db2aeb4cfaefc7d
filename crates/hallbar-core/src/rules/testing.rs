//! Rule tests as data: an insats plus the findings expected of it, in the spirit of
//! `opa test` and `cedar run-tests`.
//!
//! A test file has an optional template document (`mall`) and cases (`fall`). A case's
//! document is the template, patched by the insats file it names (read by the caller),
//! patched by its own `dokument` — each patch an RFC 7386 JSON merge patch: objects
//! merge key by key, arrays and values replace, `null` removes. A case passes when every
//! expected rule fires (on exactly the expected goals, when given), no forbidden rule
//! fires, and — with `exakt` — nothing else fires.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::RuleSet;
use crate::syntax::{self, Diagnostic, pointer_index};
use crate::{FormatVersion, GoalCatalogue, GoalId, Hallbarhetssakring, Lang, RuleId, check};

/// A file of rule tests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Regeltester")]
pub struct TestFile {
    /// Version of the document format (1).
    pub format_version: FormatVersion,
    /// A (partial) assessment every case starts from.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub mall: Value,
    /// The cases.
    #[schemars(length(min = 1))]
    pub fall: Vec<TestCase>,
}

/// One test case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// What the case shows.
    #[schemars(length(min = 1))]
    pub namn: String,
    /// An assessment file to start from, relative to the test file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insats: Option<String>,
    /// A merge patch applied last.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub dokument: Value,
    /// Rules that must fire.
    #[serde(default)]
    pub forvantat: Vec<Expected>,
    /// Rules that must not fire.
    #[serde(default)]
    pub ej: Vec<RuleId>,
    /// Whether nothing but the expected rules may fire.
    #[serde(default)]
    pub exakt: bool,
}

/// A finding a case expects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The rule that must fire.
    pub regel: RuleId,
    /// The goals the finding must name, exactly (any order), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mal: Option<Vec<GoalId>>,
}

/// Why a case failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The case's document is not a valid assessment.
    BadDocument(Vec<Diagnostic>),
    /// A test names a rule the rule set does not have.
    UnknownRule(RuleId),
    /// A test names a rule that a layer switched off.
    SwitchedOff {
        /// The rule.
        rule: RuleId,
        /// Where it was switched off (layer:line).
        at: String,
        /// Why, as the layer says.
        reason: String,
    },
    /// An expected rule did not fire.
    NotFired(RuleId),
    /// An expected rule fired on other goals.
    WrongGoals {
        /// The rule.
        rule: RuleId,
        /// The goals expected.
        expected: Vec<GoalId>,
        /// The goals of the finding.
        found: Vec<GoalId>,
    },
    /// A forbidden rule fired.
    Fired(RuleId),
    /// With `exakt`, a rule that was not expected fired.
    Unexpected(RuleId),
}

impl Failure {
    /// The failure in words.
    pub fn describe(&self, lang: Lang) -> String {
        let list = |goals: &[GoalId]| {
            goals
                .iter()
                .map(GoalId::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self, lang) {
            (Self::BadDocument(ds), Lang::Sv) => {
                format!("dokumentet är ogiltigt: {}", messages(ds))
            }
            (Self::BadDocument(ds), Lang::En) => {
                format!("the document is invalid: {}", messages(ds))
            }
            (Self::UnknownRule(r), Lang::Sv) => {
                format!("regeln `{r}` finns inte i regeluppsättningen")
            }
            (Self::UnknownRule(r), Lang::En) => format!("the rule `{r}` is not in the rule set"),
            (Self::SwitchedOff { rule, at, reason }, Lang::Sv) => {
                format!("regeln `{rule}` är avstängd i {at}: {reason}")
            }
            (Self::SwitchedOff { rule, at, reason }, Lang::En) => {
                format!("the rule `{rule}` is switched off at {at}: {reason}")
            }
            (Self::NotFired(r), Lang::Sv) => {
                format!("väntade att `{r}` skulle slå till, men den gjorde det inte")
            }
            (Self::NotFired(r), Lang::En) => format!("expected `{r}` to fire, but it did not"),
            (
                Self::WrongGoals {
                    rule,
                    expected,
                    found,
                },
                Lang::Sv,
            ) => {
                format!(
                    "`{rule}` slog till på målen [{}], väntade [{}]",
                    list(found),
                    list(expected)
                )
            }
            (
                Self::WrongGoals {
                    rule,
                    expected,
                    found,
                },
                Lang::En,
            ) => {
                format!(
                    "`{rule}` fired on goals [{}], expected [{}]",
                    list(found),
                    list(expected)
                )
            }
            (Self::Fired(r), Lang::Sv) => format!("`{r}` slog till men får inte"),
            (Self::Fired(r), Lang::En) => format!("`{r}` fired but must not"),
            (Self::Unexpected(r), Lang::Sv) => {
                format!("`{r}` slog till utan att vara väntad (exakt)")
            }
            (Self::Unexpected(r), Lang::En) => {
                format!("`{r}` fired without being expected (exakt)")
            }
        }
    }
}

fn messages(ds: &[Diagnostic]) -> String {
    ds.iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{} (at {})",
                d.message,
                if d.pointer.is_empty() {
                    "/"
                } else {
                    &d.pointer
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseOutcome {
    /// Why it failed; empty when it passed.
    pub failures: Vec<Failure>,
    /// The rules that fired.
    pub fired: Vec<RuleId>,
}

impl CaseOutcome {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Applies `patch` to `target` as an RFC 7386 JSON merge patch: objects merged key by
/// key, `null` removes, anything else (arrays too) replaces.
pub(crate) fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

impl TestFile {
    /// The document of case `index`: the template, then `base` (the case's insats file,
    /// when it names one), then the case's own patch, checked as an assessment.
    ///
    /// # Errors
    /// Every problem of the resulting document, with pointers into it.
    pub fn document(
        &self,
        index: usize,
        base: Option<&Value>,
        catalogue: &GoalCatalogue,
    ) -> Result<Hallbarhetssakring, Vec<Diagnostic>> {
        let Some(case) = self.fall.get(index) else {
            return Err(vec![Diagnostic::error(
                pointer_index("/fall", index),
                "no such case",
            )]);
        };
        let mut doc = Value::Null;
        for patch in [Some(&self.mall), base, Some(&case.dokument)]
            .into_iter()
            .flatten()
        {
            if !patch.is_null() {
                merge_patch(&mut doc, patch);
            }
        }
        let doc: Hallbarhetssakring = serde_path_to_error::deserialize(doc).map_err(|e| {
            vec![Diagnostic::error(
                syntax::path_to_pointer(e.path()),
                e.inner().to_string(),
            )]
        })?;
        let problems = check::check(&doc, catalogue, crate::Lang::En);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        Ok(doc)
    }
}

impl RuleSet {
    /// Runs one test case against `doc`, its document.
    pub fn run_case(&self, case: &TestCase, doc: &Hallbarhetssakring) -> CaseOutcome {
        let findings = self.evaluate(doc, Lang::Sv);
        let fired: Vec<RuleId> = findings
            .iter()
            .filter_map(|f| f.rule.as_deref().and_then(|r| RuleId::new(r).ok()))
            .collect();
        let known: BTreeSet<&RuleId> = self.rules().map(|r| &r.id).collect();
        let mut failures = Vec::new();
        let named = case.forvantat.iter().map(|e| &e.regel).chain(&case.ej);
        for rule in named {
            if known.contains(rule) {
                continue;
            }
            let off = self
                .provenance()
                .find(|(r, _)| &r.id == rule)
                .and_then(|(_, p)| p.switched_off.as_ref());
            failures.push(match off {
                Some(off) => Failure::SwitchedOff {
                    rule: rule.clone(),
                    at: off.at.to_string(),
                    reason: off.reason.clone().unwrap_or_default(),
                },
                None => Failure::UnknownRule(rule.clone()),
            });
        }
        for expected in &case.forvantat {
            let finding = findings
                .iter()
                .find(|f| f.rule.as_deref() == Some(expected.regel.as_str()));
            match (finding, &expected.mal) {
                (None, _) if known.contains(&expected.regel) => {
                    failures.push(Failure::NotFired(expected.regel.clone()))
                }
                (Some(f), Some(goals)) => {
                    let want: BTreeSet<&GoalId> = goals.iter().collect();
                    let got: BTreeSet<&GoalId> = f.goals.iter().collect();
                    if want != got {
                        failures.push(Failure::WrongGoals {
                            rule: expected.regel.clone(),
                            expected: want.into_iter().cloned().collect(),
                            found: got.into_iter().cloned().collect(),
                        });
                    }
                }
                _ => {}
            }
        }
        for rule in &case.ej {
            if fired.contains(rule) {
                failures.push(Failure::Fired(rule.clone()));
            }
        }
        if case.exakt {
            for rule in &fired {
                if !case.forvantat.iter().any(|e| &e.regel == rule) {
                    failures.push(Failure::Unexpected(rule.clone()));
                }
            }
        }
        CaseOutcome { failures, fired }
    }
}
