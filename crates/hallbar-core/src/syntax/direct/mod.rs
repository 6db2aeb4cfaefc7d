//! JSON text straight into a serde type, without the span-keeping tree: the fast path
//! for reading many documents (the portfolio), where only a text that fails needs a
//! message that names the place — the caller reads such a text again with
//! [`parse`](super::parse).
//!
//! It reads RFC 8259 JSON, as `serde_json` does (a differential test holds it to
//! that): strings must not hold raw control characters, escapes must be complete
//! (`\u` surrogates in pairs), numbers follow the JSON grammar (integers beyond 64 bits
//! and fractions become `f64`; infinite ones are refused), nothing may follow the value,
//! and arrays and objects nest at most [`MAX_DEPTH`] deep, the limit of the checking
//! reader too. Object keys are read as strings: every map of hallbar's formats has
//! string keys.
//!
//! Against `serde_json`, on assessments (a couple of hundred short strings each): one
//! test per eight bytes finds a string's end, a quote, a backslash or a control character
//! alike; a string without escapes is read by a small inlined path and handed to the type
//! borrowed from the input, everything else (escapes, errors) is out of line; errors are
//! one boxed word. docs/performance.md has what each of these saves.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};

use super::MAX_DEPTH;
use super::escape::{EscapeError, unescape};

/// Why a JSON text could not be read into its type, and the byte offset where that
/// became clear.
///
/// Boxed, so that the results passed up through every level of a document stay one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(Box<ErrorAt>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorAt {
    message: String,
    offset: Option<usize>,
}

impl JsonError {
    fn at(message: impl Into<String>, offset: usize) -> Self {
        Self(Box::new(ErrorAt {
            message: message.into(),
            offset: Some(offset),
        }))
    }

    /// What is wrong, without the place.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The byte offset in the text, when known.
    pub fn offset(&self) -> Option<usize> {
        self.0.offset
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.offset {
            Some(offset) => write!(f, "{} at byte {offset}", self.0.message),
            None => f.write_str(&self.0.message),
        }
    }
}

impl std::error::Error for JsonError {}

impl de::Error for JsonError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(Box::new(ErrorAt {
            message: msg.to_string(),
            offset: None,
        }))
    }
}

type Result<T, E = JsonError> = std::result::Result<T, E>;

/// Reads the JSON text into a `T`.
///
/// # Errors
/// Text that is not JSON, or JSON that does not fit `T`.
///
/// ```
/// use hallbar_core::syntax::read_json;
/// let v: Vec<(String, u8)> = read_json(r#"[["a\u00e5", 1]]"#).unwrap();
/// assert_eq!(v, [("aå".to_owned(), 1)]);
/// assert!(read_json::<Vec<u8>>("[1,]").is_err());
/// ```
pub fn read_json<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T> {
    let mut reader = Reader::new(text);
    let value = T::deserialize(&mut reader).map_err(|e| reader.locate(e))?;
    reader.end()?;
    Ok(value)
}

