//! The difference between two versions of a document, as a caseworker reads it: each
//! changed field once, named by its place (`effekter[e2].styrka`), with its value before
//! and after. Lists whose items all have distinct `id`s (effects, stakeholders, measures
//! …) are matched by id, so that removing the second effect is one change, not every
//! later effect shifting by one.
//!
//! What a difference may cost is bounded by what was compared: the changes, their places
//! and their values together stay under [`budget`] bytes, at most [`MAX_CHANGES`] of
//! them; past that the answer says it is `truncated`. Keys longer than [`MAX_KEY_CHARS`]
//! are refused before any work (an assessment's longest key is 23 characters), so no
//! place can be long: at most [`hallbar_core::syntax::MAX_DEPTH`] keys of that length.

use std::collections::BTreeMap;

use hallbar_core::syntax::{Diagnostic, Member, Node, Value, escape_pointer_token};
use serde::Serialize;

/// The most changes one answer lists.
pub(crate) const MAX_CHANGES: usize = 5_000;

/// The longest key of an object in a compared document, in characters.
pub(crate) const MAX_KEY_CHARS: usize = 256;

/// The most bytes of changes (places and values) a difference of documents whose text
/// is `input` bytes long reports: four times the input, and 64 KiB for small ones.
pub(crate) fn budget(input: usize) -> usize {
    input.saturating_mul(4).saturating_add(64 * 1024)
}

/// One changed place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Change<'a> {
    /// The place in words: keys joined by `.`, list items by `[id]` or `[index]`.
    pub path: String,
    /// The place as a JSON pointer into the newer version (the older one when removed).
    pub pointer: String,
    /// The value before; absent when the place was added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<&'a Node>,
    /// The value after; absent when the place was removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<&'a Node>,
}

/// Every change from one document to another, in document order, within a budget.
#[derive(Debug, Serialize)]
pub(crate) struct Diff<'a> {
    /// The changes.
    pub changes: Vec<Change<'a>>,
    /// Whether changes were left out: more than [`MAX_CHANGES`], or more bytes than the
    /// budget.
    pub truncated: bool,
}

/// The first key of `node` longer than [`MAX_KEY_CHARS`], as a diagnostic naming it.
pub(crate) fn long_key(node: &Node, pointer: &str) -> Option<Diagnostic> {
    match &node.value {
        Value::Object(members) => members.iter().find_map(|m| {
            if m.key.chars().nth(MAX_KEY_CHARS).is_some() {
                return Some(
                    Diagnostic::error(
                        pointer,
                        format!("a key is longer than {MAX_KEY_CHARS} characters"),
                    )
                    .with_span(m.key_span.clone()),
                );
            }
            has_children(&m.node)
                .then(|| {
                    long_key(
                        &m.node,
                        &format!("{pointer}/{}", escape_pointer_token(&m.key)),
                    )
                })
                .flatten()
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            has_children(item)
                .then(|| long_key(item, &format!("{pointer}/{i}")))
                .flatten()
        }),
        _ => None,
    }
}

fn has_children(node: &Node) -> bool {
    matches!(node.value, Value::Array(_) | Value::Object(_))
}

/// Every change from `before` to `after`, in document order, until [`MAX_CHANGES`]
/// changes or `budget` bytes (places plus the source text of the values).
///
/// # Complexity
/// O(v log w) for v values in the two documents and w the widest list or object: each
/// value is visited at most once, list items are matched through a sorted index of ids.
pub(crate) fn diff<'a>(before: &'a Node, after: &'a Node, budget: usize) -> Diff<'a> {
    let mut walk = Walk {
        out: Vec::new(),
        left: budget,
        truncated: false,
    };
    walk.node(Some(before), Some(after), &Place::default());
    Diff {
        changes: walk.out,
        truncated: walk.truncated,
    }
}

#[derive(Default, Clone)]
struct Place {
    path: String,
    pointer: String,
}

impl Place {
    fn key(&self, key: &str) -> Self {
        Self {
            path: if self.path.is_empty() {
                key.to_owned()
            } else {
                format!("{}.{key}", self.path)
            },
            pointer: format!("{}/{}", self.pointer, escape_pointer_token(key)),
        }
    }

