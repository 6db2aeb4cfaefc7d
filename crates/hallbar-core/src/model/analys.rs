//! Steps A and B of the method: strategic direction and sustainability analysis.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::insats::Omradestyp;
use crate::{EffektId, FragaId, GoalId, KonfliktId, KunskapsluckaId};

/// Step A (Strategisk inriktning) / step 1 (RUS-säkra): how the insats relates to the
/// regional development strategy (RUS).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategiskInriktning {
    /// A1: how the insats contributes to the vision of the RUS.
    #[serde(default)]
    pub bidrag_malbild: String,
    /// A3: how relevant the insats is, and how it relates to other insatser of the RUS.
    #[serde(default)]
    pub relevans: String,
    /// A2: the effect on each priority of the RUS.
    #[serde(default)]
    #[schemars(length(max = crate::limits::MAX_STATED))]
    pub prioriteringar: Vec<RusPaverkan>,
}

/// The effect of an insats on one priority of the RUS (A2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RusPaverkan {
    /// The priority: a goal of a RUS framework, e.g. `rus-kronoberg:2`.
    pub prioritet: GoalId,
    /// Positive, negative or no effect.
    pub paverkan: Paverkan,
    /// Why.
    #[serde(default)]
    pub motivering: String,
}

/// Effect on a RUS priority (positiv / negativ / ingen påverkan).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumIter,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
pub enum Paverkan {
    /// Positive effect.
    #[strum(to_string = "Positiv påverkan", message = "Positive effect")]
    Positiv,
    /// Negative effect.
    #[strum(to_string = "Negativ påverkan", message = "Negative effect")]
    Negativ,
    /// No effect.
    #[strum(to_string = "Ingen påverkan", message = "No effect")]
    Ingen,
}

/// A stated effect of the insats on a goal or target (step B).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Effekt {
    /// Identifier, so that keys and measures can refer to the effect.
    pub id: EffektId,
    /// The goal or target affected, e.g. `8` or `15.5`.
    pub mal: GoalId,
    /// Positive or negative.
    pub riktning: Riktning,
    /// How strong the effect is.
    pub styrka: Styrka,
    /// Direct, indirect or cumulative.
    pub typ: Effekttyp,
    /// Why the effect is expected.
    #[schemars(length(min = 1))]
    pub motivering: String,
    /// Groups especially affected (individperspektiv).
    #[serde(default)]
    pub grupper: Vec<Grupp>,
    /// Where the effect falls (geografiskt perspektiv).
    #[serde(default)]
    pub geografi: Vec<Omradestyp>,
    /// Whether the effect falls outside Sweden (e.g. emissions in supply chains).
    #[serde(default)]
    pub utanfor_sverige: bool,
    /// How sure the assessor is.
    pub sakerhet: Sakerhet,
}

/// Direction of an effect.
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
pub enum Riktning {
    /// The insats helps the goal.
    #[strum(to_string = "Positiv", message = "Positive")]
    Positiv,
    /// The insats harms the goal.
    #[strum(to_string = "Negativ", message = "Negative")]
    Negativ,
}

/// Strength of an effect: 1 small, 2 moderate, 3 large.
///
/// ```
/// use hallbar_core::Styrka;
/// assert_eq!(Styrka::new(3).unwrap().get(), 3);
/// assert!(Styrka::new(4).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Styrka(u8);

impl Styrka {
    /// The weakest strength, 1.
    pub const MIN: Self = Self(1);

    /// A strength, if `value` is 1, 2 or 3.
    pub fn new(value: i64) -> Result<Self, RangeError> {
        RangeError::check(value, 1, 3, "effect strength (styrka)").map(Self)
    }

    /// The strength, 1–3.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Styrka {
    type Error = RangeError;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Styrka> for u8 {
    fn from(value: Styrka) -> Self {
        value.0
    }
}

impl schemars::JsonSchema for Styrka {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Styrka".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Strength of an effect: 1 small (liten), 2 moderate (måttlig), 3 large (stor).",
            "type": "integer",
            "minimum": 1,
            "maximum": 3
        })
    }
}

/// A number outside its allowed range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} must be from {min} to {max}, got {value}")]
pub struct RangeError {
    what: &'static str,
    min: i64,
    max: i64,
    value: i64,
}

impl RangeError {
    pub(crate) fn new(what: &'static str, min: i64, max: i64, value: i64) -> Self {
        Self {
            what,
            min,
            max,
            value,
        }
    }

    pub(crate) fn check(value: i64, min: i64, max: i64, what: &'static str) -> Result<u8, Self> {
        let err = Self {
            what,
            min,
            max,
            value,
        };
        if (min..=max).contains(&value) {
            u8::try_from(value).map_err(|_| err)
        } else {
            Err(err)
        }
    }
}

/// Whether an effect is direct, indirect or cumulative (handbook: "Direkta, indirekta och
/// kumulativa effekter").
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
pub enum Effekttyp {
    /// A direct consequence of the insats.
    #[strum(to_string = "Direkt", message = "Direct")]
    Direkt,
    /// A consequence of the direct effects or of the possibilities the insats opens.
    #[strum(to_string = "Indirekt", message = "Indirect")]
    Indirekt,
    /// The insats together with other completed, ongoing or future insatser.
    #[strum(to_string = "Kumulativ", message = "Cumulative")]
    Kumulativ,
}

