//! Inferring conflicts and synergies an assessor did not state, by propagating the stated
//! effects of an insats through the goal graph.
//!
//! A positive effect on goal A where A → B counteracts or cancels is a potential indirect
//! conflict with B; where A → B reinforces or is indivisible, a potential synergy. Over
//! several steps the scores multiply (each divided by 3), so A → B → C with −2 then +2 is
//! a weaker conflict with C. Interactions from A's parent goals count too, but for less:
//! an effect on target 8.5 follows the interactions of goal 8 at
//! [`InferenceConfig::inherited_weight`], since a link scored for the whole goal (growth
//! through consumption) may not hold for one target of it (decent work for all). Only
//! positive effects are propagated: what the method asks for is what a contribution to
//! one goal costs or gives another.
//!
//! What the assessor stated wins over a generic link. An influence onto a goal on which
//! the insats states an effect in the other direction is dropped (a conflict onto a goal
//! the assessor says it helps, a synergy with a goal it says it harms); an influence onto
//! a goal on which it states an effect in the same direction *explains* those effects
//! ([`Bearing::Explains`]) and belongs to the conflict between them, not beside it.

use std::collections::HashMap;

use super::{GoalGraph, Score};
use crate::{
    Evidence, Finding, FindingKind, FindingSource, GoalCatalogue, GoalId, Hallbarhetssakring,
    Labelled as _, Lang, Riktning, Severity, Styrka, Suggestions, Support,
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
    /// What an interaction scored for a goal weighs when it is applied to an effect on a
    /// target of that goal (0 … 1; default 0.5): 8 → 12 applied to an effect on 8.5.
    pub inherited_weight: f64,
    /// An inferred conflict at least this strong (0 … 1; default 2/3, a reinforcing or
    /// counteracting link from a large effect) is a warning; weaker ones are information,
    /// which the decision basis lists apart from the main findings.
    pub warning_strength: f64,
}

impl Default for InferenceConfig {
    fn default() -> Self {
        Self {
            max_steps: 1,
            min_score: 2,
            min_effect_strength: Styrka::new(2).unwrap_or(Styrka::MIN),
            min_strength: 0.0,
            inherited_weight: 0.5,
            warning_strength: 2.0 / 3.0,
        }
    }
}

/// How an inferred influence stands to what the insats states about the goal it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bearing {
    /// The insats states no effect on the reached goal (or a goal above or below it).
    Unstated,
    /// The insats states effects in the inferred direction on the reached goal (or a goal
    /// above or below it), at these indices of `effekter`: the influence explains them.
    Explains(Vec<usize>),
}

/// One inferred influence: from a stated positive effect, along a path of interactions,
/// onto a goal.
#[derive(Debug, Clone)]
pub struct Influence<'a> {
    /// The index (in `effekter`) of the effect it starts from.
    pub effect: usize,
    /// The goals the influence runs along; the first is the effect's goal or a goal above
    /// it, the last the goal reached.
    pub path: Vec<&'a GoalId>,
    scores: Vec<Score>,
    /// Signed strength, −1 … 1: the effect's strength times each score, each over 3.
    pub strength: f64,
    /// Whether the first link is scored for a goal above the effect's own goal.
    pub inherited: bool,
    /// What the insats states about the goal reached.
    pub bearing: Bearing,
}

impl Influence<'_> {
    /// A conflict (negative strength) or a synergy.
    pub fn kind(&self) -> FindingKind {
        if self.strength < 0.0 {
            FindingKind::Malkonflikt
        } else {
            FindingKind::Synergi
        }
    }

    /// The goal reached.
    pub fn reached(&self) -> Option<&GoalId> {
        self.path.last().copied()
    }
}

