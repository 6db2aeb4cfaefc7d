//! Checked identifiers.
//!
//! Every identifier in a document is a newtype with a checked constructor, so that a
//! value of the type is always well-formed. Whether an identifier *refers* to something
//! (a goal in the catalogue, a key in the same document) is checked separately, where
//! the referent is known.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest identifier accepted, in bytes.
pub const MAX_ID_LEN: usize = 64;

/// A text that is not a well-formed identifier of some kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a valid {kind}: expected {expected}")]
pub struct IdError {
    text: String,
    kind: &'static str,
    expected: &'static str,
}

impl IdError {
    fn new(text: &str, kind: &'static str, expected: &'static str) -> Self {
        // Keep hostile input from blowing up messages.
        let text = text.chars().take(80).collect();
        Self {
            text,
            kind,
            expected,
        }
    }
}

const LOCAL_ID_EXPECTED: &str =
    "1–64 characters from a–z, A–Z, 0–9, `_`, `-`, `.`, starting with a letter or digit";
const LOCAL_ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

/// The bytes of a local id after its first: ASCII letters and digits, `_`, `-`, `.`.
/// A table, because a portfolio checks tens of ids per document.
#[allow(
    clippy::indexing_slicing,
    reason = "`b` runs below the length, and `get_mut` is not const"
)]
const LOCAL_ID_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.');
        b += 1;
    }
    table
};

fn is_local_id(s: &str) -> bool {
    // Bytewise: every allowed character is ASCII, and no byte of a multi-byte character is.
    let bytes = s.as_bytes();
    bytes.len() <= MAX_ID_LEN
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|&c| LOCAL_ID_BYTES.get(usize::from(c)).copied().unwrap_or(false))
}

fn check_local_id(id: &str, kind: &'static str) -> Result<(), IdError> {
    if is_local_id(id) {
        Ok(())
    } else {
        Err(IdError::new(id, kind, LOCAL_ID_EXPECTED))
    }
}

/// Reads a string that `check` accepts into `place`: a borrowed text is checked before
/// it is copied, an owned one is taken over without a copy.
struct CheckedText<'p> {
    place: &'p mut String,
    check: fn(&str) -> Result<(), IdError>,
}

impl Visitor<'_> for CheckedText<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        (self.check)(text).map_err(E::custom)?;
        self.place.clear();
        self.place.push_str(text);
        Ok(())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<(), E> {
        (self.check)(&text).map_err(E::custom)?;
        *self.place = text;
        Ok(())
    }
}

/// Implements the shared surface of a string newtype whose texts `$check` accepts:
/// `new`, `as_str`, `Display`, `FromStr`, serde as a string, and a JSON Schema string
/// with a pattern, described in English (`description`) and Swedish (`x-beskrivning`,
/// what a Swedish message says the pattern expects).
macro_rules! string_newtype {
    ($name:ident, $check:expr, $schema_name:expr, $description:expr, $beskrivning:expr, $pattern:expr) => {
        impl $name {
            #[doc = concat!("A `", stringify!($name), "`, if `id` is well-formed.")]
            pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
                let id = id.into();
                $check(&id)?;
                Ok(Self(id))
            }

            /// The identifier as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut id = String::new();
                deserializer.deserialize_string(CheckedText {
                    place: &mut id,
                    check: $check,
                })?;
                Ok(Self(id))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                $schema_name.into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": $description,
                    "x-beskrivning": $beskrivning,
                    "type": "string",
                    "pattern": $pattern,
                })
            }
        }
    };
}

/// Declares a document-local identifier: 1–64 ASCII letters, digits, `_`, `-`, `.`.
macro_rules! local_id {
    ($(#[$meta:meta])* $name:ident, $kind:literal, $description:literal, $beskrivning:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        string_newtype!(
            $name,
            |id: &str| check_local_id(id, $kind),
            stringify!($name),
            $description,
            concat!($beskrivning, ": 1–64 tecken a–z, A–Z, 0–9, _, -, ., som börjar med en bokstav eller siffra"),
            LOCAL_ID_PATTERN
        );
    };
}

