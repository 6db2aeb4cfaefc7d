//! Calendar dates (`YYYY-MM-DD`) without a time-zone, as written in decisions and plans.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date in the proleptic Gregorian calendar, years 1900–2199.
///
/// The range keeps typing mistakes (`20250-01-01`, `025-01-01`) from passing as dates.
///
/// ```
/// use hallbar_core::Datum;
/// let d: Datum = "2025-02-28".parse().unwrap();
/// assert_eq!(d.to_string(), "2025-02-28");
/// assert!("2025-02-29".parse::<Datum>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Datum {
    year: u16,
    month: u8,
    day: u8,
}

/// A text that is not a valid date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a date: {reason}")]
pub struct DateError {
    text: String,
    reason: &'static str,
}

impl Datum {
    /// The date `year`-`month`-`day`, if it exists.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let valid = (1900..=2199).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Datum {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason| DateError {
            text: text.to_owned(),
            reason,
        };
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes.get(4) == Some(&b'-')
            && bytes.get(7) == Some(&b'-')
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(err("expected the form YYYY-MM-DD"));
        }
        let num = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse().ok());
        let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(err("expected the form YYYY-MM-DD"));
        };
        let month = u8::try_from(month).map_err(|_| err("no such month"))?;
        let day = u8::try_from(day).map_err(|_| err("no such day"))?;
        if !(1900..=2199).contains(&year) {
            return Err(err("expected a year from 1900 to 2199"));
        }
        Self::new(year, month, day).ok_or_else(|| err("no such day in the calendar"))
    }
}

impl TryFrom<String> for Datum {
    type Error = DateError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Datum> for String {
    fn from(value: Datum) -> Self {
        value.to_string()
    }
}

impl Serialize for Datum {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Datum {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads the date from the text as it lies in the input, without copying it.
        struct DateText;

        impl Visitor<'_> for DateText {
            type Value = Datum;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Datum, E> {
                text.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(DateText)
    }
}

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl schemars::JsonSchema for Datum {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Datum".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar date, YYYY-MM-DD.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!("2024-02-29".parse::<Datum>().is_ok());
        assert!("1900-02-29".parse::<Datum>().is_err());
        assert!("2000-02-29".parse::<Datum>().is_ok());
    }

    #[test]
    fn malformed_dates_say_what_was_expected() {
        let e = "2025-1-01".parse::<Datum>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "`2025-1-01` is not a date: expected the form YYYY-MM-DD"
        );
        assert!("2025-13-01".parse::<Datum>().is_err());
        assert!("2025-04-31".parse::<Datum>().is_err());
        assert!("1850-01-01".parse::<Datum>().is_err());
        assert!("２０２５-01-01".parse::<Datum>().is_err());
    }

    #[test]
    fn dates_read_from_json_are_checked() {
        let d: Datum = serde_json::from_str("\"2025-02-28\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2025-02-28\"");
        let err = serde_json::from_str::<Datum>("\"2025-02-29\"").unwrap_err();
        assert!(err.to_string().contains("no such day"), "{err}");
        let err = serde_json::from_str::<Datum>("20250228").unwrap_err();
        assert!(err.to_string().contains("expected a string"), "{err}");
        // An escaped text is read too.
        let d: Datum = serde_json::from_str("\"2025\\u002d02-28\"").unwrap();
        assert_eq!(d, Datum::new(2025, 2, 28).unwrap());
    }

    #[test]
    fn dates_order_chronologically() {
        let a: Datum = "2024-12-31".parse().unwrap();
        let b: Datum = "2025-01-01".parse().unwrap();
        assert!(a < b);
    }
}
