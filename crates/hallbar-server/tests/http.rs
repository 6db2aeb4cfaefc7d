//! The API over real HTTP on loopback: the server runs in this process on a free port,
//! a minimal HTTP/1.1 client talks to it over TCP.
//!
//! On SQLite by default; with `HALLBAR_TEST_POSTGRES=postgres://user@host:port` the same
//! tests run on PostgreSQL, each in a database of its own (`.ci/run` does both).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

mod common;

use std::time::Duration;

use common::{Server, fixture, fresh_db, start, start_on, start_with, start_with_engine};
use hallbar_store::Role;
use serde_json::{Value, json};

#[test]
fn health_readiness_and_openapi_need_no_token() {
    let s = start("health", 1 << 20);
    assert_eq!(s.call("GET", "/health", None, None, b"", &[]).0, 200);
    assert_eq!(s.call("GET", "/ready", None, None, b"", &[]).0, 200);
    let (status, _, body) = s.call("GET", "/openapi.json", None, None, b"", &[]);
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["components"]["schemas"]["Hallbarhetssakring"].is_object());
    assert!(
        doc["components"]["schemas"]["Effekt"].is_object(),
        "the model's definitions are components"
    );
    assert!(
        !body.contains("#/$defs/"),
        "every $ref points into components"
    );
}

#[test]
fn the_happy_path_create_update_versions_checkpoint_findings_report() {
    let s = start("happy", 1 << 20);
    let t = s.token(Role::Handlaggare, "Region Exempel");
    let doc = fixture("vindkraft-renskotsel.toml");
    let (status, v1) = s.json("POST", "/v1/assessments", Some(&t), &doc);
    assert_eq!(status, 201, "{v1}");
    assert_eq!(v1["version"], 1);
    let mut changed = doc.clone();
    changed["insats"]["titel"] = json!("Remissyttrande, reviderat");
    let (status, head, body) = s.call(
        "PUT",
        "/v1/assessments/remiss-vindpark-2026-17",
        Some(&t),
        Some("application/json"),
        changed.to_string().as_bytes(),
        &[("If-Match", "\"1\"")],
    );
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: application/json"));
    // A stale If-Match is a conflict, not an overwrite.
    let (status, head, body) = s.call(
        "PUT",
        "/v1/assessments/remiss-vindpark-2026-17",
        Some(&t),
        Some("application/json"),
        changed.to_string().as_bytes(),
        &[("If-Match", "1")],
    );
    assert_eq!(status, 412, "{body}");
    assert!(head.contains("content-type: application/problem+json"));
    let (status, cp) = s.json("POST", "/v1/assessments/remiss-vindpark-2026-17/checkpoints", Some(&t), &json!({ "efter_steg": "A", "beslut": "fortsatt", "motivering": "Samråd inplanerat.", "datum": "2026-11-20" }));
    assert_eq!(status, 201, "{cp}");
    assert_eq!(cp["version"], 3);
    let (status, _, body) = s.call(
        "GET",
        "/v1/assessments/remiss-vindpark-2026-17/versions",
        Some(&t),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200);
    let versions: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(versions["versions"].as_array().unwrap().len(), 3);
    assert_eq!(
        versions["versions"][0]["document"]["insats"]["titel"], doc["insats"]["titel"],
        "version 1 is kept as it was"
    );
    let (status, _, body) = s.call(
        "GET",
        "/v1/assessments/remiss-vindpark-2026-17/findings",
        Some(&t),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200);
    let findings: Value = serde_json::from_str(&body).unwrap();
    assert!(
        findings["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "renskotsel-samer-ej-involverade")
    );
    let (status, head, body) = s.call(
        "GET",
        "/v1/assessments/remiss-vindpark-2026-17/report?format=md",
        Some(&t),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200);
    assert!(head.contains("text/markdown"));
    assert!(body.starts_with("# Beslutsunderlag: Remissyttrande, reviderat"));
    let (status, _, body) = s.call("GET", "/v1/assessments", Some(&t), None, b"", &[]);
    assert_eq!(status, 200);
    assert!(body.contains("\"latest_version\":3"), "{body}");
}

#[test]
fn assess_without_storing_and_graph_metrics() {
    let s = start("assess", 1 << 20);
    let t = s.token(Role::Lasare, "R");
    let (status, out) = s.json(
        "POST",
        "/v1/assess",
        Some(&t),
        &fixture("turism-fjall.toml"),
    );
    assert_eq!(status, 200, "{out}");
    assert!(out["findings"].as_array().unwrap().iter().any(|f| {
        f["kind"] == "malkonflikt"
            && f["rules"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "tillvaxt-klimat")
    }));
    let (status, _, body) = s.call(
        "POST",
        "/v1/graph/metrics",
        Some(&t),
        Some("text/csv"),
        b",7,13\n7,,2\n13,1,\n",
        &[],
    );
    assert_eq!(status, 200, "{body}");
    let m: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(m["nodes"][0]["id"], "7");
    let (status, _, body) = s.call(
        "POST",
        "/v1/graph/metrics",
        Some(&t),
        Some("text/csv"),
        b",7,13\n7,,5\n13,1,\n",
        &[],
    );
    assert_eq!(status, 422);
    assert!(
        body.contains("\"line\":2") && body.contains("\"column\":3"),
        "{body}"
    );
}

#[test]
fn authentication_and_roles() {
    let s = start("auth", 1 << 20);
    let reader = s.token(Role::Lasare, "R");
    let doc = fixture("turism-fjall.toml");
    assert_eq!(s.json("GET", "/v1/assessments", None, &json!({})).0, 401);
    let (status, head, _) = s.call("GET", "/v1/assessments", Some("hb_wrong"), None, b"", &[]);
    assert_eq!(status, 401);
    assert!(head.contains("www-authenticate: bearer"));
    let (status, problem) = s.json("POST", "/v1/assessments", Some(&reader), &doc);
    assert_eq!(status, 403, "{problem}");
    assert_eq!(problem["title"], "Not allowed for this role");
    let analyst = s.token(Role::Analytiker, "R");
    let handler = s.token(Role::Handlaggare, "R");
    let rules = json!({ "format_version": 1, "regel": [] });
    assert_eq!(
        s.json("POST", "/v1/rules/validate", Some(&handler), &rules)
            .0,
        403
    );
    assert_eq!(
        s.json("POST", "/v1/rules/validate", Some(&analyst), &rules)
            .0,
        200
    );
}

#[test]
fn an_organisation_sees_only_its_own_assessments() {
    let s = start("orgs", 1 << 20);
    let a = s.token(Role::Handlaggare, "Region A");
    let b = s.token(Role::Handlaggare, "Region B");
    assert_eq!(
        s.json(
            "POST",
            "/v1/assessments",
            Some(&a),
            &fixture("turism-fjall.toml")
        )
        .0,
        201
    );
    assert_eq!(
        s.call(
            "GET",
            "/v1/assessments/fjallturism-2027",
            Some(&b),
            None,
            b"",
            &[]
        )
        .0,
        404
    );
    let (_, _, body) = s.call("GET", "/v1/assessments", Some(&b), None, b"", &[]);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["assessments"],
        json!([])
    );
}

