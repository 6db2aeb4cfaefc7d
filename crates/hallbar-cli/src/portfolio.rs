//! `hallbar portfolio`: adds up many assessments — a folder of documents, an NDJSON file
//! or NDJSON on standard input — on every core, in constant memory; and
//! `hallbar portfolio generate`, a synthetic portfolio for benchmarks and tests.
//!
//! One thread reads the input in chunks of whole lines (or batches of file names) into a
//! bounded queue; one worker per core parses, checks and adds each document to its own
//! [`Summary`]; the summaries are merged at the end. Memory is bounded by the queue, not
//! by the input.

use std::fs::File;
use std::io::{BufWriter, IsTerminal as _, Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use hallbar_core::portfolio::{Portfolio, Summary};
use hallbar_core::syntax::{self, Format, MAX_DOCUMENT_BYTES};
use hallbar_core::{GoalCatalogue, Hallbarhetssakring, Lang, check};
use hallbar_generate::Generator;
use hallbar_schema::DocumentKind;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// Bytes of input per chunk handed to a worker.
const CHUNK: usize = 1 << 20;
/// Files per batch handed to a worker.
const FILES_PER_BATCH: usize = 64;

/// `hallbar portfolio`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct PortfolioArgs {
    #[command(subcommand)]
    command: Option<PortfolioCommand>,
    /// A folder of assessment documents (*.toml and *.json, searched recursively), one
    /// document (*.toml or *.json), an NDJSON file (one JSON assessment per line; any
    /// other name, e.g. *.ndjson or *.jsonl), or `-` for NDJSON on standard input.
    #[arg(default_value = "-")]
    path: PathBuf,
    #[command(flatten)]
    rules: crate::load::RuleLayers,
    /// Extra goal framework files to load.
    #[arg(long = "goals", value_name = "FILE")]
    goals: Vec<PathBuf>,
    #[command(flatten)]
    graph: crate::graph::Source,
    /// Leave out cumulative conflicts between different goals (those need the goal
    /// graph); opposite effects on the same goal are still found.
    #[arg(long, conflicts_with_all = ["matrix", "interactions"])]
    no_graph: bool,
    #[command(flatten)]
    profile: crate::method::ProfileArg,
    #[command(flatten)]
    kolada: crate::cache::ReportKolada,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PortfolioFormat::Text)]
    format: PortfolioFormat,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// How many conflict pairs and cumulative conflicts to list.
    #[arg(long, default_value_t = hallbar_core::portfolio::DEFAULT_TOP)]
    top: usize,
    /// Worker threads; default: one per core.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    jobs: Option<u16>,
    /// Never show the progress bar (it shows only when standard error is a terminal).
    #[arg(long)]
    no_progress: bool,
}

