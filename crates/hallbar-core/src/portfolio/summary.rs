//! Adding up a portfolio: one [`Summary`] per worker, merged at the end, then a
//! [`Report`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use schemars::JsonSchema;
use serde::Serialize;

use crate::assess::Assessor;
use crate::graph::{GoalGraph, Score};
use crate::method::{self, Checkpoint, Profile, State};
use crate::{Dimension, FindingKind, GoalCatalogue, GoalId, Hallbarhetssakring, Riktning};

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

    fn merge(&mut self, o: &Self) {
        self.count += o.count;
        for key in &o.examples {
            self.keep(key.clone());
        }
    }
}

/// Which insatser push one goal up or down in one region and year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Push {
    up: u64,
    up_strength: u64,
    down: u64,
    down_strength: u64,
    /// The first insats (by its place in the input) pushing up (down), and its id: with
    /// the counts, enough to tell whether the ups and downs come from different
    /// insatser, and an example to show.
    up_first: Option<(u64, String)>,
    down_first: Option<(u64, String)>,
}

/// Keeps the insats at `position` in `first` if it comes earlier (the id is copied only
/// then, which in a stream read in order is rarely).
fn keep_first(first: &mut Option<(u64, String)>, position: u64, id: &str) {
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
    insatser: u64,
    effects: u64,
    /// By the catalogue position of the top-level goal.
    goals: BTreeMap<usize, Tally>,
    /// Effects on goals the catalogue does not know (documents that were not checked).
    unknown_goal_effects: u64,
    dimensions: BTreeMap<Dimension, Tally>,
    /// Region → year → goal → who pushes it which way.
    cells: BTreeMap<String, BTreeMap<Option<u16>, BTreeMap<usize, Push>>>,
    pairs: BTreeMap<(usize, usize), PairTally>,
    /// By the rule's position in the rule set.
    rules: Vec<u64>,
    kinds: BTreeMap<FindingKind, u64>,
    /// Profile id → state → insatser.
    states: BTreeMap<String, BTreeMap<State, u64>>,
    gaps: BTreeMap<Gap, Examples>,
    coverage: Coverage,
    invalid: u64,
    /// The first few invalid documents by their place in the input.
    first_invalid: BTreeMap<u64, String>,
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

/// Adds up assessments: the checks of an [`Assessor`] (its rules, its profile or each
/// document's own) and, when the assessor has a goal graph, the goal pairs it says
/// counteract each other.
#[derive(Debug, Clone)]
pub struct Portfolio<'a> {
    assessor: Assessor<'a>,
    /// Top-level goal pairs (by catalogue position) with a negative interaction between
    /// them or their targets, and the most negative score.
    conflicting: HashMap<(usize, usize), Score>,
}

impl<'a> Portfolio<'a> {
    /// A portfolio adder with the checks of `assessor`.
    pub fn new(assessor: Assessor<'a>) -> Self {
        let conflicting = assessor
            .graph()
            .map(|(graph, _)| conflicting_pairs(graph, assessor.catalogue()))
            .unwrap_or_default();
        Self {
            assessor,
            conflicting,
        }
    }

    /// The catalogue position of the top-level goal of `goal`.
    fn top(&self, goal: &GoalId) -> Option<usize> {
        self.assessor.catalogue().top_level_position(goal)
    }

    fn goal_id(&self, position: usize) -> Option<&GoalId> {
        self.assessor.catalogue().at(position).map(|g| &g.id)
    }

    /// Adds one assessment to `summary`. `position` is the document's place in the input
    /// (line or file number), unique per document: it picks the examples the report
    /// shows, so that they do not depend on which worker read what. The document should have passed
    /// [`crate::check::check`]; effects on goals the catalogue does not know are only
    /// counted (in the report's `unknown_goal_effects`).
    pub fn add(&self, summary: &mut Summary, position: u64, doc: &Hallbarhetssakring) {
        summary.insatser += 1;
        summary.effects += doc.effekter.len() as u64;
        // The top-level goal of each effect, looked up once.
        let tops: Vec<Option<usize>> = doc.effekter.iter().map(|e| self.top(&e.mal)).collect();
        let per_goal = self.add_effects(summary, doc, &tops);
        add_pushes(summary, position, doc, &per_goal);
        self.add_rule_conflicts(summary, doc, &tops);
        self.add_method_and_plan(summary, doc);
    }