/// Every influence the graph suggests for `doc`, the strongest per effect goal, reached
/// goal and kind, sorted by those; influences that contradict a stated effect are left
/// out (see the module documentation).
///
/// # Complexity
/// O(e · d^k + i · e) for e stated effects, out-degree d, `max_steps` k and i influences.
///
/// # Example
/// ```
/// use hallbar_core::graph::{GoalGraph, Score, infer::{Bearing, InferenceConfig, influences}};
/// use hallbar_core::{GoalCatalogue, Hallbarhetssakring};
/// let cat = GoalCatalogue::builtin();
/// let mut g = GoalGraph::new();
/// g.add_interaction(cat, &"8.9".parse().unwrap(), &"13".parse().unwrap(), Score::Counteracting).unwrap();
/// let doc = |climate: &str| -> Hallbarhetssakring {
///     hallbar_core::syntax::parse_as(&format!(r#"
/// format_version = 1
/// [insats]
/// id = "x"
/// titel = "Turism"
/// typ = "projekt"
/// agare = "R"
/// [[effekter]]
/// id = "a"
/// mal = "8.9"
/// riktning = "positiv"
/// styrka = 3
/// typ = "direkt"
/// motivering = "Fler besökare"
/// sakerhet = "hog"
/// [[effekter]]
/// id = "b"
/// mal = "13.2"
/// riktning = "{climate}"
/// styrka = 2
/// typ = "indirekt"
/// motivering = "Resor"
/// sakerhet = "medel"
/// "#), hallbar_core::syntax::Format::Toml).unwrap()
/// };
/// let config = InferenceConfig::default();
/// // A stated negative effect on 13.2: the link explains it.
/// let harmed = doc("negativ");
/// let found = influences(&g, cat, &harmed, &config);
/// assert_eq!(found[0].bearing, Bearing::Explains(vec![1]));
/// // A stated positive effect on 13.2: the assessor's knowledge wins, nothing is inferred.
/// let helped = doc("positiv");
/// assert!(influences(&g, cat, &helped, &config).is_empty());
/// ```
pub fn influences<'a>(
    graph: &'a GoalGraph,
    catalogue: &'a GoalCatalogue,
    doc: &'a Hallbarhetssakring,
    config: &InferenceConfig,
) -> Vec<Influence<'a>> {
    // The strongest influence per (effect goal, reached goal, kind).
    let mut best: HashMap<(&GoalId, &GoalId, FindingKind), Influence<'a>> = HashMap::new();
    for (i, effect) in doc.effekter.iter().enumerate() {
        if effect.riktning != Riktning::Positiv || effect.styrka < config.min_effect_strength {
            continue;
        }
        let lineage = catalogue.lineage(&effect.mal);
        let weight = f64::from(effect.styrka.get()) / 3.0;
        for &source in lineage.iter().filter(|g| graph.contains(g)) {
            let inherited = source != &effect.mal;
            let start = if inherited {
                weight * config.inherited_weight
            } else {
                weight
            };
            let mut path = vec![source];
            let mut scores = Vec::with_capacity(config.max_steps);
            walk(
                graph,
                config,
                &doc.insats,
                &mut path,
                &mut scores,
                start,
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
                            inherited,
                            bearing: Bearing::Unstated,
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
        .filter_map(|(_, mut influence)| {
            influence.bearing = bearing(catalogue, doc, &influence)?;
            Some(influence)
        })
        .collect()
}

/// How `influence` stands to the stated effects on the goal it reaches; `None` when the
/// insats states an effect there in the other direction.
fn bearing(
    catalogue: &GoalCatalogue,
    doc: &Hallbarhetssakring,
    influence: &Influence<'_>,
) -> Option<Bearing> {
    let reached = influence.reached()?;
    let inferred = if influence.strength < 0.0 {
        Riktning::Negativ
    } else {
        Riktning::Positiv
    };
    let related = |g: &GoalId| catalogue.is_related(g, reached);
    let mut same = Vec::new();
    let mut contrary = false;
    for (j, e) in doc.effekter.iter().enumerate() {
        if j == influence.effect || !related(&e.mal) {
            continue;
        }
        if e.riktning == inferred {
            same.push(j);
        } else {
            contrary = true;
        }
    }
    match (same.is_empty(), contrary) {
        (false, _) => Some(Bearing::Explains(same)),
        (true, true) => None,
        (true, false) => Some(Bearing::Unstated),
    }
}

/// The conflicts and synergies the graph suggests for `doc`, each as a finding of its
/// own (see [`influences`]). When the insats itself states an effect on the reached goal
/// in the inferred direction, the finding says so and cites it: the graph then explains
/// a conflict (or synergy) between two stated effects, which [`crate::assess::Assessor`]
/// folds into the finding of that conflict.
///
/// # Complexity
/// O(e · d^k + i · e) for e stated effects, out-degree d, `max_steps` k and i influences.
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
/// mal = "8"
/// riktning = "positiv"
/// styrka = 3
/// typ = "direkt"
/// motivering = "Fler jobb"
/// sakerhet = "hog"
/// "#, hallbar_core::syntax::Format::Toml).unwrap();
/// let f = infer(&g, cat, &doc, &InferenceConfig::default(), Lang::Sv);
/// assert_eq!(f.len(), 1);
/// assert_eq!(f[0].kind, FindingKind::Malkonflikt);
/// assert_eq!(f[0].paths, [["8".parse().unwrap(), "13".parse().unwrap()]]);
/// ```
pub fn infer(
    graph: &GoalGraph,
    catalogue: &GoalCatalogue,
    doc: &Hallbarhetssakring,
    config: &InferenceConfig,
    lang: Lang,
) -> Vec<Finding> {
    influences(graph, catalogue, doc, config)
        .iter()
        .filter_map(|influence| finding(graph, doc, config, influence, lang))
        .collect()
}

/// What [`walk`] calls with each path found: the goals, the scores, the strength.
type Visit<'v, 'a> = dyn FnMut(&[&'a GoalId], &[Score], f64) + 'v;

/// Depth-first over simple paths of at most `max_steps` interactions from the end of
/// `path` that hold for `insats` ([`super::Context`]), calling `visit` with every path found and
/// its strength. One path buffer, grown and shrunk in place.
fn walk<'a>(
    graph: &'a GoalGraph,
    config: &InferenceConfig,
    insats: &crate::Insats,
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
        if value.abs() < config.min_score.max(1)
            || path.contains(&next)
            || !interaction.context.holds_for(insats)
        {
            continue;
        }
        let strength = strength * f64::from(value) / 3.0;
        path.push(next);
        scores.push(interaction.score);
        visit(path, scores, strength);
        walk(graph, config, insats, path, scores, strength, visit);
        path.pop();
        scores.pop();
    }
}

/// `inf` in words, as a finding of the goal graph: its path, each link with its rationale
/// and source, the strength along the chain, and the stated effects it explains.
pub fn finding(
    graph: &GoalGraph,
    doc: &Hallbarhetssakring,
    config: &InferenceConfig,
    inf: &Influence<'_>,
    lang: Lang,
) -> Option<Finding> {
    let effect = doc.effekter.get(inf.effect)?;
    let reached = inf.reached()?;
    let kind = inf.kind();
    let conflict = kind == FindingKind::Malkonflikt;
    let mut sources: Vec<String> = Vec::new();
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
                if !source.is_empty() && !sources.iter().any(|s| s == source) {
                    sources.push(source.to_owned());
                }
                if rationale.is_empty() {
                    String::new()
                } else {
                    format!(": {}", rationale.trim_end_matches('.'))
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
    let source_goal = inf.path.first().copied().unwrap_or(&effect.mal);
    let inherited = match (inf.inherited, lang) {
        (false, _) => String::new(),
        (true, Lang::Sv) => format!(
            " Sambandet är bedömt för hela mål {source_goal}, inte för delmål {}, och väger därför lättare.",
            effect.mal
        ),
        (true, Lang::En) => format!(
            " The link is scored for the whole of goal {source_goal}, not for target {}, and weighs less.",
            effect.mal
        ),
    };
    let (title, explanation) = match lang {
        Lang::Sv => (
            format!(
                "Möjlig indirekt {}: {} → {reached}",
                if conflict { "målkonflikt" } else { "synergi" },
                effect.mal
            ),
            format!(
                "Insatsens positiva effekt på {} (styrka {}) kan {} mål {reached} via {path_text}. {}.{inherited} Styrka i kedjan {}. Målgrafen visar möjliga samband; bedöm om de gäller för insatsen.",
                effect.mal,
                effect.styrka.get(),
                if conflict { "motverka" } else { "stärka" },
                links.join("; "),
                Lang::Sv.decimal(&format!("{:.2}", inf.strength.abs()))
            ),
        ),
        Lang::En => (
            format!(
                "Possible indirect {}: {} → {reached}",
                if conflict { "goal conflict" } else { "synergy" },
                effect.mal
            ),
            format!(
                "The insats's positive effect on {} (strength {}) may {} goal {reached} via {path_text}. {}.{inherited} Strength along the chain {:.2}. The goal graph shows possible links; judge whether they hold for this insats.",
                effect.mal,
                effect.styrka.get(),
                if conflict { "counteract" } else { "strengthen" },
                links.join("; "),
                inf.strength.abs()
            ),
        ),
    };
    let stated: &[usize] = match &inf.bearing {
        Bearing::Unstated => &[],
        Bearing::Explains(stated) => stated,
    };
    let direction = if conflict {
        Riktning::Negativ
    } else {
        Riktning::Positiv
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
    let severity = if conflict && inf.strength.abs() >= config.warning_strength {
        Severity::Varning
    } else {
        Severity::Information
    };
    let evidence = std::iter::once(inf.effect)
        .chain(stated.iter().copied())
        .filter_map(|j| doc.effekter.get(j).map(|e| Evidence::effect(j, e, lang)))
        .collect();
    let path: Vec<GoalId> = inf.path.iter().map(|g| (*g).clone()).collect();
    Some(Finding {
        kind,
        severity,
        goals: vec![effect.mal.clone(), reached.clone()],
        source: FindingSource::Graph,
        rule: None,
        rules: Vec::new(),
        title: title.clone(),
        explanation,
        evidence,
        paths: vec![path.clone()],
        sources,
        suggestions: Suggestions::default(),
        supported_by: vec![Support {
            rule: None,
            path,
            title,
        }],
    })
}
