//! The server under hostile input from an ordinary token holder (issue 22): every
//! document and request has its limit, checked before any work; what an answer may cost
//! is bounded; unauthenticated requests cost nothing to hold. `scripts/hostile.sh` runs
//! the same cases against a release build under a memory cap and watches `/health`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests: a failure should fail the test"
)]

mod common;

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{fixture, fresh_db, start, start_configured};
use hallbar_core::limits;
use hallbar_server::Config;
use hallbar_store::Role;
use serde_json::{Value, json};

/// An assessment with `n` effects alternating between positive effects on growth
/// targets and negative ones on climate, land and water targets.
fn mixed(n: usize) -> Value {
    let positive = [
        "8", "8.1", "8.2", "8.3", "8.9", "9", "9.1", "9.2", "11", "11.2",
    ];
    let negative = [
        "13", "13.1", "13.2", "15", "15.1", "15.5", "14", "14.1", "6", "6.3",
    ];
    let mut doc = fixture("turism-fjall.toml");
    doc["effekter"] = (0..n)
        .map(|i| {
            let (goal, direction) = if i % 2 == 0 {
                (positive[(i / 2) % positive.len()], "positiv")
            } else {
                (negative[(i / 2) % negative.len()], "negativ")
            };
            json!({"id": format!("e{i}"), "mal": goal, "riktning": direction, "styrka": 3,
                   "typ": "direkt", "motivering": "m", "sakerhet": "hog"})
        })
        .collect();
    doc["atgarder"] = json!([]);
    doc["nycklar"] = json!([]);
    doc["indikatorer"] = json!([]);
    doc
}

#[test]
fn a_document_over_a_limit_is_refused_naming_it_before_any_work() {
    let s = start("hostile-limits", 1 << 20);
    let t = s.token(Role::Lasare, "R");
    // At the limit it is assessed: one finding per pair of the 10 goals stated positive
    // and the 10 stated negative, however many effects name them.
    let (status, body) = s.json("POST", "/v1/assess", Some(&t), &mixed(limits::MAX_EFFECTS));
    assert_eq!(status, 200, "{body}");
    let stated = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "malkonflikt" && f["source"] == "rule")
        .count();
    assert_eq!(stated, 10 * 10);
    // One more effect is refused, naming the section and the limit.
    let (status, body) = s.json(
        "POST",
        "/v1/assess",
        Some(&t),
        &mixed(limits::MAX_EFFECTS + 1),
    );
    assert_eq!(status, 422, "{body}");
    let error = &body["errors"][0];
    assert_eq!(error["pointer"], "/effekter");
    assert!(
        error["message"].as_str().unwrap().contains("at most 500"),
        "{error}"
    );
    // So is a long text, and a document of more values than any assessment has.
    let mut long = fixture("turism-fjall.toml");
    long["insats"]["beskrivning"] = json!("x".repeat(limits::MAX_TEXT_CHARS + 1));
    let (status, body) = s.json(
        "POST",
        "/v1/assessments",
        Some(&s.token(Role::Handlaggare, "R")),
        &long,
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/insats/beskrivning");
    let empties = format!(
        r#"{{"format_version":1,"effekter":[{}]}}"#,
        vec!["{}"; 345_000].join(",")
    );
    let started = Instant::now();
    let (status, _, body) = s.call(
        "POST",
        "/v1/assess",
        Some(&t),
        Some("application/json"),
        empties.as_bytes(),
        &[],
    );
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("more than 100000 values"), "{body}");
    // Not a timing assertion: the refusal comes from the reader, not a timeout.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_difference_is_bounded_by_what_was_compared() {
    let s = start("hostile-diff", 1 << 20);
    let t = s.token(Role::Lasare, "R");
    // One long key repeated in every change's place: refused before any work.
    let key = "k".repeat(400_000);
    let body = format!(
        r#"{{"before":{{"{key}":[{}]}},"after":{{"{key}":[{}]}}}}"#,
        vec!["0"; 1000].join(","),
        vec!["1"; 1000].join(",")
    );
    let (status, _, answer) = s.call(
        "POST",
        "/v1/diff",
        Some(&t),
        Some("application/json"),
        body.as_bytes(),
        &[],
    );
    assert_eq!(status, 422, "{}", &answer[..answer.len().min(500)]);
    assert!(
        answer.contains("longer than 256 characters"),
        "{}",
        &answer[..answer.len().min(500)]
    );
    assert!(answer.len() < 4096, "the refusal does not repeat the key");
    // Many changes under a key of the longest accepted length: the answer stops at its
    // budget and says so.
    let key = "k".repeat(256);
    let nested = |v: u8| {
        let mut doc = json!(vec![v; 20_000]);
        for _ in 0..60 {
            doc = json!({ key.clone(): doc });
        }
        doc
    };
    let body = json!({ "before": nested(0), "after": nested(1) }).to_string();
    let (status, _, answer) = s.call(
        "POST",
        "/v1/diff",
        Some(&t),
        Some("application/json"),
        body.as_bytes(),
        &[],
    );
    assert_eq!(status, 200);
    let diff: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(diff["truncated"], true);
    assert!(
        answer.len() <= 4 * body.len() + 64 * 1024 + 4096,
        "{} bytes of answer for {} of body",
        answer.len(),
        body.len()
    );
    // An ordinary difference is whole.
    let (status, diff) = s.json(
        "POST",
        "/v1/diff",
        Some(&t),
        &json!({ "before": fixture("turism-fjall.toml"), "after": fixture("vaginvestering.toml") }),
    );
    assert_eq!(status, 200);
    assert_eq!(diff["truncated"], false);
    assert!(!diff["changes"].as_array().unwrap().is_empty());
}

