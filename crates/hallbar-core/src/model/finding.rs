//! Findings: what the checks of an assessment report.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::GoalId;

/// What kind of problem or opportunity a finding reports.
///
/// The serialized names are part of the `hallbar assess --format json` contract.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumIter,
    strum::EnumMessage,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// A goal conflict: progress on one goal works against another.
    #[strum(
        to_string = "Målkonflikt",
        serialize = "malkonflikt",
        message = "Goal conflict"
    )]
    Malkonflikt,
    /// A conflict between stakeholders' interests.
    #[strum(
        to_string = "Intressekonflikt",
        serialize = "intressekonflikt",
        message = "Conflict of interests"
    )]
    Intressekonflikt,
    /// Goals that reinforce each other: a positive effect to strengthen.
    #[strum(to_string = "Synergi", serialize = "synergi", message = "Synergy")]
    Synergi,
    /// Something that must be known before deciding.
    #[strum(
        to_string = "Kunskapslucka",
        serialize = "kunskapslucka",
        message = "Knowledge gap"
    )]
    Kunskapslucka,
    /// A stakeholder that should take part and does not.
    #[strum(
        to_string = "Saknad intressent",
        serialize = "saknad_intressent",
        message = "Missing stakeholder"
    )]
    SaknadIntressent,
    /// A part of the assessment is missing or inconsistent.
    #[strum(
        to_string = "Ofullständig",
        serialize = "ofullstandig",
        message = "Incomplete"
    )]
    Ofullstandig,
    /// A key figure that follows the insats has moved against what it expects: two
    /// years running the wrong way since its baseline (from Kolada's values).
    #[strum(
        to_string = "Uppföljning",
        serialize = "uppfoljning",
        message = "Follow-up"
    )]
    Uppfoljning,
}

/// How much a finding matters for the decision.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumIter,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing.
    #[serde(rename = "info")]
    #[strum(to_string = "Information", message = "Information")]
    Information,
    /// Should be handled before the decision.
    #[strum(to_string = "Varning", message = "Warning")]
    Varning,
    /// Must be handled before the decision.
    #[strum(to_string = "Allvarlig", message = "Serious")]
    Allvarlig,
}

/// Where a finding comes from.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingSource {
    /// A rule of the rule set fired.
    #[strum(to_string = "regel", message = "rule")]
    Rule,
    /// Inferred through the goal-interaction graph.
    #[strum(to_string = "målgraf", message = "goal graph")]
    Graph,
    /// A completeness check of the method.
    #[strum(to_string = "metod", message = "method")]
    Method,
    /// The follow-up of an indicator's values from Kolada.
    #[strum(to_string = "uppföljning", message = "follow-up")]
    Followup,
}

/// A fact of the assessed document that made a finding: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// JSON pointer to the fact in the document, e.g. `/effekter/2`.
    pub pointer: String,
    /// The fact in words, e.g. "positive effect on 8 (strength 3): …".
    pub text: String,
}

/// What to consider doing about a finding: written with the rule (`forslag`), passed on
/// with each finding it makes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suggestions {
    /// Sustainability keys to consider.
    #[serde(default, rename = "nycklar")]
    pub keys: Vec<String>,
    /// Measures to consider.
    #[serde(default, rename = "atgarder")]
    pub measures: Vec<String>,
    /// Indicators to consider (names, Kolada ids).
    #[serde(default, rename = "indikatorer")]
    pub indicators: Vec<String>,
}

impl Suggestions {
    /// How many suggestions of each list a reader is shown at first; the rest are behind
    /// "fler" (more). The lists are ranked, so these are the ones most support.
    pub const SHOWN: usize = 3;

    /// Whether there is nothing to suggest.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.measures.is_empty() && self.indicators.is_empty()
    }

    /// Adds `other`'s suggestions that are not here yet (the same words differing only in
    /// case, spaces or a closing full stop are one), in order.
    pub fn absorb(&mut self, other: &Self) {
        for (into, from) in [
            (&mut self.keys, &other.keys),
            (&mut self.measures, &other.measures),
            (&mut self.indicators, &other.indicators),
        ] {
            for item in from {
                if !into.iter().any(|x| same_suggestion(x, item)) {
                    into.push(item.clone());
                }
            }
        }
    }

    /// The suggestions of several supporters of one finding as one ranked list each:
    /// a suggestion that more of them make comes first, ties in the order given (the
    /// most specific rule first); the same suggestion written twice — differing only in
    /// case, spacing or a closing full stop — is kept once.
    ///
    /// # Complexity
    /// O(n²) string comparisons for n suggestions in all (a handful per rule).
    pub(crate) fn ranked<'s>(all: impl IntoIterator<Item = &'s Self> + Clone) -> Self {
        fn rank<'s>(lists: impl Iterator<Item = &'s Vec<String>>) -> Vec<String> {
            // (suggestion, how many make it), in order of first appearance.
            let mut counted: Vec<(&String, usize)> = Vec::new();
            for list in lists {
                let mut seen: Vec<&String> = Vec::new();
                for item in list {
                    if item.trim().is_empty() || seen.iter().any(|x| same_suggestion(x, item)) {
                        continue;
                    }
                    seen.push(item);
                    match counted.iter_mut().find(|(x, _)| same_suggestion(x, item)) {
                        Some((_, n)) => *n += 1,
                        None => counted.push((item, 1)),
                    }
                }
            }
            // A stable sort keeps the order of first appearance among equals.
            counted.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
            counted
                .into_iter()
                .map(|(x, _)| x.trim().to_owned())
                .collect()
        }
        Self {
            keys: rank(all.clone().into_iter().map(|s| &s.keys)),
            measures: rank(all.clone().into_iter().map(|s| &s.measures)),
            indicators: rank(all.into_iter().map(|s| &s.indicators)),
        }
    }
}

