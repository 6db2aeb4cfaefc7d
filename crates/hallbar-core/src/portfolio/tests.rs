use super::*;
use crate::Hallbarhetssakring;
use crate::assess::Assessor;
use crate::rules::RuleSet;
use crate::syntax::read_json;
use hallbar_generate::Generator;
use std::collections::BTreeMap;

fn documents(n: u64) -> Vec<Hallbarhetssakring> {
    let g = Generator::new(3);
    (0..n)
        .map(|i| serde_json::from_value(g.document(i)).unwrap())
        .collect()
}

fn standard() -> (
    RuleSet,
    crate::graph::GoalGraph,
    crate::graph::infer::InferenceConfig,
) {
    (
        RuleSet::standard().unwrap(),
        crate::graph::GoalGraph::standard().unwrap(),
        crate::graph::infer::InferenceConfig::default(),
    )
}

#[test]
fn merging_summaries_does_not_depend_on_order() {
    let (rules, graph, config) = standard();
    let portfolio = Portfolio::new(Assessor::new(&rules).with_graph(&graph, &config));
    let docs = documents(600);
    let mut whole = Summary::default();
    for (i, d) in (0..).zip(&docs) {
        portfolio.add(&mut whole, i, d);
    }
    // Three workers taking every third document, merged in another order.
    let mut parts = [Summary::default(), Summary::default(), Summary::default()];
    for (i, d) in docs.iter().enumerate().rev() {
        portfolio.add(&mut parts[i % 3], i as u64, d);
    }
    let [a, b, c] = parts;
    let mut merged = c;
    merged.merge(a);
    merged.merge(b);
    assert_eq!(merged, whole);
    let report = portfolio.report(&whole, 10);
    assert_eq!(report.insatser, 600);
    assert_eq!(
        report
            .goals
            .iter()
            .map(|g| g.tally.positive + g.tally.negative)
            .sum::<u64>(),
        report.effects
    );
    assert!(report.cumulative_conflict_count > 0);
    assert!(!report.conflict_pairs.is_empty());
    assert!(report.gaps.contains_key(&Gap::UndecidedCheckpoint));
}

/// A minimal document with the given effects (goal, positive?, strength) in county `lan`
/// running `years`.
fn doc(id: &str, lan: &str, years: (u16, u16), effects: &[(&str, bool, u8)]) -> Hallbarhetssakring {
    let effects: Vec<serde_json::Value> = effects
        .iter()
        .enumerate()
        .map(|(i, (goal, positive, strength))| {
            serde_json::json!({"id": format!("e{i}"), "mal": goal,
                "riktning": if *positive { "positiv" } else { "negativ" },
                "styrka": strength, "typ": "direkt", "motivering": "m", "sakerhet": "medel"})
        })
        .collect();
    serde_json::from_value(serde_json::json!({
        "format_version": 1,
        "insats": {"id": id, "titel": id, "typ": "projekt", "agare": "x",
            "geografi": {"lan": [lan]},
            "period": {"start": format!("{}-01-01", years.0), "slut": format!("{}-12-31", years.1)}},
        "effekter": effects,
    }))
    .unwrap()
}

#[test]
fn cumulative_conflicts_need_different_insatser_in_the_same_region_and_year() {
    let (rules, graph, config) = standard();
    let portfolio = Portfolio::new(Assessor::new(&rules).with_graph(&graph, &config));
    let mut s = Summary::default();
    // One insats with both sides is its own conflict, not a cumulative one.
    portfolio.add(
        &mut s,
        0,
        &doc(
            "a",
            "07",
            (2027, 2027),
            &[("8.2", true, 2), ("13", false, 2)],
        ),
    );
    assert_eq!(portfolio.report(&s, 10).cumulative_conflict_count, 0);
    // Another insats in the same county, overlapping in 2028–2029, pushes 13 down.
    portfolio.add(
        &mut s,
        1,
        &doc("b", "07", (2026, 2029), &[("13.2", false, 3)]),
    );
    // And one elsewhere, which does not count with them.
    portfolio.add(&mut s, 2, &doc("c", "25", (2027, 2027), &[("8", true, 3)]));
    let report = portfolio.report(&s, 10);
    let found: Vec<_> = report
        .cumulative_conflicts
        .iter()
        .map(|c| {
            (
                c.region.as_str(),
                c.positive.as_str(),
                c.negative.as_str(),
                c.years.clone(),
            )
        })
        .collect();
    assert_eq!(found, [("07", "8", "13", vec![2027])]);
    let c = &report.cumulative_conflicts[0];
    assert_eq!((c.insatser_positive, c.insatser_negative), (1, 2));
    assert_eq!(c.score, Some(-2));
    assert_eq!(c.example_positive.as_deref(), Some("a"));
    // The goal tallies count targets for their goal.
    let g13 = report
        .goals
        .iter()
        .find(|g| g.goal.as_str() == "13")
        .unwrap();
    assert_eq!(
        (
            g13.tally.negative,
            g13.tally.negative_strength,
            g13.tally.insatser_negative
        ),
        (2, 5, 2)
    );
    // The rules' conflict pair 8 → 13 of insats a.
    assert!(report.conflict_pairs.iter().any(|p| (
        p.positive.as_str(),
        p.negative.as_str(),
        p.insatser
    ) == ("8", "13", 1)));
}

