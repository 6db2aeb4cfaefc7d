//! Human-readable labels in Swedish (the default) and English.

use serde::{Deserialize, Serialize};

/// The language of human-readable output.
///
/// Swedish is the default: caseworkers and analysts read the method in Swedish.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// Svenska.
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// The language code: `sv` or `en` (as in HTML's `lang` attribute).
    pub fn code(self) -> &'static str {
        match self {
            Self::Sv => "sv",
            Self::En => "en",
        }
    }

    /// Of a Swedish and an English value, the one in this language.
    ///
    /// ```
    /// use hallbar_core::Lang;
    /// assert_eq!(Lang::En.pick("Mål", "Goal"), "Goal");
    /// ```
    pub fn pick<T>(self, sv: T, en: T) -> T {
        match self {
            Self::Sv => sv,
            Self::En => en,
        }
    }

    /// A number as Rust or JSON writes it (`0.25`) with this language's decimal sign: a
    /// comma in Swedish.
    ///
    /// ```
    /// use hallbar_core::Lang;
    /// assert_eq!(Lang::Sv.decimal("0.25"), "0,25");
    /// assert_eq!(Lang::En.decimal("0.25"), "0.25");
    /// ```
    pub fn decimal(self, number: &str) -> String {
        match self {
            Self::Sv => number.replace('.', ","),
            Self::En => number.to_owned(),
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = UnknownLangError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sv" => Ok(Self::Sv),
            "en" => Ok(Self::En),
            other => Err(UnknownLangError(other.to_owned())),
        }
    }
}

/// A language code other than `sv` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`: expected `sv` or `en`")]
pub struct UnknownLangError(String);

/// A value with a label in each [`Lang`].
///
/// Enums of the domain model derive their Swedish label from `strum`'s `Display`
/// (`#[strum(to_string = "…")]`) and their English label from `strum`'s message
/// (`#[strum(message = "…")]`); this trait joins the two.
pub trait Labelled {
    /// The label in `lang`.
    fn label(&self, lang: Lang) -> String;
}

impl<T> Labelled for T
where
    T: std::fmt::Display + strum::EnumMessage,
{
    fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::Sv => self.to_string(),
            Lang::En => self
                .get_message()
                .map_or_else(|| self.to_string(), str::to_owned),
        }
    }
}