#[derive(Debug, Subcommand)]
enum PortfolioCommand {
    /// Write a realistic synthetic portfolio as NDJSON (one assessment per line).
    Generate {
        /// How many assessments.
        #[arg(long)]
        count: u64,
        /// The seed: the same seed and count give the same portfolio.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PortfolioFormat {
    /// Plain text for the terminal.
    Text,
    /// The report as JSON.
    Json,
    /// Markdown.
    Md,
    /// One self-contained HTML file with figures.
    Html,
}

impl PortfolioFormat {
    /// The document format it is written in; `None` for the report's data as JSON.
    fn document(self) -> Option<hallbar_report::ReportFormat> {
        use hallbar_report::ReportFormat;
        match self {
            Self::Text => Some(ReportFormat::Text),
            Self::Json => None,
            Self::Md => Some(ReportFormat::Markdown),
            Self::Html => Some(ReportFormat::Html),
        }
    }
}

/// Runs `hallbar portfolio …`.
pub(crate) fn run(args: PortfolioArgs, lang: Lang) -> Result<ExitCode, String> {
    if let Some(PortfolioCommand::Generate {
        count,
        seed,
        output,
    }) = &args.command
    {
        return generate(*count, *seed, output.as_deref());
    }
    let catalogue = crate::load::load_catalogue(&args.goals)?;
    let rules = crate::load::load_rules(&args.rules, &catalogue, lang)?;
    let graph = if args.no_graph {
        None
    } else {
        let graph = args.graph.load(&catalogue, lang)?;
        Some((
            graph,
            hallbar_core::graph::infer::InferenceConfig::default(),
        ))
    };
    let profile = args.profile.file()?;
    let engine = hallbar::Engine::from_parts(rules, graph, Vec::new());
    let catalogue = engine.catalogue();
    // Without a profile file, each document is checked against its own.
    let values = args.kolada.index()?;
    let mut portfolio = Portfolio::new(engine.assessor(profile.as_ref()));
    if let Some(values) = &values {
        portfolio = portfolio.with_values(values);
    }
    let jobs = args.jobs.map_or_else(
        || thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let source = Source::open(&args.path)?;
    let show_progress = !args.no_progress && std::io::stderr().is_terminal();
    let progress_lang = show_progress.then_some(lang);
    let summary = add_up(source, &portfolio, catalogue, jobs, progress_lang)?;
    let report = portfolio.report(&summary, args.top);

    let text = match args.format.document() {
        None => serde_json::to_string_pretty(&report)
            .map_err(|e| format!("error: cannot write the report as JSON: {e}"))?,
        Some(format) => format.render(
            &hallbar_report::portfolio_document(&report, catalogue, lang),
            lang,
        ),
    };
    crate::output::write_output(args.output.as_deref(), &text)?;
    if values.is_some() {
        let mut without: Vec<&str> = report
            .key_figures
            .iter()
            .filter(|k| k.units.is_empty())
            .map(|k| k.kpi.as_str())
            .collect();
        let count = without.len();
        if count > 10 {
            without.truncate(10);
            without.push("…");
        }
        if !without.is_empty() {
            eprintln!(
                "{}",
                lang.pick(
                    format!("obs: cachen har inga värden för {count} av {} nyckeltal ({}); kör `hallbar indikatorer hamta` med samma bedömningar för att hämta dem", report.key_figures.len(), without.join(", ")),
                    format!("note: the cache has no values of {count} of {} key figures ({}); run `hallbar indikatorer hamta` on the same assessments to fetch them", report.key_figures.len(), without.join(", ")),
                )
            );
        }
    }
    if report.insatser == 0 && report.invalid.count == 0 {
        eprintln!("warning: the input holds no documents");
    }
    if report.invalid.count > 0 {
        eprintln!(
            "error: {} of {} documents could not be read and are left out of the report; the first:",
            report.invalid.count,
            report.invalid.count + report.insatser
        );
        for line in &report.invalid.examples {
            eprintln!("  {line}");
        }
        return Ok(ExitCode::from(crate::EXIT_BAD_INPUT));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the documents come from.
pub(crate) enum Source {
    /// NDJSON from a file or standard input; `size` when known (for the progress bar).
    Lines {
        reader: Box<dyn Read + Send>,
        size: Option<u64>,
    },
    /// A folder of documents, or one document.
    Documents(PathBuf),
    /// The latest version of each of an organisation's assessments in the server's
    /// store.
    Store {
        /// The database.
        db: Box<dyn hallbar_store::Backend>,
        /// Whose assessments.
        organisation: String,
    },
}

impl Source {
    /// The documents at `path`: a folder, one document, an NDJSON file, or `-` for NDJSON
    /// on standard input.
    pub(crate) fn open(path: &Path) -> Result<Self, String> {
        if path.as_os_str() == "-" {
            return Ok(Self::Lines {
                reader: Box::new(std::io::stdin()),
                size: None,
            });
        }
        let name = path.display();
        let meta = std::fs::metadata(path).map_err(|e| format!("error: {name}: {e}"))?;
        if meta.is_dir() || Format::from_path(&path.to_string_lossy()).is_some() {
            return Ok(Self::Documents(path.to_owned()));
        }
        let file = File::open(path).map_err(|e| format!("error: {name}: {e}"))?;
        Ok(Self::Lines {
            reader: Box::new(file),
            size: Some(meta.len()),
        })
    }
}

/// A unit of work for a worker.
enum Work {
    /// Whole lines of NDJSON; `first` is the number of the first line.
    Lines { first: u64, bytes: Vec<u8> },
    /// A line longer than a document may be; skipped unread.
    Oversized { line: u64 },
    /// Files, each with its number in the walk.
    Files(Vec<(u64, PathBuf)>),
}

/// The progress bar on standard error (indicatif: redrawn at most a few times a second,
/// fitted to the terminal's width, cleared at once when the work is done), and the count
/// of documents it shows. Without a bar, only the count.
#[derive(Default)]
struct Progress {
    documents: Arc<AtomicU64>,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `size` bytes of input, or a spinner when the size is unknown.
    fn shown(size: Option<u64>, lang: Lang) -> Self {
        let documents = Arc::new(AtomicU64::new(0));
        let left = if lang == Lang::Sv { "kvar" } else { "left" };
        let template = match size {
            Some(total) if total > 0 => {
                format!(
                    "[{{wide_bar}}] {{percent:>3}} %  {{docs}} insatser  {{rate}}/s  {{eta}} {left}"
                )
            }
            _ => "{spinner} {docs} insatser  {rate}/s".to_owned(),
        };
        let (count, per_second) = (Arc::clone(&documents), Arc::clone(&documents));
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("#>.")
            .with_key(
                "docs",
                move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", count.load(Ordering::Relaxed));
                },
            )
            .with_key(
                "rate",
                move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let secs = s.elapsed().as_secs_f64().max(1e-3);
                    let _ = write!(w, "{:.0}", per_second.load(Ordering::Relaxed) as f64 / secs);
                },
            );
        let bar = ProgressBar::with_draw_target(
            size.filter(|&t| t > 0),
            ProgressDrawTarget::stderr_with_hz(5),
        )
        .with_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        Self {
            documents,
            bar: Some(bar),
        }
    }

    /// `documents` more read, `bytes` more of the input.
    fn advance(&self, documents: u64, bytes: u64) {
        self.documents.fetch_add(documents, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    /// Clears the bar, at once.
    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// What adds up documents read on many threads: each worker has its own total, and the
/// totals are merged at the end.
pub(crate) trait Tally: Sync {
    /// A worker's total.
    type Total: Default + Send;
    /// Adds the document at `position` (its line, or its number in the walk).
    fn add(&self, total: &mut Self::Total, position: u64, doc: &Hallbarhetssakring);
    /// Counts a document that could not be read, at `position`.
    fn add_invalid(&self, total: &mut Self::Total, position: u64, message: impl FnOnce() -> String);
    /// Adds `from` to `into`.
    fn merge(&self, into: &mut Self::Total, from: Self::Total);
}

impl Tally for Portfolio<'_> {
    type Total = Summary;

    fn add(&self, total: &mut Summary, position: u64, doc: &Hallbarhetssakring) {
        Portfolio::add(self, total, position, doc);
    }

    fn add_invalid(&self, total: &mut Summary, position: u64, message: impl FnOnce() -> String) {
        total.add_invalid(position, message);
    }

    fn merge(&self, into: &mut Summary, from: Summary) {
        into.merge(from);
    }
}

/// Reads every document of `source` on `jobs` workers and adds each up with `tally`.
pub(crate) fn add_up<T: Tally>(
    source: Source,
    tally: &T,
    catalogue: &GoalCatalogue,
    jobs: usize,
    progress_lang: Option<Lang>,
) -> Result<T::Total, String> {
    let (tx, rx) = mpsc::sync_channel::<Work>(2 * jobs);
    let rx = Mutex::new(rx);
    let size = match &source {
        Source::Lines { size, .. } => *size,
        Source::Documents(_) | Source::Store { .. } => None,
    };
    let progress = progress_lang.map_or_else(Progress::default, |lang| Progress::shown(size, lang));
    thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut summary = T::Total::default();
                    loop {
                        // Hold the lock only to take the next unit of work (a worker
                        // that failed leaves it usable: the others carry on).
                        let work = rx
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .recv();
                        let Ok(work) = work else { break };
                        work_on(work, tally, catalogue, &mut summary, &progress);
                    }
                    summary
                })
            })
            .collect();
        let read = match source {
            Source::Lines { reader, .. } => read_lines(reader, &tx),
            Source::Documents(root) => walk(&root, &tx),
            Source::Store { db, organisation } => read_store(db.as_ref(), &organisation, &tx),
        };
        drop(tx);
        let mut total = Some(T::Total::default());
        for w in workers {
            match (w.join(), total.as_mut()) {
                (Ok(s), Some(t)) => tally.merge(t, s),
                _ => total = None,
            }
        }
        // Also on failure: the bar is cleared before anything else is printed.
        progress.finish();
        read?;
        total.ok_or_else(|| "error: a worker thread failed".to_owned())
    })
}

