//! What a change of rules does to assessments before it goes live: per rule, how many
//! findings it adds and removes; per kind and severity, how many findings come and go;
//! and which assessments gain or lose which findings. `hallbar rules diff` runs it over
//! files, the server over an organisation's stored assessments.
//!
//! For each assessment the rules that fire before and after are compared first; only
//! when they differ (or are written differently) is it assessed twice, since the same
//! rules firing give the same findings. A goal conflict or synergy is the same finding
//! before and after when its pair of goals is (there is one finding per pair); any other
//! finding when its kind, goals and rule (or, without a rule, title) are. A finding in
//! both may change severity, and rules may start or stop supporting it.
//!
//! *Cost:* the rule index for each assessment twice; two assessments only for those
//! whose fired rules differ. Memory: the counts, and at most twice [`MAX_LISTED`]
//! assessments listed.

use std::collections::BTreeMap;

use hallbar_core::assess::Assessor;
use hallbar_core::{
    Finding, FindingKind, GoalId, Hallbarhetssakring, Labelled as _, Lang, Severity,
};
use hallbar_report::{Block, Document};
use serde::Serialize;

use crate::Engine;

/// How many assessments that change are listed by name; the rest are counted.
pub const MAX_LISTED: usize = 1000;

/// What makes a finding after the same as one before.
type Key = (FindingKind, Vec<GoalId>, String);

fn key(f: &Finding) -> Key {
    let pair =
        f.goals.len() == 2 && matches!(f.kind, FindingKind::Malkonflikt | FindingKind::Synergi);
    let by = if pair {
        String::new()
    } else {
        f.rule.clone().unwrap_or_else(|| f.title.clone())
    };
    (f.kind, f.goals.clone(), by)
}

/// What the rules a finding comes from are called in the per-rule counts: their ids, or
/// where it comes from when no rule supports it.
fn sources(f: &Finding, lang: Lang) -> Vec<String> {
    if f.rules.is_empty() {
        vec![format!("({})", f.source.label(lang))]
    } else {
        f.rules.clone()
    }
}

/// One assessment that gains or loses findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// Its place among the assessments (a line of NDJSON, its number in a walk).
    pub position: u64,
    /// Its insats.
    pub insats: String,
    /// The insats's title.
    pub titel: String,
    /// The findings it gains: "title (severity; goals)".
    pub gained: Vec<String>,
    /// The findings it loses.
    pub lost: Vec<String>,
    /// Findings in both whose severity changed: "title (varning → allvarlig)".
    pub changed: Vec<String>,
}

/// The findings that come and go, of one kind and severity (a finding whose severity
/// changes goes from its old severity and comes to its new).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Findings that come.
    pub added: u64,
    /// Findings that go.
    pub removed: u64,
}

/// Per rule: the findings it newly supports, no longer supports, and supports with
/// another severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// Findings the rule newly supports.
    pub added: u64,
    /// Findings it no longer supports.
    pub removed: u64,
    /// Findings it supports with another severity.
    pub changed: u64,
}

/// What a rule change does to the assessments tried: what one worker, then all, found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Impact {
    /// The assessments tried.
    pub assessments: u64,
    /// Those whose findings change.
    pub changed: u64,
    /// The first [`MAX_LISTED`] of them by position (after [`Impact::finish`]).
    pub listed: Vec<Changed>,
    /// Per rule id (or "(source)" for findings no rule supports).
    pub per_rule: BTreeMap<String, Moved>,
    /// Per kind and severity.
    pub totals: BTreeMap<(FindingKind, Severity), Count>,
    /// Documents that could not be read.
    pub invalid: u64,
    /// The first five of them: position and message.
    pub invalid_examples: Vec<(u64, String)>,
}

/// The two engines the assessments are checked with, before and after the change.
#[derive(Debug)]
pub struct RuleChange<'a> {
    before: Assessor<'a>,
    after: Assessor<'a>,
    lang: Lang,
}

impl<'a> RuleChange<'a> {
    /// The change from `before`'s rules to `after`'s, findings named in `lang`.
    pub fn new(before: &'a Engine, after: &'a Engine, lang: Lang) -> Self {
        Self {
            before: before.assessor(None),
            after: after.assessor(None),
            lang,
        }
    }

