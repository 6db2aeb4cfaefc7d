//! hallbar's rule sets in Rego and as ZEN expressions, for comparing hallbar's engine with
//! regorus and with GoRules ZEN on the same rules and inputs (ZEN: [`zen`]).
//!
//! [`to_rego`] writes a rule set as one Rego module (package `hallbar`): one helper rule
//! per condition, `fires` the set of rule ids that fire. Goal hierarchy and dimensions
//! come from the catalogue as data ([`catalogue_data`]), so `goal 8` matches target
//! `8.4` in Rego as in hallbar. The standard set's encoding is checked in as
//! `rego/standard.rego`; `tests/differential.rs` checks that it is current and that
//! regorus fires exactly the rules hallbar fires.

use std::fmt::Write as _;

pub mod zen;

use hallbar_core::rules::{Condition, EffectPredicate, RuleSet, StakeholderPredicate};
use hallbar_core::{GoalCatalogue, GoalId};
use serde::Serialize;

/// The catalogue as Rego data: `data.catalogue.parent[goal]` and `data.catalogue.dimension[goal]`.
pub fn catalogue_data(catalogue: &GoalCatalogue) -> serde_json::Value {
    let mut parent = serde_json::Map::new();
    let mut dimension = serde_json::Map::new();
    for goal in catalogue.iter() {
        if let Some(p) = &goal.parent {
            parent.insert(goal.id.to_string(), p.to_string().into());
        }
        if let Some(d) = catalogue.dimension(&goal.id) {
            dimension.insert(goal.id.to_string(), word(&d).into());
        }
    }
    serde_json::json!({"catalogue": {"parent": parent, "dimension": dimension}})
}

/// The JSON word of an enum value (`positiv`, `samiska_samhallet`).
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// `items` quoted and separated by commas: the inside of a Rego set or a ZEN array.
fn quoted_all<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let words: Vec<String> = items.into_iter().map(|i| quoted(i.as_ref())).collect();
    words.join(", ")
}

/// A Rego set of the words serde writes for `items`.
fn set<T: Serialize>(items: &[T]) -> String {
    format!("{{{}}}", quoted_all(items.iter().map(word)))
}

fn goal_set(goals: &[GoalId]) -> String {
    format!("{{{}}}", quoted_all(goals.iter().map(GoalId::as_str)))
}

/// The depth of the deepest goal (a goal is 0, a target 1, …).
fn depth(catalogue: &GoalCatalogue) -> usize {
    catalogue
        .iter()
        .map(|g| catalogue.lineage(&g.id).len() - 1)
        .max()
        .unwrap_or(0)
}

/// Writes Rego helper rules for conditions; names them `c<n>`.
struct Writer {
    out: String,
    next: usize,
}

impl Writer {
    fn name(&mut self) -> String {
        self.next += 1;
        format!("c{}", self.next)
    }