/// How sure an assessor is of a statement.
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
pub enum Sakerhet {
    /// Low confidence: a guess that needs checking.
    #[strum(to_string = "Låg", message = "Low")]
    Lag,
    /// Medium confidence.
    #[strum(to_string = "Medel", message = "Medium")]
    Medel,
    /// High confidence: supported by evidence.
    #[strum(to_string = "Hög", message = "High")]
    Hog,
}

/// A group of people an effect concerns (individperspektiv; the grounds of
/// discrimination law and the groups the handbook names).
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
pub enum Grupp {
    /// Children (under 18).
    #[strum(to_string = "Barn", message = "Children")]
    Barn,
    /// Young people.
    #[strum(to_string = "Unga", message = "Young people")]
    Unga,
    /// Older people.
    #[strum(to_string = "Äldre", message = "Older people")]
    Aldre,
    /// Women.
    #[strum(to_string = "Kvinnor", message = "Women")]
    Kvinnor,
    /// Men.
    #[strum(to_string = "Män", message = "Men")]
    Man,
    /// Girls.
    #[strum(to_string = "Flickor", message = "Girls")]
    Flickor,
    /// Boys.
    #[strum(to_string = "Pojkar", message = "Boys")]
    Pojkar,
    /// People born abroad.
    #[strum(to_string = "Utrikesfödda", message = "People born abroad")]
    Utrikesfodda,
    /// Newly arrived immigrants.
    #[strum(to_string = "Nyanlända", message = "Newly arrived immigrants")]
    Nyanlanda,
    /// People with disabilities.
    #[strum(
        to_string = "Personer med funktionsnedsättning",
        message = "People with disabilities"
    )]
    Funktionsnedsattning,
    /// The Sami people.
    #[strum(to_string = "Samer", message = "Sami people")]
    Samer,
    /// National minorities.
    #[strum(to_string = "Nationella minoriteter", message = "National minorities")]
    NationellaMinoriteter,
    /// LGBTQI people.
    #[strum(to_string = "Hbtqi-personer", message = "LGBTQI people")]
    Hbtqi,
    /// People with low income.
    #[strum(
        to_string = "Personer med låg inkomst",
        message = "People with low income"
    )]
    LagInkomst,
    /// People living in the countryside.
    #[strum(to_string = "Landsbygdsbor", message = "Rural residents")]
    Landsbygdsbor,
    /// Entrepreneurs and business owners.
    #[strum(to_string = "Företagare", message = "Entrepreneurs")]
    Foretagare,
    /// Job seekers.
    #[strum(to_string = "Arbetssökande", message = "Job seekers")]
    Arbetssokande,
}

/// A goal conflict the assessor states, with the position taken (A4, B).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Malkonflikt {
    /// Identifier, so that measures can refer to the conflict.
    pub id: KonfliktId,
    /// The goals in conflict (at least two).
    #[schemars(length(min = 2))]
    pub mal: Vec<GoalId>,
    /// What the conflict is.
    #[schemars(length(min = 1))]
    pub beskrivning: String,
    /// The position taken (ställningstagande) to go on, if one has been taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stallningstagande: Option<String>,
}

/// An answer to a support question (stödfråga).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Svar {
    /// The question.
    pub fraga: FragaId,
    /// Whether and how it is answered.
    pub status: Svarsstatus,
    /// The answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub svar: Option<String>,
}

/// The state of a support question.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumIter,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
pub enum Svarsstatus {
    /// Answered.
    #[strum(to_string = "Besvarad", message = "Answered")]
    Besvarad,
    /// Considered and not relevant to this insats.
    #[strum(to_string = "Ej relevant", message = "Not relevant")]
    EjRelevant,
    /// Not yet answered.
    #[strum(to_string = "Obesvarad", message = "Unanswered")]
    Obesvarad,
    /// Cannot be answered with what is known: a knowledge gap.
    #[strum(to_string = "Kunskapslucka", message = "Knowledge gap")]
    Kunskapslucka,
}

/// A knowledge gap (kunskapslucka) that must be handled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kunskapslucka {
    /// Identifier.
    pub id: KunskapsluckaId,
    /// What is not known.
    #[schemars(length(min = 1))]
    pub beskrivning: String,
    /// The area of the support questions it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub omrade: Option<Stodomrade>,
    /// How and by whom it will be closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hantering: Option<String>,
}

/// The four areas of the support questions.
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
pub enum Stodomrade {
    /// Power and influence.
    #[strum(to_string = "Makt och inflytande", message = "Power and influence")]
    MaktOchInflytande,
    /// Health and education.
    #[strum(to_string = "Hälsa och utbildning", message = "Health and education")]
    HalsaOchUtbildning,
    /// Climate and environment.
    #[strum(to_string = "Klimat och miljö", message = "Climate and environment")]
    KlimatOchMiljo,
    /// Resources and work.
    #[strum(to_string = "Resurser och arbete", message = "Resources and work")]
    ResurserOchArbete,
}

/// The three dimensions of sustainable development.
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
pub enum Dimension {
    /// Social sustainability.
    #[strum(to_string = "Social", message = "Social")]
    Social,
    /// Ecological sustainability.
    #[strum(to_string = "Ekologisk", message = "Ecological")]
    Ekologisk,
    /// Economic sustainability.
    #[strum(to_string = "Ekonomisk", message = "Economic")]
    Ekonomisk,
}
