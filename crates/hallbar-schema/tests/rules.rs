//! Rule files: every structural problem at once, nested mistakes named where they are.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use hallbar_core::GoalCatalogue;
use hallbar_core::rules::STANDARD_RULES;
use hallbar_core::syntax::Format;
use hallbar_schema::{DocumentKind, validate};

const HEAD: &str = "format_version = 1\n[[regel]]\nid = \"r\"\ntitel = \"t\"\nbeskrivning = \"b\"\nmotivering = \"m\"\nkalla = \"k\"\ntyp = \"malkonflikt\"\nallvarlighet = \"info\"\n";

fn diagnostics(condition: &str) -> Vec<hallbar_core::syntax::Diagnostic> {
    let text = format!("{HEAD}{condition}\n");
    validate(
        DocumentKind::Rules,
        &text,
        Format::Toml,
        GoalCatalogue::builtin(),
        hallbar_core::Lang::En,
    )
    .diagnostics
}

fn problems(condition: &str) -> Vec<(String, String)> {
    diagnostics(condition)
        .into_iter()
        .map(|d| (d.pointer, d.message))
        .collect()
}

#[test]
fn the_standard_rule_set_is_valid() {
    let r = validate(
        DocumentKind::Rules,
        STANDARD_RULES,
        Format::Toml,
        GoalCatalogue::builtin(),
        hallbar_core::Lang::En,
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn a_misspelt_field_inside_a_condition_is_named_at_its_key() {
    let p = problems("om = { effekt = { mal = [\"8\"], riktnig = \"positiv\" } }");
    assert_eq!(
        p,
        [(
            "/regel/0/om/effekt/riktnig".into(),
            "unknown field `riktnig`".into()
        )]
    );
}

#[test]
fn an_unknown_condition_is_named_at_its_key_with_what_was_meant() {
    let p = problems("om = { effect = { mal = [\"8\"] } }");
    assert_eq!(
        p,
        [("/regel/0/om/effect".into(), "unknown key `effect`".into())]
    );
    let (_, help) = diagnostics("om = { effect = { mal = [\"8\"] } }")
        .into_iter()
        .map(|d| (d.pointer, d.help.unwrap_or_default()))
        .next()
        .unwrap();
    assert!(
        help.starts_with(
            "did you mean `effekt`? expected one of: `alla`, `nagon`, `inte`, `effekt`"
        ),
        "{help}"
    );
}

#[test]
fn mistakes_deep_in_all_and_any_are_found_together() {
    let p = problems(
        "om = { all = [ { effekt = { riktning = \"upp\" } }, { any = [ { sektor = [\"skog\"] } ] } ] }",
    );
    let pointers: Vec<&str> = p.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/regel/0/om/all/0/effekt/riktning",
            "/regel/0/om/all/1/any/0/sektor/0"
        ]
    );
    assert_eq!(
        p[0].1,
        "expected one of `positiv`, `negativ`, found `\"upp\"`"
    );
}

#[test]
fn meaning_is_checked_once_the_structure_is_right() {
    let p = problems("om = { effekt = { mal = [\"18\"] } }");
    assert_eq!(
        p,
        [(
            "/regel/0/om/effekt/mal/0".into(),
            "unknown goal `18`".into()
        )]
    );
}

#[test]
fn an_oversized_rule_file_is_refused() {
    let text = format!(
        "{HEAD}# {}\nom = {{ sektor = [\"energi\"] }}\n",
        "x".repeat(2 * 1024 * 1024)
    );
    let r = validate(
        DocumentKind::Rules,
        &text,
        Format::Toml,
        GoalCatalogue::builtin(),
        hallbar_core::Lang::En,
    );
    assert!(
        r.diagnostics[0]
            .message
            .contains("the limit is 1048576 bytes")
    );
}