/// Reads NDJSON in chunks of whole lines and sends them to the workers.
fn read_lines(mut reader: Box<dyn Read + Send>, tx: &mpsc::SyncSender<Work>) -> Result<(), String> {
    let mut line = 1u64;
    let mut buf: Vec<u8> = Vec::with_capacity(2 * CHUNK);
    // Within a line too long to be a document: skip to its end.
    let mut skipping = false;
    loop {
        // `read_to_end` on a `take` appends without zero-filling the buffer first; room
        // for the chunk is reserved exactly, so that buffers do not double past it.
        buf.reserve_exact(CHUNK);
        let n = match reader.by_ref().take(CHUNK as u64).read_to_end(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("error: reading the input: {e}")),
        };
        if n == 0 {
            // The last line need not end in a newline.
            if !buf.is_empty() && !skipping {
                send(
                    tx,
                    Work::Lines {
                        first: line,
                        bytes: std::mem::take(&mut buf),
                    },
                )?;
            }
            return Ok(());
        }
        if skipping {
            match memchr::memchr(b'\n', &buf) {
                Some(end) => {
                    buf.drain(..=end);
                    skipping = false;
                    line += 1;
                }
                None => {
                    buf.clear();
                    continue;
                }
            }
        }
        match memchr::memrchr(b'\n', &buf) {
            Some(end) => {
                let rest = buf.split_off(end + 1);
                let lines = memchr::memchr_iter(b'\n', &buf).count() as u64;
                let chunk = std::mem::replace(&mut buf, rest);
                send(
                    tx,
                    Work::Lines {
                        first: line,
                        bytes: chunk,
                    },
                )?;
                line += lines;
            }
            None if buf.len() > MAX_DOCUMENT_BYTES => {
                send(tx, Work::Oversized { line })?;
                buf.clear();
                skipping = true;
            }
            None => {}
        }
    }
}

