//! Property tests: reading never panics, and what is written reads back the same.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar_core::syntax::{self, Format};
use hallbar_core::{Datum, GoalCatalogue, GoalId, Hallbarhetssakring, InsatsId};
use proptest::prelude::*;

fn fixture(name: &str) -> Hallbarhetssakring {
    let path = format!(
        "{}/../../fixtures/insatser/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    syntax::parse_as(&text, Format::Toml).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn json_reader_never_panics(text in "\\PC{0,200}") {
        let _ = syntax::parse(&text, Format::Json);
    }

    #[test]
    fn json_reader_never_panics_on_json_like_bytes(text in "[\\[\\]{}\":,0-9a-z\\\\ .eE+-]{0,200}") {
        if let Err(d) = syntax::parse(&text, Format::Json) {
            // Every error has a span inside the text.
            let span = d.span.unwrap();
            prop_assert!(span.start <= text.len());
        }
    }

    #[test]
    fn toml_reader_never_panics(text in "[\\[\\]{}\"=,\\n0-9a-z .#-]{0,200}") {
        let _ = syntax::parse(&text, Format::Toml);
    }

    #[test]
    fn id_constructors_never_panic_and_round_trip(text in "\\PC{0,80}") {
        if let Ok(id) = GoalId::new(text.clone()) {
            prop_assert_eq!(id.as_str(), text.as_str());
            prop_assert_eq!(id.to_string().parse::<GoalId>().unwrap(), id);
        }
        if let Ok(id) = InsatsId::new(text.clone()) {
            prop_assert_eq!(id.as_str(), text.as_str());
        }
        let _ = text.parse::<Datum>();
    }

    #[test]
    fn valid_dates_round_trip(y in 1900u16..2200, m in 1u8..=12, d in 1u8..=31) {
        if let Some(date) = Datum::new(y, m, d) {
            prop_assert_eq!(date.to_string().parse::<Datum>().unwrap(), date);
        }
    }

    #[test]
    fn documents_round_trip_through_json_with_any_effect_strength_and_order(
        strengths in proptest::collection::vec(1i64..=3, 1..6),
        reverse in any::<bool>(),
    ) {
        let mut doc = fixture("laddinfrastruktur.toml");
        for (effect, s) in doc.effekter.iter_mut().zip(&strengths) {
            effect.styrka = hallbar_core::Styrka::new(*s).unwrap();
        }
        if reverse {
            doc.effekter.reverse();
        }
        let json = serde_json::to_string(&doc).unwrap();
        let back: Hallbarhetssakring = syntax::parse_as(&json, Format::Json).unwrap();
        prop_assert_eq!(&back, &doc);
        prop_assert!(hallbar_core::check::check(&back, GoalCatalogue::builtin(), hallbar_core::Lang::Sv).is_empty());
    }
}
