//! Evaluating a rule set against one insats.
//!
//! Evaluation is two steps: [`RuleSet::matches`] finds the rules that fire and the facts
//! that made them fire, as places in the document (no words, no allocation per fact);
//! [`Match::finding`] puts one match into words. A portfolio run over a million insatser
//! needs only the first; an assessment report needs both.

use std::ops::Range;

use super::compile::RuleSet;
use super::file::{Condition, EffectPredicate, Rule, StakeholderPredicate};
use crate::{
    Dimension, Evidence, Finding, FindingSource, FragaId, GoalId, Hallbarhetssakring, Intressent,
    Labelled as _, Lang, Riktning, Support, Svar, Svarsstatus,
};

/// A fact that made a condition hold, by its place in the document (or, for a support
/// question missing from the document, in the rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fact<'a> {
    /// `effekter[i]`.
    Effect(usize),
    /// The insats kind.
    Kind,
    /// `insats.sektorer[i]`.
    Sector(usize),
    /// `insats.geografi.omraden[i]`.
    Area(usize),
    /// Whether the insats is in the reindeer-husbandry area.
    Reindeer(bool),
    /// `intressenter[i]`.
    Stakeholder(usize),
    /// `svar[i]`, unanswered or a knowledge gap.
    OpenAnswer(usize),
    /// A support question the rule names that the document does not answer at all.
    MissingAnswer(&'a FragaId),
    /// `nycklar[i]`, followed by no indicator.
    KeyWithoutIndicator(usize),
}

/// A rule that fired for one insats, with the facts that made it fire; not yet in words.
#[derive(Debug, Clone)]
pub struct Match<'a> {
    /// The rule.
    pub rule: &'a Rule,
    /// The rule's position in the rule set (its load order, see [`RuleSet::rule`]).
    pub index: usize,
    facts: Vec<Fact<'a>>,
}

impl<'a> Match<'a> {
    /// The indices (in `effekter`) of the effects that made the rule fire, in the order
    /// the condition matched them; an effect can appear more than once.
    pub fn effects(&self) -> impl Iterator<Item = usize> + '_ {
        self.facts.iter().filter_map(|f| match f {
            Fact::Effect(i) => Some(*i),
            _ => None,
        })
    }

    /// The match in words: the rule's finding, with a sentence of evidence per fact.
    /// `doc` must be the document the match was found in.
    pub fn finding(&self, doc: &Hallbarhetssakring, lang: Lang) -> Finding {
        self.worded(doc, lang, true)
    }

    /// As [`Match::finding`], without the matched effects among the evidence or their
    /// goals: for a finding that states its effects and goals itself (one conflict that
    /// several rules name), so that wording a rule once per pair of goals costs nothing
    /// per effect it matched.
    pub(crate) fn finding_beyond_effects(&self, doc: &Hallbarhetssakring, lang: Lang) -> Finding {
        self.worded(doc, lang, false)
    }

    fn worded(&self, doc: &Hallbarhetssakring, lang: Lang, effects: bool) -> Finding {
        let rule = self.rule;
        let mut goals: Vec<GoalId> = if effects {
            self.effects()
                .filter_map(|i| doc.effekter.get(i).map(|e| e.mal.clone()))
                .collect()
        } else {
            Vec::new()
        };
        goals.sort();
        goals.dedup();
        let evidence = self
            .facts
            .iter()
            .filter(|fact| effects || !matches!(fact, Fact::Effect(_)))
            .filter_map(|&fact| evidence(fact, doc, lang))
            .collect();
        let (title, description) = match lang {
            Lang::Sv => (rule.titel.clone(), rule.beskrivning.clone()),
            Lang::En => (
                rule.title_en.clone().unwrap_or_else(|| rule.titel.clone()),
                rule.description_en
                    .clone()
                    .unwrap_or_else(|| rule.beskrivning.clone()),
            ),
        };
        Finding {
            kind: rule.typ,
            severity: rule.allvarlighet,
            goals,
            source: FindingSource::Rule,
            rule: Some(rule.id.to_string()),
            rules: vec![rule.id.to_string()],
            title: title.clone(),
            explanation: description.trim().to_owned(),
            evidence,
            paths: Vec::new(),
            sources: vec![rule.kalla.trim().to_owned()],
            suggestions: rule.forslag.clone(),
            supported_by: vec![Support {
                rule: Some(rule.id.to_string()),
                path: Vec::new(),
                title: title.clone(),
            }],
        }
    }
}

