//! Method profiles as data: the steps of a region's method, what each step requires of an
//! assessment, where the checkpoints stand, and the questions asked.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::syntax::{self, Diagnostic, Format, pointer_index};
use crate::{FormatVersion, FragaId, ProfilId, StegId, Stodomrade};

/// A method profile file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Metodprofil")]
pub struct Profile {
    /// Version of the document format (1).
    pub format_version: FormatVersion,
    /// About the profile.
    pub profil: ProfileInfo,
    /// The steps, in order.
    #[schemars(length(min = 1))]
    pub steg: Vec<Step>,
    /// The questions of the method: each step's own and the support questions.
    #[serde(default)]
    pub fraga: Vec<Question>,
}

/// About a method profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInfo {
    /// Identifier, named by assessments in `metod`.
    pub id: ProfilId,
    /// Name in Swedish.
    #[schemars(length(min = 1))]
    pub namn: String,
    /// Name in English.
    #[serde(rename = "name_en", default, skip_serializing_if = "Option::is_none")]
    pub namn_en: Option<String>,
    /// Where the method is described.
    #[serde(default)]
    pub kalla: String,
}

/// One step of a method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Identifier, e.g. `A` or `2`; checkpoints name it in `efter_steg`.
    pub id: StegId,
    /// Name in Swedish.
    #[schemars(length(min = 1))]
    pub namn: String,
    /// Name in English.
    #[serde(rename = "name_en", default, skip_serializing_if = "Option::is_none")]
    pub namn_en: Option<String>,
    /// What the step is for.
    #[serde(default)]
    pub beskrivning: String,
    /// What the step requires of the assessment to count as done.
    #[serde(default)]
    pub kraver: Vec<Requirement>,
    /// Whether a checkpoint (hållplats: tänka om? avsluta?) follows the step.
    #[serde(default)]
    pub hallplats: bool,
    /// The questions asked at the checkpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hallplatsfragor: Vec<String>,
}

/// Something a step requires of an assessment. Each is checked by hallbar.
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
pub enum Requirement {
    /// The contribution to the vision of the RUS is described.
    #[strum(
        to_string = "bidrag till RUS målbild beskrivet",
        message = "contribution to the RUS vision described"
    )]
    BidragMalbild,
    /// The effect on at least one RUS priority is given.
    #[strum(
        to_string = "påverkan på RUS prioriteringar angiven",
        message = "effect on RUS priorities given"
    )]
    RusPrioriteringar,
    /// The relevance of the insats is described.
    #[strum(to_string = "relevans beskriven", message = "relevance described")]
    Relevans,
    /// At least one effect on a goal is stated.
    #[strum(
        to_string = "effekter på mål angivna",
        message = "effects on goals stated"
    )]
    Effekter,
    /// Some effect names the groups it affects (individperspektiv).
    #[strum(
        to_string = "berörda grupper angivna",
        message = "affected groups given"
    )]
    Grupper,
    /// The geography of the insats is given (geografiskt perspektiv).
    #[strum(to_string = "geografi angiven", message = "geography given")]
    Geografi,
    /// Every support question of the profile is answered, marked not relevant, or a
    /// knowledge gap.
    #[strum(
        to_string = "stödfrågorna genomgångna",
        message = "support questions gone through"
    )]
    Stodfragor,
    /// Every knowledge gap has a handling.
    #[strum(
        to_string = "kunskapsluckor har hantering",
        message = "knowledge gaps have a handling"
    )]
    KunskapsluckorHanterade,
    /// Every stated goal conflict has a position taken.
    #[strum(
        to_string = "ställningstagande till varje målkonflikt",
        message = "a position on every goal conflict"
    )]
    Stallningstaganden,
    /// At least one stakeholder is listed.
    #[strum(to_string = "intressenter angivna", message = "stakeholders listed")]
    Intressenter,
    /// Every stated stakeholder conflict has a handling.
    #[strum(
        to_string = "intressekonflikter har hantering",
        message = "stakeholder conflicts have a handling"
    )]
    IntressekonflikterHanterade,
    /// At least one sustainability key is defined.
    #[strum(
        to_string = "hållbarhetsnycklar definierade",
        message = "sustainability keys defined"
    )]
    Nycklar,
    /// At least one measure is planned.
    #[strum(to_string = "åtgärder planerade", message = "measures planned")]
    Atgarder,
    /// Every key has a measure.
    #[strum(
        to_string = "varje nyckel har en åtgärd",
        message = "every key has a measure"
    )]
    NycklarMedAtgard,
    /// Every key has an indicator.
    #[strum(
        to_string = "varje nyckel har en indikator",
        message = "every key has an indicator"
    )]
    NycklarMedIndikator,
    /// Every indicator has a baseline, a target value and a target year.
    #[strum(
        to_string = "indikatorer har utgångsvärde och mål",
        message = "indicators have baseline and target"
    )]
    IndikatorerMedMal,
    /// The overall assessment is made for all three dimensions, each with a motivation.
    #[strum(
        to_string = "samlad bedömning per dimension",
        message = "overall assessment per dimension"
    )]
    SamladBedomning,
}

