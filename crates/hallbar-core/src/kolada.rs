//! Indicator values from Kolada, RKA's database of key figures for Swedish
//! municipalities and regions, as hallbar keeps them: what a key figure is, and its
//! values per unit, year and gender. No HTTP here: `hallbar-kolada` fetches them, the
//! store caches them, and reports read them.
//!
//! *Units* are Kolada's: a municipality by its four-digit code (`0180`), a region by
//! `00` and its county code (`0023` for Jämtland Härjedalen), the whole country by
//! `0000`.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    Evidence, Finding, FindingKind, FindingSource, Geografi, GoalId, Hallbarhetssakring,
    KoladaKpiId, Lang, Severity,
};

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

/// A unit's name: a municipality's, a county's region, or the country; the code itself
/// when the catalogue of places does not know it.
pub fn unit_name(unit: &str, lang: Lang) -> String {
    if unit == COUNTRY {
        return lang.pick("Riket", "Sweden").to_owned();
    }
    if let Some(code) = unit.strip_prefix("00") {
        if let Some(c) = crate::LanKod::new(code)
            .ok()
            .as_ref()
            .and_then(crate::places::county)
        {
            return format!("{} (region)", c.name);
        }
    }
    crate::KommunKod::new(unit)
        .ok()
        .as_ref()
        .and_then(crate::places::municipality)
        .map_or_else(|| unit.to_owned(), |m| m.name.to_owned())
}

/// How many years back a key figure is followed when its indicator gives no baseline year.
pub const YEARS_WITHOUT_BASELINE: u16 = 4;

/// The first year followed, whatever a baseline says: Kolada's series begin later.
pub const FIRST_YEAR: u16 = 1990;

/// What one key figure of an insats needs from Kolada.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The key figure.
    pub kpi: KoladaKpiId,
    /// The units of the insats's geography ([`units_of`]).
    pub units: Vec<String>,
    /// The first year: the earliest baseline year of its indicators (or
    /// [`YEARS_WITHOUT_BASELINE`] before `to_year`), from [`FIRST_YEAR`] on.
    pub from: u16,
}

/// What `doc`'s indicators need from Kolada up to `to_year`: one [`Need`] per key
/// figure, in the order the indicators name them.
pub fn needs(doc: &Hallbarhetssakring, to_year: u16) -> Vec<Need> {
    let mut out: Vec<Need> = Vec::new();
    let mut units: Option<Vec<String>> = None;
    for i in &doc.indikatorer {
        let Some(kpi) = &i.kolada else { continue };
        let from = i
            .utgangsar
            .unwrap_or(to_year.saturating_sub(YEARS_WITHOUT_BASELINE))
            .clamp(FIRST_YEAR.min(to_year), to_year);
        match out.iter_mut().find(|n| &n.kpi == kpi) {
            Some(n) => n.from = n.from.min(from),
            None => out.push(Need {
                kpi: kpi.clone(),
                units: units
                    .get_or_insert_with(|| units_of(&doc.insats.geografi))
                    .clone(),
                from,
            }),
        }
    }
    out
}

/// Which way is better for key figures: `fixtures/kolada/riktning.toml`, embedded.
pub const DIRECTIONS: &str = include_str!("../../../fixtures/kolada/riktning.toml");

/// Which way is better for a key figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
    /// Keys the cache lacks: key figure, unit, year — the first
    /// [`MAX_MISSING_LISTED`] of them.
    pub missing: Vec<(KoladaKpiId, String, u16)>,
    /// How many keys the cache lacks in all.
    pub missing_count: usize,
}

/// The most missing keys a [`KoladaData`] lists (it counts them all): an assessment at
/// its limits can need millions of keys, and a list of them is no use to a reader.
pub const MAX_MISSING_LISTED: usize = 10_000;

impl KoladaData {
    /// Notes a key the cache lacks.
    pub fn add_missing(&mut self, kpi: &KoladaKpiId, unit: &str, year: u16) {
        self.missing_count += 1;
        if self.missing.len() < MAX_MISSING_LISTED {
            self.missing.push((kpi.clone(), unit.to_owned(), year));
        }
    }
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
        self.against_since(better, 0)
    }

    /// [`Series::against`], counting only the years from `from`: an insats is not
    /// followed up on what happened before its baseline.
    pub fn against_since(&self, better: Better, from: u16) -> bool {
        let [a, b, c] = self.last_three_since(from).map(|p| p.map(|(_, v)| v));
        let (Some(a), Some(b), Some(c)) = (a, b, c) else {
            return false;
        };
        let worse = |from: f64, to: f64| match better {
            Better::Lower => to > from,
            Better::Higher => to < from,
        };
        worse(a, b) && worse(b, c)
    }

    /// The last three years with a number from `from` on, oldest first; `None` where
    /// there are fewer.
    pub fn last_three_since(&self, from: u16) -> [Option<(u16, f64)>; 3] {
        let mut newest = self
            .points
            .iter()
            .rev()
            .filter(|&&(y, _)| y >= from)
            .filter_map(|&(y, v)| v.map(|v| (y, v)));
        let (c, b, a) = (newest.next(), newest.next(), newest.next());
        [a, b, c]
    }
}