    /// Effects per top-level goal and dimension; returns each goal's strongest positive
    /// and negative effect of this insats.
    fn add_effects(
        &self,
        summary: &mut Summary,
        doc: &Hallbarhetssakring,
        tops: &[Option<usize>],
    ) -> Vec<(usize, u64, u64)> {
        let catalogue = self.assessor.catalogue();
        // Effects per top-level goal and per dimension. An insats counts once per goal
        // (and dimension) and direction, with its strongest effect there.
        let followed = |e: &crate::Effekt| {
            doc.nycklar.iter().any(|k| {
                k.effekter.contains(&e.id) && doc.indikatorer.iter().any(|i| i.nyckel == k.id)
            })
        };
        // (goal, strongest positive, strongest negative); a handful per insats.
        let mut per_goal: Vec<(usize, u64, u64)> = Vec::with_capacity(doc.effekter.len());
        let mut per_dimension: Vec<(Dimension, bool)> = Vec::new();
        for (e, &top) in doc.effekter.iter().zip(tops) {
            let Some(top) = top else {
                summary.unknown_goal_effects += 1;
                continue;
            };
            let positive = e.riktning == Riktning::Positiv;
            let strength = u64::from(e.styrka.get());
            let is_followed = u64::from(followed(e));
            let count = |t: &mut Tally, first: bool| {
                if positive {
                    t.positive += 1;
                    t.positive_strength += strength;
                    t.insatser_positive += u64::from(first);
                } else {
                    t.negative += 1;
                    t.negative_strength += strength;
                    t.insatser_negative += u64::from(first);
                }
                t.followed += is_followed;
            };
            let slot = match per_goal.iter_mut().position(|(g, ..)| *g == top) {
                Some(i) => per_goal.get_mut(i),
                None => {
                    per_goal.push((top, 0, 0));
                    per_goal.last_mut()
                }
            };
            let first_for_goal = slot.is_some_and(|(_, up, down)| {
                let side = if positive { up } else { down };
                let first = *side == 0;
                *side = (*side).max(strength);
                first
            });
            count(summary.goals.entry(top).or_default(), first_for_goal);
            if let Some(d) = catalogue.dimension(&e.mal) {
                let first = !per_dimension.contains(&(d, positive));
                if first {
                    per_dimension.push((d, positive));
                }
                count(summary.dimensions.entry(d).or_default(), first);
            }
        }
        per_goal
    }

    /// The goal pairs of the goal conflicts the rules find, and how often each rule fires.
    fn add_rule_conflicts(
        &self,
        summary: &mut Summary,
        doc: &Hallbarhetssakring,
        tops: &[Option<usize>],
    ) {
        let catalogue = self.assessor.catalogue();
        // What the rules find, and the goal pairs of the goal conflicts among it.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let matches = self.assessor.rules().matches(doc);
        // Findings per kind as an assessment reports them: one per goal conflict, however
        // many rules name it.
        let conflicts = crate::assess::RuleConflicts::new(doc, &matches).count();
        if conflicts > 0 {
            *summary.kinds.entry(FindingKind::Malkonflikt).or_default() += conflicts as u64;
        }
        for m in &matches {
            if summary.rules.len() <= m.index {
                summary.rules.resize(m.index + 1, 0);
            }
            if let Some(n) = summary.rules.get_mut(m.index) {
                *n += 1;
            }
            if m.rule.typ != FindingKind::Malkonflikt {
                *summary.kinds.entry(m.rule.typ).or_default() += 1;
                continue;
            }
            // Each effect with its top-level goal.
            let effects = || {
                m.effects().filter_map(|i| {
                    let e = doc.effekter.get(i)?;
                    Some((e.riktning, (*tops.get(i)?)?))
                })
            };
            for (up, a) in effects() {
                if up != Riktning::Positiv {
                    continue;
                }
                for (down, b) in effects() {
                    if down == Riktning::Negativ && a != b && !pairs.contains(&(a, b)) {
                        pairs.push((a, b));
                    }
                }
            }
        }
        for (a, b) in pairs {
            let stated = match (self.goal_id(a), self.goal_id(b)) {
                (Some(a), Some(b)) => doc.malkonflikter.iter().any(|k| {
                    k.mal.iter().any(|g| catalogue.is_within(g, a))
                        && k.mal.iter().any(|g| catalogue.is_within(g, b))
                }),
                _ => false,
            };
            let tally = summary.pairs.entry((a, b)).or_default();
            tally.insatser += 1;
            tally.stated += u64::from(stated);
        }
    }

