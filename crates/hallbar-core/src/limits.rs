//! What one assessment may hold: how many effects, stakeholders, keys, measures,
//! indicators and checkpoints, and how long any text may be.
//!
//! The limits sit far above any real assessment — the largest example in
//! `fixtures/insatser/` states 6 effects, 6 stakeholders and 3 measures — and keep the
//! work and memory of checking one document bounded whatever its sender intends. They
//! are checked on the parsed tree ([`check`]), before the schema, the model or any rule
//! sees the document, and are stated in the JSON Schema (`maxItems`, `maxLength`) so
//! that editors and integrators see them too.

use std::fmt::Write as _;

use crate::syntax::{Diagnostic, Node, Value, escape_pointer_token};

/// The most effects one assessment states (`effekter`).
pub const MAX_EFFECTS: usize = 500;
/// The most goals the effects name, a goal stated both positive and negative counting
/// twice. Every pair of a goal stated positive and one stated negative is a goal
/// conflict, so this bounds the conflicts one assessment can have to 30 × 30; an
/// assessment of a whole strategy names a few dozen goals and targets.
pub const MAX_EFFECT_GOALS: usize = 60;
/// The most stakeholders (`intressenter`).
pub const MAX_STAKEHOLDERS: usize = 200;
/// The most sustainability keys (`nycklar`).
pub const MAX_KEYS: usize = 100;
/// The most measures (`atgarder`).
pub const MAX_MEASURES: usize = 500;
/// The most indicators (`indikatorer`).
pub const MAX_INDICATORS: usize = 500;
/// The most checkpoint decisions (`hallplatser`).
pub const MAX_CHECKPOINTS: usize = 100;
/// The most stated goal conflicts (`malkonflikter`), stakeholder conflicts
/// (`intressekonflikter`), knowledge gaps (`kunskapsluckor`) and RUS priorities
/// (`strategisk_inriktning.prioriteringar`), each.
pub const MAX_STATED: usize = 200;
/// The most answers to support questions (`svar`); a method profile asks a few dozen.
pub const MAX_ANSWERS: usize = 500;
/// The most items of any other list: groups, sectors, counties, municipalities (Sweden
/// has 290), places, the ids an item refers to, remaining questions.
pub const MAX_LIST: usize = 300;
/// The longest text, in characters (about ten pages).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The limit of each section of an assessment, by its JSON pointer; every other list
/// has [`MAX_LIST`].
pub const SECTIONS: [(&str, usize); 10] = [
    ("/effekter", MAX_EFFECTS),
    ("/intressenter", MAX_STAKEHOLDERS),
    ("/nycklar", MAX_KEYS),
    ("/atgarder", MAX_MEASURES),
    ("/indikatorer", MAX_INDICATORS),
    ("/hallplatser", MAX_CHECKPOINTS),
    ("/malkonflikter", MAX_STATED),
    ("/intressekonflikter", MAX_STATED),
    ("/kunskapsluckor", MAX_STATED),
    ("/svar", MAX_ANSWERS),
];

/// The limit of the list at `pointer`.
fn list_limit(pointer: &str) -> usize {
    if pointer == "/strategisk_inriktning/prioriteringar" {
        return MAX_STATED;
    }
    SECTIONS
        .iter()
        .find(|(section, _)| *section == pointer)
        .map_or(MAX_LIST, |&(_, max)| max)
}

/// Every list and text of the assessment `node` that exceeds its limit, one diagnostic
/// each (a list over its limit is not looked into).
///
/// # Complexity
/// O(v + k) for v values and k bytes of keys in the tree: one pointer is kept up to
/// date as the walk goes, and texts are counted only when their bytes could exceed the
/// limit. At most 20 limits are reported.
///
/// # Example
/// ```
/// use hallbar_core::{limits, syntax};
/// let effects = vec![r#"{"id":"e"}"#; limits::MAX_EFFECTS + 1].join(",");
/// let text = format!(r#"{{"format_version":1,"effekter":[{effects}]}}"#);
/// let node = syntax::parse(&text, syntax::Format::Json).unwrap();
/// let over = limits::check(&node);
/// assert_eq!(over[0].pointer, "/effekter");
/// assert!(over[0].message.contains("at most 500"));
/// ```
pub fn check(node: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk(node, &mut String::new(), &mut out);
    if out.is_empty() {
        out.extend(effect_goals(node));
    }
    out
}

