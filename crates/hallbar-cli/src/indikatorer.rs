//! `hallbar indikatorer hamta` (`indicators fetch`): fetch from Kolada the indicator
//! values that assessments need — their Kolada key figures, for the municipalities and
//! regions of their geography and the whole country, for the years from each insats's
//! baseline to this year — into a cache that reports read without the network.
//!
//! The cache is a database of its own (`kolada.db` in the user's cache folder, or
//! `--cache DIR`), the same tables the server keeps in its database. A fetch is stored
//! in one transaction at the end: when anything fails, the cache stays as it was.
//! Keys already cached are refreshed with Kolada's `from_date` (only what changed since
//! they were fetched comes back); keys not cached are fetched whole.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use hallbar_core::kolada::needs;
use hallbar_core::{Hallbarhetssakring, KoladaKpiId, Lang};
use hallbar_kolada::{Client, Config, KoladaSource, ValueQuery};
use hallbar_store::{Backend, KoladaFetch, KoladaKey};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cache::CacheArgs;
use crate::portfolio::{Source, Tally, add_up};

/// The most keys (key figure × unit × year) one fetch asks for: about 100 key figures
/// for every unit in Sweden over twenty years.
const MAX_KEYS: usize = 1_000_000;

/// `hallbar indikatorer …`.
#[derive(Debug, Subcommand)]
pub(crate) enum IndikatorCommand {
    /// Fetch from Kolada the values the assessments' indicators need, into the cache.
    #[command(name = "hamta", visible_alias = "fetch")]
    Hamta(FetchArgs),
}

/// `hallbar indikatorer hamta`.
#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    /// The assessments: files, folders (searched recursively) or NDJSON files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Kolada's API.
    #[arg(long, value_name = "URL", default_value = hallbar_kolada::DEFAULT_BASE_URL)]
    base_url: String,
    #[command(flatten)]
    cache: CacheArgs,
    /// The last year fetched (default: this year).
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u16).range(1990..=2199))]
    to_year: Option<u16>,
    /// Seconds one request to Kolada may take.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout_secs: u64,
    /// How many times a request is retried after a 429, a 5xx, a timeout or a lost
    /// connection (waiting 1, 2, 4, … s, or as Kolada asks).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(0..=10))]
    retries: u32,
}

/// What the assessments need: per key figure, the units and the first year.
#[derive(Debug, Default)]
struct Needs {
    kpis: BTreeMap<KoladaKpiId, (BTreeSet<String>, u16)>,
    documents: u64,
    invalid: Vec<String>,
}

/// Collects [`Needs`] from assessments; `to_year` bounds the years of an indicator
/// without a baseline.
struct Collect {
    to_year: u16,
}

impl Tally for Collect {
    type Total = Needs;

    fn add(&self, total: &mut Needs, _: u64, doc: &Hallbarhetssakring) {
        total.documents += 1;
        for need in needs(doc, self.to_year) {
            let entry = total
                .kpis
                .entry(need.kpi)
                .or_insert_with(|| (BTreeSet::new(), need.from));
            entry.0.extend(need.units);
            entry.1 = entry.1.min(need.from);
        }
    }

    fn add_invalid(&self, total: &mut Needs, position: u64, message: impl FnOnce() -> String) {
        if total.invalid.len() < 5 {
            total.invalid.push(format!("{position}: {}", message()));
        }
    }

    fn merge(&self, into: &mut Needs, from: Needs) {
        into.documents += from.documents;
        for (kpi, (units, year)) in from.kpis {
            let entry = into
                .kpis
                .entry(kpi)
                .or_insert_with(|| (BTreeSet::new(), year));
            entry.0.extend(units);
            entry.1 = entry.1.min(year);
        }
        into.invalid.extend(from.invalid);
        into.invalid.truncate(5);
    }
}

/// One group of key figures with the same units and years: one query.
struct Group {
    kpis: Vec<KoladaKpiId>,
    units: Vec<String>,
    from: u16,
}