    /// Where the assessment stands in its method, and what its plan lacks.
    fn add_method_and_plan(&self, summary: &mut Summary, doc: &Hallbarhetssakring) {
        let catalogue = self.assessor.catalogue();
        let id = doc.insats.id.as_str();
        // Where the assessment stands in its method, and what its plan lacks.
        let profile = self.assessor.profile().or_else(|| Profile::for_document(doc));
        let mut gaps = BTreeSet::new();
        if let Some(profile) = profile {
            let status = method::progress(doc, profile);
            let id = profile.profil.id.as_str();
            if !summary.states.contains_key(id) {
                summary.states.insert(id.to_owned(), BTreeMap::new());
            }
            if let Some(states) = summary.states.get_mut(id) {
                match states.get_mut(&status.state) {
                    Some(n) => *n += 1,
                    None => {
                        states.insert(status.state.clone(), 1);
                    }
                }
            }
            // Waiting for a decision: a step whose work is done has an undecided
            // checkpoint, before or at the step in progress.
            let waiting = status
                .steps
                .iter()
                .any(|s| s.missing.is_empty() && s.checkpoint == Some(Checkpoint::Undecided))
                && !matches!(status.state, State::Stopped(_));
            if waiting || doc.hallplatser.iter().any(|h| h.beslut.is_none()) {
                gaps.insert(Gap::UndecidedCheckpoint);
            }
        } else if doc.hallplatser.iter().any(|h| h.beslut.is_none()) {
            gaps.insert(Gap::UndecidedCheckpoint);
        }
        let c = &mut summary.coverage;
        let handled = method::Handled::new(doc, catalogue);
        for e in doc
            .effekter
            .iter()
            .filter(|e| e.riktning == Riktning::Negativ)
        {
            c.negative_effects += 1;
            if handled.contains(e) {
                c.negative_handled += 1;
            } else {
                gaps.insert(Gap::UnhandledNegativeEffect);
            }
        }
        for k in &doc.nycklar {
            c.keys += 1;
            if doc.indikatorer.iter().any(|i| i.nyckel == k.id) {
                c.keys_with_indicator += 1;
            } else {
                gaps.insert(Gap::KeyWithoutIndicator);
            }
            if !doc.atgarder.iter().any(|a| a.nycklar.contains(&k.id)) {
                gaps.insert(Gap::KeyWithoutMeasure);
            }
        }
        c.insatser_with_indicator += u64::from(!doc.indikatorer.is_empty());
        for i in &doc.indikatorer {
            c.indicators += 1;
            if i.utgangsvarde.is_some() && i.malvarde.is_some() {
                c.indicators_with_target += 1;
            } else {
                gaps.insert(Gap::IndicatorWithoutTarget);
            }
            c.indicators_with_kolada += u64::from(i.kolada.is_some());
        }
        for gap in gaps {
            summary.gaps.entry(gap).or_default().add(|| id.to_owned());
        }
    }

