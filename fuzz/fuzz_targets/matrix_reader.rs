//! Arbitrary bytes as a cross-impact matrix (CSV): reading must name each problem's row
//! and column, never panic; a matrix that reads must give SEI's metrics, its clusters
//! and negative links without panicking, and write back to CSV that reads the same.
//!
//! Run: `cargo fuzz run matrix_reader` (from the repository root).
#![no_main]

use hallbar_core::GoalCatalogue;
use hallbar_core::graph::{Score, from_csv, metrics, to_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let catalogue = GoalCatalogue::builtin();
    let Ok(graph) = from_csv(text, catalogue, "fuzz") else { return };
    let _ = metrics::metrics(&graph, 0.5);
    if let Ok(min) = Score::new(2) {
        let _ = metrics::clusters(&graph, min);
    }
    let _ = metrics::negative_links(&graph);
    let again = from_csv(&to_csv(&graph), catalogue, "again").expect("a written matrix reads");
    assert_eq!(again.interaction_count(), graph.interaction_count());
});
