//! Matrices as workbooks: the Sweden matrix round-tripped, comments and participants
//! kept, and every kind of bad workbook named by its sheet and cell.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests: a failure should fail the test"
)]

use std::io::Write as _;

use hallbar_core::GoalCatalogue;
use hallbar_core::graph::workshop::ParticipantScore;
use hallbar_core::graph::{from_csv, metrics::metrics, to_csv};
use hallbar_xlsx::{read, write};

fn sweden_csv() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/sei-sweden-2018/sweden-34-targets.csv"
    ))
    .unwrap()
}

/// A workbook with one sheet `Matris` holding `cells` (row, column, text or number).
fn workbook(cells: &[(u32, u16, &str)], merge: Option<(u32, u16, u32, u16)>) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Matris").unwrap();
    for &(r, c, v) in cells {
        match v.parse::<f64>() {
            Ok(n) => sheet.write_number(r, c, n).unwrap(),
            Err(_) => sheet.write_string(r, c, v).unwrap(),
        };
    }
    if let Some((r0, c0, r1, c1)) = merge {
        sheet
            .merge_range(r0, c0, r1, c1, "", &rust_xlsxwriter::Format::new())
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn problems(bytes: &[u8]) -> Vec<String> {
    read(bytes, GoalCatalogue::builtin(), "x")
        .unwrap_err()
        .problems
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_sweden_matrix_round_trips_through_xlsx_with_seis_metrics_exactly() {
    let catalogue = GoalCatalogue::builtin();
    let from_text = from_csv(&sweden_csv(), catalogue, "SEI").unwrap();
    let bytes = write(&from_text, &[]).unwrap();
    let back = read(&bytes, catalogue, "SEI").unwrap().graph;
    assert_eq!(back.goal_count(), 34);
    assert_eq!(to_csv(&back), to_csv(&from_text));
    assert_eq!(metrics(&back, 0.5), metrics(&from_text, 0.5));
}

#[test]
fn comments_and_participants_scores_are_kept() {
    let catalogue = GoalCatalogue::builtin();
    let mut graph = from_csv(",7.2,15.5\n7.2,,-2\n15.5,1,\n", catalogue, "workshop").unwrap();
    let id = |s: &str| hallbar_core::GoalId::new(s).unwrap();
    let mut i = graph.interaction(&id("7.2"), &id("15.5")).unwrap().clone();
    i.rationale = "Vindkraft tar mark i renskötselområdet.".to_owned();
    graph.set(catalogue, &id("7.2"), &id("15.5"), i).unwrap();
    let scores = vec![
        ParticipantScore {
            deltagare: "Sameby".into(),
            fran: id("7.2"),
            till: id("15.5"),
            poang: hallbar_core::graph::Score::new(-3).unwrap(),
            kommentar: Some("Betesmarker försvinner.".into()),
        },
        ParticipantScore {
            deltagare: "Energibolag".into(),
            fran: id("7.2"),
            till: id("15.5"),
            poang: hallbar_core::graph::Score::new(-1).unwrap(),
            kommentar: None,
        },
    ];
    let back = read(&write(&graph, &scores).unwrap(), catalogue, "workshop").unwrap();
    assert_eq!(
        back.graph
            .interaction(&id("7.2"), &id("15.5"))
            .unwrap()
            .rationale,
        "Vindkraft tar mark i renskötselområdet."
    );
    assert_eq!(back.participants, scores);
}

#[test]
fn bad_matrices_are_named_by_sheet_cell_and_pair() {
    // A score outside the scale.
    let p = problems(&workbook(
        &[
            (0, 1, "8"),
            (0, 2, "13"),
            (1, 0, "8"),
            (1, 2, "4"),
            (2, 0, "13"),
        ],
        None,
    ));
    assert_eq!(
        p,
        ["Matris!C2: score `4` from `8` to `13` is outside −3 … 3"]
    );
    // Text in a score cell, a scored diagonal.
    let p = problems(&workbook(
        &[
            (0, 1, "8"),
            (0, 2, "13"),
            (1, 0, "8"),
            (1, 1, "2"),
            (1, 2, "mycket"),
            (2, 0, "13"),
        ],
        None,
    ));
    assert!(
        p.iter()
            .any(|m| m.starts_with("Matris!B2:") && m.contains("diagonal")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|m| m.starts_with("Matris!C2:") && m.contains("`mycket`")),
        "{p:?}"
    );
    // A target outside the catalogue, a target twice.
    let p = problems(&workbook(
        &[
            (0, 1, "8"),
            (0, 2, "99.9"),
            (0, 3, "8"),
            (1, 0, "8"),
            (2, 0, "99.9"),
            (3, 0, "8"),
        ],
        None,
    ));
    assert!(
        p.iter()
            .any(|m| m.starts_with("Matris!C1:") && m.contains("99.9")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|m| m.starts_with("Matris!D1:") && m.contains("already")),
        "{p:?}"
    );
    // A merged cell.
    let p = problems(&workbook(
        &[(0, 1, "8"), (0, 2, "13"), (1, 0, "8"), (2, 0, "13")],
        Some((1, 1, 2, 2)),
    ));
    assert_eq!(
        p,
        ["Matris!B2:C3: merged cells; a matrix has one score per cell"]
    );
}

#[test]
fn what_is_not_an_xlsx_and_a_zip_bomb_are_refused_before_parsing() {
    let p = problems(b"Mal,8,13\n8,,-2\n");
    assert!(p[0].contains("not an .xlsx workbook"), "{p:?}");
    // 80 MB of zeros packed into a few hundred kilobytes.
    let mut bomb = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bomb));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..80 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let p = problems(&bomb);
    assert!(p[0].contains("unpacks to more than"), "{p:?}");
}

