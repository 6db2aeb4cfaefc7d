//! Reading TOML into the span-keeping [`Node`] tree.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::Diagnostic;
use super::lower_first;
use super::node::{Member, Node, Value, pointer_index, pointer_key};
use super::{MAX_DEPTH, MAX_VALUES};

/// Parses `text` as a TOML document.
///
/// TOML dates and times become their text (`2025-03-01`), so that they read the same as
/// in JSON. Integers must fit in 64 bits and floats must be finite.
///
/// # Errors
/// The first syntax error of the TOML parser, an over-deep nesting, more than
/// [`MAX_VALUES`] values, or a value that has no JSON counterpart, with its span.
pub fn parse(text: &str) -> Result<Node, Diagnostic> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Diagnostic::error("", "the document is empty")
            .with_span(0..0)
            .with_help(
                "expected TOML such as `format_version = 1` followed by an `[insats]` table",
            ));
    }
    let table = DeTable::parse(text).map_err(|e| {
        let message = e.message().trim_end().to_owned();
        let d = Diagnostic::error("", lower_first(&message));
        match e.span() {
            Some(span) => d.with_span(span),
            None => d,
        }
    })?;
    if table.get_ref().is_empty() {
        return Err(
            Diagnostic::error("", "the document is empty: it holds only comments")
                .with_span(0..0)
                .with_help(
                    "expected TOML such as `format_version = 1` followed by an `[insats]` table",
                ),
        );
    }
    let span = table.span();
    let value = table_value(table.get_ref(), "", 0, &mut 1)?;
    Ok(Node { value, span })
}

/// `table` as an object; `values` counts the values converted so far.
fn table_value(
    table: &DeTable<'_>,
    pointer: &str,
    depth: usize,
    values: &mut usize,
) -> Result<Value, Diagnostic> {
    let mut members: Vec<Member> = table
        .iter()
        .map(|(key, value)| {
            let child = pointer_key(pointer, key.get_ref());
            Ok(Member {
                key: key.get_ref().to_string(),
                key_span: key.span(),
                node: node(value, &child, depth + 1, values)?,
            })
        })
        .collect::<Result<_, Diagnostic>>()?;
    // The parser's map is ordered by key; keep the document's order instead.
    members.sort_by_key(|m| m.key_span.start);
    Ok(Value::Object(members))
}

fn node(
    value: &Spanned<DeValue<'_>>,
    pointer: &str,
    depth: usize,
    values: &mut usize,
) -> Result<Node, Diagnostic> {
    let span = value.span();
    if depth > MAX_DEPTH {
        return Err(Diagnostic::error(
            pointer,
            format!("the document nests deeper than {MAX_DEPTH} levels"),
        )
        .with_span(span));
    }
    *values += 1;
    if *values > MAX_VALUES {
        let mut d = super::too_many_values().with_span(span);
        d.pointer = pointer.to_owned();
        return Err(d);
    }
    let out_of_range = |text: &str| {
        Diagnostic::error(pointer, format!("the number `{text}` is out of range"))
            .with_span(span.clone())
    };
    let value = match value.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Integer(i) => {
            let n =
                i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| out_of_range(i.as_str()))?;
            Value::Number(n.into())
        }
        DeValue::Float(f) => {
            let x: f64 = f.as_str().parse().map_err(|_| out_of_range(f.as_str()))?;
            let n = serde_json::Number::from_f64(x).ok_or_else(|| {
                Diagnostic::error(pointer, format!("`{}` is not a finite number", f.as_str()))
                    .with_span(span.clone())
                    .with_help("inf and nan cannot be used in hallbar documents")
            })?;
            Value::Number(n)
        }
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| node(item, &pointer_index(pointer, i), depth + 1, values))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => table_value(table, pointer, depth, values)?,
    };
    Ok(Node { value, span })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_toml_into_json_shapes_in_document_order() {
        let src = "z = 1\na = 0x10\n[t]\nd = 2025-03-01\nf = 1.5\n[[list]]\nx = true\n";
        let n = parse(src).unwrap();
        assert_eq!(
            n.to_json(),
            serde_json::json!({"z": 1, "a": 16, "t": {"d": "2025-03-01", "f": 1.5}, "list": [{"x": true}]})
        );
        let Value::Object(m) = &n.value else { panic!() };
        assert_eq!(
            m.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(),
            ["z", "a", "t", "list"]
        );
        let s = n.locate("/t/d").unwrap();
        assert_eq!(&src[s], "2025-03-01");
    }

    #[test]
    fn errors_have_spans() {
        let d = parse("a = 1\nb = \n").unwrap_err();
        assert!(d.span.is_some());
        let d = parse("a = 1\na = 2\n").unwrap_err();
        assert!(d.message.contains("duplicate key"), "{}", d.message);
    }

    #[test]
    fn non_finite_floats_are_refused() {
        let d = parse("x = nan\n").unwrap_err();
        assert_eq!(d.message, "`nan` is not a finite number");
    }

    #[test]
    fn empty_and_deep_documents_are_refused() {
        assert_eq!(parse("").unwrap_err().message, "the document is empty");
        assert_eq!(
            parse("\n# only a comment\n").unwrap_err().message,
            "the document is empty: it holds only comments"
        );
        let deep = format!("x = {}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let d = parse(&deep).unwrap_err();
        assert!(d.span.is_some(), "{d:?}");
    }
}
