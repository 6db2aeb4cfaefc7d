//! Adding up a portfolio: one [`Summary`] per worker, merged at the end, then a
//! [`Report`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::method::State;
use crate::{Dimension, FindingKind};

/// How many example insatser a list keeps (the smallest ids, so that the result does not
/// depend on the order the documents were read in).
pub const EXAMPLES: usize = 10;

/// How many conflict pairs and cumulative conflicts a report lists unless asked for
/// another number.
pub const DEFAULT_TOP: usize = 15;

/// A region-and-year bucket for an insats without a county or a period.
pub const UNKNOWN: &str = "okänd";

/// An insats running longer than this many years counts in its first this-many years
/// only, so that one mistyped period cannot make a summary grow without bound.
pub const MAX_YEARS: u16 = 15;

/// Counts of effects on a goal or a dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Tally {
    /// Positive effects.
    pub positive: u64,
    /// Negative effects.
    pub negative: u64,
    /// The sum of the strengths (1–3) of the positive effects.
    pub positive_strength: u64,
    /// The sum of the strengths of the negative effects.
    pub negative_strength: u64,
    /// Insatser with at least one positive effect.
    pub insatser_positive: u64,
    /// Insatser with at least one negative effect.
    pub insatser_negative: u64,
    /// Effects followed up: a sustainability key names the effect and an indicator
    /// follows the key.
    pub followed: u64,
}

impl Tally {
    fn merge(&mut self, o: &Self) {
        self.positive += o.positive;
        self.negative += o.negative;
        self.positive_strength += o.positive_strength;
        self.negative_strength += o.negative_strength;
        self.insatser_positive += o.insatser_positive;
        self.insatser_negative += o.insatser_negative;
        self.followed += o.followed;
    }
}

/// A count, with a few examples of what it counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Examples {
    /// How many.
    pub count: u64,
    /// Up to [`EXAMPLES`] of them, in order.
    pub examples: Vec<String>,
}

impl Examples {
    /// Counts one more and keeps `key` if it is among the [`EXAMPLES`] smallest.
    pub(crate) fn add(&mut self, key: impl FnOnce() -> String) {
        self.count += 1;
        self.keep(key());
    }

    fn keep(&mut self, key: String) {
        match self.examples.binary_search(&key) {
            Err(at) if at < EXAMPLES => {
                self.examples.insert(at, key);
                self.examples.truncate(EXAMPLES);
            }
            _ => {}
        }
    }

    pub(super) fn merge(&mut self, o: &Self) {
        self.count += o.count;
        for key in &o.examples {
            self.keep(key.clone());
        }
    }
}

/// Which insatser push one goal up or down in one region and year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Push {
    pub(super) up: u64,
    pub(super) up_strength: u64,
    pub(super) down: u64,
    pub(super) down_strength: u64,
    /// The first insats (by its place in the input) pushing up (down), and its id: with
    /// the counts, enough to tell whether the ups and downs come from different
    /// insatser, and an example to show.
    pub(super) up_first: Option<(u64, String)>,
    pub(super) down_first: Option<(u64, String)>,
}

/// Keeps the insats at `position` in `first` if it comes earlier (the id is copied only
/// then, which in a stream read in order is rarely).
pub(super) fn keep_first(first: &mut Option<(u64, String)>, position: u64, id: &str) {
    if first.as_ref().is_none_or(|(p, _)| position < *p) {
        *first = Some((position, id.to_owned()));
    }
}

impl Push {
    fn merge(&mut self, o: &Self) {
        self.up += o.up;
        self.up_strength += o.up_strength;
        self.down += o.down;
        self.down_strength += o.down_strength;
        if let Some((position, id)) = &o.up_first {
            keep_first(&mut self.up_first, *position, id);
        }
        if let Some((position, id)) = &o.down_first {
            keep_first(&mut self.down_first, *position, id);
        }
    }
}

/// How often the rules found a goal conflict between two goals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PairTally {
    /// Insatser where a rule found it.
    pub insatser: u64,
    /// Of those, insatser whose assessor stated it as a goal conflict.
    pub stated: u64,
}

/// Indicator coverage of the plans.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Coverage {
    /// Insatser with at least one indicator.
    pub insatser_with_indicator: u64,
    /// Sustainability keys.
    pub keys: u64,
    /// Keys that an indicator follows.
    pub keys_with_indicator: u64,
    /// Indicators.
    pub indicators: u64,
    /// Indicators with a baseline and a target value.
    pub indicators_with_target: u64,
    /// Indicators with a Kolada KPI id.
    pub indicators_with_kolada: u64,
    /// Negative effects.
    pub negative_effects: u64,
    /// Negative effects with a measure or a position.
    pub negative_handled: u64,
}

impl Coverage {
    fn merge(&mut self, o: &Self) {
        self.insatser_with_indicator += o.insatser_with_indicator;
        self.keys += o.keys;
        self.keys_with_indicator += o.keys_with_indicator;
        self.indicators += o.indicators;
        self.indicators_with_target += o.indicators_with_target;
        self.indicators_with_kolada += o.indicators_with_kolada;
        self.negative_effects += o.negative_effects;
        self.negative_handled += o.negative_handled;
    }
}

/// What is incomplete about an insats's plan.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    JsonSchema,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Gap {
    /// The work of a step is done but its checkpoint is not decided, or a checkpoint
    /// entry is waiting for a decision.
    UndecidedCheckpoint,
    /// A negative effect has neither a measure nor a position.
    UnhandledNegativeEffect,
    /// A sustainability key has no measure.
    KeyWithoutMeasure,
    /// A sustainability key has no indicator.
    KeyWithoutIndicator,
    /// An indicator has no baseline or no target value.
    IndicatorWithoutTarget,
}

