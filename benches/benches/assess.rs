//! `POST /v1/assess` without the HTTP: a whole assessment of JSON text through the
//! facade, and each stage of it on its own (parse, schema, read into the model, checks,
//! findings, method status, answer), so that a change to one stage shows where it lands.
//!
//! Run: `cargo bench -p hallbar-bench --bench assess`

#![allow(clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hallbar::Engine;
use hallbar_core::syntax::{self, Format};
use hallbar_core::{Hallbarhetssakring, Lang, check};
use hallbar_schema::DocumentKind;

/// The allocator the `hallbar` binary (and so the server) uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stages(c: &mut Criterion) {
    let engine = Engine::builtin().expect("embedded defaults load");
    let doc = hallbar_bench::insats();
    let text = serde_json::to_string(&doc).expect("the example writes");
    let node = syntax::parse(&text, Format::Json).expect("the example parses");
    let assessment = engine
        .assess(&text, Format::Json, Lang::Sv)
        .expect("the example assesses");

    let mut group = c.benchmark_group("assess");
    group.bench_function("whole", |b| {
        b.iter(|| {
            let a = engine
                .assess(black_box(&text), Format::Json, Lang::Sv)
                .expect("assesses");
            serde_json::to_vec(&a).expect("writes").len()
        });
    });
    group.bench_function("1_parse", |b| {
        b.iter(|| syntax::parse(black_box(&text), Format::Json).expect("parses"));
    });
    group.bench_function("2_schema", |b| {
        b.iter(|| {
            hallbar_schema::check_structure(
                DocumentKind::Assessment,
                black_box(&node),
                hallbar_core::Lang::Sv,
            )
        });
    });
    group.bench_function("3_read", |b| {
        b.iter(|| syntax::deserialize::<Hallbarhetssakring>(black_box(&node)).expect("reads"));
    });
    group.bench_function("4_check", |b| {
        b.iter(|| check::check(black_box(&doc), engine.catalogue(), hallbar_core::Lang::Sv));
    });
    group.bench_function("5_findings", |b| {
        b.iter(|| {
            engine
                .assessor(engine.profile_for(&doc))
                .findings(black_box(&doc), Lang::Sv)
        });
    });
    group.bench_function("6_status", |b| {
        b.iter(|| {
            let profile = engine.profile_for(&doc).expect("a profile");
            (
                hallbar_core::method::status(black_box(&doc), profile),
                hallbar_core::method::suggested_overall(&doc, engine.catalogue()),
            )
        });
    });
    group.bench_function("7_answer", |b| {
        b.iter(|| {
            serde_json::to_vec(black_box(&assessment))
                .expect("writes")
                .len()
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40);
    targets = stages
}
criterion_main!(benches);
