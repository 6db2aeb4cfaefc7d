//! Checking rule files and building the indexed rule set.

use std::collections::{BTreeSet, HashMap};

use super::file::{Condition, EffectPredicate, Rule, RuleFile};
use crate::syntax::{self, Diagnostic, Format, Node};
use crate::{GoalCatalogue, GoalId, Labelled as _, Lang, RuleId};

/// The largest rule file accepted, in bytes (1 MiB).
pub const MAX_RULE_FILE_BYTES: usize = 1024 * 1024;
/// The most rules in one rule set.
pub const MAX_RULES: usize = 10_000;
/// The deepest nesting of `all` / `any` / `not` in one condition.
pub const MAX_RULE_DEPTH: usize = 16;

/// Reads a rule file's text into a tree, refusing files over [`MAX_RULE_FILE_BYTES`].
///
/// # Errors
/// An oversized file or a syntax error, with its place.
pub fn parse_source(text: &str, format: Format) -> Result<Node, Diagnostic> {
    if text.len() > MAX_RULE_FILE_BYTES {
        return Err(Diagnostic::error(
            "",
            format!(
                "the rule file is {} bytes; the limit is {MAX_RULE_FILE_BYTES} bytes (1 MiB)",
                text.len()
            ),
        )
        .with_help("split the rules into several files"));
    }
    syntax::parse(text, format)
}

/// Where something of a rule layer was written: the layer's name and the line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// The layer: its file name, or what the caller calls it.
    pub layer: String,
    /// The line, from 1, when the layer's text is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.layer),
            None => f.write_str(&self.layer),
        }
    }
}

/// What a higher layer did to a rule: where, why, and which fields it changed (none for
/// a switch-off).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Amendment {
    /// Where the layer says so.
    pub at: Place,
    /// Why, as the layer says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The fields changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<&'static str>,
}

/// A rule's history through the layers: where it was written, what changed it, and
/// what switched it off.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Provenance {
    /// Where the rule was written.
    pub written: Place,
    /// The changes of higher layers, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<Amendment>,
    /// The switch-off of a higher layer, if one switched it off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switched_off: Option<Amendment>,
}

/// A rule with what the index needs to know about it.
#[derive(Debug, Clone)]
pub(super) struct CompiledRule {
    pub rule: Rule,
    /// Top-level goals of which the insats must have at least one effect for the rule to
    /// possibly fire; `None` when the rule does not depend on effects that way.
    pub needs: Option<BTreeSet<GoalId>>,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// A checked, indexed set of rules, ready to evaluate insatser.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(super) rules: Vec<CompiledRule>,
    /// Rules a layer switched off: not evaluated, kept to be listed.
    pub(super) switched_off: Vec<CompiledRule>,
    /// Each rule's place in the order of rule ids, so that findings sort by comparing
    /// numbers.
    pub(super) rank: Vec<usize>,
    /// Rules that must be tested for every insats.
    pub(super) always: Vec<usize>,
    /// For each top-level goal, the rules that need an effect on it.
    pub(super) by_goal: HashMap<GoalId, Vec<usize>, rustc_hash::FxBuildHasher>,
    pub(super) catalogue: GoalCatalogue,
}

/// Collects rule layers, checking each, and builds a [`RuleSet`]: each layer adds rules
/// and switches off or changes rules of the layers added before it.
#[derive(Debug, Clone)]
pub struct RuleSetBuilder {
    catalogue: GoalCatalogue,
    /// Every rule so far, switched off or not, in load order.
    rules: Vec<CompiledRule>,
    ids: HashMap<RuleId, usize>,
    lang: Lang,
}

/// A layer's text, to say on which line something of it was written.
struct Source<'t> {
    name: &'t str,
    node: Option<&'t Node>,
    text: Option<&'t str>,
}

impl Source<'_> {
    fn place(&self, pointer: &str) -> Place {
        let line = match (self.node, self.text) {
            (Some(node), Some(text)) => node
                .locate(pointer)
                .map(|span| syntax::line_col(text, span.start).line),
            _ => None,
        };
        Place {
            layer: self.name.to_owned(),
            line,
        }
    }
}