local_id!(
    /// Identifies an insats (project, strategy, support decision, …).
    InsatsId, "insats", "Identifier of an insats: 1–64 characters a–z, A–Z, 0–9, _, -, .",
    "en identifierare för insatsen"
);
local_id!(
    /// Identifies a stated effect on a goal, so measures can refer to it.
    EffektId, "effect", "Identifier of an effect within the document.",
    "en identifierare för effekten"
);
local_id!(
    /// Identifies a stakeholder (intressent) within a document.
    IntressentId, "stakeholder", "Identifier of a stakeholder within the document.",
    "en identifierare för intressenten"
);
local_id!(
    /// Identifies a sustainability key (hållbarhetsnyckel) within a document.
    NyckelId, "sustainability key", "Identifier of a sustainability key within the document.",
    "en identifierare för hållbarhetsnyckeln"
);
local_id!(
    /// Identifies a measure (åtgärd) within a document.
    AtgardId, "measure", "Identifier of a measure within the document.",
    "en identifierare för åtgärden"
);
local_id!(
    /// Identifies an indicator within a document.
    IndikatorId, "indicator", "Identifier of an indicator within the document.",
    "en identifierare för indikatorn"
);
local_id!(
    /// Identifies a goal or stakeholder conflict stated in a document.
    KonfliktId, "conflict", "Identifier of a stated goal or stakeholder conflict within the document.",
    "en identifierare för konflikten"
);
local_id!(
    /// Identifies a knowledge gap (kunskapslucka) within a document.
    KunskapsluckaId, "knowledge gap", "Identifier of a knowledge gap within the document.",
    "en identifierare för kunskapsluckan"
);
local_id!(
    /// Identifies a support question (stödfråga) of a method profile, e.g. `klimat.koldioxid`.
    FragaId, "question", "Identifier of a support question, e.g. klimat.koldioxid.",
    "en identifierare för stödfrågan, t.ex. klimat.koldioxid"
);
local_id!(
    /// Identifies a method profile, e.g. `kronoberg` or `jamtland-harjedalen`.
    ProfilId, "method profile", "Identifier of a method profile, e.g. kronoberg.",
    "en identifierare för metodprofilen, t.ex. kronoberg"
);
local_id!(
    /// Identifies a rule of a rule set, e.g. `tillvaxt-klimat`.
    RuleId, "rule id", "Identifier of a rule, e.g. tillvaxt-klimat.",
    "en identifierare för regeln, t.ex. tillvaxt-klimat"
);
local_id!(
    /// Identifies a step of a method profile, e.g. `A` or `2`.
    StegId, "method step", "Identifier of a step of the method, e.g. A or 2.",
    "en identifierare för metodens steg, t.ex. A eller 2"
);

/// The framework id of the UN Sustainable Development Goals, whose goal ids carry no prefix.
pub const SDG_FRAMEWORK: &str = "sdg";

/// Identifies a goal or target of a goal framework.
///
/// Agenda 2030 goals and targets use the official numbering without a prefix: `8`, `13`,
/// `15.5`, `1.a`. Goals of other frameworks are written `framework:local`, e.g. `mkm:1`
/// for Sweden's first environmental quality objective or `rus-kronoberg:2.1` for a
/// priority of a regional development strategy.
///
/// A well-formed id need not exist: the [`GoalCatalogue`](crate::GoalCatalogue) says
/// whether it does.
///
/// ```
/// use hallbar_core::GoalId;
/// let t: GoalId = "15.5".parse().unwrap();
/// assert_eq!(t.framework(), "sdg");
/// assert_eq!(t.sdg_parent().unwrap().as_str(), "15");
/// assert!("15,5".parse::<GoalId>().is_err());
/// assert_eq!("mkm:12".parse::<GoalId>().unwrap().framework(), "mkm");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GoalId(String);

const GOAL_ID_EXPECTED: &str =
    "an Agenda 2030 goal or target such as `8`, `15.5` or `1.a`, or `framework:id` such as `mkm:1`";
