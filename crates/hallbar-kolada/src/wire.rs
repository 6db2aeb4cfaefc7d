//! The shapes of Kolada v3's answers, as its documentation gives them. Fields hallbar
//! does not use are ignored; fields it uses are checked: a value of another type is an
//! error, not a default.

use serde::Deserialize;

/// A page of results: `{"values": [...], "count", "next_url", "previous_url"}`.
#[derive(Debug, Deserialize)]
pub(crate) struct Page<T> {
    pub values: Vec<T>,
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub next_url: Option<String>,
}

/// A key figure's metadata.
#[derive(Debug, Deserialize)]
pub(crate) struct Kpi {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// 0 or 1 in the documentation; a boolean is read too.
    #[serde(default)]
    pub is_divided_by_gender: Option<Flag>,
    #[serde(default)]
    pub publication_date: Option<String>,
}

/// A flag as a number (0, 1) or a boolean.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Flag {
    Bool(bool),
    Number(u8),
}

impl Flag {
    pub(crate) fn is_set(&self) -> bool {
        match self {
            Self::Bool(b) => *b,
            Self::Number(n) => *n != 0,
        }
    }
}

/// The values of one key figure for one unit and year.
#[derive(Debug, Deserialize)]
pub(crate) struct DataRow {
    pub kpi: String,
    pub municipality: String,
    /// An integer in v3.
    pub period: u16,
    pub values: Vec<GenderValue>,
}

/// One gender's value.
#[derive(Debug, Deserialize)]
pub(crate) struct GenderValue {
    pub gender: String,
    pub value: Option<f64>,
    #[serde(default)]
    pub isdeleted: bool,
}