/// What evaluation needs of a document, computed once per insats, so that matching an
/// effect against a rule's goals compares short strings instead of hashing them.
struct Facts<'a> {
    doc: &'a Hallbarhetssakring,
    /// Every effect's goal and the goals above it, nearest first, one after the other;
    /// `chains[i]` is the range of effect `i`'s.
    lineage: Vec<&'a GoalId>,
    chains: Vec<Range<usize>>,
    /// Every effect's dimension.
    dimensions: Vec<Option<Dimension>>,
    /// Which negative effects are handled: worked out on the first rule that asks.
    handled: std::cell::OnceCell<crate::method::Handled<'a>>,
}

impl<'a> Facts<'a> {
    /// The goal of effect `i` and the goals above it.
    fn chain(&self, i: usize) -> &[&'a GoalId] {
        self.chains
            .get(i)
            .and_then(|r| self.lineage.get(r.clone()))
            .unwrap_or_default()
    }
}

impl RuleSet {
    /// The findings of every rule that fires for `doc`, sorted by rule id, with the facts
    /// that matched. Only rules that can fire given the goals of the stated effects are
    /// tested (see the module documentation).
    pub fn evaluate(&self, doc: &Hallbarhetssakring, lang: Lang) -> Vec<Finding> {
        self.matches(doc)
            .iter()
            .map(|m| m.finding(doc, lang))
            .collect()
    }

    /// The rules that fire for `doc`, sorted by rule id, each with the facts that made it
    /// fire — [`Self::evaluate`] without putting anything into words.
    ///
    /// # Example
    /// ```
    /// use hallbar_core::rules::RuleSet;
    /// let rules = RuleSet::standard().unwrap();
    /// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser/turism-fjall.toml")).unwrap();
    /// let doc = hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
    /// let fired: Vec<&str> = rules.matches(&doc).iter().map(|m| m.rule.id.as_str()).collect();
    /// assert!(fired.contains(&"tillvaxt-klimat"));
    /// ```
    pub fn matches<'a>(&'a self, doc: &'a Hallbarhetssakring) -> Vec<Match<'a>> {
        let facts = self.facts(doc);
        let mut candidates = self.always.clone();
        for i in 0..doc.effekter.len() {
            let top = facts.chain(i).last();
            if let Some(rules) = top.and_then(|top| self.by_goal.get(*top)) {
                candidates.extend(rules);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        self.matches_among(candidates, &facts)
    }

    /// The same findings as [`Self::evaluate`], found by testing every rule instead of
    /// the indexed candidates: the reference the index is checked and measured against.
    pub fn evaluate_without_index(&self, doc: &Hallbarhetssakring, lang: Lang) -> Vec<Finding> {
        let facts = self.facts(doc);
        self.matches_among(0..self.rules.len(), &facts)
            .iter()
            .map(|m| m.finding(doc, lang))
            .collect()
    }

    fn facts<'a>(&'a self, doc: &'a Hallbarhetssakring) -> Facts<'a> {
        let n = doc.effekter.len();
        let mut facts = Facts {
            doc,
            lineage: Vec::with_capacity(2 * n),
            chains: Vec::with_capacity(n),
            dimensions: Vec::with_capacity(n),
            handled: std::cell::OnceCell::new(),
        };
        for e in &doc.effekter {
            let start = facts.lineage.len();
            let mut goal = Some(&e.mal);
            let mut dimension = None;
            // Frameworks are checked to be trees whose parents come first, so this ends.
            while let Some(id) = goal {
                facts.lineage.push(id);
                let entry = self.catalogue.get(id);
                dimension = dimension.or(entry.and_then(|g| g.dimension));
                goal = entry.and_then(|g| g.parent.as_ref());
            }
            facts.chains.push(start..facts.lineage.len());
            facts.dimensions.push(dimension);
        }
        facts
    }

    fn matches_among<'a>(
        &'a self,
        candidates: impl IntoIterator<Item = usize>,
        facts: &Facts<'a>,
    ) -> Vec<Match<'a>> {
        let mut scratch = Vec::new();
        let mut out: Vec<Match<'a>> = candidates
            .into_iter()
            .filter_map(|i| self.rules.get(i).map(|c| (i, c)))
            .filter_map(|(index, c)| {
                scratch.clear();
                self.holds(&c.rule.om, facts, &mut scratch).then(|| Match {
                    rule: &c.rule,
                    index,
                    facts: scratch.clone(),
                })
            })
            .collect();
        out.sort_by_key(|m| self.rank.get(m.index).copied().unwrap_or(usize::MAX));
        out
    }

