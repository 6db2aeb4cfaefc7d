//! The engine: what documents are checked with, loaded once, used for every document.

use std::fmt;

use hallbar_core::assess::Assessor;
use hallbar_core::graph::infer::InferenceConfig;
use hallbar_core::graph::{self, GoalGraph, InteractionFile, STANDARD_INTERACTIONS};
use hallbar_core::method::{self, Profile, Status, Suggested};
use hallbar_core::rules::{RuleSet, RuleSetBuilder, STANDARD_RULES};
use hallbar_core::syntax::{Diagnostic, Format};
use hallbar_core::{Finding, GoalCatalogue, Hallbarhetssakring, Lang};
use hallbar_report::ReportFormat;
use hallbar_schema::DocumentKind;
use serde::Serialize;

/// One problem with a place: the file (or document) it is in, its JSON pointer, and —
/// where the text is known — its line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file or document the problem is in.
    pub source: String,
    /// What the check found, with its pointer, message and help.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// Line, from 1, when the place in the text is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Column, from 1, when the place in the text is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Problem {
    fn new(source: &str, text: Option<&str>, diagnostic: Diagnostic) -> Self {
        let at = text.and_then(|t| diagnostic.line_col(t));
        Self {
            source: source.to_owned(),
            line: at.map(|a| a.line),
            column: at.map(|a| a.column),
            diagnostic,
        }
    }

    fn all(source: &str, text: Option<&str>, ds: Vec<Diagnostic>) -> Vec<Self> {
        ds.into_iter().map(|d| Self::new(source, text, d)).collect()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.diagnostic.message)?;
        if !self.diagnostic.pointer.is_empty() {
            write!(f, " (at {})", self.diagnostic.pointer)?;
        }
        Ok(())
    }
}

fn list(problems: &[Problem]) -> String {
    let first: Vec<String> = problems.iter().take(3).map(Problem::to_string).collect();
    match problems.len() {
        0..=3 => first.join("; "),
        n => format!("{}; and {} more", first.join("; "), n - 3),
    }
}

/// The engine's files could not be loaded: every problem of every file, each with its
/// file, pointer, line and column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot load the engine: {}", list(&self.problems))]
pub struct LoadError {
    problems: Vec<Problem>,
}

impl LoadError {
    /// Every problem found.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

/// A document that cannot be assessed: every problem found in it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the document cannot be assessed: {}", list(&self.problems))]
pub struct InputError {
    problems: Vec<Problem>,
}

impl InputError {
    /// Every problem found, errors and warnings, in document order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

/// What [`Engine::validate`] found: the document when it has no errors, and every problem.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The assessment, when the text is one without errors.
    pub document: Option<Hallbarhetssakring>,
    /// Every problem, errors and warnings, in document order.
    pub problems: Vec<Problem>,
}

impl Validation {
    /// Whether the document has no errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.document.is_some()
    }
}

/// What [`Engine::assess`] found.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment<'e> {
    /// The assessment as read.
    #[serde(skip)]
    pub document: Hallbarhetssakring,
    /// Every finding: the rules' and the goal graph's, one per conflict, then the
    /// method's completeness findings, one per step.
    pub findings: Vec<Finding>,
    /// Warnings about the document (it has no errors, or it would not be assessed).
    pub warnings: Vec<Problem>,
    /// Where the assessment stands in its method profile.
    pub status: Status<'e>,
    /// The overall assessment per dimension the effects suggest, beside the assessor's.
    pub suggested: Vec<Suggested>,
}

/// What documents are checked with: the goal catalogue, the rule set, the goal graph (and
/// how it infers), and the method profiles. Build one and share it: `Engine` is
/// `Send + Sync`, and checking a document does not change it.
#[derive(Debug, Clone)]
pub struct Engine {
    /// The rules, and the goal catalogue they were compiled against.
    rules: RuleSet,
    graph: Option<(GoalGraph, InferenceConfig)>,
    profiles: Vec<Profile>,
}

impl Engine {
    /// The embedded defaults: the SDG, environmental-objective and example RUS goals, the
    /// standard rule set, the standard goal graph, the built-in method profiles.
    ///
    /// # Errors
    /// Never for the embedded data, which the tests check.
    pub fn builtin() -> Result<Self, LoadError> {
        Self::builder().build()
    }

