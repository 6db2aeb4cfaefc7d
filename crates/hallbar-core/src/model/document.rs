//! The assessment document: everything recorded about one insats.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::analys::{Effekt, Kunskapslucka, Malkonflikt, StrategiskInriktning, Svar};
use super::beslut::{Hallplats, SamladBedomning};
use super::insats::Insats;
use super::intressent::{Intressekonflikt, Intressent};
use super::plan::{Atgard, Hallbarhetsnyckel, Indikator};

/// The format version of the documents this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The format version field of a document; only [`FORMAT_VERSION`] is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct FormatVersion(u32);

impl FormatVersion {
    /// The version this build reads and writes.
    pub const CURRENT: Self = Self(FORMAT_VERSION);
}

impl Default for FormatVersion {
    fn default() -> Self {
        Self::CURRENT
    }
}

/// A document whose format version this build does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported format_version {0}: this version of hallbar reads format_version 1")]
pub struct FormatVersionError(i64);

impl TryFrom<i64> for FormatVersion {
    type Error = FormatVersionError;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        if value == i64::from(FORMAT_VERSION) {
            Ok(Self::CURRENT)
        } else {
            Err(FormatVersionError(value))
        }
    }
}

impl From<FormatVersion> for u32 {
    fn from(value: FormatVersion) -> Self {
        value.0
    }
}

impl schemars::JsonSchema for FormatVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Version of the document format. This version of hallbar reads 1.",
            "type": "integer",
            "const": FORMAT_VERSION
        })
    }
}

/// The sustainability assurance (hållbarhetssäkring) of one insats: the document a
/// caseworker or analyst writes, hallbar checks and the decision basis is made from.
///
/// The sections follow the method: the insats; A strategic direction; B effects, stated
/// conflicts, answers to support questions and knowledge gaps; stakeholders; C keys;
/// D measures and indicators; checkpoints; the overall assessment. Every section but the
/// insats may be empty while the work is in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Hållbarhetssäkring")]
pub struct Hallbarhetssakring {
    /// Version of the document format (1).
    pub format_version: FormatVersion,
    /// The method profile the assessment follows, e.g. `kronoberg` (the default) or
    /// `jamtland-harjedalen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metod: Option<crate::ProfilId>,
    /// What is assessed.
    pub insats: Insats,
    /// A: the strategic direction (RUS alignment).
    #[serde(default)]
    pub strategisk_inriktning: StrategiskInriktning,
    /// B: stated effects on goals and targets.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_EFFECTS))]
    pub effekter: Vec<Effekt>,
    /// Goal conflicts the assessor states, with positions taken.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_STATED))]
    pub malkonflikter: Vec<Malkonflikt>,
    /// Answers to the support questions.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_ANSWERS))]
    pub svar: Vec<Svar>,
    /// Knowledge gaps.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_STATED))]
    pub kunskapsluckor: Vec<Kunskapslucka>,
    /// Stakeholders.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_STAKEHOLDERS))]
    pub intressenter: Vec<Intressent>,
    /// Conflicts between stakeholders the assessor states.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_STATED))]
    pub intressekonflikter: Vec<Intressekonflikt>,
    /// C: sustainability keys.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_KEYS))]
    pub nycklar: Vec<Hallbarhetsnyckel>,
    /// D: measures.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_MEASURES))]
    pub atgarder: Vec<Atgard>,
    /// D: indicators.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_INDICATORS))]
    pub indikatorer: Vec<Indikator>,
    /// Checkpoint decisions.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_CHECKPOINTS))]
    pub hallplatser: Vec<Hallplats>,
    /// The overall assessment.
    #[serde(default)]
    pub samlad_bedomning: SamladBedomning,
}
