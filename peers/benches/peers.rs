//! The standard rule set in hallbar, in regorus and in ZEN's expression language, on the
//! same generated insatser:
//! evaluation alone (the input already in each engine's own form), and from the JSON
//! text.
//!
//! Run in peers/: `cargo bench --bench peers`

#![allow(clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hallbar_generate::Generator;
use hallbar_core::rules::RuleSet;
use hallbar_core::{GoalCatalogue, Hallbarhetssakring};
use hallbar_peers::catalogue_data;
use hallbar_peers::zen::{ZenRule, ZenRules, zen_catalogue, zen_context};

const DOCS: u64 = 200;
const STANDARD_REGO: &str = include_str!("../rego/standard.rego");
const STANDARD_ZEN: &str = include_str!("../zen/standard.json");

fn engines(c: &mut Criterion) {
    let generator = Generator::new(1);
    let values: Vec<serde_json::Value> = (0..DOCS).map(|i| generator.document(i)).collect();
    let texts: Vec<String> = values.iter().map(ToString::to_string).collect();
    let docs: Vec<Hallbarhetssakring> = values
        .iter()
        .map(|v| serde_json::from_value(v.clone()).expect("valid"))
        .collect();
    let inputs: Vec<regorus::Value> = values.iter().cloned().map(regorus::Value::from).collect();
    let rules = RuleSet::standard().expect("standard rules");

    let mut engine = regorus::Engine::new();
    engine
        .add_policy("standard.rego".into(), STANDARD_REGO.into())
        .expect("loads");
    engine
        .add_data(regorus::Value::from(catalogue_data(
            GoalCatalogue::builtin(),
        )))
        .expect("loads");
    let compiled = engine
        .compile_with_entrypoint(&"data.hallbar.fires".into())
        .expect("compiles");

    let zen = ZenRules::compile(
        &serde_json::from_str::<Vec<ZenRule>>(STANDARD_ZEN).expect("the encoding reads"),
    )
    .expect("compiles");
    let zen_goals = zen_catalogue(GoalCatalogue::builtin());
    let contexts: Vec<zen_expression::Variable> = values
        .iter()
        .map(|v| zen_context(v.clone(), &zen_goals))
        .collect();

    let mut group = c.benchmark_group("engines");
    group.throughput(Throughput::Elements(DOCS));
    group.bench_function("hallbar/matches", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(rules.matches(d));
            }
        });
    });
    group.bench_function("hallbar/findings_in_words", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(rules.evaluate(d, hallbar_core::Lang::Sv));
            }
        });
    });
    group.bench_function("regorus/eval_rule", |b| {
        b.iter(|| {
            for input in &inputs {
                engine.set_input(input.clone());
                black_box(
                    engine
                        .eval_rule("data.hallbar.fires".into())
                        .expect("evaluates"),
                );
            }
        });
    });
    group.bench_function("regorus/compiled", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(compiled.eval_with_input(input.clone()).expect("evaluates"));
            }
        });
    });
    group.bench_function("zen/evaluate", |b| {
        b.iter(|| {
            for context in &contexts {
                black_box(zen.fires(context).expect("evaluates"));
            }
        });
    });
    group.bench_function("hallbar/from_json", |b| {
        b.iter(|| {
            for t in &texts {
                let d: Hallbarhetssakring = serde_json::from_str(t).expect("valid");
                black_box(rules.matches(&d));
            }
        });
    });
    group.bench_function("regorus/compiled_from_json", |b| {
        b.iter(|| {
            for t in &texts {
                let input = regorus::Value::from_json_str(t).expect("valid");
                black_box(compiled.eval_with_input(input).expect("evaluates"));
            }
        });
    });
    group.bench_function("zen/from_json", |b| {
        b.iter(|| {
            for t in &texts {
                let value: serde_json::Value = serde_json::from_str(t).expect("valid");
                let context = zen_context(value, &zen_goals);
                black_box(zen.fires(&context).expect("evaluates"));
            }
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = engines
}
criterion_main!(benches);
