//! Indicator values from Kolada, RKA's database of key figures for Swedish
//! municipalities and regions, as hallbar keeps them: what a key figure is, and its
//! values per unit, year and gender. No HTTP here: `hallbar-kolada` fetches them, the
//! store caches them, and reports read them.
//!
//! *Units* are Kolada's: a municipality by its four-digit code (`0180`), a region by
//! `00` and its county code (`0023` for Jämtland Härjedalen), the whole country by
//! `0000`.

use serde::{Deserialize, Serialize};

use crate::{Geografi, KoladaKpiId};

/// Kolada's unit for the whole country.
pub const COUNTRY: &str = "0000";

/// What a key figure is, from Kolada's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiMeta {
    /// The key figure.
    pub id: KoladaKpiId,
    /// Its title.
    pub title: String,
    /// What it measures.
    #[serde(default)]
    pub description: String,
    /// Whether it is given per gender (K, M) besides the total (T).
    #[serde(default)]
    pub divided_by_gender: bool,
    /// When Kolada last published it (`YYYY-MM-DD…`), when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_date: Option<String>,
}

/// A gender a value is given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Gender {
    /// Everyone (T, *totalt*).
    #[serde(rename = "T")]
    Total,
    /// Women (K, *kvinnor*).
    #[serde(rename = "K")]
    Women,
    /// Men (M, *män*).
    #[serde(rename = "M")]
    Men,
}

impl Gender {
    /// Kolada's letter.
    pub fn code(self) -> &'static str {
        match self {
            Self::Total => "T",
            Self::Women => "K",
            Self::Men => "M",
        }
    }

    /// The gender of Kolada's letter.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "T" => Some(Self::Total),
            "K" => Some(Self::Women),
            "M" => Some(Self::Men),
            _ => None,
        }
    }
}

/// One value of a key figure: for a unit, a year and a gender. `value` is `None` where
/// Kolada has the row but no number (not reported, or withheld).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiValue {
    /// The key figure.
    pub kpi: KoladaKpiId,
    /// The unit: a municipality, a region or the country.
    pub unit: String,
    /// The year.
    pub year: u16,
    /// The gender.
    pub gender: Gender,
    /// The value, if there is one.
    pub value: Option<f64>,
}

/// Whether `unit` is one of Kolada's: four ASCII digits.
pub fn is_unit(unit: &str) -> bool {
    unit.len() == 4 && unit.bytes().all(|b| b.is_ascii_digit())
}

/// The units an insats's geography names in Kolada: its municipalities, its counties'
/// regions (`00` and the county code), and the whole country — in that order, each
/// once.
pub fn units_of(geografi: &Geografi) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut push = |u: String| {
        if !units.contains(&u) {
            units.push(u);
        }
    };
    for kommun in &geografi.kommuner {
        push(kommun.as_str().to_owned());
    }
    for lan in &geografi.lan {
        push(format!("00{}", lan.as_str()));
    }
    push(COUNTRY.to_owned());
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_geography_names_its_municipalities_regions_and_the_country() {
        let g: Geografi = serde_json::from_value(serde_json::json!({
            "lan": ["23"], "kommuner": ["2326", "2380"], "omraden": []
        }))
        .unwrap();
        assert_eq!(units_of(&g), ["2326", "2380", "0023", "0000"]);
        assert!(units_of(&g).iter().all(|u| is_unit(u)));
        assert!(!is_unit("023") && !is_unit("00a3"));
        assert_eq!(Gender::from_code("K"), Some(Gender::Women));
        assert_eq!(Gender::from_code("F"), None);
    }
}