#[test]
fn bad_input_gets_problem_details_naming_the_place() {
    let s = start("bad", 64 * 1024);
    let t = s.token(Role::Handlaggare, "R");
    // Malformed JSON: line and column.
    let (status, _, body) = s.call(
        "POST",
        "/v1/assessments",
        Some(&t),
        Some("application/json"),
        b"{\"format_version\": 1,\n \"insats\": }",
        &[],
    );
    assert_eq!(status, 422);
    let p: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (
            p["errors"][0]["line"].as_u64(),
            p["errors"][0]["pointer"].as_str()
        ),
        (Some(2), Some("/insats"))
    );
    // Wrong content type.
    assert_eq!(
        s.call(
            "POST",
            "/v1/assessments",
            Some(&t),
            Some("text/plain"),
            b"{}",
            &[]
        )
        .0,
        415
    );
    // Unknown field and unknown goal, both at once.
    let mut doc = fixture("turism-fjall.toml");
    doc["insats"]["oka"] = json!(1);
    doc["effekter"][0]["mal"] = json!("18");
    let (status, p) = s.json("POST", "/v1/assessments", Some(&t), &doc);
    assert_eq!(status, 422, "{p}");
    let pointers: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert!(
        pointers.contains(&"/insats/oka") && pointers.contains(&"/effekter/0/mal"),
        "{pointers:?}"
    );
    // Oversized body.
    let big = vec![b' '; 100 * 1024];
    let (status, head, _) = s.call(
        "POST",
        "/v1/assessments",
        Some(&t),
        Some("application/json"),
        &big,
        &[],
    );
    assert_eq!(status, 413);
    assert!(head.contains("application/problem+json"));
    // Nesting 10 000 deep.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let (status, _, body) = s.call(
        "POST",
        "/v1/assess",
        Some(&t),
        Some("application/json"),
        deep.as_bytes(),
        &[],
    );
    assert_eq!(status, 422);
    assert!(body.contains("nests deeper than 64 levels"), "{body}");
    // Unknown paths and methods.
    assert_eq!(
        s.call("GET", "/v1/nothing", Some(&t), None, b"", &[]).0,
        404
    );
    let (status, head, _) = s.call("DELETE", "/v1/assessments", Some(&t), None, b"", &[]);
    assert_eq!(status, 405);
    assert!(head.contains("application/problem+json"));
    // A bad If-Match.
    assert_eq!(
        s.call(
            "PUT",
            "/v1/assessments/x",
            Some(&t),
            Some("application/json"),
            b"{}",
            &[("If-Match", "abc")]
        )
        .0,
        400
    );
}

#[test]
fn data_survives_a_restart() {
    let db = {
        let s = start("restart", 1 << 20);
        let t = s.token(Role::Handlaggare, "R");
        assert_eq!(
            s.json(
                "POST",
                "/v1/assessments",
                Some(&t),
                &fixture("turism-fjall.toml")
            )
            .0,
            201
        );
        s.db.clone()
    };
    let s = start_on(db, 1 << 20);
    let t = s.token(Role::Lasare, "R");
    let (status, _, body) = s.call(
        "GET",
        "/v1/assessments/fjallturism-2027",
        Some(&t),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200, "{body}");
}

#[test]
fn the_portfolio_adds_up_the_latest_version_of_each_of_the_organisations_assessments() {
    let s = start("portfolio", 1 << 20);
    let a = s.token(Role::Handlaggare, "Region A");
    let analyst = s.token(Role::Analytiker, "Region A");
    let b = s.token(Role::Analytiker, "Region B");
    for name in ["turism-fjall.toml", "vindkraft-renskotsel.toml"] {
        assert_eq!(
            s.json("POST", "/v1/assessments", Some(&a), &fixture(name))
                .0,
            201
        );
    }
    assert_eq!(
        s.json(
            "POST",
            "/v1/assessments",
            Some(&b),
            &fixture("vaginvestering.toml")
        )
        .0,
        201
    );
    // Version 2 of one of them has one effect fewer (5 + 6 effects stored at first).
    let mut fewer = fixture("turism-fjall.toml");
    let effects = fewer["effekter"].as_array_mut().unwrap();
    let dropped = effects.pop().unwrap();
    let dropped_id = dropped["id"].as_str().unwrap().to_owned();
    if let Some(measures) = fewer["atgarder"].as_array_mut() {
        for m in measures {
            if let Some(list) = m["effekter"].as_array_mut() {
                list.retain(|e| e.as_str() != Some(dropped_id.as_str()));
            }
        }
    }
    let (status, v2) = s.json("PUT", "/v1/assessments/fjallturism-2027", Some(&a), &fewer);
    assert_eq!(status, 200, "{v2}");

    // The follow-up is the analysts' (web.md): caseworkers and readers see their
    // assessments one at a time.
    for other in [&a, &s.token(Role::Lasare, "Region A")] {
        let (status, _, body) = s.call("GET", "/v1/portfolio", Some(other), None, b"", &[]);
        assert_eq!(status, 403, "{body}");
        assert!(body.contains("analytiker"), "{body}");
    }
    let (status, head, body) = s.call("GET", "/v1/portfolio", Some(&analyst), None, b"", &[]);
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: application/json"), "{head}");
    let conforms = hallbar_schema::validate(
        hallbar_schema::DocumentKind::PortfolioReport,
        &body,
        hallbar_core::syntax::Format::Json,
        hallbar_core::GoalCatalogue::builtin(),
        hallbar_core::Lang::En,
    );
    assert!(
        conforms.diagnostics.is_empty(),
        "{:?}",
        conforms.diagnostics
    );
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        report["insatser"], 2,
        "Region B's assessment is not counted"
    );
    assert_eq!(report["effects"], 4 + 6, "the latest versions only");
    assert_eq!(report["invalid"]["count"], 0);
    let per_dimension: u64 = report["dimensions"]
        .as_object()
        .unwrap()
        .values()
        .map(|t| t["positive"].as_u64().unwrap() + t["negative"].as_u64().unwrap())
        .sum();
    assert!(per_dimension > 0 && per_dimension <= 10, "{per_dimension}");

    let (_, _, body) = s.call("GET", "/v1/portfolio", Some(&b), None, b"", &[]);
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["insatser"], 1);
    let empty = s.token(Role::Analytiker, "Region C");
    let (status, _, body) = s.call("GET", "/v1/portfolio", Some(&empty), None, b"", &[]);
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["insatser"], 0);

    for (format, content_type, marker) in [
        ("html", "text/html", "<!doctype html>"),
        ("md", "text/markdown", "# "),
        ("text", "text/plain", "2 insatser"),
    ] {
        let (status, head, body) = s.call(
            "GET",
            &format!("/v1/portfolio?format={format}&lang=sv&top=3"),
            Some(&analyst),
            None,
            b"",
            &[],
        );
        assert_eq!(status, 200, "{format}: {body}");
        assert!(head.contains(content_type), "{format}: {head}");
        assert!(
            body.to_ascii_lowercase()
                .contains(&marker.to_ascii_lowercase()),
            "{format}: {body}"
        );
    }
}