#[test]
fn opposite_effects_on_one_goal_from_different_insatser_are_cumulative() {
    let rules = RuleSet::standard().unwrap();
    let portfolio = Portfolio::new(Assessor::new(&rules));
    let mut s = Summary::default();
    portfolio.add(
        &mut s,
        3,
        &doc("a", "23", (2027, 2028), &[("15.1", true, 1)]),
    );
    portfolio.add(
        &mut s,
        4,
        &doc("b", "23", (2028, 2028), &[("15.5", false, 2)]),
    );
    let report = portfolio.report(&s, 10);
    assert_eq!(report.cumulative_conflict_count, 1);
    let c = &report.cumulative_conflicts[0];
    assert_eq!(
        (c.positive.as_str(), c.negative.as_str(), c.score),
        ("15", "15", None)
    );
    assert_eq!(c.years, [2028]);
}

#[test]
fn examples_keep_the_smallest_ids() {
    let mut e = Examples::default();
    for i in (0..100).rev() {
        e.add(|| format!("{i:03}"));
    }
    assert_eq!(e.count, 100);
    assert_eq!(e.examples.len(), EXAMPLES);
    assert_eq!(e.examples.first().map(String::as_str), Some("000"));
    assert!(e.examples.is_sorted());
    assert_eq!(e.examples.last().map(String::as_str), Some("009"));
}

/// Texts of every kind of document: the examples (the most complete documents there
/// are) and a generated portfolio (every stage, most fields absent somewhere).
fn document_texts() -> Vec<String> {
    let examples = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/insatser"
    ))
    .unwrap()
    .map(|e| e.unwrap().file_name().into_string().unwrap())
    .filter(|name| name.ends_with(".toml"))
    .map(|name| serde_json::to_string(&crate::testing::fixture(&name)).unwrap());
    let g = Generator::new(9);
    examples
        .chain((0..400).map(|i| g.document(i).to_string()))
        .collect()
}

#[test]
fn a_document_that_cannot_be_read_is_refused_in_serdes_words() {
    let texts = document_texts();
    let second = &texts[texts.len() - 1];
    // Cut short, an unknown field, a wrong type, trailing text, a missing required field:
    // the error serde_json gives, wherever the text breaks off.
    let bad = [
        second[..second.len() / 2].to_owned(),
        second.replacen("\"insats\":{", "\"insats\":{\"okand\":1,", 1),
        second.replacen("\"format_version\":1", "\"format_version\":\"1\"", 1),
        format!("{second} x"),
        second.replacen("\"id\":", "\"id_\":", 1),
    ];
    for text in &bad {
        assert_ne!(text, second);
        let expected = serde_json::from_str::<Hallbarhetssakring>(text).unwrap_err();
        let got = read_json::<Hallbarhetssakring>(text).unwrap_err();
        // The same words; serde_json names the place by line and column, not byte.
        let expected = expected.to_string();
        let words = expected.split(" at line ").next().unwrap();
        assert_eq!(got.message(), words, "{text}");
    }
    assert_eq!(
        read_json::<Hallbarhetssakring>(second).unwrap(),
        serde_json::from_str::<Hallbarhetssakring>(second).unwrap()
    );
}

#[test]
fn goal_conflicts_are_counted_as_an_assessment_reports_them() {
    // Issue 14: one finding per conflict, in the portfolio too.
    let rules = RuleSet::standard().unwrap();
    let assessor = Assessor::new(&rules);
    let portfolio = Portfolio::new(assessor);
    let docs = documents(300);
    let mut summary = Summary::default();
    let mut expected = 0;
    for (i, d) in (0..).zip(&docs) {
        portfolio.add(&mut summary, i, d);
        expected += assessor
            .findings(d, crate::Lang::Sv)
            .iter()
            .filter(|f| f.kind == crate::FindingKind::Malkonflikt)
            .count() as u64;
    }
    assert!(expected > 100, "{expected}");
    let report = portfolio.report(&summary, 10);
    let key = crate::FindingKind::Malkonflikt.to_string();
    assert_eq!(report.finding_kinds.get(&key).copied(), Some(expected));
}