    fn item(&self, label: &str, index: usize) -> Self {
        Self {
            path: format!("{}[{label}]", self.path),
            pointer: format!("{}/{index}", self.pointer),
        }
    }
}

struct Walk<'a> {
    out: Vec<Change<'a>>,
    /// Bytes of the budget not yet used.
    left: usize,
    truncated: bool,
}

impl<'a> Walk<'a> {
    fn node(&mut self, before: Option<&'a Node>, after: Option<&'a Node>, at: &Place) {
        if self.truncated {
            return;
        }
        match (before.map(|n| &n.value), after.map(|n| &n.value)) {
            (Some(Value::Object(a)), Some(Value::Object(b))) => self.objects(a, b, at),
            (Some(Value::Array(a)), Some(Value::Array(b))) => self.arrays(a, b, at),
            _ if same(before, after) => {}
            _ => self.change(at, before, after),
        }
    }

    fn change(&mut self, at: &Place, before: Option<&'a Node>, after: Option<&'a Node>) {
        let size = |n: Option<&Node>| n.map_or(0, |n| n.span.len());
        // The place twice, both values, and the punctuation around them.
        let cost = at.path.len() + at.pointer.len() + size(before) + size(after) + 48;
        if self.out.len() >= MAX_CHANGES || cost > self.left {
            self.truncated = true;
            return;
        }
        self.left -= cost;
        self.out.push(Change {
            path: at.path.clone(),
            pointer: at.pointer.clone(),
            before,
            after,
        });
    }

    fn objects(&mut self, a: &'a [Member], b: &'a [Member], at: &Place) {
        let mut keys: Vec<&str> = a.iter().chain(b).map(|m| m.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let index = |members: &'a [Member]| -> BTreeMap<&'a str, &'a Node> {
            members.iter().map(|m| (m.key.as_str(), &m.node)).collect()
        };
        let (a, b) = (index(a), index(b));
        for key in keys {
            self.node(a.get(key).copied(), b.get(key).copied(), &at.key(key));
        }
    }

    fn arrays(&mut self, a: &'a [Node], b: &'a [Node], at: &Place) {
        let (Some(old), Some(new)) = (ids(a), ids(b)) else {
            for i in 0..a.len().max(b.len()) {
                self.node(a.get(i), b.get(i), &at.item(&i.to_string(), i));
            }
            return;
        };
        // Items of the newer version in its order (changed or added), then those removed.
        for (i, item) in b.iter().enumerate() {
            let id = id_of(item).unwrap_or_default();
            let before = old.get(id).and_then(|&j| a.get(j));
            self.node(before, Some(item), &at.item(id, i));
        }
        for (i, item) in a.iter().enumerate() {
            let id = id_of(item).unwrap_or_default();
            if !new.contains_key(id) {
                self.node(Some(item), None, &at.item(id, i));
            }
        }
    }
}

/// Whether two places hold the same scalar (or are both absent); lists and objects of
/// both are compared member by member instead.
fn same(a: Option<&Node>, b: Option<&Node>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => !has_children(a) && a.value == b.value,
        _ => false,
    }
}

/// The `id` of a list item, when it has one.
fn id_of(node: &Node) -> Option<&str> {
    let Value::Object(members) = &node.value else {
        return None;
    };
    members
        .iter()
        .find(|m| m.key == "id")
        .and_then(|m| match &m.node.value {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        })
}

/// Each item's position by its `id`, when every item has one and no two share it.
fn ids(items: &[Node]) -> Option<BTreeMap<&str, usize>> {
    let mut index = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        if index.insert(id_of(item)?, i).is_some() {
            return None;
        }
    }
    Some(index)
}

#[cfg(test)]
mod tests {
    use hallbar_core::syntax::{Format, parse};
    use serde_json::json;

    use super::*;

    fn tree(v: &serde_json::Value) -> Node {
        parse(&v.to_string(), Format::Json).unwrap()
    }

