//! Arbitrary bytes as requests of the JSON layer the Python, JavaScript and C bindings
//! share: every answer is a JSON object, whatever the request, and nothing panics.
//!
//! Run: `cargo fuzz run bindings_json` (from the repository root).
#![no_main]

use std::sync::LazyLock;

use hallbar::{Engine, json};
use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("the embedded defaults load"));

fn is_object(answer: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(answer).is_ok_and(|v| v.is_object())
}

fuzz_target!(|data: &[u8]| {
    let Ok(request) = std::str::from_utf8(data) else { return };
    let engine = &*ENGINE;
    for answer in [
        json::validate(engine, request),
        json::assess(engine, request),
        json::report(engine, request),
        json::portfolio(engine, request),
    ] {
        assert!(is_object(&answer), "not a JSON object: {answer}");
    }
    if let Err(answer) = json::engine(request) {
        assert!(is_object(&answer), "not a JSON object: {answer}");
    }
});
