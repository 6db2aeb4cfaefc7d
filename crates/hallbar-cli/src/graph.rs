//! `hallbar graph …`: analyse, render and convert goal-interaction data; and the graph
//! options of `hallbar assess`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use hallbar_core::graph::infer::InferenceConfig;
use hallbar_core::graph::metrics::{self, DEFAULT_SECOND_ORDER_WEIGHT};
use hallbar_core::graph::{
    GoalGraph, InteractionFile, InteractionFileInfo, Score, from_csv, to_csv,
};
use hallbar_core::{GoalCatalogue, Lang, Styrka};
use hallbar_schema::DocumentKind;

use crate::input;

/// Where interactions come from: the standard interactions or a matrix, and interaction
/// files layered on them in order.
#[derive(Debug, Clone, Args)]
pub(crate) struct Source {
    /// A cross-impact matrix as CSV or an Excel workbook (.xlsx; docs/malgraf.md) —
    /// first row: empty cell, then goal ids; each row: a goal id, then scores −3 … 3;
    /// the row influences the column — instead of the standard interactions.
    #[arg(long, value_name = "FILE.csv|FILE.xlsx")]
    matrix: Option<PathBuf>,
    /// An interaction file (*.toml or *.json): a layer on the interactions below it (the
    /// standard ones, or the matrix) whose pairs replace theirs — a score of 0 removes
    /// one — and add to them. Repeatable, applied in order. A *.csv or *.xlsx file here is
    /// taken as `--matrix`.
    #[arg(long, value_name = "FILE")]
    interactions: Vec<PathBuf>,
    /// Leave the standard interactions out: only the interaction files given apply.
    #[arg(long, conflicts_with = "matrix")]
    replace_standard_interactions: bool,
}

/// The graph options of `hallbar assess`.
#[derive(Debug, Clone, Args)]
pub(crate) struct AssessGraph {
    #[command(flatten)]
    source: Source,
    /// Do not infer conflicts and synergies through the goal graph.
    #[arg(long, conflicts_with_all = ["matrix", "interactions", "replace_standard_interactions"])]
    no_graph: bool,
    /// The longest chain of interactions followed (1–3).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    graph_steps: u8,
    /// Follow interactions at least this strong in absolute value (1–3).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=3))]
    graph_min_score: u8,
    /// Propagate effects at least this strong (1–3).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=3))]
    graph_min_effect: u8,
    /// What a link scored for a goal weighs when applied to an effect on one of its
    /// targets (0–1).
    #[arg(long, default_value_t = 0.5, value_parser = unit_interval)]
    graph_inherited_weight: f64,
    /// An inferred conflict at least this strong (0–1) is a warning and in the decision
    /// basis's main list; weaker ones are information, listed apart.
    #[arg(long, default_value_t = 2.0 / 3.0, value_parser = unit_interval)]
    graph_warn_strength: f64,
}

/// A number from 0 to 1.
fn unit_interval(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, found `{text}`")),
    }
}

impl AssessGraph {
    /// The graph and thresholds to infer with, unless `--no-graph`.
    pub(crate) fn load(
        &self,
        catalogue: &GoalCatalogue,
        lang: Lang,
    ) -> Result<Option<(GoalGraph, InferenceConfig)>, String> {
        if self.no_graph {
            return Ok(None);
        }
        let graph = self.source.load(catalogue, lang)?;
        let config = InferenceConfig {
            max_steps: usize::from(self.graph_steps),
            min_score: i8::try_from(self.graph_min_score).unwrap_or(2),
            min_effect_strength: Styrka::new(i64::from(self.graph_min_effect))
                .unwrap_or(Styrka::MIN),
            inherited_weight: self.graph_inherited_weight,
            warning_strength: self.graph_warn_strength,
            ..InferenceConfig::default()
        };
        Ok(Some((graph, config)))
    }
}

/// Whether `path` names a matrix: a CSV file or an Excel workbook.
fn is_matrix(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || is_xlsx_extension(e))
}

fn is_xlsx_extension(e: &std::ffi::OsStr) -> bool {
    e.eq_ignore_ascii_case("xlsx")
}

impl Source {
    /// Whether the graph is the standard interactions alone.
    fn is_standard(&self) -> bool {
        self.matrix.is_none() && self.interactions.is_empty() && !self.replace_standard_interactions
    }