/// A raw request on a fresh connection; the status of what comes back (0 when the
/// server closed the connection without an answer).
fn raw(s: &common::Server, request: &[u8]) -> (u16, String) {
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = c.write_all(request);
    let mut out = Vec::new();
    let _ = c.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn unauthenticated_requests_cost_nothing_to_hold() {
    let s = start("hostile-auth", 1 << 20);
    // Headers beyond the head limit: 431 from the HTTP layer.
    let huge = format!(
        "GET /v1/goals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer hb_{}\r\nConnection: close\r\n\r\n",
        "0".repeat(hallbar_server::MAX_HEAD_BYTES)
    );
    assert_eq!(raw(&s, huge.as_bytes()).0, 431);
    // A credential not of a token's or session's shape: 401 without a lookup.
    for extra in [
        ("Authorization", format!("Bearer hb_{}", "0".repeat(2000))),
        ("Authorization", "Bearer not-a-token".to_owned()),
        ("Cookie", format!("hallbar_session=hs_{}", "f".repeat(3000))),
    ] {
        let (status, _, body) = s.call("GET", "/v1/goals", None, None, b"", &[(extra.0, &extra.1)]);
        assert_eq!(status, 401, "{body}");
    }
    // Partial headers: the connection is closed after the header timeout (2 s here).
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    c.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    let started = Instant::now();
    let mut out = Vec::new();
    let _ = c.read_to_end(&mut out);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "the connection was held {:?}",
        started.elapsed()
    );
    // The server goes on serving.
    assert_eq!(s.call("GET", "/health", None, None, b"", &[]).0, 200);
}

