//! The client against a local stand-in for Kolada (no network): batching over 25 ids,
//! paging through `next_url` rewritten onto the base, 429 then success, 5xx past the
//! retry bound, malformed JSON, a timeout and a cut connection.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests: a failure should fail the test"
)]

use std::time::Duration;

use hallbar_core::KoladaKpiId;
use hallbar_core::kolada::Gender;
use hallbar_kolada::mock::{Answer, MockKolada};
use hallbar_kolada::{Client, Config, KoladaError, KoladaSource, ValueQuery};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../fixtures/kolada/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn client(mock: &MockKolada) -> Client {
    Client::new(Config {
        base_url: mock.base_url(),
        timeout: Duration::from_millis(500),
        retries: 2,
        backoff: Duration::from_millis(5),
        max_wait: Duration::from_millis(20),
        ..Config::default()
    })
    .unwrap()
}

fn kpi(id: &str) -> KoladaKpiId {
    KoladaKpiId::new(id).unwrap()
}

fn units(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|u| (*u).to_owned()).collect()
}

#[test]
fn values_come_over_pages_without_deleted_rows_and_with_null_values() {
    let mock = MockKolada::start(Box::new(|path, _| {
        if path.contains("page=2") {
            Answer::Json(200, fixture("values-page-2.json"))
        } else {
            Answer::Json(200, fixture("values-page-1.json"))
        }
    }))
    .unwrap();
    let kpis = [kpi("N00401"), kpi("N00914")];
    let units = units(&["2326", "0000"]);
    let answer = client(&mock)
        .values(&ValueQuery {
            kpis: &kpis,
            units: &units,
            years: &[2022, 2023],
            from_date: None,
        })
        .unwrap();
    let values = &answer.values;
    // Three on page 1, two on page 2 (and one deleted), one of those a null.
    assert_eq!(values.len(), 5);
    assert!(
        values.iter().all(|v| v.gender == Gender::Total),
        "the deleted K row is apart"
    );
    assert_eq!(answer.deleted.len(), 1);
    assert_eq!(
        (answer.deleted[0].unit.as_str(), answer.deleted[0].gender),
        ("0000", Gender::Women)
    );
    let null = values.iter().find(|v| v.kpi.as_str() == "N00914").unwrap();
    assert_eq!(
        (null.unit.as_str(), null.year, null.value),
        ("2326", 2023, None)
    );
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0],
        "/v3/data/kpi/N00401,N00914/municipality/2326,0000/year/2022,2023?per_page=5000"
    );
    // Kolada's own host in next_url, followed on the configured base.
    assert_eq!(
        requests[1],
        "/v3/data/kpi/N00401,N00914/municipality/2326,0000/year/2022,2023?page=2&per_page=5000"
    );
}