/// Reads the latest version of each of `organisation`'s stored assessments, one at a
/// time, and sends them to the workers as lines of NDJSON: the store keeps each as one
/// line of JSON (no raw newline), and its place in the walk is its line.
fn read_store(
    db: &dyn hallbar_store::Backend,
    organisation: &str,
    tx: &mpsc::SyncSender<Work>,
) -> Result<(), String> {
    let (mut first, mut line) = (1u64, 1u64);
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + CHUNK / 4);
    let mut failed = None;
    db.each_latest(organisation, &mut |latest| {
        buf.extend_from_slice(latest.document.as_bytes());
        buf.push(b'\n');
        line += 1;
        if buf.len() >= CHUNK {
            let bytes = std::mem::replace(&mut buf, Vec::with_capacity(CHUNK + CHUNK / 4));
            if let Err(e) = send(tx, Work::Lines { first, bytes }) {
                failed = Some(e);
                return std::ops::ControlFlow::Break(());
            }
            first = line;
        }
        std::ops::ControlFlow::Continue(())
    })
    .map_err(|e| format!("error: reading the store: {e}"))?;
    if let Some(e) = failed {
        return Err(e);
    }
    if buf.is_empty() {
        return Ok(());
    }
    send(tx, Work::Lines { first, bytes: buf })
}

fn send(tx: &mpsc::SyncSender<Work>, work: Work) -> Result<(), String> {
    tx.send(work)
        .map_err(|_| "error: the workers stopped early".to_owned())
}

/// Walks `root` depth first, in name order, sending batches of *.toml and *.json files
/// (or just `root`, when it is a file). Hidden entries are skipped and symbolic links to
/// folders are not followed.
fn walk(root: &Path, tx: &mpsc::SyncSender<Work>) -> Result<(), String> {
    if !root.is_dir() {
        return send(tx, Work::Files(vec![(0, root.to_owned())]));
    }
    let mut pending = vec![root.to_owned()];
    let mut batch = Vec::with_capacity(FILES_PER_BATCH);
    let mut number = 0u64;
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("error: {}: {e}", dir.display()))?;
        let mut entries: Vec<(PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        entries.sort();
        // Folders go on the stack in reverse, so that they are visited in name order.
        for (path, is_dir) in entries.iter().rev() {
            if *is_dir {
                pending.push(path.clone());
            }
        }
        for (path, _) in entries
            .into_iter()
            .filter(|(p, d)| !d && Format::from_path(&p.to_string_lossy()).is_some())
        {
            batch.push((number, path));
            number += 1;
            if batch.len() == FILES_PER_BATCH {
                send(tx, Work::Files(std::mem::take(&mut batch)))?;
            }
        }
    }
    if !batch.is_empty() {
        send(tx, Work::Files(batch))?;
    }
    Ok(())
}