#[test]
fn a_sheet_whose_used_range_claims_the_whole_grid_costs_only_its_cells() {
    // A1 and XFD1048576: the used range is 17 billion cells, the file a few KiB. Read
    // cell by cell, the far one is refused where it stands, before anything is allocated
    // for the range.
    let far = workbook(&[(0, 0, "Mål"), (1_048_575, 16_383, "1")], None);
    assert_eq!(
        problems(&far),
        ["Matris!XFD1048576: a cell in column 16384; at most 305 columns are read"]
    );
    let deep = workbook(&[(0, 1, "7.2"), (1_048_575, 0, "7.2")], None);
    assert_eq!(
        problems(&deep),
        ["Matris!A1048576: a cell in row 1048576; at most 301 rows are read"]
    );

    // Beside the comments' three columns, a note far to the right is not read.
    let mut book = rust_xlsxwriter::Workbook::new();
    let matrix = book.add_worksheet();
    matrix.set_name("Matris").unwrap();
    for (r, c, v) in [(0, 1, "7.2"), (0, 2, "15.5"), (1, 0, "7.2"), (2, 0, "15.5")] {
        matrix.write_string(r, c, v).unwrap();
    }
    matrix.write_number(1, 2, -2).unwrap();
    let comments = book.add_worksheet();
    comments.set_name("Kommentarer").unwrap();
    for (c, v) in ["Från", "Till", "Kommentar"].iter().enumerate() {
        comments.write_string(0, c as u16, *v).unwrap();
    }
    for (c, v) in ["7.2", "15.5", "Vindkraft tar mark"].iter().enumerate() {
        comments.write_string(1, c as u16, *v).unwrap();
    }
    comments
        .write_string(1_048_575, 16_383, "en anteckning")
        .unwrap();
    let read = read(
        &book.save_to_buffer().unwrap(),
        GoalCatalogue::builtin(),
        "x",
    )
    .unwrap();
    let id = |s: &str| s.parse().unwrap();
    assert_eq!(
        read.graph
            .interaction(&id("7.2"), &id("15.5"))
            .unwrap()
            .rationale,
        "Vindkraft tar mark"
    );
}
