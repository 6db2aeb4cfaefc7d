//! hallbar's rule sets as expressions of GoRules ZEN's expression language
//! (`zen-expression`, the evaluator zen-engine runs for its expression nodes).
//!
//! [`to_zen`] writes one boolean expression per rule over the assessment as JSON, with
//! the catalogue beside it as `catalogue.parent[goal]` and `catalogue.dimension[goal]`
//! ([`zen_context`]); ZEN has no recursion, so "goal `a` lies above `g`" is unrolled to
//! the catalogue's depth, as in the Rego encoding. The standard set's encoding is
//! checked in as `zen/standard.json`; `tests/differential.rs` checks that it is current
//! and that ZEN fires exactly the rules hallbar fires.

use hallbar_core::rules::{Condition, EffectPredicate, RuleSet, StakeholderPredicate};
use hallbar_core::{GoalCatalogue, GoalId};
use serde::{Deserialize, Serialize};
use zen_expression::Variable;

use crate::{catalogue_data, depth, quoted, quoted_all, word};

/// One rule as a ZEN expression that is `true` when the rule fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZenRule {
    /// The rule's id.
    pub id: String,
    /// The condition.
    pub expression: String,
}

/// The catalogue as ZEN wants it (`parent` and `dimension` by goal id), built once.
pub fn zen_catalogue(catalogue: &GoalCatalogue) -> Variable {
    let data = catalogue_data(catalogue);
    Variable::from(data.get("catalogue").cloned().unwrap_or_default())
}

/// The context a rule's expression is evaluated in: the assessment's fields, and the
/// catalogue ([`zen_catalogue`], shared, not copied) as `catalogue`.
pub fn zen_context(doc: serde_json::Value, catalogue: &Variable) -> Variable {
    let context = Variable::from(doc);
    context.dot_insert("catalogue", catalogue.clone());
    context
}

/// A ZEN array of quoted strings.
fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    format!("[{}]", quoted_all(items))
}

/// A ZEN array of the words serde writes for `items`.
fn list<T: Serialize>(items: &[T]) -> String {
    strings(items.iter().map(word))
}

/// Writes expressions; `depth` is the catalogue's (a goal 0, a target 1, …).
struct Writer {
    depth: usize,
    /// Aliases in use, so that nested iterations get names of their own.
    next: usize,
}

impl Writer {
    fn alias(&mut self, stem: &str) -> String {
        self.next += 1;
        format!("{stem}{}", self.next)
    }

    /// `g` is `a` or lies below it.
    fn within(&self, g: &str, a: &str) -> String {
        let mut parts = vec![format!("{g} == {a}")];
        let mut path = g.to_owned();
        for _ in 0..self.depth {
            path = format!("catalogue.parent[{path}]");
            parts.push(format!("{path} == {a}"));
        }
        format!("({})", parts.join(" or "))
    }

    fn condition(&mut self, c: &Condition) -> String {
        match c {
            Condition::All(items) => {
                let parts: Vec<String> = items.iter().map(|i| self.condition(i)).collect();
                format!("({})", parts.join(" and "))
            }
            Condition::Any(items) => {
                let parts: Vec<String> = items.iter().map(|i| self.condition(i)).collect();
                format!("({})", parts.join(" or "))
            }
            Condition::Not(inner) => format!("(not {})", self.condition(inner)),
            Condition::Effekt(p) => {
                let (e, body) = self.effect(p, false);
                format!("some(effekter ?? [] as {e}, {body})")
            }
            Condition::Antal(count) => {
                let (e, body) = self.effect(&count.effekt, false);
                format!("count(effekter ?? [] as {e}, {body}) >= {}", count.minst)
            }
            Condition::EffektUtanAtgard(p) => {
                let (e, body) = self.effect(p, true);
                format!("some(effekter ?? [] as {e}, {body})")
            }
            Condition::InsatsTyp(kinds) => format!("(insats.typ in {})", list(kinds)),
            Condition::Sektor(sectors) => {
                let s = self.alias("s");
                format!(
                    "some(insats.sektorer ?? [] as {s}, {s} in {})",
                    list(sectors)
                )
            }
            Condition::Omrade(areas) => {
                let a = self.alias("a");
                format!(
                    "some(insats.geografi.omraden ?? [] as {a}, {a} in {})",
                    list(areas)
                )
            }
            Condition::Renskotselomrade(want) => {
                format!("(insats.geografi.renskotselomrade == {want})")
            }
            Condition::Intressent(p) => {
                let s = self.alias("s");
                format!("some(intressenter ?? [] as {s}, {})", stakeholder(p, &s))
            }
            Condition::SaknarIntressent(p) => {
                let s = self.alias("s");
                format!("none(intressenter ?? [] as {s}, {})", stakeholder(p, &s))
            }
            Condition::ObesvaradFraga(questions) => {
                let s = self.alias("q");
                let open = format!("{s}.status in ['obesvarad', 'kunskapslucka']");
                if questions.is_empty() {
                    format!("some(svar ?? [] as {s}, {open})")
                } else {
                    let named = strings(questions.iter().map(|q| q.as_str()));
                    let mut parts = vec![format!(
                        "some(svar ?? [] as {s}, {s}.fraga in {named} and {open})"
                    )];
                    // A named question the document does not answer at all.
                    for q in questions {
                        let t = self.alias("q");
                        parts.push(format!(
                            "none(svar ?? [] as {t}, {t}.fraga == {})",
                            quoted(q.as_str())
                        ));
                    }
                    format!("({})", parts.join(" or "))
                }
            }
            Condition::NyckelUtanIndikator(want) => {
                let k = self.alias("k");
                let i = self.alias("i");
                let missing = format!(
                    "some(nycklar ?? [] as {k}, none(indikatorer ?? [] as {i}, {i}.nyckel == {k}.id))"
                );
                if *want {
                    missing
                } else {
                    format!("(not {missing})")
                }
            }
        }
    }

