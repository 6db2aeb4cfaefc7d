//! Graph metrics against a naive dense-matrix reference, on random matrices; CSV round
//! trips; path search against brute force.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar_core::GoalCatalogue;
use hallbar_core::graph::metrics::{metrics, strongest_paths};
use hallbar_core::graph::{from_csv, to_csv};
use proptest::prelude::*;

/// A random n×n matrix of optional scores (None: not scored), diagonal empty.
fn matrix() -> impl Strategy<Value = Vec<Vec<Option<i64>>>> {
    (2usize..14).prop_flat_map(|n| {
        proptest::collection::vec(
            proptest::collection::vec(proptest::option::weighted(0.7, -3i64..=3), n),
            n,
        )
        .prop_map(|mut m| {
            for (i, row) in m.iter_mut().enumerate() {
                row[i] = None;
            }
            m
        })
    })
}

fn csv(m: &[Vec<Option<i64>>]) -> String {
    let n = m.len();
    let ids: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let mut out = String::new();
    for id in &ids {
        out.push(',');
        out.push_str(id);
    }
    out.push('\n');
    for (i, row) in m.iter().enumerate() {
        out.push_str(&ids[i]);
        for cell in row {
            out.push(',');
            if let Some(v) = cell {
                out.push_str(&v.to_string());
            }
        }
        out.push('\n');
    }
    out
}

/// The reference: the formulas of the SDG Synergies method on a dense matrix.
fn naive(m: &[Vec<Option<i64>>], w: f64) -> Vec<(String, i64, i64, i64, i64, f64, f64)> {
    let n = m.len();
    let a = |i: usize, j: usize| m[i][j].unwrap_or(0);
    let out_sum: Vec<i64> = (0..n).map(|i| (0..n).map(|j| a(i, j)).sum()).collect();
    (0..n)
        .map(|i| {
            let in_sum: i64 = (0..n).map(|k| a(k, i)).sum();
            let positive: i64 = (0..n).map(|j| a(i, j).max(0)).sum();
            let negative: i64 = (0..n).map(|j| a(i, j).min(0)).sum();
            let second = w * (0..n).map(|k| (a(i, k) * out_sum[k]) as f64).sum::<f64>();
            (
                (i + 1).to_string(),
                out_sum[i],
                in_sum,
                positive,
                negative,
                second,
                out_sum[i] as f64 + second,
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn metrics_match_the_dense_matrix_formulas(m in matrix(), w in 0.0f64..1.0) {
        let graph = from_csv(&csv(&m), GoalCatalogue::builtin(), "random").unwrap();
        let got = metrics(&graph, w);
        let expected = naive(&m, w);
        // Every goal of the matrix has its metrics, scored or not.
        prop_assert_eq!(got.len(), expected.len());
        for e in &expected {
            let g = got.iter().find(|g| g.id.as_str() == e.0).unwrap();
            prop_assert_eq!((g.out_sum, g.in_sum, g.positive, g.negative), (e.1, e.2, e.3, e.4));
            prop_assert!((g.second_order - e.5).abs() < 1e-9);
            prop_assert!((g.total - e.6).abs() < 1e-9);
        }
        // Ranks: 1 for the highest total, ties share, sorted.
        for pair in got.windows(2) {
            prop_assert!(pair[0].total >= pair[1].total);
            prop_assert!(pair[0].rank <= pair[1].rank);
            prop_assert_eq!(pair[0].rank == pair[1].rank, pair[0].total == pair[1].total);
        }
        if let Some(first) = got.first() {
            prop_assert_eq!(first.rank, 1);
        }
    }

    #[test]
    fn csv_round_trips(m in matrix()) {
        let graph = from_csv(&csv(&m), GoalCatalogue::builtin(), "random").unwrap();
        let again = from_csv(&to_csv(&graph), GoalCatalogue::builtin(), "again").unwrap();
        prop_assert_eq!(again.goal_count(), m.len());
        prop_assert_eq!(again.interaction_count(), graph.interaction_count());
        for (a, b, i) in graph.interactions() {
            prop_assert_eq!(again.score(a, b), Some(i.score));
        }
    }

    #[test]
    fn strongest_path_is_the_strongest_of_all_paths(m in matrix(), length in 1usize..4) {
        let graph = from_csv(&csv(&m), GoalCatalogue::builtin(), "random").unwrap();
        let found = strongest_paths(&graph, None, length, 1);
        // Brute force over every simple path of `length` steps on the dense matrix.
        let n = m.len();
        let mut best = 0.0f64;
        let mut stack: Vec<(Vec<usize>, f64)> = (0..n).map(|i| (vec![i], 1.0)).collect();
        while let Some((path, s)) = stack.pop() {
            if path.len() == length + 1 {
                best = best.max(s.abs());
                continue;
            }
            let last = *path.last().unwrap();
            for (next, cell) in m[last].iter().enumerate() {
                if let Some(v) = *cell {
                    if v != 0 && !path.contains(&next) {
                        let mut p = path.clone();
                        p.push(next);
                        stack.push((p, s * v as f64 / 3.0));
                    }
                }
            }
        }
        match found.first() {
            Some(p) => {
                prop_assert!((p.strength.abs() - best).abs() < 1e-9, "found {} best {}", p.strength, best);
                prop_assert_eq!(p.goals.len(), length + 1);
            }
            None => prop_assert_eq!(best, 0.0),
        }
    }
}
