//! Each organisation's own rule layer on the server's rules: the engine it gives, built
//! when first needed and kept for the next requests.
//!
//! The server's engine holds its rules (the standard set and the layers `hallbar serve
//! --rules` gave). An organisation's analysts may store a layer of their own on it
//! (`PUT /v1/rules/layer`); its assessments are then checked with the server's rules and
//! that layer. Every stored assessment version records the layer version it was stored
//! under, so that its findings are explained later with the rules they came from.
//! An organisation may also adopt a scoring workshop's agreed matrix as its interaction
//! layer (`PUT /v1/workshops/layer`): its assessments' graph findings then come from the
//! server's interactions with the workshop's over them, and name the workshop and its
//! date. The adoption in force now applies, to stored versions too.
//!
//! *Bounds:* a layer holds at most [`hallbar_store::MAX_RULE_LAYER_BYTES`] of rules,
//! checked before it is stored; at most [`MAX_KEPT`] engines are kept, the least
//! recently used dropped first. Building one is linear in the layer and the server's
//! rules.

use std::sync::{Arc, Mutex, PoisonError};

use axum::http::StatusCode;
use hallbar::{Engine, Problem as LoadProblem};
use hallbar_core::Lang;
use hallbar_core::syntax::{Diagnostic, Format};

use crate::AppState;
use crate::problem::Problem;

/// The rules an organisation's assessments are checked with: its latest layer version
/// (`None`: it has none), the engine, and — when that layer no longer applies on the
/// server's rules — what is wrong (the engine is then the server's).
pub(crate) type InForce = (Option<u32>, Arc<Engine>, Option<String>);

/// The kind of problem of a stored rule layer that no longer applies.
const RULES_BROKEN: &str = "rule-layer-broken";
/// The kind of problem of an adopted workshop that no longer applies.
const WORKSHOP_BROKEN: &str = "workshop-layer-broken";

/// How many organisations' engines are kept at once.
pub(crate) const MAX_KEPT: usize = 64;

/// The layer's name in problems and in the rules' provenance.
pub(crate) fn layer_name(version: u32) -> String {
    format!("organisationens lager v{version}")
}

/// An organisation, one of its rule-layer versions and the workshop version it adopted.
type Key = (String, Option<u32>, Option<(String, u32)>);

/// The engines of organisations' layers, by organisation, rule-layer version and
/// adopted workshop, most recently used last.
#[derive(Debug, Default)]
pub(crate) struct LayerEngines(Mutex<Vec<(Key, Arc<Engine>)>>);

impl LayerEngines {
    fn get(&self, key: &Key) -> Option<Arc<Engine>> {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let i = kept.iter().position(|(k, _)| k == key)?;
        let entry = kept.remove(i);
        let engine = Arc::clone(&entry.1);
        kept.push(entry);
        Some(engine)
    }

    fn keep(&self, key: Key, engine: Arc<Engine>) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.retain(|(k, _)| k != &key);
        if kept.len() >= MAX_KEPT {
            kept.remove(0);
        }
        kept.push((key, engine));
    }
}

/// A layer's rules on `base`, or its problems as a 422 whose places point into `rules`
/// (`/rules/…`, with line and column).
pub(crate) fn build(
    base: &Engine,
    name: &str,
    rules: &str,
    lang: Lang,
) -> Result<(Engine, Vec<LoadProblem>), Problem> {
    base.with_rule_layer(name, rules, Format::Toml, lang)
        .map_err(|e| invalid_layer(e.problems(), rules))
}

/// 422 for a layer's problems, each placed in the layer's rules.
pub(crate) fn invalid_layer(problems: &[LoadProblem], rules: &str) -> Problem {
    let diagnostics: Vec<Diagnostic> = problems
        .iter()
        .map(|p| {
            let mut d = p.diagnostic.clone();
            d.pointer = format!("/rules{}", d.pointer);
            d
        })
        .collect();
    // The spans are the layer text's own: the places stay right with the new pointer.
    let mut problem = Problem::invalid(&diagnostics, rules);
    problem.title = "The rule layer is not valid".to_owned();
    problem
}

impl AppState {
    /// The engine of `organisation` with its rule layer `version` (`None`: the server's
    /// own rules) and, when it has adopted one now, its workshop's matrix as a layer on
    /// the server's interactions, from a thread that may block.
    ///
    /// # Errors
    /// As [`AppState::engine_of`].
    pub(crate) fn engine_blocking(
        &self,
        organisation: &str,
        version: Option<u32>,
    ) -> Result<Arc<Engine>, Problem> {
        let matrix = self
            .db_blocking(|db| db.adopted_workshop(organisation))?
            .map(|a| (a.workshop, a.version));
        self.engine_of(organisation, version, matrix)
    }

    /// The engine a stored version's findings came from: the rule layer and the workshop
    /// it was stored under, whatever is in force now.
    ///
    /// # Errors
    /// As [`AppState::engine_of`].
    pub(crate) fn stored_engine_blocking(
        &self,
        organisation: &str,
        stored: &hallbar_store::Version,
    ) -> Result<Arc<Engine>, Problem> {
        self.engine_of(organisation, stored.rule_layer, stored.workshop.clone())
    }

