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

pub use engine::{
    Assessment, Engine, EngineBuilder, InputError, LoadError, Problem, ReportFormat, Validation,
};
pub use hallbar_core::graph::infer::InferenceConfig;
pub use hallbar_core::method::{State, Status, Suggested};
pub use hallbar_core::syntax::{Diagnostic, Format, Level, LineCol};
pub use hallbar_core::{
    Evidence, Finding, FindingKind, FindingSource, Hallbarhetssakring, Lang, Severity, Suggestions,
};
