//! Property tests of the rule engine: evaluation is deterministic and independent of rule
//! order; rule files round-trip; random rules never make evaluation panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar_core::rules::{
    Condition, EffectPredicate, Rule, RuleFile, RuleSet, RuleSetBuilder, STANDARD_RULES,
    StakeholderPredicate,
};
use hallbar_core::syntax::{self, Format};
use hallbar_core::{
    FindingKind, GoalCatalogue, GoalId, Hallbarhetssakring, IntressentKategori, Lang, Riktning,
    RuleId, Sektor, Severity,
};
use proptest::prelude::*;

fn fixtures() -> Vec<Hallbarhetssakring> {
    let dir = format!("{}/../../fixtures/insatser", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| syntax::parse_as(&std::fs::read_to_string(p).unwrap(), Format::Toml).unwrap())
        .collect()
}

fn build(file: &RuleFile) -> RuleSet {
    let mut b = RuleSetBuilder::new(GoalCatalogue::builtin());
    let ds = b.add_file("test", file);
    assert!(ds.iter().all(|d| !d.is_error()), "{ds:?}");
    b.build()
}

const GOALS: [&str; 10] = [
    "8", "13", "15", "9.1", "11.2", "5.5", "13.2", "7", "mkm:12", "10",
];

fn effect_predicate() -> impl Strategy<Value = EffectPredicate> {
    (
        proptest::sample::subsequence(GOALS.to_vec(), 0..3),
        proptest::option::of(prop_oneof![
            Just(Riktning::Positiv),
            Just(Riktning::Negativ)
        ]),
    )
        .prop_map(|(goals, riktning)| EffectPredicate {
            mal: goals.into_iter().map(|g| GoalId::new(g).unwrap()).collect(),
            riktning,
            ..EffectPredicate::default()
        })
}

fn condition() -> impl Strategy<Value = Condition> {
    let leaf = prop_oneof![
        effect_predicate().prop_map(Condition::Effekt),
        Just(Condition::Sektor(vec![
            Sektor::Transport,
            Sektor::Skogsbruk
        ])),
        any::<bool>().prop_map(Condition::Renskotselomrade),
        Just(Condition::SaknarIntressent(StakeholderPredicate {
            kategori: vec![IntressentKategori::SamiskaSamhallet],
            involverad: Some(true),
            ..StakeholderPredicate::default()
        })),
        effect_predicate().prop_map(Condition::EffektUtanAtgard),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..3).prop_map(Condition::All),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(Condition::Any),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

fn rule(i: usize, om: Condition) -> Rule {
    Rule {
        id: RuleId::new(format!("r{i}")).unwrap(),
        titel: format!("Regel {i}"),
        title_en: None,
        beskrivning: "b".into(),
        description_en: None,
        motivering: "m".into(),
        kalla: "k".into(),
        typ: FindingKind::Malkonflikt,
        allvarlighet: Severity::Varning,
        dimensioner: Vec::new(),
        om,
        forslag: Default::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn standard_rules_in_any_order_give_the_same_findings(
        // More positions than the standard set has rules: every rule, in any order.
        order in Just((0..64).collect::<Vec<usize>>()).prop_shuffle()
    ) {
        let file: RuleFile = syntax::parse_as(STANDARD_RULES, Format::Toml).unwrap();
        let shuffled = RuleFile {
            regel: order.iter().filter_map(|&i| file.regel.get(i).cloned()).collect(),
            ..file.clone()
        };
        let (a, b) = (build(&file), build(&shuffled));
        let assessor = |rules| hallbar_core::assess::Assessor::new(rules);
        for doc in fixtures() {
            prop_assert_eq!(a.evaluate(&doc, Lang::Sv), b.evaluate(&doc, Lang::Sv));
            // One finding per conflict, whatever order the rules were written in.
            prop_assert_eq!(
                assessor(&a).findings(&doc, Lang::Sv),
                assessor(&b).findings(&doc, Lang::Sv)
            );
        }
    }

    #[test]
    fn random_rules_round_trip_and_evaluate_deterministically(
        conditions in proptest::collection::vec(condition(), 1..8)
    ) {
        let file = RuleFile {
            format_version: Default::default(),
            regel: conditions.into_iter().enumerate().map(|(i, c)| rule(i, c)).collect(),
            stang_av: Vec::new(),
            andra: Vec::new(),
        };
        let json = serde_json::to_string(&file).unwrap();
        let back: RuleFile = syntax::parse_as(&json, Format::Json).unwrap();
        prop_assert_eq!(&back, &file);

        // Random rules may be contradictory; those the checker accepts must evaluate the
        // same way twice, and the index must lose nothing: the same findings as testing
        // every rule.
        let mut b = RuleSetBuilder::new(GoalCatalogue::builtin());
        if b.add_file("random", &file).iter().any(|d| d.is_error()) {
            return Ok(());
        }
        let set = b.build();
        for doc in fixtures() {
            let first = set.evaluate(&doc, Lang::Sv);
            prop_assert_eq!(&first, &set.evaluate(&doc, Lang::Sv));
            prop_assert_eq!(first, set.evaluate_without_index(&doc, Lang::Sv));
        }
    }
}
