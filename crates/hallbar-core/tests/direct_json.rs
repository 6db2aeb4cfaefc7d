//! The direct JSON reader (`syntax::read_json`) against serde_json: on any text both
//! accept, the same value (the direct reader's floats are correctly rounded, serde_json's
//! within a few units in the last place); any text one refuses, the other refuses too.
//! (The words of the errors may differ: a text the fast path refuses is read again with
//! the checking reader, whose message is the one shown.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar_core::Hallbarhetssakring;
use hallbar_core::syntax::{MAX_DEPTH, read_json};
use hallbar_generate::Generator;
use proptest::prelude::*;
use serde_json::Value;

/// Values equal, numbers within the rounding of serde_json's float parser.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= 8.0 * f64::EPSILON * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

fn agree(text: &str) -> Result<(), TestCaseError> {
    let direct = read_json::<Value>(text);
    let reference = serde_json::from_str::<Value>(text);
    match (&direct, &reference) {
        (Ok(a), Ok(b)) => prop_assert!(same(a, b), "{text:?}: {a} against {b}"),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(
            false,
            "{text:?}: direct {direct:?}, serde_json {reference:?}"
        ),
    }
    Ok(())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        // Quotes, backslashes and control characters, which are written escaped.
        "[\"\\\\\u{0}-\u{1f}aå😀]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn reads_what_serde_json_writes(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let read = read_json::<Value>(&text).unwrap();
        prop_assert!(same(&read, &value), "{text}");
        agree(&text)?;
    }

    #[test]
    fn refuses_what_serde_json_refuses(value in json_value(), cut in any::<prop::sample::Index>(), byte in "[\\[\\]{}\":,0-9a-z\\\\ .eE+\u{1}-]") {
        // A valid text with one byte replaced, one byte inserted, or cut short.
        let text = serde_json::to_string(&value).unwrap();
        let at = cut.index(text.len() + 1);
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap();
        let (head, tail) = text.split_at(at);
        agree(head)?;
        agree(&format!("{head}{byte}{tail}"))?;
        let mut rest = tail.chars();
        rest.next();
        agree(&format!("{head}{byte}{}", rest.as_str()))?;
    }

    #[test]
    fn never_panics(text in "[\\[\\]{}\":,0-9a-z\\\\ .eE+-]{0,200}") {
        agree(&text)?;
    }
}

#[test]
fn numbers_at_the_edges() {
    for text in [
        "0",
        "-0",
        "-0.0",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "1E-2",
        "1.5e3",
        "-1",
        "+1",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "1e308",
        "1e309",
        "-1e400",
        "123456789012345678901234567890",
        "0.1",
        "2.5e-324",
        "1 2",
        " 7 ",
        "[1,]",
        "[,1]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{1:2}",
        "[1 2]",
        "",
        "tru",
        "nul",
        "true false",
        "\"\\u00e5\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\ud83dx\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"a\tb\"",
        "\"\\\"",
    ] {
        agree(text).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn nesting_is_limited() {
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(read_json::<Value>(&nested(MAX_DEPTH)).is_ok());
    let err = read_json::<Value>(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(err.message(), "recursion limit exceeded");
    // Far deeper than the stack would allow: refused, not a crash.
    assert!(read_json::<Value>(&nested(1_000_000)).is_err());
}

#[test]
fn reads_assessments_as_serde_json_does() {
    let generator = Generator::new(5);
    for i in 0..300 {
        let text = generator.document(i).to_string();
        let reference: Hallbarhetssakring = serde_json::from_str(&text).unwrap();
        assert_eq!(read_json::<Hallbarhetssakring>(&text).unwrap(), reference);
    }
}
