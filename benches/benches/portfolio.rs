//! Where the time of a portfolio run goes, per insats of a generated portfolio: reading
//! the JSON line into the model (serde_json; the direct reader through serde's derived
//! code; the model's own reader the portfolio uses, into the last document's memory),
//! the checks of meaning, the rules (without words), and adding the document up — each
//! alone, then all together as the portfolio command does it.
//!
//! Run: `cargo bench -p hallbar-bench --bench portfolio`

#![allow(clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hallbar_core::assess::Assessor;
use hallbar_core::graph::GoalGraph;
use hallbar_core::graph::infer::InferenceConfig;
use hallbar_core::portfolio::{Portfolio, Summary};
use hallbar_core::rules::RuleSet;
use hallbar_core::syntax::read_json;
use hallbar_core::{GoalCatalogue, Hallbarhetssakring, check};
use hallbar_generate::Generator;

/// The `hallbar` binary's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Documents per iteration: enough kinds of insats that the mix is the portfolio's.
const DOCS: u64 = 1000;

fn stages(c: &mut Criterion) {
    let generator = Generator::new(1);
    let lines: Vec<Vec<u8>> = (0..DOCS)
        .map(|i| serde_json::to_vec(&generator.document(i)).expect("serialises"))
        .collect();
    let bytes: usize = lines.iter().map(Vec::len).sum();
    let docs: Vec<Hallbarhetssakring> = lines
        .iter()
        .map(|l| serde_json::from_slice(l).expect("valid"))
        .collect();
    let catalogue = GoalCatalogue::builtin();
    let rules = RuleSet::standard().expect("standard rules");
    let graph = GoalGraph::standard().expect("standard graph");
    let config = InferenceConfig::default();
    let portfolio = Portfolio::new(Assessor::new(&rules).with_graph(&graph, &config));

    let mut group = c.benchmark_group("portfolio");
    group.throughput(Throughput::Elements(DOCS));
    group.bench_function("parse_json", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(serde_json::from_slice::<Hallbarhetssakring>(l).expect("valid"));
            }
        });
    });
    group.bench_function("parse_json_str", |b| {
        b.iter(|| {
            for l in &lines {
                let text = std::str::from_utf8(l).expect("UTF-8");
                black_box(serde_json::from_str::<Hallbarhetssakring>(text).expect("valid"));
            }
        });
    });
    group.bench_function("parse_direct", |b| {
        b.iter(|| {
            for l in &lines {
                let text = std::str::from_utf8(l).expect("UTF-8");
                black_box(read_json::<Hallbarhetssakring>(text).expect("valid"));
            }
        });
    });
    group.bench_function("scan_json_only", |b| {
        b.iter(|| {
            for l in &lines {
                let text = std::str::from_utf8(l).expect("UTF-8");
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(text).expect("valid"));
            }
        });
    });
    group.bench_function("check", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(check::check(d, catalogue, hallbar_core::Lang::Sv));
            }
        });
    });
    group.bench_function("rules_matches", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(rules.matches(d));
            }
        });
    });
    group.bench_function("add_with_rules", |b| {
        b.iter(|| {
            let mut s = Summary::default();
            for (i, d) in (0..).zip(&docs) {
                portfolio.add(&mut s, i, d);
            }
            s
        });
    });
    group.bench_function("all_from_json", |b| {
        b.iter(|| {
            let mut s = Summary::default();
            for (i, l) in (0..).zip(&lines) {
                let text = simdutf8::basic::from_utf8(l).expect("UTF-8");
                let d = read_json::<Hallbarhetssakring>(text).expect("valid");
                black_box(check::check(&d, catalogue, hallbar_core::Lang::Sv));
                portfolio.add(&mut s, i, &d);
            }
            s
        });
    });
    group.finish();
    eprintln!("mean document: {} bytes", bytes / DOCS as usize);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = stages
}
criterion_main!(benches);
