//! Inferring conflicts and synergies an assessor did not state, by propagating the stated
//! effects of an insats through the goal graph.
//!
//! A positive effect on goal A where A → B counteracts or cancels is a potential indirect
//! conflict with B; where A → B reinforces or is indivisible, a potential synergy. Over
//! several steps the scores multiply (each divided by 3), so A → B → C with −2 then +2 is
//! a weaker conflict with C. Interactions from A's parent goals count too: an effect on
//! target 7.2 follows the interactions of goal 7. Only positive effects are propagated:
//! what the method asks for is what a contribution to one goal costs or gives another.

use std::collections::HashMap;

use super::{GoalGraph, Score};
use crate::{
    Evidence, Finding, FindingKind, FindingSource, GoalCatalogue, GoalId, Hallbarhetssakring,
    Labelled as _, Lang, Riktning, Severity, Styrka, Suggestions,
};

/// Thresholds of inference.
#[derive(Debug, Clone, PartialEq)]
pub struct InferenceConfig {
    /// The longest chain of interactions followed (1 = direct neighbours only).
    pub max_steps: usize,
    /// Interactions weaker than this (in absolute value) are not followed; the default
    /// follows reinforcing/counteracting and stronger.
    pub min_score: i8,
    /// Effects weaker than this are not propagated.
    pub min_effect_strength: Styrka,
    /// Inferred influences weaker than this (0 … 1) are not reported.
    pub min_strength: f64,
}

impl Default for InferenceConfig {
    fn default() -> Self {
        Self {
            max_steps: 1,
            min_score: 2,
            min_effect_strength: Styrka::new(2).unwrap_or(Styrka::MIN),
            min_strength: 0.0,
        }
    }
}

/// One inferred influence: from a stated effect, along a path, on a goal.
struct Influence<'a> {
    /// The index of the effect it starts from.
    effect: usize,
    path: Vec<&'a GoalId>,
    scores: Vec<Score>,
    strength: f64,
}

/// The conflicts and synergies the graph suggests for `doc`, sorted by goals. When the
/// insats itself states an effect on the reached goal in the inferred direction, the
/// finding says so and cites it: the graph then explains a conflict (or synergy) between
/// two stated effects, which [`merge`] folds into a rule's finding on the same goals.
///
/// # Complexity
/// O(e · d^k) for e stated effects, out-degree d and `max_steps` k.
///
/// # Example
/// ```
/// use hallbar_core::graph::{GoalGraph, Score, infer::{InferenceConfig, infer}};
/// use hallbar_core::{GoalCatalogue, Hallbarhetssakring, Lang, FindingKind};
/// let cat = GoalCatalogue::builtin();
/// let mut g = GoalGraph::new();
/// g.add_interaction(cat, &"8".parse().unwrap(), &"13".parse().unwrap(), Score::Counteracting).unwrap();
/// let doc: Hallbarhetssakring = hallbar_core::syntax::parse_as(r#"
/// format_version = 1
/// [insats]
/// id = "x"
/// titel = "Tillväxt"
/// typ = "projekt"
/// agare = "R"
/// [[effekter]]
/// id = "e"
/// mal = "8.2"
/// riktning = "positiv"
/// styrka = 3
/// typ = "direkt"
/// motivering = "Fler jobb"
/// sakerhet = "hog"
/// "#, hallbar_core::syntax::Format::Toml).unwrap();
/// let f = infer(&g, cat, &doc, &InferenceConfig::default(), Lang::Sv);
/// assert_eq!(f.len(), 1);
/// assert_eq!(f[0].kind, FindingKind::Malkonflikt);
/// assert_eq!(f[0].path.iter().map(|g| g.as_str()).collect::<Vec<_>>(), ["8", "13"]);
/// ```
pub fn infer(
    graph: &GoalGraph,
    catalogue: &GoalCatalogue,
    doc: &Hallbarhetssakring,
    config: &InferenceConfig,
    lang: Lang,
) -> Vec<Finding> {
    // The strongest influence per (effect goal, reached goal, kind).
    let mut best: HashMap<(&GoalId, &GoalId, FindingKind), Influence<'_>> = HashMap::new();
    for (i, effect) in doc.effekter.iter().enumerate() {
        if effect.riktning != Riktning::Positiv || effect.styrka < config.min_effect_strength {
            continue;
        }
        let lineage = catalogue.lineage(&effect.mal);
        let weight = f64::from(effect.styrka.get()) / 3.0;
        for &source in lineage.iter().filter(|g| graph.contains(g)) {
            let mut path = vec![source];
            let mut scores = Vec::with_capacity(config.max_steps);
            walk(
                graph,
                config,
                &mut path,
                &mut scores,
                weight,
                &mut |path, scores, strength| {
                    let Some(&reached) = path.last() else { return };
                    if strength.abs() < config.min_strength
                        || lineage.contains(&reached)
                        || catalogue.is_within(reached, &effect.mal)
                    {
                        return;
                    }
                    let kind = if strength < 0.0 {
                        FindingKind::Malkonflikt
                    } else {
                        FindingKind::Synergi
                    };
                    let key = (&effect.mal, reached, kind);
                    if best
                        .get(&key)
                        .is_none_or(|b| strength.abs() > b.strength.abs())
                    {
                        let influence = Influence {
                            effect: i,
                            path: path.to_vec(),
                            scores: scores.to_vec(),
                            strength,
                        };
                        best.insert(key, influence);
                    }
                },
            );
        }
    }
    let mut best: Vec<_> = best.into_iter().collect();
    best.sort_by_key(|(key, _)| *key);
    best.into_iter()
        .filter_map(|((_, _, kind), influence)| {
            finding(graph, catalogue, doc, kind, &influence, lang)
        })
        .collect()
}