const GOAL_ID_PATTERN: &str =
    "^([0-9]{1,2}(\\.([0-9]{1,2}|[a-z]))?|[a-z][a-z0-9-]{0,31}:[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$";

fn check_goal_id(id: &str) -> Result<(), IdError> {
    if is_sdg_id(id) || is_framework_id(id) {
        Ok(())
    } else {
        Err(IdError::new(id, "goal id", GOAL_ID_EXPECTED))
    }
}

impl GoalId {
    /// The framework the id belongs to: [`SDG_FRAMEWORK`] or the prefix before `:`.
    pub fn framework(&self) -> &str {
        self.0.split_once(':').map_or(SDG_FRAMEWORK, |(f, _)| f)
    }

    /// Whether this is an Agenda 2030 goal or target.
    pub fn is_sdg(&self) -> bool {
        !self.0.as_bytes().contains(&b':')
    }

    /// For an Agenda 2030 target (`15.5`), its goal (`15`); `None` for goals and for
    /// other frameworks, whose hierarchy the catalogue knows.
    pub fn sdg_parent(&self) -> Option<GoalId> {
        if !self.is_sdg() {
            return None;
        }
        self.0
            .split_once('.')
            .map(|(goal, _)| GoalId(goal.to_owned()))
    }

    /// Where an Agenda 2030 id sorts among them, as one number: by goal number (2 < 10),
    /// the goal before its targets, numbered targets by number (8.2 < 8.10), lettered
    /// ones after them (8.10 < 8.a). `None` for other frameworks' ids, which sort after,
    /// by text. Ids are compared often (findings are sorted and grouped by their goals),
    /// so this reads the bytes once and allocates nothing.
    fn sdg_rank(&self) -> Option<u32> {
        if !self.is_sdg() {
            return None;
        }
        let number = |digits: &[u8]| {
            digits
                .iter()
                .fold(0u32, |n, d| n * 10 + u32::from(d.wrapping_sub(b'0')))
        };
        let bytes = self.0.as_bytes();
        let dot = bytes.iter().position(|&b| b == b'.').unwrap_or(bytes.len());
        let (goal, target) = bytes.split_at(dot);
        let target = match target {
            [] | [b'.'] => 0,
            [b'.', letter] if letter.is_ascii_lowercase() => 1000 + u32::from(*letter),
            [b'.', digits @ ..] => 1 + number(digits),
            _ => 0,
        };
        Some((number(goal) << 16) | target)
    }
}

impl PartialOrd for GoalId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GoalId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self.sdg_rank(), other.sdg_rank()) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| self.0.cmp(&other.0))
    }
}

fn is_sdg_id(s: &str) -> bool {
    // A goal of one or two digits, and maybe `.` and a target of one or two digits or
    // one lower-case letter.
    let b = s.as_bytes();
    let goal = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&goal)
        && match b.get(goal..) {
            Some([]) => true,
            Some([b'.', t]) => t.is_ascii_digit() || t.is_ascii_lowercase(),
            Some([b'.', t, u]) => t.is_ascii_digit() && u.is_ascii_digit(),
            _ => false,
        }
}

fn is_framework_id(s: &str) -> bool {
    let Some((prefix, local)) = s.split_once(':') else {
        return false;
    };
    let mut p = prefix.chars();
    (1..=32).contains(&prefix.len())
        && p.next().is_some_and(|c| c.is_ascii_lowercase())
        && p.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && is_local_id(local)
}

string_newtype!(
    GoalId,
    check_goal_id,
    "GoalId",
    "A goal or target: Agenda 2030 numbering (8, 15.5, 1.a) or framework:id (mkm:1).",
    "ett mål eller delmål: Agenda 2030:s numrering (8, 15.5, 1.a) eller ramverk:id (mkm:1)",
    GOAL_ID_PATTERN
);

/// Identifies a goal framework: `sdg`, or the prefix of its goal ids (`mkm`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FrameworkId(String);