#[test]
fn bad_portfolio_requests_get_problem_details() {
    let s = start("portfolio-bad", 1 << 20);
    let t = s.token(Role::Analytiker, "R");
    assert_eq!(s.call("GET", "/v1/portfolio", None, None, b"", &[]).0, 401);
    for (query, expected) in [
        ("format=pdf", "json, html, md or text"),
        ("top=0", "between 1 and 1000"),
        ("top=1001", "between 1 and 1000"),
        ("top=many", "top: invalid digit"),
    ] {
        let (status, head, body) = s.call(
            "GET",
            &format!("/v1/portfolio?{query}"),
            Some(&t),
            None,
            b"",
            &[],
        );
        assert_eq!(status, 400, "{query}: {body}");
        assert!(head.contains("application/problem+json"), "{query}: {head}");
        assert!(body.contains(expected), "{query}: {body}");
    }
}

#[test]
fn a_stored_document_that_no_longer_reads_is_counted_and_named_not_dropped() {
    let s = start("portfolio-damaged", 1 << 20);
    let t = s.token(Role::Analytiker, "R");
    for name in ["turism-fjall.toml", "laddinfrastruktur.toml"] {
        assert_eq!(
            s.json("POST", "/v1/assessments", Some(&t), &fixture(name))
                .0,
            201
        );
    }
    // Damaged behind the API's back (a hand edit, a bad restore).
    let damage = "UPDATE assessment_versions SET document = '{\"format_version\": 1}' WHERE assessment_id = (SELECT id FROM assessments WHERE insats_id = 'fjallturism-2027')";
    let changed = if s.db.starts_with("postgres") {
        postgres::Client::connect(&s.db, postgres::NoTls)
            .unwrap()
            .execute(damage, &[])
            .unwrap()
    } else {
        rusqlite::Connection::open(&s.db)
            .unwrap()
            .execute(damage, [])
            .unwrap() as u64
    };
    assert_eq!(changed, 1);
    let (status, _, body) = s.call("GET", "/v1/portfolio", Some(&t), None, b"", &[]);
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["insatser"], 1);
    assert_eq!(report["invalid"]["count"], 1);
    let named = report["invalid"]["examples"][0].as_str().unwrap();
    assert!(
        named.starts_with("fjallturism-2027 (version 1): ") && named.contains("insats"),
        "{named}"
    );
}

/// The value of `name` in a lower-cased response head.
fn header<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .map(str::trim)
}