impl RuleSetBuilder {
    /// A builder that resolves goal ids in `catalogue`, its messages in Swedish.
    pub fn new(catalogue: &GoalCatalogue) -> Self {
        Self {
            catalogue: catalogue.clone(),
            rules: Vec::new(),
            ids: HashMap::new(),
            lang: Lang::Sv,
        }
    }

    /// A builder whose layers below are those `set` was built from: a layer added to it
    /// adds to, switches off and changes `set`'s rules, its messages in Swedish. What a
    /// server does to put an organisation's own layer on its rules without reading its
    /// files again.
    pub fn on(set: &RuleSet) -> Self {
        let rules: Vec<CompiledRule> = set.rules.iter().chain(&set.switched_off).cloned().collect();
        let ids = rules
            .iter()
            .enumerate()
            .map(|(i, c)| (c.rule.id.clone(), i))
            .collect();
        Self {
            catalogue: set.catalogue.clone(),
            rules,
            ids,
            lang: Lang::Sv,
        }
    }

    /// The name of the standard set's layer, in messages and in [`RuleSet::provenance`].
    pub const STANDARD_LAYER: &'static str = "standard";

    /// The same builder with the standard rule set as its first layer.
    ///
    /// # Errors
    /// Never for the embedded file against a catalogue that holds the built-in goals,
    /// which the tests check; the diagnostics otherwise.
    pub fn with_standard(mut self) -> Result<Self, Vec<Diagnostic>> {
        let ds = self.add_source(Self::STANDARD_LAYER, super::STANDARD_RULES, Format::Toml);
        if ds.iter().any(Diagnostic::is_error) {
            return Err(ds);
        }
        Ok(self)
    }

    /// The same builder, its messages in `lang`.
    #[must_use]
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Reads, checks and adds one layer. Returns every diagnostic of the layer (errors
    /// and warnings), each with pointer and span; the layer is added only if there is no
    /// error. `name` says where a rule was written, in messages and in
    /// [`RuleSet::provenance`].
    pub fn add_source(&mut self, name: &str, text: &str, format: Format) -> Vec<Diagnostic> {
        match parse_source(text, format) {
            Ok(node) => self.add_node(name, &node, text),
            Err(d) => vec![d],
        }
    }

    /// Checks and adds a layer already read from `text` with [`parse_source`] (and, by a
    /// caller that has the schema, checked for structure).
    pub fn add_node(&mut self, name: &str, node: &Node, text: &str) -> Vec<Diagnostic> {
        let file: RuleFile = match syntax::deserialize(node) {
            Ok(file) => file,
            Err(d) => return vec![d],
        };
        let source = Source {
            name,
            node: Some(node),
            text: Some(text),
        };
        let mut diagnostics = self.add_layer(&source, &file);
        for d in &mut diagnostics {
            d.pointer = located(node, &d.pointer);
            node.attach_span(d);
        }
        diagnostics
    }

    /// Checks and adds a parsed layer (see [`Self::add_source`]).
    pub fn add_file(&mut self, name: &str, file: &RuleFile) -> Vec<Diagnostic> {
        let source = Source {
            name,
            node: None,
            text: None,
        };
        self.add_layer(&source, file)
    }

    /// The language of the builder's messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    fn say(&self, sv: String, en: String) -> String {
        self.lang.pick(sv, en)
    }

    /// `id`'s rule among the layers added before, or an error at `at` that says what
    /// was perhaps meant.
    fn earlier(&self, id: &RuleId, at: &str) -> Result<usize, Diagnostic> {
        if let Some(&i) = self.ids.get(id) {
            return Ok(i);
        }
        let known: Vec<&str> = self.rules.iter().map(|c| c.rule.id.as_str()).collect();
        let d = Diagnostic::error(
            at,
            self.say(
                format!("ingen regel i lagren under har id `{id}`"),
                format!("no rule of the layers below has the id `{id}`"),
            ),
        );
        Err(match syntax::closest(id.as_str(), known.iter().copied()) {
            Some(near) => d.with_help(self.say(
                format!("menade du `{near}`?"),
                format!("did you mean `{near}`?"),
            )),
            None => d.with_help(self.say(
                "`hallbar rules list` visar reglerna i lagren under".to_owned(),
                "`hallbar rules list` shows the rules of the layers below".to_owned(),
            )),
        })
    }

