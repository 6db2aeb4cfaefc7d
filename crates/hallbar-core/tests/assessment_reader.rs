//! The portfolio's reader (`syntax::read_json`, the direct JSON reader under serde's
//! derived code) against serde_json reading `Hallbarhetssakring`: generated
//! assessments, each changed in one place (a field removed, an unknown field added, a
//! field written twice, a value of another kind). Both accept the same texts and give
//! the same document.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar_core::Hallbarhetssakring;
use hallbar_core::syntax::read_json;
use hallbar_generate::Generator;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Where in a document a change can be made: the JSON pointer of every value.
fn places(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(at.to_owned());
            for (key, v) in map {
                places(v, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            out.push(at.to_owned());
            for (i, v) in items.iter().enumerate() {
                places(v, &format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at.to_owned()),
    }
}

#[derive(Debug, Clone)]
enum Change {
    /// The object's `n`th field removed.
    Remove(usize),
    /// A field no struct has.
    Unknown,
    /// The object's `n`th field written twice.
    Twice(usize),
    /// The value replaced.
    Replace(Value),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        any::<usize>().prop_map(Change::Remove),
        Just(Change::Unknown),
        any::<usize>().prop_map(Change::Twice),
        prop_oneof![
            Just(Value::Null),
            Just(json!(true)),
            Just(json!(0)),
            Just(json!(2)),
            Just(json!(9)),
            Just(json!(-1)),
            Just(json!(1.5)),
            Just(json!("")),
            Just(json!("positiv")),
            Just(json!("8.5")),
            Just(json!("2027-01-01")),
            Just(json!([])),
            Just(json!(["8.5"])),
            Just(json!({})),
            Just(json!({"positiv": null})),
        ]
        .prop_map(Change::Replace),
    ]
}

/// The document as text with `change` made at `pointer`.
fn changed(doc: &Value, pointer: &str, change: &Change) -> Option<String> {
    let mut doc = doc.clone();
    let target = doc.pointer_mut(pointer)?;
    // None for an empty object: nothing to remove or write twice.
    let nth_key =
        |map: &Map<String, Value>, n: usize| map.keys().nth(n.checked_rem(map.len())?).cloned();
    // An object's text without its own outer braces (only those: a value may end in one).
    let inside = |object: &Value| {
        let text = object.to_string();
        text.strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .map(str::to_owned)
    };
    match change {
        Change::Remove(n) => {
            let map = target.as_object_mut()?;
            let key = nth_key(map, *n)?;
            map.remove(&key);
        }
        Change::Unknown => {
            target.as_object_mut()?.insert("okand".into(), json!(1));
        }
        Change::Twice(n) => {
            // serde_json's maps hold a key once: the object is written by hand.
            let map = target.as_object()?;
            let key = nth_key(map, *n)?;
            let twice = format!(
                "{{{},{}}}",
                inside(&json!({ key.clone(): map[&key] }))?,
                inside(target)?,
            );
            *target = json!("\u{1}twice\u{1}");
            let text = doc.to_string();
            return Some(text.replacen("\"\\u0001twice\\u0001\"", &twice, 1));
        }
        Change::Replace(value) => *target = value.clone(),
    }
    Some(doc.to_string())
}

fn agree(text: &str) -> Result<(), TestCaseError> {
    let reference = serde_json::from_str::<Hallbarhetssakring>(text);
    let got = read_json::<Hallbarhetssakring>(text);
    match (&got, &reference) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", text),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(false, "{text}\nreader: {got:?}\nserde: {reference:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn reads_what_serde_reads(
        seed in 0u64..4,
        index in 0u64..200,
        place in any::<prop::sample::Index>(),
        change in change(),
    ) {
        let doc = Generator::new(seed).document(index);
        let mut all = Vec::new();
        places(&doc, "", &mut all);
        let pointer = place.get(&all);
        let Some(text) = changed(&doc, pointer, &change) else {
            return Ok(());
        };
        agree(&text)?;
    }
}
