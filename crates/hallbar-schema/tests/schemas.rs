//! The checked-in schemas are fresh, and every fixture validates against them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use std::path::{Path, PathBuf};

use hallbar_core::syntax::{self, Format};
use hallbar_core::{GoalCatalogue, Hallbarhetssakring};
use hallbar_schema::{DocumentKind, validate};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"))
        .collect();
    v.sort();
    v
}

#[test]
fn checked_in_schemas_are_up_to_date() {
    for kind in DocumentKind::ALL {
        let path = root().join("schemas").join(kind.file_name());
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == kind.schema_text(),
            "{} is stale: run `cargo run -p hallbar-cli -- schema --out schemas`",
            path.display()
        );
    }
}

#[test]
fn every_schema_compiles_into_a_validator() {
    for kind in DocumentKind::ALL {
        assert!(
            hallbar_schema::prepare(kind),
            "{} does not compile",
            kind.file_name()
        );
    }
}

#[test]
fn schemas_declare_draft_2020_12_and_an_id() {
    for kind in DocumentKind::ALL {
        let s = kind.schema();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(
            s["$id"]
                .as_str()
                .unwrap()
                .starts_with("urn:hallbar:schema:")
        );
        assert!(
            jsonschema::meta::is_valid(s),
            "{:?} is not a valid 2020-12 schema",
            kind
        );
    }
}

#[test]
fn there_are_at_least_six_example_insatser() {
    assert!(files("fixtures/insatser").len() >= 6);
}

#[test]
fn every_example_insats_is_valid_without_errors() {
    for path in files("fixtures/insatser") {
        let text = std::fs::read_to_string(&path).unwrap();
        let format = Format::from_path(path.to_str().unwrap()).unwrap();
        let report = validate(
            DocumentKind::Assessment,
            &text,
            format,
            GoalCatalogue::builtin(),
            hallbar_core::Lang::En,
        );
        let problems: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.render(&path.display().to_string(), &text))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let doc = report.document.expect("valid document");
        // Complete enough to exercise the method.
        assert!(doc.effekter.len() >= 4, "{}", path.display());
        assert!(
            doc.effekter
                .iter()
                .any(|e| e.riktning == hallbar_core::Riktning::Negativ)
        );
        assert!(doc.intressenter.len() >= 3, "{}", path.display());
        assert!(!doc.hallplatser.is_empty(), "{}", path.display());
        assert!(!doc.svar.is_empty(), "{}", path.display());
    }
}

#[test]
fn every_example_insats_validates_against_the_raw_json_schema() {
    // Independent of hallbar's own reading: the plain JSON data against the schema.
    let validator = jsonschema::validator_for(DocumentKind::Assessment.schema()).unwrap();
    for path in files("fixtures/insatser") {
        let text = std::fs::read_to_string(&path).unwrap();
        let node = syntax::parse(&text, Format::Toml).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&node.to_json())
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn json_and_toml_read_to_the_same_document() {
    for path in files("fixtures/insatser") {
        let text = std::fs::read_to_string(&path).unwrap();
        let from_toml: Hallbarhetssakring = syntax::parse_as(&text, Format::Toml).unwrap();
        let json = serde_json::to_string_pretty(&from_toml).unwrap();
        let report = validate(
            DocumentKind::Assessment,
            &json,
            Format::Json,
            GoalCatalogue::builtin(),
            hallbar_core::Lang::En,
        );
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        assert_eq!(report.document.unwrap(), from_toml, "{}", path.display());
    }
}

#[test]
fn goal_framework_files_validate() {
    for path in files("fixtures/goals") {
        let text = std::fs::read_to_string(&path).unwrap();
        let report = validate(
            DocumentKind::Framework,
            &text,
            Format::Toml,
            &GoalCatalogue::empty(),
            hallbar_core::Lang::En,
        );
        assert!(
            !report.has_errors(),
            "{}: {:?}",
            path.display(),
            report.diagnostics
        );
    }
}

#[test]
fn generated_portfolio_documents_are_valid_without_any_diagnostic() {
    let generator = hallbar_generate::Generator::new(11);
    for i in 0..300 {
        let text = generator.document(i).to_string();
        let report = validate(
            DocumentKind::Assessment,
            &text,
            Format::Json,
            GoalCatalogue::builtin(),
            hallbar_core::Lang::En,
        );
        assert!(
            report.document.is_some() && report.diagnostics.is_empty(),
            "document {i}: {:?}\n{text}",
            report.diagnostics
        );
    }
}

#[test]
fn a_portfolio_report_conforms_to_its_schema() {
    let catalogue = GoalCatalogue::builtin();
    let rules = hallbar_core::rules::RuleSet::standard().unwrap();
    let graph = hallbar_core::graph::GoalGraph::standard().unwrap();
    let config = hallbar_core::graph::infer::InferenceConfig::default();
    let portfolio = hallbar_core::portfolio::Portfolio::new(
        hallbar_core::assess::Assessor::new(&rules).with_graph(&graph, &config),
    );
    let generator = hallbar_generate::Generator::new(5);
    let mut summary = hallbar_core::portfolio::Summary::default();
    for i in 0..200 {
        let doc: Hallbarhetssakring = serde_json::from_value(generator.document(i)).unwrap();
        portfolio.add(&mut summary, i, &doc);
    }
    summary.add_invalid(200, || "rad 201: not JSON".to_owned());
    let report = serde_json::to_value(portfolio.report(&summary, 15)).unwrap();
    // Every part of the report is present, so the schema is tried on all of it.
    for part in [
        "goals",
        "conflict_pairs",
        "cumulative_conflicts",
        "states",
        "rules",
    ] {
        assert!(!report[part].as_array().unwrap().is_empty(), "{part}");
    }
    assert!(!report["gaps"].as_object().unwrap().is_empty());
    let check = |text: &str| {
        validate(
            DocumentKind::PortfolioReport,
            text,
            Format::Json,
            catalogue,
            hallbar_core::Lang::En,
        )
    };
    let valid = check(&report.to_string());
    assert!(valid.diagnostics.is_empty(), "{:?}", valid.diagnostics);

    let mut wrong = report.clone();
    wrong["states"][0]["state"] = "halfway".into();
    wrong["insatser"] = (-1).into();
    let invalid = check(&wrong.to_string());
    let places: Vec<&str> = invalid
        .diagnostics
        .iter()
        .map(|d| d.pointer.as_str())
        .collect();
    assert!(places.contains(&"/insatser"), "{places:?}");
    assert!(
        places.iter().any(|p| p.starts_with("/states/0")),
        "{places:?}"
    );
}