/// The perspective of a support question (handbook: individ-, geografiskt och
/// samhällsperspektiv).
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
pub enum Perspective {
    /// Which groups the insats affects.
    #[strum(to_string = "Individperspektiv", message = "Individual perspective")]
    Individ,
    /// Which places the insats affects.
    #[strum(
        to_string = "Geografiskt perspektiv",
        message = "Geographic perspective"
    )]
    Geografiskt,
    /// What changes in society, environment and climate.
    #[strum(to_string = "Samhällsperspektiv", message = "Societal perspective")]
    Samhalle,
}

/// A question of the method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, named by answers in `svar`.
    pub id: FragaId,
    /// The step it belongs to.
    pub steg: StegId,
    /// The question, in Swedish.
    #[schemars(length(min = 1))]
    pub text: String,
    /// The question, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    /// For support questions: the area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub omrade: Option<Stodomrade>,
    /// For support questions: the perspective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perspektiv: Option<Perspective>,
}

impl Requirement {
    /// Whether the requirement asks for something to be there at all (effects,
    /// stakeholders, keys …), as opposed to a property of what is there ("every key has
    /// a measure"), which holds vacuously while a step is untouched.
    pub(crate) fn is_presence(self) -> bool {
        matches!(
            self,
            Self::BidragMalbild
                | Self::RusPrioriteringar
                | Self::Relevans
                | Self::Effekter
                | Self::Grupper
                | Self::Geografi
                | Self::Intressenter
                | Self::Nycklar
                | Self::Atgarder
        )
    }
}

impl Question {
    /// Whether this is one of the support questions (it has an area).
    pub fn is_support_question(&self) -> bool {
        self.omrade.is_some()
    }
}

/// The built-in profiles, embedded: (file, text).
const BUILTIN: [(&str, &str); 2] = [
    (
        "fixtures/method/kronoberg.toml",
        include_str!("../../../../fixtures/method/kronoberg.toml"),
    ),
    (
        "fixtures/method/jamtland-harjedalen.toml",
        include_str!("../../../../fixtures/method/jamtland-harjedalen.toml"),
    ),
];

/// The id of the profile used when an assessment names none.
pub const DEFAULT_PROFILE: &str = "kronoberg";

impl Profile {
    /// Reads and checks a profile: unique step and question ids, questions in known
    /// steps, checkpoint questions only on checkpoint steps.
    ///
    /// # Errors
    /// The first syntax or structure error, or every problem of meaning.
    pub fn parse(text: &str, format: Format) -> Result<Self, Vec<Diagnostic>> {
        let profile: Self = syntax::parse_as(text, format).map_err(|d| vec![d])?;
        let problems = profile.problems();
        if problems.iter().any(Diagnostic::is_error) {
            Err(problems)
        } else {
            Ok(profile)
        }
    }

    /// Every problem of meaning: duplicate step or question ids, questions in unknown
    /// steps, checkpoint questions on steps without a checkpoint.
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, step) in self.steg.iter().enumerate() {
            if let Some(first) = self.steg.iter().take(i).position(|s| s.id == step.id) {
                out.push(Diagnostic::error(
                    format!("{}/id", pointer_index("/steg", i)),
                    format!("the step `{}` is already defined at /steg/{first}", step.id),
                ));
            }
            if !step.hallplats && !step.hallplatsfragor.is_empty() {
                out.push(Diagnostic::error(
                    format!("{}/hallplatsfragor", pointer_index("/steg", i)),
                    "checkpoint questions on a step without a checkpoint (`hallplats = false`)",
                ));
            }
        }
        for (i, q) in self.fraga.iter().enumerate() {
            let at = pointer_index("/fraga", i);
            if let Some(first) = self.fraga.iter().take(i).position(|o| o.id == q.id) {
                out.push(Diagnostic::error(
                    format!("{at}/id"),
                    format!(
                        "the question `{}` is already defined at /fraga/{first}",
                        q.id
                    ),
                ));
            }
            if self.step(&q.steg).is_none() {
                out.push(Diagnostic::error(
                    format!("{at}/steg"),
                    format!("no step `{}` in this profile", q.steg),
                ));
            }
        }
        out
    }

    /// The built-in profile with `id`: `kronoberg` or `jamtland-harjedalen`.
    pub fn builtin(id: &str) -> Option<&'static Self> {
        builtin_profiles()
            .iter()
            .find(|p| p.profil.id.as_str() == id)
    }

    /// The built-in profile `doc` names in `metod` (`kronoberg` when it names none);
    /// `None` when that profile is not built in.
    pub fn for_document(doc: &crate::Hallbarhetssakring) -> Option<&'static Self> {
        Self::builtin(doc.metod.as_ref().map_or(DEFAULT_PROFILE, |m| m.as_str()))
    }

    /// Every built-in profile.
    pub fn builtins() -> &'static [Self] {
        builtin_profiles()
    }

    /// The step with `id`.
    pub fn step(&self, id: &StegId) -> Option<&Step> {
        self.steg.iter().find(|s| &s.id == id)
    }

    /// The question with `id`.
    pub fn question(&self, id: &FragaId) -> Option<&Question> {
        self.fraga.iter().find(|q| &q.id == id)
    }
}

fn builtin_profiles() -> &'static [Profile] {
    static PROFILES: std::sync::LazyLock<Vec<Profile>> = std::sync::LazyLock::new(|| {
        BUILTIN
            .iter()
            .filter_map(|(_, text)| Profile::parse(text, Format::Toml).ok())
            .collect()
    });
    &PROFILES
}

#[cfg(test)]
pub(super) fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    &BUILTIN
}
