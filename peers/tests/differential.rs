//! regorus, given the Rego encoding of the standard rule set, and ZEN, given its
//! expressions, fire exactly the rules hallbar fires, on the example insatser and on
//! thousands of generated ones.
//!
//! Run in peers/: `cargo test --release`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::collections::BTreeSet;

use hallbar_generate::Generator;
use hallbar_core::rules::RuleSet;
use hallbar_core::{GoalCatalogue, Hallbarhetssakring};
use hallbar_peers::zen::{ZenRule, ZenRules, to_zen, zen_catalogue, zen_context};
use hallbar_peers::{catalogue_data, to_rego};

const STANDARD_REGO: &str = include_str!("../rego/standard.rego");
const STANDARD_ZEN: &str = include_str!("../zen/standard.json");

fn engine() -> regorus::Engine {
    let mut engine = regorus::Engine::new();
    engine
        .add_policy("standard.rego".into(), STANDARD_REGO.into())
        .expect("the Rego module loads");
    engine
        .add_data(regorus::Value::from(catalogue_data(
            GoalCatalogue::builtin(),
        )))
        .expect("the catalogue loads");
    engine
}

fn regorus_fires(engine: &mut regorus::Engine, doc: &serde_json::Value) -> BTreeSet<String> {
    engine.set_input(regorus::Value::from(doc.clone()));
    let fired = engine
        .eval_rule("data.hallbar.fires".into())
        .expect("evaluates");
    fired
        .as_set()
        .expect("a set")
        .iter()
        .map(|v| v.as_string().expect("rule ids").to_string())
        .collect()
}

fn hallbar_fires(rules: &RuleSet, doc: &Hallbarhetssakring) -> BTreeSet<String> {
    rules
        .matches(doc)
        .iter()
        .map(|m| m.rule.id.to_string())
        .collect()
}

#[test]
fn the_checked_in_encoding_is_current() {
    let rules = RuleSet::standard().unwrap();
    assert!(
        to_rego(&rules, GoalCatalogue::builtin()) == STANDARD_REGO,
        "rego/standard.rego is stale: run `cargo run --release --bin rego` in peers/"
    );
}

/// The example insatser and 3 000 generated ones, as JSON.
fn documents() -> Vec<serde_json::Value> {
    let mut docs: Vec<serde_json::Value> = Vec::new();
    for entry in
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/insatser")).unwrap()
    {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let doc: Hallbarhetssakring =
            hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
        docs.push(serde_json::to_value(&doc).unwrap());
    }
    let generator = Generator::new(7);
    docs.extend((0..3000).map(|i| generator.document(i)));
    docs
}

/// Whether `peer` fires exactly the rules hallbar fires on every document, and every
/// rule fires somewhere (else the comparison would mean little).
fn agree(mut peer: impl FnMut(&serde_json::Value) -> BTreeSet<String>) {
    let rules = RuleSet::standard().unwrap();
    let mut fired_somewhere = BTreeSet::new();
    for (i, value) in documents().iter().enumerate() {
        let doc: Hallbarhetssakring = serde_json::from_value(value.clone()).unwrap();
        let ours = hallbar_fires(&rules, &doc);
        let theirs = peer(value);
        assert_eq!(ours, theirs, "document {i}: {value}");
        fired_somewhere.extend(ours);
    }
    assert_eq!(
        fired_somewhere.len(),
        rules.len(),
        "every rule fires somewhere: {fired_somewhere:?}"
    );
}

#[test]
fn regorus_fires_the_same_rules_as_hallbar() {
    let mut engine = engine();
    agree(|doc| regorus_fires(&mut engine, doc));
}

#[test]
fn the_checked_in_zen_encoding_is_current() {
    let rules = RuleSet::standard().unwrap();
    let current = to_zen(&rules, GoalCatalogue::builtin());
    let checked_in: Vec<ZenRule> = serde_json::from_str(STANDARD_ZEN).unwrap();
    assert!(
        current == checked_in,
        "zen/standard.json is stale: run `cargo run --release --bin zen` in peers/"
    );
}

#[test]
fn zen_fires_the_same_rules_as_hallbar() {
    let zen =
        ZenRules::compile(&serde_json::from_str::<Vec<ZenRule>>(STANDARD_ZEN).unwrap()).unwrap();
    let catalogue = zen_catalogue(GoalCatalogue::builtin());
    agree(|doc| {
        let context = zen_context(doc.clone(), &catalogue);
        zen.fires(&context)
            .unwrap()
            .into_iter()
            .map(str::to_owned)
            .collect()
    });
}
