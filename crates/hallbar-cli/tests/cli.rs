//! The `hallbar` binary, run as a process.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hallbar(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hallbar"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hallbar-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn validate_summarises_a_fixture_in_swedish() {
    let o = hallbar(&["validate", "fixtures/insatser/laddinfrastruktur.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("giltig hållbarhetssäkring"), "{out}");
    assert!(
        out.contains("Effekter: 6 (4 positiva, 2 negativa)"),
        "{out}"
    );
    assert!(
        out.contains("Hållplatser: efter A: Fortsätt; efter C: Revidera"),
        "{out}"
    );
}

#[test]
fn validate_speaks_english_on_request() {
    let o = hallbar(&[
        "--lang",
        "en",
        "validate",
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("valid assessment"), "{out}");
    assert!(
        out.contains("Checkpoints: after A: Continue; after C: Revise"),
        "{out}"
    );
}

#[test]
fn validate_accepts_several_files() {
    let o = hallbar(&[
        "validate",
        "fixtures/insatser/vaginvestering.toml",
        "fixtures/insatser/turism-fjall.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches("giltig hållbarhetssäkring").count(), 2);
}

#[test]
fn bad_documents_exit_2_naming_file_line_column_and_pointer() {
    let path = temp_file("bad.toml", b"format_version = 1\n[insats]\nid = \"x\"\ntitel = \"T\"\ntyp = \"projekt\"\nagare = \"R\"\n\n[[effekter]]\nid = \"e\"\nmal = \"18\"\nriktning = \"positiv\"\nstyrka = 9\ntyp = \"direkt\"\nmotivering = \"m\"\nsakerhet = \"medel\"\n");
    let o = hallbar(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let name = path.display().to_string();
    // Swedish by default, English with --lang en.
    assert!(
        err.contains(&format!("error: {name}:10:7: okänt mål `18`")),
        "{err}"
    );
    assert!(err.contains("at /effekter/0/mal"), "{err}");
    assert!(
        err.contains(&format!(
            "error: {name}:12:10: förväntade högst 3, fick `9`"
        )),
        "{err}"
    );
    let o = hallbar(&["--lang", "en", "validate", path.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("error: {name}:10:7: unknown goal `18`")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: {name}:12:10: expected at most 3, found `9`"
        )),
        "{err}"
    );
}

#[test]
fn json_output_lists_diagnostics_with_places() {
    let path = temp_file("bad.json", br#"{"format_version": 1, "insats": {"id": "x", "titel": "T", "typ": "projekt", "agare": "R", "extra": true}}"#);
    let o = hallbar(&["validate", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["valid"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["pointer"], "/insats/extra");
    assert_eq!(d["message"], "okänt fält `extra`");
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 91);
}

#[test]
fn files_over_the_limit_are_refused_before_reading() {
    let path = temp_file("huge.json", &vec![b' '; 50 * 1024 * 1024]);
    let o = hallbar(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the limit is 8388608 bytes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_input_is_bad_input() {
    let o = hallbar(&["validate", "no/such/file.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: no/such/file.toml:"),
        "{}",
        stderr(&o)
    );

    let path = temp_file("notes.txt", b"hello");
    let o = hallbar(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot tell the format"),
        "{}",
        stderr(&o)
    );

    let path = temp_file("latin1.toml", b"titel = \"V\xe4xj\xf6\"\n");
    let o = hallbar(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
}

#[test]
fn unknown_arguments_are_bad_input() {
    let o = hallbar(&["validate", "--nope", "x.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = hallbar(&["--lang", "fi", "goals"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown language `fi`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn extra_goal_frameworks_load_from_files() {
    let fw = temp_file(
        "rus.toml",
        "format_version = 1\n[ramverk]\nid = \"rus-test\"\nnamn = \"Test-RUS\"\n[[mal]]\nid = \"rus-test:1\"\nnamn = \"Prioritet ett\"\n".as_bytes(),
    );
    let o = hallbar(&[
        "goals",
        "--goals",
        fw.to_str().unwrap(),
        "--framework",
        "rus-test",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("rus-test:1"));

    let bad = temp_file("bad-rus.toml", b"format_version = 1\n[ramverk]\nid = \"rus-test\"\nnamn = \"x\"\n[[mal]]\nid = \"annat:1\"\nnamn = \"y\"\n");
    let o = hallbar(&["goals", "--goals", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("does not belong to the framework `rus-test`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn goals_lists_the_catalogue() {
    let o = hallbar(&["goals", "--framework", "sdg"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 17);
    let o = hallbar(&["goals", "--framework", "sdg", "--targets"]);
    assert_eq!(stdout(&o).lines().count(), 17 + 169);
    let o = hallbar(&["--lang", "en", "goals", "--framework", "mkm"]);
    assert!(stdout(&o).contains("Sustainable Forests"));
}

#[test]
fn schema_check_passes_on_the_checked_in_schemas() {
    let o = hallbar(&["schema", "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn schema_writes_every_schema() {
    let dir = std::env::temp_dir().join(format!("hallbar-schemas-{}", std::process::id()));
    let o = hallbar(&["schema", "--out", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    for name in [
        "hallbarhetssakring.schema.json",
        "malramverk.schema.json",
        "fynd.schema.json",
        "regler.schema.json",
        "regeltest.schema.json",
        "malinteraktioner.schema.json",
        "metodprofil.schema.json",
    ] {
        assert!(dir.join(name).is_file(), "{name}");
    }
    let o = hallbar(&["schema", "--check", "--out", "/nonexistent-dir"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn assess_json_follows_the_contract() {
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "fixtures/insatser/turism-fjall.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let findings = v["findings"].as_array().unwrap();
    // Issue 14: the one 8.9 ↔ 13 conflict is one finding, named by its most specific
    // rule, with every rule that supports it and the graph path that explains it.
    let pair: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["kind"] == "malkonflikt" && f["goals"] == serde_json::json!(["8.9", "13"]))
        .collect();
    assert_eq!(pair.len(), 1, "{pair:#?}");
    let f = pair[0];
    assert_eq!(f["source"], "rule");
    assert_eq!(f["rule"], "turism-klimat-ekosystem");
    assert_eq!(f["rules"][0], f["rule"]);
    for rule in [
        "tillvaxt-klimat",
        "miljopaverkan-utanfor-sverige",
        "tillvaxt-ekologiskt-tryck",
        "angiven-malkonflikt",
    ] {
        assert!(
            f["rules"].as_array().unwrap().iter().any(|r| r == rule),
            "{rule}"
        );
    }
    assert_eq!(f["paths"], serde_json::json!([["8.9", "13"]]));
    // One explanation; every rule and the path named in what supports it.
    assert!(!f["explanation"].as_str().unwrap().contains("Regeln"));
    let supported: Vec<&serde_json::Value> = f["supported_by"].as_array().unwrap().iter().collect();
    assert_eq!(
        supported.len(),
        f["rules"].as_array().unwrap().len() + 1,
        "{supported:#?}"
    );
    assert!(
        supported
            .iter()
            .any(|s| s["path"] == serde_json::json!(["8.9", "13"]))
    );
    assert!(!f["sources"].as_array().unwrap().is_empty());
    assert_eq!(f["evidence"][1]["pointer"], "/effekter/1");
    // Every finding carries `rules`; `rule` is its first.
    for f in findings {
        let rules = f["rules"].as_array().unwrap();
        assert_eq!(f.get("rule"), rules.first(), "{f}");
    }
}

#[test]
fn assess_deny_exits_1_only_when_such_findings_exist() {
    let o = hallbar(&[
        "assess",
        "--deny",
        "malkonflikt",
        "fixtures/insatser/turism-fjall.toml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    // Without the goal graph there are no synergies; with it, there are.
    let o = hallbar(&[
        "assess",
        "--deny",
        "synergi",
        "--no-graph",
        "fixtures/insatser/turism-fjall.toml",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let o = hallbar(&[
        "assess",
        "--deny",
        "synergi",
        "fixtures/insatser/turism-fjall.toml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = hallbar(&[
        "assess",
        "--deny",
        "nonsense",
        "fixtures/insatser/turism-fjall.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn assess_with_bad_rules_names_the_rule_file() {
    let rules = temp_file("rules.toml", b"format_version = 1\n[[regel]]\nid = \"r\"\ntitel = \"t\"\nbeskrivning = \"b\"\nmotivering = \"m\"\nkalla = \"k\"\ntyp = \"malkonflikt\"\nallvarlighet = \"varning\"\nom = { effekt = { mal = [\"18\"] } }\n");
    let o = hallbar(&[
        "assess",
        "--rules",
        rules.to_str().unwrap(),
        "fixtures/insatser/turism-fjall.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:10:26: okänt mål `18`", rules.display())),
        "{err}"
    );
}

#[test]
fn a_closed_pipe_ends_output_without_a_panic() {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hallbar"))
        .args(["goals", "--targets"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn rules_test_runs_the_standard_tests_with_full_coverage() {
    let o = hallbar(&[
        "rules",
        "test",
        "--require-coverage",
        "fixtures/rules/tests",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("täckning: 32/32"), "{out}");
    assert!(out.trim_end().ends_with("69 passed, 0 failed"), "{out}");
}

const TEST_HEAD: &str = "format_version = 1\n[mall]\nformat_version = 1\n[mall.insats]\nid = \"t\"\ntitel = \"T\"\ntyp = \"projekt\"\nagare = \"R\"\n";

#[test]
fn rules_test_reports_failing_and_broken_cases() {
    let text = format!(
        "{TEST_HEAD}\n[[fall]]\nnamn = \"väntar sig en regel som inte slår till\"\nforvantat = [{{ regel = \"tillvaxt-klimat\" }}]\n\n[[fall]]\nnamn = \"okänt mål i dokumentet\"\ndokument = {{ effekter = [{{ id = \"e\", mal = \"18\", riktning = \"positiv\", styrka = 1, typ = \"direkt\", motivering = \"m\", sakerhet = \"lag\" }}] }}\n\n[[fall]]\nnamn = \"okänd regel\"\nej = [\"finns-inte\"]\n"
    );
    let path = temp_file("failing.test.toml", text.as_bytes());
    let o = hallbar(&["rules", "test", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("väntade att `tillvaxt-klimat` skulle slå till, men den gjorde det inte"),
        "{out}"
    );
    assert!(
        out.contains("dokumentet är ogiltigt: unknown goal `18` (at /effekter/0/mal)"),
        "{out}"
    );
    assert!(
        out.contains("regeln `finns-inte` finns inte i regeluppsättningen"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("0 passed, 3 failed"), "{out}");
}

#[test]
fn rules_test_cases_can_start_from_an_insats_file_and_speak_english() {
    let text = format!(
        "format_version = 1\n\n[[fall]]\nnamn = \"tourism\"\ninsats = \"{}\"\nforvantat = [{{ regel = \"tillvaxt-klimat\", mal = [\"8.9\", \"13\"] }}]\n",
        root().join("fixtures/insatser/turism-fjall.toml").display()
    );
    let path = temp_file("from-file.test.toml", text.as_bytes());
    let o = hallbar(&["--lang", "en", "rules", "test", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("coverage: "), "{}", stdout(&o));
}

#[test]
fn rules_test_require_coverage_fails_on_rules_no_case_fires() {
    let text = format!("{TEST_HEAD}\n[[fall]]\nnamn = \"tomt\"\n");
    let path = temp_file("coverage.test.toml", text.as_bytes());
    let o = hallbar(&[
        "rules",
        "test",
        "--require-coverage",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "inget test fick dessa regler att slå till: angiven-malkonflikt, tillvaxt-klimat"
        ),
        "{}",
        stdout(&o)
    );
    let o = hallbar(&["rules", "test", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn rules_test_with_a_malformed_test_file_is_bad_input() {
    let path = temp_file(
        "bad.test.toml",
        b"format_version = 1\n[[fall]]\nnamn = \"x\"\nforventat = []\n",
    );
    let o = hallbar(&["rules", "test", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown field `forventat`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn assess_takes_a_folder_of_rules_and_passes_on_suggestions() {
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "--rules",
        "fixtures/rules",
        "--replace-standard-rules",
        "fixtures/insatser/vaginvestering.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "vag-hallbara-transporter")
        .unwrap();
    assert_eq!(
        f["suggestions"]["atgarder"][0],
        "Parallell gång- och cykelväg"
    );
    let o = hallbar(&[
        "rules",
        "check",
        "--replace-standard-rules",
        "fixtures/rules",
    ]);
    assert_eq!(
        stdout(&o).trim(),
        "ok: 32 regler gäller, 0 avstängda",
        "the folders below (tests, layers) are not read as rules"
    );
}

#[test]
fn graph_metrics_json_follows_the_contract() {
    let m = temp_file("m.csv", b",7,13,15\n7,,2,-1\n13,1,,2\n15,0,1,\n");
    let o = hallbar(&[
        "graph",
        "metrics",
        "--matrix",
        m.to_str().unwrap(),
        "--second-order-weight",
        "0.5",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let first = &v["nodes"][0];
    assert_eq!(first["id"], "13");
    for key in [
        "id",
        "out_sum",
        "in_sum",
        "positive",
        "negative",
        "second_order",
        "total",
        "rank",
    ] {
        assert!(first.get(key).is_some(), "{key}");
    }
    assert_eq!(
        (
            first["out_sum"].as_i64(),
            first["second_order"].as_f64(),
            first["total"].as_f64(),
            first["rank"].as_u64()
        ),
        (Some(3), Some(1.5), Some(4.5), Some(1))
    );
    assert_eq!(v["nodes"].as_array().unwrap().len(), 3);
}

#[test]
fn a_matrix_goes_out_to_excel_and_back_with_the_same_metrics() {
    let csv = "../shared/data/sei-sweden-2018/sweden-34-targets.csv";
    let xlsx = std::env::temp_dir().join(format!("hallbar-sweden-{}.xlsx", std::process::id()));
    let x = xlsx.to_str().unwrap();
    let o = hallbar(&["graph", "export", "--matrix", csv, "--to", "xlsx", "-o", x]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let metrics = |m: &str| {
        let o = hallbar(&["graph", "metrics", "--matrix", m, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(metrics(x), metrics(csv));
    // Without a file to write to, and a file that is not a workbook.
    let o = hallbar(&["graph", "export", "--matrix", csv, "--to", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o FILE.xlsx"), "{}", stderr(&o));
    let fake = temp_file("fake.xlsx", b",8,13\n8,,-2\n13,,\n");
    let o = hallbar(&["graph", "metrics", "--matrix", fake.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not an .xlsx workbook"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_file(&xlsx);
}

#[test]
fn graph_matrix_errors_name_file_row_and_column_and_exit_2() {
    let m = temp_file("bad.csv", b",8,13\n8,,5\n13,x,\n");
    let o = hallbar(&["graph", "metrics", "--matrix", m.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "error: {}: row 2, column 3: score `5` from `8` to `13` is outside −3 … 3",
            m.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("row 3, column 2: `x` from `13` to `8` is not an integer score"),
        "{err}"
    );
}

#[test]
fn graph_render_writes_svg_and_dot() {
    let svg = std::env::temp_dir().join(format!("hallbar-graph-{}.svg", std::process::id()));
    let o = hallbar(&[
        "graph",
        "render",
        "--format",
        "svg",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("<g class=\"interaction\">"));
    let o = hallbar(&["graph", "render", "--format", "dot", "--aggregate"]);
    assert!(stdout(&o).starts_with("digraph goals {"));
}

#[test]
fn graph_export_round_trips_through_csv() {
    let csv = std::env::temp_dir().join(format!("hallbar-export-{}.csv", std::process::id()));
    let o = hallbar(&[
        "graph",
        "export",
        "--to",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a = hallbar(&["graph", "metrics", "--format", "json"]);
    let b = hallbar(&[
        "graph",
        "metrics",
        "--format",
        "json",
        "--matrix",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(
        stdout(&a),
        stdout(&b),
        "the exported matrix has the same metrics"
    );
    let o = hallbar(&["graph", "export", "--to", "json"]);
    let json = temp_file("export.json", stdout(&o).as_bytes());
    let c = hallbar(&[
        "graph",
        "metrics",
        "--format",
        "json",
        "--interactions",
        json.to_str().unwrap(),
    ]);
    assert_eq!(stdout(&a), stdout(&c));
}

#[test]
fn a_regions_interaction_file_overrides_single_pairs_of_the_standard_interactions() {
    let region = temp_file(
        "region-interaktioner.toml",
        br#"format_version = 1
om = { namn = "Region Ett, workshop 2026" }

[[interaktion]]
fran = "7.2"
till = "15.5"
poang = 0
motivering = "Regionens laddinfrastruktur byggs i redan hardgjord mark."
sakerhet = "medel"
kalla = "Workshop 2026-11-20"
"#,
    );
    let graph_pairs = |extra: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec!["assess", "--format", "json"];
        args.extend_from_slice(extra);
        args.push("fixtures/insatser/laddinfrastruktur.toml");
        let o = hallbar(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["source"] == "graph")
            .map(|f| f["goals"].clone())
            .collect()
    };
    let standard = graph_pairs(&[]);
    let pair = serde_json::json!(["7.2", "15.5"]);
    assert!(standard.contains(&pair));
    // The region scores 7.2 → 15.5 as 0: that conflict goes, the rest stays.
    let layered = graph_pairs(&["--interactions", region.to_str().unwrap()]);
    assert!(!layered.contains(&pair), "{layered:?}");
    assert_eq!(
        layered.len(),
        standard.len() - 1,
        "{layered:?} vs {standard:?}"
    );
    // Replacing the standard interactions leaves only the region's (which infer nothing
    // here), and says so.
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "--replace-standard-interactions",
        "--interactions",
        region.to_str().unwrap(),
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    assert!(
        stderr(&o).contains("standardsambanden är ersatta"),
        "{}",
        stderr(&o)
    );
    // A pair given twice in one layer is an error at its place.
    let twice = temp_file(
        "twice.toml",
        br#"format_version = 1
om = { namn = "Dubbel" }

[[interaktion]]
fran = "7.2"
till = "15.5"
poang = -1
motivering = "a"
sakerhet = "lag"
kalla = "b"

[[interaktion]]
fran = "7.2"
till = "15.5"
poang = -2
motivering = "a"
sakerhet = "lag"
kalla = "b"
"#,
    );
    let o = hallbar(&[
        "assess",
        "--interactions",
        twice.to_str().unwrap(),
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("twice.toml:12") && stderr(&o).contains("already given"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn assess_infers_through_the_goal_graph_unless_told_not_to() {
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let graph: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["source"] == "graph")
        .collect();
    let land = graph
        .iter()
        .find(|f| f["goals"] == serde_json::json!(["7.2", "15.5"]))
        .unwrap();
    assert_eq!(land["kind"], "malkonflikt");
    assert_eq!(land["paths"], serde_json::json!([["7.2", "15.5"]]));
    assert!(land.get("rule").is_none());
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "--no-graph",
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["source"] != "graph")
    );
    let m = temp_file("tiny.csv", b",7,15\n7,,-3\n15,,\n");
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "--matrix",
        m.to_str().unwrap(),
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let graph: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["source"] == "graph")
        .collect();
    assert_eq!(graph.len(), 1, "{graph:?}");
    // A cancelling link from a strength-2 effect, but scored for goal 7, not target 7.2:
    // 2/3 · 3/3 · 0.5 = 0.33, information apart from the main list (issue 14) …
    assert_eq!(graph[0]["severity"], "info");
    // … unless the threshold is set below it.
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "--matrix",
        m.to_str().unwrap(),
        "--graph-warn-strength",
        "0.3",
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let warned = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == "graph")
        .unwrap();
    assert_eq!(warned["severity"], "varning");
    let o = hallbar(&[
        "assess",
        "--graph-warn-strength",
        "1.5",
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected a number from 0 to 1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn status_shows_where_the_assessment_stands() {
    let o = hallbar(&["status", "fixtures/insatser/vindkraft-renskotsel.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Läge: pågår i steg A"), "{out}");
    assert!(out.contains("hållplats: ej beslutad"), "{out}");
    // As the web form shows it: the serious finding holds its step back.
    assert!(
        out.contains(
            "allvarligt fynd: Markanvändning i renskötselområdet utan det samiska samhället"
        ),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when piped");
    let o = hallbar(&[
        "status",
        "--format",
        "json",
        "fixtures/insatser/laddinfrastruktur.toml",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["status"]["state"]["state"], "revising");
    assert_eq!(v["status"]["state"]["step"], "C");
    assert_eq!(v["suggested_overall"].as_array().unwrap().len(), 3);
}

#[test]
fn assess_includes_the_methods_completeness_checks_unless_told_not_to() {
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "fixtures/insatser/vindkraft-renskotsel.toml",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["source"] == "method"
        && f["kind"] == "ofullstandig"
        && f["title"] == "Hållplatsen efter steg A är inte beslutad"));
    let o = hallbar(&[
        "assess",
        "--format",
        "json",
        "--no-method",
        "fixtures/insatser/vindkraft-renskotsel.toml",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["source"] != "method")
    );
}

#[test]
fn an_unknown_method_profile_is_bad_input_and_a_profile_file_can_be_given() {
    let text =
        std::fs::read_to_string(root().join("fixtures/insatser/vaginvestering.toml")).unwrap();
    let text = text.replacen(
        "format_version = 1",
        "format_version = 1\nmetod = \"region-x\"",
        1,
    );
    let doc = temp_file("okand-metod.toml", text.as_bytes());
    let o = hallbar(&["status", doc.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("the document follows the method profile `region-x`, which is not built in"),
        "{}",
        stderr(&o)
    );
    let profile = temp_file(
        "region-x.toml",
        b"format_version = 1\n[profil]\nid = \"region-x\"\nnamn = \"Region X\"\n[[steg]]\nid = \"A\"\nnamn = \"Allt\"\nkraver = [\"effekter\"]\nhallplats = true\n",
    );
    let o = hallbar(&[
        "status",
        "--profile",
        profile.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Region X"), "{}", stdout(&o));
}

/// The Markdown decision basis of every example insats, against `fixtures/reports/`.
/// `HALLBAR_BLESS=1 cargo test -p hallbar-cli --test cli` rewrites them; read the diff.
#[test]
fn report_markdown_matches_its_snapshot() {
    let bless = std::env::var_os("HALLBAR_BLESS").is_some();
    let mut differ = Vec::new();
    for name in [
        "laddinfrastruktur",
        "vindkraft-renskotsel",
        "kommersiell-service",
    ] {
        let o = hallbar(&[
            "report",
            "--format",
            "md",
            &format!("fixtures/insatser/{name}.toml"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let path = root().join(format!("fixtures/reports/{name}.md"));
        if bless {
            std::fs::write(&path, stdout(&o)).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != stdout(&o) {
            differ.push(name);
        }
    }
    assert!(
        differ.is_empty(),
        "reports differ from fixtures/reports/: {differ:?} (HALLBAR_BLESS=1 to rewrite)"
    );
}

#[test]
fn report_html_is_one_self_contained_file() {
    let o = hallbar(&["report", "fixtures/insatser/turism-fjall.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    for fetched in ["src=", "href=", "@import", "<script", "url(http", "<link"] {
        assert!(
            !html.contains(fetched),
            "the report fetches something: {fetched}"
        );
    }
    assert_eq!(
        html.matches("<svg").count(),
        3,
        "goal wheel, network, stakeholder grid"
    );
    assert!(html.contains("@media print"));
    for section in [
        "Bidrag till den regionala utvecklingsstrategin",
        "Positiva effekter och hur de stärks",
        "Negativa effekter och hur de minimeras",
        "Målkonflikter och hur de hanteras",
        "Kvarstående frågor",
        "Samlad bedömning",
        "Indikatorplan",
    ] {
        assert!(html.contains(section), "{section}");
    }
    let o = hallbar(&[
        "--lang",
        "en",
        "report",
        "--format",
        "text",
        "fixtures/insatser/turism-fjall.toml",
    ]);
    assert!(stdout(&o).starts_with("Decision basis: "), "{}", stdout(&o));
}

#[test]
fn tokens_are_created_once_and_revoked() {
    let db = std::env::temp_dir().join(format!("hallbar-tokens-{}.db", std::process::id()));
    let o = hallbar(&[
        "token",
        "create",
        "--role",
        "analytiker",
        "--org",
        "Region Exempel",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let token = stdout(&o).trim().to_owned();
    assert!(token.starts_with("hb_") && token.len() == 67, "{token}");
    assert!(stderr(&o).contains("shown only now"));
    let o = hallbar(&[
        "token",
        "create",
        "--role",
        "admin",
        "--org",
        "X",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown role `admin`"),
        "{}",
        stderr(&o)
    );
    let o = hallbar(&[
        "token",
        "revoke",
        "1",
        "--org",
        "Region Exempel",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = hallbar(&[
        "token",
        "revoke",
        "1",
        "--org",
        "Region Exempel",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    use std::io::{BufRead as _, BufReader};
    let dir = std::env::temp_dir().join(format!("hallbar-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hallbar"))
        .args([
            "serve",
            "--db",
            dir.join("h.db").to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let log: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(log["message"], "listening", "{first}");
    assert_eq!(log["level"], "INFO");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert_eq!(exit.code(), Some(0));
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|l| l.contains("\"message\":\"stopped\"")),
        "{rest:?}"
    );
}

#[test]
fn assess_text_and_json_give_the_findings_in_one_reading_order() {
    let file = "fixtures/insatser/vindkraft-renskotsel.toml";
    let o = hallbar(&["assess", file]);
    let out = stdout(&o);
    let first = out.lines().skip(3).find(|l| l.contains(" · ")).unwrap();
    assert!(first.contains("Allvarlig"), "{first}");
    let o = hallbar(&["assess", "--format", "json", file]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let rank = |s: &serde_json::Value| match s.as_str() {
        Some("allvarlig") => 0,
        Some("varning") => 1,
        _ => 2,
    };
    let ranks: Vec<i32> = findings.iter().map(|f| rank(&f["severity"])).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    // The text names the same findings in the same order.
    let mut at = 0;
    for f in findings {
        let title = f["title"].as_str().unwrap();
        let found = out[at..]
            .find(&format!(": {title}\n"))
            .unwrap_or_else(|| panic!("{title} out of order"));
        at += found + 1;
    }
}

fn hallbar_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hallbar"))
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn generated(count: u64, seed: u64) -> PathBuf {
    let path = temp_file(&format!("portfolio-{count}-{seed}.ndjson"), b"");
    let o = hallbar(&[
        "portfolio",
        "generate",
        "--count",
        &count.to_string(),
        "--seed",
        &seed.to_string(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    path
}

#[test]
fn portfolio_adds_up_the_same_whatever_the_number_of_workers_or_the_source() {
    let file = generated(600, 3);
    let path = file.to_str().unwrap();
    let run = |jobs: &str| {
        let o = hallbar(&["portfolio", path, "--format", "json", "--jobs", jobs]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let one = run("1");
    assert_eq!(one, run("3"));
    let report: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(report["insatser"], 600);
    assert_eq!(report["invalid"]["count"], 0);
    assert!(report["goals"].as_array().unwrap().len() >= 15, "{one}");
    assert!(
        report["cumulative_conflict_count"].as_u64().unwrap() > 0,
        "{one}"
    );
    assert!(
        report["gaps"]["undecided_checkpoint"]["count"]
            .as_u64()
            .unwrap()
            > 0
    );
    // The same lines on standard input.
    let o = hallbar_with_stdin(
        &["portfolio", "-", "--format", "json"],
        &std::fs::read(&file).unwrap(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), one);
}

#[test]
fn portfolio_reads_a_folder_of_documents() {
    let o = hallbar(&["portfolio", "fixtures/insatser", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["insatser"], 6);
    // One document on its own.
    let one = hallbar(&[
        "portfolio",
        "fixtures/insatser/turism-fjall.toml",
        "--format",
        "json",
    ]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    let report: serde_json::Value = serde_json::from_str(&stdout(&one)).unwrap();
    assert_eq!(report["insatser"], 1);
    let text = hallbar(&["portfolio", "fixtures/insatser"]);
    let out = stdout(&text);
    assert!(
        out.contains("Uppföljning av portföljen") && out.contains("6 insatser"),
        "{out}"
    );
}

#[test]
fn portfolio_reports_every_bad_line_and_counts_the_good_ones() {
    let good = std::fs::read_to_string(generated(3, 5)).unwrap();
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let first = lines[0].clone();
    lines.insert(1, "{\"format_version\": 1, \"insats\": ".to_owned()); // line 2: cut short
    lines.insert(2, String::new()); // line 3: blank, skipped
    let at = first.find("\"mal\":\"").unwrap() + 7;
    let end = at + first[at..].find('"').unwrap();
    lines.insert(3, format!("{}18{}", &first[..at], &first[end..])); // line 4: unknown goal
    lines.insert(4, first.replacen("\"styrka\":", "\"styrka\":9,\"x\":", 1)); // line 5
    lines.push(format!("{first}\r")); // a CRLF line is fine
    let mut input = lines.join("\n").into_bytes();
    input.extend_from_slice(b"\n\xff\xfe not UTF-8\n");
    input.extend(std::iter::repeat_n(b' ', 9 * 1024 * 1024)); // a line over the limit
    input.extend_from_slice(b"\n");
    input.extend_from_slice(first.as_bytes());
    let o = hallbar_with_stdin(&["portfolio", "--format", "json"], &input);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["insatser"], 5, "{}", stdout(&o));
    assert_eq!(report["invalid"]["count"], 5, "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("5 of 10 documents could not be read"), "{err}");
    assert!(err.contains("rad 2:"), "{err}");
    assert!(err.contains("rad 4: /effekter/0/mal: "), "{err}");
    assert!(err.contains("rad 5: /effekter/0"), "{err}");
    assert!(err.contains("rad 9: not UTF-8"), "{err}");
    assert!(
        err.contains("rad 10: longer than the document limit"),
        "{err}"
    );
}

#[test]
fn portfolio_html_is_self_contained_with_figures() {
    let file = generated(200, 9);
    let out = temp_file("portfolio.html", b"");
    let o = hallbar(&[
        "portfolio",
        file.to_str().unwrap(),
        "--format",
        "html",
        "--lang",
        "en",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("lang=\"en\""));
    assert_eq!(
        html.matches("<svg").count(),
        3,
        "goal bars, conflict pairs, gaps"
    );
    assert!(html.contains("Portfolio follow-up") && html.contains("Cumulative goal conflicts"));
    // Nothing is fetched: no external sources, links or imports.
    assert!(!html.contains("src=") && !html.contains("href=\"http") && !html.contains("@import"));
}

#[test]
fn rules_list_json_is_the_rule_file_format() {
    let o = hallbar(&["rules", "list", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let listed: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let rules: Vec<&serde_json::Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["rule"])
        .collect();
    let n = rules.len();
    assert!(n >= 30);
    assert_eq!(listed[0]["written"]["layer"], "standard");
    // Written back as a rule file, it loads as the same rules.
    let file = serde_json::json!({ "format_version": 1, "regel": rules });
    let path = temp_file("listed.json", file.to_string().as_bytes());
    let o = hallbar(&[
        "rules",
        "check",
        "--replace-standard-rules",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        format!("ok: {n} regler gäller, 0 avstängda")
    );
}

#[test]
fn serve_checks_with_the_regions_own_goals_and_a_bad_file_stops_it() {
    use std::io::{BufRead as _, BufReader, Read as _, Write as _};
    let dir = std::env::temp_dir().join(format!("hallbar-serve-goals-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("h.db");
    let rus = temp_file(
        "serve-rus.toml",
        "format_version = 1\n[ramverk]\nid = \"rus-prov\"\nnamn = \"Provregionens RUS\"\n\
         [[mal]]\nid = \"rus-prov:1\"\nnamn = \"Grön omställning\"\n"
            .as_bytes(),
    );
    let o = hallbar(&[
        "token",
        "create",
        "--role",
        "lasare",
        "--org",
        "R",
        "--db",
        db.to_str().unwrap(),
    ]);
    let token = stdout(&o).lines().next().unwrap().trim().to_owned();
    // A goal file with a mistake: the server does not start, and says where.
    let bad = temp_file("serve-bad.toml", b"format_version = 1\n[ramverk]\nid = 7\n");
    let o = hallbar(&[
        "serve",
        "--db",
        db.to_str().unwrap(),
        "--goals",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("serve-bad.toml:3"), "{}", stderr(&o));

    let mut child = Command::new(env!("CARGO_BIN_EXE_hallbar"))
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
            "--goals",
            rus.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let log: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let addr = log["addr"].as_str().unwrap().to_owned();
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    write!(s, "GET /v1/goals HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"id\":\"rus-prov:1\""), "{answer}");
}

#[test]
fn a_rule_layer_adds_to_the_standard_set_and_says_what_it_changed() {
    let layer = "fixtures/rules/lager/exempel-region.toml";
    let o = hallbar(&["rules", "check", layer]);
    assert_eq!(
        stdout(&o).trim(),
        "ok: 32 regler gäller, 1 avstängda",
        "{}",
        stderr(&o)
    );
    let o = hallbar(&["rules", "list", "--format", "json", "--rules", layer]);
    let listed: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let entry = |id: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"]["id"] == id)
            .unwrap()
            .clone()
    };
    let changed = entry("tillvaxt-klimat");
    assert_eq!(changed["rule"]["allvarlighet"], "allvarlig");
    assert_eq!(
        changed["changed"][0]["fields"],
        serde_json::json!(["allvarlighet"])
    );
    assert_eq!(
        changed["changed"][0]["at"],
        serde_json::json!({ "layer": layer, "line": 10 })
    );
    let off = entry("stad-land");
    assert_eq!(off["in_force"], false);
    assert!(
        off["switched_off"]["reason"]
            .as_str()
            .unwrap()
            .contains("stad–land")
    );
    assert_eq!(entry("skogsbruk-vatten")["written"]["line"], 15);
    // Assessing with the layer: the standard findings stay, the switched-off rule is gone.
    let findings = |args: &[&str]| -> Vec<String> {
        let o = hallbar(args);
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| {
                f["rules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_owned())
            })
            .collect()
    };
    let file = "fixtures/insatser/vindkraft-renskotsel.toml";
    let before = findings(&["assess", "--format", "json", file]);
    let after = findings(&["assess", "--format", "json", "--rules", layer, file]);
    assert!(before.iter().any(|r| r == "stad-land") && !after.iter().any(|r| r == "stad-land"));
    assert!(
        after.iter().any(|r| r == "energi-mark-natur"),
        "the standard rules stay"
    );
    // Replacing the standard set is explicit, and said.
    let o = hallbar(&["assess", "--rules", layer, "--replace-standard-rules", file]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a layer that changes rules needs the rules below it"
    );
    assert!(
        stderr(&o).contains("standardreglerna är ersatta"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_layer_naming_an_unknown_rule_or_key_says_what_was_meant_at_its_place() {
    let layer = temp_file(
        "fel-lager.toml",
        b"format_version = 1\n\n[[stang_av]]\nid = \"stad-lnad\"\nskal = \"x\"\n",
    );
    let o = hallbar(&["rules", "check", layer.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(":4:6: ingen regel i lagren under har id `stad-lnad`"),
        "{err}"
    );
    assert!(err.contains("menade du `stad-land`?"), "{err}");
    let key = temp_file(
        "fel-nyckel.toml",
        b"format_version = 1\n[[regel]]\nid = \"r\"\ntitel = \"t\"\nbeskrivning = \"b\"\nmotivering = \"m\"\nkalla = \"k\"\ntyp = \"malkonflikt\"\nallvarlighet = \"varning\"\n[regel.om]\nalls = [{ effekt = { mal = [\"8\"] } }]\n",
    );
    let o = hallbar(&["rules", "check", key.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains(":11:1: okänd nyckel `alls`"), "{err}");
    assert!(err.contains("menade du `alla`?"), "{err}");
    // In English with --lang en; the English combinator names are read too.
    let english = temp_file(
        "english-keys.toml",
        b"format_version = 1\n[[regel]]\nid = \"r\"\ntitel = \"t\"\nbeskrivning = \"b\"\nmotivering = \"m\"\nkalla = \"k\"\ntyp = \"malkonflikt\"\nallvarlighet = \"varning\"\n[regel.om]\nall = []\n",
    );
    let o = hallbar(&["--lang", "en", "rules", "check", english.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains(":11:7: an empty `alla` (`all`) is always true"),
        "{err}"
    );
    assert!(
        err.contains("at /regel/0/om/all\n"),
        "the place as the file writes it: {err}"
    );
}

#[test]
fn rules_export_writes_a_rule_file_that_loads_as_the_same_set() {
    let layer = "fixtures/rules/lager/exempel-region.toml";
    let out = std::env::temp_dir().join(format!("hallbar-export-{}.toml", std::process::id()));
    let o = hallbar(&[
        "rules",
        "export",
        "--effective",
        "--rules",
        layer,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = hallbar(&[
        "rules",
        "check",
        "--replace-standard-rules",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        stdout(&o).trim(),
        "ok: 32 regler gäller, 0 avstängda",
        "{}",
        stderr(&o)
    );
    let listed = |args: &[&str]| -> serde_json::Value {
        let o = hallbar(args);
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["in_force"] == true)
            .map(|r| r["rule"].clone())
            .collect()
    };
    assert_eq!(
        listed(&["rules", "list", "--format", "json", "--rules", layer]),
        listed(&[
            "rules",
            "list",
            "--format",
            "json",
            "--replace-standard-rules",
            "--rules",
            out.to_str().unwrap()
        ])
    );
}

#[test]
fn rules_diff_tries_a_layer_on_the_servers_store() {
    let dir = std::env::temp_dir().join(format!("hallbar-cli-diff-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("hallbar.db");
    let db = db.to_str().unwrap();
    {
        let store = hallbar_store::open(db, 0).unwrap();
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser");
        for entry in std::fs::read_dir(fixtures).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let doc: hallbar_core::Hallbarhetssakring =
                hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
            store.create("Region Ett", "test", "", &doc).unwrap();
        }
    }
    let layer = "fixtures/rules/lager/exempel-region.toml";
    let diff = |source: &[&str]| -> serde_json::Value {
        let mut args = vec!["rules", "diff", "--after", layer, "--format", "json"];
        args.extend_from_slice(source);
        let o = hallbar(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    let files = diff(&["fixtures/insatser"]);
    let stored = diff(&["--db", db, "--org", "Region Ett"]);
    assert_eq!(stored["assessments"], 6);
    assert_eq!(stored["changed"], files["changed"]);
    assert_eq!(stored["rules"], files["rules"]);
    assert_eq!(stored["totals"], files["totals"]);
    // Only the organisation's own.
    assert_eq!(diff(&["--db", db, "--org", "Region Två"])["assessments"], 0);
    // A path and a store at once, or a store without its organisation: a usage error.
    let o = hallbar(&["rules", "diff", "--db", db, "fixtures/insatser"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rules_diff_says_what_a_layer_changes_over_the_assessments() {
    let layer = "fixtures/rules/lager/exempel-region.toml";
    let o = hallbar(&[
        "rules",
        "diff",
        "--after",
        layer,
        "--format",
        "json",
        "fixtures/insatser",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["assessments"], 6);
    let rule = |id: &str| {
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == id)
            .cloned()
    };
    // The switched-off rule no longer supports its findings; the changed one raises severity.
    assert!(rule("stad-land").unwrap()["removed"].as_u64().unwrap() > 0);
    assert!(
        rule("tillvaxt-klimat").unwrap()["severity_changed"]
            .as_u64()
            .unwrap()
            > 0
    );
    let serious = v["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "malkonflikt" && t["severity"] == "allvarlig")
        .unwrap();
    // Severities raised: serious goal conflicts come, warnings go.
    assert!(serious["added"].as_u64() > Some(0), "{serious}");
    let changed = v["assessments_changed"].as_array().unwrap();
    assert!(changed.iter().any(|c| {
        c["insats"] == "fs-2026-0142"
            && c["changed"][0]
                .as_str()
                .unwrap()
                .contains("varning → allvarlig")
    }));
    // The same layer before and after: nothing changes.
    let o = hallbar(&[
        "rules",
        "diff",
        "--before",
        layer,
        "--after",
        layer,
        "--format",
        "json",
        "fixtures/insatser",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["changed"].as_u64(), v["rules"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );
    // An HTML page and text, in Swedish by default.
    let o = hallbar(&[
        "rules",
        "diff",
        "--after",
        layer,
        "--format",
        "html",
        "fixtures/insatser",
    ]);
    assert!(stdout(&o).starts_with("<!DOCTYPE html>") && stdout(&o).contains("Per regel"));
    let o = hallbar(&["rules", "diff", "--after", layer, "fixtures/insatser"]);
    assert!(
        stdout(&o).contains("6 bedömningar prövade"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_rule_test_that_expects_a_switched_off_rule_fails_naming_the_switch_off() {
    let o = hallbar(&[
        "rules",
        "test",
        "--rules",
        "fixtures/rules/lager/exempel-region.toml",
        "fixtures/rules/tests",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "regeln `stad-land` är avstängd i fixtures/rules/lager/exempel-region.toml:6"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn indicators_are_fetched_into_the_cache_refreshed_since_and_read_offline() {
    use hallbar_kolada::mock::{Answer, MockKolada, synthetic};
    let dir = std::env::temp_dir().join(format!("hallbar-cli-kolada-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = dir.to_str().unwrap().to_owned();
    let doc = "fixtures/insatser/laddinfrastruktur.toml";
    let mock = MockKolada::start(Box::new(|path, _| synthetic(path))).unwrap();
    let base = mock.base_url();
    let fetch = |extra: &[&str]| {
        let mut args = vec![
            "indikatorer",
            "hamta",
            "--cache",
            &cache,
            "--to-year",
            "2026",
        ];
        args.extend_from_slice(extra);
        args.push(doc);
        hallbar(&args)
    };

    // Nothing cached yet: a report says what is missing; offline says it too, and fails.
    let o = hallbar(&[
        "report",
        "--format",
        "md",
        "--offline",
        "--cache",
        &cache,
        doc,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Växjö 2024–2026"), "{}", stdout(&o));
    // Nothing cached yet: offline says what is missing, and fails.
    let o = fetch(&["--offline"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("saknas N00401 0780: 2024–2026"),
        "{}",
        stdout(&o)
    );

    // Fetched: N00401 for 0780, 0764, 0765, the county's region 0007 and the country,
    // 2024–2026 (the indicator's baseline year to --to-year).
    let o = fetch(&["--base-url", &base]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("15 nycklar"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Källa: Kolada"), "{}", stdout(&o));
    let requests = mock.requests();
    assert_eq!(requests[0], "/v3/kpi/N00401?per_page=5000");
    assert!(
        requests[1].starts_with(
            "/v3/data/kpi/N00401/municipality/0000,0007,0764,0765,0780/year/2024,2025,2026?"
        ),
        "{requests:?}"
    );
    let o = fetch(&["--offline"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("har 15 av 15"), "{}", stdout(&o));

    // The decision basis shows them, from the cache.
    let o = hallbar(&["report", "--format", "md", "--cache", &cache, doc]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    let section = md
        .split("# Uppföljning med Kolada")
        .nth(1)
        .unwrap_or_default();
    assert!(section.contains("N00401: Nyckeltal N00401"), "{section}");
    assert!(
        section.contains("Riket") && section.contains("Växjö"),
        "{section}"
    );
    assert!(section.contains("Förväntad riktning: nedåt"), "{section}");
    assert!(section.contains("Källa: Kolada, hämtat"), "{section}");
    // Without --cache (or --kolada) no section: reports stay the same wherever run.
    let o = hallbar(&["report", "--format", "md", doc]);
    assert!(!stdout(&o).contains("Uppföljning med Kolada"));

    // Fetched again: only what changed since the last fetch (from_date).
    let o = fetch(&["--base-url", &base]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        mock.requests().last().unwrap().contains("&from_date="),
        "{:?}",
        mock.requests()
    );

    // Kolada failing past the retries: the cause, and the cache as it was.
    let down = MockKolada::start(Box::new(|_, _| Answer::Json(503, String::new()))).unwrap();
    let o = hallbar(&[
        "indikatorer",
        "hamta",
        "--cache",
        &cache,
        "--to-year",
        "2027",
        "--retries",
        "0",
        "--base-url",
        &down.base_url(),
        doc,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("503") && stderr(&o).contains("Cachen är oförändrad"),
        "{}",
        stderr(&o)
    );
    let o = fetch(&["--offline"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the cache is as it was: {}",
        stdout(&o)
    );
    // The English alias.
    let o = hallbar(&["indicators", "fetch", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_portfolio_follows_its_key_figures_up_with_the_cached_values() {
    use hallbar_kolada::mock::{MockKolada, synthetic_with};
    let dir = std::env::temp_dir().join(format!(
        "hallbar-cli-kolada-portfolio-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = dir.to_str().unwrap().to_owned();
    let doc = "fixtures/insatser/laddinfrastruktur.toml";
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
    let portfolio = |extra: &[&str]| {
        let mut args = vec!["portfolio", "--no-graph", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(doc);
        hallbar(&args)
    };

    // No cache yet: read as empty, and the key figure named as without values.
    let o = portfolio(&["--offline", "--cache", &cache]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("inga värden för 1 av 1 nyckeltal (N00401)"),
        "{}",
        stderr(&o)
    );
    let o = hallbar(&[
        "indikatorer",
        "hamta",
        "--cache",
        &cache,
        "--to-year",
        "2026",
        "--base-url",
        &mock.base_url(),
        doc,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = portfolio(&["--offline", "--cache", &cache]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["values"]["source"], "Kolada");
    assert_eq!(report["finding_kinds"]["Uppföljning"], 1);
    let k = &report["key_figures"][0];
    assert_eq!(k["kpi"], "N00401");
    assert_eq!(k["title"], "Nyckeltal N00401");
    assert_eq!(k["better"], "lagre");
    assert_eq!(k["against"]["count"], 1);
    let units: Vec<(&str, bool)> = k["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["unit"].as_str().unwrap(), u["against"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        units,
        [
            ("0007", false),
            ("0764", false),
            ("0765", false),
            ("0780", true),
            ("0000", false)
        ]
    );
    assert_eq!(k["units"][3]["latest"], serde_json::json!([2026, 26.0]));
    let g13 = report["goal_followup"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["goal"] == "13")
        .unwrap();
    assert_eq!(g13["key_figures"], serde_json::json!(["N00401"]));

    // The text report: the key figure, the country, the insats that goes the wrong way,
    // and the source.
    let o = hallbar(&["portfolio", "--no-graph", "--cache", &cache, doc]);
    let text = stdout(&o);
    assert!(text.contains("Nyckeltal från Kolada"), "{text}");
    assert!(text.contains("N00401 Nyckeltal N00401"), "{text}");
    assert!(text.contains("1 (laddstrak-2026)"), "{text}");
    assert!(text.contains("Källa: Kolada, hämtat"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
