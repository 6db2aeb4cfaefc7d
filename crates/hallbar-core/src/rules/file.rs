//! The rule file format: rules as data an analyst writes and reads.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    Dimension, Effekttyp, FindingKind, FormatVersion, FragaId, GoalId, Grupp, Hallning, InsatsTyp,
    IntressentKategori, Niva, Omradestyp, Riktning, Sektor, Severity, Styrka, Suggestions,
};

/// A file of rules: a layer on the rules of the layers below it (the standard set, then
/// national or regional, then local). It adds rules, and switches off or changes rules
/// of the layers below by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Regeluppsättning")]
pub struct RuleFile {
    /// Version of the document format (1).
    pub format_version: FormatVersion,
    /// The rules this layer adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regel: Vec<Rule>,
    /// Rules of the layers below that this layer switches off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stang_av: Vec<SwitchOff>,
    /// Rules of the layers below that this layer changes, field by field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub andra: Vec<Change>,
}

/// A rule of a lower layer switched off, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchOff {
    /// The rule's id.
    pub id: crate::RuleId,
    /// Why the region does without it: shown wherever the rule set is listed.
    #[schemars(length(min = 1, max = 1000))]
    pub skal: String,
}

/// Fields of a lower layer's rule changed without copying its condition: each field
/// given replaces the rule's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The rule's id.
    pub id: crate::RuleId,
    /// Why the region changes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skal: Option<String>,
    /// Title in Swedish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub titel: Option<String>,
    /// Title in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// What the finding means, in Swedish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub beskrivning: Option<String>,
    /// What the finding means, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// Why the rule exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub motivering: Option<String>,
    /// Where the reasoning comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub kalla: Option<String>,
    /// How much it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allvarlighet: Option<Severity>,
    /// The dimensions concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensioner: Option<Vec<Dimension>>,
    /// What to consider doing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forslag: Option<Suggestions>,
}

impl Change {
    /// Applies the change to `rule`; the names of the fields it changed.
    pub(crate) fn apply(&self, rule: &mut Rule) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut put = |name: &'static str, into: &mut String, from: &Option<String>| {
            if let Some(v) = from {
                *into = v.clone();
                changed.push(name);
            }
        };
        put("titel", &mut rule.titel, &self.titel);
        put("beskrivning", &mut rule.beskrivning, &self.beskrivning);
        put("motivering", &mut rule.motivering, &self.motivering);
        put("kalla", &mut rule.kalla, &self.kalla);
        if let Some(v) = &self.title_en {
            rule.title_en = Some(v.clone());
            changed.push("title_en");
        }
        if let Some(v) = &self.description_en {
            rule.description_en = Some(v.clone());
            changed.push("description_en");
        }
        if let Some(v) = self.allvarlighet {
            rule.allvarlighet = v;
            changed.push("allvarlighet");
        }
        if let Some(v) = &self.dimensioner {
            rule.dimensioner.clone_from(v);
            changed.push("dimensioner");
        }
        if let Some(v) = &self.forslag {
            rule.forslag = v.clone();
            changed.push("forslag");
        }
        changed
    }
}

/// One rule: when its condition holds for an insats, it reports a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique id, e.g. `tillvaxt-klimat`.
    pub id: crate::RuleId,
    /// Title in Swedish.
    #[schemars(length(min = 1, max = 200))]
    pub titel: String,
    /// Title in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// What the finding means, in Swedish.
    #[schemars(length(min = 1))]
    pub beskrivning: String,
    /// What the finding means, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// Why the rule exists: the reasoning an expert would sign.
    #[schemars(length(min = 1))]
    pub motivering: String,
    /// Where the reasoning comes from: handbook section, literature.
    #[schemars(length(min = 1))]
    pub kalla: String,
    /// The kind of finding.
    pub typ: FindingKind,
    /// How much it matters.
    pub allvarlighet: Severity,
    /// The dimensions concerned.
    #[serde(default)]
    pub dimensioner: Vec<Dimension>,
    /// When the rule fires.
    pub om: Condition,
    /// What to consider doing.
    #[serde(default)]
    pub forslag: Suggestions,
}

/// A condition over an insats. Exactly one key per table: `alla`, `nagon`, `inte`, or a
/// predicate. The combinators' English names `all`, `any` and `not` are read too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[schemars(transform = english_combinators)]
pub enum Condition {
    /// Every condition holds (`alla`; also `all`).
    #[serde(rename = "alla", alias = "all")]
    All(Vec<Condition>),
    /// At least one condition holds (`nagon`; also `any`).
    #[serde(rename = "nagon", alias = "any")]
    Any(Vec<Condition>),
    /// The condition does not hold (`inte`; also `not`).
    #[serde(rename = "inte", alias = "not")]
    Not(Box<Condition>),
    /// At least one stated effect matches.
    Effekt(EffectPredicate),
    /// At least `minst` stated effects match.
    Antal(CountPredicate),
    /// The insats is of one of these kinds.
    InsatsTyp(Vec<InsatsTyp>),
    /// The insats concerns one of these sectors.
    Sektor(Vec<Sektor>),
    /// The insats acts in one of these kinds of area.
    Omrade(Vec<Omradestyp>),
    /// Whether the insats is in the reindeer-husbandry area (`true`), outside (`false`).
    /// Not assessed counts as neither.
    Renskotselomrade(bool),
    /// At least one stakeholder matches.
    Intressent(StakeholderPredicate),
    /// No stakeholder matches.
    SaknarIntressent(StakeholderPredicate),
    /// One of these support questions is unanswered, a knowledge gap, or missing from the
    /// document; with an empty list, any question in the document that is unanswered or a gap.
    ObesvaradFraga(Vec<FragaId>),
    /// A negative effect (matching the predicate) that no measure addresses and on which no
    /// position has been taken (a stated goal conflict naming its goal, with a position).
    EffektUtanAtgard(EffectPredicate),
    /// A sustainability key that no indicator follows.
    NyckelUtanIndikator(bool),
}

