//! The cross-impact matrix as CSV, as SEI's SDG Synergies workshops produce it.
//!
//! First row: an empty (or label) cell, then the column goal ids. Each further row: a goal
//! id, then one score −3 … +3 per column; the row influences the column. Rows and columns
//! list the same goals in the same order. A blank cell is "not scored" (no interaction);
//! `0` is "consistent". The diagonal must be blank, `0` or `-`. Comma or semicolon
//! separated (the first row decides), as Excel writes it in English or Swedish.

use std::collections::HashMap;
use std::fmt;

use super::{Context, GoalGraph, Interaction, Score};
use crate::{GoalCatalogue, GoalId, Sakerhet};

/// The most problems reported for one matrix.
const MAX_PROBLEMS: usize = 200;

/// Problems of a matrix, each naming its row and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MatrixError {
    /// Every problem: (row, column, message); rows and columns count from 1 as in a
    /// spreadsheet, row 1 being the header.
    pub problems: Vec<(usize, usize, String)>,
}

impl fmt::Display for MatrixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (row, column, message)) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "row {row}, column {column}: {message}")?;
        }
        Ok(())
    }
}

/// Reads a cross-impact matrix. Interactions get `source` as their source, medium
/// confidence and no rationale (a matrix holds only scores).
///
/// # Errors
/// Every problem at once: a ragged row, an unknown or duplicate goal id, rows and
/// columns that differ, a score that is not an integer from −3 to +3.
///
/// # Complexity
/// O(n²) for n goals.
///
/// # Example
/// ```
/// use hallbar_core::GoalCatalogue;
/// use hallbar_core::graph::from_csv;
/// let csv = ",8,13\n8,,-2\n13,1,\n";
/// let g = from_csv(csv, GoalCatalogue::builtin(), "workshop").unwrap();
/// assert_eq!(g.interaction_count(), 2);
/// let e = from_csv(",8,13\n8,,4\n13,1,\n", GoalCatalogue::builtin(), "x").unwrap_err();
/// assert_eq!(e.problems[0], (2, 3, "score `4` from `8` to `13` is outside −3 … 3".to_owned()));
/// ```
pub fn from_csv(
    text: &str,
    catalogue: &GoalCatalogue,
    source: &str,
) -> Result<GoalGraph, MatrixError> {
    let first_line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default();
    let delimiter = if first_line.contains(';') { ';' } else { ',' };
    let records = crate::csv::read(text, delimiter).map_err(|e| MatrixError {
        problems: vec![(e.line, 1, "a quoted field is not closed".to_owned())],
    })?;
    let rows: Vec<MatrixRow> = records
        .into_iter()
        .map(|r| MatrixRow {
            row: r.line,
            cells: r.fields,
        })
        .collect();
    from_rows(&rows, catalogue, source)
}

/// One row of a matrix as read: its number (from 1, as a spreadsheet counts them) and
/// its cells as text, from the first column on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    /// The row's number.
    pub row: usize,
    /// Its cells: a goal id, then one score per column (blank: not scored).
    pub cells: Vec<String>,
}

