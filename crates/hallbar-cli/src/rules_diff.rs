//! `hallbar rules diff`: what a change of rule layers would do to a region's assessments
//! before it goes live — per rule, how many findings it adds and removes; per kind and
//! severity, how many findings come and go; and which assessments gain or lose which
//! findings.
//!
//! The assessments are read as `hallbar portfolio` reads them (a folder, one document,
//! NDJSON or standard input, on every core, in constant memory). For each, the rules that
//! fire before and after are compared first; only when they differ (or are written
//! differently) is it assessed twice, with the rules before and after, since the same
//! rules firing give the same findings. A goal conflict or synergy is the same finding
//! before and after when its pair of goals is (there is one finding per pair); any other
//! finding when its kind, goals and rule (or, without a rule, title) are. A finding in
//! both may change severity, and rules may start or stop supporting it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hallbar_core::assess::Assessor;
use hallbar_core::{
    Finding, FindingKind, GoalId, Hallbarhetssakring, Labelled as _, Lang, Severity,
};
use hallbar_report::{Block, Document};
use serde::Serialize;

use crate::portfolio::{Source, Tally, add_up};

/// How many assessments that change are listed by name; the rest are counted.
const MAX_LISTED: usize = 1000;

/// `hallbar rules diff`.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The assessments: a folder of documents (searched recursively), one document, an
    /// NDJSON file, or `-` for NDJSON on standard input.
    path: PathBuf,
    /// A rule layer on the standard set before the change (repeatable, in order; none:
    /// the standard set).
    #[arg(long = "before", value_name = "PATH")]
    before: Vec<PathBuf>,
    /// A rule layer on the standard set after the change (repeatable, in order).
    #[arg(long = "after", value_name = "PATH")]
    after: Vec<PathBuf>,
    /// Extra goal framework files to load.
    #[arg(long = "goals", value_name = "FILE")]
    goals: Vec<PathBuf>,
    #[command(flatten)]
    graph: crate::graph::AssessGraph,
    /// Text, JSON or a self-contained HTML page.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Where to write it; standard output if not given.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Html,
}

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
#[derive(Debug, Clone, Serialize)]
struct Changed {
    /// Its line (NDJSON) or its number in the walk (a folder).
    position: u64,
    insats: String,
    titel: String,
    gained: Vec<String>,
    lost: Vec<String>,
    /// Findings in both whose severity changed: "title (varning → allvarlig)".
    changed: Vec<String>,
}

/// The findings that come and go, of one kind and severity (a finding whose severity
/// changes goes from its old severity and comes to its new).
#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Count {
    added: u64,
    removed: u64,
}

/// Per rule: the findings it newly supports, no longer supports, and supports with
/// another severity.
#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Moved {
    added: u64,
    removed: u64,
    changed: u64,
}

/// What one worker, then all, found.
#[derive(Debug, Default)]
struct Total {
    assessments: u64,
    changed: u64,
    listed: Vec<Changed>,
    per_rule: BTreeMap<String, Moved>,
    totals: BTreeMap<(FindingKind, Severity), Count>,
    invalid: u64,
    invalid_examples: Vec<(u64, String)>,
}

/// The two rule sets the assessments are checked with.
struct Diff<'a> {
    before: Assessor<'a>,
    after: Assessor<'a>,
    lang: Lang,
}

impl Tally for Diff<'_> {
    type Total = Total;

    fn add(&self, total: &mut Total, position: u64, doc: &Hallbarhetssakring) {
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

    fn add_invalid(&self, total: &mut Total, position: u64, message: impl FnOnce() -> String) {
        total.invalid += 1;
        if total.invalid_examples.len() < 5 {
            total.invalid_examples.push((position, message()));
        }
    }

    fn merge(&self, into: &mut Total, from: Total) {
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

/// Runs `hallbar rules diff`.
pub(crate) fn run(args: DiffArgs, lang: Lang) -> Result<ExitCode, String> {
    let catalogue = crate::load::load_catalogue(&args.goals)?;
    let layers = |files: &[PathBuf]| crate::load::RuleLayers {
        rules: files.to_vec(),
        replace_standard_rules: false,
    };
    let before = crate::load::load_rules(&layers(&args.before), &catalogue, lang)?;
    let after = crate::load::load_rules(&layers(&args.after), &catalogue, lang)?;
    let graph = args.graph.load(&catalogue)?;
    let (before, after) = (
        hallbar::Engine::from_parts(before, graph.clone(), Vec::new()),
        hallbar::Engine::from_parts(after, graph, Vec::new()),
    );
    let diff = Diff {
        before: before.assessor(None),
        after: after.assessor(None),
        lang,
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let source = Source::open(&args.path)?;
    let mut total = add_up(source, &diff, before.catalogue(), jobs, None)?;
    total.listed.sort_by_key(|c| c.position);
    total.listed.truncate(MAX_LISTED);
    let text = match args.format {
        DiffFormat::Json => json(&total)?,
        DiffFormat::Text => hallbar_report::text(&document(&total, lang)),
        DiffFormat::Html => hallbar_report::html(&document(&total, lang), lang.code()),
    };
    crate::report::write_output(args.output.as_deref(), &text)?;
    if total.invalid > 0 {
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "fel: {} dokument kunde inte läsas och är inte med; det första:",
                    total.invalid
                ),
                format!(
                    "error: {} documents could not be read and are left out; the first:",
                    total.invalid
                ),
            )
        );
        for (_, e) in &total.invalid_examples {
            eprintln!("  {e}");
        }
        return Ok(ExitCode::from(crate::EXIT_BAD_INPUT));
    }
    Ok(ExitCode::SUCCESS)
}

fn json(total: &Total) -> Result<String, String> {
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
    let v = serde_json::json!({
        "assessments": total.assessments,
        "invalid": total.invalid,
        "changed": total.changed,
        "rules": rules,
        "totals": totals,
        "assessments_changed": total.listed,
    });
    serde_json::to_string_pretty(&v).map_err(|e| format!("error: cannot write JSON: {e}"))
}

/// The diff as a document, for text and HTML.
fn document(total: &Total, lang: Lang) -> Document {
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
