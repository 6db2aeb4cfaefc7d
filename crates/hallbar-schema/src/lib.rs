//! JSON Schemas (draft 2020-12) of every hallbar document format, generated from the
//! Rust types of `hallbar-core`, and validation that reports every problem of a document
//! at once, each with line, column, JSON pointer and what was expected.
//!
//! ```
//! use hallbar_core::{GoalCatalogue, Lang, syntax::Format};
//! use hallbar_schema::{DocumentKind, validate};
//!
//! let text = r#"{"format_version": 1, "insats": {"id": "x", "titel": "T", "typ": "projekt",
//!   "agare": "Region", "oka": 1}, "effekter": [{"id": "e1", "mal": "18"}]}"#;
//! let report = validate(DocumentKind::Assessment, text, Format::Json, GoalCatalogue::builtin(), Lang::Sv);
//! let problems: Vec<&str> = report.diagnostics.iter().map(|d| d.pointer.as_str()).collect();
//! assert!(problems.contains(&"/insats/oka"));          // unknown field
//! let unknown = report.diagnostics.iter().find(|d| d.pointer == "/insats/oka").unwrap();
//! assert_eq!((unknown.code, unknown.message.as_str()), (Some("unknown_field"), "okänt fält `oka`"));
//! assert!(problems.contains(&"/effekter/0"));          // missing fields
//! assert!(report.document.is_none());
//! ```

#![deny(missing_docs)]

mod humanize;
mod validate;

use std::sync::LazyLock;

use hallbar_core::graph::InteractionFile;
use hallbar_core::graph::workshop::Workshop;
use hallbar_core::method::Profile;
use hallbar_core::portfolio::Report as PortfolioReport;
use hallbar_core::rules::{RuleFile, TestFile};
use hallbar_core::{Finding, FrameworkFile, Hallbarhetssakring};
use schemars::JsonSchema;
use serde_json::Value;

pub use validate::{
    MAX_DIAGNOSTICS, Report, add_framework, add_rules, check_structure, prepare, read_structured,
    validate,
};

/// The kinds of document hallbar reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// The assessment of one insats ([`Hallbarhetssakring`]).
    Assessment,
    /// A goal framework ([`FrameworkFile`]).
    Framework,
    /// One finding of an assessment ([`Finding`]), as `hallbar assess` writes it.
    Finding,
    /// A rule file ([`RuleFile`]).
    Rules,
    /// A file of rule tests ([`TestFile`]).
    RuleTests,
    /// A file of goal interactions ([`InteractionFile`]).
    Interactions,
    /// A method profile ([`Profile`]).
    Profile,
    /// A portfolio follow-up ([`PortfolioReport`]), as `hallbar portfolio --format json`
    /// and `GET /v1/portfolio` write it.
    PortfolioReport,
    /// A scoring workshop of the SDG Synergies method ([`Workshop`]): targets,
    /// participants' scores and the agreed matrix.
    Workshop,
}

impl DocumentKind {
    /// Every kind, in the order the schema files are listed.
    pub const ALL: [Self; 9] = [
        Self::Assessment,
        Self::Framework,
        Self::Finding,
        Self::Rules,
        Self::RuleTests,
        Self::Interactions,
        Self::Profile,
        Self::PortfolioReport,
        Self::Workshop,
    ];

    /// The kind's place in [`Self::ALL`].
    pub(crate) fn index(self) -> usize {
        match self {
            Self::Assessment => 0,
            Self::Framework => 1,
            Self::Finding => 2,
            Self::Rules => 3,
            Self::RuleTests => 4,
            Self::Interactions => 5,
            Self::Profile => 6,
            Self::PortfolioReport => 7,
            Self::Workshop => 8,
        }
    }