fn work_on<T: Tally>(
    work: Work,
    tally: &T,
    catalogue: &GoalCatalogue,
    summary: &mut T::Total,
    progress: &Progress,
) {
    let (documents, bytes) = match work {
        Work::Lines { first, bytes } => {
            let mut documents = 0;
            let mut start = 0;
            let ends = memchr::memchr_iter(b'\n', &bytes).chain(std::iter::once(bytes.len()));
            for (line, end) in (first..).zip(ends) {
                let text = bytes.get(start..end).unwrap_or_default();
                start = end + 1;
                let text = text.strip_suffix(b"\r").unwrap_or(text);
                if text.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                documents += 1;
                match read_json(text, catalogue) {
                    Ok(doc) => tally.add(summary, line, &doc),
                    Err(e) => tally.add_invalid(summary, line, || format!("rad {line}: {e}")),
                }
            }
            (documents, bytes.len() as u64)
        }
        Work::Oversized { line } => {
            tally.add_invalid(summary, line, || {
                format!("rad {line}: longer than the document limit of {MAX_DOCUMENT_BYTES} bytes")
            });
            (1, 0)
        }
        Work::Files(files) => {
            let mut bytes = 0;
            for (number, path) in &files {
                match read_file(path, catalogue) {
                    Ok((doc, len)) => {
                        bytes += len;
                        tally.add(summary, *number, &doc);
                    }
                    Err(e) => {
                        tally.add_invalid(summary, *number, || format!("{}: {e}", path.display()));
                    }
                }
            }
            (files.len() as u64, bytes)
        }
    };
    progress.advance(documents, bytes);
}

/// One JSON document: parsed straight into the model (the fast path); only when that
/// fails is it read again with the checking reader, for a message that names the place.
fn read_json(bytes: &[u8], catalogue: &GoalCatalogue) -> Result<Hallbarhetssakring, String> {
    // Checking the whole line once (with SIMD) is cheaper than serde_json checking each
    // string; the standard library's check runs only to say where a bad line goes wrong.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            let at = std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            return Err(format!("not UTF-8 text (invalid byte at offset {at})"));
        }
    };
    match syntax::read_json::<Hallbarhetssakring>(text) {
        Ok(doc) => checked(&doc, catalogue).map(|()| doc),
        Err(fast) => {
            Err(first_error(text, Format::Json, catalogue).unwrap_or_else(|| fast.to_string()))
        }
    }
}

/// One document file, and its size.
fn read_file(path: &Path, catalogue: &GoalCatalogue) -> Result<(Hallbarhetssakring, u64), String> {
    let input = crate::input::read(path).map_err(|e| e.trim_start_matches("error: ").to_owned())?;
    let len = input.text.len() as u64;
    let parsed = match input.format {
        Format::Json => {
            syntax::read_json::<Hallbarhetssakring>(&input.text).map_err(|e| e.to_string())
        }
        format => {
            syntax::parse_as::<Hallbarhetssakring>(&input.text, format).map_err(|d| d.message)
        }
    };
    match parsed {
        Ok(doc) => checked(&doc, catalogue).map(|()| (doc, len)),
        Err(fast) => Err(first_error(&input.text, input.format, catalogue).unwrap_or(fast)),
    }
}

/// Whether `doc` is consistent (known goals, unique ids, references that resolve, …).
fn checked(doc: &Hallbarhetssakring, catalogue: &GoalCatalogue) -> Result<(), String> {
    let problems = check::check(doc, catalogue, Lang::Sv);
    let mut errors = problems.iter().filter(|d| d.is_error());
    match errors.next() {
        None => Ok(()),
        Some(first) => Err(describe(first, errors.count())),
    }
}

/// The first error the schema validation finds in `text`, in words.
fn first_error(text: &str, format: Format, catalogue: &GoalCatalogue) -> Option<String> {
    let report =
        hallbar_schema::validate(DocumentKind::Assessment, text, format, catalogue, Lang::Sv);
    let mut errors = report.diagnostics.iter().filter(|d| d.is_error());
    let first = errors.next()?;
    Some(describe(first, errors.count()))
}

fn describe(d: &syntax::Diagnostic, more: usize) -> String {
    let at = if d.pointer.is_empty() {
        String::new()
    } else {
        format!("{}: ", d.pointer)
    };
    let more = match more {
        0 => String::new(),
        n => format!(" (and {n} more)"),
    };
    format!("{at}{}{more}", d.message)
}

/// Writes `count` synthetic assessments as NDJSON.
fn generate(count: u64, seed: u64, output: Option<&Path>) -> Result<ExitCode, String> {
    let sink: Box<dyn std::io::Write> = match output {
        Some(path) => {
            Box::new(File::create(path).map_err(|e| format!("error: {}: {e}", path.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let generator = Generator::new(seed);
    for i in 0..count {
        let written = serde_json::to_writer(&mut out, &generator.document(i))
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(format!("error: writing the portfolio: {e}"));
        }
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("error: writing the portfolio: {e}"))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
