//! Checks of meaning: what a schema cannot say about an assessment document.
//!
//! Every goal id must be known to the catalogue; ids must be unique within their
//! section; references (a measure's keys, an indicator's key, …) must point to
//! something in the same document; dates and years must be in order.

use crate::syntax::{Diagnostic, pointer_index};
use crate::{
    Forslag, GoalCatalogue, GoalId, Hallbarhetssakring, Labelled as _, Lang, Riktning, Svarsstatus,
};

/// Every problem of meaning in `doc`, in document order, said in `lang`. An empty list
/// means the document is consistent with itself and with `catalogue`.
///
/// Diagnostics carry JSON pointers but no spans; the caller that has the source text
/// locates them (see [`crate::syntax::Node::locate`]).
pub fn check(doc: &Hallbarhetssakring, catalogue: &GoalCatalogue, lang: Lang) -> Vec<Diagnostic> {
    let mut c = Checker {
        catalogue,
        lang,
        out: Vec::new(),
    };
    c.insats(doc);
    c.goals(doc);
    c.unique_ids(doc);
    c.references(doc);
    c.answers(doc);
    c.plans(doc);
    c.recommendation(doc);
    c.out
}

/// An id as a sort key: its first eight bytes as one number, then its whole text. It
/// orders as the text does (ids hold no NUL, so the zeros that pad a short id sort
/// first), but most comparisons are one compare of integers instead of a `memcmp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct IdKey<'d>(u64, &'d str);

impl<'d> IdKey<'d> {
    fn of(id: &'d impl AsRef<str>) -> Self {
        let text = id.as_ref();
        let head = match text.as_bytes().first_chunk::<8>() {
            Some(head) => u64::from_be_bytes(*head),
            // Shorter: the bytes high, zeros low, as `from_be_bytes` of the padded text.
            None => {
                let packed = text.bytes().fold(0u64, |n, b| n << 8 | u64::from(b));
                // (The empty text shifts by 64: no bytes, zero.)
                let pad = 8 * (8 - text.len() as u32);
                packed.checked_shl(pad).unwrap_or(0)
            }
        };
        Self(head, text)
    }
}