impl Gap {
    /// In words.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Sv};
        match (self, lang) {
            (Self::UndecidedCheckpoint, Sv) => "hållplats utan beslut",
            (Self::UndecidedCheckpoint, En) => "checkpoint without a decision",
            (Self::UnhandledNegativeEffect, Sv) => {
                "negativ effekt utan åtgärd eller ställningstagande"
            }
            (Self::UnhandledNegativeEffect, En) => "negative effect without measure or position",
            (Self::KeyWithoutMeasure, Sv) => "hållbarhetsnyckel utan åtgärd",
            (Self::KeyWithoutMeasure, En) => "sustainability key without a measure",
            (Self::KeyWithoutIndicator, Sv) => "hållbarhetsnyckel utan indikator",
            (Self::KeyWithoutIndicator, En) => "sustainability key without an indicator",
            (Self::IndicatorWithoutTarget, Sv) => "indikator utan utgångs- eller målvärde",
            (Self::IndicatorWithoutTarget, En) => "indicator without baseline or target",
        }
    }
}

/// The running totals of a portfolio. Add documents with [`Portfolio::add`], combine the
/// summaries of several workers with [`Summary::merge`]; the result is the same whatever
/// the order. Its size grows with the number of regions, years and goals — not with the
/// number of insatser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub(super) insatser: u64,
    pub(super) effects: u64,
    /// By the catalogue position of the top-level goal.
    pub(super) goals: BTreeMap<usize, Tally>,
    /// Effects on goals the catalogue does not know (documents that were not checked).
    pub(super) unknown_goal_effects: u64,
    pub(super) dimensions: BTreeMap<Dimension, Tally>,
    /// Region → year → goal → who pushes it which way.
    pub(super) cells: BTreeMap<String, BTreeMap<Option<u16>, BTreeMap<usize, Push>>>,
    pub(super) pairs: BTreeMap<(usize, usize), PairTally>,
    /// By the rule's position in the rule set.
    pub(super) rules: Vec<u64>,
    pub(super) kinds: BTreeMap<FindingKind, u64>,
    /// Profile id → state → insatser.
    pub(super) states: BTreeMap<String, BTreeMap<State, u64>>,
    pub(super) gaps: BTreeMap<Gap, Examples>,
    pub(super) coverage: Coverage,
    /// By the catalogue position of the top-level goal: how it is followed up.
    pub(super) followed_goals: BTreeMap<usize, super::followup::GoalFollow>,
    /// The Kolada key figures the indicators name.
    pub(super) key_figures: BTreeMap<crate::KoladaKpiId, super::followup::KeyFigure>,
    pub(super) invalid: u64,
    /// The first few invalid documents by their place in the input.
    pub(super) first_invalid: BTreeMap<u64, String>,
}

impl Summary {
    /// Combines another worker's summary into this one.
    pub fn merge(&mut self, o: Self) {
        self.insatser += o.insatser;
        self.effects += o.effects;
        merge_map(&mut self.goals, o.goals, |a, b| a.merge(&b));
        merge_map(&mut self.dimensions, o.dimensions, |a, b| a.merge(&b));
        merge_map(&mut self.cells, o.cells, |a, b| {
            merge_map(a, b, |a, b| merge_map(a, b, |a, b| a.merge(&b)));
        });
        merge_map(&mut self.pairs, o.pairs, |a, b| {
            a.insatser += b.insatser;
            a.stated += b.stated;
        });
        self.unknown_goal_effects += o.unknown_goal_effects;
        if self.rules.len() < o.rules.len() {
            self.rules.resize(o.rules.len(), 0);
        }
        for (a, b) in self.rules.iter_mut().zip(o.rules) {
            *a += b;
        }
        merge_map(&mut self.kinds, o.kinds, |a, b| *a += b);
        merge_map(&mut self.states, o.states, |a, b| {
            merge_map(a, b, |a, b| *a += b);
        });
        merge_map(&mut self.gaps, o.gaps, |a, b| a.merge(&b));
        self.coverage.merge(&o.coverage);
        merge_map(&mut self.followed_goals, o.followed_goals, |a, b| {
            a.merge(b)
        });
        merge_map(&mut self.key_figures, o.key_figures, |a, b| a.merge(b));
        self.invalid += o.invalid;
        for (order, message) in o.first_invalid {
            self.keep_invalid(order, || message);
        }
    }

    /// Records a document that could not be read: `order` is its place in the input
    /// (line or file number) and orders the examples kept; `message` says where and what
    /// was wrong. Keeps the first [`EXAMPLES`].
    pub fn add_invalid(&mut self, order: u64, message: impl FnOnce() -> String) {
        self.invalid += 1;
        self.keep_invalid(order, message);
    }

    fn keep_invalid(&mut self, order: u64, message: impl FnOnce() -> String) {
        let full = self.first_invalid.len() >= EXAMPLES;
        if full
            && self
                .first_invalid
                .last_key_value()
                .is_some_and(|(k, _)| order >= *k)
        {
            return;
        }
        self.first_invalid.insert(order, message());
        if self.first_invalid.len() > EXAMPLES {
            self.first_invalid.pop_last();
        }
    }

    /// The number of insatser added (not counting invalid documents).
    pub fn insatser(&self) -> u64 {
        self.insatser
    }

    /// The number of documents that could not be read.
    pub fn invalid(&self) -> u64 {
        self.invalid
    }
}

/// Moves the entries of `from` into `into`, combining values under the same key with `f`.
fn merge_map<K: Ord, V>(into: &mut BTreeMap<K, V>, from: BTreeMap<K, V>, f: impl Fn(&mut V, V)) {
    for (k, v) in from {
        match into.get_mut(&k) {
            Some(existing) => f(existing, v),
            None => {
                into.insert(k, v);
            }
        }
    }
}