/// Whether two suggestions say the same: equal but for case, surrounding spaces and a
/// closing full stop.
fn same_suggestion(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches('.').trim_end().to_lowercase();
    a == b || norm(a) == norm(b)
}

/// One thing that supports a finding, named for a reader: a rule of the rule set, or a
/// path through the goal graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// The rule's id, when it is a rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The chain of goals, when it is a goal-graph path (`["8.9", "13"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<GoalId>,
    /// The rule's title, or the goal-graph finding's, in the finding's language.
    pub title: String,
}

impl Evidence {
    /// The longest text of a piece of evidence, in characters: enough to recognise the
    /// fact, which the pointer leads to in full. A long motivation is not repeated whole
    /// in every finding that names it.
    pub const MAX_TEXT_CHARS: usize = 200;

    /// Evidence at `pointer`, its text cut at [`Self::MAX_TEXT_CHARS`] characters (with `…`).
    pub fn new(pointer: String, text: String) -> Self {
        Self {
            pointer,
            text: crate::syntax::clip(&text, Self::MAX_TEXT_CHARS),
        }
    }

    /// The effect at `index` of a document as evidence: its pointer, and the effect in
    /// words ("Negativ effekt på 13 (styrka 2, indirekt): …").
    pub fn effect(index: usize, effect: &crate::Effekt, lang: crate::Lang) -> Self {
        use crate::Labelled as _;
        let (on, strength) = match lang {
            crate::Lang::Sv => ("effekt på", "styrka"),
            crate::Lang::En => ("effect on", "strength"),
        };
        Self::new(
            format!("/effekter/{index}"),
            format!(
                "{} {on} {} ({strength} {}, {}): {}",
                effect.riktning.label(lang),
                effect.mal,
                effect.styrka.get(),
                effect.typ.label(lang).to_lowercase(),
                effect.motivering.trim()
            ),
        )
    }
}

/// One finding of an assessment, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// What kind of finding.
    pub kind: FindingKind,
    /// How much it matters.
    pub severity: Severity,
    /// The goals involved, in official numbering (`8`, `13`, `15.5`).
    pub goals: Vec<GoalId>,
    /// What produced it.
    pub source: FindingSource,
    /// The most specific rule that supports the finding, when a rule supports it: the
    /// first of `rules`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Every rule that supports the finding, the most specific first. A conflict between
    /// two goals is one finding however many rules name it.
    #[serde(default)]
    pub rules: Vec<String>,
    /// A one-line title.
    pub title: String,
    /// Why the finding was made, in words.
    pub explanation: String,
    /// The facts that matched.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The goal-graph paths that support the finding, strongest first: each the chain of
    /// goals an influence runs along (`["8.9", "13"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<Vec<GoalId>>,
    /// Where the reasoning comes from: the sources of the supporting rules and
    /// interactions, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Keys, measures and indicators to consider, each list ranked (see
    /// [`Suggestions::SHOWN`]).
    #[serde(default, skip_serializing_if = "Suggestions::is_empty")]
    pub suggestions: Suggestions,
    /// What supports the finding, by name: each of its rules (the one whose explanation
    /// the finding gives first) and each goal-graph path ("stöds av").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supported_by: Vec<Support>,
}

impl Finding {
    /// The order findings are read in, the same in every output (JSON, text, reports):
    /// the most serious first; within a severity, goal conflicts, conflicts of interest,
    /// missing stakeholders, knowledge gaps, what is incomplete, then synergies; then
    /// rules before the goal graph before the method; then by goals and rule id.
    pub fn reading_order(&self, other: &Self) -> std::cmp::Ordering {
        let kind = |k: FindingKind| match k {
            FindingKind::Malkonflikt => 0,
            FindingKind::Intressekonflikt => 1,
            FindingKind::SaknadIntressent => 2,
            FindingKind::Kunskapslucka => 3,
            FindingKind::Ofullstandig => 4,
            FindingKind::Uppfoljning => 5,
            FindingKind::Synergi => 6,
        };
        other
            .severity
            .cmp(&self.severity)
            .then_with(|| kind(self.kind).cmp(&kind(other.kind)))
            .then_with(|| self.source.cmp(&other.source))
            .then_with(|| self.goals.cmp(&other.goals))
            .then_with(|| self.rule.cmp(&other.rule))
            .then_with(|| self.title.cmp(&other.title))
    }

    /// What supports the finding, in words: its rules and goal-graph paths
    /// ("regel: tillvaxt-klimat, turism-klimat-ekosystem · målgraf: 8.9 → 13"), or where it
    /// comes from when neither.
    pub fn support(&self, lang: crate::Lang) -> String {
        use crate::Labelled as _;
        let (rule, graph) = match lang {
            crate::Lang::Sv => ("regel", "målgraf"),
            crate::Lang::En => ("rule", "goal graph"),
        };
        let mut parts = Vec::new();
        if !self.rules.is_empty() {
            parts.push(format!("{rule}: {}", self.rules.join(", ")));
        }
        if !self.paths.is_empty() {
            let paths: Vec<String> = self
                .paths
                .iter()
                .map(|p| p.iter().map(GoalId::as_str).collect::<Vec<_>>().join(" → "))
                .collect();
            parts.push(format!("{graph}: {}", paths.join("; ")));
        }
        if parts.is_empty() {
            self.source.label(lang)
        } else {
            parts.join(" · ")
        }
    }

    /// Whether the finding belongs apart from the main list of a decision basis: a
    /// possible indirect link that only the goal graph suggests, at information level
    /// (see [`crate::graph::infer::InferenceConfig::warning_strength`]).
    pub fn is_secondary(&self) -> bool {
        self.source == FindingSource::Graph && self.severity == Severity::Information
    }
}
