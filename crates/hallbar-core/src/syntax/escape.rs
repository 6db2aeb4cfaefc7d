//! The escapes of JSON strings (RFC 8259 §7), decoded the same way by both JSON readers;
//! each says what is wrong in its own words.

/// Why an escape cannot be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EscapeError {
    /// The text ends after the backslash.
    End,
    /// No escape starts with this character.
    Unknown,
    /// `\u` is not followed by four hex digits.
    Hex,
    /// A high surrogate is not followed by a second `\u` escape.
    MissingLow,
    /// A high surrogate is followed by an escape that is not a low surrogate.
    BadLow,
    /// A low surrogate on its own: not a Unicode scalar value.
    NotScalar,
}

/// Decodes the escape whose first character (the one after the backslash) is at `at`:
/// the character and the position after the escape, or what is wrong and the position
/// the reader should point at.
pub(super) fn unescape(bytes: &[u8], at: usize) -> Result<(char, usize), (EscapeError, usize)> {
    let c = match bytes.get(at) {
        None => return Err((EscapeError::End, at)),
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => return unicode(bytes, at + 1),
        Some(_) => return Err((EscapeError::Unknown, at)),
    };
    Ok((c, at + 1))
}

/// The code after `\u` at `at`, with the second half of a surrogate pair.
fn unicode(bytes: &[u8], at: usize) -> Result<(char, usize), (EscapeError, usize)> {
    let high = hex4(bytes, at)?;
    let mut end = at + 4;
    let code = if (0xD800..0xDC00).contains(&high) {
        if bytes.get(end..end + 2) != Some(b"\\u") {
            return Err((EscapeError::MissingLow, end));
        }
        let low = hex4(bytes, end + 2)?;
        end += 6;
        if !(0xDC00..0xE000).contains(&low) {
            return Err((EscapeError::BadLow, end));
        }
        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    } else {
        high
    };
    char::from_u32(code)
        .map(|c| (c, end))
        .ok_or((EscapeError::NotScalar, end))
}

fn hex4(bytes: &[u8], at: usize) -> Result<u32, (EscapeError, usize)> {
    bytes
        .get(at..at + 4)
        .and_then(|digits| {
            digits
                .iter()
                .try_fold(0, |code, &b| Some(code * 16 + char::from(b).to_digit(16)?))
        })
        .ok_or((EscapeError::Hex, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_says_where_it_fails() {
        assert_eq!(unescape(b"n", 0), Ok(('\n', 1)));
        assert_eq!(unescape(br"u00e5x", 0), Ok(('å', 5)));
        assert_eq!(unescape(br"ud83d\ude00", 0), Ok(('😀', 11)));
        assert_eq!(unescape(b"", 0), Err((EscapeError::End, 0)));
        assert_eq!(unescape(b"x", 0), Err((EscapeError::Unknown, 0)));
        assert_eq!(unescape(b"u12g4", 0), Err((EscapeError::Hex, 1)));
        assert_eq!(unescape(br"ud83dx", 0), Err((EscapeError::MissingLow, 5)));
        assert_eq!(unescape(br"ud83d\u0041", 0), Err((EscapeError::BadLow, 11)));
        assert_eq!(unescape(br"ude00", 0), Err((EscapeError::NotScalar, 5)));
    }
}
