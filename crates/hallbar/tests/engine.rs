//! The facade as an embedder uses it: loading, every problem at once, assessing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar::{Engine, FindingKind, FindingSource, Format, Lang};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../fixtures/insatser/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn the_engine_is_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Engine>();
}

#[test]
fn the_builtin_engine_assesses_every_example_with_method_and_graph() {
    let engine = Engine::builtin().unwrap();
    for name in [
        "turism-fjall.toml",
        "laddinfrastruktur.toml",
        "vindkraft-renskotsel.toml",
    ] {
        let a = engine
            .assess(&fixture(name), Format::Toml, Lang::En)
            .unwrap();
        assert!(
            a.findings.iter().any(|f| f.source == FindingSource::Method),
            "{name}"
        );
        assert!(!a.suggested.is_empty());
    }
    let a = engine
        .assess(&fixture("laddinfrastruktur.toml"), Format::Toml, Lang::Sv)
        .unwrap();
    assert!(a.findings.iter().any(|f| f.source == FindingSource::Graph));
}

#[test]
fn every_problem_of_every_file_is_in_one_load_error() {
    let goals = "format_version = 1\n[ramverk]\nid = \"rus\"\n";
    let rules = "format_version = 1\n[[regel]]\nid = \"x\"\n";
    let err = Engine::builder()
        .goals("var-rus.toml", goals, Format::Toml)
        .rules("vara-regler.toml", rules, Format::Toml)
        .matrix("matris.csv", ",8,13\n8,,4\n13,1,\n")
        .build()
        .unwrap_err();
    let sources: Vec<&str> = err.problems().iter().map(|p| p.source.as_str()).collect();
    for file in ["var-rus.toml", "vara-regler.toml", "matris.csv"] {
        assert!(sources.contains(&file), "{file}: {err}");
    }
    let matrix = err
        .problems()
        .iter()
        .find(|p| p.source == "matris.csv")
        .unwrap();
    assert_eq!((matrix.line, matrix.column), (Some(2), Some(3)));
    assert!(
        err.to_string().starts_with("cannot load the engine: "),
        "{err}"
    );
}

#[test]
fn own_rules_replace_the_standard_set_unless_kept() {
    let rules = r#"
format_version = 1
[[regel]]
id = "egen"
titel = "Egen regel"
beskrivning = "b"
motivering = "m"
kalla = "k"
typ = "kunskapslucka"
allvarlighet = "info"
om = { effekt = { mal = ["8"] } }
"#;
    let own = Engine::builder()
        .rules("egna.toml", rules, Format::Toml)
        .replace_standard_rules()
        .no_graph()
        .build()
        .unwrap();
    assert_eq!(own.rules().len(), 1);
    assert!(own.graph().is_none());
    // By default a rule file is a layer on the standard set.
    let both = Engine::builder()
        .rules("egna.toml", rules, Format::Toml)
        .build()
        .unwrap();
    assert!(both.rules().len() > 30);
    let a = own
        .assess(&fixture("turism-fjall.toml"), Format::Toml, Lang::Sv)
        .unwrap();
    assert!(
        !a.findings
            .iter()
            .any(|f| f.kind == FindingKind::Malkonflikt)
    );
}

#[test]
fn a_document_naming_an_unknown_profile_is_refused_with_its_place() {
    let engine = Engine::builtin().unwrap();
    let text = fixture("kommersiell-service.toml");
    let named = if text.contains("metod = ") {
        text.replacen("metod = \"jamtland-harjedalen\"", "metod = \"okand\"", 1)
    } else {
        format!("metod = \"okand\"\n{text}")
    };
    let err = engine.assess(&named, Format::Toml, Lang::Sv).unwrap_err();
    assert_eq!(err.problems()[0].diagnostic.pointer, "/metod");
    assert!(err.to_string().contains("`okand`"), "{err}");
}

/// Everything the engine takes and returns is named through `hallbar` alone: an embedder
/// needs no other crate of the workspace. (This file names none.)
#[test]
fn an_embedder_names_every_type_through_the_facade() {
    let engine = Engine::builtin().unwrap();
    let catalogue: &hallbar::GoalCatalogue = engine.catalogue();
    let rules: &hallbar::rules::RuleSet = engine.rules();
    let graph: Option<&hallbar::graph::GoalGraph> = engine.graph();
    let profiles: &[hallbar::method::Profile] = engine.profiles();
    assert!(
        catalogue
            .get(&hallbar::GoalId::new("15.5").unwrap())
            .is_some()
    );
    assert!(rules.len() > 20);
    assert!(graph.is_some_and(|g| g.interaction_count() > 0));
    assert!(!profiles.is_empty());

    let text = fixture("vindkraft-renskotsel.toml");
    let assessment = engine.assess(&text, Format::Toml, Lang::Sv).unwrap();
    let doc: &hallbar::Hallbarhetssakring = &assessment.document;
    let first: &hallbar::Effekt = &doc.effekter[0];
    assert!(matches!(
        first.riktning,
        hallbar::Riktning::Positiv | hallbar::Riktning::Negativ
    ));
    let severities: Vec<hallbar::Severity> =
        assessment.findings.iter().map(|f| f.severity).collect();
    assert!(severities.contains(&hallbar::Severity::Allvarlig));
    let state: &hallbar::State = &assessment.status.state;
    assert!(!matches!(state, hallbar::State::Complete));
    let report = engine.report(&assessment, hallbar::ReportFormat::Markdown, Lang::Sv);
    assert!(report.starts_with('#'));

    // The checks themselves, as the CLI and the server use them: an assessor built from
    // the engine, whose catalogue is always its rules' own.
    let assessor: hallbar::Assessor<'_> = engine.assessor(engine.profile_for(doc));
    assert!(std::ptr::eq(assessor.catalogue(), engine.catalogue()));
    assert_eq!(assessor.findings(doc, Lang::Sv), assessment.findings);

    let portfolio: hallbar::portfolio::Report = engine.portfolio(
        [
            (text.as_str(), Format::Toml),
            ("not a document", Format::Json),
        ],
        5,
    );
    assert_eq!((portfolio.insatser, portfolio.invalid.count), (1, 1));
}

