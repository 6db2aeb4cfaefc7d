//! Adding documents to a portfolio's totals, and the report of the totals.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::report::{CoverageReport, CumulativeConflict, GoalRow, PairRow, Report, StateRow};
use super::summary::{Examples, Gap, MAX_YEARS, Summary, Tally, UNKNOWN, keep_first};
use crate::assess::Assessor;
use crate::graph::{GoalGraph, Score};
use crate::method::{self, Checkpoint, Profile, State};
use crate::rules::Match;
use crate::{Dimension, FindingKind, GoalCatalogue, GoalId, Hallbarhetssakring, Riktning};

/// Adds up assessments: the checks of an [`Assessor`] (its rules, its profile or each
/// document's own) and, when the assessor has a goal graph, the goal pairs it says
/// counteract each other.
#[derive(Debug, Clone)]
pub struct Portfolio<'a> {
    pub(super) assessor: Assessor<'a>,
    /// Kolada's values, when the portfolio is followed up with them.
    pub(super) values: Option<&'a crate::kolada::ValueIndex>,
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
            values: None,
            conflicting,
        }
    }

    /// Follows the key figures up with `values`: each key figure's values in the
    /// insatser's units, and follow-up findings where one moves against its insats.
    #[must_use]
    pub fn with_values(mut self, values: &'a crate::kolada::ValueIndex) -> Self {
        self.values = Some(values);
        self
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
        let matches = self.assessor.rules().matches(doc);
        self.add_rule_conflicts(summary, doc, &tops, &matches);
        self.add_method_and_plan(summary, doc, &matches);
        self.add_followup(summary, doc, &tops);
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
        matches: &[Match<'_>],
    ) {
        let catalogue = self.assessor.catalogue();
        // What the rules find, and the goal pairs of the goal conflicts among it.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        // Findings per kind as an assessment reports them: one per goal conflict, however
        // many rules name it.
        let conflicts = crate::assess::RuleConflicts::new(doc, matches).count();
        if conflicts > 0 {
            *summary.kinds.entry(FindingKind::Malkonflikt).or_default() += conflicts as u64;
        }
        for m in matches {
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
    fn add_method_and_plan(
        &self,
        summary: &mut Summary,
        doc: &Hallbarhetssakring,
        matches: &[Match<'_>],
    ) {
        let catalogue = self.assessor.catalogue();
        let id = doc.insats.id.as_str();
        // Where the assessment stands in its method, and what its plan lacks.
        let profile = self
            .assessor
            .profile()
            .or_else(|| Profile::for_document(doc));
        let mut gaps = BTreeSet::new();
        if let Some(profile) = profile {
            let mut status = method::progress(doc, profile);
            // As an assessment shows it: no step done while a serious finding about its
            // work stands.
            status.hold_back_by(
                matches
                    .iter()
                    .map(|m| (m.rule.typ, m.rule.allvarlighet, m.rule.titel.as_str())),
                profile,
            );
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
            goal_followup: self.goal_followup(summary),
            key_figures: self.key_figures(summary),
            values: self.values.map(|v| super::report::FollowupSource {
                source: "Kolada".to_owned(),
                fetched_at: v.fetched_at.clone(),
            }),
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
