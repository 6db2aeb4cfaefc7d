//! Arbitrary bytes as an assessment document, in TOML and JSON: reading and checking must
//! report diagnostics, never panic.
//!
//! Run: `cargo fuzz run document_parser` (from the repository root).
#![no_main]

use hallbar_core::syntax::{self, Format};
use hallbar_core::{GoalCatalogue, Hallbarhetssakring, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for format in [Format::Toml, Format::Json] {
        match syntax::parse(text, format) {
            Ok(node) => {
                if let Ok(doc) = syntax::deserialize::<Hallbarhetssakring>(&node) {
                    for mut d in check::check(&doc, GoalCatalogue::builtin(), hallbar_core::Lang::Sv) {
                        node.attach_span(&mut d);
                        let _ = d.render("fuzz", text);
                    }
                }
            }
            Err(d) => {
                let _ = d.render("fuzz", text);
            }
        }
    }
});
