//! Checking rule files and building the indexed rule set.

use std::collections::{BTreeSet, HashMap};

use super::file::{Condition, EffectPredicate, Rule, RuleFile};
use crate::syntax::{self, Diagnostic, Format, Node};
use crate::{GoalCatalogue, GoalId, RuleId};

/// The largest rule file accepted, in bytes (1 MiB).
pub const MAX_RULE_FILE_BYTES: usize = 1024 * 1024;
/// The most rules in one rule set.
pub const MAX_RULES: usize = 10_000;
/// The deepest nesting of `all` / `any` / `not` in one condition.
pub const MAX_RULE_DEPTH: usize = 16;

/// Reads a rule file's text into a tree, refusing files over [`MAX_RULE_FILE_BYTES`].
///
/// # Errors
/// An oversized file or a syntax error, with its place.
pub fn parse_source(text: &str, format: Format) -> Result<Node, Diagnostic> {
    if text.len() > MAX_RULE_FILE_BYTES {
        return Err(Diagnostic::error(
            "",
            format!(
                "the rule file is {} bytes; the limit is {MAX_RULE_FILE_BYTES} bytes (1 MiB)",
                text.len()
            ),
        )
        .with_help("split the rules into several files"));
    }
    syntax::parse(text, format)
}

/// A rule with what the index needs to know about it.
#[derive(Debug, Clone)]
pub(super) struct CompiledRule {
    pub rule: Rule,
    /// Top-level goals of which the insats must have at least one effect for the rule to
    /// possibly fire; `None` when the rule does not depend on effects that way.
    pub needs: Option<BTreeSet<GoalId>>,
}

/// A checked, indexed set of rules, ready to evaluate insatser.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(super) rules: Vec<CompiledRule>,
    /// Each rule's place in the order of rule ids, so that findings sort by comparing
    /// numbers.
    pub(super) rank: Vec<usize>,
    /// Rules that must be tested for every insats.
    pub(super) always: Vec<usize>,
    /// For each top-level goal, the rules that need an effect on it.
    pub(super) by_goal: HashMap<GoalId, Vec<usize>, rustc_hash::FxBuildHasher>,
    pub(super) catalogue: GoalCatalogue,
}

/// Collects rule files, checking each, and builds a [`RuleSet`].
#[derive(Debug, Clone)]
pub struct RuleSetBuilder {
    catalogue: GoalCatalogue,
    rules: Vec<CompiledRule>,
    ids: HashMap<RuleId, String>,
}

impl RuleSetBuilder {
    /// A builder that resolves goal ids in `catalogue`.
    pub fn new(catalogue: &GoalCatalogue) -> Self {
        Self {
            catalogue: catalogue.clone(),
            rules: Vec::new(),
            ids: HashMap::new(),
        }
    }

    /// Reads, checks and adds the rules of one file. Returns every diagnostic of the
    /// file (errors and warnings), each with pointer and span; the file's rules are added
    /// only if there is no error. `name` is used to say where a duplicate id was first seen.
    pub fn add_source(&mut self, name: &str, text: &str, format: Format) -> Vec<Diagnostic> {
        match parse_source(text, format) {
            Ok(node) => self.add_node(name, &node),
            Err(d) => vec![d],
        }
    }

    /// Checks and adds the rules of a file already read with [`parse_source`] (and, by a
    /// caller that has the schema, checked for structure).
    pub fn add_node(&mut self, name: &str, node: &Node) -> Vec<Diagnostic> {
        let file: RuleFile = match syntax::deserialize(node) {
            Ok(file) => file,
            Err(d) => return vec![d],
        };
        let mut diagnostics = self.add_file(name, &file);
        for d in &mut diagnostics {
            node.attach_span(d);
        }
        diagnostics
    }