/// Cached totals (gender T) grouped by key figure and unit, with the key figures'
/// metadata: for looking up the indicators of many insatser. Built in
/// O(values · log values); each look-up is O(1).
#[derive(Debug, Clone, Default)]
pub struct ValueIndex {
    series: HashMap<KoladaKpiId, HashMap<String, Series>>,
    kpis: HashMap<KoladaKpiId, KpiMeta>,
    /// When the oldest of the values was fetched (`YYYY-MM-DD…`).
    pub fetched_at: Option<String>,
}

impl ValueIndex {
    /// The totals of `data` grouped; its other genders and its missing keys are left out.
    pub fn new(data: KoladaData) -> Self {
        let mut totals: Vec<KpiValue> = data
            .values
            .into_iter()
            .filter(|v| v.gender == Gender::Total)
            .collect();
        totals.sort_by(|a, b| (&a.kpi, &a.unit, a.year).cmp(&(&b.kpi, &b.unit, b.year)));
        totals.dedup_by(|a, b| (&a.kpi, &a.unit, a.year) == (&b.kpi, &b.unit, b.year));
        let mut series: HashMap<KoladaKpiId, HashMap<String, Series>> = HashMap::new();
        for v in totals {
            series
                .entry(v.kpi)
                .or_default()
                .entry(v.unit.clone())
                .or_insert_with(|| Series {
                    unit: v.unit,
                    points: Vec::new(),
                })
                .points
                .push((v.year, v.value));
        }
        Self {
            series,
            kpis: data.kpis.into_iter().map(|m| (m.id.clone(), m)).collect(),
            fetched_at: data.fetched_at,
        }
    }

    /// The totals of `kpi` for `unit`, oldest first, when there are any.
    pub fn get(&self, kpi: &KoladaKpiId, unit: &str) -> Option<&Series> {
        self.series.get(kpi)?.get(unit)
    }

    /// The metadata of `kpi`, when cached.
    pub fn meta(&self, kpi: &KoladaKpiId) -> Option<&KpiMeta> {
        self.kpis.get(kpi)
    }
}

/// A key figure of an insats that has moved against the insats's expectation two years
/// running since its baseline year, where the insats works.
#[derive(Debug, Clone)]
pub struct Against<'a> {
    /// The first indicator naming the key figure: its place in the document's
    /// `indikatorer`.
    pub indicator: usize,
    /// The key figure.
    pub kpi: &'a KoladaKpiId,
    /// The direction the insats expects.
    pub direction: &'static Direction,
    /// The earliest baseline year of the indicators naming it (0: none given).
    pub from: u16,
    /// The units (municipalities, regions) where it moved against it.
    pub series: Vec<&'a Series>,
}

/// The key figures of `doc`'s indicators that have an expected direction
/// ([`direction`]) and have moved against it two years running since the earliest
/// baseline year of the indicators naming them, in one or more of the insats's own
/// units (its municipalities and regions; the country is the reference, not the
/// insats's). Each key figure once, however many indicators name it.
///
/// # Complexity
/// O(indicators² + indicators · units) look-ups: a handful per document.
pub fn against<'a>(doc: &'a Hallbarhetssakring, index: &'a ValueIndex) -> Vec<Against<'a>> {
    let units: Vec<String> = units_of(&doc.insats.geografi)
        .into_iter()
        .filter(|u| u != COUNTRY)
        .collect();
    let mut out = Vec::new();
    for (at, ind) in doc.indikatorer.iter().enumerate() {
        let Some(kpi) = &ind.kolada else { continue };
        let Some(d) = direction(kpi) else { continue };
        let naming = |i: &&crate::Indikator| i.kolada.as_ref() == Some(kpi);
        if doc.indikatorer.iter().position(|i| naming(&i)) != Some(at) {
            continue;
        }
        let from = doc
            .indikatorer
            .iter()
            .filter(naming)
            .map(|i| i.utgangsar.unwrap_or(0))
            .min()
            .unwrap_or(0);
        let series: Vec<&Series> = units
            .iter()
            .filter_map(|u| index.get(kpi, u))
            .filter(|s| s.against_since(d.battre, from))
            .collect();
        if !series.is_empty() {
            out.push(Against {
                indicator: at,
                kpi,
                direction: d,
                from,
                series,
            });
        }
    }
    out
}

