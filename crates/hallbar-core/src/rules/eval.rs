//! Evaluating a rule set against one insats.

use std::collections::BTreeSet;

use super::compile::RuleSet;
use super::file::{Condition, EffectPredicate, Rule, StakeholderPredicate};
use crate::{
    Evidence, Finding, FindingSource, GoalId, Hallbarhetssakring, Intressent, Labelled as _, Lang,
    Riktning, Svarsstatus,
};

/// What evaluation needs of a document, computed once per insats.
struct Facts<'a> {
    doc: &'a Hallbarhetssakring,
    /// For each effect, its goal and every ancestor of it.
    lineage: Vec<Vec<&'a GoalId>>,
    lang: Lang,
}

/// A fact that made a condition hold: a stated effect (by index, so that the finding can
/// name its goal) or another part of the document, already in words.
enum Fact {
    Effect(usize),
    Other(Evidence),
}

type Matched = Option<Vec<Fact>>;

impl RuleSet {
    /// The findings of every rule that fires for `doc`, sorted by rule id, with the facts
    /// that matched. Only rules that can fire given the goals of the stated effects are
    /// tested (see the module documentation).
    pub fn evaluate(&self, doc: &Hallbarhetssakring, lang: Lang) -> Vec<Finding> {
        let facts = self.facts(doc, lang);
        let mut candidates: BTreeSet<usize> = self.always.iter().copied().collect();
        for chain in &facts.lineage {
            if let Some(rules) = chain.last().and_then(|top| self.by_goal.get(*top)) {
                candidates.extend(rules);
            }
        }
        self.findings(candidates, &facts)
    }

    /// The same findings as [`Self::evaluate`], found by testing every rule instead of
    /// the indexed candidates: the reference the index is checked and measured against.
    pub fn evaluate_without_index(&self, doc: &Hallbarhetssakring, lang: Lang) -> Vec<Finding> {
        let facts = self.facts(doc, lang);
        self.findings(0..self.rules.len(), &facts)
    }

    fn facts<'a>(&'a self, doc: &'a Hallbarhetssakring, lang: Lang) -> Facts<'a> {
        let lineage = doc
            .effekter
            .iter()
            .map(|e| self.catalogue.lineage(&e.mal))
            .collect();
        Facts { doc, lineage, lang }
    }

    fn findings(
        &self,
        candidates: impl IntoIterator<Item = usize>,
        facts: &Facts<'_>,
    ) -> Vec<Finding> {
        let mut findings: Vec<Finding> = candidates
            .into_iter()
            .filter_map(|i| self.rules.get(i))
            .filter_map(|c| {
                let evidence = self.holds(&c.rule.om, facts)?;
                Some(finding(&c.rule, evidence, facts))
            })
            .collect();
        findings.sort_by(|a, b| a.rule.cmp(&b.rule));
        findings
    }