    /// Checks and adds the rules of a parsed file (see [`Self::add_source`]).
    pub fn add_file(&mut self, name: &str, file: &RuleFile) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.rules.len() + file.regel.len() > MAX_RULES {
            out.push(Diagnostic::error(
                "/regel",
                format!("a rule set holds at most {MAX_RULES} rules"),
            ));
            return out;
        }
        let mut new = Vec::new();
        let mut new_ids: HashMap<&RuleId, usize> = HashMap::new();
        for (i, rule) in file.regel.iter().enumerate() {
            let at = format!("/regel/{i}");
            if let Some(first) = self.ids.get(&rule.id) {
                out.push(Diagnostic::error(
                    format!("{at}/id"),
                    format!("the rule id `{}` is already used in {first}", rule.id),
                ));
            } else if let Some(first) = new_ids.insert(&rule.id, i) {
                out.push(Diagnostic::error(
                    format!("{at}/id"),
                    format!(
                        "the rule id `{}` is already used at /regel/{first}",
                        rule.id
                    ),
                ));
            }
            self.check_condition(&rule.om, &format!("{at}/om"), 0, &mut out);
            let earlier = self
                .rules
                .iter()
                .map(|c| &c.rule)
                .chain(file.regel.iter().take(i))
                .find(|r| r.om == rule.om && r.typ == rule.typ);
            if let Some(twin) = earlier {
                out.push(
                    Diagnostic::warning(
                        format!("{at}/om"),
                        format!(
                            "the rule `{}` has the same condition and kind as `{}`",
                            rule.id, twin.id
                        ),
                    )
                    .with_help("one of them is redundant; merge their texts into one rule"),
                );
            }
            new.push(CompiledRule {
                needs: self.needs(&rule.om),
                rule: rule.clone(),
            });
        }
        if !out.iter().any(Diagnostic::is_error) {
            for c in new {
                self.ids.insert(c.rule.id.clone(), name.to_owned());
                self.rules.push(c);
            }
        }
        out
    }

    /// Builds the indexed rule set.
    pub fn build(self) -> RuleSet {
        let mut always = Vec::new();
        let mut by_goal: HashMap<GoalId, Vec<usize>, rustc_hash::FxBuildHasher> =
            HashMap::default();
        for (i, c) in self.rules.iter().enumerate() {
            match &c.needs {
                None => always.push(i),
                Some(goals) => {
                    for g in goals {
                        by_goal.entry(g.clone()).or_default().push(i);
                    }
                }
            }
        }
        let mut by_id: Vec<usize> = (0..self.rules.len()).collect();
        by_id.sort_by(|&a, &b| {
            let id = |i: usize| self.rules.get(i).map(|c| &c.rule.id);
            id(a).cmp(&id(b))
        });
        let mut rank = vec![0; self.rules.len()];
        for (place, i) in by_id.into_iter().enumerate() {
            if let Some(r) = rank.get_mut(i) {
                *r = place;
            }
        }
        RuleSet {
            rank,
            rules: self.rules,
            always,
            by_goal,
            catalogue: self.catalogue,
        }
    }

    fn check_condition(&self, c: &Condition, at: &str, depth: usize, out: &mut Vec<Diagnostic>) {
        if depth > MAX_RULE_DEPTH {
            out.push(Diagnostic::error(
                at,
                format!("the condition nests deeper than {MAX_RULE_DEPTH} levels"),
            ));
            return;
        }
        match c {
            Condition::All(items) | Condition::Any(items) => {
                let word = if matches!(c, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                if items.is_empty() {
                    let (what, help) = if word == "all" {
                        ("is always true", "add conditions, or remove the rule")
                    } else {
                        ("can never be true", "add conditions to `any`")
                    };
                    out.push(
                        Diagnostic::error(
                            format!("{at}/{word}"),
                            format!("an empty `{word}` {what}"),
                        )
                        .with_help(help),
                    );
                }
                for (i, item) in items.iter().enumerate() {
                    self.check_condition(item, &format!("{at}/{word}/{i}"), depth + 1, out);
                }
                if let Condition::All(items) = c {
                    for (i, item) in items.iter().enumerate() {
                        if let Condition::Not(inner) = item {
                            if items.iter().any(|other| other == inner.as_ref()) {
                                out.push(Diagnostic::error(
                                    format!("{at}/all/{i}"),
                                    "the condition can never be true: `all` requires a condition and its negation",
                                ));
                            }
                        }
                    }
                }
            }
            Condition::Not(inner) => {
                self.check_condition(inner, &format!("{at}/not"), depth + 1, out)
            }
            Condition::Effekt(p) | Condition::EffektUtanAtgard(p) => {
                let key = if matches!(c, Condition::Effekt(_)) {
                    "effekt"
                } else {
                    "effekt_utan_atgard"
                };
                self.check_effect(p, &format!("{at}/{key}"), out);
            }
            Condition::Antal(count) => {
                self.check_effect(&count.effekt, &format!("{at}/antal/effekt"), out);
                if count.minst == 0 {
                    out.push(
                        Diagnostic::error(
                            format!("{at}/antal/minst"),
                            "`minst = 0` is always true",
                        )
                        .with_help("count from 1"),
                    );
                }
            }
            Condition::InsatsTyp(v) if v.is_empty() => out.push(empty_list(at, "insats_typ")),
            Condition::Sektor(v) if v.is_empty() => out.push(empty_list(at, "sektor")),
            Condition::Omrade(v) if v.is_empty() => out.push(empty_list(at, "omrade")),
            _ => {}
        }
    }

    fn check_effect(&self, p: &EffectPredicate, at: &str, out: &mut Vec<Diagnostic>) {
        for (i, g) in p.mal.iter().enumerate() {
            match self.catalogue.resolve(g) {
                Err(e) => out.push(
                    Diagnostic::error(format!("{at}/mal/{i}"), e.to_string()).with_help(e.help()),
                ),
                Ok(_) => {
                    if let (Some(want), Some(has)) = (p.dimension, self.catalogue.dimension(g)) {
                        if want != has {
                            out.push(Diagnostic::error(
                                format!("{at}/mal/{i}"),
                                format!("the condition can never be true: goal `{g}` is {has}, not {want}"),
                            ).with_help("remove `dimension` or the goal"));
                        }
                    }
                }
            }
        }
    }

    /// The top-level goals an insats must have an effect on for `c` to possibly hold.
    fn needs(&self, c: &Condition) -> Option<BTreeSet<GoalId>> {
        match c {
            Condition::Effekt(p) => self.effect_needs(p),
            Condition::Antal(count) => self.effect_needs(&count.effekt),
            Condition::All(items) => items
                .iter()
                .filter_map(|i| self.needs(i))
                .min_by_key(BTreeSet::len),
            Condition::Any(items) if !items.is_empty() => {
                let mut union = BTreeSet::new();
                for item in items {
                    union.extend(self.needs(item)?);
                }
                Some(union)
            }
            _ => None,
        }
    }

    fn effect_needs(&self, p: &EffectPredicate) -> Option<BTreeSet<GoalId>> {
        if !p.mal.is_empty() {
            return p
                .mal
                .iter()
                .map(|g| self.catalogue.top_level(g).map(|t| t.id.clone()))
                .collect();
        }
        let dimension = p.dimension?;
        Some(
            self.catalogue
                .iter()
                .filter(|g| g.parent.is_none() && g.dimension == Some(dimension))
                .map(|g| g.id.clone())
                .collect(),
        )
    }
}

fn empty_list(at: &str, key: &str) -> Diagnostic {
    Diagnostic::error(
        format!("{at}/{key}"),
        format!("an empty `{key}` list can never match"),
    )
}

impl RuleSet {
    /// The standard rule set against the built-in catalogue.
    ///
    /// # Errors
    /// Never for the embedded file, which the tests check; the diagnostics otherwise.
    pub fn standard() -> Result<Self, Vec<Diagnostic>> {
        let mut b = RuleSetBuilder::new(GoalCatalogue::builtin());
        let ds = b.add_source(
            "fixtures/rules/standard.toml",
            super::STANDARD_RULES,
            Format::Toml,
        );
        if ds.iter().any(Diagnostic::is_error) {
            return Err(ds);
        }
        Ok(b.build())
    }

    /// The goal catalogue the rules were checked against and are evaluated with.
    pub fn catalogue(&self) -> &GoalCatalogue {
        &self.catalogue
    }

    /// The rule at `index` in load order.
    pub fn rule(&self, index: usize) -> Option<&Rule> {
        self.rules.get(index).map(|c| &c.rule)
    }

    /// The rules, in load order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().map(|c| &c.rule)
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the set has no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
