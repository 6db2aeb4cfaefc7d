//! A small reader for delimited text (RFC 4180 quoting), keeping line numbers.
//!
//! Used for the UN SDG table and, later, cross-impact matrices. It reads only what
//! those files need: one delimiter, `"`-quoted fields with `""` for a quote, CRLF or LF.

/// One record: its fields and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line the record starts on.
    pub line: usize,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

/// A quoted field that never closes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: a quoted field is not closed")]
pub struct CsvError {
    /// The line the field starts on.
    pub line: usize,
}

/// Splits `text` into records separated by `delimiter`. Blank lines are skipped.
///
/// # Errors
/// When a quoted field is not closed before the end of the text.
pub fn read(text: &str, delimiter: char) -> Result<Vec<Record>, CsvError> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut in_quotes = false;
    let mut quote_line = 0;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let mut end_record = |fields: &mut Vec<String>, field: &mut String, at: usize| {
        fields.push(std::mem::take(field));
        let blank = fields.len() == 1 && fields.first().is_some_and(String::is_empty);
        if !blank {
            records.push(Record {
                line: at,
                fields: std::mem::take(fields),
            });
        }
        fields.clear();
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
                quote_line = line;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_record(&mut fields, &mut field, record_line);
                line += 1;
                record_line = line;
            }
            c if c == delimiter => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError { line: quote_line });
    }
    if !field.is_empty() || !fields.is_empty() {
        end_record(&mut fields, &mut field, record_line);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_blank_lines_and_line_numbers() {
        let recs = read("a;\"b;c\"\r\n\n1;\"say \"\"hi\"\"\"\n", ';').unwrap();
        assert_eq!(recs[0].fields, ["a", "b;c"]);
        assert_eq!(recs[1].fields, ["1", "say \"hi\""]);
        assert_eq!(recs[1].line, 3);
    }

    #[test]
    fn unclosed_quote_names_its_line() {
        assert_eq!(read("a\n\"b\nc", ',').unwrap_err(), CsvError { line: 2 });
    }

    #[test]
    fn empty_fields_are_kept() {
        let r = read(",a,\n", ',').unwrap();
        assert_eq!(r[0].fields, ["", "a", ""]);
    }

    #[test]
    fn last_line_without_newline_is_read() {
        let r = read("a,b\nc,d", ',').unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].fields, ["c", "d"]);
    }
}
