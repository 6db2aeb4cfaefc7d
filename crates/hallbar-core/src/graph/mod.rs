//! The goal-interaction graph: how progress on one goal affects another.
//!
//! [`GoalGraph`] holds directed interactions between goals and targets of the loaded
//! frameworks, scored on the seven-point [`Score`] scale, in a `petgraph` graph that is
//! never seen from outside: the API speaks [`GoalId`]. It is used twice — to analyse a
//! cross-impact matrix the way SEI's *SDG Synergies* method does ([`metrics`]), and to
//! infer conflicts and synergies for an insats that the assessor did not state
//! ([`infer`]).

mod file;
pub mod infer;
mod matrix;
pub mod metrics;
mod score;
pub mod workshop;

use std::collections::HashMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

pub use file::{InteractionEntry, InteractionFile, InteractionFileInfo, STANDARD_INTERACTIONS};
pub use matrix::{MatrixError, MatrixRow, from_csv, from_rows, to_csv};
pub use score::Score;

use crate::syntax::Diagnostic;
use crate::{GoalCatalogue, GoalId, Sakerhet};

/// Where and when an interaction holds: interactions depend on place, time, governance and
/// technology. The limits bind inference as the rules' conditions of the same name do:
/// an interaction with a limit is followed only for an insats that meets every limit
/// it has; one without limits holds for every insats.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The region or kind of place, e.g. "Sverige, glesbygd" (in words only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The time horizon, e.g. "2030" (in words only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tidshorisont: Option<String>,
    /// The sectors of insats the interaction holds for (`["skogsbruk"]` for productivity
    /// in forestry against old forest): the insats concerns one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sektorer: Vec<crate::Sektor>,
    /// Sectors it does not hold for: the insats concerns none of them (`["jordbruk"]`
    /// for energy that takes land, which biogas on farmland does not).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub utom_sektorer: Vec<crate::Sektor>,
    /// The kinds of area it holds in: the insats acts in one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omraden: Vec<crate::Omradestyp>,
    /// Whether it holds only in the reindeer-husbandry area (`true`) or only outside it
    /// (`false`); an insats not assessed for it counts as neither.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renskotselomrade: Option<bool>,
    /// The kinds of insats it holds for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub insatstyper: Vec<crate::InsatsTyp>,
}

impl Context {
    /// Whether the interaction holds for `insats`: it meets every limit.
    pub(crate) fn holds_for(&self, insats: &crate::Insats) -> bool {
        let any = |wanted: &[crate::Sektor]| wanted.iter().any(|s| insats.sektorer.contains(s));
        (self.sektorer.is_empty() || any(&self.sektorer))
            && !any(&self.utom_sektorer)
            && (self.omraden.is_empty()
                || self
                    .omraden
                    .iter()
                    .any(|a| insats.geografi.omraden.contains(a)))
            && self
                .renskotselomrade
                .is_none_or(|want| insats.geografi.renskotselomrade == Some(want))
            && (self.insatstyper.is_empty() || self.insatstyper.contains(&insats.typ))
    }

    /// Whether it has any limit that binds inference.
    pub fn is_limited(&self) -> bool {
        !(self.sektorer.is_empty()
            && self.utom_sektorer.is_empty()
            && self.omraden.is_empty()
            && self.renskotselomrade.is_none()
            && self.insatstyper.is_empty())
    }
}

/// One directed interaction: progress on the source goal affects the target goal so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    /// The score.
    pub score: Score,
    /// Why.
    pub rationale: String,
    /// How sure the scorers are.
    pub confidence: Sakerhet,
    /// Where and when it holds.
    pub context: Context,
    /// Where the score comes from.
    pub source: String,
}

/// A violated invariant of the graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// An interaction of a goal with itself.
    #[error("an interaction from `{0}` to itself is not allowed")]
    SelfLoop(GoalId),
    /// A goal the catalogue does not know.
    #[error("unknown goal `{0}`")]
    UnknownGoal(GoalId),
    /// A second interaction for the same ordered pair.
    #[error("the interaction `{0}` → `{1}` is already given")]
    Duplicate(GoalId, GoalId),
}

