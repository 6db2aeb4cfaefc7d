//! One finding per conflict: the rules' matches and the goal graph's influences gathered
//! by the pair of stated goals they are about.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::graph::GoalGraph;
use crate::graph::infer::{self, Bearing, InferenceConfig, Influence};
use crate::rules::Match;
use crate::{
    Evidence, Finding, FindingKind, FindingSource, GoalId, Hallbarhetssakring, Lang, Riktning,
    Severity, Suggestions,
};

/// The goal graph's part of an assessment.
pub(super) struct Inferred<'g, 'a> {
    pub graph: &'g GoalGraph,
    pub config: &'g InferenceConfig,
    pub influences: &'g [Influence<'a>],
}

/// A conflict (or synergy) between two stated goals, and what supports it.
#[derive(Default)]
struct Pair<'m, 'a> {
    /// The stated effects on the two goals that support it, by index.
    effects: Vec<usize>,
    rules: Vec<&'m Match<'a>>,
    /// The goal graph's findings that explain it.
    paths: Vec<Finding>,
}

/// The key of a pair: the kind, then the goal of the positive effect and the goal of the
/// negative one (for a synergy, the two goals in order).
type Key<'a> = (FindingKind, &'a GoalId, &'a GoalId);

/// The goal-conflict rules' matches of one document, sorted by the pairs of stated goals
/// they are about: a match is split into the pairs of a positive and a negative effect
/// it matched (on two different goals or targets); a match whose effects are of one
/// direction only joins the pairs that share an effect with it, or stands alone; one
/// that matched both directions on one goal only is no conflict between goals.
pub(crate) struct RuleConflicts<'m, 'a> {
    pairs: BTreeMap<Key<'a>, Pair<'m, 'a>>,
    alone: Vec<&'m Match<'a>>,
}