/// `ids` sorted, for [`Checker::dangling`].
fn sorted<'d, T: AsRef<str> + 'd>(ids: impl Iterator<Item = &'d T>) -> Vec<IdKey<'d>> {
    let mut v: Vec<IdKey<'d>> = ids.map(IdKey::of).collect();
    v.sort_unstable();
    v
}

/// For each repeated key of `items` (key, position), the position of the repetition and
/// of the key's first use, in the order of the repetitions. Sorting instead of hashing:
/// O(n log n) whatever the keys, which a hostile document cannot change.
fn first_uses<K: Ord>(items: &mut [(K, usize)]) -> Vec<(usize, usize)> {
    items.sort_unstable();
    let mut out = Vec::new();
    for run in items.chunk_by(|a, b| a.0 == b.0) {
        if let Some((_, first)) = run.first() {
            out.extend(run.iter().skip(1).map(|(_, at)| (*at, *first)));
        }
    }
    out.sort_unstable();
    out
}

/// Where assessment documents hold goal ids, as JSON pointer patterns (`*` is any index).
const GOAL_FIELDS: [&str; 3] = [
    "/strategisk_inriktning/prioriteringar/*/prioritet",
    "/effekter/*/mal",
    "/malkonflikter/*/mal/*",
];

/// Unknown goal ids in an assessment that is not (yet) structurally valid, read from its
/// raw data, so that they are reported together with the structural problems.
/// Well-formed documents are checked by [`check`], which includes this.
pub fn unknown_goals_in(
    value: &serde_json::Value,
    catalogue: &GoalCatalogue,
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for pattern in GOAL_FIELDS {
        let mut found = Vec::new();
        collect(
            value,
            pattern
                .trim_start_matches('/')
                .split('/')
                .collect::<Vec<_>>()
                .as_slice(),
            String::new(),
            &mut found,
        );
        for (pointer, text) in found {
            let Ok(id) = GoalId::new(text) else { continue };
            if let Err(e) = catalogue.resolve(&id) {
                out.push(Diagnostic::error(pointer, e.message(lang)).with_help(e.help_in(lang)));
            }
        }
    }
    out
}

fn collect<'v>(
    value: &'v serde_json::Value,
    pattern: &[&str],
    at: String,
    out: &mut Vec<(String, &'v str)>,
) {
    let Some((first, rest)) = pattern.split_first() else {
        if let Some(s) = value.as_str() {
            out.push((at, s));
        }
        return;
    };
    match (*first, value) {
        ("*", serde_json::Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, rest, pointer_index(&at, i), out);
            }
        }
        (key, serde_json::Value::Object(map)) => {
            if let Some(v) = map.get(key) {
                collect(v, rest, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}

struct Checker<'a> {
    lang: Lang,
    catalogue: &'a GoalCatalogue,
    out: Vec<Diagnostic>,
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

impl Checker<'_> {
    /// `sv` or `en`, as the checker's language says.
    fn say(&self, sv: &str, en: &str) -> String {
        self.lang.pick(sv, en).to_owned()
    }

    /// A recommendation to support on conditions names its conditions.
    fn recommendation(&mut self, doc: &Hallbarhetssakring) {
        let Some(r) = &doc.samlad_bedomning.rekommendation else {
            return;
        };
        if r.forslag == Forslag::TillstyrkaMedVillkor && r.villkor.iter().all(|v| blank(v)) {
            self.out.push(
                Diagnostic::warning(
                    "/samlad_bedomning/rekommendation/villkor",
                    self.say(
                        "förslaget är att tillstyrka med villkor, men inget villkor är angivet",
                        "the recommendation is to support on conditions, but no condition is given",
                    ),
                )
                .with_help(self.say(
                    "skriv villkoren som beslutet ska ställa",
                    "write the conditions the decision should set",
                )),
            );
        }
    }

    fn goal(&mut self, id: &GoalId, pointer: impl FnOnce() -> String) {
        if self.catalogue.get(id).is_some() {
            return;
        }
        if let Err(e) = self.catalogue.resolve(id) {
            let d =
                Diagnostic::error(pointer(), e.message(self.lang)).with_help(e.help_in(self.lang));
            self.out.push(d);
        }
    }

    fn insats(&mut self, doc: &Hallbarhetssakring) {
        let insats = &doc.insats;
        if blank(&insats.titel) {
            self.out.push(Diagnostic::error(
                "/insats/titel",
                self.say("titeln är tom", "the title is empty"),
            ));
        }
        if let Some(p) = &insats.period {
            if let Some(slut) = p.slut {
                if slut < p.start {
                    self.out.push(Diagnostic::error(
                        "/insats/period/slut",
                        self.lang.pick(
                            format!("perioden slutar ({slut}) innan den börjar ({})", p.start),
                            format!("the period ends ({slut}) before it starts ({})", p.start),
                        ),
                    ));
                }
            }
        }
        let lan = &insats.geografi.lan;
        if !lan.is_empty() {
            for (i, k) in insats.geografi.kommuner.iter().enumerate() {
                if !lan.contains(&k.lan()) {
                    self.out.push(
                        Diagnostic::warning(
                            pointer_index("/insats/geografi/kommuner", i),
                            self.lang.pick(
                                format!(
                                    "kommunen `{k}` ligger i län `{}`, som inte är angivet",
                                    k.lan()
                                ),
                                format!(
                                    "the municipality `{k}` lies in county `{}`, which is not listed",
                                    k.lan()
                                ),
                            ),
                        )
                        .with_help(self.say(
                            "lägg till länet, eller kontrollera kommunen",
                            "add the county to `lan`, or check the municipality code",
                        )),
                    );
                }
            }
        }
    }

    fn goals(&mut self, doc: &Hallbarhetssakring) {
        for (i, p) in doc.strategisk_inriktning.prioriteringar.iter().enumerate() {
            self.goal(&p.prioritet, || {
                format!("/strategisk_inriktning/prioriteringar/{i}/prioritet")
            });
        }
        let mut seen: Vec<((IdKey<'_>, Riktning), usize)> = doc
            .effekter
            .iter()
            .enumerate()
            .map(|(i, e)| ((IdKey::of(&e.mal), e.riktning), i))
            .collect();
        let repeated = first_uses(&mut seen);
        for (i, e) in doc.effekter.iter().enumerate() {
            self.goal(&e.mal, || format!("/effekter/{i}/mal"));
            if blank(&e.motivering) {
                self.out.push(
                    Diagnostic::error(
                        format!("/effekter/{i}/motivering"),
                        self.say("motiveringen är tom", "the motivation is empty"),
                    )
                    .with_help(self.say(
                        "säg varför effekten väntas: motiveringen är det som gör bedömningen prövbar",
                        "say why the effect is expected: the motivation is what makes an assessment checkable",
                    )),
                );
            }
            if let Some(&(_, first)) = repeated.iter().find(|(at, _)| *at == i) {
                self.out.push(
                    Diagnostic::warning(
                        format!("/effekter/{i}"),
                        self.lang.pick(
                            format!(
                                "en {} effekt på `{}` är redan angiven (effekt {})",
                                e.riktning.label(self.lang).to_lowercase(),
                                e.mal,
                                first + 1
                            ),
                            format!(
                                "a {} effect on `{}` is already stated at /effekter/{first}",
                                e.riktning.label(self.lang).to_lowercase(),
                                e.mal
                            ),
                        ),
                    )
                    .with_help(self.say(
                        "ange varje effekt en gång; beskriv flera orsaker i motiveringen",
                        "state each effect once; describe several causes in its motivation",
                    )),
                );
            }
        }
        for (i, k) in doc.malkonflikter.iter().enumerate() {
            for (j, g) in k.mal.iter().enumerate() {
                self.goal(g, || format!("/malkonflikter/{i}/mal/{j}"));
            }
            let mut distinct: Vec<IdKey<'_>> = k.mal.iter().map(IdKey::of).collect();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() < 2 {
                self.out.push(Diagnostic::error(
                    format!("/malkonflikter/{i}/mal"),
                    self.say(
                        "en målkonflikt behöver minst två olika mål",
                        "a goal conflict needs at least two different goals",
                    ),
                ));
            }
        }
    }

    fn unique<'d, T: AsRef<str> + 'd>(&mut self, section: &str, ids: impl Iterator<Item = &'d T>) {
        let mut seen: Vec<(IdKey<'d>, usize)> =
            ids.enumerate().map(|(i, id)| (IdKey::of(id), i)).collect();
        for (i, first) in first_uses(&mut seen) {
            let id = seen.iter().find(|(_, at)| *at == first).map(|(id, _)| id.1);
            if let Some(id) = id {
                self.out.push(Diagnostic::error(
                    format!("/{section}/{i}/id"),
                    self.lang.pick(
                        format!("id `{id}` används redan (rad {} i samma lista)", first + 1),
                        format!("the id `{id}` is already used at /{section}/{first}"),
                    ),
                ));
            }
        }
    }

    fn unique_ids(&mut self, doc: &Hallbarhetssakring) {
        self.unique("effekter", doc.effekter.iter().map(|x| &x.id));
        self.unique("kunskapsluckor", doc.kunskapsluckor.iter().map(|x| &x.id));
        self.unique("intressenter", doc.intressenter.iter().map(|x| &x.id));
        self.unique("nycklar", doc.nycklar.iter().map(|x| &x.id));
        self.unique("atgarder", doc.atgarder.iter().map(|x| &x.id));
        self.unique("indikatorer", doc.indikatorer.iter().map(|x| &x.id));
        self.unique("malkonflikter", doc.malkonflikter.iter().map(|x| &x.id));
        self.unique(
            "intressekonflikter",
            doc.intressekonflikter.iter().map(|x| &x.id),
        );
        // Measures refer to both kinds of conflict by id, so the two share one namespace.
        for (i, k) in doc.intressekonflikter.iter().enumerate() {
            if let Some(j) = doc.malkonflikter.iter().position(|m| m.id == k.id) {
                self.out.push(Diagnostic::error(
                    format!("/intressekonflikter/{i}/id"),
                    self.lang.pick(
                        format!("id `{}` används redan av målkonflikt {}", k.id, j + 1),
                        format!("the id `{}` is already used at /malkonflikter/{j}", k.id),
                    ),
                ));
            }
        }
    }

    fn dangling<T: AsRef<str> + std::fmt::Display>(
        &mut self,
        known: &[IdKey<'_>],
        what: (&str, &str),
        section: &str,
        id: &T,
        pointer: impl FnOnce() -> String,
    ) {
        if known.binary_search(&IdKey::of(id)).is_err() {
            self.out.push(
                Diagnostic::error(
                    pointer(),
                    self.lang.pick(
                        format!("{} har id `{id}`", what.0),
                        format!("no {} has the id `{id}`", what.1),
                    ),
                )
                .with_help(self.lang.pick(
                    "välj bland dem som finns i dokumentet".to_owned(),
                    format!("the ids are those listed under `{section}` in this document"),
                )),
            );
        }
    }

    fn references(&mut self, doc: &Hallbarhetssakring) {
        let effects = sorted(doc.effekter.iter().map(|e| &e.id));
        let keys = sorted(doc.nycklar.iter().map(|k| &k.id));
        let stakeholders = sorted(doc.intressenter.iter().map(|s| &s.id));
        let conflicts = sorted(
            doc.malkonflikter
                .iter()
                .map(|k| &k.id)
                .chain(doc.intressekonflikter.iter().map(|k| &k.id)),
        );
        for (i, k) in doc.nycklar.iter().enumerate() {
            for (j, e) in k.effekter.iter().enumerate() {
                self.dangling(&effects, ("ingen effekt", "effect"), "effekter", e, || {
                    format!("/nycklar/{i}/effekter/{j}")
                });
            }
        }
        for (i, a) in doc.atgarder.iter().enumerate() {
            for (j, k) in a.nycklar.iter().enumerate() {
                self.dangling(
                    &keys,
                    ("ingen hållbarhetsnyckel", "sustainability key"),
                    "nycklar",
                    k,
                    || format!("/atgarder/{i}/nycklar/{j}"),
                );
            }
            for (j, e) in a.effekter.iter().enumerate() {
                self.dangling(&effects, ("ingen effekt", "effect"), "effekter", e, || {
                    format!("/atgarder/{i}/effekter/{j}")
                });
            }
            for (j, k) in a.konflikter.iter().enumerate() {
                self.dangling(
                    &conflicts,
                    ("ingen angiven konflikt", "stated conflict"),
                    "malkonflikter` or `intressekonflikter",
                    k,
                    || format!("/atgarder/{i}/konflikter/{j}"),
                );
            }
        }
        for (i, ind) in doc.indikatorer.iter().enumerate() {
            self.dangling(
                &keys,
                ("ingen hållbarhetsnyckel", "sustainability key"),
                "nycklar",
                &ind.nyckel,
                || format!("/indikatorer/{i}/nyckel"),
            );
        }
        for (i, k) in doc.intressekonflikter.iter().enumerate() {
            for (j, s) in k.intressenter.iter().enumerate() {
                self.dangling(
                    &stakeholders,
                    ("ingen intressent", "stakeholder"),
                    "intressenter",
                    s,
                    || format!("/intressekonflikter/{i}/intressenter/{j}"),
                );
            }
        }
    }

    fn answers(&mut self, doc: &Hallbarhetssakring) {
        let mut seen: Vec<(IdKey<'_>, usize)> = doc
            .svar
            .iter()
            .enumerate()
            .map(|(i, s)| (IdKey::of(&s.fraga), i))
            .collect();
        let repeated = first_uses(&mut seen);
        for (i, s) in doc.svar.iter().enumerate() {
            if let Some(&(_, first)) = repeated.iter().find(|(at, _)| *at == i) {
                self.out.push(Diagnostic::error(
                    format!("/svar/{i}/fraga"),
                    self.lang.pick(
                        format!(
                            "frågan `{}` är redan besvarad (svar {})",
                            s.fraga,
                            first + 1
                        ),
                        format!(
                            "the question `{}` is already answered at /svar/{first}",
                            s.fraga
                        ),
                    ),
                ));
            }
            if s.status == Svarsstatus::Besvarad && s.svar.as_deref().is_none_or(blank) {
                self.out.push(
                    Diagnostic::error(
                        format!("/svar/{i}/svar"),
                        self.say(
                            "frågan är markerad som besvarad men saknar svar",
                            "the question is marked answered but has no answer",
                        ),
                    )
                    .with_help(self.say(
                        "skriv svaret, eller ändra status till obesvarad eller kunskapslucka",
                        "write the answer in `svar`, or set `status` to `obesvarad` or `kunskapslucka`",
                    )),
                );
            }
        }
    }

    fn plans(&mut self, doc: &Hallbarhetssakring) {
        for (i, ind) in doc.indikatorer.iter().enumerate() {
            if let (Some(from), Some(to)) = (ind.utgangsar, ind.malar) {
                if to < from {
                    self.out.push(Diagnostic::error(
                        format!("/indikatorer/{i}/malar"),
                        self.lang.pick(
                            format!("målåret {to} ligger före utgångsåret {from}"),
                            format!("the target year {to} is before the baseline year {from}"),
                        ),
                    ));
                }
            }
            for (field, value) in [
                ("utgangsvarde", ind.utgangsvarde),
                ("malvarde", ind.malvarde),
            ] {
                if value.is_some_and(|v| !v.is_finite()) {
                    self.out.push(Diagnostic::error(
                        format!("/indikatorer/{i}/{field}"),
                        self.say(
                            "värdet är inget ändligt tal",
                            "the value is not a finite number",
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