    /// The graph: the matrix, or the standard interactions (unless replaced, which is
    /// said on stderr), with each interaction file layered on it in order.
    pub(crate) fn load(&self, catalogue: &GoalCatalogue, lang: Lang) -> Result<GoalGraph, String> {
        let (matrices, files): (Vec<&PathBuf>, Vec<&PathBuf>) = self
            .matrix
            .iter()
            .chain(&self.interactions)
            .partition(|p| is_matrix(p));
        let mut graph = match matrices.as_slice() {
            [] if self.replace_standard_interactions => {
                eprintln!(
                    "{}",
                    lang.pick(
                        "obs: standardsambanden är ersatta (--replace-standard-interactions); bara de angivna filerna gäller",
                        "note: the standard interactions are replaced (--replace-standard-interactions); only the files given apply",
                    )
                );
                GoalGraph::new()
            }
            [] => GoalGraph::standard().map_err(|ds| {
                format!(
                    "internal error: the standard interactions do not load: {}",
                    ds.len()
                )
            })?,
            [path] => load_matrix(path, catalogue)?,
            _ => {
                return Err(
                    "error: one matrix at most: it replaces the standard interactions, and files are layered on it"
                        .to_owned(),
                );
            }
        };
        for path in files {
            layer_file(path, &mut graph, catalogue)?;
        }
        Ok(graph)
    }
}