#[test]
fn the_web_interface_is_served_with_a_policy_and_no_inline_script() {
    let s = start("ui", 1 << 20);
    let (status, head, body) = s.call("GET", "/", None, None, b"", &[]);
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    let csp = header(&head, "content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(body.contains("/ui/app.js") && !body.contains("<script>"));
    let (status, head, body) = s.call("GET", "/ui/editor.js", None, None, b"", &[]);
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/javascript"));
    assert!(
        !body.contains("innerHTML"),
        "text goes into the page as text"
    );
    let (status, head, _) = s.call("GET", "/ui/../Cargo.toml", None, None, b"", &[]);
    assert_ne!(status, 200, "{head}");
    let (status, head, _) = s.call("GET", "/ui/nothing.js", None, None, b"", &[]);
    assert_eq!(status, 404);
    assert!(head.contains("application/problem+json"));
    // The API's answers carry a policy too, and are never framed.
    let (_, head, _) = s.call("GET", "/health", None, None, b"", &[]);
    assert_eq!(
        header(&head, "content-security-policy"),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
    assert_eq!(header(&head, "x-content-type-options"), Some("nosniff"));
}

#[test]
fn a_token_is_exchanged_for_a_session_cookie_that_acts_as_it() {
    let s = start("session", 1 << 20);
    let t = s.token(Role::Handlaggare, "Region K");
    let (status, _, _) = s.call(
        "POST",
        "/v1/session",
        None,
        Some("application/json"),
        br#"{"token": "hb_wrong"}"#,
        &[],
    );
    assert_eq!(status, 401);
    let body = json!({ "token": t }).to_string();
    let (status, head, who) = s.call(
        "POST",
        "/v1/session",
        None,
        Some("application/json"),
        body.as_bytes(),
        &[],
    );
    assert_eq!(status, 200, "{who}");
    assert!(who.contains("\"role\":\"handlaggare\""), "{who}");
    let cookie = header(&head, "set-cookie").unwrap();
    assert!(
        cookie.contains("httponly")
            && cookie.contains("samesite=strict")
            && cookie.contains("path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("secure"), "plain HTTP: no Secure flag");
    let id = cookie
        .strip_prefix("hallbar_session=")
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_owned();
    // The cookie's value is a session id, not the token.
    assert!(id.starts_with("hs_") && !id.contains(&t[3..]));
    let jar = format!("hallbar_session={id}");
    let host = format!("http://{}", s.addr);

    let (status, _, _) = s.call("GET", "/v1/session", None, None, b"", &[("Cookie", &jar)]);
    assert_eq!(status, 200);
    // A change from the server's own page is allowed…
    let doc = fixture("laddinfrastruktur.toml").to_string();
    let (status, _, out) = s.call(
        "POST",
        "/v1/assessments",
        None,
        Some("application/json"),
        doc.as_bytes(),
        &[("Cookie", &jar), ("Origin", &host)],
    );
    assert_eq!(status, 201, "{out}");
    // …and refused from another site, or without saying where it comes from.
    for extra in [
        vec![("Cookie", jar.as_str()), ("Origin", "http://evil.example")],
        vec![("Cookie", jar.as_str())],
    ] {
        let (status, head, out) = s.call(
            "PUT",
            "/v1/assessments/laddstrak-2026",
            None,
            Some("application/json"),
            doc.as_bytes(),
            &extra,
        );
        assert_eq!(status, 403, "{extra:?}: {out}");
        assert!(head.contains("application/problem+json"));
    }
    // A bearer token from another origin is not a forgery a page can make… but a
    // mismatched Origin is refused whatever the credentials.
    let (status, _, _) = s.call(
        "POST",
        "/v1/assess",
        Some(&t),
        Some("application/json"),
        doc.as_bytes(),
        &[],
    );
    assert_eq!(status, 200);

    // Signing out ends the session.
    let (status, head, _) = s.call(
        "DELETE",
        "/v1/session",
        None,
        None,
        b"",
        &[("Cookie", &jar), ("Origin", &host)],
    );
    assert_eq!(status, 204);
    assert!(header(&head, "set-cookie").unwrap().contains("max-age=0"));
    let (status, _, _) = s.call("GET", "/v1/session", None, None, b"", &[("Cookie", &jar)]);
    assert_eq!(status, 401);
}

#[test]
fn what_the_web_interface_reads_vocabulary_profiles_list_diff_and_live_figures() {
    let s = start("ui-data", 1 << 20);
    let t = s.token(Role::Analytiker, "R");
    let (status, v) = s.json("GET", "/v1/vocabulary?lang=en", Some(&t), &Value::Null);
    assert_eq!(status, 200);
    assert!(
        v["riktning"]
            .as_array()
            .unwrap()
            .contains(&json!({"value": "negativ", "label": "Negative"}))
    );
    assert!(
        v["fyndtyp"]
            .as_array()
            .unwrap()
            .contains(&json!({"value": "malkonflikt", "label": "Goal conflict"}))
    );
    let (_, p) = s.json("GET", "/v1/profiles", Some(&t), &Value::Null);
    let ids: Vec<&str> = p["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["profil"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["kronoberg", "jamtland-harjedalen"]);

    // Live assessment with figures: status, suggested, and the three SVGs.
    let doc = fixture("turism-fjall.toml");
    let (status, out) = s.json("POST", "/v1/assess?figures=true", Some(&t), &doc);
    assert_eq!(status, 200, "{out}");
    assert!(
        out["status"]["steps"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(out["suggested"].is_array());
    for figure in ["wheel", "grid", "network"] {
        assert!(
            out["figures"][figure]
                .as_str()
                .is_some_and(|s| s.starts_with("<svg")),
            "{figure}"
        );
    }
    let (_, plain) = s.json("POST", "/v1/assess", Some(&t), &doc);
    assert!(plain.get("figures").is_none());

    // The list says where each stands and who changed it last.
    let (status, _) = s.json("POST", "/v1/assessments", Some(&t), &doc);
    assert_eq!(status, 201);
    let mut changed = doc.clone();
    changed["effekter"][0]["styrka"] = json!(1);
    let (status, head, out) = s.call(
        "PUT",
        "/v1/assessments/fjallturism-2027",
        Some(&t),
        Some("application/json"),
        changed.to_string().as_bytes(),
        &[("If-Match", "\"1\"")],
    );
    assert_eq!(status, 200, "{head}{out}");
    let (_, list) = s.json("GET", "/v1/assessments", Some(&t), &Value::Null);
    let item = &list["assessments"][0];
    assert_eq!(item["updated_by"], "test");
    assert_eq!(item["latest_version"], 2);
    assert_eq!(
        item["profile"], "kronoberg",
        "a document without `metod` follows the default"
    );
    assert!(item["state"]["state"].is_string(), "{item}");
    assert!(item["state_label"].as_str().is_some_and(|l| !l.is_empty()));

    // The difference of two versions, by the effect's id.
    let (status, d) = s.json(
        "GET",
        "/v1/assessments/fjallturism-2027/diff?from=1&to=2",
        Some(&t),
        &Value::Null,
    );
    assert_eq!(status, 200, "{d}");
    let id = doc["effekter"][0]["id"].as_str().unwrap();
    assert_eq!(
        d["changes"],
        json!([{ "path": format!("effekter[{id}].styrka"), "pointer": "/effekter/0/styrka", "before": doc["effekter"][0]["styrka"], "after": 1 }])
    );
    let (status, _) = s.json(
        "GET",
        "/v1/assessments/fjallturism-2027/diff?from=1&to=9",
        Some(&t),
        &Value::Null,
    );
    assert_eq!(status, 404);
    let (status, d) = s.json(
        "POST",
        "/v1/diff",
        Some(&t),
        &json!({ "before": doc, "after": changed }),
    );
    assert_eq!(status, 200);
    assert_eq!(d["changes"].as_array().unwrap().len(), 1);
    let (status, problem) = s.json("POST", "/v1/diff", Some(&t), &json!({ "before": {} }));
    assert_eq!(status, 422, "{problem}");
}

#[test]
fn every_route_is_documented_and_every_documented_operation_answers() {
    let s = start("routes", 1 << 20);
    let t = s.token(Role::Analytiker, "R");
    let (_, _, body) = s.call("GET", "/openapi.json", None, None, b"", &[]);
    let doc: Value = serde_json::from_str(&body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 20, "{}", paths.len());
    let host = format!("http://{}", s.addr);
    for (path, item) in paths {
        let concrete = path
            .replace("{id}", "ingen-sadan")
            .replace("{n}", "1")
            .replace("{file}", "app.js");
        for method in ["get", "post", "put", "delete"] {
            let (status, _, body) = s.call(
                &method.to_ascii_uppercase(),
                &concrete,
                Some(&t),
                Some("application/json"),
                b"{}",
                &[("Origin", &host)],
            );
            if item.get(method).is_some() {
                assert_ne!(status, 405, "{method} {path} is documented but not routed");
                assert!(
                    !body.contains("no such endpoint"),
                    "{method} {path} is documented but not routed: {body}"
                );
                assert!(status < 500, "{method} {path}: {status} {body}");
            } else {
                assert_eq!(
                    status, 405,
                    "{method} {path} answers but is not documented: {body}"
                );
            }
        }
    }
    // And a path that is not in the table is not routed.
    let (status, _, body) = s.call("GET", "/v1/nothing", Some(&t), None, b"", &[]);
    assert_eq!(status, 404);
    assert!(body.contains("no such endpoint"));
}

#[test]
fn a_revoked_token_stops_working_within_the_credential_cache_time() {
    let cache = Duration::from_millis(300);
    let s = start_with(fresh_db("revoke"), 1 << 20, cache);
    let (token, info) = s
        .state
        .store
        .create_token(Role::Lasare, "R", "kortlivad")
        .unwrap();
    let get = |s: &Server| {
        s.call("GET", "/v1/assessments", Some(&token), None, b"", &[])
            .0
    };
    assert_eq!(get(&s), 200);
    assert!(s.state.store.revoke_token("R", info.id).unwrap());
    // Within the bound it may still be honoured (another instance may not know yet);
    // past it, never.
    std::thread::sleep(cache + Duration::from_millis(100));
    assert_eq!(get(&s), 401);
}

#[test]
fn each_organisation_starts_from_its_own_profile_and_framework() {
    let engine = hallbar::Engine::builtin().unwrap();
    let organisations = hallbar_server::Organisations::parse(
        "format_version = 1\n[[organisation]]\nnamn = \"Region Jämtland Härjedalen\"\nmetod = \"jamtland-harjedalen\"\nramverk = \"rus-exempel\"\n",
        hallbar_core::syntax::Format::Toml,
        &engine,
    )
    .unwrap();
    let s = common::start_configured(
        fresh_db("organisations"),
        hallbar_server::Config {
            organisations,
            ..hallbar_server::Config::default()
        },
    );
    let jh = s.token(Role::Handlaggare, "Region Jämtland Härjedalen");
    let (status, who) = s.json("GET", "/v1/session", Some(&jh), &Value::Null);
    assert_eq!(status, 200, "{who}");
    assert_eq!(
        who["defaults"],
        json!({ "metod": "jamtland-harjedalen", "ramverk": "rus-exempel" })
    );
    // An organisation the file does not name starts from the engine's defaults.
    let other = s.token(Role::Handlaggare, "Region Kronoberg");
    let (_, who) = s.json("GET", "/v1/session", Some(&other), &Value::Null);
    assert_eq!(who["defaults"], json!({}));
    // Counties and municipalities to pick by name.
    let (status, places) = s.json("GET", "/v1/places", Some(&jh), &Value::Null);
    assert_eq!(status, 200);
    assert_eq!(places["lan"].as_array().unwrap().len(), 21);
    assert_eq!(places["kommuner"].as_array().unwrap().len(), 290);
    assert!(
        places["kommuner"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == &json!({ "kod": "2380", "namn": "Östersund", "lan": "23" }))
    );
}

#[test]
fn an_organisations_file_with_a_mistake_names_the_place() {
    let engine = hallbar::Engine::builtin().unwrap();
    let text = "format_version = 1\n[[organisation]]\nnamn = \"R\"\nmetod = \"jamtland\"\n";
    let e = hallbar_server::Organisations::parse(text, hallbar_core::syntax::Format::Toml, &engine)
        .unwrap_err();
    assert_eq!(e.pointer, "/organisation/0/metod");
    assert!(
        e.message.contains("unknown method profile `jamtland`"),
        "{}",
        e.message
    );
    assert_eq!(e.line_col(text).map(|l| l.line), Some(4));
    let twice =
        "format_version = 1\n[[organisation]]\nnamn = \"R\"\n[[organisation]]\nnamn = \"R\"\n";
    let e =
        hallbar_server::Organisations::parse(twice, hallbar_core::syntax::Format::Toml, &engine)
            .unwrap_err();
    assert!(e.message.contains("named twice"), "{}", e.message);
}

#[test]
fn validation_problems_are_in_the_asked_language_with_a_code() {
    let s = start("problems-language", 1 << 20);
    let t = s.token(Role::Handlaggare, "R");
    let mut doc = fixture("vindkraft-renskotsel.toml");
    doc["effekter"][0]["styrka"] = json!(7);
    for (lang, message) in [
        ("sv", "förväntade högst 3, fick `7`"),
        ("en", "expected at most 3, found `7`"),
    ] {
        let (status, p) = s.json("POST", &format!("/v1/assess?lang={lang}"), Some(&t), &doc);
        assert_eq!(status, 422, "{p}");
        let e = &p["errors"][0];
        assert_eq!(
            (e["pointer"].as_str(), e["code"].as_str()),
            (Some("/effekter/0/styrka"), Some("maximum"))
        );
        assert_eq!(e["message"], message);
    }
    // Saving speaks the language asked too.
    let (status, p) = s.json("POST", "/v1/assessments?lang=sv", Some(&t), &doc);
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["message"], "förväntade högst 3, fick `7`");
}

#[test]
fn an_organisations_rule_layer_is_checked_tried_versioned_and_used_for_its_assessments() {
    let s = start("rule-layer", 1 << 20);
    let analyst = s.token(Role::Analytiker, "Region Ett");
    let caseworker = s.token(Role::Handlaggare, "Region Ett");
    let elsewhere = s.token(Role::Handlaggare, "Region Två");
    let doc = fixture("vindkraft-renskotsel.toml");
    let id = "remiss-vindpark-2026-17";
    let sami = "renskotsel-samer-ej-involverade";
    let fired = |findings: &Value| -> Vec<String> {
        findings
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["rule"].as_str().map(str::to_owned))
            .collect()
    };

    // No layer yet: version 0, and an assessment stored now records none.
    let (status, head, body) = s.call("GET", "/v1/rules/layer", Some(&caseworker), None, b"", &[]);
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("etag: \"0\""), "{head}");
    let (status, v1) = s.json("POST", "/v1/assessments", Some(&caseworker), &doc);
    assert_eq!(status, 201, "{v1}");
    assert_eq!(v1["rule_layer"], Value::Null);

    let layer = json!({
        "rules": format!("format_version = 1\n\n[[stang_av]]\nid = \"{sami}\"\nskal = \"Samebyn hörs i en egen process.\"\n"),
        "tests": format!("format_version = 1\n\n[[fall]]\nnamn = \"Vindkraften tar mark\"\ndokument = {}\nforvantat = [{{ regel = \"energi-mark-natur\" }}]\n", toml_inline(&doc)),
    });

    // Checked as the analyst types: an id that names no rule, with a did-you-mean and
    // its line.
    let typo = json!({ "rules": "format_version = 1\n[[stang_av]]\nid = \"renskotsel-samer\"\nskal = \"x\"\n" });
    let (status, checked) = s.json("POST", "/v1/rules/layer/check", Some(&analyst), &typo);
    assert_eq!(status, 200, "{checked}");
    assert_eq!(checked["valid"], false);
    let problem = &checked["problems"][0];
    assert_eq!(problem["line"], 3, "{checked}");
    assert!(
        problem["help"].as_str().unwrap().contains(sami),
        "{checked}"
    );
    let (status, checked) = s.json("POST", "/v1/rules/layer/check", Some(&analyst), &layer);
    assert_eq!(
        (status, &checked["valid"]),
        (200, &json!(true)),
        "{checked}"
    );

    // Only an analyst writes, and nothing invalid is stored.
    let (status, _) = s.json("PUT", "/v1/rules/layer", Some(&caseworker), &layer);
    assert_eq!(status, 403);
    let (status, problem) = s.json("PUT", "/v1/rules/layer", Some(&analyst), &typo);
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["pointer"], "/rules/stang_av/0/id",
        "{problem}"
    );
    let expects_switched_off = json!({
        "rules": layer["rules"],
        "tests": format!("format_version = 1\n\n[[fall]]\nnamn = \"Samerna\"\ndokument = {}\nforvantat = [{{ regel = \"{sami}\" }}]\n", toml_inline(&doc)),
    });
    let (status, run) = s.json(
        "POST",
        "/v1/rules/layer/test",
        Some(&analyst),
        &expects_switched_off,
    );
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["failed"], 1, "{run}");
    assert!(
        run["cases"][0]["failures"][0]
            .as_str()
            .unwrap()
            .contains("Samebyn hörs"),
        "the failure names the switch-off and its reason: {run}"
    );
    let (status, problem) = s.json(
        "PUT",
        "/v1/rules/layer",
        Some(&analyst),
        &expects_switched_off,
    );
    assert_eq!(status, 422, "{problem}");
    let (_, stored) = s.json(
        "GET",
        "/v1/rules/layer/versions",
        Some(&analyst),
        &Value::Null,
    );
    assert_eq!(stored["versions"], json!([]), "nothing stored");

    // Tried on the organisation's stored assessments before it goes live.
    let (status, impact) = s.json("POST", "/v1/rules/layer/impact", Some(&analyst), &layer);
    assert_eq!(status, 200, "{impact}");
    assert_eq!(
        (impact["assessments"].as_u64(), impact["changed"].as_u64()),
        (Some(1), Some(1)),
        "{impact}"
    );
    assert_eq!(impact["assessments_changed"][0]["insats"], id);
    let per_rule = impact["rules"].as_array().unwrap();
    assert!(
        per_rule
            .iter()
            .any(|r| r["rule"] == sami && r["removed"].as_u64() >= Some(1)),
        "{impact}"
    );

    // Stored as version 1, never overwritten.
    let put = |if_match: &str| {
        s.call(
            "PUT",
            "/v1/rules/layer",
            Some(&analyst),
            Some("application/json"),
            layer.to_string().as_bytes(),
            &[
                ("If-Match", if_match),
                ("X-Hallbar-Note", "Samerna i egen process"),
            ],
        )
    };
    let (status, head, body) = put("\"0\"");
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("etag: \"1\""), "{head}");
    let (status, _, body) = put("\"0\"");
    assert_eq!(status, 412, "a stale layer is a conflict: {body}");

    // New findings of Region Ett come from the layer; Region Två's do not.
    let (_, live) = s.json("POST", "/v1/assess", Some(&caseworker), &doc);
    assert!(
        !fired(&live["findings"]).contains(&sami.to_owned()),
        "{live}"
    );
    let (_, live) = s.json("POST", "/v1/assess", Some(&elsewhere), &doc);
    assert!(fired(&live["findings"]).contains(&sami.to_owned()));

    // The stored version 1 keeps the rules it was stored under; a new version records
    // the layer and its findings come from it.
    let path = format!("/v1/assessments/{id}/findings");
    let (_, old) = s.json("GET", &path, Some(&caseworker), &Value::Null);
    assert_eq!(old["rule_layer"], Value::Null);
    assert!(fired(&old["findings"]).contains(&sami.to_owned()), "{old}");
    let (status, v2) = s.json(
        "PUT",
        &format!("/v1/assessments/{id}"),
        Some(&caseworker),
        &doc,
    );
    assert_eq!(status, 200, "{v2}");
    assert_eq!(v2["rule_layer"], 1);
    let (_, new) = s.json("GET", &path, Some(&caseworker), &Value::Null);
    assert_eq!(new["rule_layer"], 1);
    assert!(!fired(&new["findings"]).contains(&sami.to_owned()), "{new}");
    // Its decision basis says which rule was not applied, where and why.
    let (status, _, report) = s.call(
        "GET",
        &format!("/v1/assessments/{id}/report?format=md"),
        Some(&caseworker),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200);
    let appendix = report
        .split("Regellager utöver standarduppsättningen")
        .nth(1)
        .unwrap_or("");
    assert!(
        appendix.contains(sami)
            && appendix.contains("avstängd")
            && appendix.contains("Samebyn hörs i en egen process."),
        "{report}"
    );

    // The effective set says where each rule comes from and what switched it off.
    let (_, rules) = s.json("GET", "/v1/rules", Some(&caseworker), &Value::Null);
    assert_eq!(rules["layer"], 1);
    let off = rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == sami)
        .unwrap();
    assert_eq!(off["in_force"], false);
    assert_eq!(
        off["switched_off"]["reason"],
        "Samebyn hörs i en egen process."
    );
    assert_eq!(
        off["switched_off"]["at"]["layer"],
        "organisationens lager v1"
    );
    let (_, versions) = s.json(
        "GET",
        "/v1/rules/layer/versions",
        Some(&caseworker),
        &Value::Null,
    );
    assert_eq!(versions["versions"][0]["note"], "Samerna i egen process");
    let (status, one) = s.json(
        "GET",
        "/v1/rules/layer/versions/1",
        Some(&caseworker),
        &Value::Null,
    );
    assert_eq!((status, &one["rules"]), (200, &layer["rules"]));
    let (status, _) = s.json(
        "GET",
        "/v1/rules/layer/versions/7",
        Some(&caseworker),
        &Value::Null,
    );
    assert_eq!(status, 404);
}