/// The combinators' Swedish and English names: the schema accepts both, as the reader
/// does.
pub const COMBINATOR_ALIASES: [(&str, &str); 3] =
    [("alla", "all"), ("nagon", "any"), ("inte", "not")];

/// Adds to the schema of [`Condition`] a branch for each combinator's English name, the
/// same as its Swedish one's.
fn english_combinators(schema: &mut schemars::Schema) {
    let Some(serde_json::Value::Array(branches)) = schema.get_mut("oneOf") else {
        return;
    };
    let mut english = Vec::new();
    for branch in branches.iter() {
        let required = branch
            .get("required")
            .and_then(|r| r.get(0))
            .and_then(serde_json::Value::as_str);
        let Some((sv, en)) = COMBINATOR_ALIASES
            .iter()
            .find(|(sv, _)| Some(*sv) == required)
        else {
            continue;
        };
        let mut copy = branch.clone();
        if let Some(obj) = copy.as_object_mut() {
            obj.insert("required".to_owned(), serde_json::json!([en]));
            if let Some(serde_json::Value::Object(props)) = obj.get_mut("properties")
                && let Some(inner) = props.remove(*sv)
            {
                props.insert((*en).to_owned(), inner);
            }
            if let Some(serde_json::Value::String(d)) = obj.get_mut("description") {
                *d = format!("{d} The English name of `{sv}`.");
            }
        }
        english.push(copy);
    }
    branches.extend(english);
}

/// What an effect must be like. Every given field must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EffectPredicate {
    /// On this goal or any of its targets (`8` matches `8.4`), or exactly this target.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mal: Vec<GoalId>,
    /// On any goal of this dimension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// Positive or negative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub riktning: Option<Riktning>,
    /// At least this strong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_styrka: Option<Styrka>,
    /// Direct, indirect or cumulative.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typ: Vec<Effekttyp>,
    /// Affecting one of these groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grupp: Vec<Grupp>,
    /// Falling outside Sweden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utanfor_sverige: Option<bool>,
    /// Falling in one of these kinds of area (the effect's `geografi`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omrade: Vec<Omradestyp>,
}

impl Rule {
    /// How narrowly the rule's condition picks out insatser: where several rules support
    /// one finding, the most specific names it. Each constrained field of an effect
    /// counts 1, a list of goals 2 (3 when it names one goal), a count 1 more than its
    /// effect, a condition on the insats or its stakeholders 2; `all` adds up its parts,
    /// `any` is as specific as its least specific branch.
    ///
    /// ```
    /// use hallbar_core::rules::RuleSet;
    /// let rules = RuleSet::standard().unwrap();
    /// let rule = |id: &str| rules.rules().find(|r| r.id.as_str() == id).unwrap();
    /// assert!(rule("turism-klimat-ekosystem").specificity() > rule("tillvaxt-klimat").specificity());
    /// assert!(rule("tillvaxt-klimat").specificity() > rule("angiven-malkonflikt").specificity());
    /// ```
    pub fn specificity(&self) -> u32 {
        self.om.specificity()
    }
}

impl Condition {
    fn specificity(&self) -> u32 {
        match self {
            Self::All(items) => items.iter().map(Self::specificity).sum(),
            Self::Any(items) => items.iter().map(Self::specificity).min().unwrap_or(0),
            Self::Effekt(p) | Self::EffektUtanAtgard(p) => p.specificity(),
            Self::Antal(count) => count.effekt.specificity() + 1,
            Self::Not(_)
            | Self::InsatsTyp(_)
            | Self::Sektor(_)
            | Self::Omrade(_)
            | Self::Renskotselomrade(_)
            | Self::Intressent(_)
            | Self::SaknarIntressent(_)
            | Self::ObesvaradFraga(_)
            | Self::NyckelUtanIndikator(_) => 2,
        }
    }
}

impl EffectPredicate {
    fn specificity(&self) -> u32 {
        let goals = match self.mal.len() {
            0 => 0,
            1 => 3,
            _ => 2,
        };
        goals
            + [
                self.dimension.is_some(),
                self.riktning.is_some(),
                self.min_styrka.is_some(),
                !self.typ.is_empty(),
                !self.grupp.is_empty(),
                self.utanfor_sverige.is_some(),
                !self.omrade.is_empty(),
            ]
            .into_iter()
            .map(u32::from)
            .sum::<u32>()
    }
}

/// A count of matching effects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountPredicate {
    /// The effects counted.
    pub effekt: EffectPredicate,
    /// How many at least (1 or more).
    #[schemars(range(min = 1))]
    pub minst: u32,
}

/// What a stakeholder must be like. Every given field must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StakeholderPredicate {
    /// Of one of these categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kategori: Vec<IntressentKategori>,
    /// Involved (`true`) or not (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub involverad: Option<bool>,
    /// Power at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_makt: Option<Niva>,
    /// Interest at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_intresse: Option<Niva>,
    /// With this stance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hallning: Option<Hallning>,
}
