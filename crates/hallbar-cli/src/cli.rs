//! Argument parsing and dispatch.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use hallbar_core::{GoalCatalogue, Lang};
use hallbar_schema::DocumentKind;

use crate::load::{load_catalogue, load_rules};

/// Sustainability assurance (hållbarhetssäkring) of regional development work:
/// checkable, explainable and fast.
#[derive(Debug, Parser)]
#[command(name = "hallbar", version)]
pub struct Cli {
    /// Language of human-readable output.
    #[arg(long, global = true, default_value = "sv", value_parser = parse_lang)]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
        .map_err(|e: hallbar_core::UnknownLangError| e.to_string())
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check documents and report every problem with its place; summarise valid assessments.
    Validate {
        /// Files to check (*.toml or *.json).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// What kind of document the files are.
        #[arg(long, value_enum, default_value_t = Kind::Assessment)]
        kind: Kind,
        /// Extra goal framework files (a region's RUS, …) to load into the catalogue.
        #[arg(long = "goals", value_name = "FILE")]
        goals: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Assess an insats: run the rule set and report findings with their explanations.
    Assess {
        /// The assessment document (*.toml or *.json).
        file: PathBuf,
        #[command(flatten)]
        checks: CheckArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Exit 1 if a finding of this kind exists (repeatable), e.g. `malkonflikt`.
        #[arg(long, value_name = "KIND", value_parser = parse_kind)]
        deny: Vec<hallbar_core::FindingKind>,
    },
    /// The decision basis (beslutsunderlag): the handbook's sections, the overall
    /// assessment, findings, stakeholders, indicator plan and figures.
    Report {
        /// The assessment document (*.toml or *.json).
        file: PathBuf,
        #[command(flatten)]
        checks: CheckArgs,
        /// Report format.
        #[arg(long, default_value = "html", value_parser = crate::report::format_parser())]
        format: hallbar_report::ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        kolada: crate::cache::ReportKolada,
    },
    /// Where an assessment stands in its method: steps, checkpoints, what is missing, and
    /// the overall assessment beside the one the effects suggest.
    Status {
        /// The assessment document.
        file: PathBuf,
        /// The rules, goals, graph and profile its findings come from: a step is not
        /// done while a serious finding about its work stands.
        #[command(flatten)]
        checks: CheckArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Follow-up of many assessments at once: effects per goal and dimension, the most
    /// frequent goal conflicts, cumulative conflicts by region and year, where the
    /// assessments stand, incomplete plans and indicator coverage.
    Portfolio(crate::portfolio::PortfolioArgs),
    /// Analyse, draw and convert goal-interaction data.
    Graph {
        #[command(subcommand)]
        command: crate::graph::GraphCommand,
        /// Extra goal framework files to load.
        #[arg(long = "goals", value_name = "FILE", global = true)]
        goals: Vec<PathBuf>,
    },
    /// Serve the HTTP API for caseworker tooling (stops on Ctrl-C or SIGTERM).
    Serve {
        /// The database: an SQLite file (created if missing) or a PostgreSQL URL
        /// (`postgres://user:password@host/name`).
        #[arg(long, default_value = "hallbar.db")]
        db: String,
        /// The most database connections reading at once (SQLite: 0 serves everything
        /// through one connection, as before the pool).
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(0..=256))]
        connections: u16,
        /// How long a token or session lookup is reused, in seconds: a revoked token
        /// stops working within this time (0: looked up on every request).
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=300))]
        credential_cache_secs: u64,
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// The largest request body, in bytes.
        #[arg(long, default_value_t = 1024 * 1024)]
        max_body_bytes: usize,
        /// The longest a request may take, in seconds; after SIGTERM, requests in
        /// flight are given this long and one second more (and their work one more).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout_secs: u64,
        /// The longest a client may take to send a request's headers, in seconds.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
        header_timeout_secs: u64,
        /// The most connections served at once (with --max-body-bytes, what bodies being
        /// read can hold: 256 MiB by default).
        #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=65_536))]
        max_connections: u64,
        #[command(flatten)]
        rules: crate::load::RuleLayers,
        /// The region's goal framework files (its RUS priorities), offered in the goal
        /// picker and checked like the built-in ones.
        #[arg(long = "goals", value_name = "FILE")]
        goals: Vec<PathBuf>,
        /// What each organisation's new assessments start from: its method profile and
        /// the goal framework its goal picker opens on (TOML; docs/deploy.md).
        #[arg(long = "organisations", value_name = "FILE")]
        organisations: Option<PathBuf>,
        #[command(flatten)]
        graph: crate::graph::AssessGraph,
        /// Fetch Kolada key figures the cache in the database lacks, on demand (the web
        /// form's indicator picker and values), from this address — Kolada's own when
        /// given without one. Without it, the server answers from its cache only.
        #[arg(long, value_name = "URL", num_args = 0..=1, default_missing_value = hallbar_kolada::DEFAULT_BASE_URL)]
        kolada_url: Option<String>,
    },
    /// Manage API tokens of the HTTP API's database.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Work with rule sets.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Indicator values from Kolada for the follow-up (`indicators` in English).
    #[command(visible_alias = "indicators")]
    Indikatorer {
        #[command(subcommand)]
        command: crate::indikatorer::IndikatorCommand,
    },
    /// Write the JSON Schemas of all document formats.
    Schema {
        /// Directory to write them to.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
        /// Only check that the files in the directory are up to date (exit 2 if not).
        #[arg(long)]
        check: bool,
    },
    /// List the goal catalogue.
    Goals {
        /// Only this framework (e.g. `sdg`, `mkm`).
        #[arg(long)]
        framework: Option<String>,
        /// Include Agenda 2030 targets.
        #[arg(long)]
        targets: bool,
        /// Extra goal framework files to load.
        #[arg(long = "goals", value_name = "FILE")]
        goals: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token; it is shown once and stored only as a hash.
    Create {
        /// läsare (read), handläggare (write assessments) or analytiker (rule sets, administration).
        #[arg(long)]
        role: String,
        /// The organisation the token acts for; it sees only its own assessments.
        #[arg(long = "org")]
        organisation: String,
        /// Whose token it is; recorded as the author of changes.
        #[arg(long, default_value = "")]
        label: String,
        /// The database: an SQLite file or a PostgreSQL URL.
        #[arg(long, default_value = "hallbar.db")]
        db: String,
    },
    /// Revoke a token by its number.
    Revoke {
        /// The token's number, as printed when it was created.
        id: i64,
        /// The organisation it belongs to.
        #[arg(long = "org")]
        organisation: String,
        /// The database: an SQLite file or a PostgreSQL URL.
        #[arg(long, default_value = "hallbar.db")]
        db: String,
    },
}

