//! Markdown, plain text and self-contained HTML from a [`Document`].

use std::fmt::Write as _;

use crate::doc::{Block, Document};
use crate::xml_escape;

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The document as Markdown (figures are described by their captions; SVG is left to
/// the HTML).
pub fn markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n", doc.title);
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(out, "{} {text}", "#".repeat(usize::from(*level) + 1));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{text}");
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", item.replace('\n', " "));
                }
            }
            Block::Table(header, rows) => {
                let _ = writeln!(
                    out,
                    "| {} |",
                    header
                        .iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                for row in rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        row.iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
            }
            Block::Figure(_, caption) => {
                let _ = writeln!(out, "*Figur: {caption}*");
            }
        }
    }
    out
}

/// The document as plain text for a terminal or an e-mail.
pub fn text(doc: &Document) -> String {
    let mut out = format!("{}\n{}\n", doc.title, "=".repeat(doc.title.chars().count()));
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(_, text) => {
                let _ = writeln!(out, "{text}\n{}", "-".repeat(text.chars().count()));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{text}");
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "  * {item}");
                }
            }
            Block::Table(header, rows) => {
                for row in rows {
                    let cells: Vec<String> = header
                        .iter()
                        .zip(row)
                        .filter(|(_, c)| !c.is_empty())
                        .map(|(h, c)| format!("{h}: {c}"))
                        .collect();
                    let _ = writeln!(out, "  * {}", cells.join("; "));
                }
            }
            Block::Figure(_, caption) => {
                let _ = writeln!(out, "[Figur: {caption}]");
            }
        }
    }
    out
}

const STYLE: &str = "body{font-family:Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}\
h1{font-size:1.7rem;border-bottom:3px solid #1a1a1a;padding-bottom:.3rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #999}\
h3{font-size:1.05rem}table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}\
th,td{border:1px solid #999;padding:.3rem .45rem;text-align:left;vertical-align:top}th{background:#eee}\
figure{margin:1rem 0;page-break-inside:avoid;break-inside:avoid}figcaption{font-size:.9rem;color:#333;margin-top:.3rem}\
svg{max-width:100%;height:auto}.meta{color:#444;font-size:.9rem}\
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid;break-after:avoid}table,tr{page-break-inside:avoid;break-inside:avoid}a{color:inherit}}";

/// The document as one self-contained HTML file: inline CSS and SVG, nothing fetched,
/// laid out for print too.
pub fn html(doc: &Document, lang: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        xml_escape(&doc.title),
        xml_escape(&doc.title)
    );
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let h = (level + 1).min(6);
                let _ = writeln!(out, "<h{h}>{}</h{h}>", xml_escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", xml_escape(text));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", xml_escape(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(header, rows) => {
                out.push_str("<table>\n<thead><tr>");
                for h in header {
                    let _ = write!(out, "<th scope=\"col\">{}</th>", xml_escape(h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", xml_escape(c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Figure(svg, caption) => {
                let _ = writeln!(
                    out,
                    "<figure>\n{svg}<figcaption>{}</figcaption>\n</figure>",
                    xml_escape(caption)
                );
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