/// The first quote, backslash or control character at or after `from`.
///
/// Eight bytes at a time: a byte `b` of the word `w` is flagged when `b ^ c` is zero for
/// `c` the quote or the backslash, or when `b < 0x20`, by the borrow of subtracting 1
/// (or 0x20) from every byte. Borrows may flag bytes above the first one flagged, never
/// below it, so the lowest flag is exact. Assessments are mostly short strings, where
/// this beats both a byte loop and a SIMD search's set-up.
fn string_stop(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    const QUOTES: u64 = ONES * b'"' as u64;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut at = from;
    while let Some(word) = bytes
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        let w = u64::from_le_bytes(word);
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let flags = (zero(w ^ QUOTES) | zero(w ^ BACKSLASHES) | control) & HIGH;
        if flags != 0 {
            return Some(at + (flags.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    let found = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    Some(at + found)
}

/// A string as read: borrowed from the input when it holds no escapes.
enum Text<'de, 's> {
    Borrowed(&'de str),
    Copied(&'s str),
}

struct Reader<'de> {
    text: &'de str,
    pos: usize,
    depth: usize,
    scratch: String,
}

impl<'de> Reader<'de> {
    fn new(text: &'de str) -> Self {
        Self {
            text,
            pos: 0,
            depth: 0,
            scratch: String::new(),
        }
    }

    // Errors are built out of line, so that the paths that read stay small.
    #[cold]
    #[inline(never)]
    fn error(&self, message: &str) -> JsonError {
        JsonError::at(message, self.pos)
    }

    /// Gives an error from a type (which cannot know where it is) the current offset.
    fn locate(&self, mut e: JsonError) -> JsonError {
        e.0.offset.get_or_insert(self.pos);
        e
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The next byte that is not whitespace, not consumed.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        while let Some(b) = self.byte() {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    #[inline]
    fn peek_value(&mut self) -> Result<u8> {
        match self.peek() {
            Some(b) => Ok(b),
            None => Err(self.error("EOF while parsing a value")),
        }
    }

    fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    fn expect_literal(&mut self, word: &str) -> Result<()> {
        let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
        if rest.starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("expected value"))
        }
    }

    #[inline]
    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        self.pos += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        Ok(())
    }

    /// Reads a string whose opening quote is at `pos`.
    #[inline]
    fn string(&mut self) -> Result<Text<'de, '_>> {
        // Most strings hold no escapes: found whole by the first stop.
        let start = self.pos + 1;
        let bytes = self.text.as_bytes();
        if let Some(end) = string_stop(bytes, start) {
            if bytes.get(end) == Some(&b'"') {
                if let Some(plain) = self.text.get(start..end) {
                    self.pos = end + 1;
                    return Ok(Text::Borrowed(plain));
                }
            }
        }
        self.string_with_stops(start)
    }

    /// Reads the string at `pos` and hands it to the visitor, borrowed when it can be.
    #[inline]
    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Copied(s) => visitor.visit_str(s),
        }
    }

    /// [`string`](Self::string) past its first stop: escapes, errors, the end of the text.
    /// Out of line so that the common path stays small; a string with escapes pays for
    /// scanning its part before the first escape twice.
    #[cold]
    #[inline(never)]
    fn string_with_stops(&mut self, mut start: usize) -> Result<Text<'de, '_>> {
        self.pos = start;
        let bytes = self.text.as_bytes();
        let mut copied = false;
        loop {
            let Some(end) = string_stop(bytes, self.pos) else {
                self.pos = bytes.len();
                return Err(self.error("EOF while parsing a string"));
            };
            // The stops are ASCII, so `start..end` lies on character boundaries.
            let plain = self.text.get(start..end).unwrap_or_default();
            self.pos = end;
            let stop = bytes.get(end).copied();
            if stop == Some(b'"') {
                self.pos += 1;
                if !copied {
                    return Ok(Text::Borrowed(plain));
                }
                self.scratch.push_str(plain);
                return Ok(Text::Copied(&self.scratch));
            }
            if stop != Some(b'\\') {
                return Err(
                    self.error("control character (\\u0000-\\u001F) found while parsing a string")
                );
            }
            if !copied {
                self.scratch.clear();
                copied = true;
            }
            self.scratch.push_str(plain);
            self.pos += 1;
            self.escape()?;
            start = self.pos;
        }
    }

    /// Reads the escape after a backslash into the scratch string.
    fn escape(&mut self) -> Result<()> {
        match unescape(self.text.as_bytes(), self.pos) {
            Ok((c, end)) => {
                self.scratch.push(c);
                self.pos = end;
                Ok(())
            }
            Err((kind, at)) => {
                self.pos = at;
                Err(self.error(match kind {
                    EscapeError::End => "EOF while parsing a string",
                    EscapeError::Unknown | EscapeError::Hex => "invalid escape",
                    EscapeError::MissingLow => "unexpected end of hex escape",
                    EscapeError::BadLow | EscapeError::NotScalar => {
                        "lone leading surrogate in hex escape"
                    }
                }))
            }
        }
    }

    /// Reads a number at `pos` and hands it to the visitor as `u64`, `i64` or `f64`.
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let digits = |from: usize| {
            bytes
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let mut end = start + usize::from(bytes.get(start) == Some(&b'-'));
        let int_digits = digits(end);
        if int_digits == 0 || (int_digits > 1 && bytes.get(end) == Some(&b'0')) {
            self.pos = end;
            return Err(self.error("invalid number"));
        }
        end += int_digits;
        let mut integer = true;
        if bytes.get(end) == Some(&b'.') {
            let n = digits(end + 1);
            if n == 0 {
                self.pos = end + 1;
                return Err(self.error("invalid number"));
            }
            end += 1 + n;
            integer = false;
        }
        if matches!(bytes.get(end), Some(b'e' | b'E')) {
            end += 1;
            if matches!(bytes.get(end), Some(b'+' | b'-')) {
                end += 1;
            }
            let n = digits(end);
            if n == 0 {
                self.pos = end;
                return Err(self.error("invalid number"));
            }
            end += n;
            integer = false;
        }
        let text = self.text.get(start..end).unwrap_or_default();
        self.pos = end;
        if integer && text != "-0" {
            if let Ok(n) = text.parse::<u64>() {
                return visitor.visit_u64(n);
            }
            if let Ok(n) = text.parse::<i64>() {
                return visitor.visit_i64(n);
            }
        }
        // Fractions, exponents, integers beyond 64 bits and `-0` (as `serde_json` reads it).
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => visitor.visit_f64(x),
            _ => {
                self.pos = start;
                Err(self.error("number out of range"))
            }
        }
    }

    /// Moves past the comma before an object's next key: `true` at the key's opening
    /// quote, `false` at the closing brace.
    // Always inlined: out of line, the calls cost the portfolio 5 % of its instructions.
    #[inline(always)]
    fn next_key(&mut self, first: bool) -> Result<bool> {
        match self.peek() {
            Some(b'}') => return Ok(false),
            Some(b',') if !first => {
                self.pos += 1;
                self.peek();
            }
            Some(_) if first => {}
            Some(_) => return Err(self.error("expected `,` or `}`")),
            None => return Err(self.error("EOF while parsing an object")),
        }
        match self.byte() {
            Some(b'"') => Ok(true),
            Some(_) => Err(self.error("key must be a string")),
            None => Err(self.error("EOF while parsing an object")),
        }
    }

    /// The colon after a key.
    // Always inlined: out of line, the calls cost the portfolio 5 % of its instructions.
    #[inline(always)]
    fn colon(&mut self) -> Result<()> {
        if self.peek() != Some(b':') {
            return Err(self.error("expected `:`"));
        }
        self.pos += 1;
        Ok(())
    }

    /// Moves past the comma before a list's next element: `true` at the element, `false`
    /// at the closing bracket.
    // Always inlined: out of line, the calls cost the portfolio 5 % of its instructions.
    #[inline(always)]
    fn next_element(&mut self, first: bool) -> Result<bool> {
        match self.peek() {
            Some(b']') => Ok(false),
            Some(b',') if !first => {
                self.pos += 1;
                if self.peek() == Some(b']') {
                    return Err(self.error("trailing comma"));
                }
                Ok(true)
            }
            Some(_) if first => Ok(true),
            Some(_) => Err(self.error("expected `,` or `]`")),
            None => Err(self.error("EOF while parsing a list")),
        }
    }

    #[inline]
    fn close(&mut self, close: u8, what: &str) -> Result<()> {
        match self.peek() {
            Some(b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(())
            }
            Some(_) => Err(self.error(&format!("trailing characters in {what}"))),
            None => Err(self.error(&format!("EOF while parsing {what}"))),
        }
    }

    /// A value of the wrong kind where `expected` was due.
    #[cold]
    #[inline(never)]
    fn invalid_type(&mut self, expected: &dyn de::Expected) -> JsonError {
        let unexpected = match self.peek() {
            Some(b'"') => de::Unexpected::Other("string"),
            Some(b'{') => de::Unexpected::Map,
            Some(b'[') => de::Unexpected::Seq,
            Some(b't' | b'f') => de::Unexpected::Other("boolean"),
            Some(b'n') => de::Unexpected::Unit,
            _ => de::Unexpected::Other("number"),
        };
        self.locate(de::Error::invalid_type(unexpected, expected))
    }
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_value()? {
            b'{' => {
                self.enter()?;
                let value = visitor.visit_map(Entries {
                    reader: &mut *self,
                    first: true,
                })?;
                self.close(b'}', "an object")?;
                Ok(value)
            }
            b'[' => {
                self.enter()?;
                let value = visitor.visit_seq(Elements {
                    reader: &mut *self,
                    first: true,
                })?;
                self.close(b']', "a list")?;
                Ok(value)
            }
            b'"' => self.visit_string(visitor),
            b't' => {
                self.expect_literal("true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.expect_literal("false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.expect_literal("null")?;
                visitor.visit_unit()
            }
            b'-' | b'0'..=b'9' => self.number(visitor),
            _ => Err(self.error("expected value")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_value()? == b'n' {
            self.expect_literal("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek_value()? {
            // A unit variant: its name.
            b'"' => match self.string()? {
                Text::Borrowed(s) => visitor.visit_enum(s.into_deserializer()),
                Text::Copied(s) => visitor.visit_enum(s.to_owned().into_deserializer()),
            },
            // Any other variant: `{"name": content}`.
            b'{' => {
                self.enter()?;
                let value = visitor.visit_enum(Variant { reader: &mut *self })?;
                self.close(b'}', "an object")?;
                Ok(value)
            }
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// The entries of an object.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = JsonError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let r = &mut *self.reader;
        if !r.next_key(self.first)? {
            return Ok(None);
        }
        self.first = false;
        seed.deserialize(Key { reader: r }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let r = &mut *self.reader;
        r.colon()?;
        seed.deserialize(r)
    }
}

/// An object key: always a string.
struct Key<'r, 'de> {
    reader: &'r mut Reader<'de>,
}

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.reader.visit_string(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}

/// The elements of a list.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = JsonError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let r = &mut *self.reader;
        if !r.next_element(self.first)? {
            return Ok(None);
        }
        self.first = false;
        seed.deserialize(r).map(Some)
    }
}

/// A variant written `{"name": content}`.
struct Variant<'r, 'de> {
    reader: &'r mut Reader<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = JsonError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let r = &mut *self.reader;
        if r.peek() != Some(b'"') {
            return Err(r.error("key must be a string"));
        }
        let name = seed.deserialize(Key { reader: &mut *r })?;
        r.colon()?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = JsonError;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self.reader)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self.reader)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.reader.deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.reader.deserialize_any(visitor)
    }
}
