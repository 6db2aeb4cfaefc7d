//! Checkpoints (hållplatser) and the overall assessment (samlad bedömning).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::analys::Dimension;
use crate::{Datum, StegId};

/// A checkpoint after a step: stop and rethink (HÅLLPLATS: TÄNKA OM? AVSLUTA?).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hallplats {
    /// The step after which the checkpoint stands, e.g. `A` or `C`.
    pub efter_steg: StegId,
    /// The decision; absent while undecided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Beslut>,
    /// Why.
    #[serde(default)]
    pub motivering: String,
    /// Who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beslutad_av: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datum: Option<Datum>,
}

/// A checkpoint decision.
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
pub enum Beslut {
    /// Go on to the next step.
    #[strum(to_string = "Fortsätt", message = "Continue")]
    Fortsatt,
    /// Revise the insats before going on (tänka om).
    #[strum(to_string = "Revidera", message = "Revise")]
    Revidera,
    /// Stop the insats (avsluta).
    #[strum(to_string = "Avsluta", message = "Stop")]
    Avsluta,
}

/// The overall assessment (samlad bedömning): the decision basis per dimension.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SamladBedomning {
    /// Social sustainability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social: Option<Dimensionsbedomning>,
    /// Ecological sustainability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ekologisk: Option<Dimensionsbedomning>,
    /// Economic sustainability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ekonomisk: Option<Dimensionsbedomning>,
    /// Remaining questions that need another actor to take over.
    #[serde(default)]
    pub kvarstaende_fragor: Vec<String>,
    /// Who made the assessment (preferably someone outside the project group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bedomd_av: Option<String>,
    /// What the assessor recommends the decision-maker to decide: the first page of the
    /// decision basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rekommendation: Option<Rekommendation>,
}

/// The assessor's recommendation to the decision-maker: support the insats (or the
/// referral), support it on conditions, or advise against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rekommendation {
    /// What the assessor recommends.
    pub forslag: Forslag,
    /// The conditions, when the recommendation is to support on conditions: each one
    /// a condition the decision should set.
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub villkor: Vec<String>,
    /// The assessment in brief, for the decision-maker: a few sentences.
    #[serde(default)]
    pub sammanfattning: String,
    /// When the recommendation was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datum: Option<Datum>,
}

/// What an assessor recommends: the answer of a referral response (tillstyrka,
/// avstyrka) or of an application.
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
pub enum Forslag {
    /// Support it as it is.
    #[strum(to_string = "Tillstyrka", message = "Support")]
    Tillstyrka,
    /// Support it on the conditions given.
    #[strum(
        to_string = "Tillstyrka med villkor",
        message = "Support on conditions"
    )]
    TillstyrkaMedVillkor,
    /// Advise against it.
    #[strum(to_string = "Avstyrka", message = "Advise against")]
    Avstyrka,
}

impl SamladBedomning {
    /// The assessment of `dimension`, if made.
    pub fn get(&self, dimension: Dimension) -> Option<&Dimensionsbedomning> {
        match dimension {
            Dimension::Social => self.social.as_ref(),
            Dimension::Ekologisk => self.ekologisk.as_ref(),
            Dimension::Ekonomisk => self.ekonomisk.as_ref(),
        }
    }
}

/// The assessment of one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimensionsbedomning {
    /// The verdict.
    pub bedomning: Utfall,
    /// Why.
    #[serde(default)]
    pub motivering: String,
}

/// The verdict of the overall assessment for one dimension.
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
pub enum Utfall {
    /// Contributes to / strengthens sustainable development.
    #[strum(to_string = "Bidrar/stärker", message = "Contributes/strengthens")]
    Bidrar,
    /// Does not affect it, or is not applicable.
    #[strum(
        to_string = "Påverkar inte/ej tillämplig",
        message = "No effect/not applicable"
    )]
    PaverkarInte,
    /// Counteracts / hinders sustainable development.
    #[strum(to_string = "Motverkar/hindrar", message = "Counteracts/hinders")]
    Motverkar,
}
