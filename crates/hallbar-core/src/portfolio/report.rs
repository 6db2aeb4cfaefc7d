//! The portfolio report: the rows of its tables.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::summary::{Coverage, Examples, Gap, Tally};
use crate::kolada::Better;
use crate::method::State;
use crate::{Dimension, GoalId, KoladaKpiId};

/// One goal's row in a [`Report`].
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GoalRow {
    /// The top-level goal (effects on targets count for their goal).
    pub goal: GoalId,
    /// Its Swedish name.
    pub name: String,
    /// Its dimension.
    pub dimension: Option<Dimension>,
    /// The counts.
    #[serde(flatten)]
    pub tally: Tally,
}

/// A pair of goals the rules found in conflict.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PairRow {
    /// The goal pushed up.
    pub positive: GoalId,
    /// The goal pushed down.
    pub negative: GoalId,
    /// Insatser where a rule found the conflict.
    pub insatser: u64,
    /// Of those, insatser whose assessor stated it.
    pub stated: u64,
}

/// Insatser in one region push one goal up while others push another down.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CumulativeConflict {
    /// The county code, or `okänd`.
    pub region: String,
    /// The goal pushed up.
    pub positive: GoalId,
    /// The goal pushed down (the same goal when insatser work against each other).
    pub negative: GoalId,
    /// The goal graph's most negative score between them; none for the same goal.
    pub score: Option<i8>,
    /// The years it holds in (insatser running in the same year).
    pub years: Vec<u16>,
    /// The most insatser pushing up in one of those years.
    pub insatser_positive: u64,
    /// The most insatser pushing down in one of those years.
    pub insatser_negative: u64,
    /// The largest sum of strengths pushing up in one of those years.
    pub strength_positive: u64,
    /// The largest sum of strengths pushing down in one of those years.
    pub strength_negative: u64,
    /// An insats pushing up (the first in the input).
    pub example_positive: Option<String>,
    /// An insats pushing down (the first in the input).
    pub example_negative: Option<String>,
}

impl CumulativeConflict {
    /// What the conflicts are ranked by: the weaker side's strength, times the years.
    pub fn weight(&self) -> u64 {
        self.strength_positive.min(self.strength_negative) * (self.years.len().max(1) as u64)
    }
}

/// How many insatser stand where in one method profile.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StateRow {
    /// The profile.
    pub profile: String,
    /// Where they stand (`{"state": "in_progress", "step": "B"}` in JSON).
    #[serde(flatten)]
    pub state: State,
    /// How many insatser.
    pub insatser: u64,
}

/// Indicator coverage, as counts and shares.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CoverageReport {
    /// The counts.
    #[serde(flatten)]
    pub counts: Coverage,
    /// Insatser with an indicator, of all.
    pub share_insatser_with_indicator: f64,
    /// Keys with an indicator, of all keys.
    pub share_keys_with_indicator: f64,
    /// Negative effects with a measure or position, of all negative effects.
    pub share_negative_handled: f64,
}

/// How the insatser with effects on one goal follow it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct GoalFollowRow {
    /// The top-level goal.
    pub goal: GoalId,
    /// Its Swedish name.
    pub name: String,
    /// Insatser with an effect on it.
    pub insatser: u64,
    /// Of those, insatser where an indicator follows a key naming such an effect.
    pub insatser_followed: u64,
    /// Indicators that follow it (through a key naming an effect on it).
    pub indicators: u64,
    /// The Kolada key figures among them.
    pub key_figures: Vec<KoladaKpiId>,
}

/// A key figure's totals in one unit, from the cache.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct UnitTrend {
    /// Kolada's unit: a municipality, a region (`00` and the county) or `0000`.
    pub unit: String,
    /// Its Swedish name.
    pub name: String,
    /// The first year with a number, and the number.
    pub first: Option<(u16, f64)>,
    /// The last year with a number, and the number.
    pub latest: Option<(u16, f64)>,
    /// Whether the last two changes both went against the key figure's better direction
    /// (in the portfolio: over every cached year; for an indicator: since its baseline).
    pub against: bool,
    /// Every cached year, oldest first; null where Kolada has no number.
    pub points: Vec<(u16, Option<f64>)>,
}

