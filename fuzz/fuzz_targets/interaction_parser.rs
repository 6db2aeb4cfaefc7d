//! Arbitrary bytes as an interaction file, in TOML and JSON: loading must report
//! diagnostics, never panic; a graph that loads must infer for an insats and give its
//! metrics without panicking.
//!
//! Run: `cargo fuzz run interaction_parser` (from the repository root).
#![no_main]

use std::sync::LazyLock;

use hallbar_core::graph::infer::{self, InferenceConfig};
use hallbar_core::graph::{InteractionFile, metrics};
use hallbar_core::syntax::{self, Format};
use hallbar_core::{GoalCatalogue, Hallbarhetssakring};
use libfuzzer_sys::fuzz_target;

static INSATS: LazyLock<Option<Hallbarhetssakring>> = LazyLock::new(|| {
    syntax::parse_as(include_str!("../../fixtures/insatser/turism-fjall.toml"), Format::Toml).ok()
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let catalogue = GoalCatalogue::builtin();
    for format in [Format::Toml, Format::Json] {
        let file = match InteractionFile::parse(text, format) {
            Ok(file) => file,
            Err(d) => {
                let _ = d.render("fuzz", text);
                continue;
            }
        };
        match file.to_graph(catalogue) {
            Ok(graph) => {
                let _ = metrics::metrics(&graph, 0.5);
                if let Some(doc) = INSATS.as_ref() {
                    let _ = infer::influences(&graph, catalogue, doc, &InferenceConfig::default());
                }
            }
            Err(ds) => {
                for d in ds {
                    let _ = d.render("fuzz", text);
                }
            }
        }
    }
});