    /// A builder starting from the embedded defaults.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// An engine of parts already loaded and checked (the CLI reads and reports its files
    /// itself): the goal catalogue is the one `rules` were compiled against; `profiles`
    /// are searched before the built-in ones.
    pub fn from_parts(
        rules: RuleSet,
        graph: Option<(GoalGraph, InferenceConfig)>,
        mut profiles: Vec<Profile>,
    ) -> Self {
        for p in Profile::builtins() {
            if !profiles.iter().any(|own| own.profil.id == p.profil.id) {
                profiles.push(p.clone());
            }
        }
        Self {
            rules,
            graph,
            profiles,
        }
    }

    /// This engine with one more rule layer on its rules — an organisation's own, say —
    /// which adds rules and may switch off or change its rules by id; the graph and
    /// profiles are the same. The layer is checked against the schema and against the
    /// rules below it, its messages in `lang`.
    ///
    /// # Errors
    /// Every problem of the layer, each with its line and column (warnings alone do not
    /// fail).
    pub fn with_rule_layer(
        &self,
        name: &str,
        text: &str,
        format: Format,
        lang: Lang,
    ) -> Result<(Self, Vec<Problem>), LoadError> {
        let mut builder = RuleSetBuilder::on(&self.rules).with_lang(lang);
        let problems = Problem::all(
            name,
            Some(text),
            hallbar_schema::add_rules(&mut builder, name, text, format),
        );
        if problems.iter().any(|p| p.diagnostic.is_error()) {
            return Err(LoadError { problems });
        }
        let engine = Self {
            rules: builder.build(),
            graph: self.graph.clone(),
            profiles: self.profiles.clone(),
        };
        Ok((engine, problems))
    }

    /// This engine with a scoring workshop's agreed matrix as a layer on its goal
    /// graph (core's [`graph::workshop::Workshop::layer_on`]): each pair the workshop
    /// agreed on takes its score, the workshop and its date as the source the findings
    /// name; every other pair stays. An engine without a graph gets the matrix alone,
    /// with the default inference thresholds.
    ///
    /// # Errors
    /// The workshop's problems, each with its pointer.
    pub fn with_workshop(&self, workshop: &graph::workshop::Workshop) -> Result<Self, LoadError> {
        let name = format!("matrisverkstad {}", workshop.id);
        let (mut graph, config) = self
            .graph
            .clone()
            .unwrap_or_else(|| (GoalGraph::new(), InferenceConfig::default()));
        workshop
            .layer_on(&mut graph, self.catalogue())
            .map_err(|ds| LoadError {
                problems: Problem::all(&name, None, ds),
            })?;
        Ok(Self {
            rules: self.rules.clone(),
            graph: Some((graph, config)),
            profiles: self.profiles.clone(),
        })
    }

    /// The goal catalogue.
    pub fn catalogue(&self) -> &GoalCatalogue {
        self.rules.catalogue()
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The goal graph, unless it was left out.
    pub fn graph(&self) -> Option<&GoalGraph> {
        self.graph.as_ref().map(|(g, _)| g)
    }

    /// The method profiles: the engine's own first, then the built-in ones.
    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// The profile `doc` follows (its `metod`, or the default); `None` when the engine
    /// has no such profile.
    pub fn profile_for(&self, doc: &Hallbarhetssakring) -> Option<&Profile> {
        let id = doc
            .metod
            .as_ref()
            .map_or(method::DEFAULT_PROFILE, |m| m.as_str());
        self.profiles.iter().find(|p| p.profil.id.as_str() == id)
    }

    /// The checks of this engine for `profile`, as core's [`Assessor`].
    pub fn assessor<'a>(&'a self, profile: Option<&'a Profile>) -> Assessor<'a> {
        let assessor = Assessor::new(&self.rules).with_profile(profile);
        match &self.graph {
            Some((graph, config)) => assessor.with_graph(graph, config),
            None => assessor,
        }
    }

    /// Reads `text`, an assessment in `format`, and reports every problem at once:
    /// syntax, then structure (the JSON Schema), then meaning (unknown goals, broken
    /// references, …), each with its pointer, line and column.
    pub fn validate(&self, text: &str, format: Format) -> Validation {
        let report = hallbar_schema::validate(
            DocumentKind::Assessment,
            text,
            format,
            self.catalogue(),
            Lang::En,
        );
        Validation {
            document: report.document,
            problems: Problem::all("document", Some(text), report.diagnostics),
        }
    }

    /// Validates `text` and assesses it: findings, method status and the suggested
    /// overall assessment, in `lang`.
    ///
    /// # Errors
    /// When the document has errors, or follows a method profile the engine does not
    /// have; every problem is in the error.
    pub fn assess(
        &self,
        text: &str,
        format: Format,
        lang: Lang,
    ) -> Result<Assessment<'_>, InputError> {
        let v = self.validate(text, format);
        let Some(document) = v.document else {
            return Err(InputError {
                problems: v.problems,
            });
        };
        let mut assessment = self.assess_document(document, lang)?;
        assessment.warnings = v.problems;
        Ok(assessment)
    }

