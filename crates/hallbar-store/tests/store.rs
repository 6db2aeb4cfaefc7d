//! The store: versions kept, organisations isolated, tokens hashed, crash safety.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hallbar_core::syntax::{Format, parse_as};
use hallbar_core::{Hallbarhetssakring, InsatsId};
use hallbar_store::{Role, Store, StoreError};

fn fixture(name: &str) -> Hallbarhetssakring {
    let path = format!(
        "{}/../../fixtures/insatser/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_as(&std::fs::read_to_string(path).unwrap(), Format::Toml).unwrap()
}

fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hallbar-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("hallbar.db")
}

#[test]
fn every_change_is_a_new_version_and_nothing_is_overwritten() {
    let mut store = Store::in_memory().unwrap();
    let mut doc = fixture("laddinfrastruktur.toml");
    let id = doc.insats.id.clone();
    let v1 = store
        .create("Region Exempel", "anna", "första utkast", &doc)
        .unwrap();
    assert_eq!(v1.version, 1);
    doc.insats.titel = "Ny titel".into();
    let v2 = store
        .update("Region Exempel", &id, "bo", "titel", Some(1), &doc)
        .unwrap();
    assert_eq!((v2.version, v2.author.as_str()), (2, "bo"));
    let first = store.get("Region Exempel", id.as_str(), Some(1)).unwrap();
    let first: serde_json::Value = serde_json::from_str(&first.document).unwrap();
    assert_eq!(
        first["insats"]["titel"],
        "Laddinfrastruktur längs stråken – publik laddning för personbil och tung trafik"
    );
    assert_eq!(
        store
            .get("Region Exempel", id.as_str(), None)
            .unwrap()
            .version,
        2
    );
    let all = store.versions("Region Exempel", id.as_str()).unwrap();
    assert_eq!(
        all.iter()
            .map(|v| (v.version, v.note.as_str()))
            .collect::<Vec<_>>(),
        [(1, "första utkast"), (2, "titel")]
    );
    assert!(all.iter().all(|v| v.created_at.ends_with('Z')));
}

#[test]
fn concurrent_edits_do_not_overwrite_each_other() {
    let mut store = Store::in_memory().unwrap();
    let doc = fixture("vaginvestering.toml");
    let id = doc.insats.id.clone();
    store.create("R", "a", "", &doc).unwrap();
    store.update("R", &id, "a", "", Some(1), &doc).unwrap();
    // A second caseworker still editing version 1:
    let err = store.update("R", &id, "b", "", Some(1), &doc).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: 1,
                latest: 2
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "it has changed since: the change is based on version 1, the latest is 2"
    );
}

#[test]
fn an_organisation_sees_only_its_own_assessments() {
    let mut store = Store::in_memory().unwrap();
    let doc = fixture("turism-fjall.toml");
    store.create("Region A", "a", "", &doc).unwrap();
    // Another organisation may assess the same insats id independently.
    store.create("Region B", "b", "", &doc).unwrap();
    assert!(matches!(
        store.get("Region C", doc.insats.id.as_str(), None),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.versions("Region C", doc.insats.id.as_str()),
        Err(StoreError::NotFound(_))
    ));
    let id = InsatsId::new(doc.insats.id.as_str()).unwrap();
    assert!(matches!(
        store.update("Region C", &id, "c", "", None, &doc),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.list("Region A").unwrap().len(), 1);
    assert_eq!(store.list("Region C").unwrap().len(), 0);
}

#[test]
fn creating_twice_and_renaming_are_refused() {
    let mut store = Store::in_memory().unwrap();
    let doc = fixture("turism-fjall.toml");
    store.create("R", "a", "", &doc).unwrap();
    assert!(matches!(
        store.create("R", "a", "", &doc),
        Err(StoreError::AlreadyExists(_))
    ));
    let other = InsatsId::new("annan").unwrap();
    let err = store.update("R", &other, "a", "", None, &doc).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the document is of insats `fjallturism-2027`, not `annan`"
    );
}