    /// Adds what the change does to `doc`, the assessment at `position`, to `total`.
    pub fn add(&self, total: &mut Impact, position: u64, doc: &Hallbarhetssakring) {
        total.assessments += 1;
        // The same rules firing, as written alike, give the same findings: most
        // assessments are not assessed at all.
        if fired(self.before.rules(), doc) == fired(self.after.rules(), doc) {
            return;
        }
        let before = self.before.findings(doc, self.lang);
        let after = self.after.findings(doc, self.lang);
        let before: BTreeMap<Key, &Finding> = before.iter().map(|f| (key(f), f)).collect();
        let after: BTreeMap<Key, &Finding> = after.iter().map(|f| (key(f), f)).collect();
        let named = |f: &Finding| {
            let goals: Vec<&str> = f.goals.iter().map(GoalId::as_str).collect();
            format!(
                "{} ({}{})",
                f.title,
                f.severity.label(self.lang).to_lowercase(),
                if goals.is_empty() {
                    String::new()
                } else {
                    format!("; {}", goals.join(", "))
                }
            )
        };
        let (mut gained, mut lost, mut changed) = (Vec::new(), Vec::new(), Vec::new());
        let mut count =
            |rule: String, f: fn(&mut Moved)| f(total.per_rule.entry(rule).or_default());
        for (k, f) in &after {
            match before.get(k) {
                None => {
                    total.totals.entry((f.kind, f.severity)).or_default().added += 1;
                    gained.push(named(f));
                    for rule in sources(f, self.lang) {
                        count(rule, |m| m.added += 1);
                    }
                }
                Some(was) => {
                    let (now, then) = (sources(f, self.lang), sources(was, self.lang));
                    for rule in now.iter().filter(|r| !then.contains(r)) {
                        count(rule.clone(), |m| m.added += 1);
                    }
                    for rule in then.iter().filter(|r| !now.contains(r)) {
                        count(rule.clone(), |m| m.removed += 1);
                    }
                    if was.severity != f.severity {
                        total
                            .totals
                            .entry((was.kind, was.severity))
                            .or_default()
                            .removed += 1;
                        total.totals.entry((f.kind, f.severity)).or_default().added += 1;
                        changed.push(format!(
                            "{} ({} → {})",
                            f.title,
                            was.severity.label(self.lang).to_lowercase(),
                            f.severity.label(self.lang).to_lowercase()
                        ));
                        for rule in now {
                            count(rule, |m| m.changed += 1);
                        }
                    }
                }
            }
        }
        for (k, f) in &before {
            if !after.contains_key(k) {
                total
                    .totals
                    .entry((f.kind, f.severity))
                    .or_default()
                    .removed += 1;
                lost.push(named(f));
                for rule in sources(f, self.lang) {
                    count(rule, |m| m.removed += 1);
                }
            }
        }
        if gained.is_empty() && lost.is_empty() && changed.is_empty() {
            return;
        }
        total.changed += 1;
        total.listed.push(Changed {
            position,
            insats: doc.insats.id.to_string(),
            titel: doc.insats.titel.clone(),
            gained,
            lost,
            changed,
        });
        keep_first(&mut total.listed);
    }

    /// Counts a document at `position` that could not be read.
    pub fn add_invalid(total: &mut Impact, position: u64, message: impl FnOnce() -> String) {
        total.invalid += 1;
        if total.invalid_examples.len() < 5 {
            total.invalid_examples.push((position, message()));
        }
    }
}

impl Impact {
    /// Adds what another worker found.
    pub fn merge(&mut self, from: Self) {
        let into = self;
        into.assessments += from.assessments;
        into.changed += from.changed;
        into.listed.extend(from.listed);
        keep_first(&mut into.listed);
        for (rule, m) in from.per_rule {
            let e = into.per_rule.entry(rule).or_default();
            e.added += m.added;
            e.removed += m.removed;
            e.changed += m.changed;
        }
        for (k, c) in from.totals {
            let e = into.totals.entry(k).or_default();
            e.added += c.added;
            e.removed += c.removed;
        }
        into.invalid += from.invalid;
        into.invalid_examples.extend(from.invalid_examples);
        into.invalid_examples.sort_by_key(|(p, _)| *p);
        into.invalid_examples.truncate(5);
    }

    /// Keeps the first [`MAX_LISTED`] assessments that change, in the order of their
    /// positions: the same list however the work was shared.
    pub fn finish(&mut self) {
        self.listed.sort_by_key(|c| c.position);
        self.listed.truncate(MAX_LISTED);
    }
}

/// The rules of `rules` that fire for `doc`, in id order.
fn fired<'r>(
    rules: &'r hallbar_core::rules::RuleSet,
    doc: &'r Hallbarhetssakring,
) -> Vec<&'r hallbar_core::rules::Rule> {
    let mut fired: Vec<&hallbar_core::rules::Rule> =
        rules.matches(doc).into_iter().map(|m| m.rule).collect();
    fired.sort_by(|x, y| x.id.cmp(&y.id));
    fired
}

