//! Stakeholders (intressenter) and stakeholder conflicts: step 3, Aktörssäkra.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::analys::RangeError;
use crate::{IntressentId, KonfliktId};

/// A person, organisation or function that affects or is affected by the insats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intressent {
    /// Identifier.
    pub id: IntressentId,
    /// Name.
    #[schemars(length(min = 1, max = 300))]
    pub namn: String,
    /// Category.
    pub kategori: IntressentKategori,
    /// Power over the insats (makt), 1 low – 5 high.
    pub makt: Niva,
    /// Interest in the insats and how much it affects them (intresse/påverkan), 1 low – 5 high.
    pub intresse: Niva,
    /// Whether the stakeholder takes part in the work.
    pub involverad: bool,
    /// Stance towards the insats.
    pub hallning: Hallning,
    /// What the stakeholder wants or needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intressen: Option<String>,
}

/// A category of stakeholder.
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
pub enum IntressentKategori {
    /// A municipality.
    #[strum(to_string = "Kommun", message = "Municipality")]
    Kommun,
    /// A region.
    #[strum(to_string = "Region", message = "Region")]
    Region,
    /// The county administrative board.
    #[strum(to_string = "Länsstyrelsen", message = "County administrative board")]
    Lansstyrelsen,
    /// A national agency.
    #[strum(to_string = "Myndighet", message = "Government agency")]
    Myndighet,
    /// A company.
    #[strum(to_string = "Företag", message = "Company")]
    Foretag,
    /// A trade or industry organisation.
    #[strum(to_string = "Branschorganisation", message = "Trade organisation")]
    Branschorganisation,
    /// Civil society: associations, NGOs, local development groups.
    #[strum(to_string = "Civilsamhället", message = "Civil society")]
    Civilsamhalle,
    /// The Sami community: Sámediggi/Sametinget, sameby, Sami organisations.
    #[strum(to_string = "Samiska samhället", message = "Sami community")]
    SamiskaSamhallet,
    /// Children and young people.
    #[strum(to_string = "Barn och unga", message = "Children and young people")]
    BarnOchUnga,
    /// Citizens and residents.
    #[strum(to_string = "Medborgare", message = "Citizens")]
    Medborgare,
    /// Universities and research.
    #[strum(to_string = "Akademi och forskning", message = "Academia and research")]
    Akademi,
    /// A funder.
    #[strum(to_string = "Finansiär", message = "Funder")]
    Finansiar,
    /// A function within the own organisation.
    #[strum(to_string = "Intern funktion", message = "Internal function")]
    Intern,
    /// Someone else.
    #[strum(to_string = "Övrig", message = "Other")]
    Ovrig,
}

/// A level on a five-point scale, 1 low – 5 high (power, interest).
///
/// ```
/// use hallbar_core::Niva;
/// assert!(Niva::new(5).unwrap().is_high());
/// assert!(Niva::new(0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Niva(u8);

impl Niva {
    /// A level, if `value` is from 1 to 5.
    pub fn new(value: i64) -> Result<Self, RangeError> {
        RangeError::check(value, 1, 5, "level (makt/intresse)").map(Self)
    }

    /// The level, 1–5.
    pub fn get(self) -> u8 {
        self.0
    }

    /// Whether the level counts as high (4 or 5) in the power/interest grid.
    pub fn is_high(self) -> bool {
        self.0 >= 4
    }
}

impl TryFrom<i64> for Niva {
    type Error = RangeError;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Niva> for u8 {
    fn from(value: Niva) -> Self {
        value.0
    }
}

impl schemars::JsonSchema for Niva {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Niva".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A level on a five-point scale: 1 low – 5 high.",
            "type": "integer",
            "minimum": 1,
            "maximum": 5
        })
    }
}

/// A stakeholder's stance towards the insats.
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
pub enum Hallning {
    /// For the insats.
    #[strum(to_string = "Positiv", message = "Supportive")]
    Positiv,
    /// Neither for nor against.
    #[strum(to_string = "Neutral", message = "Neutral")]
    Neutral,
    /// Against the insats.
    #[strum(to_string = "Negativ", message = "Opposed")]
    Negativ,
    /// Not known.
    #[strum(to_string = "Okänd", message = "Unknown")]
    Okand,
}

/// A conflict between stakeholders that the assessor states (intressekonflikt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intressekonflikt {
    /// Identifier, so that measures can refer to the conflict.
    pub id: KonfliktId,
    /// The stakeholders in conflict (at least two).
    #[schemars(length(min = 2))]
    pub intressenter: Vec<IntressentId>,
    /// What the conflict is.
    #[schemars(length(min = 1))]
    pub beskrivning: String,
    /// How it is handled, if decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hantering: Option<String>,
}
