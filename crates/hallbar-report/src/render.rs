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
            Block::Table(header, rows) => text_table(&mut out, header, rows),
            Block::Figure(_, caption) => {
                let _ = writeln!(out, "[Figur: {caption}]");
            }
        }
    }
    out
}

/// The widest table [`text`] lays out in columns; wider ones become one line per row.
pub const TEXT_TABLE_WIDTH: usize = 140;

/// A table as aligned columns (numbers to the right) when it fits in
/// [`TEXT_TABLE_WIDTH`] characters, else each row as one line of `header: value` pairs.
fn text_table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let total = 2 + widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    if total > TEXT_TABLE_WIDTH {
        for row in rows {
            let cells: Vec<String> = header
                .iter()
                .zip(row)
                .filter(|(_, c)| !c.is_empty())
                .map(|(h, c)| format!("{h}: {c}"))
                .collect();
            let _ = writeln!(out, "  * {}", cells.join("; "));
        }
        return;
    }
    // A column of numbers (or percentages, or `n / m`) is aligned to the right.
    let numeric: Vec<bool> = (0..widths.len())
        .map(|i| {
            rows.iter().filter_map(|r| r.get(i)).all(|c| {
                c.chars()
                    .all(|ch| ch.is_ascii_digit() || " %/.,–-−+".contains(ch))
            })
        })
        .collect();
    let line = |cells: &mut dyn Iterator<Item = &String>| {
        let padded: Vec<String> = cells
            .zip(widths.iter().zip(&numeric))
            .map(|(c, (&w, &right))| {
                let pad = " ".repeat(w.saturating_sub(width(c)));
                if right {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        format!("  {}", padded.join("  ").trim_end())
    };
    let _ = writeln!(out, "{}", line(&mut header.iter()));
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    let _ = writeln!(out, "  {}", rule.join("  "));
    for row in rows {
        let _ = writeln!(out, "{}", line(&mut row.iter()));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str], rows: &[&[&str]]) -> Document {
        let owned = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        Document {
            title: "T".into(),
            blocks: vec![Block::Table(
                owned(header),
                rows.iter().map(|r| owned(r)).collect(),
            )],
        }
    }

    #[test]
    fn narrow_tables_are_columns_with_numbers_to_the_right() {
        let t = text(&table(
            &["Mål", "insatser", "andel"],
            &[&["8 Tillväxt", "1061", "47 %"], &["13 Klimat", "5", "3 %"]],
        ));
        let expected = "  Mål         insatser  andel\n  ----------  --------  -----\n  8 Tillväxt      1061   47 %\n  13 Klimat          5    3 %\n";
        assert!(t.ends_with(expected), "{t}");
    }

    #[test]
    fn wide_tables_are_one_line_per_row() {
        let long = "x".repeat(TEXT_TABLE_WIDTH);
        let t = text(&table(&["a", "b"], &[&[&long, "1"], &["kort", ""]]));
        assert!(t.contains(&format!("  * a: {long}; b: 1\n")), "{t}");
        assert!(t.ends_with("  * a: kort\n"), "{t}");
    }
}
