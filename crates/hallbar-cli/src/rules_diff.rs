//! `hallbar rules diff`: what a change of rule layers would do to a region's assessments
//! before it goes live — per rule, how many findings it adds and removes; per kind and
//! severity, how many findings come and go; and which assessments gain or lose which
//! findings.
//!
//! The assessments are read as `hallbar portfolio` reads them (a folder, one document,
//! NDJSON or standard input, on every core, in constant memory); what the change does to
//! each is [`hallbar::rule_change`]'s.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hallbar::rule_change::{Impact, RuleChange};
use hallbar_core::{Hallbarhetssakring, Lang};

use crate::portfolio::{Source, Tally, add_up};

/// `hallbar rules diff`.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The assessments: a folder of documents (searched recursively), one document, an
    /// NDJSON file, or `-` for NDJSON on standard input. Or, with `--db`, the server's
    /// store.
    #[arg(required_unless_present = "db")]
    path: Option<PathBuf>,
    /// The server's database (an SQLite file or a `postgres://` URL): the latest version
    /// of each of `--org`'s stored assessments instead of files.
    #[arg(long, value_name = "DB", requires = "org", conflicts_with = "path")]
    db: Option<String>,
    /// Whose stored assessments, with `--db`.
    #[arg(long, value_name = "ORGANISATION", requires = "db")]
    org: Option<String>,
    /// A rule layer on the standard set before the change (repeatable, in order; none:
    /// the standard set).
    #[arg(long = "before", value_name = "PATH")]
    before: Vec<PathBuf>,
    /// A rule layer on the standard set after the change (repeatable, in order).
    #[arg(long = "after", value_name = "PATH")]
    after: Vec<PathBuf>,
    /// Extra goal framework files to load.
    #[arg(long = "goals", value_name = "FILE")]
    goals: Vec<PathBuf>,
    #[command(flatten)]
    graph: crate::graph::AssessGraph,
    /// Text, JSON or a self-contained HTML page.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Where to write it; standard output if not given.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Html,
}

/// The server's database `db`, read as it is: an SQLite file that exists, opened for
/// reading only (never created or migrated; a schema of another version is refused), or
/// a PostgreSQL URL (give it a role that may only read).
fn read_only(db: &str) -> Result<Box<dyn hallbar_store::Backend>, String> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return hallbar_store::open(db, 1).map_err(|e| format!("error: {db}: {e}"));
    }
    let path = std::path::Path::new(db);
    if !path.is_file() {
        return Err(format!("error: {db}: no such database file"));
    }
    let store = hallbar_store::Store::open_reader(path).map_err(|e| format!("error: {db}: {e}"))?;
    Ok(Box::new(std::sync::Mutex::new(store)))
}

impl Tally for RuleChange<'_> {
    type Total = Impact;

    fn add(&self, total: &mut Impact, position: u64, doc: &Hallbarhetssakring) {
        RuleChange::add(self, total, position, doc);
    }

    fn add_invalid(&self, total: &mut Impact, position: u64, message: impl FnOnce() -> String) {
        Self::add_invalid(total, position, message);
    }

    fn merge(&self, into: &mut Impact, from: Impact) {
        into.merge(from);
    }
}

/// Runs `hallbar rules diff`.
pub(crate) fn run(args: DiffArgs, lang: Lang) -> Result<ExitCode, String> {
    let catalogue = crate::load::load_catalogue(&args.goals)?;
    let layers = |files: &[PathBuf]| crate::load::RuleLayers {
        rules: files.to_vec(),
        replace_standard_rules: false,
    };
    let before = crate::load::load_rules(&layers(&args.before), &catalogue, lang)?;
    let after = crate::load::load_rules(&layers(&args.after), &catalogue, lang)?;
    let graph = args.graph.load(&catalogue, lang)?;
    let (before, after) = (
        hallbar::Engine::from_parts(before, graph.clone(), Vec::new()),
        hallbar::Engine::from_parts(after, graph, Vec::new()),
    );
    let diff = RuleChange::new(&before, &after, lang);
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let source = match (&args.path, args.db, args.org) {
        (_, Some(db), Some(organisation)) => Source::Store {
            db: read_only(&db)?,
            organisation,
        },
        (Some(path), _, _) => Source::open(path)?,
        _ => return Err("error: give the assessments: a path, or --db and --org".to_owned()),
    };
    let mut total = add_up(source, &diff, before.catalogue(), jobs, None)?;
    total.finish();
    let text = match args.format {
        DiffFormat::Json => serde_json::to_string_pretty(&total.to_json())
            .map_err(|e| format!("error: cannot write JSON: {e}"))?,
        DiffFormat::Text => hallbar_report::text(&total.document(lang)),
        DiffFormat::Html => hallbar_report::html(&total.document(lang), lang.code()),
    };
    crate::output::write_output(args.output.as_deref(), &text)?;
    if total.invalid > 0 {
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "fel: {} dokument kunde inte läsas och är inte med; det första:",
                    total.invalid
                ),
                format!(
                    "error: {} documents could not be read and are left out; the first:",
                    total.invalid
                ),
            )
        );
        for (_, e) in &total.invalid_examples {
            eprintln!("  {e}");
        }
        return Ok(ExitCode::from(crate::EXIT_BAD_INPUT));
    }
    Ok(ExitCode::SUCCESS)
}
