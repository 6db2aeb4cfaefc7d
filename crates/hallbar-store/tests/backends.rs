//! Every backend keeps the same semantics: the same suite on the single-mutex SQLite
//! store, the SQLite pool (one writer, WAL readers) and — with
//! `HALLBAR_TEST_POSTGRES=postgres://user@host:port` — PostgreSQL, each on a fresh
//! database. Versions are never overwritten; of concurrent writers based on the same
//! version exactly one wins; organisations are isolated; tokens and sessions work and
//! end; a database from a newer hallbar is refused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

use hallbar_core::graph::workshop::Workshop;
use hallbar_core::syntax::{Format, parse_as};
use hallbar_core::{Hallbarhetssakring, InsatsId};
use hallbar_store::{Backend, LayerText, Role, SqlitePool, Store, StoreError};

fn fixture(name: &str) -> Hallbarhetssakring {
    let path = format!(
        "{}/../../fixtures/insatser/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_as(&std::fs::read_to_string(path).unwrap(), Format::Toml).unwrap()
}

/// A fresh PostgreSQL database for `name`, when the tests are asked to use one.
fn postgres(name: &str) -> Option<String> {
    let server = std::env::var("HALLBAR_TEST_POSTGRES").ok()?;
    let db = format!("hallbar_store_{}_{name}", std::process::id());
    let mut admin =
        postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls).unwrap();
    admin
        .simple_query(&format!("DROP DATABASE IF EXISTS {db}"))
        .unwrap();
    admin
        .simple_query(&format!("CREATE DATABASE {db}"))
        .unwrap();
    Some(format!("{server}/{db}"))
}

/// A layer of these rules and no tests.
fn layer(rules: &str) -> LayerText {
    LayerText {
        rules: rules.to_owned(),
        tests: String::new(),
    }
}

