//! Arbitrary text through the direct JSON reader, against serde_json: the same texts
//! accepted (as JSON values and as assessment documents, the same document), and never
//! a panic.
//!
//! Run: `cargo fuzz run direct_json` (from the repository root).
#![no_main]

use hallbar_core::Hallbarhetssakring;
use hallbar_core::syntax::read_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // serde_json nests to 128, the direct reader to 64: compare shallower texts only.
    let depth = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    let direct = read_json::<serde_json::Value>(text);
    let reference = serde_json::from_str::<serde_json::Value>(text);
    if depth <= 64 {
        assert_eq!(direct.is_ok(), reference.is_ok(), "{text:?}: {direct:?} / {reference:?}");
    }
    let direct = read_json::<Hallbarhetssakring>(text);
    let reference = serde_json::from_str::<Hallbarhetssakring>(text);
    if depth <= 64 {
        assert_eq!(direct.is_ok(), reference.is_ok(), "{text:?}: {direct:?} / {reference:?}");
        if let (Ok(a), Ok(b)) = (direct, reference) {
            assert_eq!(a, b);
        }
    }
});