    /// Whether `c` holds; the facts that made it hold are pushed onto `out` (and nothing
    /// is left there when it does not hold).
    fn holds<'a>(&'a self, c: &'a Condition, f: &Facts<'a>, out: &mut Vec<Fact<'a>>) -> bool {
        let doc = f.doc;
        let mark = out.len();
        let held = match c {
            Condition::All(items) => items.iter().all(|item| self.holds(item, f, out)),
            Condition::Any(items) => {
                // Every branch that holds contributes its facts to the explanation.
                let mut any = false;
                for item in items {
                    any |= self.holds(item, f, out);
                }
                any
            }
            Condition::Not(inner) => {
                let inner_holds = self.holds(inner, f, out);
                out.truncate(mark);
                !inner_holds
            }
            Condition::Effekt(p) => {
                out.extend(self.effects(p, f).map(Fact::Effect));
                out.len() > mark
            }
            Condition::Antal(count) => {
                out.extend(self.effects(&count.effekt, f).map(Fact::Effect));
                out.len() - mark >= count.minst as usize
            }
            Condition::InsatsTyp(kinds) => {
                let held = kinds.contains(&doc.insats.typ);
                if held {
                    out.push(Fact::Kind);
                }
                held
            }
            Condition::Sektor(sectors) => {
                out.extend(
                    positions(&doc.insats.sektorer, |s| sectors.contains(s)).map(Fact::Sector),
                );
                out.len() > mark
            }
            Condition::Omrade(areas) => {
                out.extend(
                    positions(&doc.insats.geografi.omraden, |a| areas.contains(a)).map(Fact::Area),
                );
                out.len() > mark
            }
            Condition::Renskotselomrade(want) => {
                let held = doc.insats.geografi.renskotselomrade == Some(*want);
                if held {
                    out.push(Fact::Reindeer(*want));
                }
                held
            }
            Condition::Intressent(p) => {
                out.extend(
                    positions(&doc.intressenter, |s| stakeholder_matches(p, s))
                        .map(Fact::Stakeholder),
                );
                out.len() > mark
            }
            Condition::SaknarIntressent(p) => {
                !doc.intressenter.iter().any(|s| stakeholder_matches(p, s))
            }
            Condition::ObesvaradFraga(questions) => {
                let open = |s: &Svar| {
                    matches!(
                        s.status,
                        Svarsstatus::Obesvarad | Svarsstatus::Kunskapslucka
                    ) && (questions.is_empty() || questions.contains(&s.fraga))
                };
                out.extend(positions(&doc.svar, open).map(Fact::OpenAnswer));
                // A named question that is not in the document at all is unanswered too.
                out.extend(
                    questions
                        .iter()
                        .filter(|q| !doc.svar.iter().any(|s| &s.fraga == *q))
                        .map(Fact::MissingAnswer),
                );
                out.len() > mark
            }
            Condition::EffektUtanAtgard(p) => {
                let handled = f
                    .handled
                    .get_or_init(|| crate::method::Handled::new(doc, &self.catalogue));
                let unhandled = self.effects(p, f).filter(|&i| {
                    doc.effekter
                        .get(i)
                        .is_some_and(|e| e.riktning == Riktning::Negativ && !handled.contains(e))
                });
                out.extend(unhandled.map(Fact::Effect));
                out.len() > mark
            }
            Condition::NyckelUtanIndikator(want) => {
                let unfollowed = positions(&doc.nycklar, |k| {
                    !doc.indikatorer.iter().any(|i| i.nyckel == k.id)
                });
                if *want {
                    out.extend(unfollowed.map(Fact::KeyWithoutIndicator));
                    out.len() > mark
                } else {
                    unfollowed.count() == 0
                }
            }
        };
        if !held {
            out.truncate(mark);
        }
        held
    }

    /// The indices of the effects that match `p`.
    fn effects<'s>(
        &'s self,
        p: &'s EffectPredicate,
        f: &'s Facts<'_>,
    ) -> impl Iterator<Item = usize> + 's {
        f.doc
            .effekter
            .iter()
            .zip(&f.dimensions)
            .enumerate()
            .filter(move |(i, (e, dimension))| {
                (p.mal.is_empty() || {
                    let chain = f.chain(*i);
                    p.mal.iter().any(|g| chain.contains(&g))
                }) && p.dimension.is_none_or(|d| **dimension == Some(d))
                    && p.riktning.is_none_or(|r| e.riktning == r)
                    && p.min_styrka.is_none_or(|s| e.styrka >= s)
                    && (p.typ.is_empty() || p.typ.contains(&e.typ))
                    && (p.grupp.is_empty() || e.grupper.iter().any(|g| p.grupp.contains(g)))
                    && p.utanfor_sverige.is_none_or(|u| e.utanfor_sverige == u)
                    && (p.omrade.is_empty() || e.geografi.iter().any(|a| p.omrade.contains(a)))
            })
            .map(|(i, _)| i)
    }
}

