//! The goal graph: SDG Synergies metrics and analyses on a full 169×169 target matrix,
//! and inference for the six example insatser with the standard interactions and with
//! the full matrix.
//!
//! Run: `cargo bench -p hallbar-bench --bench graph`

#![allow(clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hallbar_bench::{fixtures, target_matrix_csv};
use hallbar_core::graph::infer::{InferenceConfig, infer};
use hallbar_core::graph::metrics::{aggregate_to_goals, clusters, metrics, strongest_paths};
use hallbar_core::graph::{GoalGraph, Score, from_csv};
use hallbar_core::{GoalCatalogue, Lang};

fn full_matrix(c: &mut Criterion) {
    let catalogue = GoalCatalogue::builtin();
    let csv = target_matrix_csv(2016);
    let graph = from_csv(&csv, catalogue, "bench").expect("valid matrix");
    assert_eq!(graph.goal_count(), 169);
    let mut group = c.benchmark_group("targets_169");
    group.bench_function("import_csv", |b| {
        b.iter(|| from_csv(black_box(&csv), catalogue, "bench"))
    });
    group.bench_function("metrics", |b| b.iter(|| metrics(black_box(&graph), 0.5)));
    group.bench_function("aggregate_to_goals", |b| {
        b.iter(|| aggregate_to_goals(black_box(&graph), catalogue))
    });
    group.bench_function("clusters", |b| {
        b.iter(|| clusters(black_box(&graph), Score::Reinforcing))
    });
    group.bench_function("strongest_paths_k2_top10", |b| {
        b.iter(|| strongest_paths(black_box(&graph), None, 2, 10));
    });
    group.bench_function("strongest_paths_k3_top10", |b| {
        b.iter(|| strongest_paths(black_box(&graph), None, 3, 10));
    });
    group.finish();
}

fn inference(c: &mut Criterion) {
    let catalogue = GoalCatalogue::builtin();
    let standard = GoalGraph::standard().expect("standard interactions load");
    let full = from_csv(&target_matrix_csv(2016), catalogue, "bench").expect("valid matrix");
    let docs = fixtures();
    let one_step = InferenceConfig::default();
    let two_steps = InferenceConfig {
        max_steps: 2,
        ..InferenceConfig::default()
    };
    let mut group = c.benchmark_group("infer_six_insatser");
    for (name, graph, config) in [
        ("standard_1_step", &standard, &one_step),
        ("standard_2_steps", &standard, &two_steps),
        ("targets_169_1_step", &full, &one_step),
        ("targets_169_2_steps", &full, &two_steps),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                docs.iter()
                    .map(|(_, doc)| infer(graph, catalogue, black_box(doc), config, Lang::Sv).len())
                    .sum::<usize>()
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = full_matrix, inference
}
criterion_main!(benches);
