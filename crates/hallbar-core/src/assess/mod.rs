//! Gathering every finding of an assessment: the rules', the goal graph's and the
//! method's, one finding per conflict.
//!
//! A goal conflict is a pair of stated effects: a positive effect on one goal and a
//! negative effect on another (at the level the assessor stated them, `8.9` against
//! `13`). Every rule that names the pair and every goal-graph path that explains it are
//! gathered into the one finding of that pair ([`conflicts`]); the method's completeness
//! findings are one per step, and a rule's completeness finding about the same places
//! joins its step's ([`completeness`]).

mod completeness;
mod conflicts;

pub(crate) use conflicts::RuleConflicts;

use crate::graph::GoalGraph;
use crate::graph::infer::{self, InferenceConfig};
use crate::method::{self, Profile};
use crate::rules::RuleSet;
use crate::{Finding, GoalCatalogue, Hallbarhetssakring, Lang};

/// What an assessment is checked with. Leave out the graph or the profile to skip them.
#[derive(Debug, Clone, Copy)]
pub struct Assessor<'a> {
    /// The goal catalogue.
    pub catalogue: &'a GoalCatalogue,
    /// The rule set.
    pub rules: &'a RuleSet,
    /// The goal graph and inference thresholds.
    pub graph: Option<(&'a GoalGraph, &'a InferenceConfig)>,
    /// The method profile.
    pub profile: Option<&'a Profile>,
}

impl Assessor<'_> {
    /// Every finding for `doc`: the rules' and the goal graph's, one per conflict, sorted
    /// by source, most specific rule and goals; then the method's, one per step.
    ///
    /// # Complexity
    /// O(r · e + m · (e log e + p · q · s)) for r candidate rules, e effects, m goal-conflict
    /// rules that fire, p and q the goals stated positive and negative (bounded by
    /// [`crate::limits::MAX_EFFECT_GOALS`]: p + q ≤ 60) and s the effects a pair of goals
    /// has: each pair of goals is visited once per rule, never each pair of effects. The
    /// goal graph adds O(e · d^k) for out-degree d and `max_steps` k (see
    /// [`infer::influences`]). Within the limits of [`crate::limits`], an assessment at
    /// the limits takes about 0.1 s (docs/performance.md).
    ///
    /// # Example
    /// ```
    /// use hallbar_core::assess::Assessor;
    /// use hallbar_core::{FindingKind, GoalCatalogue, Lang, rules::RuleSet};
    /// let rules = RuleSet::standard().unwrap();
    /// let assessor = Assessor { catalogue: GoalCatalogue::builtin(), rules: &rules, graph: None, profile: None };
    /// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser/turism-fjall.toml")).unwrap();
    /// let doc = hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
    /// let findings = assessor.findings(&doc, Lang::Sv);
    /// // Four rules name the conflict between tourism (8.9) and climate (13): one finding.
    /// let climate: Vec<_> = findings.iter().filter(|f| f.kind == FindingKind::Malkonflikt && f.goals.iter().any(|g| g.as_str() == "13")).collect();
    /// assert_eq!(climate.len(), 1);
    /// assert_eq!(climate[0].rule.as_deref(), Some("turism-klimat-ekosystem"));
    /// assert!(climate[0].rules.iter().any(|r| r == "tillvaxt-klimat"));
    /// ```
    pub fn findings(&self, doc: &Hallbarhetssakring, lang: Lang) -> Vec<Finding> {
        let matches = self.rules.matches(doc);
        let inferred = self.graph.map(|(graph, config)| {
            let influences = infer::influences(graph, self.catalogue, doc, config);
            (graph, config, influences)
        });
        let graph = inferred
            .as_ref()
            .map(|(graph, config, influences)| conflicts::Inferred {
                graph,
                config,
                influences,
            });
        let mut findings = conflicts::gather(doc, &matches, graph, lang);
        if let Some(profile) = self.profile {
            let steps = method::findings(doc, profile, self.catalogue, lang);
            completeness::fold(&mut findings, steps);
        }
        findings
    }
}

#[cfg(test)]
mod tests;
