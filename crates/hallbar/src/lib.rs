//! Embed hallbar's checks of a sustainability assurance (*hållbarhetssäkring*).
//!
//! An [`Engine`] holds what documents are checked with — the goal catalogue, the rule set,
//! the goal-interaction graph and the method profiles. [`Engine::builtin`] gives the
//! embedded defaults; [`Engine::builder`] loads a region's own files, reporting every
//! problem of every file in one [`LoadError`]. [`Engine::validate`] reads a document and
//! says what is wrong with it; [`Engine::assess`] also returns its findings (one per
//! conflict), where it stands in its method, and the overall assessment its effects
//! suggest. [`json`] is the same as JSON text in and out, the layer the bindings share.
//!
//! ```
//! use hallbar::{Engine, Format, FindingKind, Lang};
//!
//! let engine = Engine::builtin()?;
//! let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser/turism-fjall.toml"))?;
//! let assessment = engine.assess(&text, Format::Toml, Lang::Sv)?;
//! let conflicts = assessment.findings.iter().filter(|f| f.kind == FindingKind::Malkonflikt);
//! for f in conflicts {
//!     println!("{:?}: {} ({})", f.goals, f.title, f.rules.join(", "));
//! }
//! assert!(!assessment.status.is_complete());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod engine;
pub mod json;
pub mod rule_change;

pub use engine::{Assessment, Engine, EngineBuilder, InputError, LoadError, Problem, Validation};
pub use hallbar_core::assess::Assessor;
pub use hallbar_core::graph::infer::InferenceConfig;
pub use hallbar_core::method::{State, Status, Suggested};
pub use hallbar_core::syntax::{Diagnostic, Format, Level, LineCol};
pub use hallbar_report::{ReportFormat, UnknownReportFormat};

// The model: an assessment and every part of it, its identifiers and the findings.
pub use hallbar_core::{
    Atgard, AtgardId, Beslut, DateError, Datum, Dimension, Dimensionsbedomning, Effekt, EffektId,
    Effekttyp, Evidence, FORMAT_VERSION, Finding, FindingKind, FindingSource, FormatVersion,
    FormatVersionError, Forslag, FragaId, FrameworkId, Geografi, GoalId, Grupp, Hallbarhetsnyckel,
    Hallbarhetssakring, Hallning, Hallplats, IdError, Indikator, IndikatorId, Insats, InsatsId,
    InsatsTyp, Intressekonflikt, Intressent, IntressentId, IntressentKategori, KoladaKpiId,
    KommunKod, KonfliktId, Kunskapslucka, KunskapsluckaId, LanKod, Malkonflikt, Niva, NyckelId,
    Omradestyp, Paverkan, Period, ProfilId, RangeError, Rekommendation, Riktning, RuleId,
    RusPaverkan, SDG_FRAMEWORK, Sakerhet, SamladBedomning, Sektor, Severity, StegId, Stodomrade,
    StrategiskInriktning, Styrka, Suggestions, Support, Svar, Svarsstatus, Utfall,
};
// The goals documents are assessed against, and the languages findings are written in.
pub use hallbar_core::places;
pub use hallbar_core::{
    FrameworkInfo, Goal, GoalCatalogue, Labelled, Lang, UnknownGoalError, UnknownLangError,
};

/// The rule set an [`Engine`] checks with ([`Engine::rules`]).
pub mod rules {
    pub use hallbar_core::rules::{Condition, Match, Rule, RuleSet};
}

/// The goal-interaction graph an [`Engine`] infers with ([`Engine::graph`]).
pub mod graph {
    pub use hallbar_core::graph::{Context, GoalGraph, Interaction, Score};
}

/// The method profiles an [`Engine`] knows ([`Engine::profiles`]); where an assessment
/// stands in one is [`Status`](crate::Status).
pub mod method {
    pub use hallbar_core::method::{
        Checkpoint, Perspective, Profile, ProfileInfo, Question, Requirement, Step, StepStatus,
    };
}

/// The follow-up of many assessments ([`Engine::portfolio`]): the report and its rows.
pub mod portfolio {
    pub use hallbar_core::portfolio::{
        Coverage, CoverageReport, CumulativeConflict, Examples, Gap, GoalRow, PairRow, Portfolio,
        Report, StateRow, Summary, Tally,
    };
}
