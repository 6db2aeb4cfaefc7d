//! A document tree that remembers where each value stands in the source.

use std::ops::Range;

use super::diag::{Diagnostic, escape_pointer_token};

/// A value of a parsed document with the byte span of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it stands in the source.
    pub span: Range<usize>,
}

/// A JSON-like value whose children are [`Node`]s.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (JSON only).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string (TOML dates and times become their text).
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object or table, in source order; keys are unique.
    Object(Vec<Member>),
}

/// A key of an object with its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key.
    pub key: String,
    /// Where the key stands in the source.
    pub key_span: Range<usize>,
    /// The value.
    pub node: Node,
}

impl Node {
    /// The value as `serde_json::Value`, for deserialization and schema validation.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => items.iter().map(Node::to_json).collect(),
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), m.node.to_json()))
                    .collect(),
            ),
        }
    }

    /// The value `pointer` points to, if the document has it.
    pub fn find(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        if pointer.is_empty() {
            return Some(node);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Object(members) => &members.iter().find(|m| m.key == token)?.node,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The span best naming `pointer`: the value it points to, or — when the last token
    /// names no member — the object that lacks it. `None` when the pointer is malformed.
    ///
    /// # Complexity
    /// O(d · w) for pointer depth d and object width w.
    pub fn locate(&self, pointer: &str) -> Option<Range<usize>> {
        let mut node = self;
        if pointer.is_empty() {
            return Some(node.span.clone());
        }
        let rest = pointer.strip_prefix('/')?;
        for raw in rest.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            let next = match &node.value {
                Value::Object(members) => members.iter().find(|m| m.key == token).map(|m| &m.node),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return Some(node.span.clone()),
            }
        }
        Some(node.span.clone())
    }

    /// Gives `diagnostic` the span of its pointer, unless it has one: the key itself for
    /// an unknown field (so the marker stands under the offending name), the value
    /// otherwise.
    pub fn attach_span(&self, diagnostic: &mut Diagnostic) {
        if diagnostic.span.is_some() {
            return;
        }
        let pointer = &diagnostic.pointer;
        let unknown_field = diagnostic.code == Some("unknown_field")
            || diagnostic.message.starts_with("unknown field");
        diagnostic.span = if unknown_field {
            self.locate_key(pointer).or_else(|| self.locate(pointer))
        } else {
            self.locate(pointer)
        };
    }

    /// The span of the key named by the last token of `pointer`, if it exists.
    pub(crate) fn locate_key(&self, pointer: &str) -> Option<Range<usize>> {
        let (parent, key) = pointer.rsplit_once('/')?;
        let key = key.replace("~1", "/").replace("~0", "~");
        let mut node = self;
        if !parent.is_empty() {
            for raw in parent.strip_prefix('/')?.split('/') {
                let token = raw.replace("~1", "/").replace("~0", "~");
                node = match &node.value {
                    Value::Object(m) => &m.iter().find(|m| m.key == token)?.node,
                    Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                    _ => return None,
                };
            }
        }
        match &node.value {
            Value::Object(members) => members
                .iter()
                .find(|m| m.key == key)
                .map(|m| m.key_span.clone()),
            _ => None,
        }
    }
}

/// A node is written as the JSON value it holds, members in source order.
impl serde::Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => s.collect_seq(items),
            Value::Object(members) => s.collect_map(members.iter().map(|m| (&m.key, &m.node))),
        }
    }
}

/// Appends an object key to a JSON pointer.
pub fn pointer_key(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", escape_pointer_token(key))
}

/// Appends an array index to a JSON pointer.
pub(crate) fn pointer_index(pointer: &str, index: usize) -> String {
    format!("{pointer}/{index}")
}