#[test]
fn lists_show_the_latest_version() {
    let mut store = Store::in_memory().unwrap();
    for name in ["turism-fjall.toml", "vaginvestering.toml"] {
        store.create("R", "a", "", &fixture(name)).unwrap();
    }
    let mut doc = fixture("vaginvestering.toml");
    doc.insats.titel = "Väg 27, ny".into();
    store
        .update("R", &doc.insats.id.clone(), "a", "", None, &doc)
        .unwrap();
    let list = store.list("R").unwrap();
    let road = list
        .iter()
        .find(|s| s.insats_id == "lts-vag-27-etapp2")
        .unwrap();
    assert_eq!(
        (road.latest_version, road.title.as_str()),
        (2, "Väg 27, ny")
    );
}

#[test]
fn data_survives_reopening_and_the_schema_is_versioned() {
    let path = temp_db("reopen");
    let doc = fixture("laddinfrastruktur.toml");
    {
        let mut store = Store::open(&path).unwrap();
        store.create("R", "a", "", &doc).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 6);
    assert_eq!(
        store
            .get("R", doc.insats.id.as_str(), None)
            .unwrap()
            .version,
        1
    );
    store.integrity_check().unwrap();
    // The file header's read/write versions (bytes 18 and 19) are 2 in WAL mode.
    let header = std::fs::read(&path).unwrap();
    assert_eq!(
        (header[18], header[19]),
        (2, 2),
        "the database is in WAL mode"
    );
}

#[test]
fn a_database_from_a_newer_hallbar_is_refused() {
    let path = temp_db("newer");
    drop(Store::open(&path).unwrap());
    // Simulate a database written by a future hallbar.
    set_user_version(&path, 99);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the database has schema version 99; this hallbar knows up to 6"
    );
}

#[test]
fn a_version_1_database_is_migrated_with_every_version_kept() {
    let path = temp_db("migrate-1");
    let doc = fixture("laddinfrastruktur.toml");
    let text = serde_json::to_string(&doc).unwrap();
    {
        // A database as version 1 of the schema left it, with two versions stored.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO assessments (id, organisation, insats_id, created_at) VALUES (7, 'R', 'laddstrak-2026', 't0');",
        )
        .unwrap();
        for (version, author) in [(1, "a"), (2, "b")] {
            conn.execute(
                "INSERT INTO assessment_versions (assessment_id, version, document, author, created_at, note) VALUES (7, ?1, ?2, ?3, 't', 'n')",
                rusqlite::params![version, text, author],
            )
            .unwrap();
        }
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 6);
    store.integrity_check().unwrap();
    let versions = store.versions("R", "laddstrak-2026").unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.version, v.author.as_str(), v.note.as_str(), v.rule_layer))
            .collect::<Vec<_>>(),
        [(1, "a", "n", None), (2, "b", "n", None)],
        "versions from before rule layers were stored under the server's rules alone"
    );
    assert_eq!(versions[1].document, serde_json::to_string(&doc).unwrap());
    // Writes go on from where they were; the version key is still unique.
    let v3 = store
        .update("R", &doc.insats.id, "c", "", Some(2), &doc)
        .unwrap();
    assert_eq!(v3.version, 3);
    let duplicate = rusqlite::Connection::open(&path).unwrap().execute(
        "INSERT INTO assessment_versions (assessment_id, version, document, author, created_at) VALUES (7, 3, '{}', 'x', 't')",
        [],
    );
    assert!(duplicate.is_err(), "(assessment_id, version) is unique");
}

fn set_user_version(path: &Path, v: u8) {
    // The user_version is the big-endian integer at byte offset 60 of the header.
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&[0, 0, 0, v]);
    std::fs::write(path, bytes).unwrap();
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    let _ = std::fs::remove_file(path.with_extension("db-shm"));
}

