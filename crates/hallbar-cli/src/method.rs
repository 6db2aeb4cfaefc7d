//! `hallbar status` and the method options of `assess`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use hallbar_core::method::{self, Checkpoint, DEFAULT_PROFILE, Profile, State};
use hallbar_core::{Finding, GoalCatalogue, Hallbarhetssakring, Labelled as _, Lang};
use hallbar_schema::DocumentKind;
use strum::IntoEnumIterator as _;

use crate::{input, style};

/// Which method profile to check against.
#[derive(Debug, Clone, Args)]
pub(crate) struct ProfileArg {
    /// A method profile file; default: the built-in profile the document names in
    /// `metod` (`kronoberg` when it names none).
    #[arg(long = "profile", value_name = "FILE")]
    profile: Option<PathBuf>,
}

/// A profile loaded from a file, or a built-in one.
pub(crate) enum Loaded {
    Owned(Box<Profile>),
    Builtin(&'static Profile),
}

impl Loaded {
    pub(crate) fn get(&self) -> &Profile {
        match self {
            Self::Owned(p) => p,
            Self::Builtin(p) => p,
        }
    }
}

impl ProfileArg {
    /// The profile file given with `--profile`, read and checked; `None` without one.
    pub(crate) fn file(&self) -> Result<Option<Profile>, String> {
        self.profile
            .as_deref()
            .map(|path| {
                input::read_checked(path, DocumentKind::Profile, |p: &Profile| p.problems())
                    .map(|(_, profile)| profile)
            })
            .transpose()
    }

    /// The profile for `doc`.
    pub(crate) fn load(&self, doc: &Hallbarhetssakring) -> Result<Loaded, String> {
        if let Some(profile) = self.file()? {
            return Ok(Loaded::Owned(Box::new(profile)));
        }
        Profile::for_document(doc).map(Loaded::Builtin).ok_or_else(|| {
            let id = doc.metod.as_ref().map_or(DEFAULT_PROFILE, |m| m.as_str());
            let known: Vec<&str> = Profile::builtins().iter().map(|p| p.profil.id.as_str()).collect();
            format!(
                "error: the document follows the method profile `{id}`, which is not built in\n  at /metod\n  help: built in are {}; load your own with --profile FILE",
                known.join(", ")
            )
        })
    }
}

/// `hallbar status FILE`: where the assessment stands in its method — as the web
/// form and the API show it, no step done while a serious finding about its work
/// stands (`findings_of` gives the document's findings). `profile` is `None` when the
/// method was left out.
pub(crate) fn status(
    path: &Path,
    catalogue: &GoalCatalogue,
    profile: Option<&ProfileArg>,
    findings_of: impl FnOnce(&Hallbarhetssakring) -> Result<Vec<Finding>, String>,
    json: bool,
    lang: Lang,
) -> Result<ExitCode, String> {
    let Some(profile) = profile else {
        return Err(
            "`status` is where the assessment stands in its method: leave out --no-method"
                .to_owned(),
        );
    };
    let (_, doc) = input::read_assessment(path, catalogue, lang)?;
    let loaded = profile.load(&doc)?;
    let profile = loaded.get();
    let findings = findings_of(&doc)?;
    let st = method::status_given(&doc, profile, &findings);
    let suggested = method::suggested_overall(&doc, catalogue);
    if json {
        say!(
            "{}",
            serde_json::json!({ "file": path.display().to_string(), "status": st, "suggested_overall": suggested })
        );
        return Ok(ExitCode::SUCCESS);
    }
    let sv = lang == Lang::Sv;
    let words = st.state.label(lang);
    let state = match &st.state {
        State::Complete => style::green(&words),
        State::Stopped(_) => style::red(&words),
        // In progress, being revised.
        _ => style::yellow(&words),
    };
    say!(
        "{} — {}",
        style::bold(&doc.insats.titel),
        profile.profil.namn
    );
    say!("{}: {state}", if sv { "Läge" } else { "State" });
    for (s, step) in st.steps.iter().zip(&profile.steg) {
        let mark = if s.missing.is_empty() && s.serious.is_empty() {
            style::green("✓")
        } else {
            style::yellow("…")
        };
        let name = match &step.namn_en {
            Some(en) if !sv => en.as_str(),
            _ => s.name,
        };
        say!("  {mark} {} {}", style::bold(s.id.as_str()), name);
        for (req, places) in &s.missing {
            let count = if places.len() > 1 {
                format!(" ({})", places.len())
            } else {
                String::new()
            };
            say!(
                "      {} {}{count}",
                style::dim(if sv { "saknas:" } else { "missing:" }),
                req.label(lang)
            );
        }
        for title in &s.serious {
            say!(
                "      {} {title}",
                style::dim(if sv {
                    "allvarligt fynd:"
                } else {
                    "serious finding:"
                })
            );
        }
        if let Some(c) = &s.checkpoint {
            let text = match c {
                Checkpoint::Undecided => style::red(if sv { "ej beslutad" } else { "undecided" }),
                Checkpoint::Decided { beslut, .. } => beslut.label(lang),
            };
            say!(
                "      {} {text}",
                if sv { "hållplats:" } else { "checkpoint:" }
            );
        }
    }
    say!(
        "{}",
        if sv {
            "Samlad bedömning (egen / föreslagen av effekterna):"
        } else {
            "Overall assessment (own / suggested by the effects):"
        }
    );
    for (d, s) in hallbar_core::Dimension::iter().zip(&suggested) {
        let own = doc.samlad_bedomning.get(d).map_or_else(
            || {
                if sv {
                    "ej bedömd".to_owned()
                } else {
                    "not assessed".to_owned()
                }
            },
            |b| b.bedomning.label(lang),
        );
        say!(
            "  {:<10} {own} / {} ({:+.1})",
            d.label(lang),
            s.utfall.label(lang),
            s.balance()
        );
    }
    Ok(ExitCode::SUCCESS)
}