    /// Assesses a document already read (and checked: see [`Engine::validate`]).
    ///
    /// # Errors
    /// When the document follows a method profile the engine does not have.
    pub fn assess_document(
        &self,
        document: Hallbarhetssakring,
        lang: Lang,
    ) -> Result<Assessment<'_>, InputError> {
        let Some(profile) = self.profile_for(&document) else {
            let known: Vec<&str> = self.profiles.iter().map(|p| p.profil.id.as_str()).collect();
            let id = document.metod.as_ref().map_or("", |m| m.as_str());
            let d = Diagnostic::error("/metod", format!("unknown method profile `{id}`"))
                .with_help(format!("the engine has {}", known.join(", ")));
            return Err(InputError {
                problems: vec![Problem::new("document", None, d)],
            });
        };
        let findings = self.assessor(Some(profile)).findings(&document, lang);
        let status = method::status_given(&document, profile, &findings);
        let suggested = method::suggested_overall(&document, self.catalogue());
        Ok(Assessment {
            document,
            findings,
            warnings: Vec::new(),
            status,
            suggested,
        })
    }
}

impl Engine {
    /// The decision basis (*beslutsunderlag*) of an assessment, rendered from the same
    /// findings, status and suggestions.
    pub fn report(&self, assessment: &Assessment<'_>, format: ReportFormat, lang: Lang) -> String {
        let basis = hallbar_report::DecisionBasis {
            doc: &assessment.document,
            findings: &assessment.findings,
            status: Some(&assessment.status),
            profile: self.profile_for(&assessment.document),
            suggested: &assessment.suggested,
            catalogue: self.catalogue(),
            graph: self.graph(),
            rules: Some(self.rules()),
            kolada: None,
            lang,
        };
        format.render(&basis.document(), lang)
    }

    /// The portfolio follow-up of many documents (each a text and its format): each is
    /// validated, and one that cannot be read is counted and named in the report, not
    /// dropped. Rankings show `top` rows.
    pub fn portfolio<'t>(
        &self,
        documents: impl IntoIterator<Item = (&'t str, Format)>,
        top: usize,
    ) -> hallbar_core::portfolio::Report {
        let portfolio = hallbar_core::portfolio::Portfolio::new(self.assessor(None));
        let mut summary = hallbar_core::portfolio::Summary::default();
        for (i, (text, format)) in (0..).zip(documents) {
            let v = self.validate(text, format);
            match v.document {
                Some(doc) => portfolio.add(&mut summary, i, &doc),
                None => summary.add_invalid(i, || {
                    let first = v.problems.iter().find(|p| p.diagnostic.is_error());
                    format!(
                        "document {}: {}",
                        i + 1,
                        first.map_or_else(String::new, ToString::to_string)
                    )
                }),
            }
        }
        portfolio.report(&summary, top)
    }
}

/// Loads an [`Engine`] from a region's own files, beside or instead of the embedded
/// defaults. Every file is checked when [`EngineBuilder::build`] runs, and every problem
/// of every file is reported at once.
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    goals: Vec<(String, String, Format)>,
    standard_rules: bool,
    rules: Vec<(String, String, Format)>,
    graph: GraphSource,
    /// Interaction files layered on the graph's source, in order.
    interaction_layers: Vec<(String, String, Format)>,
    inference: InferenceConfig,
    profiles: Vec<(String, String, Format)>,
}

