//! The portfolio's reader (`DocumentBuffer`, which reads the model field by field)
//! against serde_json reading `Hallbarhetssakring` through its derived code: generated
//! assessments, each changed in one place (a field removed, an unknown field added, a
//! field written twice, a value of another kind), read fresh and into the memory of
//! another document. Both accept the same texts and give the same document.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar_core::Hallbarhetssakring;
use hallbar_core::portfolio::{DocumentBuffer, Generator};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Where in a document a change is made: a JSON pointer, and whether an object is there.
fn places(value: &Value, at: &str, out: &mut Vec<(String, bool)>) {
    match value {
        Value::Object(map) => {
            out.push((at.to_owned(), true));
            for (key, v) in map {
                places(v, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            out.push((at.to_owned(), false));
            for (i, v) in items.iter().enumerate() {
                places(v, &format!("{at}/{i}"), out);
            }
        }
        _ => out.push((at.to_owned(), false)),
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
fn changed(doc: &Value, pointer: &str, is_object: bool, change: &Change) -> Option<String> {
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
        // serde reads a struct from a list of its fields in order; this reader, as the
        // JSON Schema, wants an object (tested on its own below).
        Change::Replace(Value::Array(_)) if is_object => return None,
        Change::Replace(value) => *target = value.clone(),
    }
    Some(doc.to_string())
}

fn agree(buffer: &mut DocumentBuffer, text: &str) -> Result<(), TestCaseError> {
    let reference = serde_json::from_str::<Hallbarhetssakring>(text);
    let fresh = DocumentBuffer::default().read_json(text).cloned();
    let reused = buffer.read_json(text).cloned();
    for got in [fresh, reused] {
        match (&got, &reference) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", text),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "{text}\nreader: {got:?}\nserde: {reference:?}"),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn reads_what_serde_reads(
        seed in 0u64..4,
        index in 0u64..200,
        before in 0u64..200,
        place in any::<prop::sample::Index>(),
        change in change(),
    ) {
        let generator = Generator::new(seed);
        let doc = generator.document(index);
        let mut all = Vec::new();
        places(&doc, "", &mut all);
        let (pointer, is_object) = place.get(&all);
        let Some(text) = changed(&doc, pointer, *is_object, &change) else {
            return Ok(());
        };
        // Into the memory of another document, and of the same one unchanged.
        let mut buffer = DocumentBuffer::default();
        buffer.read_json(&generator.document(before).to_string()).unwrap();
        agree(&mut buffer, &text)?;
        buffer.read_json(&doc.to_string()).unwrap();
        agree(&mut buffer, &text)?;
    }
}

#[test]
fn reads_generated_portfolios_as_serde_does() {
    let mut buffer = DocumentBuffer::default();
    for seed in 0..3 {
        let generator = Generator::new(seed);
        for i in 0..300 {
            let text = generator.document(i).to_string();
            let reference: Hallbarhetssakring = serde_json::from_str(&text).unwrap();
            assert_eq!(buffer.read_json(&text).unwrap(), &reference);
        }
    }
}

#[test]
fn a_struct_must_be_an_object() {
    let text = Generator::new(1).document(0).to_string();
    let period = text.find("\"period\":{").unwrap();
    let end = period + text[period..].find('}').unwrap();
    let listed = format!(
        "{}\"period\":[\"2027-01-01\"]{}",
        &text[..period],
        &text[end + 1..]
    );
    // serde takes the list as the fields in order; the schema and this reader do not.
    assert!(serde_json::from_str::<Hallbarhetssakring>(&listed).is_ok());
    let err = DocumentBuffer::default().read_json(&listed).unwrap_err();
    assert_eq!(err.message(), "invalid type: sequence, expected an object");
}
