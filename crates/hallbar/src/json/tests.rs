use serde_json::{Value, json};

use crate::Engine;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../fixtures/insatser/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn call(f: fn(&Engine, &str) -> String, request: &Value) -> Value {
    let engine = Engine::builtin().unwrap();
    serde_json::from_str(&f(&engine, &request.to_string())).unwrap()
}

#[test]
fn assess_answers_with_the_findings_of_the_cli_contract() {
    let out = call(
        super::assess,
        &json!({"document": fixture("turism-fjall.toml"), "format": "toml"}),
    );
    assert_eq!(out["ok"], true, "{out}");
    assert_eq!(out["insats"], "fjallturism-2027");
    let findings = out["findings"].as_array().unwrap();
    let conflict = findings
        .iter()
        .find(|f| f["goals"] == json!(["8.9", "13"]))
        .unwrap();
    assert_eq!(conflict["kind"], "malkonflikt");
    assert_eq!(conflict["rule"], "turism-klimat-ekosystem");
    assert!(out["status"]["steps"].is_array());
    assert!(out["suggested"].is_array());
}

#[test]
fn a_document_with_errors_is_an_error_with_every_problem_and_its_place() {
    let doc = fixture("turism-fjall.toml").replacen("mal = \"8.9\"", "mal = \"18\"", 1);
    let out = call(super::assess, &json!({"document": doc, "format": "toml"}));
    assert_eq!(out["ok"], false);
    assert_eq!(out["error"]["kind"], "document");
    let p = &out["error"]["problems"][0];
    assert_eq!(p["pointer"], "/effekter/0/mal");
    assert!(
        p["line"].as_u64().unwrap() > 1 && p["column"].as_u64().unwrap() > 1,
        "{p}"
    );
    assert!(p["message"].as_str().unwrap().contains("`18`"), "{p}");
}

#[test]
fn malformed_requests_are_error_responses_not_panics() {
    let engine = Engine::builtin().unwrap();
    for request in [
        "",
        "[]",
        "{",
        r#"{"document": 3}"#,
        r#"{"document": "x", "format": "yaml"}"#,
        r#"{"document": "{}", "lang": "fi"}"#,
        r#"{"document": "{}", "extra": 1}"#,
        &format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)),
    ] {
        for f in [super::assess, super::validate] {
            let out: Value = serde_json::from_str(&f(&engine, request)).unwrap();
            assert_eq!(out["ok"], false, "{request:.60}: {out}");
            assert!(
                out["error"]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
            );
        }
    }
}

#[test]
fn a_hostile_document_is_refused_with_its_place() {
    let deep = json!({"document": "[".repeat(10_000)});
    let out = call(super::validate, &deep);
    assert_eq!(out["valid"], false);
    assert!(
        out["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("deeper than 64")
    );
    let out = call(super::assess, &deep);
    assert_eq!(out["ok"], false);
    assert_eq!(out["error"]["problems"][0]["line"], 1);
}

#[test]
fn validate_lists_problems_of_a_json_object() {
    let out = call(
        super::validate,
        &json!({"document": {"format_version": 1, "insats": {"id": "x"}}}),
    );
    assert_eq!(out["ok"], true);
    assert_eq!(out["valid"], false);
    assert!(!out["problems"].as_array().unwrap().is_empty());
}

#[test]
fn an_engine_from_a_configuration_or_every_problem() {
    assert!(super::engine("").is_ok());
    assert!(super::engine("{}").is_ok());
    let rules = "format_version = 1\n[[regel]]\nid = \"x\"\n";
    let config = json!({"rules": [{"name": "vara.toml", "text": rules}], "no_graph": true});
    let err: Value =
        serde_json::from_str(&super::engine(&config.to_string()).unwrap_err()).unwrap();
    assert_eq!(err["error"]["kind"], "load");
    assert_eq!(err["error"]["problems"][0]["source"], "vara.toml");
    for bad in [
        "[",
        r#"{"rules": 1}"#,
        r#"{"goals": [{"name": "x", "text": ""}]}"#,
    ] {
        let err: Value = serde_json::from_str(&super::engine(bad).unwrap_err()).unwrap();
        assert_eq!(err["error"]["kind"], "request", "{bad}: {err}");
    }
}

#[test]
fn report_renders_the_decision_basis() {
    for (output, marker) in [("html", "<html"), ("md", "# "), ("text", "Målkonflikt")] {
        let out = call(
            super::report,
            &json!({"document": fixture("turism-fjall.toml"), "format": "toml", "output": output}),
        );
        assert_eq!(out["ok"], true, "{out}");
        assert!(out["report"].as_str().unwrap().contains(marker), "{output}");
    }
    let out = call(super::report, &json!({"document": "{}", "output": "pdf"}));
    assert_eq!(out["error"]["kind"], "request");
}

#[test]
fn portfolio_adds_up_documents_and_names_the_ones_it_cannot_read() {
    let docs = json!([
        fixture("turism-fjall.toml"),
        fixture("laddinfrastruktur.toml"),
        "x = "
    ]);
    let out = call(
        super::portfolio,
        &json!({"documents": docs, "format": "toml"}),
    );
    assert_eq!(out["ok"], true, "{out}");
    assert_eq!(out["portfolio"]["insatser"], 2);
    assert_eq!(out["portfolio"]["invalid"]["count"], 1);
    assert!(
        out["portfolio"]["invalid"]["examples"][0]
            .as_str()
            .unwrap()
            .starts_with("document 3")
    );
}