/// Keeps the [`MAX_LISTED`] assessments first in the input, so that the list is the same
/// however the work was shared: sorted and cut when it has grown to twice the limit.
fn keep_first(listed: &mut Vec<Changed>) {
    if listed.len() >= 2 * MAX_LISTED {
        listed.sort_by_key(|c| c.position);
        listed.truncate(MAX_LISTED);
    }
}

impl Impact {
    /// As JSON: `{assessments, invalid, changed, rules: [{rule, added, removed,
    /// severity_changed}], totals: [{kind, severity, added, removed}],
    /// assessments_changed: [{position, insats, titel, gained, lost, changed}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let total = self;
        let rules: Vec<serde_json::Value> = total
        .per_rule
        .iter()
        .map(|(rule, m)| {
            serde_json::json!({ "rule": rule, "added": m.added, "removed": m.removed, "severity_changed": m.changed })
        })
        .collect();
        let totals: Vec<serde_json::Value> = total
        .totals
        .iter()
        .map(|((kind, severity), c)| {
            serde_json::json!({ "kind": kind, "severity": severity, "added": c.added, "removed": c.removed })
        })
        .collect();
        serde_json::json!({
            "assessments": total.assessments,
            "invalid": total.invalid,
            "changed": total.changed,
            "rules": rules,
            "totals": totals,
            "assessments_changed": total.listed,
        })
    }

    /// As a document, for text and HTML.
    pub fn document(&self, lang: Lang) -> Document {
        let total = self;
        let t = |sv: &str, en: &str| lang.pick(sv, en).to_owned();
        let unread = if total.invalid > 0 {
            lang.pick(
                format!("; {} kunde inte läsas", total.invalid),
                format!("; {} could not be read", total.invalid),
            )
        } else {
            String::new()
        };
        let (assessments, changed) = (total.assessments, total.changed);
        let mut blocks = vec![Block::Paragraph(lang.pick(
        format!("{assessments} bedömningar prövade; {changed} får andra fynd med de nya reglerna{unread}."),
        format!("{assessments} assessments tried; {changed} get other findings with the new rules{unread}."),
    ))];
        blocks.push(Block::Heading(1, t("Per regel", "Per rule")));
        blocks.push(if total.per_rule.is_empty() {
            Block::Paragraph(t(
                "Inga fynd tillkommer eller försvinner.",
                "No finding is added or removed.",
            ))
        } else {
            Block::Table(
                vec![
                    t("Regel", "Rule"),
                    t("Tillkommer", "Added"),
                    t("Försvinner", "Removed"),
                    t("Ny allvarlighet", "Severity changed"),
                ],
                total
                    .per_rule
                    .iter()
                    .map(|(rule, m)| {
                        vec![
                            rule.clone(),
                            format!("+{}", m.added),
                            format!("−{}", m.removed),
                            m.changed.to_string(),
                        ]
                    })
                    .collect(),
            )
        });
        blocks.push(Block::Heading(
            1,
            t("Per typ och allvarlighet", "Per kind and severity"),
        ));
        blocks.push(Block::Table(
            vec![
                t("Typ", "Kind"),
                t("Allvarlighet", "Severity"),
                t("Tillkommer", "Added"),
                t("Försvinner", "Removed"),
            ],
            total
                .totals
                .iter()
                .map(|((kind, severity), c)| {
                    vec![
                        kind.label(lang),
                        severity.label(lang),
                        format!("+{}", c.added),
                        format!("−{}", c.removed),
                    ]
                })
                .collect(),
        ));
        if !total.listed.is_empty() {
            blocks.push(Block::Heading(
                1,
                t("Bedömningar som ändras", "Assessments that change"),
            ));
            if total.changed > total.listed.len() as u64 {
                blocks.push(Block::Paragraph(lang.pick(
                    format!("De första {} av {}.", total.listed.len(), total.changed),
                    format!("The first {} of {}.", total.listed.len(), total.changed),
                )));
            }
            blocks.push(Block::Table(
                vec![
                    t("Bedömning", "Assessment"),
                    t("Får", "Gains"),
                    t("Förlorar", "Loses"),
                    t("Ny allvarlighet", "Severity changed"),
                ],
                total
                    .listed
                    .iter()
                    .map(|c| {
                        vec![
                            format!("{} ({})", c.titel, c.insats),
                            c.gained.join("; "),
                            c.lost.join("; "),
                            c.changed.join("; "),
                        ]
                    })
                    .collect(),
            ));
        }
        Document {
            title: t(
                "Regeländringen prövad på bedömningarna",
                "The rule change tried on the assessments",
            ),
            blocks,
        }
    }
}
