//! Bad input gets a clear error that names the place and the expectation — never a
//! panic, never a silent default.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar_core::GoalCatalogue;
use hallbar_core::syntax::{Format, LineCol, MAX_DOCUMENT_BYTES};
use hallbar_schema::{DocumentKind, Report, validate};

const GOOD: &str = r#"{
  "format_version": 1,
  "insats": {"id": "x", "titel": "T", "typ": "projekt", "agare": "Region"},
  "effekter": [
    {"id": "e1", "mal": "8", "riktning": "positiv", "styrka": 2, "typ": "direkt",
     "motivering": "Jobb.", "sakerhet": "medel"}
  ]
}"#;

fn run(text: &str, format: Format) -> Report {
    validate(
        DocumentKind::Assessment,
        text,
        format,
        GoalCatalogue::builtin(),
        hallbar_core::Lang::En,
    )
}

/// (pointer, message, line:column) of every diagnostic.
fn problems(text: &str, format: Format) -> Vec<(String, String, Option<LineCol>)> {
    run(text, format)
        .diagnostics
        .iter()
        .map(|d| (d.pointer.clone(), d.message.clone(), d.line_col(text)))
        .collect()
}

/// The line and column where `needle` first occurs in `text`.
fn at(text: &str, needle: &str) -> Option<LineCol> {
    let offset = text.find(needle).expect("needle in text");
    Some(hallbar_core::syntax::line_col(text, offset))
}

#[test]
fn the_good_document_is_valid() {
    let r = run(GOOD, Format::Json);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.document.is_some());
}

#[test]
fn malformed_json_names_line_and_column() {
    let text = GOOD.replace("\"agare\": \"Region\"}", "\"agare\": \"Region\",}");
    let p = problems(&text, Format::Json);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].1, "expected a key in double quotes, found `}`");
    assert_eq!(
        p[0].2,
        at(&text, ",}").map(|l| LineCol {
            column: l.column + 1,
            ..l
        })
    );
    assert_eq!(p[0].0, "/insats");
}

#[test]
fn malformed_toml_names_line_and_column() {
    let p = problems("format_version = 1\n[insats\nid = 1\n", Format::Toml);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].2.unwrap().line, 2);
}

#[test]
fn wrong_types_say_what_was_expected() {
    let text = GOOD.replace("\"styrka\": 2", "\"styrka\": \"2\"");
    let p = problems(&text, Format::Json);
    assert_eq!(
        p,
        [(
            "/effekter/0/styrka".into(),
            "expected an integer, found `\"2\"`".into(),
            at(&text, "\"2\"")
        )]
    );
}

#[test]
fn unknown_fields_point_at_the_key_and_list_the_known_ones() {
    let text = GOOD.replace(
        "\"typ\": \"projekt\"",
        "\"typ\": \"projekt\", \"budget\": 5",
    );
    let r = run(&text, Format::Json);
    let d = &r.diagnostics[0];
    assert_eq!(d.pointer, "/insats/budget");
    assert_eq!(d.message, "unknown field `budget`");
    assert!(d.help.as_deref().unwrap().contains("budget_sek"));
    assert_eq!(&text[d.span.clone().unwrap()], "\"budget\"");
}

#[test]
fn unknown_goal_ids_name_the_place_and_suggest() {
    let text = GOOD.replace("\"mal\": \"8\"", "\"mal\": \"18\"");
    let r = run(&text, Format::Json);
    assert_eq!(r.diagnostics.len(), 1);
    let d = &r.diagnostics[0];
    assert_eq!(
        (d.pointer.as_str(), d.message.as_str()),
        ("/effekter/0/mal", "unknown goal `18`")
    );
    assert_eq!(d.line_col(&text), at(&text, "\"18\""));
    assert!(d.help.as_deref().unwrap().contains("1–17"));
    assert!(r.document.is_none());
}

#[test]
fn unknown_goal_ids_are_reported_together_with_structural_problems() {
    let text = GOOD
        .replace("\"mal\": \"8\"", "\"mal\": \"8.99\"")
        .replace("\"typ\": \"projekt\"", "\"typ\": \"projektet\"");
    let p = problems(&text, Format::Json);
    let pointers: Vec<&str> = p.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(pointers, ["/insats/typ", "/effekter/0/mal"]);
}

