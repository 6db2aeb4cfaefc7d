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

/// Which way is better for key figures: `fixtures/kolada/riktning.toml`, embedded.
pub const DIRECTIONS: &str = include_str!("../../../fixtures/kolada/riktning.toml");

/// Which way is better for a key figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Better {
    /// Lower is better (*lägre*: emissions, say).
    #[serde(rename = "lagre")]
    Lower,
    /// Higher is better (*högre*: a share of renewable energy, say).
    #[serde(rename = "hogre")]
    Higher,
}

/// The direction an insats expects of a key figure, and where that comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Direction {
    /// The key figure.
    pub id: KoladaKpiId,
    /// Which way is better.
    pub battre: Better,
    /// The source of the judgement.
    pub kalla: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectionFile {
    #[allow(dead_code, reason = "read to check the format version")]
    format_version: crate::FormatVersion,
    nyckeltal: Vec<Direction>,
}

/// The expected direction of `kpi` from the embedded table, if it has one.
pub fn direction(kpi: &KoladaKpiId) -> Option<&'static Direction> {
    static TABLE: std::sync::OnceLock<Vec<Direction>> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            crate::syntax::parse_as::<DirectionFile>(DIRECTIONS, crate::syntax::Format::Toml)
                .map(|f| f.nyckeltal)
                .unwrap_or_default()
        })
        .iter()
        .find(|d| &d.id == kpi)
}

/// What the cache has for an assessment's indicators: the key figures' metadata, their
/// values, when the oldest of them was fetched, and the keys it lacks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KoladaData {
    /// The key figures' metadata.
    pub kpis: Vec<KpiMeta>,
    /// The values.
    pub values: Vec<KpiValue>,
    /// When the oldest of the values was fetched (`YYYY-MM-DD…`).
    pub fetched_at: Option<String>,
    /// Keys the cache lacks: key figure, unit, year.
    pub missing: Vec<(KoladaKpiId, String, u16)>,
}

/// One unit's totals of a key figure by year, oldest first; `None` where Kolada has the
/// year without a number.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The unit.
    pub unit: String,
    /// Year and value.
    pub points: Vec<(u16, Option<f64>)>,
}

impl Series {
    /// The first and the last year with a number.
    pub fn ends(&self) -> Option<((u16, f64), (u16, f64))> {
        let mut numbers = self.points.iter().filter_map(|&(y, v)| v.map(|v| (y, v)));
        let first = numbers.next()?;
        Some((first, numbers.next_back().unwrap_or(first)))
    }

    /// Whether the last two changes between years with a number both went the other way
    /// than `better` says: a key figure moving against its insats two years running.
    pub fn against(&self, better: Better) -> bool {
        let numbers: Vec<f64> = self.points.iter().filter_map(|&(_, v)| v).collect();
        let [.., a, b, c] = numbers.as_slice() else {
            return false;
        };
        let worse = |from: f64, to: f64| match better {
            Better::Lower => to > from,
            Better::Higher => to < from,
        };
        worse(*a, *b) && worse(*b, *c)
    }
}

/// The totals (gender T) of `kpi` per unit of `units`, in that order, each unit's years
/// in order; units without any value are left out.
pub fn series(values: &[KpiValue], kpi: &KoladaKpiId, units: &[String]) -> Vec<Series> {
    units
        .iter()
        .filter_map(|unit| {
            let mut points: Vec<(u16, Option<f64>)> = values
                .iter()
                .filter(|v| &v.kpi == kpi && &v.unit == unit && v.gender == Gender::Total)
                .map(|v| (v.year, v.value))
                .collect();
            points.sort_by_key(|&(y, _)| y);
            points.dedup_by_key(|&mut (y, _)| y);
            (!points.is_empty()).then(|| Series {
                unit: unit.clone(),
                points,
            })
        })
        .collect()
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

    #[test]
    fn the_direction_table_reads_and_a_series_says_when_it_moves_against_it() {
        let n00401 = KoladaKpiId::new("N00401").unwrap();
        let d = direction(&n00401).unwrap();
        assert_eq!(d.battre, Better::Lower);
        assert!(!d.kalla.is_empty());
        assert!(direction(&KoladaKpiId::new("N99999").unwrap()).is_none());
        let value = |unit: &str, year, v| KpiValue {
            kpi: n00401.clone(),
            unit: unit.into(),
            year,
            gender: Gender::Total,
            value: v,
        };
        let values = vec![
            value("2326", 2023, Some(9.1)),
            value("2326", 2021, Some(8.0)),
            value("2326", 2022, None),
            value("2326", 2024, Some(9.5)),
            value("0000", 2024, Some(4.0)),
        ];
        let s = series(
            &values,
            &n00401,
            &["2326".into(), "0023".into(), "0000".into()],
        );
        assert_eq!(s.len(), 2, "units without values are left out");
        assert_eq!(
            s[0].points,
            [
                (2021, Some(8.0)),
                (2022, None),
                (2023, Some(9.1)),
                (2024, Some(9.5))
            ]
        );
        assert_eq!(s[0].ends(), Some(((2021, 8.0), (2024, 9.5))));
        // Up twice while lower is better: against; for higher-is-better: not.
        assert!(s[0].against(Better::Lower));
        assert!(!s[0].against(Better::Higher));
        assert!(!s[1].against(Better::Lower), "one value says nothing");
    }
}