/// `doc` as a TOML inline table, for a test file's `mall`.
fn toml_inline(doc: &Value) -> String {
    match doc {
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{k} = {}", toml_inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(toml_inline).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

#[test]
fn a_stored_layer_the_servers_rules_no_longer_carry_is_said_and_can_be_corrected() {
    let db = fresh_db("broken-layer");
    let base = "format_version = 1\n\n[[regel]]\nid = \"skogsbruk-vatten\"\ntitel = \"Skogsbruk mot vattenkvalitet\"\nbeskrivning = \"B\"\nmotivering = \"M\"\nkalla = \"K\"\ntyp = \"malkonflikt\"\nallvarlighet = \"varning\"\n\n[regel.om]\nalla = [\n  { effekt = { mal = [\"15.2\"], riktning = \"positiv\" } },\n  { effekt = { mal = [\"6.3\"], riktning = \"negativ\" } },\n]\n";
    let with_base = hallbar::Engine::builder()
        .rules("region.toml", base, hallbar::Format::Toml)
        .build()
        .unwrap();
    let layer = json!({ "rules": "format_version = 1\n[[stang_av]]\nid = \"skogsbruk-vatten\"\nskal = \"Inte här.\"\n" });
    let analyst;
    {
        let s = start_with_engine(db.clone(), hallbar_server::Config::default(), with_base);
        analyst = s.token(Role::Analytiker, "Region Ett");
        let (status, saved) = s.json("PUT", "/v1/rules/layer", Some(&analyst), &layer);
        assert_eq!(status, 200, "{saved}");
    }
    // The server restarted without the regional rule the layer switches off.
    let s = start_on(db, 1 << 20);
    let (status, rules) = s.json("GET", "/v1/rules", Some(&analyst), &Value::Null);
    assert_eq!(status, 200, "the rules page still loads: {rules}");
    assert!(
        rules["layer_problem"]
            .as_str()
            .unwrap()
            .contains("skogsbruk-vatten"),
        "{rules}"
    );
    let (status, problem) = s.json(
        "POST",
        "/v1/assess",
        Some(&analyst),
        &fixture("turism-fjall.toml"),
    );
    assert_eq!(
        status, 500,
        "assessing never falls back silently: {problem}"
    );
    assert_eq!(problem["type"], "urn:hallbar:problem:rule-layer-broken");
    // The impact of a corrected layer is tried from the server's rules, and it is saved.
    let fixed = json!({ "rules": "format_version = 1\n" });
    let (status, _) = s.json("POST", "/v1/rules/layer/impact", Some(&analyst), &fixed);
    assert_eq!(status, 200);
    let (status, _, body) = s.call(
        "PUT",
        "/v1/rules/layer",
        Some(&analyst),
        Some("application/json"),
        fixed.to_string().as_bytes(),
        &[("If-Match", "\"1\"")],
    );
    assert_eq!(status, 200, "{body}");
    let (status, _) = s.json(
        "POST",
        "/v1/assess",
        Some(&analyst),
        &fixture("turism-fjall.toml"),
    );
    assert_eq!(status, 200);
}

#[test]
fn kolada_key_figures_are_searched_and_an_assessments_indicators_get_their_values() {
    use hallbar_kolada::mock::{MockKolada, synthetic_with};
    // Emissions rise in Växjö every year; elsewhere they stay.
    let mock = MockKolada::start(Box::new(|path, _| {
        synthetic_with(path, |_, unit, year| {
            if unit == "0780" {
                f64::from(year) - 2000.0
            } else {
                5.0
            }
        })
    }))
    .unwrap();
    let s = common::start_configured(
        fresh_db("kolada"),
        hallbar_server::Config {
            kolada_url: Some(mock.base_url()),
            ..hallbar_server::Config::default()
        },
    );
    let t = s.token(Role::Handlaggare, "Region Kronoberg");
    let (status, body) = s.json(
        "POST",
        "/v1/assessments",
        Some(&t),
        &fixture("laddinfrastruktur.toml"),
    );
    assert_eq!(status, 201, "{body}");

    // The indicators: what the cache lacks is fetched first, then answered from it.
    let (status, _, body) = s.call(
        "GET",
        "/v1/assessments/laddstrak-2026/indicators",
        Some(&t),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["source"], "Kolada");
    assert!(v["not_fetched"].is_null(), "{v}");
    let ind = &v["indicators"][0];
    assert_eq!(ind["kolada"], "N00401");
    assert_eq!(ind["at"], 0);
    assert_eq!(ind["title"], "Nyckeltal N00401");
    assert_eq!(ind["better"], "lagre");
    assert_eq!(ind["missing"], 0);
    let vaxjo = ind["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "0780")
        .unwrap();
    assert_eq!(vaxjo["name"], "Växjö");
    assert_eq!(vaxjo["against"], true);
    assert_eq!(v["findings"][0]["kind"], "uppfoljning");
    assert_eq!(v["findings"][0]["source"], "followup");
    let asked = mock.requests().len();
    assert!(asked >= 2, "{:?}", mock.requests());
    let (status, _, _) = s.call(
        "GET",
        "/v1/assessments/laddstrak-2026/indicators",
        Some(&t),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200);
    assert_eq!(
        mock.requests().len(),
        asked,
        "the second time from the cache"
    );

    // The decision basis shows them, from the cache.
    let (status, _, md) = s.call(
        "GET",
        "/v1/assessments/laddstrak-2026/report?format=md",
        Some(&t),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200);
    assert!(md.contains("# Uppföljning med Kolada"), "{md}");
    assert!(md.contains("Källa: Kolada, hämtat"), "{md}");

    // The picker: the cache's matches first, then Kolada's (then cached); Kolada is
    // asked for a text once in a while, not on every search.
    let search = |q: &str| {
        s.call(
            "GET",
            &format!("/v1/kolada/kpis?q={q}"),
            Some(&t),
            None,
            b"",
            &[],
        )
    };
    let (status, _, body) = search("nyckeltal%20n004");
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["kpis"][0]["id"], "N00401", "the cached match first: {v}");
    let before = mock.requests().len();
    let (_, _, body) = search("cykel");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["from"], "kolada", "{v}");
    assert_eq!(v["kpis"].as_array().unwrap().len(), 3);
    assert_eq!(mock.requests().len(), before + 1);
    let (_, _, body) = search("Cykel");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["from"], "cache", "asked lately: {v}");
    assert_eq!(v["kpis"].as_array().unwrap().len(), 3);
    assert_eq!(mock.requests().len(), before + 1, "Kolada not asked again");
    // Bad searches: too short, too long, none, no token.
    for q in ["a", &"x".repeat(101), ""] {
        let (status, head, body) = search(q);
        assert_eq!(status, 400, "{q}: {body}");
        assert!(head.contains("application/problem+json"));
    }
    assert_eq!(
        s.call("GET", "/v1/kolada/kpis?q=cykel", None, None, b"", &[])
            .0,
        401
    );

    // Kolada down: a search with nothing cached says so (502) without Kolada's address;
    // an indicator whose values are missing is answered from the cache, saying why, and
    // the failed fetch is not tried again at once.
    let address = mock.base_url();
    drop(mock);
    let (status, _, body) = search("buss");
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("Kolada could not be reached"), "{body}");
    assert!(!body.contains(&address), "{body}");
    let mut changed = fixture("laddinfrastruktur.toml");
    changed["indikatorer"][0]["kolada"] = json!("N00914");
    let (status, _, body) = s.call(
        "PUT",
        "/v1/assessments/laddstrak-2026",
        Some(&t),
        Some("application/json"),
        changed.to_string().as_bytes(),
        &[],
    );
    assert_eq!(status, 200, "{body}");
    let indicators = || {
        let (status, _, body) = s.call(
            "GET",
            "/v1/assessments/laddstrak-2026/indicators",
            Some(&t),
            None,
            b"",
            &[],
        );
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<Value>(&body).unwrap()
    };
    let v = indicators();
    assert!(v["indicators"][0]["missing"].as_u64().unwrap() > 0, "{v}");
    assert!(
        v["not_fetched"]
            .as_str()
            .unwrap()
            .contains("Kolada could not be reached"),
        "{v}"
    );
    let v = indicators();
    assert!(
        v["not_fetched"]
            .as_str()
            .unwrap()
            .contains("misslyckades nyss"),
        "{v}"
    );
}

