//! The portfolio's follow-up: which indicators follow which goals, and — with Kolada's
//! values — how each key figure moves where the insatser work, and which insatser see
//! theirs move against what they expect.

use std::collections::BTreeSet;

use super::add::Portfolio;
use super::report::{GoalFollowRow, KeyFigureRow, UnitTrend};
use super::summary::{Examples, Summary};
use crate::kolada::{self, COUNTRY};
use crate::{FindingKind, Hallbarhetssakring, KoladaKpiId, Lang};

/// How the insatser with effects on one goal follow it up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct GoalFollow {
    /// Insatser with an effect on the goal.
    insatser: u64,
    /// Of those, insatser where an indicator follows a key naming such an effect.
    followed: u64,
    /// Indicators that follow it (through a key naming an effect on it).
    indicators: u64,
    /// The Kolada key figures among them.
    key_figures: BTreeSet<KoladaKpiId>,
}

impl GoalFollow {
    pub(super) fn merge(&mut self, o: Self) {
        self.insatser += o.insatser;
        self.followed += o.followed;
        self.indicators += o.indicators;
        self.key_figures.extend(o.key_figures);
    }
}

/// One Kolada key figure across the insatser whose indicators name it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct KeyFigure {
    /// Insatser that follow it.
    insatser: u64,
    /// Their municipalities and regions.
    units: BTreeSet<String>,
    /// The top-level goals it follows in them (catalogue positions).
    goals: BTreeSet<usize>,
    /// Insatser where it moved against their expectation (with values only).
    against: Examples,
}

impl KeyFigure {
    pub(super) fn merge(&mut self, o: Self) {
        self.insatser += o.insatser;
        self.units.extend(o.units);
        self.goals.extend(o.goals);
        self.against.merge(&o.against);
    }
}

impl Portfolio<'_> {
    /// Adds `doc`'s indicators: per goal, what follows it; per key figure, who uses it
    /// where; and, with values, its follow-up findings.
    ///
    /// # Complexity
    /// O(indicators · keys · effects) for one document: a handful of each.
    pub(super) fn add_followup(
        &self,
        summary: &mut Summary,
        doc: &Hallbarhetssakring,
        tops: &[Option<usize>],
    ) {
        let mut goals: Vec<usize> = tops.iter().flatten().copied().collect();
        goals.sort_unstable();
        goals.dedup();
        for &g in &goals {
            summary.followed_goals.entry(g).or_default().insatser += 1;
        }
        let mut followed: Vec<usize> = Vec::new();
        let mut key_figures: Vec<(&KoladaKpiId, Vec<usize>)> = Vec::new();
        for ind in &doc.indikatorer {
            // The top-level goals of the effects the indicator's key names.
            let mut of: Vec<usize> = doc
                .nycklar
                .iter()
                .filter(|k| k.id == ind.nyckel)
                .flat_map(|k| &k.effekter)
                .filter_map(|e| doc.effekter.iter().position(|x| &x.id == e))
                .filter_map(|i| tops.get(i).copied().flatten())
                .collect();
            of.sort_unstable();
            of.dedup();
            for &g in &of {
                let row = summary.followed_goals.entry(g).or_default();
                row.indicators += 1;
                if let Some(kpi) = &ind.kolada {
                    row.key_figures.insert(kpi.clone());
                }
                if !followed.contains(&g) {
                    followed.push(g);
                    row.followed += 1;
                }
            }
            if let Some(kpi) = &ind.kolada {
                match key_figures.iter_mut().find(|(k, _)| *k == kpi) {
                    Some((_, g)) => g.extend(of),
                    None => key_figures.push((kpi, of)),
                }
            }
        }
        if key_figures.is_empty() {
            return;
        }
        let units: Vec<String> = kolada::units_of(&doc.insats.geografi)
            .into_iter()
            .filter(|u| u != COUNTRY)
            .collect();
        let against = self
            .values
            .map(|index| kolada::against(doc, index))
            .unwrap_or_default();
        for (kpi, goals) in key_figures {
            let row = summary.key_figures.entry(kpi.clone()).or_default();
            row.insatser += 1;
            row.units.extend(units.iter().cloned());
            row.goals.extend(goals);
            if against.iter().any(|a| a.kpi == kpi) {
                row.against.add(|| doc.insats.id.as_str().to_owned());
            }
        }
        if !against.is_empty() {
            *summary.kinds.entry(FindingKind::Uppfoljning).or_default() += against.len() as u64;
        }
    }

    /// Per goal, what follows it; in the catalogue's order.
    pub(super) fn goal_followup(&self, summary: &Summary) -> Vec<GoalFollowRow> {
        let catalogue = self.assessor.catalogue();
        summary
            .followed_goals
            .iter()
            .filter_map(|(&at, f)| {
                let goal = catalogue.at(at)?;
                Some(GoalFollowRow {
                    goal: goal.id.clone(),
                    name: goal.name_sv.clone(),
                    insatser: f.insatser,
                    insatser_followed: f.followed,
                    indicators: f.indicators,
                    key_figures: f.key_figures.iter().cloned().collect(),
                })
            })
            .collect()
    }

    /// Per key figure, who follows it where and, with values, how it moves in their
    /// units and the country; by id.
    ///
    /// # Complexity
    /// O(key figures · units) look-ups.
    pub(super) fn key_figures(&self, summary: &Summary) -> Vec<KeyFigureRow> {
        let catalogue = self.assessor.catalogue();
        summary
            .key_figures
            .iter()
            .map(|(kpi, k)| {
                let direction = kolada::direction(kpi);
                let units = self.values.map_or_else(Vec::new, |index| {
                    k.units
                        .iter()
                        .map(String::as_str)
                        .chain([COUNTRY])
                        .filter_map(|unit| index.get(kpi, unit))
                        .map(|s| UnitTrend::of(s, direction.map(|d| d.battre), 0, Lang::Sv))
                        .collect()
                });
                KeyFigureRow {
                    kpi: kpi.clone(),
                    title: self
                        .values
                        .and_then(|index| index.meta(kpi))
                        .map(|m| m.title.clone()),
                    better: direction.map(|d| d.battre),
                    direction_source: direction.map(|d| d.kalla.clone()),
                    insatser: k.insatser,
                    unit_count: k.units.len() as u64,
                    goals: k
                        .goals
                        .iter()
                        .filter_map(|&g| catalogue.at(g).map(|g| g.id.clone()))
                        .collect(),
                    units,
                    against: k.against.clone(),
                }
            })
            .collect()
    }
}
