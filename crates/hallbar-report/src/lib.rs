//! Rendering of hallbar's results for people: goal networks as Graphviz DOT and as a
//! self-contained SVG. Pure functions from data to text; no IO.
//!
//! Figures never rely on colour alone: a negative interaction is also dashed, and every
//! edge carries its score as text.

#![deny(missing_docs)]

mod network;

pub use network::{graph_dot, graph_svg};

/// Escapes text for XML (SVG) content and attributes.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