fn load_matrix(path: &Path, catalogue: &GoalCatalogue) -> Result<GoalGraph, String> {
    let name = path.display();
    if path.extension().is_some_and(is_xlsx_extension) {
        let meta = std::fs::metadata(path).map_err(|e| format!("error: {name}: {e}"))?;
        if meta.len() > hallbar_xlsx::MAX_BYTES as u64 {
            return Err(format!(
                "error: {name}: the workbook is {} bytes; at most {} are read",
                meta.len(),
                hallbar_xlsx::MAX_BYTES
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("error: {name}: {e}"))?;
        return hallbar_xlsx::read(&bytes, catalogue, &name.to_string())
            .map(|w| w.graph)
            .map_err(|e| {
                e.problems
                    .iter()
                    .map(|p| format!("error: {name}: {p}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
    }
    let text = input::read_text(path)?;
    from_csv(&text, catalogue, &name.to_string()).map_err(|e| {
        e.problems
            .iter()
            .map(|(row, column, message)| {
                format!("error: {name}: row {row}, column {column}: {message}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Layers the interaction file at `path` on `graph`.
fn layer_file(path: &Path, graph: &mut GoalGraph, catalogue: &GoalCatalogue) -> Result<(), String> {
    input::read_checked(
        path,
        DocumentKind::Interactions,
        |file: &InteractionFile| file.layer_on(graph, catalogue).err().unwrap_or_default(),
    )?;
    Ok(())
}

#[derive(Debug, Subcommand)]
pub(crate) enum GraphCommand {
    /// SDG Synergies network metrics per goal: out_sum, in_sum, positive, negative,
    /// second_order, total, rank.
    Metrics {
        #[command(flatten)]
        source: Source,
        /// The weight w of the second-order term w · Σ_k A[i][k] · out_sum(k).
        #[arg(long, default_value_t = DEFAULT_SECOND_ORDER_WEIGHT)]
        second_order_weight: f64,
        /// Aggregate targets to their goals first (lossy: the mean of the target scores).
        #[arg(long)]
        aggregate: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        format: Output,
    },
    /// Clusters of mutually reinforcing goals, negative links, strongest influence paths.
    Analyse {
        #[command(flatten)]
        source: Source,
        /// Length of the influence paths, in interactions (1–4).
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=4))]
        paths: u8,
        /// How many paths.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Aggregate targets to their goals first.
        #[arg(long)]
        aggregate: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        format: Output,
    },
    /// Draw the graph as Graphviz DOT or as SVG.
    Render {
        #[command(flatten)]
        source: Source,
        /// Figure format.
        #[arg(long, value_enum, default_value_t = Figure::Svg)]
        format: Figure,
        /// Aggregate targets to their goals first.
        #[arg(long)]
        aggregate: bool,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Convert interaction data: to a CSV matrix or an interaction file (JSON).
    Export {
        #[command(flatten)]
        source: Source,
        /// Target format.
        #[arg(long = "to", value_enum)]
        to: Export,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Output {
    /// A table for people.
    Text,
    /// JSON.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Figure {
    /// Graphviz DOT.
    Dot,
    /// Self-contained SVG.
    Svg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Export {
    /// Cross-impact matrix (comma-separated).
    Csv,
    /// Cross-impact matrix as an Excel workbook, with the rationales on a sheet of
    /// comments (needs `-o FILE.xlsx`).
    Xlsx,
    /// Interaction file as JSON (with rationales and sources).
    Json,
}

fn prepared(
    source: &Source,
    aggregate: bool,
    catalogue: &GoalCatalogue,
    lang: Lang,
) -> Result<GoalGraph, String> {
    let graph = source.load(catalogue, lang)?;
    Ok(if aggregate {
        metrics::aggregate_to_goals(&graph, catalogue)
    } else {
        graph
    })
}

pub(crate) fn run(
    command: GraphCommand,
    catalogue: &GoalCatalogue,
    lang: Lang,
) -> Result<ExitCode, String> {
    match command {
        GraphCommand::Metrics {
            source,
            second_order_weight,
            aggregate,
            format,
        } => {
            let second_order_weight = metrics::second_order_weight(second_order_weight)
                .map_err(|e| format!("error: --second-order-weight: {e}"))?;
            let graph = prepared(&source, aggregate, catalogue, lang)?;
            let nodes = metrics::metrics(&graph, second_order_weight);
            match format {
                Output::Json => say!("{}", serde_json::json!({ "nodes": nodes })),
                Output::Text => {
                    let header = lang.pick(
                        [
                            "rang",
                            "mål",
                            "rad",
                            "kolumn",
                            "positiv",
                            "negativ",
                            "andra ordn.",
                            "totalt",
                        ],
                        [
                            "rank",
                            "goal",
                            "out_sum",
                            "in_sum",
                            "positive",
                            "negative",
                            "second_order",
                            "total",
                        ],
                    );
                    say!(
                        "{:>4}  {:<16} {:>7} {:>7} {:>8} {:>8} {:>12} {:>8}",
                        header[0],
                        header[1],
                        header[2],
                        header[3],
                        header[4],
                        header[5],
                        header[6],
                        header[7]
                    );
                    for n in &nodes {
                        say!(
                            "{:>4}  {:<16} {:>7} {:>7} {:>8} {:>8} {:>12.2} {:>8.2}",
                            n.rank,
                            n.id.as_str(),
                            n.out_sum,
                            n.in_sum,
                            n.positive,
                            n.negative,
                            n.second_order,
                            n.total
                        );
                    }
                }
            }
        }
        GraphCommand::Analyse {
            source,
            paths,
            limit,
            aggregate,
            format,
        } => {
            let graph = prepared(&source, aggregate, catalogue, lang)?;
            let clusters = metrics::clusters(&graph, Score::Reinforcing);
            let negative = metrics::negative_links(&graph);
            let strongest = metrics::strongest_paths(&graph, None, usize::from(paths), limit);
            match format {
                Output::Json => say!(
                    "{}",
                    serde_json::json!({
                        "clusters": clusters,
                        "negative_links": negative.iter().map(|(a, b, s)| serde_json::json!({"from": a, "to": b, "score": s.value()})).collect::<Vec<_>>(),
                        "strongest_paths": strongest,
                    })
                ),
                Output::Text => {
                    let h = lang.pick(
                        [
                            "Kluster av ömsesidigt förstärkande mål",
                            "Negativa samband",
                            "Starkaste påverkanskedjor",
                        ],
                        [
                            "Clusters of mutually reinforcing goals",
                            "Negative links",
                            "Strongest influence paths",
                        ],
                    );
                    say!("{}:", h[0]);
                    for c in &clusters {
                        say!(
                            "  {}",
                            c.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(", ")
                        );
                    }
                    say!("{}:", h[1]);
                    for (a, b, s) in &negative {
                        say!("  {a} → {b}  {s} {}", s.label(lang).to_lowercase());
                    }
                    say!("{}:", h[2]);
                    for p in &strongest {
                        say!(
                            "  {:+.2}  {}",
                            p.strength,
                            p.goals
                                .iter()
                                .map(|g| g.as_str())
                                .collect::<Vec<_>>()
                                .join(" → ")
                        );
                    }
                }
            }
        }
        GraphCommand::Render {
            source,
            format,
            aggregate,
            output,
        } => {
            let graph = prepared(&source, aggregate, catalogue, lang)?;
            let text = match format {
                Figure::Dot => hallbar_report::graph_dot(&graph, catalogue, lang),
                Figure::Svg => hallbar_report::graph_svg(&graph, catalogue, lang),
            };
            crate::output::write_output(output.as_deref(), &text)?;
        }
        GraphCommand::Export { source, to, output } => {
            let graph = source.load(catalogue, lang)?;
            let text = match to {
                Export::Xlsx => {
                    let Some(path) = output.as_deref() else {
                        return Err(
                            "error: --to xlsx writes a workbook: give -o FILE.xlsx".to_owned()
                        );
                    };
                    let bytes =
                        hallbar_xlsx::write(&graph, &[]).map_err(|e| format!("error: {e}"))?;
                    std::fs::write(path, bytes)
                        .map_err(|e| format!("error: {}: {e}", path.display()))?;
                    return Ok(ExitCode::SUCCESS);
                }
                Export::Csv => to_csv(&graph),
                Export::Json => {
                    let info = InteractionFileInfo {
                        namn: "hallbar export".to_owned(),
                        kalla: String::new(),
                        standard: source.is_standard(),
                        kommentar: None,
                    };
                    let file = InteractionFile::from_graph(&graph, info);
                    serde_json::to_string_pretty(&file).map_err(|e| format!("error: {e}"))?
                }
            };
            crate::output::write_output(output.as_deref(), &text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
