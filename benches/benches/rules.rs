//! Rule evaluation per insats: 1, 10, 100 and 1000 rules, with and without the goal
//! index, and the standard rule set on every example insats.
//!
//! Run: `cargo bench -p hallbar-bench --bench rules`

#![allow(clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hallbar_bench::{Relevance, fixtures, insats, rule_set};
use hallbar_core::Lang;
use hallbar_core::rules::RuleSet;

const SIZES: [usize; 4] = [1, 10, 100, 1000];

fn rule_count(c: &mut Criterion) {
    let doc = insats();
    let mut group = c.benchmark_group("rules");
    for n in SIZES {
        let none = rule_set(n, Relevance::None);
        let all = rule_set(n, Relevance::All);
        assert!(none.evaluate(&doc, Lang::Sv).is_empty());
        assert_eq!(all.evaluate(&doc, Lang::Sv).len(), n);
        group.bench_with_input(BenchmarkId::new("cannot_match/indexed", n), &n, |b, _| {
            b.iter(|| none.evaluate(black_box(&doc), Lang::Sv));
        });
        group.bench_with_input(BenchmarkId::new("cannot_match/scan_all", n), &n, |b, _| {
            b.iter(|| none.evaluate_without_index(black_box(&doc), Lang::Sv));
        });
        group.bench_with_input(BenchmarkId::new("all_match/indexed", n), &n, |b, _| {
            b.iter(|| all.evaluate(black_box(&doc), Lang::Sv));
        });
    }
    group.finish();
}

fn standard_set(c: &mut Criterion) {
    let set = RuleSet::standard().expect("standard rules load");
    let mut group = c.benchmark_group("standard");
    for (name, doc) in fixtures() {
        group.bench_function(name, |b| b.iter(|| set.evaluate(black_box(&doc), Lang::Sv)));
    }
    group.finish();
    // The same evaluation without putting the findings into words: what a portfolio
    // run needs.
    let mut group = c.benchmark_group("standard_matches");
    for (name, doc) in fixtures() {
        group.bench_function(name, |b| b.iter(|| set.matches(black_box(&doc)).len()));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40);
    targets = rule_count, standard_set
}
criterion_main!(benches);
