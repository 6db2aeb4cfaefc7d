//! A renderer-neutral document: what the decision basis says, before it is Markdown,
//! text or HTML.

/// A block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of level 1–3.
    Heading(u8, String),
    /// A paragraph.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table: header cells, then rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A figure: self-contained SVG and its caption (which says in words what it shows).
    Figure(String, String),
    /// The end of a printed page: what follows starts on a new one (HTML only).
    PageBreak,
}

/// A document: a title and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The title.
    pub title: String,
    /// The content, in order.
    pub blocks: Vec<Block>,
}
