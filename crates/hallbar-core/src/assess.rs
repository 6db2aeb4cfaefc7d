//! Gathering every finding of an assessment: the rules', the goal graph's (merged into
//! the rules' where they agree), and the method's completeness checks.

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
    /// Every finding for `doc`: the rules' (sorted by rule id), the goal graph's merged
    /// in, then the method's.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::assess::Assessor;
    /// use hallbar_core::{GoalCatalogue, Lang, rules::RuleSet};
    /// let rules = RuleSet::standard().unwrap();
    /// let assessor = Assessor { catalogue: GoalCatalogue::builtin(), rules: &rules, graph: None, profile: None };
    /// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser/turism-fjall.toml")).unwrap();
    /// let doc = hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
    /// assert!(assessor.findings(&doc, Lang::Sv).iter().any(|f| f.rule.as_deref() == Some("tillvaxt-klimat")));
    /// ```
    pub fn findings(&self, doc: &Hallbarhetssakring, lang: Lang) -> Vec<Finding> {
        let mut findings = self.rules.evaluate(doc, lang);
        if let Some((graph, config)) = self.graph {
            let inferred = infer::infer(graph, self.catalogue, doc, config, lang);
            infer::merge(&mut findings, inferred, self.catalogue, lang);
        }
        if let Some(profile) = self.profile {
            findings.extend(method::findings(doc, profile, self.catalogue, lang));
        }
        findings
    }
}
