use super::infer::{InferenceConfig, infer};
use super::metrics::{aggregate_to_goals, metrics};
use super::*;
use crate::rules::RuleSet;
use crate::syntax::{Format, parse_as};
use crate::testing::fixture;
use crate::{FindingKind, FindingSource, Hallbarhetssakring, Lang};

fn cat() -> &'static GoalCatalogue {
    GoalCatalogue::builtin()
}

fn id(s: &str) -> GoalId {
    GoalId::new(s).unwrap()
}

#[test]
fn the_standard_interactions_load_and_every_score_has_a_source() {
    let file = InteractionFile::parse(STANDARD_INTERACTIONS, Format::Toml).unwrap();
    assert!(file.om.standard, "the default is marked as a default");
    let g = GoalGraph::standard().unwrap();
    assert_eq!(g.interaction_count(), file.interaktion.len());
    assert!(g.interaction_count() >= 40);
    for (a, b, i) in g.interactions() {
        assert!(
            !i.source.trim().is_empty() && !i.rationale.trim().is_empty(),
            "{a} → {b}"
        );
    }
    assert!(
        g.interactions()
            .any(|(_, _, i)| i.score < Score::Consistent)
    );
}

#[test]
fn interaction_files_report_every_problem_with_its_pointer() {
    let text = r#"
format_version = 1
[om]
namn = "test"
[[interaktion]]
fran = "8"
till = "8"
poang = 1
motivering = "m"
sakerhet = "lag"
kalla = "k"
[[interaktion]]
fran = "8"
till = "19"
poang = 1
motivering = "m"
sakerhet = "lag"
kalla = "k"
[[interaktion]]
fran = "8"
till = "13"
poang = -2
motivering = "m"
sakerhet = "lag"
kalla = "k"
[[interaktion]]
fran = "8"
till = "13"
poang = -1
motivering = "m"
sakerhet = "lag"
kalla = "k"
"#;
    let file = InteractionFile::parse(text, Format::Toml).unwrap();
    let ds = file.to_graph(cat()).unwrap_err();
    let got: Vec<(&str, &str)> = ds
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "/interaktion/0",
                "an interaction from `8` to itself is not allowed"
            ),
            ("/interaktion/1/till", "unknown goal `19`"),
            (
                "/interaktion/3",
                "the interaction `8` → `13` is already given"
            ),
        ]
    );
    let bad = text.replace("poang = -2", "poang = -4");
    let d = InteractionFile::parse(&bad, Format::Toml).unwrap_err();
    assert_eq!(d.pointer, "/interaktion/2/poang");
}

#[test]
fn csv_import_errors_name_row_and_column() {
    let problems = |csv: &str| from_csv(csv, cat(), "t").unwrap_err().problems;
    // Ragged row.
    assert_eq!(
        problems(",8,13\n8,,1,2\n13,1,\n")[0],
        (2, 4, "the row has 4 cells; the header has 3".into())
    );
    // Unknown id, in the header and in a row.
    assert_eq!(
        problems(",8,19\n8,,1\n19,1,\n")[0],
        (1, 3, "unknown goal `19`".into())
    );
    // Score outside the scale, and not a number.
    assert_eq!(
        problems(",8,13\n8,,5\n13,1,\n")[0],
        (2, 3, "score `5` from `8` to `13` is outside −3 … 3".into())
    );
    assert_eq!(
        problems(",8,13\n8,,x\n13,1,\n")[0],
        (2, 3, "`x` from `8` to `13` is not an integer score".into())
    );
    // Duplicate ids.
    assert_eq!(
        problems(",8,8\n8,,1\n8,1,\n")[0],
        (1, 3, "the goal `8` is already column 2".into())
    );
    // Non-square.
    assert_eq!(
        problems(",8,13,15\n8,,1,1\n13,1,,1\n")[0],
        (
            3,
            1,
            "the matrix is not square: 2 rows of goals but 3 columns".into()
        )
    );
    // Rows in another order than the columns.
    assert!(
        problems(",8,13\n13,1,\n8,,1\n")[0]
            .2
            .starts_with("the row is goal `13` where column 2 is goal `8`")
    );
    // A score on the diagonal.
    assert_eq!(problems(",8,13\n8,2,1\n13,1,\n")[0].1, 2);
    // Every problem at once.
    assert_eq!(problems(",8,13\n8,,5\n13,9,\n").len(), 2);
}

#[test]
fn csv_uses_semicolons_as_swedish_excel_writes_them() {
    let g = from_csv(";8;13\n8;;-2\n13;+1;\n", cat(), "t").unwrap();
    assert_eq!(g.score(&id("8"), &id("13")), Some(Score::Counteracting));
    assert_eq!(g.score(&id("13"), &id("8")), Some(Score::Enabling));
}

#[test]
fn csv_and_files_round_trip() {
    let csv = ",7,13,15\n7,,2,-1\n13,1,,\n15,0,1,\n";
    let g = from_csv(csv, cat(), "t").unwrap();
    assert_eq!(to_csv(&g), csv);
    let standard = GoalGraph::standard().unwrap();
    let again = from_csv(&to_csv(&standard), cat(), "t").unwrap();
    assert_eq!(again.interaction_count(), standard.interaction_count());
    for (a, b, i) in standard.interactions() {
        assert_eq!(again.score(a, b), Some(i.score));
    }
    let info = InteractionFileInfo {
        namn: "x".into(),
        kalla: String::new(),
        standard: false,
        kommentar: None,
    };
    let file = InteractionFile::from_graph(&standard, info);
    let back = file.to_graph(cat()).unwrap();
    assert_eq!(back.interactions().count(), standard.interactions().count());
}