#[test]
fn where_each_insats_stands_is_counted_as_an_assessment_shows_it() {
    // No step done while a serious finding about its work stands, in the portfolio too.
    let rules = RuleSet::standard().unwrap();
    let assessor = Assessor::new(&rules);
    let portfolio = Portfolio::new(assessor);
    let mut summary = Summary::default();
    let mut expected: BTreeMap<(String, crate::method::State), u64> = BTreeMap::new();
    let mut held_back = 0;
    for (i, d) in (0..).zip(&documents(300)) {
        portfolio.add(&mut summary, i, d);
        let profile = crate::method::Profile::for_document(d).unwrap();
        let findings = assessor.findings(d, crate::Lang::Sv);
        let shown = crate::method::status_given(d, profile, &findings);
        if shown.state != crate::method::progress(d, profile).state {
            held_back += 1;
        }
        *expected
            .entry((profile.profil.id.to_string(), shown.state))
            .or_default() += 1;
    }
    assert!(
        held_back > 0,
        "some generated insatser are held back by a serious finding"
    );
    let counted: BTreeMap<(String, crate::method::State), u64> = portfolio
        .report(&summary, 10)
        .states
        .into_iter()
        .map(|row| ((row.profile, row.state), row.insatser))
        .collect();
    assert_eq!(counted, expected);
}

#[test]
fn key_figures_are_followed_up_per_goal_and_against_their_insats() {
    use crate::kolada::{Gender, KoladaData, KpiValue, ValueIndex};
    let rules = RuleSet::standard().unwrap();
    let doc: Hallbarhetssakring = crate::syntax::parse_as(
        include_str!("../../../../fixtures/insatser/laddinfrastruktur.toml"),
        crate::syntax::Format::Toml,
    )
    .unwrap();
    let n00401 = crate::KoladaKpiId::new("N00401").unwrap();
    // Emissions (lower is better) rise in Växjö from the baseline 2024 on; flat in
    // Ljungby (0765); the country falls.
    let value = |unit: &str, year: u16, v: f64| KpiValue {
        kpi: n00401.clone(),
        unit: unit.to_owned(),
        year,
        gender: Gender::Total,
        value: Some(v),
    };
    let mut values = Vec::new();
    for (year, v) in [(2023, 9.0), (2024, 4.0), (2025, 4.2), (2026, 4.5)] {
        values.push(value("0780", year, v));
        values.push(value("0765", year, 5.0));
        values.push(value("0000", year, 10.0 - v));
    }
    let index = ValueIndex::new(KoladaData {
        values,
        ..KoladaData::default()
    });
    let against = crate::kolada::against(&doc, &index);
    assert_eq!(against.len(), 1);
    assert_eq!(against[0].series.len(), 1, "Växjö only");
    let findings = crate::kolada::findings(&doc, &index, crate::Lang::Sv);
    assert_eq!(findings[0].kind, crate::FindingKind::Uppfoljning);
    assert_eq!(findings[0].evidence[0].pointer, "/indikatorer/0");
    assert!(
        findings[0]
            .explanation
            .contains("Växjö 4 (2024) → 4,2 (2025) → 4,5 (2026)"),
        "{}",
        findings[0].explanation
    );

    let portfolio = Portfolio::new(Assessor::new(&rules)).with_values(&index);
    let mut summary = Summary::default();
    portfolio.add(&mut summary, 0, &doc);
    let report = portfolio.report(&summary, 10);
    assert_eq!(report.finding_kinds.get("Uppföljning"), Some(&1));
    let k = &report.key_figures[0];
    assert_eq!((k.kpi.as_str(), k.insatser, k.unit_count), ("N00401", 1, 4));
    assert_eq!(k.against.examples, [doc.insats.id.as_str()]);
    assert_eq!(k.units.last().unwrap().unit, "0000", "the country last");
    assert!(!k.goals.is_empty());
    // Goal 13 is followed by the emissions indicator.
    let g13 = report
        .goal_followup
        .iter()
        .find(|g| g.goal.as_str() == "13")
        .unwrap();
    assert_eq!((g13.insatser, g13.insatser_followed), (1, 1));
    assert_eq!(g13.key_figures, [n00401]);

    // Without values: who follows what, and no findings.
    let plain = Portfolio::new(Assessor::new(&rules));
    let mut summary = Summary::default();
    plain.add(&mut summary, 0, &doc);
    let report = plain.report(&summary, 10);
    assert!(report.values.is_none() && report.key_figures[0].units.is_empty());
    assert_eq!(report.key_figures[0].against.count, 0);
}
