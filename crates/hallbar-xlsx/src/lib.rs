//! Cross-impact matrices as Excel workbooks (`.xlsx`), the way regions keep the scores of
//! an SDG Synergies workshop: read with `calamine`, written with `rust_xlsxwriter`. The
//! matrix is checked exactly as a CSV matrix is ([`hallbar_core::graph::from_rows`]);
//! problems name the sheet, the cell and the pair (`Matris!D7: score `4` from `8` to
//! `13` is outside −3 … 3`).
//!
//! **Layout.**
//! - Sheet `Matris` (or, without one, the first sheet): targets in the first row and the
//!   first column, in the same order; each cell the score −3 … +3 of how progress on the
//!   row's target affects the column's; blank where not scored; the diagonal blank, `0`
//!   or `-`. The corner cell may hold a label.
//! - Sheet `Kommentarer` (optional): a header row, then `Från | Till | Kommentar` per
//!   pair — the comment becomes the interaction's rationale.
//! - Sheet `Deltagare` (optional): a header row, then `Deltagare | Från | Till | Poäng |
//!   Kommentar` per participant and pair — the individual scores behind the agreed one.
//!
//! **Bounds**, checked before the work they guard: at most [`MAX_BYTES`] of file, at
//! most [`MAX_UNPACKED_BYTES`] unpacked (counted as the archive is unpacked, whatever it
//! declares: a zip bomb stops there), at most [`MAX_ENTRIES`] parts, a matrix of at
//! most [`MAX_TARGETS`] targets and sheets of at most [`MAX_ROWS`] rows. No merged cell
//! in the matrix.

use std::fmt;
use std::io::{Cursor, Read as _};

use calamine::{Data, Reader as _, Xlsx};
use hallbar_core::graph::workshop::ParticipantScore;
use hallbar_core::graph::{GoalGraph, MatrixRow, Score, from_rows};
use hallbar_core::{GoalCatalogue, GoalId};

/// The matrix's sheet.
pub const MATRIX_SHEET: &str = "Matris";
/// The sheet of comments per pair.
pub const COMMENTS_SHEET: &str = "Kommentarer";
/// The sheet of participants' individual scores.
pub const PARTICIPANTS_SHEET: &str = "Deltagare";

/// The largest workbook read, in bytes.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// The most bytes its parts may unpack to, together.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most parts (files in the archive) a workbook may have.
pub const MAX_ENTRIES: usize = 1_000;
/// The most targets of a matrix: a workshop's (the 169 targets of the 2030 Agenda fit).
pub use hallbar_core::graph::workshop::MAX_TARGETS;
/// The most rows of the comments and participants sheets.
pub const MAX_ROWS: usize = 100_000;

/// A problem of a workbook: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The sheet and cell (`Matris!D7`) or range (`Matris!B2:C3`); empty for the
    /// workbook as a whole.
    pub place: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.place, self.message)
        }
    }
}

/// Every problem found in a workbook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct XlsxError {
    /// The problems, in the order of the sheets and cells.
    pub problems: Vec<Problem>,
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl XlsxError {
    fn one(place: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            problems: vec![Problem {
                place: place.into(),
                message: message.into(),
            }],
        }
    }
}

/// A workbook read: the agreed matrix as a goal graph (comments as rationales), and the
/// participants' individual scores.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The agreed matrix.
    pub graph: GoalGraph,
    /// The individual scores, in the order of the sheet.
    pub participants: Vec<ParticipantScore>,
}

/// The column letters of a column number from 0 (`0` → `A`, `26` → `AA`).
pub fn column_letters(column: u32) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// `sheet!A1` for a row and column from 0.
fn cell(sheet: &str, row: u32, column: u32) -> String {
    format!("{sheet}!{}{}", column_letters(column), row + 1)
}