    /// An alias for an effect and the test of it against `p` (with `unhandled`: also
    /// negative, with neither a measure nor a position on a stated conflict of its goal).
    fn effect(&mut self, p: &EffectPredicate, unhandled: bool) -> (String, String) {
        let e = self.alias("e");
        let mut parts = Vec::new();
        if !p.mal.is_empty() {
            let g = self.alias("g");
            parts.push(format!(
                "some({} as {g}, {})",
                strings(p.mal.iter().map(GoalId::as_str)),
                self.within(&format!("{e}.mal"), &g)
            ));
        }
        if let Some(d) = p.dimension {
            parts.push(format!(
                "catalogue.dimension[{e}.mal] == {}",
                quoted(&word(&d))
            ));
        }
        if let Some(r) = p.riktning {
            parts.push(format!("{e}.riktning == {}", quoted(&word(&r))));
        }
        if let Some(s) = p.min_styrka {
            parts.push(format!("{e}.styrka >= {}", s.get()));
        }
        if !p.typ.is_empty() {
            parts.push(format!("{e}.typ in {}", list(&p.typ)));
        }
        if !p.grupp.is_empty() {
            let g = self.alias("p");
            parts.push(format!(
                "some({e}.grupper ?? [] as {g}, {g} in {})",
                list(&p.grupp)
            ));
        }
        if let Some(u) = p.utanfor_sverige {
            parts.push(format!("({e}.utanfor_sverige ?? false) == {u}"));
        }
        if !p.omrade.is_empty() {
            let a = self.alias("o");
            parts.push(format!(
                "some({e}.geografi ?? [] as {a}, {a} in {})",
                list(&p.omrade)
            ));
        }
        if unhandled {
            let a = self.alias("a");
            let k = self.alias("k");
            let g = self.alias("g");
            parts.push(format!("{e}.riktning == 'negativ'"));
            parts.push(format!(
                "none(atgarder ?? [] as {a}, {e}.id in ({a}.effekter ?? []))"
            ));
            parts.push(format!(
                "none(malkonflikter ?? [] as {k}, trim({k}.stallningstagande ?? '') != '' and some({k}.mal as {g}, {} or {}))",
                self.within(&format!("{e}.mal"), &g),
                self.within(&g, &format!("{e}.mal"))
            ));
        }
        let body = if parts.is_empty() {
            "true".to_owned()
        } else {
            parts.join(" and ")
        };
        (e, body)
    }
}

fn stakeholder(p: &StakeholderPredicate, s: &str) -> String {
    let mut parts = Vec::new();
    if !p.kategori.is_empty() {
        parts.push(format!("{s}.kategori in {}", list(&p.kategori)));
    }
    if let Some(i) = p.involverad {
        parts.push(format!("{s}.involverad == {i}"));
    }
    if let Some(m) = p.min_makt {
        parts.push(format!("{s}.makt >= {}", m.get()));
    }
    if let Some(m) = p.min_intresse {
        parts.push(format!("{s}.intresse >= {}", m.get()));
    }
    if let Some(h) = p.hallning {
        parts.push(format!("{s}.hallning == {}", quoted(&word(&h))));
    }
    if parts.is_empty() {
        "true".to_owned()
    } else {
        parts.join(" and ")
    }
}

/// `rules` as ZEN expressions, one per rule, in the rule set's order.
pub fn to_zen(rules: &RuleSet, catalogue: &GoalCatalogue) -> Vec<ZenRule> {
    let mut w = Writer {
        depth: depth(catalogue),
        next: 0,
    };
    rules
        .rules()
        .map(|rule| ZenRule {
            id: rule.id.to_string(),
            expression: w.condition(&rule.om),
        })
        .collect()
}

/// A rule set compiled for ZEN, and the rules that fire for an assessment.
pub struct ZenRules {
    rules: Vec<(
        String,
        zen_expression::Expression<zen_expression::expression::Standard>,
    )>,
}

impl ZenRules {
    /// Compiles every rule's expression.
    ///
    /// # Errors
    /// The first expression ZEN cannot compile, with the rule's id.
    pub fn compile(rules: &[ZenRule]) -> Result<Self, String> {
        let rules = rules
            .iter()
            .map(|r| {
                zen_expression::compile_expression(&r.expression)
                    .map(|compiled| (r.id.clone(), compiled))
                    .map_err(|e| format!("{}: {e}", r.id))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { rules })
    }

    /// The ids of the rules that fire in `context` ([`zen_context`]), in the rule set's
    /// order.
    ///
    /// # Errors
    /// A rule whose expression fails or is not a boolean, with the rule's id.
    pub fn fires(&self, context: &Variable) -> Result<Vec<&str>, String> {
        let mut fired = Vec::new();
        for (id, expression) in &self.rules {
            match expression.evaluate(context.clone()) {
                Ok(Variable::Bool(true)) => fired.push(id.as_str()),
                Ok(Variable::Bool(false)) => {}
                Ok(other) => return Err(format!("{id}: not a boolean: {other:?}")),
                Err(e) => return Err(format!("{id}: {e}")),
            }
        }
        Ok(fired)
    }
}