/// Accepts 1–32 characters from a–z, 0–9 and `-`, starting with a letter.
fn check_framework_id(id: &str) -> Result<(), IdError> {
    if is_framework_id(&format!("{id}:x")) {
        Ok(())
    } else {
        Err(IdError::new(
            id,
            "framework id",
            "1–32 characters from a–z, 0–9 and `-`, starting with a letter",
        ))
    }
}

string_newtype!(
    FrameworkId,
    check_framework_id,
    "FrameworkId",
    "Identifier of a goal framework: the prefix of its goal ids.",
    "en identifierare för ett målramverk: prefixet i dess mål, gemener, siffror och -",
    "^[a-z][a-z0-9-]{0,31}$"
);

/// A Kolada key performance indicator id, e.g. `N00914`.
///
/// Kolada ids are one upper-case letter (`N` for municipal and regional KPIs, `U` for
/// organisational ones) followed by five digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KoladaKpiId(String);

/// Accepts ids of the form `N00914`.
fn check_kolada_kpi_id(id: &str) -> Result<(), IdError> {
    let b = id.as_bytes();
    let ok = b.len() == 6
        && matches!(b.first(), Some(b'N' | b'U'))
        && b.iter().skip(1).all(u8::is_ascii_digit);
    if ok {
        Ok(())
    } else {
        Err(IdError::new(
            id,
            "Kolada KPI id",
            "`N` or `U` followed by five digits, e.g. `N00914`",
        ))
    }
}

string_newtype!(
    KoladaKpiId,
    check_kolada_kpi_id,
    "KoladaKpiId",
    "A Kolada KPI id: N or U followed by five digits, e.g. N00914.",
    "ett nyckeltal i Kolada: N eller U följt av fem siffror, t.ex. N00914",
    "^[NU][0-9]{5}$"
);

/// A Swedish county code (länskod), two digits, e.g. `07` for Kronobergs län.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanKod(String);

/// The 21 county codes in use since 1998 (SCB).
const LAN_CODES: [&str; 21] = [
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20",
    "21", "22", "23", "24", "25",
];

/// Accepts the 21 county codes in use.
fn check_lan_kod(code: &str) -> Result<(), IdError> {
    if LAN_CODES.contains(&code) {
        Ok(())
    } else {
        Err(IdError::new(
            code,
            "county code (länskod)",
            "one of the 21 county codes in use, e.g. `07` (Kronoberg) or `23` (Jämtland)",
        ))
    }
}

string_newtype!(
    LanKod,
    check_lan_kod,
    "LanKod",
    "A Swedish county code (länskod), e.g. 07.",
    "en länskod, två siffror, t.ex. 23 (Jämtlands län)",
    "^(01|03|04|05|06|07|08|09|10|12|13|14|17|18|19|20|21|22|23|24|25)$"
);

/// A Swedish municipality code (kommunkod), four digits whose first two are the county's,
/// e.g. `0780` for Växjö.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KommunKod(String);

/// Accepts four digits starting with a county code in use.
fn check_kommun_kod(code: &str) -> Result<(), IdError> {
    let ok = code.len() == 4
        && code.bytes().all(|b| b.is_ascii_digit())
        && code.get(0..2).is_some_and(|lan| LAN_CODES.contains(&lan));
    if ok {
        Ok(())
    } else {
        Err(IdError::new(
            code,
            "municipality code (kommunkod)",
            "four digits starting with a county code, e.g. `0780` (Växjö)",
        ))
    }
}

impl KommunKod {
    /// The county the municipality lies in.
    pub fn lan(&self) -> LanKod {
        LanKod(self.0.get(0..2).unwrap_or_default().to_owned())
    }
}