/// Runs `hallbar indikatorer hamta`.
pub(crate) fn run(command: IndikatorCommand, lang: Lang) -> Result<ExitCode, String> {
    let IndikatorCommand::Hamta(args) = command;
    let to_year = args.to_year.unwrap_or_else(hallbar_store::this_year);
    let catalogue = crate::load::load_catalogue(&[])?;
    let jobs = std::thread::available_parallelism().map_or(1, usize::from);
    let mut needs = Needs::default();
    for path in &args.paths {
        let found = add_up(
            Source::open(path)?,
            &Collect { to_year },
            &catalogue,
            jobs,
            None,
        )?;
        Collect { to_year }.merge(&mut needs, found);
    }
    if !needs.invalid.is_empty() {
        return Err(lang.pick(
            format!(
                "fel: dokument som inte kan läsas:\n  {}",
                needs.invalid.join("\n  ")
            ),
            format!(
                "error: documents that cannot be read:\n  {}",
                needs.invalid.join("\n  ")
            ),
        ));
    }
    let mut groups: BTreeMap<(Vec<String>, u16), Vec<KoladaKpiId>> = BTreeMap::new();
    for (kpi, (units, from)) in needs.kpis {
        groups
            .entry((units.into_iter().collect(), from))
            .or_default()
            .push(kpi);
    }
    let groups: Vec<Group> = groups
        .into_iter()
        .map(|((units, from), kpis)| Group { kpis, units, from })
        .collect();
    let keys: usize = groups
        .iter()
        .map(|g| g.kpis.len() * g.units.len() * usize::from(to_year - g.from + 1))
        .sum();
    if keys > MAX_KEYS {
        return Err(lang.pick(
            format!("fel: bedömningarna behöver {keys} nycklar (nyckeltal × enhet × år); högst {MAX_KEYS} hämtas på en gång. Dela upp dem, eller ange ett senare --to-year."),
            format!("error: the assessments need {keys} keys (key figure × unit × year); at most {MAX_KEYS} are fetched at once. Split them, or give a later --to-year."),
        ));
    }
    if groups.is_empty() {
        say!(
            "{}",
            lang.pick(
                format!(
                    "{} bedömningar lästa; ingen indikator har ett Kolada-id. Inget att hämta.",
                    needs.documents
                ),
                format!(
                    "{} assessments read; no indicator has a Kolada id. Nothing to fetch.",
                    needs.documents
                ),
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let cache = args.cache.open()?;
    let plan = plan(cache.as_ref(), &groups, to_year)?;
    if args.cache.offline {
        return offline(&plan, keys, lang);
    }
    let client = Client::new(Config {
        base_url: args.base_url.clone(),
        timeout: Duration::from_secs(args.timeout_secs),
        retries: args.retries,
        ..Config::default()
    })
    .map_err(|e| format!("error: --base-url: {e}"))?;
    let (fetch, counts) = fetch(&client, &groups, &plan, to_year, lang).map_err(|e| {
        lang.pick(
            format!("fel: {e}\nCachen är oförändrad."),
            format!("error: {e}\nThe cache is unchanged."),
        )
    })?;
    cache
        .kolada_save(&fetch)
        .map_err(|e| format!("error: the cache: {e}"))?;
    let with_value = fetch.values.iter().filter(|v| v.value.is_some()).count();
    let (kpis, values) = (fetch.kpis.len(), fetch.values.len());
    let Counts {
        whole,
        updated,
        unchanged,
    } = counts;
    let requests = client.requests();
    say!(
        "{}",
        lang.pick(
            format!(
                "{} bedömningar, {kpis} nyckeltal: {whole} nycklar (nyckeltal × enhet × år) hämtade hela, {updated} ändrade sedan förra hämtningen, {unchanged} oförändrade; {values} värden, {with_value} med tal; {requests} anrop till Kolada. Källa: Kolada.",
                needs.documents
            ),
            format!(
                "{} assessments, {kpis} key figures: {whole} keys (key figure × unit × year) fetched whole, {updated} changed since the last fetch, {unchanged} unchanged; {values} values, {with_value} with a number; {requests} requests to Kolada. Source: Kolada.",
                needs.documents
            ),
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// For each group, what the cache has: the keys missing, and the date to refresh the
/// rest from (the day of the oldest fetch among them).
struct Plan {
    groups: Vec<GroupPlan>,
}

struct GroupPlan {
    missing: Vec<KoladaKey>,
    cached: Vec<KoladaKey>,
    since: Option<String>,
}

/// What a fetch did: keys fetched whole, keys a refresh found changed, and keys it found
/// unchanged.
#[derive(Debug, Default)]
struct Counts {
    whole: usize,
    updated: usize,
    unchanged: usize,
}

fn plan(cache: &dyn Backend, groups: &[Group], to_year: u16) -> Result<Plan, String> {
    let mut out = Vec::new();
    for g in groups {
        let have = cache
            .kolada_cached(&g.kpis, &g.units, (g.from, to_year))
            .map_err(|e| format!("error: the cache: {e}"))?;
        let fetched: BTreeMap<&KoladaKey, &str> = have
            .fetched
            .iter()
            .map(|f| (&f.key, f.fetched_at.as_str()))
            .collect();
        let (mut missing, mut cached) = (Vec::new(), Vec::new());
        for kpi in &g.kpis {
            for unit in &g.units {
                for year in g.from..=to_year {
                    let key = KoladaKey {
                        kpi: kpi.clone(),
                        unit: unit.clone(),
                        year,
                    };
                    if fetched.contains_key(&key) {
                        cached.push(key);
                    } else {
                        missing.push(key);
                    }
                }
            }
        }
        let since = fetched.values().min().map(|t| t.chars().take(10).collect());
        out.push(GroupPlan {
            missing,
            cached,
            since,
        });
    }
    Ok(Plan { groups: out })
}

/// `--offline`: what the cache lacks, by key figure and unit; exit 1 when anything is.
fn offline(plan: &Plan, keys: usize, lang: Lang) -> Result<ExitCode, String> {
    let mut lacking: BTreeMap<(&str, &str), Vec<u16>> = BTreeMap::new();
    for k in plan.groups.iter().flat_map(|g| &g.missing) {
        lacking
            .entry((k.kpi.as_str(), &k.unit))
            .or_default()
            .push(k.year);
    }
    let missing: usize = lacking.values().map(Vec::len).sum();
    say!(
        "{}",
        lang.pick(
            format!(
                "Offline: cachen har {} av {keys} nycklar (nyckeltal × enhet × år).",
                keys - missing
            ),
            format!(
                "Offline: the cache has {} of {keys} keys (key figure × unit × year).",
                keys - missing
            ),
        )
    );
    for ((kpi, unit), years) in &lacking {
        let years = match (years.first(), years.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        say!("  {} {kpi} {unit}: {years}", lang.pick("saknas", "missing"));
    }
    Ok(if missing == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Fetches each group: missing keys whole, cached ones since their last fetch. Nothing
/// is stored here: the caller stores the whole fetch at once.
fn fetch(
    client: &impl KoladaSource,
    groups: &[Group],
    plan: &Plan,
    to_year: u16,
    lang: Lang,
) -> Result<(KoladaFetch, Counts), hallbar_kolada::KoladaError> {
    let bar = ProgressBar::with_draw_target(
        Some(groups.len() as u64 + 1),
        ProgressDrawTarget::stderr_with_hz(5),
    )
    .with_style(
        ProgressStyle::with_template(&format!(
            "[{{wide_bar}}] {{pos}}/{{len}} {}  {{elapsed}}",
            lang.pick("grupper av nyckeltal", "groups of key figures")
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("#>."),
    );
    let result = (|| {
        let all: Vec<KoladaKpiId> = groups.iter().flat_map(|g| g.kpis.iter().cloned()).collect();
        let mut out = KoladaFetch {
            kpis: client.kpis(&all)?,
            ..KoladaFetch::default()
        };
        let mut counts = Counts::default();
        bar.inc(1);
        for (g, p) in groups.iter().zip(&plan.groups) {
            let years: Vec<u16> = (g.from..=to_year).collect();
            let query = ValueQuery {
                kpis: &g.kpis,
                units: &g.units,
                years: &years,
                from_date: None,
            };
            if !p.missing.is_empty() {
                // Some keys are not cached: the group whole.
                // Some keys are not cached: the group whole (deleted rows left out).
                out.values.extend(client.values(&query)?.values);
                out.keys.extend(p.missing.iter().cloned());
                out.keys.extend(p.cached.iter().cloned());
                counts.whole += p.missing.len() + p.cached.len();
            } else {
                // All cached: what changed since, applied gender by gender — values
                // upserted, rows Kolada deleted removed; every key's time of fetch is now.
                let changed = client.values(&ValueQuery {
                    from_date: p.since.as_deref(),
                    ..query
                })?;
                let touched: BTreeSet<(&str, &str, u16)> = changed
                    .values
                    .iter()
                    .chain(&changed.deleted)
                    .map(|v| (v.kpi.as_str(), v.unit.as_str(), v.year))
                    .collect();
                counts.updated += touched.len();
                counts.unchanged += p.cached.len().saturating_sub(touched.len());
                out.confirmed.extend(p.cached.iter().cloned());
                out.values.extend(changed.values);
                out.deleted.extend(changed.deleted);
            }
            bar.inc(1);
        }
        Ok((out, counts))
    })();
    bar.finish_and_clear();
    result
}