/// Each backend on a fresh database, named for the report.
fn backends(name: &str) -> Vec<(&'static str, Arc<dyn Backend>)> {
    let dir = std::env::temp_dir().join(format!("hallbar-backends-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut all: Vec<(&'static str, Arc<dyn Backend>)> = vec![
        (
            "sqlite (one mutex)",
            Arc::new(Mutex::new(Store::in_memory().unwrap())),
        ),
        (
            "sqlite (pool)",
            Arc::new(SqlitePool::open(&dir.join("h.db"), 4).unwrap()),
        ),
    ];
    if let Some(url) = postgres(name) {
        all.push(("postgres", Arc::from(hallbar_store::open(&url, 4).unwrap())));
    }
    all
}

#[test]
fn versions_are_kept_and_a_stale_change_is_a_conflict() {
    for (kind, db) in backends("versions") {
        let mut doc = fixture("laddinfrastruktur.toml");
        let id = doc.insats.id.clone();
        let v1 = db.create("R", "anna", "first", &doc).unwrap();
        assert_eq!(v1.version, 1, "{kind}");
        assert!(
            matches!(
                db.create("R", "anna", "", &doc),
                Err(StoreError::AlreadyExists(_))
            ),
            "{kind}"
        );
        doc.insats.titel = "Andra".into();
        let v2 = db.update("R", &id, "bo", "second", Some(1), &doc).unwrap();
        assert_eq!(v2.version, 2, "{kind}");
        let stale = db.update("R", &id, "cai", "", Some(1), &doc).unwrap_err();
        assert!(
            matches!(
                stale,
                StoreError::Conflict {
                    expected: 1,
                    latest: 2
                }
            ),
            "{kind}: {stale}"
        );
        let versions = db.versions("R", id.as_str()).unwrap();
        assert_eq!(
            versions
                .iter()
                .map(|v| (v.version, v.author.as_str()))
                .collect::<Vec<_>>(),
            [(1, "anna"), (2, "bo")],
            "{kind}"
        );
        assert_eq!(versions[0], v1, "{kind}: version 1 unchanged");
        assert_eq!(db.get("R", id.as_str(), Some(1)).unwrap(), v1, "{kind}");
        assert_eq!(db.get("R", id.as_str(), None).unwrap().version, 2, "{kind}");
        let other = InsatsId::new("en-annan").unwrap();
        assert!(
            matches!(
                db.update("R", &other, "a", "", None, &doc),
                Err(StoreError::IdChanged { .. })
            ),
            "{kind}"
        );
        assert!(
            matches!(
                db.get("R", id.as_str(), Some(9)),
                Err(StoreError::NotFound(_))
            ),
            "{kind}"
        );
    }
}

#[test]
fn rule_layers_are_versioned_per_organisation_and_recorded_with_each_assessment_version() {
    for (kind, db) in backends("rule_layers") {
        let doc = fixture("turism-fjall.toml");
        let id = doc.insats.id.clone();
        // Stored before the organisation had a layer: the server's rules alone.
        let v1 = db.create("R", "anna", "", &doc).unwrap();
        assert_eq!(v1.rule_layer, None, "{kind}");
        assert_eq!(db.rule_layer("R", None).unwrap(), None, "{kind}");
        assert_eq!(db.latest_rule_layer("R").unwrap(), None, "{kind}");
        assert!(db.rule_layer_versions("R").unwrap().is_empty(), "{kind}");

        // The first version is based on "no layer yet" (0).
        let l1 = db
            .save_rule_layer(
                "R",
                "analys",
                "första",
                Some(0),
                &layer("format_version = 1\n"),
            )
            .unwrap();
        assert_eq!(l1.version, 1, "{kind}");
        let stale = db
            .save_rule_layer(
                "R",
                "annan",
                "",
                Some(0),
                &layer("format_version = 1\n# b\n"),
            )
            .unwrap_err();
        assert!(
            matches!(
                stale,
                StoreError::Conflict {
                    expected: 0,
                    latest: 1
                }
            ),
            "{kind}: {stale}"
        );
        let l2 = db
            .save_rule_layer(
                "R",
                "analys",
                "andra",
                Some(1),
                &layer("format_version = 1\n# två\n"),
            )
            .unwrap();
        assert_eq!(l2.version, 2, "{kind}");
        assert_eq!(db.latest_rule_layer("R").unwrap(), Some(2), "{kind}");

        // Never overwritten: each version reads back as stored.
        let first = db.rule_layer("R", Some(1)).unwrap().unwrap();
        assert_eq!(first.info, l1, "{kind}");
        assert_eq!(first.text, layer("format_version = 1\n"), "{kind}");
        assert_eq!(
            db.rule_layer("R", None).unwrap().unwrap().info.version,
            2,
            "{kind}"
        );
        assert_eq!(db.rule_layer("R", Some(9)).unwrap(), None, "{kind}");
        assert_eq!(
            db.rule_layer_versions("R")
                .unwrap()
                .iter()
                .map(|v| (v.version, v.note.as_str()))
                .collect::<Vec<_>>(),
            [(1, "första"), (2, "andra")],
            "{kind}"
        );

        // A version stored now records layer 2; the older one keeps what it had.
        let v2 = db.update("R", &id, "anna", "", Some(1), &doc).unwrap();
        assert_eq!(v2.rule_layer, Some(2), "{kind}");
        assert_eq!(
            db.get("R", id.as_str(), Some(2)).unwrap().rule_layer,
            Some(2),
            "{kind}"
        );
        assert_eq!(
            db.get("R", id.as_str(), Some(1)).unwrap().rule_layer,
            None,
            "{kind}"
        );
        assert_eq!(
            db.versions("R", id.as_str())
                .unwrap()
                .iter()
                .map(|v| v.rule_layer)
                .collect::<Vec<_>>(),
            [None, Some(2)],
            "{kind}"
        );

        // Another organisation sees none of it.
        assert_eq!(db.rule_layer("S", None).unwrap(), None, "{kind}");
        assert_eq!(
            db.create("S", "s", "", &doc).unwrap().rule_layer,
            None,
            "{kind}"
        );

        // Too large a layer is refused before anything is written.
        let huge = "#".repeat(hallbar_store::MAX_RULE_LAYER_BYTES + 1);
        assert!(
            matches!(
                db.save_rule_layer("R", "a", "", None, &layer(&huge)),
                Err(StoreError::Invalid(_))
            ),
            "{kind}"
        );
        assert_eq!(db.rule_layer_versions("R").unwrap().len(), 2, "{kind}");
    }
}

#[test]
fn workshops_are_versioned_per_organisation_and_one_version_is_adopted() {
    let workshop = |titel: &str| -> Workshop {
        serde_json::from_value(serde_json::json!({
            "format_version": 1, "id": "jh-2026", "titel": titel, "datum": "2026-11-20",
            "mal": ["7.2", "15.5"], "deltagare": ["Anna"],
            "poang": [{ "deltagare": "Anna", "fran": "7.2", "till": "15.5", "poang": -2 }],
            "beslut": [{ "fran": "7.2", "till": "15.5", "poang": -1, "beslutad_av": "Anna" }]
        }))
        .unwrap()
    };
    for (kind, db) in backends("workshops") {
        assert!(db.workshops("R").unwrap().is_empty(), "{kind}");
        assert_eq!(db.workshop("R", "jh-2026", None).unwrap(), None, "{kind}");
        let v1 = db
            .save_workshop("R", "anna", "start", Some(0), &workshop("Målnätverk"))
            .unwrap();
        assert_eq!(v1.version, 1, "{kind}");
        // A second "first" version is refused, and so is a next version of a workshop
        // that does not exist, or a change based on an old version.
        assert!(
            matches!(
                db.save_workshop("R", "b", "", Some(0), &workshop("x")),
                Err(StoreError::WorkshopExists(id)) if id == "jh-2026"
            ),
            "{kind}"
        );
        let mut other = workshop("y");
        other.id = "annan".to_owned();
        for expected in [None, Some(1)] {
            assert!(
                matches!(
                    db.save_workshop("R", "b", "", expected, &other),
                    Err(StoreError::NoWorkshop(id)) if id == "annan"
                ),
                "{kind}"
            );
        }
        assert!(
            matches!(
                db.save_workshop("R", "b", "", Some(3), &workshop("x")),
                Err(StoreError::Conflict {
                    expected: 3,
                    latest: 1
                })
            ),
            "{kind}"
        );
        db.save_workshop("R", "anna", "poäng", Some(1), &workshop("Målnätverk 2026"))
            .unwrap();
        let list = db.workshops("R").unwrap();
        assert_eq!(list.len(), 1, "{kind}");
        assert_eq!(
            (list[0].titel.as_str(), list[0].latest.version),
            ("Målnätverk 2026", 2),
            "{kind}"
        );
        let first = db.workshop("R", "jh-2026", Some(1)).unwrap().unwrap();
        assert_eq!(first.workshop, workshop("Målnätverk"), "{kind}");
        assert_eq!(first.info.note, "start", "{kind}");
        assert_eq!(
            db.workshop_versions("R", "jh-2026").unwrap().len(),
            2,
            "{kind}"
        );
        // Another organisation sees none of it.
        assert!(db.workshops("S").unwrap().is_empty(), "{kind}");
        assert_eq!(db.workshop("S", "jh-2026", None).unwrap(), None, "{kind}");

        assert_eq!(db.adopted_workshop("R").unwrap(), None, "{kind}");
        assert!(
            matches!(
                db.adopt_workshop("R", Some(("jh-2026", 3)), "anna"),
                Err(StoreError::Invalid(_))
            ),
            "{kind}"
        );
        assert!(
            matches!(
                db.adopt_workshop("S", Some(("jh-2026", 1)), "s"),
                Err(StoreError::Invalid(_))
            ),
            "{kind}"
        );
        db.adopt_workshop("R", Some(("jh-2026", 1)), "anna")
            .unwrap();
        let adopted = db
            .adopt_workshop("R", Some(("jh-2026", 2)), "anna")
            .unwrap()
            .unwrap();
        assert_eq!(
            db.adopted_workshop("R").unwrap(),
            Some(adopted.clone()),
            "{kind}"
        );
        assert_eq!(
            (adopted.workshop.as_str(), adopted.version),
            ("jh-2026", 2),
            "{kind}"
        );
        assert_eq!(db.adopted_workshop("S").unwrap(), None, "{kind}");
        // A version records the workshop adopted when it is stored, and keeps it.
        let doc = fixture("laddinfrastruktur.toml");
        let v1 = db.create("R", "anna", "", &doc).unwrap();
        let other = db.create("S", "s", "", &doc).unwrap();
        assert_eq!(v1.workshop, Some(("jh-2026".to_owned(), 2)), "{kind}");
        assert_eq!(other.workshop, None, "{kind}");
        assert_eq!(
            db.adopt_workshop("R", None, "anna").unwrap(),
            None,
            "{kind}"
        );
        assert_eq!(db.adopted_workshop("R").unwrap(), None, "{kind}");
        let v2 = db
            .update("R", &doc.insats.id, "anna", "", Some(1), &doc)
            .unwrap();
        assert_eq!(v2.workshop, None, "{kind}");
        let stored = db.versions("R", doc.insats.id.as_str()).unwrap();
        assert_eq!(
            stored
                .iter()
                .map(|v| v.workshop.clone())
                .collect::<Vec<_>>(),
            [Some(("jh-2026".to_owned(), 2)), None],
            "{kind}"
        );
    }
}

#[test]
fn organisations_see_only_their_own() {
    for (kind, db) in backends("isolation") {
        let doc = fixture("turism-fjall.toml");
        let id = doc.insats.id.clone();
        db.create("Region A", "a", "", &doc).unwrap();
        assert!(
            matches!(
                db.get("Region B", id.as_str(), None),
                Err(StoreError::NotFound(_))
            ),
            "{kind}"
        );
        assert!(
            matches!(
                db.update("Region B", &id, "b", "", None, &doc),
                Err(StoreError::NotFound(_))
            ),
            "{kind}"
        );
        // The same insats id in another organisation is another assessment.
        assert_eq!(
            db.create("Region B", "b", "", &doc).unwrap().version,
            1,
            "{kind}"
        );
        let mut seen = Vec::new();
        db.each_latest("Region A", &mut |l| {
            seen.push((l.insats_id.to_owned(), l.version, l.author.to_owned()));
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(seen, [(id.to_string(), 1, "a".to_owned())], "{kind}");
        let mut none = 0;
        db.each_latest("Region C", &mut |_| {
            none += 1;
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(none, 0, "{kind}");
        // A walk its caller stops (a request that is gone) reads no further.
        let mut second = doc.clone();
        second.insats.id = InsatsId::new("second").unwrap();
        db.create("Region A", "a", "", &second).unwrap();
        let mut read = 0;
        db.each_latest("Region A", &mut |_| {
            read += 1;
            ControlFlow::Break(())
        })
        .unwrap();
        assert_eq!(read, 1, "{kind}");
    }
}

#[test]
fn concurrent_writers_one_wins_per_version_and_nothing_is_lost() {
    for (kind, db) in backends("race") {
        let doc = fixture("laddinfrastruktur.toml");
        let id = doc.insats.id.clone();
        db.create("R", "start", "", &doc).unwrap();
        let threads: Vec<_> = (0..6)
            .map(|t| {
                let db = Arc::clone(&db);
                let (doc, id) = (doc.clone(), id.clone());
                std::thread::spawn(move || {
                    let mut won = Vec::new();
                    for _ in 0..15 {
                        let latest = db.get("R", id.as_str(), None).unwrap().version;
                        match db.update("R", &id, &format!("w{t}"), "", Some(latest), &doc) {
                            Ok(v) => won.push(v.version),
                            Err(StoreError::Conflict { .. }) => {}
                            Err(e) => panic!("{e}"),
                        }
                    }
                    won
                })
            })
            .collect();
        let mut won: Vec<u32> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        won.sort_unstable();
        let stored: Vec<u32> = db
            .versions("R", id.as_str())
            .unwrap()
            .iter()
            .map(|v| v.version)
            .collect();
        // Every acknowledged version is stored, once; versions run 1..=n without gaps.
        assert_eq!(
            stored,
            (1..=u32::try_from(won.len() + 1).unwrap()).collect::<Vec<_>>(),
            "{kind}"
        );
        assert_eq!(won, stored[1..], "{kind}");
    }
}

#[test]
fn tokens_and_sessions_work_and_end() {
    for (kind, db) in backends("tokens") {
        let (token, info) = db.create_token(Role::Handlaggare, "R", "Anna").unwrap();
        assert!(token.starts_with("hb_"), "{kind}");
        let p = db.authenticate(&token).unwrap().unwrap();
        assert_eq!(
            (p.role, p.organisation.as_str(), p.label.as_str()),
            (Role::Handlaggare, "R", "Anna"),
            "{kind}"
        );
        assert!(db.authenticate("hb_00").unwrap().is_none(), "{kind}");
        let (session, _) = db.create_session(&token).unwrap().unwrap();
        assert_eq!(db.session(&session).unwrap(), Some(p.clone()), "{kind}");
        db.end_session(&session).unwrap();
        assert_eq!(db.session(&session).unwrap(), None, "{kind}");
        let (session, _) = db.create_session(&token).unwrap().unwrap();
        assert!(
            !db.revoke_token("another organisation", info.id).unwrap(),
            "{kind}"
        );
        assert!(db.revoke_token("R", info.id).unwrap(), "{kind}");
        assert!(db.authenticate(&token).unwrap().is_none(), "{kind}");
        assert!(
            db.session(&session).unwrap().is_none(),
            "{kind}: a revoked token's session ends"
        );
        assert!(db.create_token(Role::Lasare, " ", "").is_err(), "{kind}");
        db.ready().unwrap();
    }
}

#[test]
fn a_postgres_database_from_a_newer_hallbar_is_refused() {
    let Some(url) = postgres("newer") else { return };
    drop(hallbar_store::open(&url, 1).unwrap());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .execute("UPDATE hallbar_schema SET version = 99", &[])
        .unwrap();
    let err = hallbar_store::open(&url, 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the database has schema version 99; this hallbar knows up to 4"
    );
    // The tokens are stored as hashes there too.
    client
        .execute("UPDATE hallbar_schema SET version = 4", &[])
        .unwrap();
    let db = hallbar_store::open(&url, 1).unwrap();
    let (token, _) = db.create_token(Role::Lasare, "R", "").unwrap();
    let stored: String = client
        .query_one("SELECT token_hash FROM api_tokens", &[])
        .unwrap()
        .get(0);
    assert_eq!(stored.len(), 64);
    assert!(!stored.contains(&token[3..]));
}

#[test]
fn the_kolada_cache_keeps_whole_fetches_and_answers_by_key_figure_unit_and_year() {
    use hallbar_core::KoladaKpiId;
    use hallbar_core::kolada::{Gender, KpiMeta, KpiValue};
    use hallbar_store::{KoladaFetch, KoladaKey};

    let kpi = KoladaKpiId::new("N00401").unwrap();
    let meta = KpiMeta {
        id: kpi.clone(),
        title: "Växthusgasutsläpp, totalt, ton CO2e/inv".into(),
        description: "Utsläpp per invånare.".into(),
        divided_by_gender: false,
        publication_date: Some("2026-03-01".into()),
    };
    let key = |unit: &str, year| KoladaKey {
        kpi: kpi.clone(),
        unit: unit.into(),
        year,
    };
    let value = |unit: &str, year, v| KpiValue {
        kpi: kpi.clone(),
        unit: unit.into(),
        year,
        gender: Gender::Total,
        value: v,
    };
    for (kind, db) in backends("kolada") {
        let fetch = KoladaFetch {
            kpis: vec![meta.clone()],
            keys: vec![key("2326", 2022), key("2326", 2023), key("0000", 2023)],
            confirmed: vec![],
            deleted: vec![],
            values: vec![
                value("2326", 2022, Some(5.1)),
                value("2326", 2023, None),
                value("0000", 2023, Some(4.2)),
            ],
        };
        db.kolada_save(&fetch).unwrap();
        let units = ["2326".to_owned(), "0000".to_owned()];
        let cached = db
            .kolada_cached(std::slice::from_ref(&kpi), &units, (2020, 2025))
            .unwrap();
        assert_eq!(cached.fetched.len(), 3, "{kind}");
        assert_eq!(
            cached.fetched[0].published.as_deref(),
            Some("2026-03-01"),
            "{kind}"
        );
        assert_eq!(
            cached.values.len(),
            3,
            "{kind}: a null value is kept as known-null"
        );
        assert!(cached.values.contains(&value("2326", 2023, None)), "{kind}");
        // Only the units and years asked for.
        let one = db
            .kolada_cached(std::slice::from_ref(&kpi), &units[..1], (2023, 2023))
            .unwrap();
        assert_eq!(one.values, [value("2326", 2023, None)], "{kind}");

        // A refetch replaces a key's values; other keys stay.
        let again = KoladaFetch {
            kpis: vec![],
            keys: vec![key("2326", 2023)],
            confirmed: vec![key("2326", 2022), key("0000", 2023)],
            // A refresh: the country's 2023 total deleted by Kolada.
            deleted: vec![value("0000", 2023, Some(4.2))],
            values: vec![value("2326", 2023, Some(4.9))],
        };
        db.kolada_save(&again).unwrap();
        let cached = db
            .kolada_cached(std::slice::from_ref(&kpi), &units, (2020, 2025))
            .unwrap();
        assert!(
            cached.values.contains(&value("2326", 2023, Some(4.9))),
            "{kind}"
        );
        assert!(
            cached.values.contains(&value("2326", 2022, Some(5.1))),
            "{kind}: confirmed, kept"
        );
        assert!(
            !cached.values.contains(&value("0000", 2023, Some(4.2))),
            "{kind}: deleted by Kolada"
        );
        assert_eq!(cached.values.len(), 2, "{kind}");

        // A fetch that fails part-way stores nothing of it.
        let broken = KoladaFetch {
            kpis: vec![],
            keys: vec![key("0000", 2024), key("bad", 2024)],
            confirmed: vec![],
            deleted: vec![],
            values: vec![value("0000", 2024, Some(1.0))],
        };
        assert!(db.kolada_save(&broken).is_err(), "{kind}");
        let after = db
            .kolada_cached(std::slice::from_ref(&kpi), &units, (2024, 2024))
            .unwrap();
        assert_eq!(
            (after.fetched.len(), after.values.len()),
            (0, 0),
            "{kind}: all or nothing"
        );

        // Metadata by id, and searched by title or id, wildcards taken literally.
        assert_eq!(
            db.kolada_kpis(std::slice::from_ref(&kpi)).unwrap(),
            std::slice::from_ref(&meta),
            "{kind}"
        );
        assert_eq!(db.kolada_search("växthus").unwrap().len(), 1, "{kind}");
        assert_eq!(db.kolada_search("n004").unwrap().len(), 1, "{kind}");
        assert!(db.kolada_search("%").unwrap().is_empty(), "{kind}");

        // Everything at once, for a portfolio: the metadata, the totals, the oldest fetch.
        let all = db.kolada_totals().unwrap();
        assert_eq!(all.kpis, std::slice::from_ref(&meta), "{kind}");
        assert_eq!(
            all.values,
            [
                value("2326", 2022, Some(5.1)),
                value("2326", 2023, Some(4.9))
            ],
            "{kind}"
        );
        assert!(all.fetched_at.is_some() && all.missing.is_empty(), "{kind}");
    }
}