string_newtype!(
    KommunKod,
    check_kommun_kod,
    "KommunKod",
    "A Swedish municipality code (kommunkod), e.g. 0780.",
    "en kommunkod, fyra siffror, t.ex. 2380 (Östersund)",
    "^[0-9]{4}$"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_from_json_are_checked() {
        let id: GoalId = serde_json::from_str("\"15.5\"").unwrap();
        assert_eq!(id.as_str(), "15.5");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"15.5\"");
        let err = serde_json::from_str::<GoalId>("\"15,5\"").unwrap_err();
        assert!(err.to_string().contains("is not a valid goal id"), "{err}");
        let err = serde_json::from_str::<InsatsId>("5").unwrap_err();
        assert!(err.to_string().contains("expected a string"), "{err}");
        // From an owned string too (serde_json's `Value` hands its strings over).
        let value = serde_json::json!("kommunen");
        assert_eq!(
            serde_json::from_value::<IntressentId>(value)
                .unwrap()
                .as_str(),
            "kommunen"
        );
    }

    #[test]
    fn sdg_ids_are_checked() {
        for ok in ["1", "17", "18", "8.4", "15.10", "1.a", "17.19"] {
            assert!(GoalId::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "08x", "8.", ".4", "8.4.1", "8.A", "123", "8,4", " 8", "8 ",
        ] {
            assert!(GoalId::new(bad).is_err(), "{bad:?}");
        }
    }

    proptest::proptest! {
        /// The checks accept exactly what the JSON Schema's patterns accept.
        #[test]
        fn checks_agree_with_the_schema_patterns(
            s in "[0-9a-zA-Z.:_ ,-]{0,7}|[0-9a-z.]{1,5}|[a-z-]{1,33}:[a-zA-Z0-9._-]{0,66}"
        ) {
            use std::sync::LazyLock;
            static GOAL: LazyLock<regex::Regex> =
                LazyLock::new(|| regex::Regex::new(GOAL_ID_PATTERN).unwrap());
            static LOCAL: LazyLock<regex::Regex> =
                LazyLock::new(|| regex::Regex::new(LOCAL_ID_PATTERN).unwrap());
            proptest::prop_assert_eq!(GoalId::new(s.as_str()).is_ok(), GOAL.is_match(&s));
            proptest::prop_assert_eq!(InsatsId::new(s.as_str()).is_ok(), LOCAL.is_match(&s));
        }
    }

    #[test]
    fn framework_ids_are_checked() {
        assert!(GoalId::new("mkm:1").is_ok());
        assert!(GoalId::new("rus-kronoberg:p2.1").is_ok());
        for bad in ["MKM:1", "mkm:", ":1", "mkm:1:2", "m km:1", "1mkm:1"] {
            assert!(GoalId::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn goal_ids_sort_in_official_order() {
        let official = [
            "1",
            "1.1",
            "1.a",
            "1.b",
            "2",
            "8",
            "8.2",
            "8.9",
            "8.10",
            "8.a",
            "10",
            "17.19",
            "mkm:1",
            "mkm:10",
            "mkm:2",
            "rus-kronoberg:1",
        ];
        let mut ids: Vec<GoalId> = official
            .iter()
            .rev()
            .map(|s| GoalId::new(*s).unwrap())
            .collect();
        ids.sort();
        let sorted: Vec<&str> = ids.iter().map(GoalId::as_str).collect();
        assert_eq!(sorted, official);
        // Equal ids compare equal; an id equals nothing else.
        for (i, a) in ids.iter().enumerate() {
            for (j, b) in ids.iter().enumerate() {
                assert_eq!(a.cmp(b), i.cmp(&j), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn id_errors_name_the_kind_and_the_expectation() {
        let e = KoladaKpiId::new("n914").unwrap_err().to_string();
        assert!(e.contains("`n914` is not a valid Kolada KPI id"), "{e}");
        let e = InsatsId::new("a b").unwrap_err().to_string();
        assert!(e.contains("expected 1–64 characters"), "{e}");
    }

    #[test]
    fn hostile_ids_are_truncated_in_messages() {
        let long = "x".repeat(10_000);
        let e = InsatsId::new(long).unwrap_err().to_string();
        assert!(e.len() < 300);
    }

    #[test]
    fn municipality_codes_know_their_county() {
        let vaxjo = KommunKod::new("0780").unwrap();
        assert_eq!(vaxjo.lan().as_str(), "07");
        assert!(KommunKod::new("0280").is_err());
        assert!(LanKod::new("02").is_err());
    }
}
