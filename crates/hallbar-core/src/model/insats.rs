//! The insats: what is being assessed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Datum, InsatsId, KommunKod, LanKod};

/// An insats: a project, strategy, programme, business support decision, referral
/// response or process that is assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Insats {
    /// Identifier, unique within the organisation.
    pub id: InsatsId,
    /// Short title.
    #[schemars(length(min = 1, max = 300))]
    pub titel: String,
    /// What the insats does and why.
    #[serde(default)]
    pub beskrivning: String,
    /// What kind of insats it is.
    pub typ: InsatsTyp,
    /// The organisation that owns the insats and the assessment.
    #[schemars(length(min = 1, max = 300))]
    pub agare: String,
    /// Where the insats acts.
    #[serde(default)]
    pub geografi: Geografi,
    /// The sectors it concerns.
    #[serde(default)]
    pub sektorer: Vec<Sektor>,
    /// When it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Budget in Swedish kronor, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_sek: Option<u64>,
    /// The case number (diarienummer) of the matter, e.g. `RJH 2026/412`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 100))]
    pub diarienummer: Option<String>,
}

/// The kind of an insats (handbook: "Vilka insatser ska säkras?").
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
pub enum InsatsTyp {
    /// A project.
    #[strum(to_string = "Projekt", message = "Project")]
    Projekt,
    /// A strategy or sub-strategy of the RUS.
    #[strum(to_string = "Strategi", message = "Strategy")]
    Strategi,
    /// A programme, e.g. a regional service programme.
    #[strum(to_string = "Program", message = "Programme")]
    Program,
    /// An action plan.
    #[strum(to_string = "Handlingsplan", message = "Action plan")]
    Handlingsplan,
    /// Business support to a company.
    #[strum(to_string = "Företagsstöd", message = "Business support")]
    Foretagsstod,
    /// Project funding (e.g. anslag 1:1).
    #[strum(to_string = "Projektmedel", message = "Project funding")]
    Projektmedel,
    /// A referral response (remissyttrande).
    #[strum(to_string = "Remiss", message = "Referral response")]
    Remiss,
    /// A process (planning, coordination, dialogue).
    #[strum(to_string = "Process", message = "Process")]
    Process,
    /// An investment in infrastructure.
    #[strum(to_string = "Investering", message = "Investment")]
    Investering,
    /// Something else.
    #[strum(to_string = "Övrigt", message = "Other")]
    Ovrigt,
}

/// Where an insats acts or an effect falls (handbook: geografiskt perspektiv).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Geografi {
    /// Counties (länskoder).
    #[serde(default)]
    pub lan: Vec<LanKod>,
    /// Municipalities (kommunkoder).
    #[serde(default)]
    pub kommuner: Vec<KommunKod>,
    /// Kinds of area.
    #[serde(default)]
    pub omraden: Vec<Omradestyp>,
    /// Whether the insats uses or affects land in the Sami reindeer-husbandry area
    /// (renskötselområdet); absent when not yet assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renskotselomrade: Option<bool>,
    /// Free-text place names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platser: Vec<String>,
}

/// A kind of area.
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
pub enum Omradestyp {
    /// A city or regional centre.
    #[strum(to_string = "Stad", message = "City")]
    Stad,
    /// A smaller urban area.
    #[strum(to_string = "Tätort", message = "Town")]
    Tatort,
    /// Countryside close to a town.
    #[strum(
        to_string = "Tätortsnära landsbygd",
        message = "Peri-urban countryside"
    )]
    TatortsnaraLandsbygd,
    /// Countryside.
    #[strum(to_string = "Landsbygd", message = "Countryside")]
    Landsbygd,
    /// Sparsely populated countryside.
    #[strum(to_string = "Glesbygd", message = "Sparsely populated area")]
    Glesbygd,
    /// The archipelago.
    #[strum(to_string = "Skärgård", message = "Archipelago")]
    Skargard,
    /// The mountain region.
    #[strum(to_string = "Fjällområde", message = "Mountain region")]
    Fjall,
}

/// A sector an insats concerns.
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
pub enum Sektor {
    /// Forestry.
    #[strum(to_string = "Skogsbruk", message = "Forestry")]
    Skogsbruk,
    /// Agriculture.
    #[strum(to_string = "Jordbruk", message = "Agriculture")]
    Jordbruk,
    /// Food production and processing.
    #[strum(to_string = "Livsmedel", message = "Food")]
    Livsmedel,
    /// Reindeer husbandry.
    #[strum(to_string = "Rennäring", message = "Reindeer husbandry")]
    Rennaring,
    /// Tourism and hospitality.
    #[strum(to_string = "Besöksnäring", message = "Tourism")]
    Besoksnaring,
    /// Transport and infrastructure.
    #[strum(to_string = "Transport", message = "Transport")]
    Transport,
    /// Energy.
    #[strum(to_string = "Energi", message = "Energy")]
    Energi,
    /// Manufacturing industry.
    #[strum(to_string = "Industri", message = "Manufacturing")]
    Industri,
    /// Mining and minerals.
    #[strum(to_string = "Gruv och mineral", message = "Mining")]
    Gruv,
    /// Building and property.
    #[strum(
        to_string = "Bygg och fastigheter",
        message = "Construction and property"
    )]
    Bygg,
    /// Retail and commercial service.
    #[strum(
        to_string = "Handel och service",
        message = "Retail and commercial service"
    )]
    HandelOchService,
    /// Education and skills supply.
    #[strum(
        to_string = "Utbildning och kompetensförsörjning",
        message = "Education and skills"
    )]
    Utbildning,
    /// Health and social care.
    #[strum(to_string = "Vård och omsorg", message = "Health and social care")]
    VardOchOmsorg,
    /// Culture.
    #[strum(to_string = "Kultur", message = "Culture")]
    Kultur,
    /// Digitalisation and ICT.
    #[strum(to_string = "Digitalisering", message = "Digitalisation")]
    Digitalisering,
    /// Public administration.
    #[strum(to_string = "Offentlig verksamhet", message = "Public administration")]
    Offentlig,
    /// Something else.
    #[strum(to_string = "Övrigt", message = "Other")]
    Ovrigt,
}

/// When an insats runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub start: Datum,
    /// Last day, if decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slut: Option<Datum>,
}