#[test]
fn values_out_of_range_say_the_range() {
    let text = GOOD.replace("\"styrka\": 2", "\"styrka\": 7");
    assert_eq!(
        problems(&text, Format::Json)[0].1,
        "expected at most 3, found `7`"
    );
    let text = GOOD.replace("\"styrka\": 2", "\"styrka\": 0");
    assert_eq!(
        problems(&text, Format::Json)[0].1,
        "expected at least 1, found `0`"
    );
    let text = GOOD.replace("\"styrka\": 2", "\"styrka\": 99999999999999999999999");
    assert!(
        problems(&text, Format::Json)[0]
            .1
            .starts_with("expected at most 3, found")
    );
}

#[test]
fn empty_files_are_errors() {
    for (text, format) in [
        ("", Format::Json),
        ("  \n", Format::Json),
        ("", Format::Toml),
        ("# x\n", Format::Toml),
    ] {
        let p = problems(text, format);
        assert_eq!(p.len(), 1, "{text:?}");
        assert!(p[0].1.starts_with("the document is empty"), "{:?}", p[0]);
    }
}

#[test]
fn a_50_mb_document_is_refused_before_parsing() {
    let mut text = String::with_capacity(50 * 1024 * 1024 + 16);
    text.push_str("{\"x\": \"");
    text.push_str(&"a".repeat(50 * 1024 * 1024));
    text.push_str("\"}");
    assert!(text.len() > MAX_DOCUMENT_BYTES);
    let p = problems(&text, Format::Json);
    assert_eq!(p.len(), 1);
    assert!(p[0].1.contains("the limit is 8388608 bytes"), "{}", p[0].1);
}

#[test]
fn nesting_10_000_deep_is_refused_without_overflow() {
    let json = format!("{{\"x\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let p = problems(&json, Format::Json);
    assert_eq!(p.len(), 1);
    assert!(p[0].1.contains("nests deeper than 64 levels"), "{}", p[0].1);
    let toml = format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let p = problems(&toml, Format::Toml);
    assert_eq!(p.len(), 1);
    assert!(p[0].2.is_some());
    let toml = format!("x = {}1{}\n", "{a=".repeat(10_000), "}".repeat(10_000));
    assert_eq!(problems(&toml, Format::Toml).len(), 1);
}

#[test]
fn wrong_format_version_is_named() {
    let text = GOOD.replace("\"format_version\": 1", "\"format_version\": 2");
    assert_eq!(
        problems(&text, Format::Json)[0].1,
        "expected `1`, found `2`"
    );
}

#[test]
fn a_json_array_or_scalar_is_not_an_assessment() {
    for text in ["[]", "42", "\"text\"", "null"] {
        let p = problems(text, Format::Json);
        assert_eq!(p.len(), 1, "{text}");
        assert_eq!(p[0].0, "");
        assert!(p[0].1.starts_with("expected an object"), "{}", p[0].1);
    }
}

#[test]
fn many_problems_are_capped() {
    let effects: Vec<String> = (0..400).map(|i| format!("{{\"id\": \"e{i}\"}}")).collect();
    let text = GOOD.replace(
        "\"effekter\": [",
        &format!("\"effekter\": [{},", effects.join(",")),
    );
    let r = run(&text, Format::Json);
    assert!(r.diagnostics.len() <= hallbar_schema::MAX_DIAGNOSTICS + 1);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.starts_with("too many problems"))
    );
}

#[test]
fn hostile_strings_are_shortened_in_messages() {
    let long = "x".repeat(100_000);
    let text = GOOD.replace("\"typ\": \"projekt\"", &format!("\"typ\": \"{long}\""));
    let p = problems(&text, Format::Json);
    assert!(p[0].1.len() < 500);
}

#[test]
fn a_malformed_optional_date_is_named_as_a_date() {
    let text = GOOD.replace(
        "\"agare\": \"Region\"",
        "\"agare\": \"Region\", \"period\": {\"start\": \"2026-03-01\", \"slut\": \"31/12/2026\"}",
    );
    let p = problems(&text, Format::Json);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "/insats/period/slut");
    assert!(
        p[0].1.contains("expected a calendar date, YYYY-MM-DD"),
        "{}",
        p[0].1
    );
}
