//! The seven-point scale of goal interactions (Nilsson, Griggs & Visbeck 2016).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Lang, RangeError};

/// How progress on one goal affects progress on another: the seven-point scale of
/// Nilsson, Griggs & Visbeck, "Map the interactions between Sustainable Development
/// Goals", *Nature* 534, 320–322 (2016).
///
/// Written as the integers −3 … +3 in files; an interaction is directed (A→B ≠ B→A).
///
/// ```
/// use hallbar_core::graph::Score;
/// let s = Score::new(-2).unwrap();
/// assert_eq!(s, Score::Counteracting);
/// assert_eq!(s.value(), -2);
/// assert_eq!(s.label(hallbar_core::Lang::Sv), "Motverkande");
/// assert!(Score::new(4).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i8")]
pub enum Score {
    /// −3: makes it impossible to reach the other goal.
    Cancelling,
    /// −2: clashes with the other goal.
    Counteracting,
    /// −1: limits the options for the other goal.
    Constraining,
    /// 0: no significant positive or negative interaction.
    Consistent,
    /// +1: creates conditions that further the other goal.
    Enabling,
    /// +2: aids the achievement of the other goal.
    Reinforcing,
    /// +3: inextricably linked to the achievement of the other goal.
    Indivisible,
}

impl Score {
    /// Every score, from −3 to +3.
    pub const ALL: [Self; 7] = [
        Self::Cancelling,
        Self::Counteracting,
        Self::Constraining,
        Self::Consistent,
        Self::Enabling,
        Self::Reinforcing,
        Self::Indivisible,
    ];

    /// The score for `value`, if it is from −3 to +3.
    pub fn new(value: i64) -> Result<Self, RangeError> {
        match value {
            -3 => Ok(Self::Cancelling),
            -2 => Ok(Self::Counteracting),
            -1 => Ok(Self::Constraining),
            0 => Ok(Self::Consistent),
            1 => Ok(Self::Enabling),
            2 => Ok(Self::Reinforcing),
            3 => Ok(Self::Indivisible),
            _ => Err(RangeError::new("interaction score", -3, 3, value)),
        }
    }

    /// The score as an integer, −3 … +3.
    pub fn value(self) -> i8 {
        match self {
            Self::Cancelling => -3,
            Self::Counteracting => -2,
            Self::Constraining => -1,
            Self::Consistent => 0,
            Self::Enabling => 1,
            Self::Reinforcing => 2,
            Self::Indivisible => 3,
        }
    }

    /// The name of the level.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Cancelling, Lang::Sv) => "Omöjliggörande",
            (Self::Counteracting, Lang::Sv) => "Motverkande",
            (Self::Constraining, Lang::Sv) => "Begränsande",
            (Self::Consistent, Lang::Sv) => "Förenlig",
            (Self::Enabling, Lang::Sv) => "Möjliggörande",
            (Self::Reinforcing, Lang::Sv) => "Förstärkande",
            (Self::Indivisible, Lang::Sv) => "Odelbar",
            (Self::Cancelling, Lang::En) => "Cancelling",
            (Self::Counteracting, Lang::En) => "Counteracting",
            (Self::Constraining, Lang::En) => "Constraining",
            (Self::Consistent, Lang::En) => "Consistent",
            (Self::Enabling, Lang::En) => "Enabling",
            (Self::Reinforcing, Lang::En) => "Reinforcing",
            (Self::Indivisible, Lang::En) => "Indivisible",
        }
    }

    /// What the level means.
    pub fn definition(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Cancelling, Lang::Sv) => "gör det omöjligt att nå det andra målet",
            (Self::Counteracting, Lang::Sv) => "står i strid med det andra målet",
            (Self::Constraining, Lang::Sv) => "begränsar möjligheterna att nå det andra målet",
            (Self::Consistent, Lang::Sv) => "ingen betydande positiv eller negativ påverkan",
            (Self::Enabling, Lang::Sv) => "skapar förutsättningar för det andra målet",
            (Self::Reinforcing, Lang::Sv) => "hjälper till att nå det andra målet",
            (Self::Indivisible, Lang::Sv) => "är oupplösligt förbundet med att nå det andra målet",
            (Self::Cancelling, Lang::En) => "makes it impossible to reach the other goal",
            (Self::Counteracting, Lang::En) => "clashes with the other goal",
            (Self::Constraining, Lang::En) => "limits the options for the other goal",
            (Self::Consistent, Lang::En) => "no significant positive or negative interaction",
            (Self::Enabling, Lang::En) => "creates conditions that further the other goal",
            (Self::Reinforcing, Lang::En) => "aids the achievement of the other goal",
            (Self::Indivisible, Lang::En) => {
                "inextricably linked to the achievement of the other goal"
            }
        }
    }

    /// An example of the level, after the typology's own (Nilsson, Griggs & Visbeck
    /// 2016), for those who score a matrix.
    pub fn example(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Cancelling, Lang::Sv) => {
                "Ett fullständigt skydd av ett naturreservat utesluter att allmänheten använder det för friluftsliv."
            }
            (Self::Counteracting, Lang::Sv) => {
                "Att öka konsumtionen för tillväxt motverkar minskade avfallsmängder och minskade utsläpp."
            }
            (Self::Constraining, Lang::Sv) => {
                "Effektivare vattenanvändning kan begränsa jordbrukets bevattning."
            }
            (Self::Consistent, Lang::Sv) => {
                "Utbildning för alla påverkar inte märkbart skyddet av havens ekosystem."
            }
            (Self::Enabling, Lang::Sv) => {
                "El i hemmen på landsbygden gör det möjligt att göra läxor när det är mörkt."
            }
            (Self::Reinforcing, Lang::Sv) => {
                "Tillgång till el förstärker pumpning och bevattning av vatten."
            }
            (Self::Indivisible, Lang::Sv) => {
                "Att avskaffa diskriminering av kvinnor och flickor går inte att skilja från kvinnors fulla deltagande och lika möjligheter att leda."
            }
            (Self::Cancelling, Lang::En) => {
                "Full protection of a nature reserve rules out public access for recreation."
            }
            (Self::Counteracting, Lang::En) => {
                "Boosting consumption for growth counteracts less waste and lower emissions."
            }
            (Self::Constraining, Lang::En) => {
                "More efficient use of water can constrain agricultural irrigation."
            }
            (Self::Consistent, Lang::En) => {
                "Education for all does not noticeably affect the protection of ocean ecosystems."
            }
            (Self::Enabling, Lang::En) => {
                "Electricity in rural homes makes it possible to do homework after dark."
            }
            (Self::Reinforcing, Lang::En) => {
                "Access to electricity reinforces water pumping and irrigation."
            }
            (Self::Indivisible, Lang::En) => {
                "Ending discrimination against women and girls cannot be separated from women's full participation and equal opportunities to lead."
            }
        }
    }
}

impl TryFrom<i64> for Score {
    type Error = RangeError;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Score> for i8 {
    fn from(value: Score) -> Self {
        value.value()
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:+}", self.value())
    }
}

impl schemars::JsonSchema for Score {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Score".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Interaction score (Nilsson et al. 2016): +3 indivisible, +2 reinforcing, +1 enabling, 0 consistent, −1 constraining, −2 counteracting, −3 cancelling.",
            "type": "integer",
            "minimum": -3,
            "maximum": 3
        })
    }
}