    fn add_layer(&mut self, source: &Source<'_>, file: &RuleFile) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.rules.len() + file.regel.len() > MAX_RULES {
            out.push(Diagnostic::error(
                "/regel",
                self.say(
                    format!("en regeluppsättning rymmer högst {MAX_RULES} regler"),
                    format!("a rule set holds at most {MAX_RULES} rules"),
                ),
            ));
            return out;
        }
        // The layer's changes to the rules below, checked before any is made.
        let mut off: Vec<(usize, Amendment)> = Vec::new();
        for (i, s) in file.stang_av.iter().enumerate() {
            let at = format!("/stang_av/{i}/id");
            match self.earlier(&s.id, &at) {
                Err(d) => out.push(d),
                Ok(r) => {
                    if let Some(first) = self
                        .rules
                        .get(r)
                        .and_then(|c| c.provenance.switched_off.as_ref())
                    {
                        out.push(Diagnostic::error(
                            at,
                            self.say(
                                format!("regeln `{}` är redan avstängd i {}", s.id, first.at),
                                format!(
                                    "the rule `{}` is already switched off at {}",
                                    s.id, first.at
                                ),
                            ),
                        ));
                    } else if let Some((_, twice)) = off.iter().find(|(o, _)| *o == r) {
                        out.push(Diagnostic::error(
                            at,
                            self.say(
                                format!("regeln `{}` stängs redan av i {}", s.id, twice.at),
                                format!(
                                    "the rule `{}` is already switched off at {}",
                                    s.id, twice.at
                                ),
                            ),
                        ));
                    } else {
                        off.push((
                            r,
                            Amendment {
                                at: source.place(&format!("/stang_av/{i}")),
                                reason: Some(s.skal.trim().to_owned()),
                                fields: Vec::new(),
                            },
                        ));
                    }
                }
            }
        }
        let mut changes: Vec<(usize, Rule, Amendment)> = Vec::new();
        for (i, c) in file.andra.iter().enumerate() {
            let at = format!("/andra/{i}/id");
            match self.earlier(&c.id, &at) {
                Err(d) => out.push(d),
                Ok(r) => {
                    let switched = self
                        .rules
                        .get(r)
                        .and_then(|x| x.provenance.switched_off.as_ref().map(|a| a.at.clone()))
                        .or_else(|| off.iter().find(|(o, _)| *o == r).map(|(_, a)| a.at.clone()));
                    if let Some(place) = switched {
                        out.push(Diagnostic::error(
                            at,
                            self.say(
                                format!("regeln `{}` är avstängd i {place}: en avstängd regel kan inte ändras", c.id),
                                format!("the rule `{}` is switched off at {place}: a switched-off rule cannot be changed", c.id),
                            ),
                        ));
                        continue;
                    }
                    // A later change in the same layer applies on top of an earlier one.
                    let mut rule = changes
                        .iter()
                        .rev()
                        .find(|(o, _, _)| *o == r)
                        .map(|(_, rule, _)| rule.clone())
                        .or_else(|| self.rules.get(r).map(|x| x.rule.clone()));
                    let Some(rule) = rule.as_mut() else { continue };
                    let fields = c.apply(rule);
                    if fields.is_empty() {
                        out.push(Diagnostic::warning(
                            format!("/andra/{i}"),
                            self.say(
                                format!("ändringen av `{}` ändrar inget fält", c.id),
                                format!("the change of `{}` changes no field", c.id),
                            ),
                        ));
                    }
                    changes.push((
                        r,
                        rule.clone(),
                        Amendment {
                            at: source.place(&format!("/andra/{i}")),
                            reason: c.skal.as_ref().map(|s| s.trim().to_owned()),
                            fields,
                        },
                    ));
                }
            }
        }
        let mut new = Vec::new();
        let mut new_ids: HashMap<&RuleId, usize> = HashMap::new();
        for (i, rule) in file.regel.iter().enumerate() {
            let at = format!("/regel/{i}");
            if let Some(first) = self.ids.get(&rule.id).and_then(|&r| self.rules.get(r)) {
                out.push(
                    Diagnostic::error(
                        format!("{at}/id"),
                        self.say(
                            format!("regel-id `{}` används redan i {}", rule.id, first.provenance.written),
                            format!("the rule id `{}` is already used at {}", rule.id, first.provenance.written),
                        ),
                    )
                    .with_help(self.say(
                        "ändra regeln med [[andra]], eller stäng av den med [[stang_av]] och ge den nya regeln ett eget id".to_owned(),
                        "change the rule with [[andra]], or switch it off with [[stang_av]] and give the new rule an id of its own".to_owned(),
                    )),
                );
            } else if let Some(first) = new_ids.insert(&rule.id, i) {
                out.push(Diagnostic::error(
                    format!("{at}/id"),
                    self.say(
                        format!(
                            "regel-id `{}` används redan i {}",
                            rule.id,
                            source.place(&format!("/regel/{first}"))
                        ),
                        format!(
                            "the rule id `{}` is already used at {}",
                            rule.id,
                            source.place(&format!("/regel/{first}"))
                        ),
                    ),
                ));
            }
            self.check_condition(&rule.om, &format!("{at}/om"), 0, &mut out);
            let earlier = self
                .rules
                .iter()
                .filter(|c| c.provenance.switched_off.is_none())
                .map(|c| &c.rule)
                .chain(file.regel.iter().take(i))
                .find(|r| r.om == rule.om && r.typ == rule.typ);
            if let Some(twin) = earlier {
                out.push(
                    Diagnostic::warning(
                        format!("{at}/om"),
                        self.say(
                            format!(
                                "regeln `{}` har samma villkor och typ som `{}`",
                                rule.id, twin.id
                            ),
                            format!(
                                "the rule `{}` has the same condition and kind as `{}`",
                                rule.id, twin.id
                            ),
                        ),
                    )
                    .with_help(self.say(
                        "en av dem är överflödig; slå ihop deras texter till en regel".to_owned(),
                        "one of them is redundant; merge their texts into one rule".to_owned(),
                    )),
                );
            }
            new.push(CompiledRule {
                needs: self.needs(&rule.om),
                rule: rule.clone(),
                provenance: Provenance {
                    written: source.place(&at),
                    changed: Vec::new(),
                    switched_off: None,
                },
            });
        }
        if !out.iter().any(Diagnostic::is_error) {
            for (r, rule, amendment) in changes {
                if let Some(c) = self.rules.get_mut(r) {
                    c.rule = rule;
                    c.provenance.changed.push(amendment);
                }
            }
            for (r, amendment) in off {
                if let Some(c) = self.rules.get_mut(r) {
                    c.provenance.switched_off = Some(amendment);
                }
            }
            for c in new {
                self.ids.insert(c.rule.id.clone(), self.rules.len());
                self.rules.push(c);
            }
        }
        out
    }

    /// Builds the indexed rule set.
    pub fn build(self) -> RuleSet {
        let (rules, switched_off): (Vec<CompiledRule>, Vec<CompiledRule>) = self
            .rules
            .into_iter()
            .partition(|c| c.provenance.switched_off.is_none());
        let mut always = Vec::new();
        let mut by_goal: HashMap<GoalId, Vec<usize>, rustc_hash::FxBuildHasher> =
            HashMap::default();
        for (i, c) in rules.iter().enumerate() {
            match &c.needs {
                None => always.push(i),
                Some(goals) => {
                    for g in goals {
                        by_goal.entry(g.clone()).or_default().push(i);
                    }
                }
            }
        }
        let mut by_id: Vec<usize> = (0..rules.len()).collect();
        by_id.sort_by(|&a, &b| {
            let id = |i: usize| rules.get(i).map(|c| &c.rule.id);
            id(a).cmp(&id(b))
        });
        let mut rank = vec![0; rules.len()];
        for (place, i) in by_id.into_iter().enumerate() {
            if let Some(r) = rank.get_mut(i) {
                *r = place;
            }
        }
        RuleSet {
            rank,
            rules,
            switched_off,
            always,
            by_goal,
            catalogue: self.catalogue,
        }
    }

    fn check_condition(&self, c: &Condition, at: &str, depth: usize, out: &mut Vec<Diagnostic>) {
        if depth > MAX_RULE_DEPTH {
            out.push(Diagnostic::error(
                at,
                self.say(
                    format!("villkoret är nästlat djupare än {MAX_RULE_DEPTH} nivåer"),
                    format!("the condition nests deeper than {MAX_RULE_DEPTH} levels"),
                ),
            ));
            return;
        }
        match c {
            Condition::All(items) | Condition::Any(items) => {
                let all = matches!(c, Condition::All(_));
                let word = if all { "alla" } else { "nagon" };
                if items.is_empty() {
                    let (message, help) = match (all, self.lang) {
                        (true, Lang::En) => (
                            "an empty `alla` (`all`) is always true",
                            "add conditions, or remove the rule",
                        ),
                        (false, Lang::En) => (
                            "an empty `nagon` (`any`) can never be true",
                            "add conditions to `nagon`",
                        ),
                        (true, _) => (
                            "en tom `alla` är alltid sann",
                            "lägg till villkor, eller ta bort regeln",
                        ),
                        (false, _) => (
                            "en tom `nagon` kan aldrig vara sann",
                            "lägg till villkor i `nagon`",
                        ),
                    };
                    out.push(Diagnostic::error(format!("{at}/{word}"), message).with_help(help));
                }
                for (i, item) in items.iter().enumerate() {
                    self.check_condition(item, &format!("{at}/{word}/{i}"), depth + 1, out);
                }
                if let Condition::All(items) = c {
                    for (i, item) in items.iter().enumerate() {
                        if let Condition::Not(inner) = item {
                            if items.iter().any(|other| other == inner.as_ref()) {
                                out.push(Diagnostic::error(
                                    format!("{at}/alla/{i}"),
                                    self.say(
                                        "villkoret kan aldrig vara sant: `alla` kräver ett villkor och dess motsats".to_owned(),
                                        "the condition can never be true: `alla` (`all`) requires a condition and its negation".to_owned(),
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
            Condition::Not(inner) => {
                self.check_condition(inner, &format!("{at}/inte"), depth + 1, out)
            }
            Condition::Effekt(p) | Condition::EffektUtanAtgard(p) => {
                let key = if matches!(c, Condition::Effekt(_)) {
                    "effekt"
                } else {
                    "effekt_utan_atgard"
                };
                self.check_effect(p, &format!("{at}/{key}"), out);
            }
            Condition::Antal(count) => {
                self.check_effect(&count.effekt, &format!("{at}/antal/effekt"), out);
                if count.minst == 0 {
                    out.push(
                        Diagnostic::error(
                            format!("{at}/antal/minst"),
                            self.say(
                                "`minst = 0` är alltid sant".to_owned(),
                                "`minst = 0` is always true".to_owned(),
                            ),
                        )
                        .with_help(self.say("räkna från 1".to_owned(), "count from 1".to_owned())),
                    );
                }
            }
            Condition::InsatsTyp(v) if v.is_empty() => out.push(self.empty_list(at, "insats_typ")),
            Condition::Sektor(v) if v.is_empty() => out.push(self.empty_list(at, "sektor")),
            Condition::Omrade(v) if v.is_empty() => out.push(self.empty_list(at, "omrade")),
            _ => {}
        }
    }

    fn check_effect(&self, p: &EffectPredicate, at: &str, out: &mut Vec<Diagnostic>) {
        for (i, g) in p.mal.iter().enumerate() {
            match self.catalogue.resolve(g) {
                Err(e) => out.push(
                    Diagnostic::error(format!("{at}/mal/{i}"), e.message(self.lang))
                        .with_help(e.help_in(self.lang)),
                ),
                Ok(_) => {
                    if let (Some(want), Some(has)) = (p.dimension, self.catalogue.dimension(g)) {
                        if want != has {
                            out.push(Diagnostic::error(
                                format!("{at}/mal/{i}"),
                                self.say(
                                    format!("villkoret kan aldrig vara sant: mål `{g}` är {}, inte {}", has.label(Lang::Sv).to_lowercase(), want.label(Lang::Sv).to_lowercase()),
                                    format!("the condition can never be true: goal `{g}` is {has}, not {want}"),
                                ),
                            ).with_help(self.say(
                                "ta bort `dimension` eller målet".to_owned(),
                                "remove `dimension` or the goal".to_owned(),
                            )));
                        }
                    }
                }
            }
        }
    }

    /// The top-level goals an insats must have an effect on for `c` to possibly hold.
    fn needs(&self, c: &Condition) -> Option<BTreeSet<GoalId>> {
        match c {
            Condition::Effekt(p) => self.effect_needs(p),
            Condition::Antal(count) => self.effect_needs(&count.effekt),
            Condition::All(items) => items
                .iter()
                .filter_map(|i| self.needs(i))
                .min_by_key(BTreeSet::len),
            Condition::Any(items) if !items.is_empty() => {
                let mut union = BTreeSet::new();
                for item in items {
                    union.extend(self.needs(item)?);
                }
                Some(union)
            }
            _ => None,
        }
    }

    fn effect_needs(&self, p: &EffectPredicate) -> Option<BTreeSet<GoalId>> {
        if !p.mal.is_empty() {
            return p
                .mal
                .iter()
                .map(|g| self.catalogue.top_level(g).map(|t| t.id.clone()))
                .collect();
        }
        let dimension = p.dimension?;
        Some(
            self.catalogue
                .iter()
                .filter(|g| g.parent.is_none() && g.dimension == Some(dimension))
                .map(|g| g.id.clone())
                .collect(),
        )
    }
}

/// `pointer` as the layer's text spells it: a condition's combinator may be written with
/// its English name (`all`), which the pointer (from the checked rule) gives in Swedish
/// (`alla`). The pointer unchanged when the text has it, or when no spelling is found.
fn located(node: &Node, pointer: &str) -> String {
    if node.find(pointer).is_some() {
        return pointer.to_owned();
    }
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let swedish = format!("{out}/{segment}");
        let english = super::file::COMBINATOR_ALIASES
            .iter()
            .find(|(sv, _)| *sv == segment)
            .map(|(_, en)| format!("{out}/{en}"));
        out = match english {
            Some(en) if node.find(&swedish).is_none() && node.find(&en).is_some() => en,
            _ => swedish,
        };
    }
    out
}

impl RuleSetBuilder {
    fn empty_list(&self, at: &str, key: &str) -> Diagnostic {
        Diagnostic::error(
            format!("{at}/{key}"),
            self.say(
                format!("en tom `{key}`-lista kan aldrig matcha"),
                format!("an empty `{key}` list can never match"),
            ),
        )
    }
}

impl RuleSet {
    /// The standard rule set against the built-in catalogue.
    ///
    /// # Errors
    /// Never for the embedded file, which the tests check; the diagnostics otherwise.
    pub fn standard() -> Result<Self, Vec<Diagnostic>> {
        Ok(RuleSetBuilder::new(GoalCatalogue::builtin())
            .with_standard()?
            .build())
    }

    /// The goal catalogue the rules were checked against and are evaluated with.
    pub fn catalogue(&self) -> &GoalCatalogue {
        &self.catalogue
    }

    /// The rule at `index` in load order.
    pub fn rule(&self, index: usize) -> Option<&Rule> {
        self.rules.get(index).map(|c| &c.rule)
    }

    /// The rules, in load order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().map(|c| &c.rule)
    }

    /// Every rule of every layer with where it comes from — the rules in force, in load
    /// order, then the switched-off ones — as `hallbar rules list` shows them.
    pub fn provenance(&self) -> impl Iterator<Item = (&Rule, &Provenance)> {
        self.rules
            .iter()
            .chain(&self.switched_off)
            .map(|c| (&c.rule, &c.provenance))
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the set has no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
