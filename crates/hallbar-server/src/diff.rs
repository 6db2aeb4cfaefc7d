//! The difference between two versions of a document, as a caseworker reads it: each
//! changed field once, named by its place (`effekter[e2].styrka`), with its value before
//! and after. Lists whose items all have distinct `id`s (effects, stakeholders, measures
//! …) are matched by id, so that removing the second effect is one change, not every
//! later effect shifting by one.
//!
//! What a difference may cost is bounded by what was compared: the changes, their places
//! and their values together stay under [`budget`] bytes, at most [`MAX_CHANGES`] of
//! them; past that the answer says it is `truncated`. Keys longer than [`MAX_KEY_CHARS`]
//! are refused before any work (an assessment's longest key is 23 characters), and a
//! list whose ids are longer is compared by position, so a place is at most
//! [`hallbar_core::syntax::MAX_DEPTH`] segments of that length; the place is kept in one
//! buffer as the walk goes and copied only into a change.

use std::collections::BTreeMap;
use std::fmt::Write as _;

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

/// The first key of `node` (at `pointer`) longer than [`MAX_KEY_CHARS`], as a
/// diagnostic naming it.
///
/// # Complexity
/// O(v + k) for v values and k bytes of keys: one pointer is kept as the walk goes.
pub(crate) fn long_key(node: &Node, pointer: &str) -> Option<Diagnostic> {
    fn find(node: &Node, pointer: &mut String) -> Option<Diagnostic> {
        let at = pointer.len();
        match &node.value {
            Value::Object(members) => members.iter().find_map(|m| {
                if m.key.chars().nth(MAX_KEY_CHARS).is_some() {
                    return Some(
                        Diagnostic::error(
                            pointer.as_str(),
                            format!("a key is longer than {MAX_KEY_CHARS} characters"),
                        )
                        .with_span(m.key_span.clone()),
                    );
                }
                if !has_children(&m.node) {
                    return None;
                }
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(&m.key));
                let found = find(&m.node, pointer);
                pointer.truncate(at);
                found
            }),
            Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                if !has_children(item) {
                    return None;
                }
                let _ = write!(pointer, "/{i}");
                let found = find(item, pointer);
                pointer.truncate(at);
                found
            }),
            _ => None,
        }
    }
    find(node, &mut pointer.to_owned())
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
        path: String::new(),
        pointer: String::new(),
        left: budget,
        truncated: false,
    };
    walk.node(Some(before), Some(after));
    Diff {
        changes: walk.out,
        truncated: walk.truncated,
    }
}

struct Walk<'a> {
    out: Vec<Change<'a>>,
    /// The place being compared: in words, and as a JSON pointer.
    path: String,
    pointer: String,
    /// Bytes of the budget not yet used.
    left: usize,
    truncated: bool,
}

/// Where the place stood before a step down: the lengths to go back to.
type Mark = (usize, usize);

impl<'a> Walk<'a> {
    fn key(&mut self, key: &str) -> Mark {
        let mark = (self.path.len(), self.pointer.len());
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
        self.pointer.push('/');
        self.pointer.push_str(&escape_pointer_token(key));
        mark
    }

    fn item(&mut self, label: &dyn std::fmt::Display, index: usize) -> Mark {
        let mark = (self.path.len(), self.pointer.len());
        let _ = write!(self.path, "[{label}]");
        let _ = write!(self.pointer, "/{index}");
        mark
    }

    fn back(&mut self, (path, pointer): Mark) {
        self.path.truncate(path);
        self.pointer.truncate(pointer);
    }

    fn node(&mut self, before: Option<&'a Node>, after: Option<&'a Node>) {
        if self.truncated {
            return;
        }
        match (before.map(|n| &n.value), after.map(|n| &n.value)) {
            (Some(Value::Object(a)), Some(Value::Object(b))) => self.objects(a, b),
            (Some(Value::Array(a)), Some(Value::Array(b))) => self.arrays(a, b),
            _ if same(before, after) => {}
            _ => self.change(before, after),
        }
    }

    fn change(&mut self, before: Option<&'a Node>, after: Option<&'a Node>) {
        let size = |n: Option<&Node>| n.map_or(0, |n| n.span.len());
        // The place twice, both values, and the punctuation around them.
        let cost = self.path.len() + self.pointer.len() + size(before) + size(after) + 48;
        if self.out.len() >= MAX_CHANGES || cost > self.left {
            self.truncated = true;
            return;
        }
        self.left -= cost;
        self.out.push(Change {
            path: self.path.clone(),
            pointer: self.pointer.clone(),
            before,
            after,
        });
    }

    fn objects(&mut self, a: &'a [Member], b: &'a [Member]) {
        let mut keys: Vec<&str> = a.iter().chain(b).map(|m| m.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let index = |members: &'a [Member]| -> BTreeMap<&'a str, &'a Node> {
            members.iter().map(|m| (m.key.as_str(), &m.node)).collect()
        };
        let (a, b) = (index(a), index(b));
        for key in keys {
            let mark = self.key(key);
            self.node(a.get(key).copied(), b.get(key).copied());
            self.back(mark);
        }
    }

    fn arrays(&mut self, a: &'a [Node], b: &'a [Node]) {
        let (Some(old), Some(new)) = (ids(a), ids(b)) else {
            for i in 0..a.len().max(b.len()) {
                let mark = self.item(&i, i);
                self.node(a.get(i), b.get(i));
                self.back(mark);
            }
            return;
        };
        // Items of the newer version in its order (changed or added), then those removed.
        for (i, item) in b.iter().enumerate() {
            let id = id_of(item).unwrap_or_default();
            let mark = self.item(&id, i);
            self.node(old.get(id).and_then(|&j| a.get(j)), Some(item));
            self.back(mark);
        }
        for (i, item) in a.iter().enumerate() {
            let id = id_of(item).unwrap_or_default();
            if !new.contains_key(id) {
                let mark = self.item(&id, i);
                self.node(Some(item), None);
                self.back(mark);
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

/// Each item's position by its `id`, when every item has one, no two share it and none
/// is longer than [`MAX_KEY_CHARS`].
fn ids(items: &[Node]) -> Option<BTreeMap<&str, usize>> {
    let mut index = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let id = id_of(item).filter(|id| id.chars().nth(MAX_KEY_CHARS).is_none())?;
        if index.insert(id, i).is_some() {
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
    fn items_with_long_ids_are_compared_in_place() {
        let id = "i".repeat(MAX_KEY_CHARS + 1);
        let before = tree(&json!([{"id": id.clone(), "v": 1}]));
        let after = tree(&json!([{"id": id, "v": 2}]));
        let changes = diff(&before, &after, budget(100)).changes;
        assert_eq!(paths(&changes), ["[0].v"]);
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