/// Reads a cross-impact matrix from its rows of text — a CSV file's lines or a
/// spreadsheet's rows ([`from_csv`] and the xlsx reader both come here), so that both
/// check the same way. Problems name the row's number and the column from 1.
///
/// # Errors
/// As [`from_csv`].
///
/// # Complexity
/// O(n²) for n goals.
pub fn from_rows(
    rows: &[MatrixRow],
    catalogue: &GoalCatalogue,
    source: &str,
) -> Result<GoalGraph, MatrixError> {
    let mut problems: Vec<(usize, usize, String)> = Vec::new();
    let Some((header, rows)) = rows.split_first() else {
        return Err(MatrixError {
            problems: vec![(1, 1, "the matrix is empty".to_owned())],
        });
    };
    let goal =
        |text: &str, row: usize, column: usize, problems: &mut Vec<(usize, usize, String)>| {
            let text = text.trim();
            match GoalId::new(text) {
                Err(e) => {
                    problems.push((row, column, e.to_string()));
                    None
                }
                Ok(id) if catalogue.get(&id).is_none() => {
                    problems.push((row, column, format!("unknown goal `{id}`")));
                    None
                }
                Ok(id) => Some(id),
            }
        };
    let header_row = header.row;
    let columns: Vec<Option<GoalId>> = header
        .cells
        .iter()
        .enumerate()
        .skip(1)
        .map(|(c, f)| goal(f, header_row, c + 1, &mut problems))
        .collect();
    let mut seen: HashMap<&GoalId, usize> = HashMap::new();
    for (c, id) in columns.iter().enumerate() {
        if let Some(id) = id {
            if let Some(first) = seen.insert(id, c + 2) {
                problems.push((
                    header_row,
                    c + 2,
                    format!("the goal `{id}` is already column {first}"),
                ));
            }
        }
    }
    if columns.is_empty() {
        problems.push((header_row, 2, "the header lists no goals".to_owned()));
    }
    if rows.len() != columns.len() && !columns.is_empty() {
        problems.push((
            rows.last().map_or(header_row, |r| r.row),
            1,
            format!(
                "the matrix is not square: {} rows of goals but {} columns",
                rows.len(),
                columns.len()
            ),
        ));
    }
    // Every goal of the matrix is a node, scored or not: its metrics are then zero, not
    // missing, and the matrix writes back as it was read.
    let mut graph = GoalGraph::new();
    for id in columns.iter().flatten() {
        // Known: unknown ids were reported above and are `None`.
        let _ = graph.add_goal(catalogue, id);
    }
    for (r, record) in rows.iter().enumerate() {
        let line = record.row;
        if record.cells.len() != columns.len() + 1 {
            // The first extra cell, or the first missing one.
            problems.push((
                line,
                record.cells.len().min(columns.len() + 1) + 1,
                format!(
                    "the row has {} cells; the header has {}",
                    record.cells.len(),
                    columns.len() + 1
                ),
            ));
            continue;
        }
        let row_goal = record
            .cells
            .first()
            .and_then(|f| goal(f, line, 1, &mut problems));
        let (Some(row_goal), Some(Some(column_goal))) = (row_goal, columns.get(r)) else {
            continue;
        };
        if &row_goal != column_goal {
            problems.push((
                line,
                1,
                format!("the row is goal `{row_goal}` where column {} is goal `{column_goal}`; rows and columns must list the same goals in the same order", r + 2),
            ));
            continue;
        }
        for (c, cell) in record.cells.iter().enumerate().skip(1) {
            let Some(Some(to)) = columns.get(c - 1) else {
                continue;
            };
            let cell = cell.trim();
            if to == &row_goal {
                if !matches!(cell, "" | "0" | "-") {
                    problems.push((line, c + 1, format!("the diagonal (`{row_goal}` on itself) must be blank, 0 or -, found `{cell}`")));
                }
                continue;
            }
            if cell.is_empty() {
                continue;
            }
            let score = cell
                .trim_start_matches('+')
                .parse::<i64>()
                .map_err(|_| {
                    format!("`{cell}` from `{row_goal}` to `{to}` is not an integer score")
                })
                .and_then(|v| {
                    Score::new(v).map_err(|_| {
                        format!("score `{cell}` from `{row_goal}` to `{to}` is outside −3 … 3")
                    })
                });
            match score {
                Err(message) => problems.push((line, c + 1, message)),
                Ok(score) => {
                    let interaction = Interaction {
                        score,
                        rationale: String::new(),
                        confidence: Sakerhet::Medel,
                        context: Context::default(),
                        source: source.to_owned(),
                    };
                    if let Err(e) = graph.add(catalogue, &row_goal, to, interaction) {
                        problems.push((line, c + 1, e.to_string()));
                    }
                }
            }
            if problems.len() >= MAX_PROBLEMS {
                return Err(MatrixError { problems });
            }
        }
    }
    if problems.is_empty() {
        Ok(graph)
    } else {
        Err(MatrixError { problems })
    }
}

/// Writes `graph` as a comma-separated cross-impact matrix: goals in the order they were
/// added, a blank cell where no interaction is scored, a blank diagonal.
///
/// # Complexity
/// O(n² · d) for n goals and out-degree d.
///
/// # Example
/// ```
/// use hallbar_core::GoalCatalogue;
/// use hallbar_core::graph::{from_csv, to_csv};
/// let csv = ",8,13\n8,,-2\n13,,\n";
/// assert_eq!(to_csv(&from_csv(csv, GoalCatalogue::builtin(), "x").unwrap()), csv);
/// ```
pub fn to_csv(graph: &GoalGraph) -> String {
    let goals: Vec<&GoalId> = graph.goals().collect();
    let mut out = String::new();
    for g in &goals {
        out.push(',');
        out.push_str(g.as_str());
    }
    out.push('\n');
    for from in &goals {
        out.push_str(from.as_str());
        for to in &goals {
            out.push(',');
            if let Some(score) = graph.score(from, to) {
                out.push_str(&score.value().to_string());
            }
        }
        out.push('\n');
    }
    out
}
