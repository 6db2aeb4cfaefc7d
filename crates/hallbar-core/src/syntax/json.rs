//! A JSON parser that keeps source spans, rejects duplicate keys and limits nesting.
//!
//! `serde_json` forgets where values stand; validation must say line and column for
//! every problem, so documents are first read into a [`Node`] tree.
//!
//! A value's JSON pointer is only written when there is an error: each level reports
//! its errors relative to itself, and the levels above add their key or index on the
//! way out.

use super::diag::Diagnostic;
use super::diag::escape_pointer_token;
use super::escape::{EscapeError, unescape};
use super::node::{Member, Node, Value};
use super::{MAX_DEPTH, MAX_VALUES};

/// Parses `text` as one JSON value.
///
/// # Errors
/// The first syntax error, an over-deep nesting (more than [`MAX_DEPTH`] levels), more
/// than [`MAX_VALUES`] values, or a duplicate key, with its span.
pub fn parse(text: &str) -> Result<Node, Diagnostic> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        values: 0,
    };
    // A UTF-8 byte-order mark, as some Windows tools write, is not an error.
    if text.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        return Err(Diagnostic::error("", "the document is empty")
            .with_span(0..0)
            .with_help("expected a JSON object such as {\"format_version\": 1, …}"));
    }
    let node = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected text after the end of the document"));
    }
    Ok(node)
}

/// `d`, an error inside the member or item `token` of a value, as an error of that value.
fn nested(mut d: Diagnostic, token: &str) -> Diagnostic {
    d.pointer.insert_str(0, token);
    d.pointer.insert(0, '/');
    d
}

/// Objects up to this many members are checked for a repeated key as each key is read.
const SEARCHED_MEMBERS: usize = 16;