    /// The report of `summary`, with the `top` most frequent conflict pairs and the `top`
    /// largest cumulative conflicts.
    pub fn report(&self, summary: &Summary, top: usize) -> Report {
        let catalogue = self.assessor.catalogue();
        let share = |part: u64, whole: u64| {
            if whole == 0 {
                0.0
            } else {
                part as f64 / whole as f64
            }
        };
        let goals = summary
            .goals
            .iter()
            .filter_map(|(&at, tally)| {
                let goal = catalogue.at(at)?;
                Some(GoalRow {
                    goal: goal.id.clone(),
                    name: goal.name_sv.clone(),
                    dimension: catalogue.dimension(&goal.id),
                    tally: tally.clone(),
                })
            })
            .collect();
        let mut pairs: Vec<PairRow> = summary
            .pairs
            .iter()
            .filter_map(|(&(a, b), t)| {
                Some(PairRow {
                    positive: self.goal_id(a)?.clone(),
                    negative: self.goal_id(b)?.clone(),
                    insatser: t.insatser,
                    stated: t.stated,
                })
            })
            .collect();
        pairs.sort_by(|x, y| {
            y.insatser
                .cmp(&x.insatser)
                .then_with(|| (&x.positive, &x.negative).cmp(&(&y.positive, &y.negative)))
        });
        let pair_count = pairs.len();
        pairs.truncate(top);

        let mut cumulative = self.cumulative(summary);
        let cumulative_count = cumulative.len();
        cumulative.truncate(top);

        let mut rules: Vec<(String, u64)> = summary
            .rules
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .filter_map(|(i, &n)| Some((self.assessor.rules().rule(i)?.id.to_string(), n)))
            .collect();
        rules.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        Report {
            insatser: summary.insatser,
            invalid: Examples {
                count: summary.invalid,
                examples: summary.first_invalid.values().cloned().collect(),
            },
            effects: summary.effects,
            unknown_goal_effects: summary.unknown_goal_effects,
            goals,
            dimensions: summary.dimensions.clone(),
            conflict_pairs: pairs,
            conflict_pair_count: pair_count,
            cumulative_conflicts: cumulative,
            cumulative_conflict_count: cumulative_count,
            rules,
            finding_kinds: summary
                .kinds
                .iter()
                .map(|(k, n)| (k.to_string(), *n))
                .collect(),
            states: summary
                .states
                .iter()
                .flat_map(|(profile, states)| {
                    states.iter().map(move |(state, n)| StateRow {
                        profile: profile.clone(),
                        state: state.clone(),
                        insatser: *n,
                    })
                })
                .collect(),
            gaps: summary
                .gaps
                .iter()
                .map(|(gap, ex)| (*gap, ex.clone()))
                .collect(),
            coverage: CoverageReport {
                share_insatser_with_indicator: share(
                    summary.coverage.insatser_with_indicator,
                    summary.insatser,
                ),
                share_keys_with_indicator: share(
                    summary.coverage.keys_with_indicator,
                    summary.coverage.keys,
                ),
                share_negative_handled: share(
                    summary.coverage.negative_handled,
                    summary.coverage.negative_effects,
                ),
                counts: summary.coverage.clone(),
            },
        }
    }