/// The goals an indicator follows: those of the effects its key names, each once.
pub fn goals_followed(doc: &Hallbarhetssakring, indicator: &crate::Indikator) -> Vec<GoalId> {
    let mut goals: Vec<GoalId> = doc
        .nycklar
        .iter()
        .filter(|k| k.id == indicator.nyckel)
        .flat_map(|k| &k.effekter)
        .filter_map(|e| doc.effekter.iter().find(|x| &x.id == e))
        .map(|e| e.mal.clone())
        .collect();
    goals.sort();
    goals.dedup();
    goals
}

/// The follow-up findings of `doc` (kind `uppfoljning`): one per key figure of
/// [`against`], its goals those of the effects the keys of its indicators name.
pub fn findings(doc: &Hallbarhetssakring, index: &ValueIndex, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    for Against {
        indicator: at,
        kpi,
        direction: d,
        from,
        series: against,
    } in against(doc, index)
    {
        let Some(ind) = doc.indikatorer.get(at) else {
            continue;
        };
        let mut goals: Vec<GoalId> = doc
            .indikatorer
            .iter()
            .filter(|i| i.kolada.as_ref() == Some(kpi))
            .flat_map(|i| goals_followed(doc, i))
            .collect();
        goals.sort();
        goals.dedup();
        let title = index.meta(kpi).map_or("", |m| m.title.as_str());
        let number = |v: f64| lang.decimal(&format!("{}", (v * 100.0).round() / 100.0));
        let moves: Vec<String> = against
            .iter()
            .map(|s| {
                let last: Vec<String> = s
                    .last_three_since(from)
                    .into_iter()
                    .flatten()
                    .map(|(y, v)| format!("{} ({y})", number(v)))
                    .collect();
                format!("{} {}", unit_name(&s.unit, lang), last.join(" → "))
            })
            .collect();
        let (better, since) = match (d.battre, lang) {
            (Better::Lower, Lang::Sv) => ("lägre är bättre", "sedan utgångsåret"),
            (Better::Higher, Lang::Sv) => ("högre är bättre", "sedan utgångsåret"),
            (Better::Lower, Lang::En) => ("lower is better", "since the baseline year"),
            (Better::Higher, Lang::En) => ("higher is better", "since the baseline year"),
        };
        let baseline = if from > 0 {
            format!(" {since} {from}")
        } else {
            String::new()
        };
        out.push(Finding {
            kind: FindingKind::Uppfoljning,
            severity: Severity::Varning,
            goals,
            source: FindingSource::Followup,
            rule: None,
            rules: Vec::new(),
            title: lang.pick(
                format!("{}: fel riktning två år i rad", ind.namn),
                format!("{}: the wrong way two years running", ind.namn),
            ),
            explanation: lang.pick(
                format!(
                    "Nyckeltalet {kpi} ({title}) har gått åt fel håll två år i rad{baseline}, där insatsen verkar: {}. Insatsen väntar sig motsatsen ({better}, enligt {}). Beräknat av hallbar ur Koladas värden; se över åtgärderna för nyckeln.",
                    moves.join("; "),
                    d.kalla
                ),
                format!(
                    "The key figure {kpi} ({title}) has gone the wrong way two years running{baseline}, where the insats works: {}. The insats expects the opposite ({better}, according to {}). Computed by hallbar from Kolada's values; review the measures of the key.",
                    moves.join("; "),
                    d.kalla
                ),
            ),
            evidence: vec![Evidence::new(
                format!("/indikatorer/{at}"),
                format!("{}: {kpi}", ind.namn),
            )],
            paths: Vec::new(),
            sources: vec!["Källa: Kolada".to_owned(), d.kalla.clone()],
            suggestions: crate::Suggestions::default(),
            supported_by: Vec::new(),
        });
    }
    out
}

/// The totals (gender T) of `kpi` per unit of `units`, in that order, each unit's years
/// in order; units without any value are left out.
pub fn series(values: &[KpiValue], kpi: &KoladaKpiId, units: &[String]) -> Vec<Series> {
    let index = ValueIndex::new(KoladaData {
        values: values.iter().filter(|v| &v.kpi == kpi).cloned().collect(),
        ..KoladaData::default()
    });
    units
        .iter()
        .filter_map(|unit| index.get(kpi, unit).cloned())
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
        // From 2022 on there are only two numbers: one change says nothing.
        assert!(!s[0].against_since(Better::Lower, 2022));
        assert!(s[0].against_since(Better::Lower, 2021));
    }
}