    /// A rule that holds when `c` does; returns its name.
    fn condition(&mut self, c: &Condition) -> String {
        let name = self.name();
        match c {
            Condition::All(items) => {
                let parts: Vec<String> = items.iter().map(|i| self.condition(i)).collect();
                let _ = writeln!(self.out, "{name} if {{\n\t{}\n}}\n", parts.join("\n\t"));
            }
            Condition::Any(items) => {
                for i in items {
                    let part = self.condition(i);
                    let _ = writeln!(self.out, "{name} if {part}\n");
                }
            }
            Condition::Not(inner) => {
                let part = self.condition(inner);
                let _ = writeln!(self.out, "{name} if not {part}\n");
            }
            Condition::Effekt(p) => {
                let effects = self.effects(p, false);
                let _ = writeln!(self.out, "{name} if count({effects}) > 0\n");
            }
            Condition::Antal(count) => {
                let effects = self.effects(&count.effekt, false);
                let _ = writeln!(self.out, "{name} if count({effects}) >= {}\n", count.minst);
            }
            Condition::EffektUtanAtgard(p) => {
                let effects = self.effects(p, true);
                let _ = writeln!(self.out, "{name} if count({effects}) > 0\n");
            }
            Condition::InsatsTyp(kinds) => {
                let _ = writeln!(self.out, "{name} if input.insats.typ in {}\n", set(kinds));
            }
            Condition::Sektor(sectors) => {
                let _ = writeln!(
                    self.out,
                    "{name} if {{\n\tsome s in object.get(input.insats, \"sektorer\", [])\n\ts in {}\n}}\n",
                    set(sectors)
                );
            }
            Condition::Omrade(areas) => {
                let _ = writeln!(
                    self.out,
                    "{name} if {{\n\tsome a in object.get(input.insats, [\"geografi\", \"omraden\"], [])\n\ta in {}\n}}\n",
                    set(areas)
                );
            }
            Condition::Renskotselomrade(want) => {
                let _ = writeln!(
                    self.out,
                    "{name} if object.get(input.insats, [\"geografi\", \"renskotselomrade\"], null) == {want}\n"
                );
            }
            Condition::Intressent(p) => {
                let body = stakeholder(p);
                let _ = writeln!(
                    self.out,
                    "{name} if {{\n\tsome s in object.get(input, \"intressenter\", [])\n{body}}}\n"
                );
            }
            Condition::SaknarIntressent(p) => {
                let present = self.name();
                let body = stakeholder(p);
                let _ = writeln!(
                    self.out,
                    "{present} if {{\n\tsome s in object.get(input, \"intressenter\", [])\n{body}}}\n\n{name} if not {present}\n"
                );
            }
            Condition::ObesvaradFraga(questions) => {
                let open = "s.status in {\"obesvarad\", \"kunskapslucka\"}";
                if questions.is_empty() {
                    let _ = writeln!(
                        self.out,
                        "{name} if {{\n\tsome s in object.get(input, \"svar\", [])\n\t{open}\n}}\n"
                    );
                } else {
                    let qs: Vec<String> = questions.iter().map(|q| quoted(q.as_str())).collect();
                    let qs = format!("{{{}}}", qs.join(", "));
                    let _ = writeln!(
                        self.out,
                        "{name} if {{\n\tsome s in object.get(input, \"svar\", [])\n\ts.fraga in {qs}\n\t{open}\n}}\n\n{name} if {{\n\tsome q in {qs}\n\tnot answered(q)\n}}\n"
                    );
                }
            }
            Condition::NyckelUtanIndikator(want) => {
                let missing = self.name();
                let _ = writeln!(
                    self.out,
                    "{missing} if {{\n\tsome k in object.get(input, \"nycklar\", [])\n\tnot followed(k.id)\n}}\n"
                );
                if *want {
                    let _ = writeln!(self.out, "{name} if {missing}\n");
                } else {
                    let _ = writeln!(self.out, "{name} if not {missing}\n");
                }
            }
        }
        name
    }

    /// A partial set rule of the indices of the effects that match `p` (and, with
    /// `unhandled`, are negative and neither have a measure nor a position); returns its
    /// name.
    fn effects(&mut self, p: &EffectPredicate, unhandled: bool) -> String {
        let name = self.name();
        let mut body = String::from("\tsome i, e in object.get(input, \"effekter\", [])\n");
        if !p.mal.is_empty() {
            let _ = writeln!(body, "\tgoal_in(e.mal, {})", goal_set(&p.mal));
        }
        if let Some(d) = p.dimension {
            let _ = writeln!(
                body,
                "\tdata.catalogue.dimension[e.mal] == {}",
                quoted(&word(&d))
            );
        }
        if let Some(r) = p.riktning {
            let _ = writeln!(body, "\te.riktning == {}", quoted(&word(&r)));
        }
        if let Some(s) = p.min_styrka {
            let _ = writeln!(body, "\te.styrka >= {}", s.get());
        }
        if !p.typ.is_empty() {
            let _ = writeln!(body, "\te.typ in {}", set(&p.typ));
        }
        if !p.grupp.is_empty() {
            let _ = writeln!(
                body,
                "\tsome g in object.get(e, \"grupper\", [])\n\tg in {}",
                set(&p.grupp)
            );
        }
        if let Some(u) = p.utanfor_sverige {
            let _ = writeln!(body, "\tobject.get(e, \"utanfor_sverige\", false) == {u}");
        }
        if !p.omrade.is_empty() {
            let _ = writeln!(
                body,
                "\tsome a in object.get(e, \"geografi\", [])\n\ta in {}",
                set(&p.omrade)
            );
        }
        if unhandled {
            body.push_str("\te.riktning == \"negativ\"\n\tnot handled(e)\n");
        }
        let _ = writeln!(self.out, "{name} contains i if {{\n{body}}}\n");
        name
    }
}