    /// Cumulative conflicts: in one region, insatser push goal A up while *other*
    /// insatser push goal B down, where B is A or the goal graph says A counteracts B.
    /// One row per region and goal pair, with the years it holds in; largest first.
    fn cumulative(&self, summary: &Summary) -> Vec<CumulativeConflict> {
        let mut rows: BTreeMap<(&str, usize, usize), CumulativeConflict> = BTreeMap::new();
        let cells = summary.cells.iter().flat_map(|(region, years)| {
            years.iter().map(move |(year, goals)| (region, year, goals))
        });
        for (region, year, goals) in cells {
            for (&a, up) in goals.iter().filter(|(_, p)| p.up > 0) {
                for (&b, down) in goals.iter().filter(|(_, p)| p.down > 0) {
                    let score = if a == b {
                        None
                    } else {
                        match self.conflicting.get(&(a, b)) {
                            Some(s) => Some(*s),
                            None => continue,
                        }
                    };
                    // Only one insats on each side, and the same one: it is that
                    // insats's own conflict, not a cumulative one.
                    let first = |f: &Option<(u64, String)>| f.as_ref().map(|(p, _)| *p);
                    if up.up == 1
                        && down.down == 1
                        && first(&up.up_first) == first(&down.down_first)
                    {
                        continue;
                    }
                    let (Some(positive), Some(negative)) = (self.goal_id(a), self.goal_id(b))
                    else {
                        continue;
                    };
                    let row =
                        rows.entry((region.as_str(), a, b))
                            .or_insert_with(|| CumulativeConflict {
                                region: region.clone(),
                                positive: positive.clone(),
                                negative: negative.clone(),
                                score: score.map(Score::value),
                                years: Vec::new(),
                                insatser_positive: 0,
                                insatser_negative: 0,
                                strength_positive: 0,
                                strength_negative: 0,
                                example_positive: up.up_first.as_ref().map(|(_, id)| id.clone()),
                                example_negative: down
                                    .down_first
                                    .as_ref()
                                    .map(|(_, id)| id.clone()),
                            });
                    if let Some(y) = year {
                        row.years.push(*y);
                    }
                    row.insatser_positive = row.insatser_positive.max(up.up);
                    row.insatser_negative = row.insatser_negative.max(down.down);
                    row.strength_positive = row.strength_positive.max(up.up_strength);
                    row.strength_negative = row.strength_negative.max(down.down_strength);
                }
            }
        }
        let mut out: Vec<CumulativeConflict> = rows.into_values().collect();
        out.sort_by(|x, y| {
            y.weight().cmp(&x.weight()).then_with(|| {
                (&x.region, &x.positive, &x.negative).cmp(&(&y.region, &y.positive, &y.negative))
            })
        });
        out
    }
}

/// Who pushes which goal which way, per county and year of the insats.
fn add_pushes(
    summary: &mut Summary,
    position: u64,
    doc: &Hallbarhetssakring,
    per_goal: &[(usize, u64, u64)],
) {
    let id = doc.insats.id.as_str();
    // Region and year buckets for cumulative conflicts.
    let regions: Vec<&str> = if doc.insats.geografi.lan.is_empty() {
        vec![UNKNOWN]
    } else {
        doc.insats.geografi.lan.iter().map(|l| l.as_str()).collect()
    };
    let years = match &doc.insats.period {
        Some(p) => {
            let first = p.start.year();
            let last = p.slut.map_or(first, |s| s.year()).max(first);
            (
                Some(first),
                Some(last.min(first.saturating_add(MAX_YEARS - 1))),
            )
        }
        None => (None, None),
    };
    for region in regions {
        if !summary.cells.contains_key(region) {
            summary.cells.insert(region.to_owned(), BTreeMap::new());
        }
        let Some(by_year) = summary.cells.get_mut(region) else {
            continue;
        };
        let mut year = years.0;
        loop {
            let cell = by_year.entry(year).or_default();
            for &(goal, up, down) in per_goal {
                let push = cell.entry(goal).or_default();
                if up > 0 {
                    push.up += 1;
                    push.up_strength += up;
                    keep_first(&mut push.up_first, position, id);
                }
                if down > 0 {
                    push.down += 1;
                    push.down_strength += down;
                    keep_first(&mut push.down_first, position, id);
                }
            }
            match (year, years.1) {
                (Some(y), Some(last)) if y < last => year = Some(y + 1),
                _ => break,
            }
        }
    }
}

/// Top-level goal pairs with a negative interaction between them or any of their targets
/// in `graph`, with the most negative score.
fn conflicting_pairs(
    graph: &GoalGraph,
    catalogue: &GoalCatalogue,
) -> HashMap<(usize, usize), Score> {
    let mut out: HashMap<(usize, usize), Score> = HashMap::new();
    for (a, b, i) in graph.interactions() {
        if i.score >= Score::Consistent {
            continue;
        }
        let (Some(a), Some(b)) = (
            catalogue.top_level_position(a),
            catalogue.top_level_position(b),
        ) else {
            continue;
        };
        if a == b {
            continue;
        }
        let slot = out.entry((a, b)).or_insert(i.score);
        *slot = (*slot).min(i.score);
    }
    out
}

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
}