#[test]
fn answers_name_their_place_and_are_not_cached() {
    let s = start("hostile-small", 1 << 20);
    let t = s.token(Role::Handlaggare, "R");
    let (status, head, _) = s.call("GET", "/v1/goals", Some(&t), None, b"", &[]);
    assert_eq!(status, 200);
    assert!(head.contains("cache-control: no-store"), "{head}");
    let (_, head, _) = s.call("GET", "/health", None, None, b"", &[]);
    assert!(!head.contains("no-store"), "{head}");
    // Numbers in the query are range-checked; errors name the parameter or the path.
    for weight in ["1e308", "-1", "NaN", "2"] {
        let (status, _, body) = s.call(
            "POST",
            &format!("/v1/graph/metrics?second_order_weight={weight}"),
            Some(&t),
            None,
            b"",
            &[],
        );
        assert_eq!(status, 400, "{weight}: {body}");
        assert!(body.contains("second_order_weight"), "{weight}: {body}");
    }
    let (status, _, body) = s.call(
        "GET",
        "/v1/assessments/x/versions/many",
        Some(&t),
        None,
        b"",
        &[],
    );
    assert_eq!(status, 400, "{body}");
    assert!(!body.contains("query"), "{body}");
    assert!(body.contains("many"), "{body}");
    // A state change from a page of another scheme is another origin.
    let origin = format!("https://{}", s.addr);
    let (status, _, body) = s.call(
        "POST",
        "/v1/assess",
        Some(&t),
        Some("application/json"),
        fixture("turism-fjall.toml").to_string().as_bytes(),
        &[("Origin", &origin)],
    );
    assert_eq!(status, 403, "{body}");
}

#[test]
fn work_whose_request_timed_out_stops_and_frees_its_turn() {
    let s = start_configured(
        fresh_db("hostile-cancel"),
        Config {
            request_timeout: Duration::from_secs(1),
            ..Config::default()
        },
    );
    let analyst = s.token(Role::Analytiker, "R");
    // Enough assessments at the limits that adding them up takes longer than the
    // timeout, stored behind the API's back (checking each through it would be slow).
    for i in 0..400 {
        let mut doc = mixed(limits::MAX_EFFECTS);
        doc["insats"]["id"] = json!(format!("stor-{i}"));
        let doc =
            hallbar_core::syntax::parse_as(&doc.to_string(), hallbar_core::syntax::Format::Json)
                .unwrap();
        s.state.store.create("R", "test", "", &doc).unwrap();
    }
    // Every turn of processor work taken by a portfolio that times out.
    let turns = hallbar_server::compute_turns();
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let calls: Vec<_> = (0..turns)
            .map(|_| {
                scope.spawn(|| {
                    s.call("GET", "/v1/portfolio", Some(&analyst), None, b"", &[])
                        .0
                })
            })
            .collect();
        calls.into_iter().map(|c| c.join().unwrap()).collect()
    });
    assert!(statuses.iter().all(|&status| status == 503), "{statuses:?}");
    // Their work stopped with them: the turns are free for the next request at once,
    // which would otherwise wait past its own timeout.
    let (status, body) = s.json(
        "POST",
        "/v1/assess",
        Some(&analyst),
        &fixture("turism-fjall.toml"),
    );
    assert_eq!(status, 200, "{body}");
}

#[test]
fn a_listing_of_versions_holds_the_newest_hundred() {
    let s = start("hostile-versions", 1 << 20);
    let t = s.token(Role::Lasare, "R");
    let doc: hallbar_core::Hallbarhetssakring = hallbar_core::syntax::parse_as(
        &fixture("turism-fjall.toml").to_string(),
        hallbar_core::syntax::Format::Json,
    )
    .unwrap();
    s.state.store.create("R", "a", "", &doc).unwrap();
    let max = hallbar_store::MAX_VERSIONS_LISTED;
    for _ in 0..max {
        s.state
            .store
            .update("R", &doc.insats.id, "a", "", None, &doc)
            .unwrap();
    }
    let (status, body) = s.json(
        "GET",
        "/v1/assessments/fjallturism-2027/versions",
        Some(&t),
        &Value::Null,
    );
    assert_eq!(status, 200);
    let versions = body["versions"].as_array().unwrap();
    assert_eq!(versions.len(), max as usize);
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions.last().unwrap()["version"], max + 1);
    assert_eq!(body["truncated"], true);
    // Every version is still there to read by number.
    let (status, first) = s.json(
        "GET",
        "/v1/assessments/fjallturism-2027/versions/1",
        Some(&t),
        &Value::Null,
    );
    assert_eq!((status, &first["version"]), (200, &json!(1)));
}
