//! The goal catalogue: every goal and target hallbar knows, from every loaded framework.
//!
//! The built-in catalogue holds Agenda 2030 (17 goals and 169 targets from the UN SDG
//! table, with the official Swedish goal names), Sweden's 16 environmental quality
//! objectives, and an illustrative regional development strategy. Regions add their
//! own frameworks as [`FrameworkFile`]s.

mod file;
pub mod places;
mod sdg;

use std::collections::HashMap;
use std::sync::LazyLock;

pub use file::{FrameworkFile, FrameworkInfo, GoalEntry};

use crate::syntax::{self, Diagnostic, Format, pointer_index};
use crate::{Dimension, FrameworkId, GoalId, Lang};

/// A goal or target of a framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// Its id.
    pub id: GoalId,
    /// Its framework.
    pub framework: FrameworkId,
    /// The goal it is a target or sub-goal of.
    pub parent: Option<GoalId>,
    /// Name in Swedish (for Agenda 2030 targets: "Delmål 15.5").
    pub name_sv: String,
    /// Name in English.
    pub name_en: String,
    /// The full text, where the framework has one (Agenda 2030 targets).
    pub text: Option<String>,
    /// The sustainability dimension; `None` for cross-cutting goals (SDG 17).
    pub dimension: Option<Dimension>,
    /// Other names.
    pub aliases: Vec<String>,
    /// UN indicators of an Agenda 2030 target: (code such as `15.5.1`, text).
    pub indicators: Vec<(String, String)>,
}

impl Goal {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.name_sv,
            Lang::En => &self.name_en,
        }
    }
}

/// A problem with a framework: unknown parent, duplicate id, wrong prefix, …
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_all(.diagnostics))]
pub struct CatalogueError {
    /// Every problem found, with its place in the framework file.
    pub diagnostics: Vec<Diagnostic>,
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{} (at {})", d.message, d.pointer))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A goal id the catalogue does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown goal `{id}`")]
pub struct UnknownGoalError {
    id: GoalId,
    /// What the user might have meant: in English, in Swedish.
    help: (String, String),
}

impl UnknownGoalError {
    /// What the user might have meant (in English).
    pub fn help(&self) -> &str {
        &self.help.0
    }

    /// The error in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        lang.pick(
            format!("okänt mål `{}`", self.id),
            format!("unknown goal `{}`", self.id),
        )
    }

    /// What the user might have meant, in `lang`.
    pub fn help_in(&self, lang: Lang) -> &str {
        lang.pick(&self.help.1, &self.help.0)
    }
}

/// All goals of the loaded frameworks.
///
/// # Example
/// ```
/// use hallbar_core::{GoalCatalogue, GoalId, Dimension};
/// let cat = GoalCatalogue::builtin();
/// let target: GoalId = "15.5".parse().unwrap();
/// let goal: GoalId = "15".parse().unwrap();
/// assert!(cat.is_within(&target, &goal));
/// assert_eq!(cat.dimension(&target), Some(Dimension::Ekologisk));
/// assert_eq!(cat.get(&goal).unwrap().name_sv, "Ekosystem och biologisk mångfald");
/// assert!(cat.resolve(&"18".parse().unwrap()).is_err());
/// ```
#[derive(Debug, Clone)]
pub struct GoalCatalogue {
    goals: Vec<Goal>,
    index: HashMap<GoalId, usize, rustc_hash::FxBuildHasher>,
    frameworks: Vec<FrameworkInfo>,
}

static BUILTIN: LazyLock<GoalCatalogue> = LazyLock::new(GoalCatalogue::load_builtin);

/// The built-in framework files, embedded at compile time.
const BUILTIN_FRAMEWORKS: [(&str, &str); 2] = [
    (
        "fixtures/goals/miljomal.toml",
        include_str!("../../../../fixtures/goals/miljomal.toml"),
    ),
    (
        "fixtures/goals/rus-exempel.toml",
        include_str!("../../../../fixtures/goals/rus-exempel.toml"),
    ),
];