/// What [`walk`] calls with each path found: the goals, the scores, the strength.
type Visit<'v, 'a> = dyn FnMut(&[&'a GoalId], &[Score], f64) + 'v;

/// Depth-first over simple paths of at most `max_steps` interactions from the end of
/// `path`, calling `visit` with every path found and its strength. One path buffer,
/// grown and shrunk in place.
fn walk<'a>(
    graph: &'a GoalGraph,
    config: &InferenceConfig,
    path: &mut Vec<&'a GoalId>,
    scores: &mut Vec<Score>,
    strength: f64,
    visit: &mut Visit<'_, 'a>,
) {
    if scores.len() >= config.max_steps {
        return;
    }
    let Some(&last) = path.last() else { return };
    for (next, interaction) in graph.outgoing(last) {
        let value = interaction.score.value();
        if value.abs() < config.min_score.max(1) || path.contains(&next) {
            continue;
        }
        let strength = strength * f64::from(value) / 3.0;
        path.push(next);
        scores.push(interaction.score);
        visit(path, scores, strength);
        walk(graph, config, path, scores, strength, visit);
        path.pop();
        scores.pop();
    }
}

fn finding(
    graph: &GoalGraph,
    catalogue: &GoalCatalogue,
    doc: &Hallbarhetssakring,
    kind: FindingKind,
    inf: &Influence<'_>,
    lang: Lang,
) -> Option<Finding> {
    let effect = doc.effekter.get(inf.effect)?;
    let reached = *inf.path.last()?;
    let direction = if kind == FindingKind::Malkonflikt {
        Riktning::Negativ
    } else {
        Riktning::Positiv
    };
    // Stated effects on the reached goal (or a target of it) in the inferred direction.
    let stated: Vec<usize> = doc
        .effekter
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.riktning == direction
                && (catalogue.is_within(&e.mal, reached) || catalogue.is_within(reached, &e.mal))
        })
        .map(|(j, _)| j)
        .collect();
    let links: Vec<String> = inf
        .path
        .windows(2)
        .zip(&inf.scores)
        .map(|(pair, score)| {
            let (a, b) = (pair.first().copied(), pair.get(1).copied());
            let interaction = a.zip(b).and_then(|(a, b)| graph.interaction(a, b));
            let why = interaction.map_or(String::new(), |i| {
                let rationale = i.rationale.trim();
                let source = i.source.trim();
                match (rationale.is_empty(), source.is_empty()) {
                    (false, false) => format!(": {rationale} [{source}]"),
                    (false, true) => format!(": {rationale}"),
                    (true, false) => format!(" [{source}]"),
                    (true, true) => String::new(),
                }
            });
            format!(
                "{} → {} {} ({}){why}",
                a.map_or("", |g| g.as_str()),
                b.map_or("", |g| g.as_str()),
                score.label(lang).to_lowercase(),
                score
            )
        })
        .collect();
    let path_text = inf
        .path
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(" → ");
    let conflict = kind == FindingKind::Malkonflikt;
    let (title, explanation) = match lang {
        Lang::Sv => (
            format!(
                "Möjlig indirekt {}: {} → {reached}",
                if conflict { "målkonflikt" } else { "synergi" },
                effect.mal
            ),
            format!(
                "Insatsens positiva effekt på {} (styrka {}) kan {} mål {reached} via {path_text}. {}. Styrka i kedjan {:.2}. Målgrafen visar möjliga samband; bedöm om de gäller för insatsen.",
                effect.mal,
                effect.styrka.get(),
                if conflict { "motverka" } else { "stärka" },
                links.join("; "),
                inf.strength.abs()
            ),
        ),
        Lang::En => (
            format!(
                "Possible indirect {}: {} → {reached}",
                if conflict { "goal conflict" } else { "synergy" },
                effect.mal
            ),
            format!(
                "The insats's positive effect on {} (strength {}) may {} goal {reached} via {path_text}. {}. Strength along the chain {:.2}. The goal graph shows possible links; judge whether they hold for this insats.",
                effect.mal,
                effect.styrka.get(),
                if conflict { "counteract" } else { "strengthen" },
                links.join("; "),
                inf.strength.abs()
            ),
        ),
    };
    let explanation = match (stated.is_empty(), lang) {
        (true, _) => explanation,
        (false, Lang::Sv) => format!(
            "{explanation} Insatsen anger själv en {} effekt på {reached}: sambandet förklarar {}.",
            direction.label(lang).to_lowercase(),
            if conflict {
                "konflikten mellan de två effekterna"
            } else {
                "hur de två effekterna stärker varandra"
            }
        ),
        (false, Lang::En) => format!(
            "{explanation} The insats itself states a {} effect on {reached}: the link explains {}.",
            direction.label(lang).to_lowercase(),
            if conflict {
                "the conflict between the two effects"
            } else {
                "how the two effects strengthen each other"
            }
        ),
    };
    let severity = if conflict && inf.strength.abs() >= 2.0 / 3.0 {
        Severity::Varning
    } else {
        Severity::Info
    };
    let evidence = std::iter::once(inf.effect)
        .chain(stated)
        .filter_map(|j| doc.effekter.get(j).map(|e| Evidence::effect(j, e, lang)))
        .collect();
    Some(Finding {
        kind,
        severity,
        goals: vec![effect.mal.clone(), reached.clone()],
        source: FindingSource::Graph,
        rule: None,
        title,
        explanation,
        evidence,
        path: inf.path.iter().map(|g| (*g).clone()).collect(),
        suggestions: Suggestions::default(),
    })
}