    fn paths<'a>(changes: &'a [Change<'_>]) -> Vec<&'a str> {
        changes.iter().map(|c| c.path.as_str()).collect()
    }

    fn value(n: Option<&Node>) -> Option<serde_json::Value> {
        n.map(Node::to_json)
    }

    #[test]
    fn equal_documents_have_no_changes() {
        let doc = tree(&json!({"insats": {"titel": "A"}, "effekter": [{"id": "e1", "styrka": 2}]}));
        let reordered = parse(
            r#"{"effekter":[{"styrka":2,"id":"e1"}],"insats":{"titel":"A"}}"#,
            Format::Json,
        )
        .unwrap();
        let d = diff(&doc, &reordered, budget(100));
        assert!(d.changes.is_empty() && !d.truncated);
    }

    #[test]
    fn items_with_ids_are_matched_by_id() {
        let before = tree(&json!({"effekter": [
            {"id": "e1", "styrka": 1}, {"id": "e2", "styrka": 2}, {"id": "e3", "styrka": 3}
        ]}));
        let after = tree(&json!({"effekter": [
            {"id": "e1", "styrka": 1}, {"id": "e3", "styrka": 2}, {"id": "e4", "styrka": 1}
        ]}));
        let changes = diff(&before, &after, budget(100)).changes;
        assert_eq!(
            paths(&changes),
            ["effekter[e3].styrka", "effekter[e4]", "effekter[e2]"]
        );
        assert_eq!(changes[0].pointer, "/effekter/1/styrka");
        assert_eq!(
            (value(changes[0].before), value(changes[0].after)),
            (Some(json!(3)), Some(json!(2)))
        );
        assert_eq!(changes[1].before, None);
        assert_eq!(changes[2].after, None);
        assert_eq!(changes[2].pointer, "/effekter/1");
    }

    #[test]
    fn fields_and_plain_lists_are_compared_in_place() {
        let before =
            tree(&json!({"insats": {"titel": "A", "sektorer": ["turism"]}, "metod": "kronoberg"}));
        let after =
            tree(&json!({"insats": {"titel": "B", "sektorer": ["turism", "skog"], "a/b": 1}}));
        let changes = diff(&before, &after, budget(100)).changes;
        assert_eq!(
            paths(&changes),
            ["insats.a/b", "insats.sektorer[1]", "insats.titel", "metod"]
        );
        assert_eq!(changes[0].pointer, "/insats/a~1b");
        assert_eq!(changes[3].after, None);
    }

    #[test]
    fn items_sharing_an_id_are_compared_in_place_not_each_against_one() {
        let before = tree(&json!([{"id": "x", "v": "a long value"}]));
        let after = tree(&json!([{"id": "x", "v": 1}, {"id": "x", "v": 2}, {"id": "x", "v": 3}]));
        let changes = diff(&before, &after, budget(100)).changes;
        assert_eq!(paths(&changes), ["[0].v", "[1]", "[2]"]);
    }

    #[test]
    fn the_answer_stops_at_its_budget_and_says_so() {
        let before = tree(&json!({ "k": vec![0; 3000] }));
        let after = tree(&json!({ "k": vec![1; 3000] }));
        let all = diff(&before, &after, usize::MAX);
        assert_eq!(all.changes.len(), 3000);
        assert!(!all.truncated);
        let cut = diff(&before, &after, 10_000);
        assert!(cut.truncated);
        assert!(!cut.changes.is_empty() && cut.changes.len() < 3000);
        let used: usize = cut
            .changes
            .iter()
            .map(|c| c.path.len() + c.pointer.len() + 2 + 48)
            .sum();
        assert!(used <= 10_000, "{used}");
        let many = tree(&json!(vec![0; MAX_CHANGES + 10]));
        let other = tree(&json!(vec![1; MAX_CHANGES + 10]));
        let capped = diff(&many, &other, usize::MAX);
        assert_eq!(capped.changes.len(), MAX_CHANGES);
        assert!(capped.truncated);
    }

    #[test]
    fn long_keys_are_found_wherever_they_are() {
        let key = "k".repeat(MAX_KEY_CHARS + 1);
        let doc = tree(&json!({"a": [{"b": {key.clone(): 1}}]}));
        let d = long_key(&doc, "/before").unwrap();
        assert_eq!(d.pointer, "/before/a/0/b");
        let fine = tree(&json!({"a": [{"b": {"k".repeat(MAX_KEY_CHARS): 1}}]}));
        assert!(long_key(&fine, "").is_none());
    }
}