/// What to check an assessment with: shared by `assess` and `report`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    rules: crate::load::RuleLayers,
    /// Extra goal framework files to load.
    #[arg(long = "goals", value_name = "FILE")]
    goals: Vec<PathBuf>,
    #[command(flatten)]
    graph: crate::graph::AssessGraph,
    #[command(flatten)]
    profile: crate::method::ProfileArg,
    /// Leave out the method's completeness checks.
    #[arg(long)]
    no_method: bool,
}

impl CheckArgs {
    /// Loads what the checks need (its messages in `lang`) and runs `then` with them.
    fn with<T>(
        &self,
        lang: Lang,
        then: impl FnOnce(&GoalCatalogue, &crate::assess::Checks<'_>) -> Result<T, String>,
    ) -> Result<T, String> {
        let engine = crate::assess::engine(&self.goals, &self.rules, &self.graph, lang)?;
        let checks = crate::assess::Checks {
            engine: &engine,
            profile: (!self.no_method).then_some(&self.profile),
        };
        then(engine.catalogue(), &checks)
    }
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// Check rule layers — on the standard set, in the order given — and report every
    /// problem with its place.
    Check {
        /// Rule layers: files or folders of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Check the layers alone, without the standard set below them.
        #[arg(long)]
        replace_standard_rules: bool,
        /// Extra goal framework files to load.
        #[arg(long = "goals", value_name = "FILE")]
        goals: Vec<PathBuf>,
    },
    /// Run rule tests (a *.test.toml file or a folder of them): pass/fail per case and
    /// coverage. Exit 1 when a case fails.
    Test {
        /// A test file or a folder of test files.
        path: PathBuf,
        #[command(flatten)]
        rules: crate::load::RuleLayers,
        /// Extra goal framework files to load.
        #[arg(long = "goals", value_name = "FILE")]
        goals: Vec<PathBuf>,
        /// Exit 1 also when some rule never fires in any case.
        #[arg(long)]
        require_coverage: bool,
    },
    /// List the rules in force — the standard set and the layers on it — each with the
    /// layer it comes from (file:line) and what changed it; then the rules switched off,
    /// with why.
    List {
        #[command(flatten)]
        rules: crate::load::RuleLayers,
        /// Extra goal framework files to load.
        #[arg(long = "goals", value_name = "FILE")]
        goals: Vec<PathBuf>,
        /// Text, or JSON: one array of the rules, each with its provenance.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Try a rule change on a region's assessments before it goes live: per rule, the
    /// findings added and removed; per kind and severity, the totals before and after;
    /// which assessments gain or lose which findings.
    Diff(crate::rules_diff::DiffArgs),
    /// Write a rule set as one rule file to start from: the standard set, or (`--effective`)
    /// the rules in force after the layers, their changes applied and the switched-off
    /// left out.
    Export {
        #[command(flatten)]
        rules: crate::load::RuleLayers,
        /// Extra goal framework files to load.
        #[arg(long = "goals", value_name = "FILE")]
        goals: Vec<PathBuf>,
        /// The rules in force after the layers, instead of the standard set.
        #[arg(long)]
        effective: bool,
        /// Where to write it (TOML); standard output if not given.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
}

fn parse_kind(s: &str) -> Result<hallbar_core::FindingKind, String> {
    s.parse().map_err(|_| {
        format!("unknown finding kind `{s}`: expected malkonflikt, intressekonflikt, synergi, kunskapslucka, saknad_intressent or ofullstandig")
    })
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    /// An assessment of one insats (hållbarhetssäkring).
    Assessment,
    /// A goal framework file.
    Framework,
    /// A rule file.
    Rules,
    /// A scoring workshop (matrisverkstad), as the web interface exports it.
    Workshop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Human-readable text.
    Text,
    /// One JSON object per file, one per line.
    Json,
}

impl Cli {
    /// Runs the parsed command; `Err` carries a message for bad input (exit 2).
    pub fn run(self) -> Result<ExitCode, String> {
        match self.command {
            Command::Validate {
                files,
                kind,
                goals,
                format,
            } => {
                let catalogue = load_catalogue(&goals)?;
                let kind = match kind {
                    Kind::Assessment => DocumentKind::Assessment,
                    Kind::Framework => DocumentKind::Framework,
                    Kind::Rules => DocumentKind::Rules,
                    Kind::Workshop => DocumentKind::Workshop,
                };
                crate::validate::validate(
                    &files,
                    kind,
                    &catalogue,
                    format == OutputFormat::Json,
                    self.lang,
                )
            }
            Command::Assess {
                file,
                checks,
                format,
                deny,
            } => checks.with(self.lang, |catalogue, checks| {
                crate::assess::assess(
                    &file,
                    catalogue,
                    checks,
                    format == OutputFormat::Json,
                    &deny,
                    self.lang,
                )
            }),
            Command::Report {
                file,
                checks,
                format,
                output,
                kolada,
            } => checks.with(self.lang, |catalogue, checks| {
                crate::report::report(
                    &file,
                    catalogue,
                    checks,
                    (format, &kolada),
                    output.as_deref(),
                    self.lang,
                )
            }),
            Command::Token { command } => match command {
                TokenCommand::Create {
                    role,
                    organisation,
                    label,
                    db,
                } => crate::token::create(&role, &organisation, &label, &db),
                TokenCommand::Revoke {
                    id,
                    organisation,
                    db,
                } => crate::token::revoke(id, &organisation, &db),
            },
            Command::Serve {
                db,
                connections,
                credential_cache_secs,
                addr,
                max_body_bytes,
                timeout_secs,
                header_timeout_secs,
                max_connections,
                rules,
                goals,
                organisations,
                graph,
                kolada_url,
            } => {
                let engine = crate::assess::engine(&goals, &rules, &graph, self.lang)?;
                let organisations = match organisations {
                    None => hallbar_server::Organisations::default(),
                    Some(path) => {
                        let source = crate::input::read(&path)?;
                        hallbar_server::Organisations::parse(&source.text, source.format, &engine)
                            .map_err(|d| crate::input::render(&source, &[d]))?
                    }
                };
                let config = hallbar_server::Config {
                    addr,
                    db,
                    connections: usize::from(connections),
                    credential_cache: std::time::Duration::from_secs(credential_cache_secs),
                    max_body_bytes,
                    request_timeout: std::time::Duration::from_secs(timeout_secs),
                    header_timeout: std::time::Duration::from_secs(header_timeout_secs),
                    max_connections: usize::try_from(max_connections).unwrap_or(usize::MAX),
                    organisations,
                    kolada_url,
                };
                hallbar_server::run(config, engine).map_err(|e| format!("error: {e}"))?;
                Ok(ExitCode::SUCCESS)
            }
            Command::Status {
                file,
                checks,
                format,
            } => checks.with(self.lang, |catalogue, checks| {
                crate::method::status(
                    &file,
                    catalogue,
                    checks.profile,
                    |doc| checks.findings(doc, self.lang),
                    format == OutputFormat::Json,
                    self.lang,
                )
            }),
            Command::Portfolio(args) => crate::portfolio::run(args, self.lang),
            Command::Indikatorer { command } => crate::indikatorer::run(command, self.lang),
            Command::Graph { command, goals } => {
                let catalogue = load_catalogue(&goals)?;
                crate::graph::run(command, &catalogue, self.lang)
            }
            Command::Rules { command } => match command {
                RulesCommand::Check {
                    files,
                    replace_standard_rules,
                    goals,
                } => {
                    let catalogue = load_catalogue(&goals)?;
                    let layers = crate::load::RuleLayers {
                        rules: files,
                        replace_standard_rules,
                    };
                    let set = load_rules(&layers, &catalogue, self.lang)?;
                    let off = set
                        .provenance()
                        .filter(|(_, p)| p.switched_off.is_some())
                        .count();
                    say!(
                        "{}",
                        self.lang.pick(
                            format!("ok: {} regler gäller, {off} avstängda", set.len()),
                            format!("ok: {} rules in force, {off} switched off", set.len())
                        )
                    );
                    Ok(ExitCode::SUCCESS)
                }
                RulesCommand::Test {
                    path,
                    rules,
                    goals,
                    require_coverage,
                } => {
                    let catalogue = load_catalogue(&goals)?;
                    let set = load_rules(&rules, &catalogue, self.lang)?;
                    crate::rules_test::run(&path, &set, &catalogue, require_coverage, self.lang)
                }
                RulesCommand::List {
                    rules,
                    goals,
                    format,
                } => {
                    let catalogue = load_catalogue(&goals)?;
                    let set = load_rules(&rules, &catalogue, self.lang)?;
                    crate::rules_test::list(&set, format == OutputFormat::Json, self.lang)
                }
                RulesCommand::Diff(args) => crate::rules_diff::run(args, self.lang),
                RulesCommand::Export {
                    rules,
                    goals,
                    effective,
                    output,
                } => {
                    let catalogue = load_catalogue(&goals)?;
                    let layers = if effective {
                        rules
                    } else {
                        crate::load::RuleLayers::default()
                    };
                    let set = load_rules(&layers, &catalogue, self.lang)?;
                    crate::rules_test::export(&set, output.as_deref())
                }
            },
            Command::Schema { out, check } => crate::validate::schema(&out, check),
            Command::Goals {
                framework,
                targets,
                goals,
            } => {
                let catalogue = load_catalogue(&goals)?;
                crate::goals::list_goals(&catalogue, framework.as_deref(), targets, self.lang);
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}