/// Adds graph findings to rule findings: a conflict (or synergy) the graph infers between
/// two goals that a rule's finding of the same kind already covers (the same top-level
/// goals) is merged into the tightest such finding — its path and explanation added —
/// not repeated.
pub fn merge(
    findings: &mut Vec<Finding>,
    inferred: Vec<Finding>,
    catalogue: &GoalCatalogue,
    lang: Lang,
) {
    let top = |g: &GoalId| {
        catalogue
            .top_level(g)
            .map_or_else(|| g.clone(), |t| t.id.clone())
    };
    for f in inferred {
        let tops: Vec<GoalId> = f.goals.iter().map(top).collect();
        // The tightest rule finding that covers both goals: the fewest goals.
        let covering = findings
            .iter_mut()
            .filter(|r| {
                r.source == FindingSource::Rule
                    && r.kind == f.kind
                    && tops.iter().all(|t| r.goals.iter().any(|g| &top(g) == t))
            })
            .min_by_key(|r| r.goals.len());
        match covering {
            Some(rule_finding) => {
                let note = match lang {
                    Lang::Sv => "Målgrafen pekar på samma konflikt",
                    Lang::En => "The goal graph points to the same conflict",
                };
                rule_finding.explanation =
                    format!("{} {note}: {}", rule_finding.explanation, f.explanation);
                if rule_finding.path.is_empty() {
                    rule_finding.path = f.path;
                }
            }
            None => findings.push(f),
        }
    }
}