#[test]
fn a_server_without_kolada_answers_indicators_from_its_cache_and_says_so() {
    let s = start("kolada-offline", 1 << 20);
    let t = s.token(Role::Handlaggare, "Region Kronoberg");
    let (status, _) = s.json(
        "POST",
        "/v1/assessments",
        Some(&t),
        &fixture("laddinfrastruktur.toml"),
    );
    assert_eq!(status, 201);
    let (status, body) = s.json(
        "GET",
        "/v1/assessments/laddstrak-2026/indicators",
        Some(&t),
        &Value::Null,
    );
    assert_eq!(status, 200, "{body}");
    assert!(
        body["indicators"][0]["units"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(body["indicators"][0]["missing"].as_u64().unwrap() > 0);
    assert_eq!(body["not_fetched"], "servern hämtar inte från Kolada");
    let (status, body) = s.json(
        "GET",
        "/v1/kolada/kpis?q=utsl%C3%A4pp",
        Some(&t),
        &Value::Null,
    );
    assert_eq!((status, body["from"].as_str()), (200, Some("cache")));
    assert_eq!(
        s.json(
            "GET",
            "/v1/assessments/nope/indicators",
            Some(&t),
            &Value::Null
        )
        .0,
        404
    );
}

/// A workshop of two targets, two participants who disagree, and an agreed score.
fn workshop(titel: &str) -> Value {
    json!({
        "format_version": 1, "id": "jh-2026", "titel": titel, "datum": "2026-11-20",
        "mal": ["7.2", "15.5", "8.2"], "deltagare": ["Anna", "Björn"],
        "poang": [
            { "deltagare": "Anna", "fran": "7.2", "till": "15.5", "poang": -3, "kommentar": "Betesmark" },
            { "deltagare": "Björn", "fran": "7.2", "till": "15.5", "poang": 1 }
        ],
        "beslut": [
            { "fran": "7.2", "till": "15.5", "poang": -3, "kommentar": "Vindkraft tar mark", "beslutad_av": "Anna" },
            { "fran": "7.2", "till": "8.2", "poang": 2 }
        ]
    })
}

#[test]
fn a_scoring_workshop_is_versioned_analysed_exported_imported_and_adopted_as_the_interaction_layer()
{
    let s = start("workshops", 1 << 20);
    let reader = s.token(Role::Lasare, "R");
    let caseworker = s.token(Role::Handlaggare, "R");
    let analyst = s.token(Role::Analytiker, "R");
    let w = workshop("Regionens målnätverk");

    let (status, _) = s.json("POST", "/v1/workshops", Some(&reader), &w);
    assert_eq!(status, 403);
    let (status, out) = s.json("POST", "/v1/workshops", Some(&caseworker), &w);
    assert_eq!(status, 201, "{out}");
    assert_eq!(out["version"], 1);
    let (status, _) = s.json("POST", "/v1/workshops", Some(&caseworker), &w);
    assert_eq!(status, 409);

    // A new version on the one read; a change based on an old one is refused.
    let body = w.to_string();
    let (status, head, _) = s.call(
        "PUT",
        "/v1/workshops/jh-2026",
        Some(&analyst),
        Some("application/json"),
        body.as_bytes(),
        &[("If-Match", "\"1\"")],
    );
    assert_eq!(status, 200);
    assert!(head.contains("etag: \"2\""), "{head}");
    let (status, _, _) = s.call(
        "PUT",
        "/v1/workshops/jh-2026",
        Some(&analyst),
        Some("application/json"),
        body.as_bytes(),
        &[("If-Match", "\"1\"")],
    );
    assert_eq!(status, 412);
    // A workshop that does not exist gets no version, with or without If-Match.
    let mut other = w.clone();
    other["id"] = json!("annan");
    for extra in [&[("If-Match", "\"1\"")][..], &[]] {
        let (status, _, out) = s.call(
            "PUT",
            "/v1/workshops/annan",
            Some(&analyst),
            Some("application/json"),
            other.to_string().as_bytes(),
            extra,
        );
        assert_eq!(status, 404, "{out}");
        assert!(out.contains("no workshop `annan`"), "{out}");
    }

    // Bad documents name each place; nothing is stored.
    let mut bad = w.clone();
    bad["mal"] = json!(["7.2", "7.2", "99.99"]);
    bad["beslut"][1] = json!({ "fran": "8.2", "till": "8.2", "poang": 1 });
    let (status, out) = s.json("PUT", "/v1/workshops/jh-2026", Some(&analyst), &bad);
    assert_eq!(status, 422, "{out}");
    let places: Vec<&str> = out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    for place in ["/mal/1", "/mal/2", "/beslut/1/till"] {
        assert!(places.contains(&place), "{place} in {places:?}");
    }
    // In the page's language.
    let (status, out) = s.json("PUT", "/v1/workshops/jh-2026?lang=sv", Some(&analyst), &bad);
    assert_eq!(status, 422, "{out}");
    assert!(
        out.to_string().contains("`7.2` är valt två gånger"),
        "{out}"
    );
    let mut bad = w.clone();
    bad["beslut"][0]["poang"] = json!(4);
    let (status, out) = s.json("PUT", "/v1/workshops/jh-2026", Some(&analyst), &bad);
    assert_eq!(status, 422, "{out}");
    assert_eq!(out["errors"][0]["pointer"], "/beslut/0/poang", "{out}");
    let (_, out) = s.json(
        "GET",
        "/v1/workshops/jh-2026/versions",
        Some(&reader),
        &Value::Null,
    );
    assert_eq!(out["versions"].as_array().unwrap().len(), 2);

    // The analysis: metrics, strong negative links, the spread, the figure, the scale.
    let (status, out) = s.json("POST", "/v1/workshops/analysis", Some(&reader), &w);
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["pairs"], 6);
    assert_eq!(out["agreed"], 2);
    let first = &out["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "7.2")
        .unwrap();
    assert_eq!(first["out_sum"], -1);
    assert_eq!(out["negative"][0]["till"], "15.5");
    assert_eq!(out["spread"][0]["disagreement"], true);
    assert!(out["figure"].as_str().unwrap().starts_with("<svg"));
    assert_eq!(out["scale"].as_array().unwrap().len(), 7);

    // Export to Excel and CSV, and the workbook read back as the same workshop.
    let (status, head, xlsx) = s.call_raw(
        "GET",
        "/v1/workshops/jh-2026/export?format=xlsx",
        Some(&reader),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200);
    assert!(head.contains("spreadsheetml"), "{head}");
    assert!(xlsx.starts_with(b"PK"));
    let (status, _, csv) = s.call(
        "GET",
        "/v1/workshops/jh-2026/export?format=csv",
        Some(&reader),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 200);
    assert!(csv.starts_with(",7.2,15.5,8.2"), "{csv}");
    let xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let (status, _, back) = s.call(
        "POST",
        "/v1/workshops/import?id=tillbaka&titel=Tillbaka&datum=2026-11-21",
        Some(&caseworker),
        Some(xlsx_type),
        &xlsx,
        &[],
    );
    assert_eq!(status, 200, "{back}");
    let back: Value = serde_json::from_str(&back).unwrap();
    assert_eq!(back["mal"], w["mal"]);
    assert_eq!(back["poang"], w["poang"]);
    let agreed = back["beslut"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["till"] == "15.5")
        .unwrap();
    assert_eq!(agreed["kommentar"], "Vindkraft tar mark", "{back}");
    let (status, _, out) = s.call(
        "POST",
        "/v1/workshops/import?id=x&titel=X&datum=2026-11-21",
        Some(&caseworker),
        Some(xlsx_type),
        b"not a workbook",
        &[],
    );
    assert_eq!(status, 422);
    assert!(out.contains("not an .xlsx workbook"), "{out}");
    let (status, _, _) = s.call(
        "POST",
        "/v1/workshops/import?id=x&titel=X&datum=2026-11-21",
        Some(&caseworker),
        Some("text/plain"),
        b"x",
        &[],
    );
    assert_eq!(status, 415);
    let (status, _, out) = s.call(
        "POST",
        "/v1/workshops/import?id=x&titel=X&datum=2026-11-21",
        Some(&caseworker),
        Some("text/csv"),
        b",7.2,15.5\n7.2,,5\n15.5,,\n",
        &[],
    );
    assert_eq!(status, 422);
    assert!(out.contains("row 2, column 3"), "{out}");

    // Adopted, its matrix is the organisation's interaction layer: findings name the
    // workshop and its date; another organisation is not affected.
    let named = |token: &str| {
        let (status, out) = s.json(
            "POST",
            "/v1/assess",
            Some(token),
            &fixture("laddinfrastruktur.toml"),
        );
        assert_eq!(status, 200, "{out}");
        out["findings"]
            .to_string()
            .contains("Matrisverkstad ”Regionens målnätverk”, 2026-11-20")
    };
    assert!(!named(&reader));
    let adopt = json!({ "workshop": "jh-2026", "version": 2 });
    let (status, _) = s.json("PUT", "/v1/workshops/layer", Some(&caseworker), &adopt);
    assert_eq!(status, 403);
    let (status, _) = s.json(
        "PUT",
        "/v1/workshops/layer",
        Some(&analyst),
        &json!({ "workshop": "jh-2026", "version": 9 }),
    );
    assert_eq!(status, 404);
    let (status, out) = s.json("PUT", "/v1/workshops/layer", Some(&analyst), &adopt);
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["layer"]["version"], 2);
    assert!(named(&reader));
    assert!(!named(&s.token(Role::Lasare, "S")));
    let (_, out) = s.json("GET", "/v1/workshops", Some(&reader), &Value::Null);
    assert_eq!(out["layer"]["workshop"], "jh-2026");
    assert_eq!(out["workshops"][0]["titel"], "Regionens målnätverk");

    // A rule layer is tried on the same goal graph: an empty one changes nothing in a
    // stored assessment whose findings rest on the workshop.
    let (status, out) = s.json(
        "POST",
        "/v1/assessments",
        Some(&caseworker),
        &fixture("laddinfrastruktur.toml"),
    );
    assert_eq!(status, 201, "{out}");
    assert_eq!(
        out["workshop"],
        json!({ "id": "jh-2026", "version": 2 }),
        "the version records the workshop it was stored under"
    );
    let empty = json!({ "rules": "format_version = 1\n", "tests": "" });
    let (status, impact) = s.json("POST", "/v1/rules/layer/impact", Some(&analyst), &empty);
    assert_eq!(status, 200, "{impact}");
    assert_eq!(
        (impact["assessments"].as_u64(), impact["changed"].as_u64()),
        (Some(1), Some(0)),
        "{impact}"
    );

    let (status, _, _) = s.call(
        "DELETE",
        "/v1/workshops/layer",
        Some(&analyst),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 204);
    assert!(!named(&reader));
    // The stored version's findings are still those it was stored under.
    let (status, stored) = s.json(
        "GET",
        "/v1/assessments/laddstrak-2026/findings",
        Some(&reader),
        &Value::Null,
    );
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["workshop"]["id"], "jh-2026");
    assert!(
        stored["findings"]
            .to_string()
            .contains("Matrisverkstad ”Regionens målnätverk”, 2026-11-20"),
        "{stored}"
    );
}