#[test]
fn ids_are_batched_by_25_per_segment() {
    let mock = MockKolada::start(Box::new(|_, _| {
        Answer::Json(200, r#"{"values":[],"count":0,"next_url":null}"#.to_owned())
    }))
    .unwrap();
    let kpis: Vec<KoladaKpiId> = (0..30).map(|i| kpi(&format!("N{i:05}"))).collect();
    let units: Vec<String> = (0..26).map(|i| format!("{:04}", 100 + i)).collect();
    let none = client(&mock)
        .values(&ValueQuery {
            kpis: &kpis,
            units: &units,
            years: &[2024],
            from_date: Some("2026-01-01"),
        })
        .unwrap();
    assert!(none.values.is_empty() && none.deleted.is_empty());
    let requests = mock.requests();
    // 30 key figures → 2 batches; 26 units → 2 batches.
    assert_eq!(requests.len(), 4, "{requests:?}");
    for r in &requests {
        let segment = |name: &str| {
            r.split(&format!("/{name}/"))
                .nth(1)
                .unwrap()
                .split(['/', '?'])
                .next()
                .unwrap()
                .split(',')
                .count()
        };
        assert!(segment("kpi") <= 25 && segment("municipality") <= 25, "{r}");
        assert!(r.ends_with("&from_date=2026-01-01"), "{r}");
    }
    // Metadata too.
    let meta = client(&mock).kpis(&kpis).unwrap();
    assert!(meta.is_empty());
    assert_eq!(mock.requests().len(), 6);
}

#[test]
fn metadata_is_read_with_its_publication_date() {
    let mock = MockKolada::start(Box::new(|_, _| Answer::Json(200, fixture("kpi.json")))).unwrap();
    let meta = client(&mock).kpis(&[kpi("N00401"), kpi("N00914")]).unwrap();
    assert_eq!(meta.len(), 2);
    assert!(
        meta[0]
            .title
            .starts_with("Utsläpp till luft av växthusgaser")
    );
    assert_eq!(meta[0].publication_date.as_deref(), Some("2026-05-28"));
    assert!(!meta[0].divided_by_gender);
    assert_eq!(mock.requests(), ["/v3/kpi/N00401,N00914?per_page=5000"]);
}

#[test]
fn throttling_is_waited_out_and_server_errors_past_the_bound_fail() {
    // 429 twice, then the answer.
    let mock = MockKolada::start(Box::new(|_, n| {
        if n < 2 {
            Answer::TooMany
        } else {
            Answer::Json(200, fixture("kpi.json"))
        }
    }))
    .unwrap();
    let c = client(&mock);
    assert_eq!(c.kpis(&[kpi("N00401"), kpi("N00914")]).unwrap().len(), 2);
    assert_eq!(mock.requests().len(), 3);
    assert_eq!(c.requests(), 3, "retries are counted");

    // 503 every time: one try and two retries, then the error names the URL and status.
    let mock = MockKolada::start(Box::new(|_, _| Answer::Json(503, String::new()))).unwrap();
    let e = client(&mock).kpis(&[kpi("N00401")]).unwrap_err();
    assert!(
        matches!(
            e,
            KoladaError::Status {
                status: 503,
                retries: 2,
                ..
            }
        ),
        "{e}"
    );
    assert!(
        e.to_string().contains("/v3/kpi/N00401") && e.to_string().contains("after 2 retries"),
        "{e}"
    );
    assert_eq!(mock.requests().len(), 3);

    // A 404 is not retried.
    let mock = MockKolada::start(Box::new(|_, _| Answer::Json(404, String::new()))).unwrap();
    assert!(matches!(
        client(&mock).kpis(&[kpi("N00401")]).unwrap_err(),
        KoladaError::Status {
            status: 404,
            retries: 0,
            ..
        }
    ));
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn garbage_timeouts_and_cut_connections_are_errors_that_name_the_place() {
    let query_of = |c: &Client| {
        let kpis = [kpi("N00401")];
        let units = units(&["2326"]);
        c.values(&ValueQuery {
            kpis: &kpis,
            units: &units,
            years: &[2023],
            from_date: None,
        })
    };
    let mock = MockKolada::start(Box::new(|_, _| {
        Answer::Json(200, "{\"values\": [oops".to_owned())
    }))
    .unwrap();
    let e = query_of(&client(&mock)).unwrap_err();
    assert!(matches!(e, KoladaError::Malformed { .. }), "{e}");
    assert!(e.to_string().contains("/v3/data/kpi/N00401"), "{e}");

    // A value of another type, a gender Kolada does not have, a unit not asked for.
    for body in [
        r#"{"values":[{"kpi":"N00401","municipality":"2326","period":"2023","values":[]}],"count":1}"#,
        r#"{"values":[{"kpi":"N00401","municipality":"2326","period":2023,"values":[{"gender":"X","value":1.0}]}],"count":1}"#,
        r#"{"values":[{"kpi":"N00401","municipality":"0180","period":2023,"values":[]}],"count":1}"#,
        r#"{"values":[{"kpi":"N00401","municipality":"2326","period":2023,"values":[]},{"kpi":"N00401","municipality":"2326","period":2023,"values":[]}],"count":1}"#,
    ] {
        let mock =
            MockKolada::start(Box::new(move |_, _| Answer::Json(200, body.to_owned()))).unwrap();
        let e = query_of(&client(&mock)).unwrap_err();
        assert!(matches!(e, KoladaError::Malformed { .. }), "{body}: {e}");
    }

    // Pages that never end.
    let mock = MockKolada::start(Box::new(|_, _| {
        Answer::Json(
            200,
            r#"{"values":[],"count":0,"next_url":"https://api.kolada.se/v3/kpi/N00401?page=2"}"#
                .to_owned(),
        )
    }))
    .unwrap();
    assert!(matches!(
        client(&mock).kpis(&[kpi("N00401")]).unwrap_err(),
        KoladaError::Malformed { .. }
    ));

    // Silence past the timeout, and a cut connection: retried, then unreachable.
    let mock = MockKolada::start(Box::new(|_, _| Answer::Silence(Duration::from_secs(2)))).unwrap();
    let e = query_of(&client(&mock)).unwrap_err();
    assert!(
        matches!(e, KoladaError::Unreachable { retries: 2, .. }),
        "{e}"
    );
    let mock = MockKolada::start(Box::new(|_, _| Answer::Cut)).unwrap();
    let e = query_of(&client(&mock)).unwrap_err();
    assert!(
        matches!(
            e,
            KoladaError::Unreachable { .. } | KoladaError::Malformed { .. }
        ),
        "{e}"
    );
}

#[test]
fn titles_are_searched_with_the_text_encoded_and_one_page_read() {
    let mock = MockKolada::start(Box::new(|path, _| {
        if path.contains("title=v%C3%A4xthus%20gas") {
            // A next page that is never asked for: a search reads the first only.
            Answer::Json(
                200,
                r#"{"values":[{"id":"N00401","title":"Växthusgasutsläpp","is_divided_by_gender":0}],"count":1,"next_url":"https://api.kolada.se/v3/kpi?page=2"}"#.into(),
            )
        } else {
            Answer::Json(404, String::new())
        }
    }))
    .unwrap();
    let found = client(&mock).search(" växthus gas ").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, kpi("N00401"));
    assert_eq!(mock.requests().len(), 1, "{:?}", mock.requests());
    assert!(mock.requests()[0].ends_with("&per_page=50"));

    let bad = MockKolada::start(Box::new(|_, _| {
        Answer::Json(
            200,
            r#"{"values":[{"id":"not an id","title":"x"}],"count":1,"next_url":null}"#.into(),
        )
    }))
    .unwrap();
    let e = client(&bad).search("x").unwrap_err().to_string();
    assert!(e.contains("not an id"), "{e}");
}
