//! Reading many JSON documents, one after the other, into the same memory.

use crate::Hallbarhetssakring;
use crate::syntax::{JsonError, read_assessment, read_assessment_into};

/// A document that each JSON text is read into in turn, reusing the strings and lists of
/// the one before: a worker that reads millions of documents allocates only when a
/// document needs more room than any before it.
///
/// A text that cannot be read leaves no document behind: [`DocumentBuffer::read_json`]
/// hands out a document only when the whole text was read.
///
/// ```
/// use hallbar_core::portfolio::{DocumentBuffer, Generator};
/// let generator = Generator::new(1);
/// let mut buffer = DocumentBuffer::default();
/// for i in 0..3 {
///     let text = generator.document(i).to_string();
///     let doc = buffer.read_json(&text).unwrap();
///     assert_eq!(doc.insats.id.as_str(), format!("gen-1-{i}"));
/// }
/// assert!(buffer.read_json("{\"format_version\": 1}").is_err());
/// ```
#[derive(Debug, Default)]
pub struct DocumentBuffer {
    doc: Option<Hallbarhetssakring>,
}

impl DocumentBuffer {
    /// Reads the JSON document `text` (with [`read_json`]: the same document as a
    /// fresh read gives).
    pub fn read_json(&mut self, text: &str) -> Result<&Hallbarhetssakring, JsonError> {
        // Out of the buffer while it is written: a failure part-way leaves it empty.
        let read = match self.doc.take() {
            None => read_assessment(text),
            Some(mut doc) => read_assessment_into(text, &mut doc).map(|()| doc),
        };
        Ok(self.doc.insert(read?))
    }
}