/// Directed interactions between goals, keyed by [`GoalId`].
///
/// *Invariants*, kept by the fallible methods: every node is a goal the catalogue knew
/// when it was added; no interaction from a goal to itself; at most one interaction per
/// ordered pair; every score is on the seven-point scale (by its type).
///
/// # Example
/// ```
/// use hallbar_core::graph::{GoalGraph, Score};
/// use hallbar_core::{GoalCatalogue, GoalId};
/// let cat = GoalCatalogue::builtin();
/// let id = |s: &str| GoalId::new(s).unwrap();
/// let mut g = GoalGraph::new();
/// g.add_interaction(cat, &id("8"), &id("13"), Score::Counteracting).unwrap();
/// assert_eq!(g.score(&id("8"), &id("13")), Some(Score::Counteracting));
/// assert_eq!(g.score(&id("13"), &id("8")), None);
/// assert!(g.add_interaction(cat, &id("8"), &id("8"), Score::Enabling).is_err());
/// assert!(g.add_interaction(cat, &id("8"), &id("18"), Score::Enabling).is_err());
/// ```
#[derive(Debug, Clone, Default)]
pub struct GoalGraph {
    graph: DiGraph<GoalId, Interaction>,
    index: HashMap<GoalId, NodeIndex>,
}

impl GoalGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in default interactions ([`STANDARD_INTERACTIONS`]) over the built-in
    /// catalogue.
    ///
    /// # Complexity
    /// O(n · d) for n interactions: parses and checks the embedded file.
    ///
    /// # Errors
    /// Never for the embedded file, which the tests check.
    ///
    /// # Example
    /// ```
    /// let g = hallbar_core::graph::GoalGraph::standard().unwrap();
    /// assert!(g.interaction_count() >= 40);
    /// ```
    pub fn standard() -> Result<Self, Vec<Diagnostic>> {
        let file = InteractionFile::parse(STANDARD_INTERACTIONS, crate::syntax::Format::Toml)
            .map_err(|d| vec![d])?;
        file.to_graph(GoalCatalogue::builtin())
    }

    /// Adds `goal` as a node (if new) and returns its index.
    ///
    /// # Errors
    /// When the catalogue does not know `goal`.
    ///
    /// # Complexity
    /// O(1) expected.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let mut g = GoalGraph::new();
    /// g.add_goal(cat, &id("14")).unwrap();
    /// assert!(g.contains(&id("14")));
    /// assert_eq!((g.goal_count(), g.interaction_count()), (1, 0));
    /// assert!(g.add_goal(cat, &id("18")).is_err());
    /// ```
    pub fn add_goal(&mut self, catalogue: &GoalCatalogue, goal: &GoalId) -> Result<(), GraphError> {
        self.node(catalogue, goal).map(|_| ())
    }

    fn node(&mut self, catalogue: &GoalCatalogue, goal: &GoalId) -> Result<NodeIndex, GraphError> {
        if let Some(&i) = self.index.get(goal) {
            return Ok(i);
        }
        if catalogue.get(goal).is_none() {
            return Err(GraphError::UnknownGoal(goal.clone()));
        }
        let i = self.graph.add_node(goal.clone());
        self.index.insert(goal.clone(), i);
        Ok(i)
    }

    /// Adds the interaction `from` → `to` with `score`, and no rationale or source.
    ///
    /// # Errors
    /// See [`Self::add`].
    ///
    /// # Complexity
    /// O(d) for the out-degree d of `from` (the duplicate check).
    pub fn add_interaction(
        &mut self,
        catalogue: &GoalCatalogue,
        from: &GoalId,
        to: &GoalId,
        score: Score,
    ) -> Result<(), GraphError> {
        self.add(
            catalogue,
            from,
            to,
            Interaction {
                score,
                rationale: String::new(),
                confidence: Sakerhet::Medel,
                context: Context::default(),
                source: String::new(),
            },
        )
    }

    /// Adds the interaction `from` → `to`.
    ///
    /// # Errors
    /// A self loop, a goal the catalogue does not know, or a second interaction for the
    /// same ordered pair; the graph is unchanged then.
    ///
    /// # Complexity
    /// O(d) for the out-degree d of `from` (the duplicate check).
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// use hallbar_core::graph::{Context, Interaction};
    /// let mut g = GoalGraph::new();
    /// let i = Interaction {
    ///     score: Score::Counteracting,
    ///     rationale: "Fler resor".into(),
    ///     confidence: hallbar_core::Sakerhet::Hog,
    ///     context: Context::default(),
    ///     source: "Workshop".into(),
    /// };
    /// g.add(cat, &id("8.9"), &id("13"), i.clone()).unwrap();
    /// assert_eq!(g.add(cat, &id("8.9"), &id("13"), i).unwrap_err().to_string(), "the interaction `8.9` → `13` is already given");
    /// ```
    pub fn add(
        &mut self,
        catalogue: &GoalCatalogue,
        from: &GoalId,
        to: &GoalId,
        interaction: Interaction,
    ) -> Result<(), GraphError> {
        if from == to {
            return Err(GraphError::SelfLoop(from.clone()));
        }
        for goal in [from, to] {
            if !self.index.contains_key(goal) && catalogue.get(goal).is_none() {
                return Err(GraphError::UnknownGoal(goal.clone()));
            }
        }
        if self.score(from, to).is_some() {
            return Err(GraphError::Duplicate(from.clone(), to.clone()));
        }
        let a = self.node(catalogue, from)?;
        let b = self.node(catalogue, to)?;
        self.graph.add_edge(a, b, interaction);
        Ok(())
    }

    /// Sets the interaction `from` → `to`, replacing the one given for the pair, if any
    /// (which it returns); a score of 0 ([`Score::Consistent`]) removes the pair's
    /// interaction instead: the goals do not interact. What a layer of interactions does
    /// to the graph below it.
    ///
    /// # Errors
    /// A self loop or a goal the catalogue does not know; the graph is unchanged then.
    ///
    /// # Complexity
    /// O(d) for the out-degree d of `from`.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let mut g = GoalGraph::standard().unwrap();
    /// let mut i = g.interaction(&id("7.2"), &id("15.5")).unwrap().clone();
    /// i.score = Score::Constraining;
    /// g.set(cat, &id("7.2"), &id("15.5"), i.clone()).unwrap();
    /// assert_eq!(g.score(&id("7.2"), &id("15.5")), Some(Score::Constraining));
    /// i.score = Score::Consistent;
    /// g.set(cat, &id("7.2"), &id("15.5"), i).unwrap();
    /// assert_eq!(g.score(&id("7.2"), &id("15.5")), None);
    /// ```
    pub fn set(
        &mut self,
        catalogue: &GoalCatalogue,
        from: &GoalId,
        to: &GoalId,
        interaction: Interaction,
    ) -> Result<Option<Interaction>, GraphError> {
        if from == to {
            return Err(GraphError::SelfLoop(from.clone()));
        }
        for goal in [from, to] {
            if !self.index.contains_key(goal) && catalogue.get(goal).is_none() {
                return Err(GraphError::UnknownGoal(goal.clone()));
            }
        }
        let edge = match (self.index.get(from), self.index.get(to)) {
            (Some(&a), Some(&b)) => self.graph.find_edge(a, b),
            _ => None,
        };
        let before = edge.and_then(|e| self.graph.remove_edge(e));
        if interaction.score != Score::Consistent {
            let a = self.node(catalogue, from)?;
            let b = self.node(catalogue, to)?;
            self.graph.add_edge(a, b, interaction);
        }
        Ok(before)
    }

    /// The interaction `from` → `to`, if given.
    ///
    /// # Complexity
    /// O(d) for the out-degree d of `from`.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let g = GoalGraph::standard().unwrap();
    /// let i = g.interaction(&id("7.2"), &id("15.5")).unwrap();
    /// assert_eq!(i.score, Score::Counteracting);
    /// assert!(!i.source.is_empty());
    /// ```
    pub fn interaction(&self, from: &GoalId, to: &GoalId) -> Option<&Interaction> {
        let a = *self.index.get(from)?;
        let b = *self.index.get(to)?;
        self.graph
            .find_edge(a, b)
            .and_then(|e| self.graph.edge_weight(e))
    }

    /// The score of `from` → `to`, if given.
    ///
    /// # Complexity
    /// O(d) for the out-degree d of `from`.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let g = GoalGraph::standard().unwrap();
    /// assert_eq!(g.score(&id("8"), &id("13")), Some(Score::Counteracting));
    /// assert_eq!(g.score(&id("13"), &id("8")), Some(Score::Constraining));
    /// ```
    pub fn score(&self, from: &GoalId, to: &GoalId) -> Option<Score> {
        self.interaction(from, to).map(|i| i.score)
    }

    /// The goals, in the order they were added.
    ///
    /// # Complexity
    /// O(1) per goal.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let mut g = GoalGraph::new();
    /// g.add_interaction(cat, &id("13"), &id("3"), Score::Enabling).unwrap();
    /// assert_eq!(g.goals().map(|g| g.as_str()).collect::<Vec<_>>(), ["13", "3"]);
    /// ```
    pub fn goals(&self) -> impl Iterator<Item = &GoalId> {
        self.graph.node_weights()
    }

    /// Whether `goal` is a node.
    ///
    /// # Complexity
    /// O(1) expected.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let g = GoalGraph::standard().unwrap();
    /// assert!(g.contains(&id("13")) && !g.contains(&id("14.1")));
    /// ```
    pub fn contains(&self, goal: &GoalId) -> bool {
        self.index.contains_key(goal)
    }

    /// Every interaction as (from, to, interaction), in the order added.
    ///
    /// # Complexity
    /// O(1) per interaction.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let g = GoalGraph::standard().unwrap();
    /// let negative = g.interactions().filter(|(_, _, i)| i.score < Score::Consistent).count();
    /// assert!(negative > 0 && negative < g.interaction_count());
    /// ```
    pub fn interactions(&self) -> impl Iterator<Item = (&GoalId, &GoalId, &Interaction)> {
        self.graph.edge_references().filter_map(|e| {
            Some((
                self.graph.node_weight(e.source())?,
                self.graph.node_weight(e.target())?,
                e.weight(),
            ))
        })
    }

    /// The interactions from `goal` to others, as (to, interaction).
    ///
    /// # Complexity
    /// O(d) for the out-degree d of `goal`.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId};
    /// let cat = GoalCatalogue::builtin();
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let g = GoalGraph::standard().unwrap();
    /// let from_8: Vec<&str> = g.outgoing(&id("8")).map(|(to, _)| to.as_str()).collect();
    /// assert!(from_8.contains(&"13"));
    /// assert_eq!(g.outgoing(&id("14")).count(), 0);
    /// ```
    pub fn outgoing<'a>(
        &'a self,
        goal: &GoalId,
    ) -> impl Iterator<Item = (&'a GoalId, &'a Interaction)> + 'a {
        let node = self.index.get(goal).copied();
        node.into_iter().flat_map(move |n| {
            self.graph
                .edges_directed(n, Direction::Outgoing)
                .filter_map(|e| Some((self.graph.node_weight(e.target())?, e.weight())))
        })
    }

    /// The number of goals.
    ///
    /// # Complexity
    /// O(1). (Example: see [`Self::add_goal`].)
    pub fn goal_count(&self) -> usize {
        self.graph.node_count()
    }

    /// The number of interactions.
    ///
    /// # Complexity
    /// O(1). (Example: see [`Self::add_goal`].)
    pub fn interaction_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub(crate) fn petgraph(&self) -> &DiGraph<GoalId, Interaction> {
        &self.graph
    }
}

#[cfg(test)]
mod tests;