/// The limits of sections and of the goals named that a document already read exceeds:
/// for documents that did not come through [`check`] (stored by an earlier version,
/// built by a program, or changed by the server itself). Texts are not measured.
///
/// # Complexity
/// O(e log e) for e effects.
pub fn check_document(doc: &crate::Hallbarhetssakring) -> Vec<Diagnostic> {
    // In the order of `SECTIONS`.
    let counts = [
        doc.effekter.len(),
        doc.intressenter.len(),
        doc.nycklar.len(),
        doc.atgarder.len(),
        doc.indikatorer.len(),
        doc.hallplatser.len(),
        doc.malkonflikter.len(),
        doc.intressekonflikter.len(),
        doc.kunskapsluckor.len(),
        doc.svar.len(),
    ];
    let mut out: Vec<Diagnostic> = SECTIONS
        .iter()
        .zip(counts)
        .filter(|((_, max), n)| n > max)
        .map(|((pointer, max), n)| {
            Diagnostic::error(
                *pointer,
                format!("the list holds {n} items; at most {max} are accepted here"),
            )
        })
        .collect();
    let priorities = doc.strategisk_inriktning.prioriteringar.len();
    if priorities > MAX_STATED {
        out.push(Diagnostic::error(
            "/strategisk_inriktning/prioriteringar",
            format!("the list holds {priorities} items; at most {MAX_STATED} are accepted here"),
        ));
    }
    let named: std::collections::BTreeSet<_> =
        doc.effekter.iter().map(|e| (&e.mal, e.riktning)).collect();
    if named.len() > MAX_EFFECT_GOALS {
        out.push(too_many_goals(named.len()));
    }
    out
}

/// The diagnostic of effects that name `n` goals, more than [`MAX_EFFECT_GOALS`].
fn too_many_goals(n: usize) -> Diagnostic {
    Diagnostic::error(
        "/effekter",
        format!(
            "the effects name {n} goals (by goal and direction); at most {MAX_EFFECT_GOALS} are accepted"
        ),
    )
    .with_help("state effects on the goals and targets that matter most; one effect per goal and direction is enough")
}

/// A diagnostic when the effects name more than [`MAX_EFFECT_GOALS`] goals (by goal
/// and direction).
fn effect_goals(node: &Node) -> Option<Diagnostic> {
    let Value::Object(members) = &node.value else {
        return None;
    };
    let effects = members.iter().find(|m| m.key == "effekter")?;
    let Value::Array(items) = &effects.node.value else {
        return None;
    };
    let named: std::collections::BTreeSet<(&str, &str)> = items
        .iter()
        .filter_map(|e| Some((text(e, "mal")?, text(e, "riktning")?)))
        .collect();
    (named.len() > MAX_EFFECT_GOALS)
        .then(|| too_many_goals(named.len()).with_span(effects.node.span.clone()))
}

/// The most limits reported for one document; one over a limit is enough to refuse it.
const MAX_REPORTED: usize = 20;

/// Looks into `node`, at `pointer` (one buffer for the whole walk: each key is written
/// once, whatever the depth).
fn walk(node: &Node, pointer: &mut String, out: &mut Vec<Diagnostic>) {
    if out.len() >= MAX_REPORTED {
        return;
    }
    let at = pointer.len();
    match &node.value {
        Value::Array(items) => {
            let max = list_limit(pointer);
            if items.len() > max {
                out.push(
                    Diagnostic::error(
                        pointer.as_str(),
                        format!(
                            "the list holds {} items; at most {max} are accepted here",
                            items.len()
                        ),
                    )
                    .with_span(node.span.clone())
                    .with_help(
                        "the limits sit far above any real assessment (see docs/formats.md); split the insats into several",
                    ),
                );
                return;
            }
            for (i, item) in items.iter().enumerate() {
                if worth_a_look(item) {
                    let _ = write!(pointer, "/{i}");
                    walk(item, pointer, out);
                    pointer.truncate(at);
                }
            }
        }
        Value::Object(members) => {
            for m in members {
                if worth_a_look(&m.node) {
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(&m.key));
                    walk(&m.node, pointer, out);
                    pointer.truncate(at);
                }
            }
        }
        _ if too_long(node) => out.push(
            Diagnostic::error(
                pointer.as_str(),
                format!("the text is longer than {MAX_TEXT_CHARS} characters"),
            )
            .with_span(node.span.clone())
            .with_help("attach long material as a document of its own and refer to it"),
        ),
        _ => {}
    }
}