#[test]
fn aggregation_keeps_goal_level_metrics_meaningful() {
    let g = GoalGraph::standard().unwrap();
    let goals = aggregate_to_goals(&g, cat());
    assert!(goals.goals().all(|g| g.sdg_parent().is_none()));
    // 7.2 → 13 (+3) and 7.3 → 13 (+2) become 7 → 13, mean 2.5 rounded away from zero.
    assert_eq!(goals.score(&id("7"), &id("13")), Some(Score::Indivisible));
    let m = metrics(&goals, 0.5);
    assert_eq!(m.len(), goals.goal_count());
    assert_eq!(m[0].rank, 1);
}

#[test]
fn inference_finds_the_unstated_land_use_conflict_of_charging_infrastructure() {
    let g = GoalGraph::standard().unwrap();
    let doc = fixture("laddinfrastruktur.toml");
    let found = infer(&g, cat(), &doc, &InferenceConfig::default(), Lang::Sv);
    let land = found
        .iter()
        .find(|f| f.goals == [id("7.2"), id("15.5")])
        .expect("7.2 → 15.5 inferred");
    assert_eq!(land.kind, FindingKind::Malkonflikt);
    assert_eq!(land.source, FindingSource::Graph);
    assert_eq!(land.paths, [[id("7.2"), id("15.5")]]);
    assert!(
        land.explanation.contains("Vind- och vattenkraft"),
        "{}",
        land.explanation
    );
    assert_eq!(land.evidence[0].pointer, "/effekter/1");
    // The insats states a positive effect on 13.2 too: the synergy cites both effects.
    let synergy = found
        .iter()
        .find(|f| f.goals == [id("7.2"), id("13")])
        .unwrap();
    assert_eq!(synergy.kind, FindingKind::Synergi);
    let pointers: Vec<&str> = synergy
        .evidence
        .iter()
        .map(|e| e.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["/effekter/1", "/effekter/0"]);
    assert!(
        synergy
            .explanation
            .contains("Insatsen anger själv en positiv effekt på 13")
    );
}

#[test]
fn inference_follows_longer_chains_when_asked() {
    let mut g = GoalGraph::new();
    g.add_interaction(cat(), &id("4"), &id("8"), Score::Reinforcing)
        .unwrap();
    g.add_interaction(cat(), &id("8"), &id("13"), Score::Counteracting)
        .unwrap();
    let doc: Hallbarhetssakring = parse_as(
        "format_version = 1\n[insats]\nid = \"x\"\ntitel = \"t\"\ntyp = \"projekt\"\nagare = \"r\"\n[[effekter]]\nid = \"e\"\nmal = \"4.4\"\nriktning = \"positiv\"\nstyrka = 3\ntyp = \"direkt\"\nmotivering = \"m\"\nsakerhet = \"hog\"\n",
        Format::Toml,
    )
    .unwrap();
    let one = infer(&g, cat(), &doc, &InferenceConfig::default(), Lang::Sv);
    assert_eq!(
        one.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [FindingKind::Synergi]
    );
    let two = InferenceConfig {
        max_steps: 2,
        ..InferenceConfig::default()
    };
    let found = infer(&g, cat(), &doc, &two, Lang::Sv);
    let conflict = found
        .iter()
        .find(|f| f.kind == FindingKind::Malkonflikt)
        .unwrap();
    assert_eq!(conflict.paths, [[id("4"), id("8"), id("13")]]);
    // 3/3 · 2/3 · −2/3 = −0.44, halved: the links are scored for goal 4, not target 4.4.
    assert!(
        conflict.explanation.contains("0,22"),
        "{}",
        conflict.explanation
    );
    let strict = InferenceConfig {
        max_steps: 2,
        min_strength: 0.5,
        ..InferenceConfig::default()
    };
    assert!(
        infer(&g, cat(), &doc, &strict, Lang::Sv)
            .iter()
            .all(|f| f.kind != FindingKind::Malkonflikt)
    );
}

#[test]
fn a_conflict_a_rule_found_is_merged_not_repeated() {
    let g = GoalGraph::standard().unwrap();
    let doc = fixture("turism-fjall.toml");
    let rules = RuleSet::standard().unwrap();
    let inferred = infer(&g, cat(), &doc, &InferenceConfig::default(), Lang::Sv);
    assert!(inferred.iter().any(|f| f.goals == [id("8.9"), id("13")]));
    let config = InferenceConfig::default();
    let findings = crate::assess::Assessor::new(&rules)
        .with_graph(&g, &config)
        .findings(&doc, Lang::Sv);
    // Merged into the one finding of the pair, which four rules support.
    let pair: Vec<_> = findings
        .iter()
        .filter(|f| f.goals == [id("8.9"), id("13")])
        .collect();
    assert_eq!(pair.len(), 1);
    assert_eq!(pair[0].source, FindingSource::Rule);
    assert_eq!(pair[0].paths, [[id("8.9"), id("13")]]);
    assert!(
        pair[0]
            .supported_by
            .iter()
            .any(|s| s.rule.is_none() && s.path == [id("8.9"), id("13")]),
        "{:?}",
        pair[0].supported_by
    );
    assert!(!pair[0].explanation.contains("Målgrafen"));
    assert_eq!(pair[0].rule.as_deref(), Some("turism-klimat-ekosystem"));
    for rule in [
        "tillvaxt-klimat",
        "miljopaverkan-utanfor-sverige",
        "tillvaxt-ekologiskt-tryck",
        "angiven-malkonflikt",
    ] {
        assert!(pair[0].rules.iter().any(|r| r == rule), "{rule}");
    }
    assert_eq!(pair[0].rules.first(), pair[0].rule.as_ref());
}