    /// The schema's file name under `schemas/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Assessment => "hallbarhetssakring.schema.json",
            Self::Framework => "malramverk.schema.json",
            Self::Finding => "fynd.schema.json",
            Self::Rules => "regler.schema.json",
            Self::RuleTests => "regeltest.schema.json",
            Self::Interactions => "malinteraktioner.schema.json",
            Self::Profile => "metodprofil.schema.json",
            Self::PortfolioReport => "portfoljuppfoljning.schema.json",
            Self::Workshop => "matrisverkstad.schema.json",
        }
    }

    /// The schema as JSON.
    pub fn schema(self) -> &'static Value {
        static ASSESSMENT: LazyLock<Value> =
            LazyLock::new(|| generate::<Hallbarhetssakring>(DocumentKind::Assessment));
        static FRAMEWORK: LazyLock<Value> =
            LazyLock::new(|| generate::<FrameworkFile>(DocumentKind::Framework));
        static FINDING: LazyLock<Value> =
            LazyLock::new(|| generate::<Finding>(DocumentKind::Finding));
        static RULES: LazyLock<Value> = LazyLock::new(|| generate::<RuleFile>(DocumentKind::Rules));
        static RULE_TESTS: LazyLock<Value> =
            LazyLock::new(|| generate::<TestFile>(DocumentKind::RuleTests));
        static INTERACTIONS: LazyLock<Value> =
            LazyLock::new(|| generate::<InteractionFile>(DocumentKind::Interactions));
        static PROFILE: LazyLock<Value> =
            LazyLock::new(|| generate::<Profile>(DocumentKind::Profile));
        static PORTFOLIO_REPORT: LazyLock<Value> =
            LazyLock::new(|| generate::<PortfolioReport>(DocumentKind::PortfolioReport));
        static WORKSHOP: LazyLock<Value> =
            LazyLock::new(|| generate::<Workshop>(DocumentKind::Workshop));
        match self {
            Self::Assessment => &ASSESSMENT,
            Self::Framework => &FRAMEWORK,
            Self::Finding => &FINDING,
            Self::Rules => &RULES,
            Self::RuleTests => &RULE_TESTS,
            Self::Interactions => &INTERACTIONS,
            Self::Profile => &PROFILE,
            Self::PortfolioReport => &PORTFOLIO_REPORT,
            Self::Workshop => &WORKSHOP,
        }
    }

    /// The schema as the pretty-printed text checked in under `schemas/`.
    pub fn schema_text(self) -> String {
        let mut text = serde_json::to_string_pretty(self.schema()).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn generate<T: JsonSchema>(kind: DocumentKind) -> Value {
    let mut schema = schemars::schema_for!(T).to_value();
    if kind == DocumentKind::Assessment {
        bound(&mut schema);
    }
    if let Value::Object(map) = &mut schema {
        let name = kind.file_name().trim_end_matches(".schema.json");
        map.insert(
            "$id".to_owned(),
            Value::String(format!("urn:hallbar:schema:{name}:1")),
        );
    }
    schema
}

/// States the common limits of [`hallbar_core::limits`] in an assessment's schema: every
/// list without a limit of its own holds at most `MAX_LIST` items, every text at most
/// `MAX_TEXT_CHARS` characters.
fn bound(schema: &mut Value) {
    use hallbar_core::limits::{MAX_LIST, MAX_TEXT_CHARS};
    match schema {
        Value::Object(map) => {
            let is = |t: &str| match map.get("type") {
                Some(Value::String(s)) => s == t,
                Some(Value::Array(types)) => types.iter().any(|x| x == t),
                _ => false,
            };
            let (array, string) = (is("array"), is("string"));
            if array && !map.contains_key("maxItems") {
                map.insert("maxItems".to_owned(), MAX_LIST.into());
            }
            if string && !map.contains_key("maxLength") && !map.contains_key("enum") {
                map.insert("maxLength".to_owned(), MAX_TEXT_CHARS.into());
            }
            for value in map.values_mut() {
                bound(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(bound),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assessment_schema_states_the_limits_the_reader_checks() {
        let schema = DocumentKind::Assessment.schema();
        for (pointer, max) in hallbar_core::limits::SECTIONS {
            let at = format!("/properties{pointer}/maxItems");
            assert_eq!(schema.pointer(&at), Some(&Value::from(max)), "{at}");
        }
        let titel = &schema["$defs"]["Insats"]["properties"]["titel"];
        assert_eq!(titel["maxLength"], 300, "a limit of its own is kept");
        let motivering = &schema["$defs"]["Effekt"]["properties"]["motivering"];
        assert_eq!(
            motivering["maxLength"],
            hallbar_core::limits::MAX_TEXT_CHARS
        );
        let kommuner = &schema["$defs"]["Geografi"]["properties"]["kommuner"];
        assert_eq!(kommuner["maxItems"], hallbar_core::limits::MAX_LIST);
    }

    #[test]
    fn all_lists_every_kind_at_its_index() {
        for (i, kind) in DocumentKind::ALL.iter().enumerate() {
            assert_eq!(kind.index(), i, "{kind:?}");
        }
    }
}
