//! Markdown, plain text and self-contained HTML from a [`Document`].

use std::fmt::Write as _;

use crate::doc::{Block, Document};
use crate::xml_escape;

/// `text` as Markdown that shows it as it is: every character that Markdown (CommonMark
/// and GitHub's tables) would read as markup — emphasis, code, links and images, HTML
/// and comments, table cells — escaped with a backslash, and (where `text` stands at
/// the start of a line: paragraphs and list items) every line kept from starting a
/// heading, list, quote or code block. Nothing a document says can run, become a
/// Markdown link or image, or change the structure of the decision basis (a bare URL
/// may still be shown as a link by viewers that link them).
fn escape(text: &str, starts_lines: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // CommonMark ends a line at `\n`, `\r\n` and a lone `\r`.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let line = if starts_lines {
            line.trim_start()
        } else {
            line
        };
        // A line that would open a block: its marker escaped.
        let digits = if starts_lines {
            line.bytes().take_while(u8::is_ascii_digit).count()
        } else {
            0
        };
        for (i, c) in line.char_indices() {
            let opens_block = (starts_lines && i == 0 && matches!(c, '#' | '-' | '+' | '=' | '>'))
                || (digits > 0 && i == digits && matches!(c, '.' | ')'));
            if opens_block
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A paragraph.
fn md(text: &str) -> String {
    escape(text, true)
}

/// A list item: one line.
fn md_item(text: &str) -> String {
    escape(&text.replace(['\r', '\n'], " "), true)
}

/// A title, heading, table cell or caption: within a line.
fn md_line(text: &str) -> String {
    escape(&text.replace(['\r', '\n'], " "), false)
}

/// The document as Markdown (figures are described by their captions; SVG is left to
/// the HTML). Every text is escaped ([`md`]): a document's own words never become
/// markup.
pub fn markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n", md_line(&doc.title));
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(
                    out,
                    "{} {}",
                    "#".repeat(usize::from(*level) + 1),
                    md_line(text)
                );
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{}", md(text));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", md_item(item));
                }
            }
            Block::Table(header, rows) => {
                let _ = writeln!(
                    out,
                    "| {} |",
                    header
                        .iter()
                        .map(|h| md_line(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                for row in rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        row.iter()
                            .map(|c| md_line(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
            }
            Block::PageBreak => {}
            Block::Figure(_, caption) => {
                let _ = writeln!(out, "*Figur: {}*", md_line(caption));
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
            Block::PageBreak => {}
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
td,th{overflow-wrap:anywhere}\
@page{size:A4;margin:18mm 16mm}\
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2,h3{page-break-after:avoid;break-after:avoid}\
thead{display:table-header-group}tr,figure{page-break-inside:avoid;break-inside:avoid}\
.page-break{break-after:page;page-break-after:always}a{color:inherit}}";

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
            Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
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
    fn a_documents_words_never_become_markdown() {
        let hostile = "x\r# Rubrik efter vagnretur\r- lista\n<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <!-- the rest\n# Beslut: bifall\n| a | b |\n|---|---|\n  1. punkt\n---\n`kod` *fet* _kursiv_ ~~struken~~ ![bild](x) &lt; \\";
        let doc = Document {
            title: "Titel <b>".into(),
            blocks: vec![
                Block::Heading(1, "Rubrik [länk](x)".into()),
                Block::Paragraph(hostile.into()),
                Block::List(vec![hostile.into()]),
                Block::Table(vec!["h".into()], vec![vec![hostile.into()]]),
            ],
        };
        let md = markdown(&doc);
        // Every markup character of the document's words is escaped (preceded by an
        // odd run of backslashes); the table's own bars aside.
        assert!(!md.contains('\r'), "every line ending is a \\n:\n{md}");
        for line in md.lines().filter(|l| *l != "|---|") {
            let words = line
                .strip_prefix("| ")
                .and_then(|l| l.strip_suffix(" |"))
                .unwrap_or(line);
            let chars: Vec<char> = words.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if matches!(
                    c,
                    '<' | '>' | '[' | ']' | '`' | '*' | '_' | '~' | '!' | '&' | '|'
                ) {
                    let slashes = chars[..i].iter().rev().take_while(|&&b| b == '\\').count();
                    assert!(slashes % 2 == 1, "`{c}` is markup in `{line}`");
                }
            }
        }
        // No line of the document's own starts a heading, list, rule or quote.
        for line in md.lines().skip(1) {
            let own = line.starts_with("## Rubrik")
                || line.starts_with("| ")
                || line.starts_with("- ")
                || line == "|---|"
                || line.is_empty();
            let ordered = line.trim_start_matches(|c: char| c.is_ascii_digit());
            let numbered = ordered.len() < line.len() && ordered.starts_with(['.', ')']);
            assert!(
                own || !(numbered || line.starts_with(['#', '-', '+', '=', '>'])),
                "`{line}` opens a block:\n{md}"
            );
        }
        // The text is all still there, to be read as it was written.
        assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
        assert!(md.contains("\\# Beslut: bifall"), "{md}");
        assert!(md.starts_with("# Titel \\<b\\>\n"), "{md}");
        assert!(md.contains("## Rubrik \\[länk\\](x)\n"), "{md}");
    }

    #[test]
    fn wide_tables_are_one_line_per_row() {
        let long = "x".repeat(TEXT_TABLE_WIDTH);
        let t = text(&table(&["a", "b"], &[&[&long, "1"], &["kort", ""]]));
        assert!(t.contains(&format!("  * a: {long}; b: 1\n")), "{t}");
        assert!(t.ends_with("  * a: kort\n"), "{t}");
    }
}