    /// The engine of `organisation` with its rule layer `version` on the server's rules
    /// and its workshop `matrix` (id, version) on the server's interactions.
    ///
    /// # Errors
    /// 404 when there is no such layer version; 500 when a stored layer or workshop no
    /// longer builds on the server's rules or goals (they changed under it), naming the
    /// first problem.
    fn engine_of(
        &self,
        organisation: &str,
        version: Option<u32>,
        matrix: Option<(String, u32)>,
    ) -> Result<Arc<Engine>, Problem> {
        if version.is_none() && matrix.is_none() {
            return Ok(Arc::clone(&self.engine));
        }
        // The interactions first, then the rules: a rule layer is written, tested and
        // tried on the goal graph the organisation's assessments use.
        let base = match &matrix {
            None => Arc::clone(&self.engine),
            Some((id, v)) => self.kept((organisation.to_owned(), None, matrix.clone()), || {
                self.workshop_engine(organisation, id, *v)
            })?,
        };
        match version {
            None => Ok(base),
            Some(version) => self.kept((organisation.to_owned(), Some(version), matrix), || {
                self.rule_layer_engine(&base, organisation, version)
            }),
        }
    }

    /// The engine kept under `key`, else the one `build` makes, then kept.
    fn kept(
        &self,
        key: Key,
        build: impl FnOnce() -> Result<Engine, Problem>,
    ) -> Result<Arc<Engine>, Problem> {
        if let Some(engine) = self.layer_engines.get(&key) {
            return Ok(engine);
        }
        let engine = Arc::new(build()?);
        self.layer_engines.keep(key, Arc::clone(&engine));
        Ok(engine)
    }

    /// The server's engine with the organisation's adopted workshop `id`, version `v`, as
    /// a layer on its interactions.
    fn workshop_engine(&self, organisation: &str, id: &str, v: u32) -> Result<Engine, Problem> {
        let broken = |detail: String| {
            tracing::error!(organisation, workshop = %id, version = v, problem = %detail, "an adopted workshop no longer builds");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                WORKSHOP_BROKEN,
                "The organisation's interaction layer does not apply",
                format!(
                    "workshop `{id}` version {v} no longer applies on the server's goals: {detail}; an analyst must adopt a corrected version"
                ),
            )
        };
        let stored = self
            .db_blocking(|db| db.workshop(organisation, id, Some(v)))?
            .ok_or_else(|| broken("it is not stored".to_owned()))?;
        self.engine
            .with_workshop(&stored.workshop)
            .map_err(|e| broken(e.to_string()))
    }

    /// `base` with the organisation's rule layer `version`.
    fn rule_layer_engine(
        &self,
        base: &Engine,
        organisation: &str,
        version: u32,
    ) -> Result<Engine, Problem> {
        let layer = self
            .db_blocking(|db| db.rule_layer(organisation, Some(version)))?
            .ok_or_else(|| Problem::not_found(&format!("no rule layer version {version}")))?;
        let (engine, _) = build(base, &layer_name(version), &layer.text.rules, Lang::En)
            .map_err(|p| {
                tracing::error!(organisation, version, problem = %p.detail, "a stored rule layer no longer builds");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    RULES_BROKEN,
                    "The organisation's rule layer does not apply",
                    format!(
                        "rule layer version {version} no longer applies on the server's rules: {}; an analyst must store a corrected version",
                        p.detail
                    ),
                )
            })?;
        Ok(engine)
    }

    /// The organisation's latest layer version (`None`: it has none) and the engine it
    /// gives, from a thread that may block: what new findings come from.
    ///
    /// # Errors
    /// As [`AppState::engine_blocking`].
    pub(crate) fn current_engine_blocking(
        &self,
        organisation: &str,
    ) -> Result<(Option<u32>, Arc<Engine>), Problem> {
        let version = self.db_blocking(|db| db.latest_rule_layer(organisation))?;
        Ok((version, self.engine_blocking(organisation, version)?))
    }

    /// As [`AppState::current_engine_blocking`], but when the organisation's latest layer
    /// or adopted workshop no longer applies on the server's rules or goals, the
    /// server's engine (with the workshop, when only the rule layer is broken) and what
    /// is wrong — so that the rules page and the list still answer and an analyst can
    /// store a correction. Assessing never falls back: it says the layer is broken.
    pub(crate) fn current_engine_or_server(&self, organisation: &str) -> Result<InForce, Problem> {
        match self.current_engine_blocking(organisation) {
            Ok((version, engine)) => Ok((version, engine, None)),
            Err(p) if p.kind.ends_with(RULES_BROKEN) || p.kind.ends_with(WORKSHOP_BROKEN) => {
                let version = self.db_blocking(|db| db.latest_rule_layer(organisation))?;
                // The adopted workshop stays, unless it is what is broken.
                let base = self
                    .engine_blocking(organisation, None)
                    .unwrap_or_else(|_| Arc::clone(&self.engine));
                Ok((version, base, Some(p.detail)))
            }
            Err(p) => Err(p),
        }
    }
}