/// The first member (in document order) whose key an earlier member has, with that
/// earlier member.
///
/// # Complexity
/// O(n log n) for n members.
fn first_repeated(members: &[Member]) -> Option<(&Member, &Member)> {
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| members.get(i).map(|m| m.key.as_str());
        key(a).cmp(&key(b)).then(a.cmp(&b))
    });
    order
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .filter_map(|(a, b)| Some((members.get(a)?, members.get(b)?, b)))
        .filter(|(a, b, _)| a.key == b.key)
        .min_by_key(|(_, _, at)| *at)
        .map(|(a, b, _)| (a, b))
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Values read so far, to stop at [`MAX_VALUES`] before the tree grows further.
    values: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// A syntax error at the current position, pointing at the value being read (the
    /// levels above add their keys and indices).
    fn error(&self, message: &str) -> Diagnostic {
        let end = (self.pos + 1).min(self.bytes.len());
        let found = match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            Some(c) => format!("{message}, found `{}`", c.escape_debug()),
            None => format!("{message}, found the end of the file"),
        };
        Diagnostic::error("", found).with_span(self.pos..end.max(self.pos))
    }

    fn value(&mut self, depth: usize) -> Result<Node, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(Diagnostic::error(
                "",
                format!("the document nests deeper than {MAX_DEPTH} levels"),
            )
            .with_span(self.pos..self.pos + 1)
            .with_help("hallbar documents need only a few levels; this looks like a damaged or hostile file"));
        }
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(super::too_many_values().with_span(self.pos..self.pos + 1));
        }
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.error("expected a JSON value")),
        };
        Ok(Node {
            value,
            span: start..self.pos,
        })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, Diagnostic> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Diagnostic> {
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key in double quotes"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = key_start..self.pos;
            let under_key = |d: Diagnostic| nested(d, &escape_pointer_token(&key));
            // A small object is searched as it grows; a large one is sorted once at
            // its end (searching each key would be quadratic in its members).
            if members.len() < SEARCHED_MEMBERS
                && let Some(first) = members.iter().find(|m| m.key == key)
            {
                return Err(under_key(self.duplicate(&first.key_span, &key, key_span)));
            }
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(under_key(self.error("expected `:` after the key")));
            }
            self.pos += 1;
            self.skip_ws();
            let node = self.value(depth + 1).map_err(under_key)?;
            members.push(Member {
                key,
                key_span,
                node,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    if members.len() > SEARCHED_MEMBERS
                        && let Some((first, again)) = first_repeated(&members)
                    {
                        return Err(nested(
                            self.duplicate(&first.key_span, &again.key, again.key_span.clone()),
                            &escape_pointer_token(&again.key),
                        ));
                    }
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` in the object")),
            }
        }
    }

    /// The error of `key`, at `span`, given before at `first` (the caller adds the key
    /// to the pointer).
    fn duplicate(
        &self,
        first: &std::ops::Range<usize>,
        key: &str,
        span: std::ops::Range<usize>,
    ) -> Diagnostic {
        let first_at = super::diag::line_col(self.text, first.start);
        Diagnostic::error("", format!("duplicate key `{key}`"))
            .with_span(span)
            .with_help(format!(
                "the key was already given at line {}, column {}; keep one of them",
                first_at.line, first_at.column
            ))
    }

    fn array(&mut self, depth: usize) -> Result<Value, Diagnostic> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            let index = items.len();
            items.push(
                self.value(depth + 1)
                    .map_err(|d| nested(d, &index.to_string()))?,
            );
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` in the array")),
            }
        }
    }

    fn string(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character at once.
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                Some(_) => {
                    return Err(
                        self.error("control characters must be escaped in strings (e.g. `\\n`)")
                    );
                }
                None => {
                    return Err(Diagnostic::error("", "unterminated string")
                        .with_span(start..self.bytes.len())
                        .with_help("add the closing `\"`"));
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, Diagnostic> {
        match unescape(self.bytes, self.pos) {
            Ok((c, end)) => {
                self.pos = end;
                Ok(c)
            }
            Err((kind, at)) => {
                self.pos = at;
                Err(self.error(match kind {
                    EscapeError::End | EscapeError::Unknown => "unknown escape in string",
                    EscapeError::Hex => "expected four hex digits after `\\u`",
                    EscapeError::MissingLow => "expected the second half of a surrogate pair",
                    EscapeError::BadLow => "invalid low surrogate in `\\u` escape",
                    EscapeError::NotScalar => "the `\\u` escape is not a Unicode scalar value",
                }))
            }
        }
    }

    fn number(&mut self) -> Result<Value, Diagnostic> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > s
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("numbers must not have leading zeros"));
            }
        } else if !digits(self) {
            return Err(self.error("expected digits"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("expected digits after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("expected digits in the exponent"));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        let number = text
            .parse::<serde_json::Number>()
            .ok()
            .filter(|n| n.as_f64().is_some_and(f64::is_finite) || n.is_i64() || n.is_u64());
        number.map(Value::Number).ok_or_else(|| {
            Diagnostic::error("", format!("the number `{text}` is out of range"))
                .with_span(start..self.pos)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Diagnostic {
        parse(text).unwrap_err()
    }

    #[test]
    fn parses_values_with_spans() {
        let text = r#" {"a": [1, -2.5e3, "x\u00e5\ud83d\ude00"], "b": null} "#;
        let n = parse(text).unwrap();
        assert_eq!(
            n.to_json(),
            serde_json::json!({"a": [1, -2500.0, "xå😀"], "b": null})
        );
        assert_eq!(n.span, 1..text.len() - 1);
        assert_eq!(&text[n.locate("/a/2").unwrap()], r#""x\u00e5\ud83d\ude00""#);
        assert_eq!(
            &text[n.locate("/a/9").unwrap()],
            r#"[1, -2.5e3, "x\u00e5\ud83d\ude00"]"#
        );
    }

    #[test]
    fn syntax_errors_say_what_was_found() {
        assert_eq!(err("").message, "the document is empty");
        assert_eq!(err("   \n").message, "the document is empty");
        assert_eq!(
            err("{\"a\": 1,}").message,
            "expected a key in double quotes, found `}`"
        );
        assert_eq!(
            err("{\"a\" 1}").message,
            "expected `:` after the key, found `1`"
        );
        assert_eq!(
            err("[1 2]").message,
            "expected `,` or `]` in the array, found `2`"
        );
        assert_eq!(
            err("{\"a\": tru}").message,
            "expected a JSON value, found `t`"
        );
        assert_eq!(err("\"abc").message, "unterminated string");
        assert_eq!(
            err("01").message,
            "numbers must not have leading zeros, found `1`"
        );
        assert_eq!(
            err("{} {}").message,
            "unexpected text after the end of the document, found `{`"
        );
        assert_eq!(err("1e999").message, "the number `1e999` is out of range");
        assert!(err("\"a\tb\"").message.starts_with("control characters"));
        assert!(
            err("\"\\ud800\"")
                .message
                .starts_with("expected the second half")
        );
    }

    #[test]
    fn duplicate_keys_are_rejected_with_both_places() {
        let d = err("{\"a\": 1,\n \"a\": 2}");
        assert_eq!(d.message, "duplicate key `a`");
        assert_eq!(d.pointer, "/a");
        assert_eq!(
            d.help.unwrap(),
            "the key was already given at line 1, column 2; keep one of them"
        );
    }

    #[test]
    fn a_repeated_key_in_a_large_object_is_found_at_its_end() {
        let members: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 30)).collect();
        let text = format!("{{\"x\": {{{}}}}}", members.join(", "));
        let d = err(&text);
        assert_eq!(d.pointer, "/x/k0");
        assert!(d.message.contains("duplicate key `k0`"), "{}", d.message);
        let at = text.find("\"k0\": 30").unwrap();
        assert_eq!(d.span, Some(at..at + 4));
        assert!(d.help.unwrap().contains("column 8"));
        let distinct: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(parse(&format!("{{{}}}", distinct.join(","))).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let d = err(&deep);
        assert!(d.message.contains("nests deeper than"), "{}", d.message);
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn errors_point_into_the_document() {
        let d = err("{\"effekter\": [{\"mal\": }]}");
        assert_eq!(d.pointer, "/effekter/0/mal");
        // Every kind of error, at every level, names the value it is in; keys are
        // escaped as JSON pointer tokens.
        let cases = [
            (r#"{"a/b": [1, {"c~": tru}]}"#, "/a~1b/1/c~0"),
            (r#"{"a": [1, 2, {"b": 1, "b": 2}]}"#, "/a/2/b"),
            (r#"{"a": {"b" 1}}"#, "/a/b"),
            (r#"{"a": [1 2]}"#, "/a"),
            (r#"{"a": {"b": 1 "c": 2}}"#, "/a"),
            (r#"{"a": ["x\qy"]}"#, "/a/0"),
            (r#"{"a": [[], [01]]}"#, "/a/1/0"),
            (r#"{"a": {"b": "open"#, "/a/b"),
        ];
        for (text, pointer) in cases {
            assert_eq!(err(text).pointer, pointer, "{text}");
        }
        let deep = format!(
            "{{\"a\": {}{}",
            "[".repeat(MAX_DEPTH + 5),
            "]".repeat(MAX_DEPTH + 5)
        );
        assert!(err(&deep).pointer.starts_with("/a/0/0/0/"));
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        assert!(parse("\u{feff}{}").is_ok());
    }
}
