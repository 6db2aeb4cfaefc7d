//! Arbitrary bytes as a rule file, in TOML and JSON: loading must report diagnostics,
//! never panic; a rule set that loads must evaluate an insats without panicking.
//!
//! Run: `cargo fuzz run rule_parser` (from the repository root).
#![no_main]

use std::sync::LazyLock;

use hallbar_core::rules::RuleSetBuilder;
use hallbar_core::syntax::{self, Format};
use hallbar_core::{GoalCatalogue, Hallbarhetssakring, Lang};
use libfuzzer_sys::fuzz_target;

static INSATS: LazyLock<Option<Hallbarhetssakring>> = LazyLock::new(|| {
    syntax::parse_as(include_str!("../../fixtures/insatser/turism-fjall.toml"), Format::Toml).ok()
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for format in [Format::Toml, Format::Json] {
        let mut builder = RuleSetBuilder::new(GoalCatalogue::builtin());
        let diagnostics = builder.add_source("fuzz", text, format);
        for d in &diagnostics {
            // Every diagnostic can be rendered against its source.
            let _ = d.render("fuzz", text);
        }
        if diagnostics.iter().all(|d| !d.is_error()) {
            if let Some(doc) = INSATS.as_ref() {
                let _ = builder.build().evaluate(doc, Lang::Sv);
            }
        }
    }
});