#[test]
fn interaction_files_are_layers_on_the_standard_interactions() {
    let id = |s: &str| hallbar::GoalId::new(s).unwrap();
    let region = r#"format_version = 1
om = { namn = "Region Ett" }

[[interaktion]]
fran = "7.2"
till = "15.5"
poang = -1
motivering = "Regionens planering styr undan känsliga områden."
sakerhet = "medel"
kalla = "Workshop 2026-11-20"

[[interaktion]]
fran = "13"
till = "8"
poang = 0
motivering = "Inte här."
sakerhet = "lag"
kalla = "Workshop 2026-11-20"
"#;
    let standard = Engine::builtin().unwrap();
    let standard = standard.graph().unwrap();
    let layered = Engine::builder()
        .interactions("region.toml", region, Format::Toml)
        .build()
        .unwrap();
    let graph = layered.graph().unwrap();
    assert_eq!(
        graph.score(&id("7.2"), &id("15.5")).map(|s| s.value()),
        Some(-1),
        "the region's score replaces the standard one"
    );
    assert_eq!(
        graph.interaction(&id("7.2"), &id("15.5")).unwrap().source,
        "Workshop 2026-11-20"
    );
    let removed = usize::from(standard.score(&id("13"), &id("8")).is_some());
    assert_eq!(graph.score(&id("13"), &id("8")), None, "0 removes the pair");
    assert_eq!(
        graph.interaction_count(),
        standard.interaction_count() - removed,
        "every other pair stays"
    );
    // Replaced: only the region's pairs (the 0 removes nothing there).
    let own = Engine::builder()
        .replace_standard_interactions()
        .interactions("region.toml", region, Format::Toml)
        .build()
        .unwrap();
    assert_eq!(own.graph().unwrap().interaction_count(), 1);
    // The same through the bindings' configuration, one file or a list.
    let config = serde_json::json!({ "interactions": [{ "name": "region.toml", "text": region }] });
    let bound = hallbar::json::engine(&config.to_string()).unwrap();
    assert_eq!(
        bound.graph().unwrap().interaction_count(),
        graph.interaction_count()
    );
}

#[test]
fn a_matrix_from_an_excel_workbook_infers_as_the_same_matrix_from_csv() {
    let csv = std::fs::read_to_string(format!(
        "{}/../../../shared/data/sei-sweden-2018/sweden-34-targets.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let catalogue = hallbar::GoalCatalogue::builtin();
    let graph = hallbar_core::graph::from_csv(&csv, catalogue, "sweden").unwrap();
    let workbook = hallbar_xlsx::write(&graph, &[]).unwrap();
    let from_csv = Engine::builder()
        .matrix("sverige.csv", &csv)
        .build()
        .unwrap();
    let from_xlsx = Engine::builder()
        .matrix_xlsx("sverige.xlsx", &workbook)
        .build()
        .unwrap();
    let titles = |engine: &Engine| -> Vec<String> {
        engine
            .assess(&fixture("laddinfrastruktur.toml"), Format::Toml, Lang::Sv)
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.source == FindingSource::Graph)
            .map(|f| f.title)
            .collect()
    };
    let inferred = titles(&from_csv);
    assert!(!inferred.is_empty());
    assert_eq!(titles(&from_xlsx), inferred);

    // The same through the bindings' JSON configuration, the workbook in base64.
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(&workbook);
    let config = serde_json::json!({ "matrix": { "name": "sverige.xlsx", "base64": encoded } });
    let engine = hallbar::json::engine(&config.to_string()).unwrap();
    assert_eq!(titles(&engine), inferred);
}

#[test]
fn a_workbook_that_is_not_one_is_refused_naming_the_file() {
    let err = Engine::builder()
        .matrix_xlsx("matris.xlsx", b"not a workbook")
        .build()
        .unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!(problem.source, "matris.xlsx");
    assert!(err.to_string().contains("not an .xlsx workbook"), "{err}");

    let bad = serde_json::json!({ "matrix": { "name": "m.xlsx", "base64": "***" } });
    let err = hallbar::json::engine(&bad.to_string()).unwrap_err();
    assert!(
        err.contains("m.xlsx: `base64` is not standard base64"),
        "{err}"
    );
    let both = serde_json::json!({ "matrix": { "name": "m", "text": ",8\n8,\n", "base64": "" } });
    let err = hallbar::json::engine(&both.to_string()).unwrap_err();
    assert!(err.contains("either `text` (CSV) or `base64`"), "{err}");
}
