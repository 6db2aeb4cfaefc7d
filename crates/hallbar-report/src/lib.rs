//! Rendering of hallbar's results for people: the decision basis (beslutsunderlag) as
//! Markdown, plain text or one self-contained HTML file with SVG figures; goal networks
//! as Graphviz DOT and SVG. Pure functions from data to text; no IO.
//!
//! Figures never rely on colour alone: negative is also dashed or hatched and signed,
//! and every figure has a caption that says what it shows in words.

#![deny(missing_docs)]

mod decision;
mod doc;
mod figures;
mod format;
mod network;
mod portfolio;
mod render;

use hallbar_core::{GoalCatalogue, GoalId, Lang};

pub use decision::DecisionBasis;
pub use doc::{Block, Document};
pub use figures::{goal_wheel, insats_network, stakeholder_grid};
pub use format::{ReportFormat, UnknownReportFormat};
pub use network::{graph_dot, graph_svg};
pub use portfolio::portfolio_document;
pub use render::{html, markdown, text};

/// `sv` or `en`, as owned text.
fn t(lang: Lang, sv: &str, en: &str) -> String {
    lang.pick(sv.to_owned(), en.to_owned())
}

/// A goal with its name (`8 Anständiga arbetsvillkor…`); an Agenda 2030 target is named
/// by its goal, whose name is short enough for a table.
fn goal_name(catalogue: &GoalCatalogue, id: &GoalId, lang: Lang) -> String {
    catalogue.get(id).map_or_else(
        || id.to_string(),
        |g| {
            let name = if g.parent.is_some() && id.is_sdg() {
                catalogue.top_level(id).map_or("", |top| top.name(lang))
            } else {
                g.name(lang)
            };
            format!("{id} {name}")
        },
    )
}

/// `value` with `decimals` decimals (as many as needed, up to four, when `None`), in the
/// convention of `lang`: a decimal comma and a true minus sign in Swedish.
fn number(value: f64, decimals: Option<usize>, lang: Lang) -> String {
    let text = match decimals {
        Some(d) => format!("{value:.d$}"),
        None => {
            let t = format!("{value:.4}");
            let t = t.trim_end_matches('0').trim_end_matches('.');
            if t == "-0" {
                "0".to_owned()
            } else {
                t.to_owned()
            }
        }
    };
    match lang {
        Lang::En => text,
        _ => lang.decimal(&text).replace('-', "−"),
    }
}

/// `value` with its sign (`+3,0`, `−0,5`), as [`number`].
fn signed(value: f64, decimals: usize, lang: Lang) -> String {
    let n = number(value, Some(decimals), lang);
    if value >= 0.0 { format!("+{n}") } else { n }
}

/// Escapes text for XML (SVG) and HTML content and attributes.
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
