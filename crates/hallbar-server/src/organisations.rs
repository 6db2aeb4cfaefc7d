//! What each organisation on a server starts from: its method profile and the goal
//! framework its goal picker opens on (`hallbar serve --organisations FILE`).
//!
//! ```toml
//! format_version = 1
//!
//! [[organisation]]
//! namn = "Region Jämtland Härjedalen"
//! metod = "jamtland-harjedalen"
//! ramverk = "rus-jh"
//! ```
//!
//! An organisation is matched by the name its tokens were created with. One that the file
//! does not name starts from the engine's first profile and from Agenda 2030.

use std::collections::HashMap;

use hallbar_core::syntax::{self, Diagnostic, Format};
use hallbar_core::{FormatVersion, FrameworkId, ProfilId};
use serde::{Deserialize, Serialize};

/// The file `--organisations` reads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code, reason = "checked when read: only version 1 is accepted")]
    format_version: FormatVersion,
    #[serde(default)]
    organisation: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    namn: String,
    #[serde(flatten)]
    defaults: Defaults,
}

/// What an organisation's new assessments start from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The method profile of a new assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metod: Option<ProfilId>,
    /// The goal framework the goal picker opens on (the region's RUS, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ramverk: Option<FrameworkId>,
}

/// Every organisation's [`Defaults`], by organisation name.
#[derive(Debug, Clone, Default)]
pub struct Organisations(HashMap<String, Defaults>);

impl Organisations {
    /// The organisations of a file's `text` (TOML or JSON, as `format` says), their
    /// profiles and frameworks checked against `engine`.
    ///
    /// # Errors
    /// A diagnostic naming the place: a malformed file, an organisation named twice, or
    /// a profile or framework the engine does not know.
    pub fn parse(text: &str, format: Format, engine: &hallbar::Engine) -> Result<Self, Diagnostic> {
        let tree = syntax::parse(text, format)?;
        let file: File = syntax::deserialize(&tree)?;
        let mut out = HashMap::new();
        for (i, entry) in file.organisation.into_iter().enumerate() {
            let at = |field: &str, message: String| {
                let mut d = Diagnostic::error(format!("/organisation/{i}/{field}"), message);
                tree.attach_span(&mut d);
                d
            };
            let name = entry.namn.trim().to_owned();
            if name.is_empty() {
                return Err(at(
                    "namn",
                    "expected the organisation's name, as its tokens have it".to_owned(),
                ));
            }
            if let Some(metod) = &entry.defaults.metod
                && !engine.profiles().iter().any(|p| &p.profil.id == metod)
            {
                let known: Vec<&str> = engine
                    .profiles()
                    .iter()
                    .map(|p| p.profil.id.as_str())
                    .collect();
                return Err(at(
                    "metod",
                    format!(
                        "unknown method profile `{metod}`: expected one of {}",
                        known.join(", ")
                    ),
                ));
            }
            if let Some(ramverk) = &entry.defaults.ramverk
                && !engine
                    .catalogue()
                    .frameworks()
                    .iter()
                    .any(|f| &f.id == ramverk)
            {
                let known: Vec<&str> = engine
                    .catalogue()
                    .frameworks()
                    .iter()
                    .map(|f| f.id.as_str())
                    .collect();
                return Err(at(
                    "ramverk",
                    format!(
                        "unknown goal framework `{ramverk}`: expected one of {}",
                        known.join(", ")
                    ),
                ));
            }
            if out.insert(name.clone(), entry.defaults).is_some() {
                return Err(at("namn", format!("organisation `{name}` is named twice")));
            }
        }
        Ok(Self(out))
    }

    /// The defaults of `organisation`: empty when the file does not name it.
    pub fn defaults(&self, organisation: &str) -> Defaults {
        self.0.get(organisation).cloned().unwrap_or_default()
    }
}
