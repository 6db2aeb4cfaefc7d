//! The interaction data file: interactions as data, each with its rationale and source.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Context, GoalGraph, GraphError, Interaction, Score};
use crate::syntax::{self, Diagnostic, Format, pointer_index};
use crate::{FormatVersion, GoalCatalogue, GoalId, Sakerhet};

/// The default interactions, embedded: `fixtures/graph/standard.toml`.
pub const STANDARD_INTERACTIONS: &str = include_str!("../../../../fixtures/graph/standard.toml");

/// A file of goal interactions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Målinteraktioner")]
pub struct InteractionFile {
    /// Version of the document format (1).
    pub format_version: FormatVersion,
    /// About the data.
    pub om: InteractionFileInfo,
    /// The interactions.
    pub interaktion: Vec<InteractionEntry>,
}

/// About a set of interactions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InteractionFileInfo {
    /// Name of the set, e.g. "Workshop Region X, 2026".
    #[schemars(length(min = 1))]
    pub namn: String,
    /// Who scored it and how.
    #[serde(default)]
    pub kalla: String,
    /// Whether this is hallbar's default that a region replaces with its own matrix.
    #[serde(default)]
    pub standard: bool,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
}

/// One interaction of a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InteractionEntry {
    /// The goal whose progress acts.
    pub fran: GoalId,
    /// The goal acted upon.
    pub till: GoalId,
    /// The score, −3 … +3.
    pub poang: Score,
    /// Why.
    #[schemars(length(min = 1))]
    pub motivering: String,
    /// How sure the scorers are.
    pub sakerhet: Sakerhet,
    /// Where and when it holds.
    #[serde(default)]
    pub kontext: Context,
    /// Where the score comes from.
    #[schemars(length(min = 1))]
    pub kalla: String,
}

impl InteractionFile {
    /// Reads an interaction file.
    ///
    /// # Errors
    /// The first syntax or structure error, with its place.
    pub fn parse(text: &str, format: Format) -> Result<Self, Diagnostic> {
        syntax::parse_as(text, format)
    }

    /// The graph of the file's interactions, checking every entry against `catalogue`: the
    /// file as a layer on an empty graph ([`InteractionFile::layer_on`]), so an entry
    /// scored 0 adds nothing.
    ///
    /// # Errors
    /// Every unknown goal, self loop and duplicate pair, each with its pointer.
    ///
    /// # Complexity
    /// O(n · d) for n interactions and out-degree d.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{InteractionFile, STANDARD_INTERACTIONS};
    /// use hallbar_core::{GoalCatalogue, syntax::Format};
    /// let file = InteractionFile::parse(STANDARD_INTERACTIONS, Format::Toml).unwrap();
    /// let graph = file.to_graph(GoalCatalogue::builtin()).unwrap();
    /// assert_eq!(graph.interaction_count(), file.interaktion.len());
    /// ```
    pub fn to_graph(&self, catalogue: &GoalCatalogue) -> Result<GoalGraph, Vec<Diagnostic>> {
        let mut graph = GoalGraph::new();
        self.layer_on(&mut graph, catalogue)?;
        Ok(graph)
    }

    /// Applies the file as a layer on `graph` — the standard interactions, say, or a
    /// region's matrix: each of its pairs replaces the interaction `graph` has for that
    /// pair, or adds one; a score of 0 removes the pair's interaction. Pairs it does not
    /// name are left as they are. Returns how many pairs it replaced.
    ///
    /// # Errors
    /// Every unknown goal, self loop and pair given twice in the file, each with its
    /// pointer; `graph` is unchanged then.
    ///
    /// # Complexity
    /// O(V + E) to copy `graph` (so that it is unchanged on error), then O(n · d) for n
    /// interactions and out-degree d.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, InteractionFile, Score};
    /// use hallbar_core::{GoalCatalogue, GoalId, syntax::Format};
    /// let region = r#"
    /// format_version = 1
    /// om = { namn = "Region Ett, workshop 2026" }
    /// [[interaktion]]
    /// fran = "7.2"
    /// till = "15.5"
    /// poang = -1
    /// motivering = "Vindkraft tar mark, men regionens planering styr undan känsliga områden."
    /// sakerhet = "medel"
    /// kalla = "Workshop 2026-11-20"
    /// "#;
    /// let id = |s: &str| GoalId::new(s).unwrap();
    /// let mut g = GoalGraph::standard().unwrap();
    /// let n = g.interaction_count();
    /// let file = InteractionFile::parse(region, Format::Toml).unwrap();
    /// assert_eq!(file.layer_on(&mut g, GoalCatalogue::builtin()).unwrap(), 1);
    /// assert_eq!(g.score(&id("7.2"), &id("15.5")), Some(Score::Constraining));
    /// assert_eq!(g.interaction_count(), n);
    /// ```
    pub fn layer_on(
        &self,
        graph: &mut GoalGraph,
        catalogue: &GoalCatalogue,
    ) -> Result<usize, Vec<Diagnostic>> {
        let mut layered = graph.clone();
        let mut replaced = 0;
        let mut seen = std::collections::HashSet::new();
        let mut problems = Vec::new();
        for (i, e) in self.interaktion.iter().enumerate() {
            let at = pointer_index("/interaktion", i);
            let interaction = Interaction {
                score: e.poang,
                rationale: e.motivering.clone(),
                confidence: e.sakerhet,
                context: e.kontext.clone(),
                source: e.kalla.clone(),
            };
            let outcome = if seen.insert((&e.fran, &e.till)) {
                layered.set(catalogue, &e.fran, &e.till, interaction)
            } else {
                Err(GraphError::Duplicate(e.fran.clone(), e.till.clone()))
            };
            match outcome {
                Ok(before) => replaced += usize::from(before.is_some()),
                Err(err) => {
                    let field = match &err {
                        GraphError::UnknownGoal(g) if *g == e.fran => "/fran",
                        GraphError::UnknownGoal(_) => "/till",
                        _ => "",
                    };
                    let mut d = Diagnostic::error(format!("{at}{field}"), err.to_string());
                    if let GraphError::UnknownGoal(g) = &err {
                        if let Err(unknown) = catalogue.resolve(g) {
                            d = d.with_help(unknown.help());
                        }
                    }
                    problems.push(d);
                }
            }
        }
        if problems.is_empty() {
            *graph = layered;
            Ok(replaced)
        } else {
            Err(problems)
        }
    }

    /// The interactions of `graph` as a file.
    ///
    /// # Complexity
    /// O(E).
    ///
    /// # Example
    /// ```
    /// use hallbar_core::graph::{GoalGraph, InteractionFile, InteractionFileInfo};
    /// let g = GoalGraph::standard().unwrap();
    /// let info = InteractionFileInfo { namn: "Kopia".into(), kalla: String::new(), standard: false, kommentar: None };
    /// assert_eq!(InteractionFile::from_graph(&g, info).interaktion.len(), g.interaction_count());
    /// ```
    pub fn from_graph(graph: &GoalGraph, info: InteractionFileInfo) -> Self {
        Self {
            format_version: FormatVersion::CURRENT,
            om: info,
            interaktion: graph
                .interactions()
                .map(|(from, to, i)| InteractionEntry {
                    fran: from.clone(),
                    till: to.clone(),
                    poang: i.score,
                    motivering: i.rationale.clone(),
                    sakerhet: i.confidence,
                    kontext: i.context.clone(),
                    kalla: i.source.clone(),
                })
                .collect(),
        }
    }
}