/// What the graph's interactions start from, before the interaction layers.
#[derive(Debug, Clone)]
enum GraphSource {
    Standard,
    /// No graph at all: nothing inferred.
    None,
    /// No interactions but the layers'.
    Empty,
    Matrix(String, String),
    /// A matrix in an Excel workbook: its name and bytes.
    Workbook(String, Vec<u8>),
}

impl GraphSource {
    /// The graph, or `None` — when left out, or with its problems added to `problems`.
    fn load(&self, catalogue: &GoalCatalogue, problems: &mut Vec<Problem>) -> Option<GoalGraph> {
        match self {
            Self::None => None,
            Self::Empty => Some(GoalGraph::new()),
            Self::Matrix(name, csv) => {
                graph::from_csv(csv, catalogue, name)
                    .map_err(|e| {
                        problems.extend(e.problems.into_iter().map(|(row, column, message)| {
                            Problem {
                                source: name.clone(),
                                diagnostic: Diagnostic::error("", message),
                                line: Some(row),
                                column: Some(column),
                            }
                        }));
                    })
                    .ok()
            }
            Self::Workbook(name, bytes) => hallbar_xlsx::read(bytes, catalogue, name)
                .map(|book| book.graph)
                .map_err(|e| {
                    problems.extend(e.problems.iter().map(|p| Problem {
                        source: name.clone(),
                        diagnostic: Diagnostic::error("", p.to_string()),
                        line: None,
                        column: None,
                    }));
                })
                .ok(),
            Self::Standard => {
                let mut graph = GoalGraph::new();
                layer(
                    &mut graph,
                    ("standard interactions", STANDARD_INTERACTIONS, Format::Toml),
                    catalogue,
                    problems,
                );
                Some(graph)
            }
        }
    }
}

/// Layers the interaction file `(name, text, format)` on `graph`, or adds its problems to
/// `problems`.
fn layer(
    graph: &mut GoalGraph,
    (name, text, format): (&str, &str, Format),
    catalogue: &GoalCatalogue,
    problems: &mut Vec<Problem>,
) {
    if let Err(ds) = InteractionFile::parse(text, format)
        .map_err(|d| vec![d])
        .and_then(|file| file.layer_on(graph, catalogue))
    {
        problems.extend(Problem::all(name, Some(text), ds));
    }
}

impl Default for EngineBuilder {
    fn default() -> Self {
        Self {
            goals: Vec::new(),
            standard_rules: true,
            rules: Vec::new(),
            graph: GraphSource::Standard,
            interaction_layers: Vec::new(),
            inference: InferenceConfig::default(),
            profiles: Vec::new(),
        }
    }
}

impl EngineBuilder {
    /// Adds a goal framework (a region's RUS, say), named `name` in problems.
    #[must_use]
    pub fn goals(mut self, name: &str, text: &str, format: Format) -> Self {
        self.goals.push((name.to_owned(), text.to_owned(), format));
        self
    }

    /// Adds a rule layer on the rules below it — the standard set, then the layers added
    /// before — which adds rules and may switch off or change rules below it by id.
    #[must_use]
    pub fn rules(mut self, name: &str, text: &str, format: Format) -> Self {
        self.rules.push((name.to_owned(), text.to_owned(), format));
        self
    }

    /// Leaves the standard rule set out: the layers given with [`EngineBuilder::rules`]
    /// are the whole rule set.
    #[must_use]
    pub fn replace_standard_rules(mut self) -> Self {
        self.standard_rules = false;
        self
    }