impl GoalCatalogue {
    /// The built-in catalogue: Agenda 2030, the environmental quality objectives and the
    /// example RUS. Built once; clone it to add frameworks.
    pub fn builtin() -> &'static Self {
        &BUILTIN
    }

    /// An empty catalogue.
    pub fn empty() -> Self {
        Self {
            goals: Vec::new(),
            index: HashMap::default(),
            frameworks: Vec::new(),
        }
    }

    #[expect(
        clippy::expect_used,
        reason = "the embedded data is fixed at compile time and checked by the tests"
    )]
    fn load_builtin() -> Self {
        let mut catalogue = sdg::catalogue().expect("embedded SDG data is valid");
        for (name, text) in BUILTIN_FRAMEWORKS {
            let file = catalogue
                .parse_framework(text, Format::Toml)
                .unwrap_or_else(|e| unreachable_framework(name, &e));
            catalogue
                .add_framework(&file)
                .unwrap_or_else(|e| unreachable_framework(name, &e));
        }
        catalogue
    }

    /// Reads a framework file without adding it.
    ///
    /// # Errors
    /// Syntax and structure errors of the file.
    pub fn parse_framework(
        &self,
        text: &str,
        format: Format,
    ) -> Result<FrameworkFile, CatalogueError> {
        syntax::parse_as(text, format).map_err(|d| CatalogueError {
            diagnostics: vec![d],
        })
    }

    /// Adds the goals of a framework file, checking that the framework is new, every id
    /// carries the framework's prefix and is unique, and every parent is listed earlier.
    ///
    /// # Errors
    /// Every problem of the file at once; the catalogue is unchanged then.
    pub fn add_framework(&mut self, file: &FrameworkFile) -> Result<(), CatalogueError> {
        let mut diagnostics = Vec::new();
        let fw = &file.ramverk.id;
        if self.frameworks.iter().any(|f| &f.id == fw) {
            diagnostics.push(Diagnostic::error(
                "/ramverk/id",
                format!("the framework `{fw}` is already loaded"),
            ));
        }
        let mut new: Vec<Goal> = Vec::with_capacity(file.mal.len());
        let mut new_index: HashMap<GoalId, usize> = HashMap::new();
        for (i, entry) in file.mal.iter().enumerate() {
            let at = pointer_index("/mal", i);
            if entry.id.framework() != fw.as_str() {
                diagnostics.push(
                    Diagnostic::error(
                        format!("{at}/id"),
                        format!(
                            "the goal `{}` does not belong to the framework `{fw}`",
                            entry.id
                        ),
                    )
                    .with_help(format!("write goal ids of this framework as `{fw}:…`")),
                );
            }
            if self.index.contains_key(&entry.id) || new_index.contains_key(&entry.id) {
                diagnostics.push(Diagnostic::error(
                    format!("{at}/id"),
                    format!("the goal `{}` is listed twice", entry.id),
                ));
                continue;
            }
            let parent_dimension = match &entry.overordnat {
                None => None,
                Some(p) => match new_index.get(p).and_then(|&j| new.get(j)) {
                    Some(parent) => parent.dimension,
                    None => {
                        diagnostics.push(
                            Diagnostic::error(
                                format!("{at}/overordnat"),
                                format!(
                                    "the parent goal `{p}` is not listed before `{}`",
                                    entry.id
                                ),
                            )
                            .with_help("list a parent goal before its sub-goals, in the same file"),
                        );
                        None
                    }
                },
            };
            new_index.insert(entry.id.clone(), new.len());
            new.push(Goal {
                id: entry.id.clone(),
                framework: fw.clone(),
                parent: entry.overordnat.clone(),
                name_sv: entry.namn.clone(),
                name_en: entry.namn_en.clone().unwrap_or_else(|| entry.namn.clone()),
                text: entry.beskrivning.clone(),
                dimension: entry.dimension.or(parent_dimension),
                aliases: entry.alias.clone(),
                indicators: Vec::new(),
            });
        }
        if !diagnostics.is_empty() {
            return Err(CatalogueError { diagnostics });
        }
        for goal in new {
            self.index.insert(goal.id.clone(), self.goals.len());
            self.goals.push(goal);
        }
        self.frameworks.push(file.ramverk.clone());
        Ok(())
    }

    /// The goal with `id`, if known.
    pub fn get(&self, id: &GoalId) -> Option<&Goal> {
        self.index.get(id).and_then(|&i| self.goals.get(i))
    }

    /// The position of `id` in the catalogue (stable while no framework is added), if
    /// known: a small key for tables indexed by goal.
    pub fn position(&self, id: &GoalId) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The goal at `position`.
    pub fn at(&self, position: usize) -> Option<&Goal> {
        self.goals.get(position)
    }

    /// The position of the top-level goal above `id` (itself if it is one); `None` if
    /// unknown.
    pub(crate) fn top_level_position(&self, id: &GoalId) -> Option<usize> {
        let mut at = self.position(id)?;
        while let Some(parent) = self.goals.get(at).and_then(|g| g.parent.as_ref()) {
            at = self.position(parent)?;
        }
        Some(at)
    }

    /// The goal with `id`, or an error that suggests what was meant.
    ///
    /// # Errors
    /// When the catalogue does not know `id`.
    pub fn resolve(&self, id: &GoalId) -> Result<&Goal, UnknownGoalError> {
        self.get(id).ok_or_else(|| UnknownGoalError {
            id: id.clone(),
            help: self.suggest(id),
        })
    }

    /// What might have been meant instead of `id`: in English, in Swedish.
    fn suggest(&self, id: &GoalId) -> (String, String) {
        if id.is_sdg() {
            return match id.sdg_parent() {
                Some(goal) if self.get(&goal).is_some() => {
                    let targets: Vec<&str> = self.children(&goal).map(|g| g.id.as_str()).collect();
                    let targets = targets.join(", ");
                    (
                        format!("goal {goal} has the targets {targets}"),
                        format!("mål {goal} har delmålen {targets}"),
                    )
                }
                _ => (
                    "Agenda 2030 has the goals 1–17; targets are written `15.5` or `1.a`"
                        .to_owned(),
                    "Agenda 2030 har målen 1–17; delmål skrivs `15.5` eller `1.a`".to_owned(),
                ),
            };
        }
        let fw = id.framework();
        if self.frameworks.iter().any(|f| f.id.as_str() == fw) {
            let known: Vec<&str> = self
                .goals
                .iter()
                .filter(|g| g.framework.as_str() == fw)
                .take(30)
                .map(|g| g.id.as_str())
                .collect();
            let known = known.join(", ");
            (
                format!("the framework `{fw}` has the goals {known}"),
                format!("ramverket `{fw}` har målen {known}"),
            )
        } else {
            let loaded: Vec<&str> = self.frameworks.iter().map(|f| f.id.as_str()).collect();
            let loaded = loaded.join(", ");
            (
                format!(
                    "no framework `{fw}` is loaded (loaded: {loaded}); add its goals with a framework file"
                ),
                format!(
                    "inget ramverk `{fw}` är inläst (inlästa: {loaded}); lägg till dess mål med en ramverksfil"
                ),
            )
        }
    }

    /// The direct children of `id` (the targets of a goal).
    pub(crate) fn children<'a>(&'a self, id: &'a GoalId) -> impl Iterator<Item = &'a Goal> + 'a {
        self.goals
            .iter()
            .filter(move |g| g.parent.as_ref() == Some(id))
    }

    /// Whether `id` is `ancestor` or lies below it (target `8.4` is within goal `8`).
    pub fn is_within(&self, id: &GoalId, ancestor: &GoalId) -> bool {
        // Walks up without collecting: this sits on hot paths (rules, inference).
        let mut current = Some(id);
        while let Some(c) = current {
            if c == ancestor {
                return true;
            }
            current = self.get(c).and_then(|g| g.parent.as_ref());
        }
        false
    }

    /// Whether `a` and `b` are one goal at two levels: equal, or one within the other
    /// (`8` and `8.2`; not `8.2` and `8.3`).
    pub fn is_related(&self, a: &GoalId, b: &GoalId) -> bool {
        self.is_within(a, b) || self.is_within(b, a)
    }

    /// `id` and every goal above it, nearest first (`15.5`, `15`); just `id` if unknown.
    ///
    /// # Example
    /// ```
    /// let cat = hallbar_core::GoalCatalogue::builtin();
    /// let target = "15.5".parse().unwrap();
    /// let lineage = cat.lineage(&target);
    /// assert_eq!(lineage.iter().map(|g| g.as_str()).collect::<Vec<_>>(), ["15.5", "15"]);
    /// ```
    pub fn lineage<'a>(&'a self, id: &'a GoalId) -> Vec<&'a GoalId> {
        let mut chain = vec![id];
        let mut current = self.get(id);
        // Frameworks are checked to be trees whose parents come first, so this ends.
        while let Some(parent) = current.and_then(|g| g.parent.as_ref()) {
            chain.push(parent);
            current = self.get(parent);
        }
        chain
    }

    /// The top-level goal above `id` (itself if it is one); `None` if unknown.
    pub fn top_level<'a>(&'a self, id: &GoalId) -> Option<&'a Goal> {
        self.top_level_position(id).and_then(|at| self.at(at))
    }

    /// The dimension of `id`: its own, or that of its nearest ancestor with one.
    pub fn dimension(&self, id: &GoalId) -> Option<Dimension> {
        let mut goal = self.get(id)?;
        loop {
            if goal.dimension.is_some() {
                return goal.dimension;
            }
            goal = self.get(goal.parent.as_ref()?)?;
        }
    }

    /// Finds a goal by its name or an alias, in either language, ignoring case.
    pub fn find_by_name(&self, name: &str) -> Option<&Goal> {
        let wanted = name.trim().to_lowercase();
        self.goals.iter().find(|g| {
            g.name_sv.to_lowercase() == wanted
                || g.name_en.to_lowercase() == wanted
                || g.aliases.iter().any(|a| a.to_lowercase() == wanted)
        })
    }

    /// All goals, frameworks in load order, goals in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Goal> {
        self.goals.iter()
    }

    /// The loaded frameworks.
    pub fn frameworks(&self) -> &[FrameworkInfo] {
        &self.frameworks
    }

    /// The number of goals and targets.
    pub fn len(&self) -> usize {
        self.goals.len()
    }

    /// Whether no goal is loaded.
    pub fn is_empty(&self) -> bool {
        self.goals.is_empty()
    }
}

#[expect(
    clippy::panic,
    reason = "the embedded data is fixed at compile time and checked by the tests"
)]
fn unreachable_framework(name: &str, error: &CatalogueError) -> ! {
    panic!("embedded framework {name} is invalid: {error}")
}

#[cfg(test)]
mod tests;