#[test]
fn tokens_are_stored_hashed_and_can_be_revoked() {
    let path = temp_db("tokens");
    let mut store = Store::open(&path).unwrap();
    let (token, info) = store
        .create_token(Role::Handlaggare, "Region Exempel", "Anna A")
        .unwrap();
    assert!(token.starts_with("hb_") && token.len() == 67);
    let p = store.authenticate(&token).unwrap().unwrap();
    assert_eq!(
        (p.role, p.organisation.as_str(), p.label.as_str()),
        (Role::Handlaggare, "Region Exempel", "Anna A")
    );
    assert!(p.role.can_write() && !p.role.can_administer());
    assert!(store.authenticate("hb_0000").unwrap().is_none());
    // Change one character of the secret (a hex digit, so replacing a fixed
    // letter could be a no-op when the random secret does not contain it).
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == '0' { '1' } else { '0' });
    assert!(store.authenticate(&tampered).unwrap().is_none());
    drop(store);
    // The secret is nowhere in the database files.
    for f in [path.clone(), path.with_extension("db-wal")] {
        if let Ok(bytes) = std::fs::read(&f) {
            assert!(
                !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
                "{}",
                f.display()
            );
        }
    }
    let mut store = Store::open(&path).unwrap();
    assert!(store.revoke_token("Region Exempel", info.id).unwrap());
    assert!(store.authenticate(&token).unwrap().is_none());
    assert!(!store.revoke_token("Region Exempel", info.id).unwrap());
    assert!(store.create_token(Role::Lasare, "  ", "").is_err());
    assert_eq!("läsare".parse::<Role>().unwrap(), Role::Lasare);
    assert!("admin".parse::<Role>().is_err());
}

/// The child of the crash test: stores versions in a loop and prints each acknowledged
/// one. Runs only when the parent starts this test binary with HALLBAR_CRASH_DB set.
#[test]
fn crash_child() {
    let Some(db) = std::env::var_os("HALLBAR_CRASH_DB") else {
        return;
    };
    let mut store = Store::open(Path::new(&db)).unwrap();
    let mut doc = fixture("laddinfrastruktur.toml");
    let id = doc.insats.id.clone();
    if store.get("R", id.as_str(), None).is_err() {
        store.create("R", "crash", "", &doc).unwrap();
    }
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        doc.insats.beskrivning = format!("write {n}");
        let v = store.update("R", &id, "crash", "", None, &doc).unwrap();
        writeln!(out, "ack {}", v.version).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn every_acknowledged_write_survives_kill_9() {
    let path = temp_db("crash");
    let me = std::env::current_exe().unwrap();
    let mut acknowledged = 0u32;
    for round in 0..20u64 {
        let mut child = Command::new(&me)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env("HALLBAR_CRASH_DB", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let deadline = Instant::now() + Duration::from_millis(30 + 17 * (round % 7));
        while let Some(Ok(line)) = lines.next() {
            if let Some(v) = line.strip_prefix("ack ") {
                acknowledged = acknowledged.max(v.trim().parse().unwrap());
            }
            if Instant::now() >= deadline {
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix: no clean-up runs.
        let _ = child.wait();
        let store = Store::open(&path).unwrap();
        store.integrity_check().unwrap();
        let latest = store.get("R", "laddstrak-2026", None).unwrap().version;
        assert!(
            latest >= acknowledged,
            "round {round}: acknowledged {acknowledged}, stored {latest}"
        );
        // Every version from 1 to the latest is there, once.
        for n in 1..=latest {
            assert_eq!(
                store.get("R", "laddstrak-2026", Some(n)).unwrap().version,
                n,
                "round {round}: version {n}"
            );
        }
        let listed: Vec<u32> = store
            .versions("R", "laddstrak-2026")
            .unwrap()
            .iter()
            .map(|v| v.version)
            .collect();
        let newest = latest.saturating_sub(hallbar_store::MAX_VERSIONS_LISTED) + 1..=latest;
        assert_eq!(
            listed,
            newest.collect::<Vec<_>>(),
            "no version lost or doubled"
        );
    }
    assert!(acknowledged > 20, "the child wrote {acknowledged} versions");
}