/// A cell's value as the text a CSV file would hold: whole numbers without a decimal
/// part, so that `2` typed in Excel reads as the score 2.
fn text_of(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Checks the archive before anything parses it: its size, its number of parts, and
/// what they unpack to, counted as they are unpacked.
fn check_archive(bytes: &[u8]) -> Result<(), XlsxError> {
    if bytes.len() > MAX_BYTES {
        return Err(XlsxError::one(
            "",
            format!(
                "the workbook is {} bytes; at most {MAX_BYTES} are read",
                bytes.len()
            ),
        ));
    }
    let not_xlsx = |e: &dyn fmt::Display| {
        XlsxError::one(
            "",
            format!("this is not an .xlsx workbook (a zip archive of sheets): {e}"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_xlsx(&e))?;
    if archive.len() > MAX_ENTRIES {
        return Err(XlsxError::one(
            "",
            format!(
                "the workbook has {} parts; at most {MAX_ENTRIES} are read",
                archive.len()
            ),
        ));
    }
    let mut left = MAX_UNPACKED_BYTES;
    let mut buffer = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| not_xlsx(&e))?;
        loop {
            let n = part.read(&mut buffer).map_err(|e| not_xlsx(&e))?;
            if n == 0 {
                break;
            }
            left = left.checked_sub(n as u64).ok_or_else(|| {
                XlsxError::one(
                    "",
                    format!(
                        "the workbook unpacks to more than {MAX_UNPACKED_BYTES} bytes (a zip bomb, or far more than a matrix)"
                    ),
                )
            })?;
        }
    }
    Ok(())
}

/// Reads a workbook of the layout above: the agreed matrix, checked against
/// `catalogue`, its interactions sourced `source`.
///
/// # Errors
/// Every problem with its sheet, cell and pair: not an .xlsx, over a bound, a merged
/// cell in the matrix, and every problem a CSV matrix can have; nothing partial is
/// returned.
///
/// # Complexity
/// O(bytes) to check the archive, then O(n²) for n targets and O(rows) for the other
/// sheets.
pub fn read(bytes: &[u8], catalogue: &GoalCatalogue, source: &str) -> Result<Workbook, XlsxError> {
    check_archive(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| XlsxError::one("", format!("the workbook cannot be read: {e}")))?;
    let names = book.sheet_names();
    let matrix = names
        .iter()
        .find(|n| n.as_str() == MATRIX_SHEET)
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| XlsxError::one("", "the workbook has no sheet"))?;
    let has = |name: &str| names.iter().any(|n| n == name);
    let (has_comments, has_participants) = (has(COMMENTS_SHEET), has(PARTICIPANTS_SHEET));

    if let Some(Ok(merged)) = book.worksheet_merge_cells(&matrix) {
        if !merged.is_empty() {
            return Err(XlsxError {
                problems: merged
                    .iter()
                    .take(20)
                    .map(|d| Problem {
                        place: format!(
                            "{matrix}!{}{}:{}{}",
                            column_letters(d.start.1),
                            d.start.0 + 1,
                            column_letters(d.end.1),
                            d.end.0 + 1
                        ),
                        message: "merged cells; a matrix has one score per cell".to_owned(),
                    })
                    .collect(),
            });
        }
    }
    let rows = sheet_rows(
        &mut book,
        &matrix,
        MAX_TARGETS + 1,
        Width::AtMost(MAX_TARGETS + 5),
    )?;
    let graph = from_rows(&rows, catalogue, source).map_err(|e| XlsxError {
        problems: e
            .problems
            .into_iter()
            .map(|(row, column, message)| Problem {
                place: format!(
                    "{matrix}!{}{row}",
                    column_letters(u32::try_from(column.saturating_sub(1)).unwrap_or(0))
                ),
                message,
            })
            .collect(),
    })?;
    let mut graph = graph;
    let mut problems = Vec::new();
    if has_comments {
        for row in sheet_rows(&mut book, COMMENTS_SHEET, MAX_ROWS + 1, Width::First(3))?
            .iter()
            .skip(1)
        {
            add_comment(&mut graph, catalogue, row, &mut problems);
        }
    }
    let mut participants = Vec::new();
    if has_participants {
        for row in sheet_rows(&mut book, PARTICIPANTS_SHEET, MAX_ROWS + 1, Width::First(5))?
            .iter()
            .skip(1)
        {
            if let Some(p) = participant(&graph, row, &mut problems) {
                participants.push(p);
            }
        }
    }
    if problems.is_empty() {
        Ok(Workbook {
            graph,
            participants,
        })
    } else {
        Err(XlsxError { problems })
    }
}

/// How many columns of a sheet are read.
#[derive(Debug, Clone, Copy)]
enum Width {
    /// At most this many; a cell beyond is an error (the matrix: a column too many is a
    /// target too many).
    AtMost(usize),
    /// This many; cells beyond are notes beside the table and not read.
    First(usize),
}

