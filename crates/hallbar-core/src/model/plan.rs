//! Steps C and D of the method: sustainability keys, measures and indicators.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::analys::Dimension;
use crate::{AtgardId, Datum, EffektId, IndikatorId, KoladaKpiId, KonfliktId, NyckelId};

/// A sustainability key (hållbarhetsnyckel): a factor the insats must not duck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hallbarhetsnyckel {
    /// Identifier.
    pub id: NyckelId,
    /// The key, e.g. "Minimera den negativa påverkan på biodiversitet".
    #[schemars(length(min = 1, max = 300))]
    pub titel: String,
    /// More about the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beskrivning: Option<String>,
    /// The dimensions it concerns.
    #[serde(default)]
    pub dimensioner: Vec<Dimension>,
    /// The stated effects it answers to.
    #[serde(default)]
    pub effekter: Vec<EffektId>,
}

/// A measure (åtgärd) of the action plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Atgard {
    /// Identifier.
    pub id: AtgardId,
    /// What will be done.
    #[schemars(length(min = 1))]
    pub beskrivning: String,
    /// The keys it serves.
    #[serde(default)]
    pub nycklar: Vec<NyckelId>,
    /// The effects it strengthens (positive) or minimises (negative).
    #[serde(default)]
    pub effekter: Vec<EffektId>,
    /// The stated goal or stakeholder conflicts it handles.
    #[serde(default)]
    pub konflikter: Vec<KonfliktId>,
    /// Who is responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarig: Option<String>,
    /// When it is to be done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub klar_senast: Option<Datum>,
}

/// An indicator that makes a key followable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indikator {
    /// Identifier.
    pub id: IndikatorId,
    /// Name.
    #[schemars(length(min = 1, max = 300))]
    pub namn: String,
    /// Unit, e.g. "andel (%)" or "ton CO2e".
    #[schemars(length(min = 1, max = 100))]
    pub enhet: String,
    /// The key it follows.
    pub nyckel: NyckelId,
    /// Value at the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utgangsvarde: Option<f64>,
    /// Year of the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1900, max = 2199))]
    pub utgangsar: Option<u16>,
    /// Target value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malvarde: Option<f64>,
    /// Year by which the target value is to be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1900, max = 2199))]
    pub malar: Option<u16>,
    /// Kolada KPI id, if the indicator is one, e.g. `N00914`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kolada: Option<KoladaKpiId>,
}