    fn holds(&self, c: &Condition, f: &Facts<'_>) -> Matched {
        let doc = f.doc;
        match c {
            Condition::All(items) => {
                let mut all = Vec::new();
                for item in items {
                    all.extend(self.holds(item, f)?);
                }
                Some(all)
            }
            Condition::Any(items) => {
                let mut any = None;
                for item in items {
                    if let Some(ev) = self.holds(item, f) {
                        any.get_or_insert_with(Vec::new).extend(ev);
                    }
                }
                any
            }
            Condition::Not(inner) => match self.holds(inner, f) {
                Some(_) => None,
                None => Some(Vec::new()),
            },
            Condition::Effekt(p) => non_empty(effect_facts(self.effects(p, f))),
            Condition::Antal(count) => {
                let matching = self.effects(&count.effekt, f);
                (matching.len() >= count.minst as usize).then(|| effect_facts(matching))
            }
            Condition::InsatsTyp(kinds) => kinds
                .contains(&doc.insats.typ)
                .then(|| vec![evidence("/insats/typ", doc.insats.typ.label(f.lang))]),
            Condition::Sektor(sectors) => non_empty(
                doc.insats
                    .sektorer
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| sectors.contains(s))
                    .map(|(i, s)| evidence(&format!("/insats/sektorer/{i}"), s.label(f.lang)))
                    .collect(),
            ),
            Condition::Omrade(areas) => non_empty(
                doc.insats
                    .geografi
                    .omraden
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| areas.contains(a))
                    .map(|(i, a)| {
                        evidence(&format!("/insats/geografi/omraden/{i}"), a.label(f.lang))
                    })
                    .collect(),
            ),
            Condition::Renskotselomrade(want) => (doc.insats.geografi.renskotselomrade
                == Some(*want))
            .then(|| {
                let text = match (want, f.lang) {
                    (true, Lang::Sv) => "insatsen berör renskötselområdet",
                    (false, Lang::Sv) => "insatsen berör inte renskötselområdet",
                    (true, Lang::En) => "the insats concerns the reindeer-husbandry area",
                    (false, Lang::En) => "the insats does not concern the reindeer-husbandry area",
                };
                vec![evidence(
                    "/insats/geografi/renskotselomrade",
                    text.to_owned(),
                )]
            }),
            Condition::Intressent(p) => non_empty(
                doc.intressenter
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| stakeholder_matches(p, s))
                    .map(|(i, s)| stakeholder_evidence(i, s, f.lang))
                    .collect(),
            ),
            Condition::SaknarIntressent(p) => {
                (!doc.intressenter.iter().any(|s| stakeholder_matches(p, s))).then(Vec::new)
            }
            Condition::ObesvaradFraga(questions) => {
                let open = |s: &&crate::Svar| {
                    matches!(
                        s.status,
                        Svarsstatus::Obesvarad | Svarsstatus::Kunskapslucka
                    )
                };
                let mut ev: Vec<Fact> = doc
                    .svar
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| open(s))
                    .filter(|(_, s)| questions.is_empty() || questions.contains(&s.fraga))
                    .map(|(i, s)| {
                        evidence(
                            &format!("/svar/{i}"),
                            format!("{}: {}", s.fraga, s.status.label(f.lang)),
                        )
                    })
                    .collect();
                // A named question that is not in the document at all is unanswered too.
                let missing = match f.lang {
                    Lang::Sv => "saknar svar",
                    Lang::En => "no answer",
                };
                for q in questions {
                    if !doc.svar.iter().any(|s| &s.fraga == q) {
                        ev.push(evidence("/svar", format!("{q}: {missing}")));
                    }
                }
                non_empty(ev)
            }
            Condition::EffektUtanAtgard(p) => {
                let unhandled = self.effects(p, f).into_iter().filter(|&i| {
                    doc.effekter.get(i).is_some_and(|e| {
                        e.riktning == Riktning::Negativ
                            && !crate::method::is_handled(doc, &self.catalogue, e)
                    })
                });
                non_empty(effect_facts(unhandled))
            }
            Condition::NyckelUtanIndikator(want) => {
                let ev: Vec<Fact> = doc
                    .nycklar
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| !doc.indikatorer.iter().any(|i| i.nyckel == k.id))
                    .map(|(i, k)| evidence(&format!("/nycklar/{i}"), k.titel.clone()))
                    .collect();
                if *want {
                    non_empty(ev)
                } else {
                    ev.is_empty().then(Vec::new)
                }
            }
        }
    }

    /// The indices of the effects that match `p`.
    fn effects(&self, p: &EffectPredicate, f: &Facts<'_>) -> Vec<usize> {
        f.doc
            .effekter
            .iter()
            .zip(&f.lineage)
            .enumerate()
            .filter(|(_, (e, chain))| {
                (p.mal.is_empty() || p.mal.iter().any(|g| chain.contains(&g)))
                    && p.dimension
                        .is_none_or(|d| self.catalogue.dimension(&e.mal) == Some(d))
                    && p.riktning.is_none_or(|r| e.riktning == r)
                    && p.min_styrka.is_none_or(|s| e.styrka >= s)
                    && (p.typ.is_empty() || p.typ.contains(&e.typ))
                    && (p.grupp.is_empty() || e.grupper.iter().any(|g| p.grupp.contains(g)))
                    && p.utanfor_sverige.is_none_or(|u| e.utanfor_sverige == u)
            })
            .map(|(i, _)| i)
            .collect()
    }
}

fn non_empty(facts: Vec<Fact>) -> Matched {
    (!facts.is_empty()).then_some(facts)
}

fn effect_facts(indices: impl IntoIterator<Item = usize>) -> Vec<Fact> {
    indices.into_iter().map(Fact::Effect).collect()
}

fn evidence(pointer: &str, text: String) -> Fact {
    Fact::Other(Evidence {
        pointer: pointer.to_owned(),
        text,
    })
}

fn stakeholder_matches(p: &StakeholderPredicate, s: &Intressent) -> bool {
    (p.kategori.is_empty() || p.kategori.contains(&s.kategori))
        && p.involverad.is_none_or(|i| s.involverad == i)
        && p.min_makt.is_none_or(|m| s.makt >= m)
        && p.min_intresse.is_none_or(|m| s.intresse >= m)
        && p.hallning.is_none_or(|h| s.hallning == h)
}

fn stakeholder_evidence(i: usize, s: &Intressent, lang: Lang) -> Fact {
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
    evidence(
        &format!("/intressenter/{i}"),
        format!(
            "{} ({}): {involved}, {power} {}, {interest} {}, {}",
            s.namn,
            s.kategori.label(lang).to_lowercase(),
            s.makt.get(),
            s.intresse.get(),
            s.hallning.label(lang).to_lowercase()
        ),
    )
}

fn finding(rule: &Rule, facts: Vec<Fact>, f: &Facts<'_>) -> Finding {
    let mut goals = BTreeSet::new();
    let evidence: Vec<Evidence> = facts
        .into_iter()
        .filter_map(|fact| match fact {
            Fact::Effect(i) => f.doc.effekter.get(i).map(|e| {
                goals.insert(e.mal.clone());
                Evidence::effect(i, e, f.lang)
            }),
            Fact::Other(evidence) => Some(evidence),
        })
        .collect();
    let (title, description) = match f.lang {
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
        goals: goals.into_iter().collect(),
        source: FindingSource::Rule,
        rule: Some(rule.id.to_string()),
        title,
        explanation: description.trim().to_owned(),
        evidence,
        path: Vec::new(),
        suggestions: rule.forslag.clone(),
    }
}