impl UnitTrend {
    /// The trend of `series`, its unit named in `lang`; `against` when `better` says the
    /// last two changes from the year `from` on both went the wrong way.
    pub fn of(
        series: &crate::kolada::Series,
        better: Option<Better>,
        from: u16,
        lang: crate::Lang,
    ) -> Self {
        let ends = series.ends();
        Self {
            unit: series.unit.clone(),
            name: crate::kolada::unit_name(&series.unit, lang),
            first: ends.map(|(f, _)| f),
            latest: ends.map(|(_, l)| l),
            against: better.is_some_and(|b| series.against_since(b, from)),
            points: series.points.clone(),
        }
    }
}

/// One Kolada key figure across the insatser whose indicators name it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct KeyFigureRow {
    /// The key figure.
    pub kpi: KoladaKpiId,
    /// Its title, from the cache.
    pub title: Option<String>,
    /// Which way is better, from hallbar's table.
    pub better: Option<Better>,
    /// The source of that judgement.
    pub direction_source: Option<String>,
    /// Insatser that follow it.
    pub insatser: u64,
    /// How many municipalities and regions those insatser work in.
    pub unit_count: u64,
    /// The top-level goals it follows.
    pub goals: Vec<GoalId>,
    /// Its values in those units and the country (`0000`, last), for those the cache
    /// has; empty without values.
    pub units: Vec<UnitTrend>,
    /// Insatser where it moved against their expectation two years running since the
    /// indicator's baseline (follow-up findings, kind `uppfoljning`).
    pub against: Examples,
}

/// Where a portfolio's indicator values come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FollowupSource {
    /// Always "Kolada".
    pub source: String,
    /// When the oldest of the values was fetched.
    pub fetched_at: Option<String>,
}

/// What a portfolio adds up to.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    /// Insatser read.
    pub insatser: u64,
    /// Documents that could not be read, with the first few.
    pub invalid: Examples,
    /// Effects stated.
    pub effects: u64,
    /// Effects on goals the catalogue does not know: not in the sums (zero when every
    /// document was checked).
    pub unknown_goal_effects: u64,
    /// Effects per top-level goal.
    pub goals: Vec<GoalRow>,
    /// Effects per dimension.
    pub dimensions: BTreeMap<Dimension, Tally>,
    /// The most frequent goal pairs in conflict, by the rules.
    pub conflict_pairs: Vec<PairRow>,
    /// How many distinct pairs there are.
    pub conflict_pair_count: usize,
    /// The largest cumulative conflicts.
    pub cumulative_conflicts: Vec<CumulativeConflict>,
    /// How many there are.
    pub cumulative_conflict_count: usize,
    /// How many insatser each rule fired for, most first.
    pub rules: Vec<(String, u64)>,
    /// The rules' findings per kind, counted as an assessment reports them: one per goal
    /// conflict however many rules name it.
    pub finding_kinds: BTreeMap<String, u64>,
    /// Where the insatser stand in their method.
    pub states: Vec<StateRow>,
    /// Insatser with each kind of incomplete plan.
    pub gaps: BTreeMap<Gap, Examples>,
    /// Indicator coverage.
    pub coverage: CoverageReport,
    /// Per top-level goal with effects: the indicators that follow it.
    pub goal_followup: Vec<GoalFollowRow>,
    /// Per Kolada key figure the indicators name: who follows it where, and (with
    /// values) how it moves.
    pub key_figures: Vec<KeyFigureRow>,
    /// Where the values come from, when the portfolio was read with them.
    pub values: Option<FollowupSource>,
}