impl<'m, 'a> RuleConflicts<'m, 'a> {
    /// Sorts the `malkonflikt` matches among `matches`.
    ///
    /// # Complexity
    /// O(m · (e log e + p · q + (p + q) · e)) for m goal-conflict matches, each with e
    /// effects on p distinct goals stated positive and q stated negative: a match's
    /// effects are grouped by goal first, so each pair of goals is visited once per
    /// match however many effects it has.
    pub(crate) fn new(doc: &'a Hallbarhetssakring, matches: &'m [Match<'a>]) -> Self {
        let mut pairs: BTreeMap<Key<'a>, Pair<'m, 'a>> = BTreeMap::new();
        let mut one_sided = Vec::new();
        for m in matches {
            if m.rule.typ != FindingKind::Malkonflikt {
                continue;
            }
            let (positive, negative) = by_goal(doc, m.effects());
            if positive.is_empty() || negative.is_empty() {
                one_sided.push(m);
                continue;
            }
            // Effects of both directions on one and the same goal only are no conflict
            // between goals; every other pair of goals is.
            for (&a, ps) in &positive {
                for (&b, ns) in &negative {
                    if a == b {
                        continue;
                    }
                    let pair = pairs.entry((FindingKind::Malkonflikt, a, b)).or_default();
                    pair.effects.extend(ps.iter().chain(ns));
                    if pair.rules.last().is_none_or(|r| r.index != m.index) {
                        pair.rules.push(m);
                    }
                }
            }
        }
        for pair in pairs.values_mut() {
            pair.effects.sort_unstable();
            pair.effects.dedup();
        }
        // A match with effects of one direction only joins every pair that shares an
        // effect with it, or stands alone.
        let mut by_effect: BTreeMap<usize, Vec<Key<'a>>> = BTreeMap::new();
        for (key, pair) in &pairs {
            for &e in &pair.effects {
                by_effect.entry(e).or_default().push(*key);
            }
        }
        let mut alone = Vec::new();
        for m in one_sided {
            let mut joined: Vec<Key<'a>> = m
                .effects()
                .filter_map(|e| by_effect.get(&e))
                .flatten()
                .copied()
                .collect();
            joined.sort_unstable();
            joined.dedup();
            if joined.is_empty() {
                alone.push(m);
            }
            for key in joined {
                if let Some(pair) = pairs.get_mut(&key) {
                    pair.rules.push(m);
                }
            }
        }
        Self { pairs, alone }
    }

    /// How many goal-conflict findings the rules make: one per pair, one per match that
    /// stands alone.
    pub(crate) fn count(&self) -> usize {
        self.pairs.len() + self.alone.len()
    }
}

/// Indices into `effekter` by the goal of their effect, each list ascending without
/// repeats.
type ByGoal<'a> = BTreeMap<&'a GoalId, Vec<usize>>;

/// The effects `effects` (indices into `effekter`) by goal: those stated positive and
/// those stated negative.
fn by_goal(
    doc: &Hallbarhetssakring,
    effects: impl Iterator<Item = usize>,
) -> (ByGoal<'_>, ByGoal<'_>) {
    let mut positive = ByGoal::new();
    let mut negative = ByGoal::new();
    for i in effects {
        let Some(e) = doc.effekter.get(i) else {
            continue;
        };
        let side = match e.riktning {
            Riktning::Positiv => &mut positive,
            Riktning::Negativ => &mut negative,
        };
        side.entry(&e.mal).or_default().push(i);
    }
    for list in positive.values_mut().chain(negative.values_mut()) {
        list.sort_unstable();
        list.dedup();
    }
    (positive, negative)
}

/// Every finding of the rules and the goal graph, one per conflict: the goal-conflict
/// rules' matches sorted into pairs ([`RuleConflicts`]), every graph path that explains a
/// stated conflict (or synergy) added to its pair, and each pair put into words. Other
/// rules' findings and unstated inferences are passed on as they are.
pub(super) fn gather<'a>(
    doc: &'a Hallbarhetssakring,
    matches: &[Match<'a>],
    inferred: Option<Inferred<'_, 'a>>,
    lang: Lang,
) -> Vec<Finding> {
    let goal = |i: usize| doc.effekter.get(i).map(|e| (&e.mal, e.riktning));
    let RuleConflicts { mut pairs, alone } = RuleConflicts::new(doc, matches);
    let mut out: Vec<Finding> = matches
        .iter()
        .filter(|m| m.rule.typ != FindingKind::Malkonflikt)
        .chain(alone)
        .map(|m| m.finding(doc, lang))
        .collect();
    if let Some(Inferred {
        graph,
        config,
        influences,
    }) = inferred
    {
        for influence in influences {
            let Some(finding) = infer::finding(graph, doc, config, influence, lang) else {
                continue;
            };
            let (Bearing::Explains(stated), Some((from, _))) =
                (&influence.bearing, goal(influence.effect))
            else {
                out.push(finding);
                continue;
            };
            // The stated effects it explains, by goal: one path per pair of goals.
            let (positive, negative) = by_goal(doc, stated.iter().copied());
            for (to, effects) in positive.into_iter().chain(negative) {
                if from == to {
                    continue;
                }
                let key = match influence.kind() {
                    FindingKind::Malkonflikt => (FindingKind::Malkonflikt, from, to),
                    kind => (kind, from.min(to), from.max(to)),
                };
                let pair = pairs.entry(key).or_default();
                pair.effects.push(influence.effect);
                pair.effects.extend(effects);
                pair.effects.sort_unstable();
                pair.effects.dedup();
                pair.paths.push(finding.clone());
            }
        }
    }
    out.extend(
        pairs
            .into_iter()
            .filter_map(|((kind, a, b), pair)| pair_finding(doc, kind, [a, b], pair, lang)),
    );
    out
}

/// The one finding of a pair: worded by its most specific rule (or, with no rule, by the
/// goal graph) — one explanation, written for the conflict — with every rule and graph
/// path that supports it named in `supported_by`, the highest severity of them all, and
/// their suggestions ranked by how many of them make each.
fn pair_finding(
    doc: &Hallbarhetssakring,
    kind: FindingKind,
    goals: [&GoalId; 2],
    mut pair: Pair<'_, '_>,
    lang: Lang,
) -> Option<Finding> {
    pair.rules
        .sort_by_key(|m| (Reverse(m.rule.specificity()), m.rule.id.as_str()));
    // The pair states its effects once, below; the rules add what they matched beyond.
    let rule_findings: Vec<Finding> = pair
        .rules
        .iter()
        .map(|m| m.finding_beyond_effects(doc, lang))
        .collect();
    let supporters: Vec<&Finding> = rule_findings.iter().chain(&pair.paths).collect();
    let mut finding = (*supporters.first()?).clone();
    finding.kind = kind;
    finding.goals = goals.into_iter().cloned().collect();
    finding.rules = pair.rules.iter().map(|m| m.rule.id.to_string()).collect();
    finding.rule = finding.rules.first().cloned();
    finding.source = if finding.rules.is_empty() {
        FindingSource::Graph
    } else {
        FindingSource::Rule
    };
    // The pair's own effects first, then what else the rules matched beyond effects.
    let mut evidence: Vec<Evidence> = pair
        .effects
        .iter()
        .filter_map(|&i| doc.effekter.get(i).map(|e| Evidence::effect(i, e, lang)))
        .collect();
    finding.sources.clear();
    finding.paths.clear();
    finding.supported_by.clear();
    finding.suggestions = Suggestions::ranked(supporters.iter().map(|f| &f.suggestions));
    finding.severity = Severity::Information;
    for f in &supporters {
        finding.severity = finding.severity.max(f.severity);
        for source in &f.sources {
            push_new(&mut finding.sources, source.clone());
        }
        for path in &f.paths {
            push_new(&mut finding.paths, path.clone());
        }
        for support in &f.supported_by {
            push_new(&mut finding.supported_by, support.clone());
        }
        for e in &f.evidence {
            if !e.pointer.starts_with("/effekter/")
                && !evidence.iter().any(|x| x.pointer == e.pointer)
            {
                evidence.push(e.clone());
            }
        }
    }
    // Two stated effects in conflict are a goal conflict in the handbook's sense: never
    // mere information, even when no rule names them and only a weak link explains them.
    if kind == FindingKind::Malkonflikt && pair.rules.is_empty() {
        finding.severity = finding.severity.max(Severity::Varning);
    }
    finding.evidence = evidence;
    Some(finding)
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}
