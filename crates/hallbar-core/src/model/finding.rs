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
pub enum Severity {
    /// Worth knowing.
    #[strum(to_string = "Information", message = "Information")]
    Info,
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
    #[serde(default)]
    pub nycklar: Vec<String>,
    /// Measures to consider.
    #[serde(default)]
    pub atgarder: Vec<String>,
    /// Indicators to consider (names, Kolada ids).
    #[serde(default)]
    pub indikatorer: Vec<String>,
}

impl Suggestions {
    /// Whether there is nothing to suggest.
    pub fn is_empty(&self) -> bool {
        self.nycklar.is_empty() && self.atgarder.is_empty() && self.indikatorer.is_empty()
    }
}

impl Evidence {
    /// The effect at `index` of a document as evidence: its pointer, and the effect in
    /// words ("Negativ effekt på 13 (styrka 2, indirekt): …").
    pub fn effect(index: usize, effect: &crate::Effekt, lang: crate::Lang) -> Self {
        use crate::Labelled as _;
        let (on, strength) = match lang {
            crate::Lang::Sv => ("effekt på", "styrka"),
            crate::Lang::En => ("effect on", "strength"),
        };
        Self {
            pointer: format!("/effekter/{index}"),
            text: format!(
                "{} {on} {} ({strength} {}, {}): {}",
                effect.riktning.label(lang),
                effect.mal,
                effect.styrka.get(),
                effect.typ.label(lang).to_lowercase(),
                effect.motivering.trim()
            ),
        }
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
    /// The rule that fired, when `source` is `rule`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A one-line title.
    pub title: String,
    /// Why the finding was made, in words.
    pub explanation: String,
    /// The facts that matched.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// For findings of the goal graph: the chain of goals the influence runs along.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<GoalId>,
    /// Keys, measures and indicators to consider.
    #[serde(default, skip_serializing_if = "Suggestions::is_empty")]
    pub suggestions: Suggestions,
}
