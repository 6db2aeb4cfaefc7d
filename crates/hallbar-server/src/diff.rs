//! The difference between two versions of a document, as a caseworker reads it: each
//! changed field once, named by its place (`effekter[e2].styrka`), with its value before
//! and after. Lists whose items all have an `id` (effects, stakeholders, measures …) are
//! matched by id, so that removing the second effect is one change, not every later
//! effect shifting by one.

use serde::Serialize;
use serde_json::{Map, Value};

/// One changed place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Change {
    /// The place in words: keys joined by `.`, list items by `[id]` or `[index]`.
    pub path: String,
    /// The place as a JSON pointer into the newer version (the older one when removed).
    pub pointer: String,
    /// The value before; absent when the place was added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    /// The value after; absent when the place was removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// Every change from `before` to `after`, in document order.
pub(crate) fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(Some(before), Some(after), &Place::default(), &mut out);
    out
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
            pointer: format!(
                "{}/{}",
                self.pointer,
                key.replace('~', "~0").replace('/', "~1")
            ),
        }
    }

    fn item(&self, label: &str, index: usize) -> Self {
        Self {
            path: format!("{}[{label}]", self.path),
            pointer: format!("{}/{index}", self.pointer),
        }
    }
}

fn walk(before: Option<&Value>, after: Option<&Value>, at: &Place, out: &mut Vec<Change>) {
    match (before, after) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => objects(a, b, at, out),
        (Some(Value::Array(a)), Some(Value::Array(b))) => arrays(a, b, at, out),
        (a, b) if a == b => {}
        (a, b) => out.push(Change {
            path: at.path.clone(),
            pointer: at.pointer.clone(),
            before: a.cloned(),
            after: b.cloned(),
        }),
    }
}

fn objects(a: &Map<String, Value>, b: &Map<String, Value>, at: &Place, out: &mut Vec<Change>) {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        walk(a.get(key), b.get(key), &at.key(key), out);
    }
}

/// The `id` of a list item, when it has one.
fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

fn arrays(a: &[Value], b: &[Value], at: &Place, out: &mut Vec<Change>) {
    let keyed = a.iter().chain(b).all(|v| id_of(v).is_some());
    if !keyed {
        for i in 0..a.len().max(b.len()) {
            walk(a.get(i), b.get(i), &at.item(&i.to_string(), i), out);
        }
        return;
    }
    // Items of the newer version in its order (changed or added), then those removed.
    for (i, item) in b.iter().enumerate() {
        let id = id_of(item).unwrap_or_default();
        let old = a.iter().find(|v| id_of(v) == Some(id));
        walk(old, Some(item), &at.item(id, i), out);
    }
    for (i, item) in a.iter().enumerate() {
        let id = id_of(item).unwrap_or_default();
        if !b.iter().any(|v| id_of(v) == Some(id)) {
            walk(Some(item), None, &at.item(id, i), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn paths(changes: &[Change]) -> Vec<&str> {
        changes.iter().map(|c| c.path.as_str()).collect()
    }

    #[test]
    fn equal_documents_have_no_changes() {
        let doc = json!({"insats": {"titel": "A"}, "effekter": [{"id": "e1", "styrka": 2}]});
        assert!(diff(&doc, &doc).is_empty());
    }

    #[test]
    fn items_with_ids_are_matched_by_id() {
        let before = json!({"effekter": [
            {"id": "e1", "styrka": 1}, {"id": "e2", "styrka": 2}, {"id": "e3", "styrka": 3}
        ]});
        let after = json!({"effekter": [
            {"id": "e1", "styrka": 1}, {"id": "e3", "styrka": 2}, {"id": "e4", "styrka": 1}
        ]});
        let changes = diff(&before, &after);
        assert_eq!(
            paths(&changes),
            ["effekter[e3].styrka", "effekter[e4]", "effekter[e2]"]
        );
        assert_eq!(changes[0].pointer, "/effekter/1/styrka");
        assert_eq!(
            (changes[0].before.clone(), changes[0].after.clone()),
            (Some(json!(3)), Some(json!(2)))
        );
        assert_eq!(changes[1].before, None);
        assert_eq!(changes[2].after, None);
        assert_eq!(changes[2].pointer, "/effekter/1");
    }

    #[test]
    fn fields_and_plain_lists_are_compared_in_place() {
        let before =
            json!({"insats": {"titel": "A", "sektorer": ["turism"]}, "metod": "kronoberg"});
        let after = json!({"insats": {"titel": "B", "sektorer": ["turism", "skog"], "a/b": 1}});
        let changes = diff(&before, &after);
        assert_eq!(
            paths(&changes),
            ["insats.a/b", "insats.sektorer[1]", "insats.titel", "metod"]
        );
        assert_eq!(changes[0].pointer, "/insats/a~1b");
        assert_eq!(changes[3].after, None);
    }
}
