//! The core of hallbar: the domain model of a sustainability assurance
//! (*hållbarhetssäkring*), the goal catalogue, and reading documents with diagnostics
//! that name the place of every problem.
//!
//! Systems that embed the checks use the facade crate `hallbar`; this crate's API serves
//! hallbar's own crates (CLI, server, reports) and may change in any release.
//!
//! *Architecture invariant:* this crate does no IO — no files, network, terminal or
//! clock — and nothing async. It reads from `&str` and never panics on input.
//!
//! ```
//! use hallbar_core::{GoalCatalogue, Hallbarhetssakring, check, syntax};
//!
//! let text = r#"
//! format_version = 1
//! [insats]
//! id = "laddplatser-2026"
//! titel = "Laddinfrastruktur längs stråken"
//! typ = "projekt"
//! agare = "Region Exempel"
//!
//! [[effekter]]
//! id = "e1"
//! mal = "13"
//! riktning = "positiv"
//! styrka = 2
//! typ = "direkt"
//! motivering = "Ersätter fossila bränslen i transporter."
//! sakerhet = "medel"
//! "#;
//! let doc: Hallbarhetssakring = syntax::parse_as(text, syntax::Format::Toml).unwrap();
//! assert!(check::check(&doc, GoalCatalogue::builtin(), hallbar_core::Lang::Sv).is_empty());
//! ```

#![deny(missing_docs)]

pub mod assess;
mod catalogue;
pub mod check;
mod csv;
mod date;
pub mod graph;
mod id;
pub mod kolada;
mod lang;
pub mod limits;
pub mod method;
mod model;
pub mod portfolio;
pub mod rules;
pub mod syntax;

pub use catalogue::places;
pub use catalogue::{
    CatalogueError, FrameworkFile, FrameworkInfo, Goal, GoalCatalogue, GoalEntry, UnknownGoalError,
};
pub use date::{DateError, Datum};
pub use id::{
    AtgardId, EffektId, FragaId, FrameworkId, GoalId, IdError, IndikatorId, InsatsId, IntressentId,
    KoladaKpiId, KommunKod, KonfliktId, KunskapsluckaId, LanKod, MAX_ID_LEN, NyckelId, ProfilId,
    RuleId, SDG_FRAMEWORK, StegId,
};
pub use lang::{Labelled, Lang, UnknownLangError};
pub use model::*;

/// Helpers of the unit tests.
#[cfg(test)]
pub(crate) mod testing {
    /// An example insats from `fixtures/insatser/`.
    pub(crate) fn fixture(name: &str) -> crate::Hallbarhetssakring {
        let path = format!(
            "{}/../../fixtures/insatser/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        crate::syntax::parse_as(&text, crate::syntax::Format::Toml).unwrap()
    }
}