/// The text at `key` of the object `node`.
fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    let Value::Object(members) = &node.value else {
        return None;
    };
    match &members.iter().find(|m| m.key == key)?.node.value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// Whether `node` is a list or an object, which may hold something over a limit, or a
/// text over the limit: what [`walk`] writes a pointer for.
fn worth_a_look(node: &Node) -> bool {
    matches!(node.value, Value::Array(_) | Value::Object(_)) || too_long(node)
}

/// Whether `node` is a text over the limit. Counting characters only for texts whose
/// bytes could exceed it keeps short texts (nearly all) at one comparison.
fn too_long(node: &Node) -> bool {
    matches!(&node.value, Value::String(s) if s.len() > MAX_TEXT_CHARS && s.chars().nth(MAX_TEXT_CHARS).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Format, parse};

    fn over(text: &str) -> Vec<(String, String)> {
        check(&parse(text, Format::Json).unwrap())
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect()
    }

    #[test]
    fn each_section_has_its_limit_and_other_lists_the_common_one() {
        let list = |n: usize| vec!["1"; n].join(",");
        assert!(over(&format!(r#"{{"effekter":[{}]}}"#, list(MAX_EFFECTS))).is_empty());
        let found = over(&format!(r#"{{"effekter":[{}]}}"#, list(MAX_EFFECTS + 1)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "/effekter");
        assert!(found[0].1.contains("501 items; at most 500"), "{found:?}");
        let found = over(&format!(
            r#"{{"insats":{{"geografi":{{"kommuner":[{}]}}}}}}"#,
            list(MAX_LIST + 1)
        ));
        assert_eq!(found[0].0, "/insats/geografi/kommuner");
        let found = over(&format!(
            r#"{{"strategisk_inriktning":{{"prioriteringar":[{}]}}}}"#,
            list(MAX_STATED + 1)
        ));
        assert_eq!(found[0].0, "/strategisk_inriktning/prioriteringar");
    }

    #[test]
    fn the_goals_the_effects_name_are_limited_by_goal_and_direction() {
        let effects = |n: usize, directions: &[&str]| {
            (0..n)
                .flat_map(|i| {
                    directions
                        .iter()
                        .map(move |r| format!(r#"{{"mal":"mkm:{i}","riktning":"{r}"}}"#))
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        let half = MAX_EFFECT_GOALS / 2;
        let fine = format!(
            r#"{{"effekter":[{}]}}"#,
            effects(half, &["positiv", "negativ"])
        );
        assert!(over(&fine).is_empty());
        // The same goal again in the same direction is no new goal.
        let repeated = format!(
            r#"{{"effekter":[{},{}]}}"#,
            effects(half, &["positiv", "negativ"]),
            effects(half, &["positiv"])
        );
        assert!(over(&repeated).is_empty());
        let many = format!(
            r#"{{"effekter":[{}]}}"#,
            effects(half + 1, &["positiv", "negativ"])
        );
        let found = over(&many);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "/effekter");
        assert!(found[0].1.contains("62 goals"), "{found:?}");
    }

    #[test]
    fn a_document_already_read_is_held_to_the_same_limits() {
        let mut doc = crate::testing::fixture("turism-fjall.toml");
        assert!(check_document(&doc).is_empty());
        let effect = doc.effekter[0].clone();
        doc.effekter = vec![effect; MAX_EFFECTS + 1];
        let found = check_document(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/effekter");
        let mut doc = crate::testing::fixture("turism-fjall.toml");
        let checkpoint = crate::Hallplats {
            efter_steg: "A".parse().unwrap(),
            beslut: None,
            motivering: String::new(),
            beslutad_av: None,
            datum: None,
        };
        doc.hallplatser = vec![checkpoint; MAX_CHECKPOINTS + 1];
        assert_eq!(check_document(&doc)[0].pointer, "/hallplatser");
    }

    #[test]
    fn every_text_is_limited_in_characters_not_bytes() {
        let at_limit = "ä".repeat(MAX_TEXT_CHARS);
        assert!(over(&format!(r#"{{"insats":{{"titel":"{at_limit}"}}}}"#)).is_empty());
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        let found = over(&format!(
            r#"{{"effekter":[{{"motivering":"{long}"}}],"x":["{long}"]}}"#
        ));
        assert_eq!(
            found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
            ["/effekter/0/motivering", "/x/0"]
        );
    }
}