fn stakeholder(p: &StakeholderPredicate) -> String {
    let mut body = String::new();
    if !p.kategori.is_empty() {
        let _ = writeln!(body, "\ts.kategori in {}", set(&p.kategori));
    }
    if let Some(i) = p.involverad {
        let _ = writeln!(body, "\ts.involverad == {i}");
    }
    if let Some(m) = p.min_makt {
        let _ = writeln!(body, "\ts.makt >= {}", m.get());
    }
    if let Some(m) = p.min_intresse {
        let _ = writeln!(body, "\ts.intresse >= {}", m.get());
    }
    if let Some(h) = p.hallning {
        let _ = writeln!(body, "\ts.hallning == {}", quoted(&word(&h)));
    }
    body
}

/// `rules` as one Rego module, package `hallbar`: `data.hallbar.fires` is the set of the
/// ids of the rules that fire for `input`, an assessment as JSON.
pub fn to_rego(rules: &RuleSet, catalogue: &GoalCatalogue) -> String {
    let mut w = Writer {
        out: String::new(),
        next: 0,
    };
    let mut fires = String::new();
    for rule in rules.rules() {
        let _ = writeln!(w.out, "# {}: {}", rule.id, rule.titel);
        let root = w.condition(&rule.om);
        let _ = writeln!(
            fires,
            "fires contains {} if {root}",
            quoted(rule.id.as_str())
        );
    }
    let mut within = String::from("within(g, a) if g == a\n");
    let mut path = String::from("g");
    for _ in 0..depth(catalogue) {
        path = format!("data.catalogue.parent[{path}]");
        let _ = writeln!(within, "within(g, a) if {path} == a");
    }
    format!(
        "# hallbar's rule set in Rego. Generated by hallbar-peers (peers/src/lib.rs) from\n\
         # the rule files; do not edit — regenerate with `cargo run --release --bin rego` in peers/.\n\n\
         package hallbar\n\n\
         {fires}\n\
         # Goal `a` is `g` or lies above it in the catalogue (`8` above `8.4`).\n\
         {within}\n\
         goal_in(g, goals) if {{\n\tsome a in goals\n\twithin(g, a)\n}}\n\n\
         # A measure addresses the effect, or a position is taken on a stated goal conflict\n\
         # that names its goal (or a goal above or below it).\n\
         handled(e) if {{\n\tsome a in object.get(input, \"atgarder\", [])\n\te.id in object.get(a, \"effekter\", [])\n}}\n\n\
         handled(e) if {{\n\tsome k in object.get(input, \"malkonflikter\", [])\n\ttrim_space(object.get(k, \"stallningstagande\", \"\")) != \"\"\n\tsome g in k.mal\n\twithin(e.mal, g)\n}}\n\n\
         handled(e) if {{\n\tsome k in object.get(input, \"malkonflikter\", [])\n\ttrim_space(object.get(k, \"stallningstagande\", \"\")) != \"\"\n\tsome g in k.mal\n\twithin(g, e.mal)\n}}\n\n\
         answered(q) if {{\n\tsome s in object.get(input, \"svar\", [])\n\ts.fraga == q\n}}\n\n\
         followed(key) if {{\n\tsome i in object.get(input, \"indikatorer\", [])\n\ti.nyckel == key\n}}\n\n\
         {}",
        w.out
    )
}