    /// Keeps the standard rules below the layers given with [`EngineBuilder::rules`]:
    /// what the builder does anyway since rule files became layers.
    #[deprecated(
        note = "rule files are layers on the standard set; use `replace_standard_rules` to leave it out"
    )]
    #[must_use]
    pub fn keep_standard_rules(mut self) -> Self {
        self.standard_rules = true;
        self
    }

    /// Adds an interaction file as a layer on the interactions below it — the standard
    /// ones or the matrix, then the layers added before: its pairs replace theirs (a score
    /// of 0 removes one) and add to them.
    #[must_use]
    pub fn interactions(mut self, name: &str, text: &str, format: Format) -> Self {
        self.interaction_layers
            .push((name.to_owned(), text.to_owned(), format));
        self
    }

    /// Leaves the standard interactions out: the layers given with
    /// [`EngineBuilder::interactions`] are the whole graph.
    #[must_use]
    pub fn replace_standard_interactions(mut self) -> Self {
        if matches!(self.graph, GraphSource::Standard) {
            self.graph = GraphSource::Empty;
        }
        self
    }

    /// Infers with a cross-impact matrix (CSV) instead of the standard interactions;
    /// interaction files are layered on it.
    #[must_use]
    pub fn matrix(mut self, name: &str, csv: &str) -> Self {
        self.graph = GraphSource::Matrix(name.to_owned(), csv.to_owned());
        self
    }

    /// Infers with a cross-impact matrix from an Excel workbook (`.xlsx`: the sheet
    /// `Matris`, or the first, with the targets in its first row and column; the
    /// comments of the sheet `Kommentarer` as rationales) instead of the standard
    /// interactions; interaction files are layered on it. Its problems name the sheet
    /// and the cell (`Matris!D7`); the archive's size and parts are checked before it
    /// is read.
    #[must_use]
    pub fn matrix_xlsx(mut self, name: &str, workbook: &[u8]) -> Self {
        self.graph = GraphSource::Workbook(name.to_owned(), workbook.to_vec());
        self
    }

    /// Infers nothing through the goal graph.
    #[must_use]
    pub fn no_graph(mut self) -> Self {
        self.graph = GraphSource::None;
        self
    }

    /// The thresholds of inference.
    #[must_use]
    pub fn inference(mut self, config: InferenceConfig) -> Self {
        self.inference = config;
        self
    }

    /// Adds a method profile; one with the id of a built-in profile is used instead of it.
    #[must_use]
    pub fn profile(mut self, name: &str, text: &str, format: Format) -> Self {
        self.profiles
            .push((name.to_owned(), text.to_owned(), format));
        self
    }

    /// Checks every file and builds the engine.
    ///
    /// # Errors
    /// Every problem of every file at once (warnings alone do not fail the build).
    pub fn build(self) -> Result<Engine, LoadError> {
        let mut problems = Vec::new();
        let mut catalogue = GoalCatalogue::builtin().clone();
        for (name, text, format) in &self.goals {
            let ds = hallbar_schema::add_framework(&mut catalogue, text, *format);
            problems.extend(Problem::all(
                name,
                Some(text),
                ds.into_iter().filter(Diagnostic::is_error).collect(),
            ));
        }
        let mut builder = RuleSetBuilder::new(&catalogue).with_lang(Lang::En);
        if self.standard_rules {
            // The embedded set is held to the schema by the tests; compiling the schema
            // here would be most of the start-up time.
            let ds =
                builder.add_source(RuleSetBuilder::STANDARD_LAYER, STANDARD_RULES, Format::Toml);
            problems.extend(Problem::all(
                RuleSetBuilder::STANDARD_LAYER,
                Some(STANDARD_RULES),
                ds.into_iter().filter(Diagnostic::is_error).collect(),
            ));
        }
        for (name, text, format) in &self.rules {
            let ds = hallbar_schema::add_rules(&mut builder, name, text, *format);
            problems.extend(Problem::all(
                name,
                Some(text),
                ds.into_iter().filter(Diagnostic::is_error).collect(),
            ));
        }
        let rules = builder.build();
        let mut graph = self.graph.load(&catalogue, &mut problems);
        if let Some(g) = graph.as_mut() {
            for (name, text, format) in &self.interaction_layers {
                layer(g, (name, text, *format), &catalogue, &mut problems);
            }
        }
        let mut profiles = Vec::new();
        for (name, text, format) in &self.profiles {
            match Profile::parse(text, *format) {
                Ok(p) => {
                    let ds = p.problems();
                    if ds.iter().any(Diagnostic::is_error) {
                        problems.extend(Problem::all(name, Some(text), ds));
                    } else {
                        profiles.push(p);
                    }
                }
                Err(ds) => problems.extend(Problem::all(name, Some(text), ds)),
            }
        }
        if !problems.is_empty() {
            return Err(LoadError { problems });
        }
        Ok(Engine::from_parts(
            rules,
            graph.map(|g| (g, self.inference)),
            profiles,
        ))
    }
}