/// The indices of the items of `items` for which `keep` holds.
fn positions<'a, T>(
    items: &'a [T],
    mut keep: impl FnMut(&T) -> bool + 'a,
) -> impl Iterator<Item = usize> + 'a {
    items
        .iter()
        .enumerate()
        .filter(move |(_, t)| keep(t))
        .map(|(i, _)| i)
}

fn stakeholder_matches(p: &StakeholderPredicate, s: &Intressent) -> bool {
    (p.kategori.is_empty() || p.kategori.contains(&s.kategori))
        && p.involverad.is_none_or(|i| s.involverad == i)
        && p.min_makt.is_none_or(|m| s.makt >= m)
        && p.min_intresse.is_none_or(|m| s.intresse >= m)
        && p.hallning.is_none_or(|h| s.hallning == h)
}

/// One fact in words, with its place.
fn evidence(fact: Fact<'_>, doc: &Hallbarhetssakring, lang: Lang) -> Option<Evidence> {
    let at = |pointer: String, text: String| Some(Evidence::new(pointer, text));
    match fact {
        Fact::Effect(i) => doc.effekter.get(i).map(|e| Evidence::effect(i, e, lang)),
        Fact::Kind => at("/insats/typ".to_owned(), doc.insats.typ.label(lang)),
        Fact::Sector(i) => at(
            format!("/insats/sektorer/{i}"),
            doc.insats.sektorer.get(i)?.label(lang),
        ),
        Fact::Area(i) => at(
            format!("/insats/geografi/omraden/{i}"),
            doc.insats.geografi.omraden.get(i)?.label(lang),
        ),
        Fact::Reindeer(within) => {
            let text = match (within, lang) {
                (true, Lang::Sv) => "insatsen berör renskötselområdet",
                (false, Lang::Sv) => "insatsen berör inte renskötselområdet",
                (true, Lang::En) => "the insats concerns the reindeer-husbandry area",
                (false, Lang::En) => "the insats does not concern the reindeer-husbandry area",
            };
            at(
                "/insats/geografi/renskotselomrade".to_owned(),
                text.to_owned(),
            )
        }
        Fact::Stakeholder(i) => at(
            format!("/intressenter/{i}"),
            stakeholder_text(doc.intressenter.get(i)?, lang),
        ),
        Fact::OpenAnswer(i) => {
            let s = doc.svar.get(i)?;
            at(
                format!("/svar/{i}"),
                format!("{}: {}", s.fraga, s.status.label(lang)),
            )
        }
        Fact::MissingAnswer(q) => {
            let missing = match lang {
                Lang::Sv => "saknar svar",
                Lang::En => "no answer",
            };
            at("/svar".to_owned(), format!("{q}: {missing}"))
        }
        Fact::KeyWithoutIndicator(i) => {
            at(format!("/nycklar/{i}"), doc.nycklar.get(i)?.titel.clone())
        }
    }
}

fn stakeholder_text(s: &Intressent, lang: Lang) -> String {
    let involved = match (s.involverad, lang) {
        (true, Lang::Sv) => "involverad",
        (false, Lang::Sv) => "ej involverad",
        (true, Lang::En) => "involved",
        (false, Lang::En) => "not involved",
    };
    let (power, interest) = match lang {
        Lang::Sv => ("makt", "intresse"),
        Lang::En => ("power", "interest"),
    };
    format!(
        "{} ({}): {involved}, {power} {}, {interest} {}, {}",
        s.namn,
        s.kategori.label(lang).to_lowercase(),
        s.makt.get(),
        s.intresse.get(),
        s.hallning.label(lang).to_lowercase()
    )
}