/// The rows of `sheet` from A1 to its last cell read, as text: at most `most` rows, and
/// the columns `width` says. The cells are read one at a time and placed as they come,
/// so a sheet whose used range claims the whole grid (a cell in A1 and one in XFD1048576)
/// costs no more than its cells: O(cells) time, O(rows × columns read) memory.
fn sheet_rows(
    book: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    most: usize,
    width: Width,
) -> Result<Vec<MatrixRow>, XlsxError> {
    let unreadable =
        |e: calamine::XlsxError| XlsxError::one(sheet, format!("the sheet cannot be read: {e}"));
    let mut reader = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let mut cells: Vec<(usize, usize, String)> = Vec::new();
    let (mut rows, mut columns) = (0, 0);
    while let Some(c) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = c.get_position();
        let (r, col) = (row as usize, column as usize);
        match width {
            Width::AtMost(at_most) if col >= at_most => {
                return Err(XlsxError::one(
                    cell(sheet, row, column),
                    format!(
                        "a cell in column {}; at most {at_most} columns are read",
                        col + 1
                    ),
                ));
            }
            Width::First(first) if col >= first => continue,
            _ => {}
        }
        let text = text_of(&Data::from(c.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if r >= most {
            return Err(XlsxError::one(
                cell(sheet, row, column),
                format!("a cell in row {}; at most {most} rows are read", r + 1),
            ));
        }
        rows = rows.max(r + 1);
        columns = columns.max(col + 1);
        cells.push((r, col, text));
    }
    let mut out: Vec<MatrixRow> = (0..rows)
        .map(|r| MatrixRow {
            row: r + 1,
            cells: vec![String::new(); columns],
        })
        .collect();
    for (r, col, text) in cells {
        if let Some(place) = out.get_mut(r).and_then(|row| row.cells.get_mut(col)) {
            *place = text;
        }
    }
    Ok(out)
}

/// A target of the matrix named in `row`'s cell `column` (from 0), or a problem.
fn target(
    graph: &GoalGraph,
    sheet: &str,
    row: &MatrixRow,
    column: usize,
    problems: &mut Vec<Problem>,
) -> Option<GoalId> {
    let text = row.cells.get(column).map_or("", |c| c.trim());
    let place = format!(
        "{sheet}!{}{}",
        column_letters(u32::try_from(column).unwrap_or(0)),
        row.row
    );
    match GoalId::new(text) {
        Ok(id) if graph.contains(&id) => Some(id),
        Ok(id) => {
            problems.push(Problem {
                place,
                message: format!("`{id}` is not a target of the matrix"),
            });
            None
        }
        Err(e) => {
            problems.push(Problem {
                place,
                message: e.to_string(),
            });
            None
        }
    }
}

/// `Från | Till | Kommentar`: the comment becomes the pair's rationale.
fn add_comment(
    graph: &mut GoalGraph,
    catalogue: &GoalCatalogue,
    row: &MatrixRow,
    problems: &mut Vec<Problem>,
) {
    if row.cells.iter().all(|c| c.trim().is_empty()) {
        return;
    }
    let from = target(graph, COMMENTS_SHEET, row, 0, problems);
    let to = target(graph, COMMENTS_SHEET, row, 1, problems);
    let (Some(from), Some(to)) = (from, to) else {
        return;
    };
    let comment = row.cells.get(2).map_or("", |c| c.trim());
    let Some(mut interaction) = graph.interaction(&from, &to).cloned() else {
        problems.push(Problem {
            place: format!("{COMMENTS_SHEET}!A{}", row.row),
            message: format!("a comment on `{from}` → `{to}`, which the matrix does not score"),
        });
        return;
    };
    interaction.rationale = comment.to_owned();
    if let Err(e) = graph.set(catalogue, &from, &to, interaction) {
        problems.push(Problem {
            place: format!("{COMMENTS_SHEET}!A{}", row.row),
            message: e.to_string(),
        });
    }
}

/// `Deltagare | Från | Till | Poäng | Kommentar`: one participant's score of a pair.
fn participant(
    graph: &GoalGraph,
    row: &MatrixRow,
    problems: &mut Vec<Problem>,
) -> Option<ParticipantScore> {
    if row.cells.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let who = row.cells.first().map_or("", |c| c.trim()).to_owned();
    if who.is_empty() {
        problems.push(Problem {
            place: format!("{PARTICIPANTS_SHEET}!A{}", row.row),
            message: "the participant's name is empty".to_owned(),
        });
    }
    let from = target(graph, PARTICIPANTS_SHEET, row, 1, problems);
    let to = target(graph, PARTICIPANTS_SHEET, row, 2, problems);
    let text = row.cells.get(3).map_or("", |c| c.trim());
    let score = text
        .trim_start_matches('+')
        .parse::<i64>()
        .ok()
        .and_then(|v| Score::new(v).ok());
    if score.is_none() {
        problems.push(Problem {
            place: format!("{PARTICIPANTS_SHEET}!D{}", row.row),
            message: format!("`{text}` is not a score from −3 to 3"),
        });
    }
    let comment = row
        .cells
        .get(4)
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if who.is_empty() {
        return None;
    }
    Some(ParticipantScore {
        deltagare: who,
        fran: from?,
        till: to?,
        poang: score?,
        kommentar: comment,
    })
}

/// The workbook of `graph`: its matrix (goals in the graph's order; blank where not
/// scored), a comments sheet of the rationales it has, and the participants' scores
/// when there are any.
///
/// # Errors
/// When the workbook cannot be written (a text longer than a cell holds).
///
/// # Complexity
/// O(n² · d) for n goals and out-degree d.
pub fn write(graph: &GoalGraph, participants: &[ParticipantScore]) -> Result<Vec<u8>, XlsxError> {
    let fail = |e: rust_xlsxwriter::XlsxError| XlsxError::one("", e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let goals: Vec<&GoalId> = graph.goals().collect();
    let sheet = book.add_worksheet();
    sheet.set_name(MATRIX_SHEET).map_err(fail)?;
    sheet.write_string(0, 0, "Mål").map_err(fail)?;
    for (i, goal) in goals.iter().enumerate() {
        let at =
            u16::try_from(i + 1).map_err(|_| XlsxError::one(MATRIX_SHEET, "too many targets"))?;
        let row = u32::from(at);
        sheet.write_string(0, at, goal.as_str()).map_err(fail)?;
        sheet.write_string(row, 0, goal.as_str()).map_err(fail)?;
    }
    for (r, from) in goals.iter().enumerate() {
        for (c, to) in goals.iter().enumerate() {
            if let Some(score) = graph.score(from, to) {
                let (row, column) = (
                    u32::try_from(r + 1).unwrap_or(u32::MAX),
                    u16::try_from(c + 1).unwrap_or(u16::MAX),
                );
                sheet
                    .write_number(row, column, f64::from(score.value()))
                    .map_err(fail)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 1).map_err(fail)?;

    let comments = book.add_worksheet();
    comments.set_name(COMMENTS_SHEET).map_err(fail)?;
    for (c, title) in ["Från", "Till", "Kommentar"].iter().enumerate() {
        comments
            .write_string(0, u16::try_from(c).unwrap_or(0), *title)
            .map_err(fail)?;
    }
    let mut row = 1u32;
    for (from, to, interaction) in graph.interactions() {
        if interaction.rationale.trim().is_empty() {
            continue;
        }
        comments.write_string(row, 0, from.as_str()).map_err(fail)?;
        comments.write_string(row, 1, to.as_str()).map_err(fail)?;
        comments
            .write_string(row, 2, interaction.rationale.as_str())
            .map_err(fail)?;
        row += 1;
    }
    comments.set_column_width(2, 80).map_err(fail)?;

    if !participants.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(PARTICIPANTS_SHEET).map_err(fail)?;
        for (c, title) in ["Deltagare", "Från", "Till", "Poäng", "Kommentar"]
            .iter()
            .enumerate()
        {
            sheet
                .write_string(0, u16::try_from(c).unwrap_or(0), *title)
                .map_err(fail)?;
        }
        for (i, p) in participants.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            sheet
                .write_string(row, 0, p.deltagare.as_str())
                .map_err(fail)?;
            sheet.write_string(row, 1, p.fran.as_str()).map_err(fail)?;
            sheet.write_string(row, 2, p.till.as_str()).map_err(fail)?;
            sheet
                .write_number(row, 3, f64::from(p.poang.value()))
                .map_err(fail)?;
            if let Some(c) = &p.kommentar {
                sheet.write_string(row, 4, c.as_str()).map_err(fail)?;
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}
