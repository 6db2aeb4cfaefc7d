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
use crate::{Evidence, Finding, FindingKind, GoalCatalogue, Hallbarhetssakring, Lang};

/// What an assessment is checked with: a rule set, and the goal catalogue it was
/// compiled against — always that one, so that a rule never meets a goal id it was not
/// checked for. Add the goal graph and a method profile to use them.
///
/// ```
/// use hallbar_core::assess::Assessor;
/// use hallbar_core::rules::RuleSet;
/// let rules = RuleSet::standard().unwrap();
/// let assessor = Assessor::new(&rules);
/// assert!(std::ptr::eq(assessor.catalogue(), rules.catalogue()));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Assessor<'a> {
    rules: &'a RuleSet,
    graph: Option<(&'a GoalGraph, &'a InferenceConfig)>,
    profile: Option<&'a Profile>,
}

impl<'a> Assessor<'a> {
    /// The checks of `rules`, over the catalogue they were compiled against, without the
    /// goal graph or a method profile.
    pub fn new(rules: &'a RuleSet) -> Self {
        Self {
            rules,
            graph: None,
            profile: None,
        }
    }

    /// Also infers indirect conflicts and synergies through `graph`, with `config`.
    #[must_use]
    pub fn with_graph(self, graph: &'a GoalGraph, config: &'a InferenceConfig) -> Self {
        Self {
            graph: Some((graph, config)),
            ..self
        }
    }

    /// Also checks completeness against `profile` (`None`: no method findings; the
    /// portfolio then follows each document's own profile).
    #[must_use]
    pub fn with_profile(self, profile: Option<&'a Profile>) -> Self {
        Self { profile, ..self }
    }

    /// The goal catalogue: the one the rules were compiled against.
    pub fn catalogue(&self) -> &'a GoalCatalogue {
        self.rules.catalogue()
    }

    /// The rule set.
    pub fn rules(&self) -> &'a RuleSet {
        self.rules
    }

    /// The goal graph and its inference thresholds, when used.
    pub fn graph(&self) -> Option<(&'a GoalGraph, &'a InferenceConfig)> {
        self.graph
    }

    /// The method profile, when one is given.
    pub fn profile(&self) -> Option<&'a Profile> {
        self.profile
    }
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
    /// use hallbar_core::{FindingKind, Lang, rules::RuleSet};
    /// let rules = RuleSet::standard().unwrap();
    /// let assessor = Assessor::new(&rules);
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
            let influences = infer::influences(graph, self.catalogue(), doc, config);
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
            let steps = method::findings(doc, profile, self.catalogue(), lang);
            completeness::fold(&mut findings, steps);
        }
        positions(doc, self.catalogue(), &mut findings, lang);
        findings.sort_by(Finding::reading_order);
        findings
    }
}

/// The assessor's own handling of each goal conflict found: a conflict stated in
/// `malkonflikter` about the finding's goals (each of them one of its goals, at any
/// level) is said in the finding's explanation — its position, or that none is taken
/// yet — and is among its evidence.
///
/// # Complexity
/// O(f · k · g²) for f findings, k stated conflicts and g goals each (a handful).
fn positions(
    doc: &Hallbarhetssakring,
    catalogue: &GoalCatalogue,
    findings: &mut [Finding],
    lang: Lang,
) {
    for f in findings
        .iter_mut()
        .filter(|f| f.kind == FindingKind::Malkonflikt && f.goals.len() >= 2)
    {
        for (i, k) in doc.malkonflikter.iter().enumerate() {
            let about = f
                .goals
                .iter()
                .all(|g| k.mal.iter().any(|m| catalogue.is_related(g, m)));
            if !about {
                continue;
            }
            let position = k
                .stallningstagande
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty());
            let said = match (position, lang) {
                (Some(p), Lang::Sv) => format!("Bedömarens ställningstagande: ”{p}”"),
                (Some(p), Lang::En) => format!("The assessor's position: “{p}”"),
                (None, Lang::Sv) => {
                    "Bedömaren har angett konflikten men ännu inte tagit ställning.".to_owned()
                }
                (None, Lang::En) => {
                    "The assessor has stated the conflict but taken no position yet.".to_owned()
                }
            };
            f.explanation = format!("{} {said}", f.explanation.trim_end());
            f.evidence.push(Evidence::new(
                format!("/malkonflikter/{i}"),
                position.map_or_else(|| k.beskrivning.trim().to_owned(), str::to_owned),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
