//! A goal graph as DOT and as SVG.

use std::f64::consts::PI;
use std::fmt::Write as _;

use hallbar_core::graph::{GoalGraph, Score};
use hallbar_core::{GoalCatalogue, Lang};

use crate::xml_escape;

/// Colour, dash pattern and width of an interaction's line: red and dashed for negative,
/// blue and solid for positive, grey and dotted for consistent; wider for stronger.
fn style(score: Score) -> (&'static str, &'static str, f64) {
    let v = score.value();
    let colour = match v {
        v if v < 0 => "#b2182b",
        0 => "#7f7f7f",
        _ => "#2166ac",
    };
    let dash = match v {
        v if v < 0 => "6 4",
        0 => "2 3",
        _ => "",
    };
    (colour, dash, 1.0 + f64::from(v.unsigned_abs()))
}

fn dot_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The graph in Graphviz DOT: one node per goal (labelled with its id and name), one edge
/// per interaction labelled with its score; negative edges red and dashed.
///
/// # Complexity
/// O(V + E).
///
/// # Example
/// ```
/// use hallbar_core::graph::{GoalGraph, Score};
/// use hallbar_core::{GoalCatalogue, Lang};
/// let cat = GoalCatalogue::builtin();
/// let mut g = GoalGraph::new();
/// g.add_interaction(cat, &"8".parse().unwrap(), &"13".parse().unwrap(), Score::Counteracting).unwrap();
/// let dot = hallbar_report::graph_dot(&g, cat, Lang::Sv);
/// assert!(dot.contains(r#""8" -> "13" [label="-2""#));
/// ```
pub fn graph_dot(graph: &GoalGraph, catalogue: &GoalCatalogue, lang: Lang) -> String {
    let mut out = String::from(
        "digraph goals {\n  graph [rankdir=LR, overlap=false, splines=true];\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for goal in graph.goals() {
        let name = catalogue.get(goal).map_or("", |g| g.name(lang));
        let _ = writeln!(
            out,
            "  {} [label={}];",
            dot_quote(goal.as_str()),
            dot_quote(&format!("{goal}\n{name}"))
        );
    }
    for (from, to, i) in graph.interactions() {
        let (colour, dash, width) = style(i.score);
        let style = if dash.is_empty() {
            "solid"
        } else if i.score.value() == 0 {
            "dotted"
        } else {
            "dashed"
        };
        let tooltip = format!("{} ({}): {}", i.score.label(lang), i.score, i.rationale);
        let _ = writeln!(
            out,
            "  {} -> {} [label=\"{}\", color=\"{colour}\", style={style}, penwidth={width}, tooltip={}];",
            dot_quote(from.as_str()),
            dot_quote(to.as_str()),
            i.score,
            dot_quote(&tooltip)
        );
    }
    out.push_str("}\n");
    out
}

/// The graph as a self-contained SVG: goals on a circle, interactions as arrows with
/// their score written at the middle; a legend explains colours and dashes. Each arrow
/// has a `<title>` with the level, score and rationale (shown on hover).
///
/// # Complexity
/// O(V + E).
///
/// # Example
/// ```
/// use hallbar_core::graph::GoalGraph;
/// use hallbar_core::{GoalCatalogue, Lang};
/// let svg = hallbar_report::graph_svg(&GoalGraph::standard().unwrap(), GoalCatalogue::builtin(), Lang::Sv);
/// assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
/// ```
pub fn graph_svg(graph: &GoalGraph, catalogue: &GoalCatalogue, lang: Lang) -> String {
    // Official order round the circle (1, 2, … 17; 8.2 before 8.10), clockwise from the top.
    let mut goals: Vec<_> = graph.goals().collect();
    goals.sort();
    let n = goals.len().max(1);
    #[expect(clippy::cast_precision_loss, reason = "goal counts are small")]
    let radius = (120.0 + 14.0 * n as f64).min(520.0);
    let node_r = 22.0;
    // Room beside the circle for names of up to 34 characters, above it for the legend.
    let (margin_x, margin_y) = (240.0, 110.0);
    let (width, height) = (2.0 * (radius + margin_x), 2.0 * (radius + margin_y));
    let (cx0, cy0) = (width / 2.0, height / 2.0);
    let position = |i: usize| {
        #[expect(clippy::cast_precision_loss, reason = "goal counts are small")]
        let angle = 2.0 * PI * i as f64 / n as f64 - PI / 2.0;
        (cx0 + radius * angle.cos(), cy0 + radius * angle.sin())
    };
    let index = |id: &hallbar_core::GoalId| goals.iter().position(|g| *g == id);
    let (title, legend) = lang.pick(
        (
            "Målinteraktioner",
            [
                "Positiv (förstärkande)",
                "Negativ (motverkande), streckad",
                "Förenlig (0), prickad",
            ],
        ),
        (
            "Goal interactions",
            [
                "Positive (reinforcing)",
                "Negative (counteracting), dashed",
                "Consistent (0), dotted",
            ],
        ),
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\"{title}\">"
    );
    let _ = writeln!(out, "<title>{title}</title>");
    out.push_str("<defs>");
    for (name, colour) in [("pos", "#2166ac"), ("neg", "#b2182b"), ("zero", "#7f7f7f")] {
        let _ = write!(
            out,
            "<marker id=\"arrow-{name}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
        );
    }
    out.push_str("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (from, to, i) in graph.interactions() {
        let (Some(a), Some(b)) = (index(from), index(to)) else {
            continue;
        };
        let ((x1, y1), (x2, y2)) = (position(a), position(b));
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        // Bend each arrow a little to its right, so that A→B and B→A do not overlap.
        let (nx, ny) = (-dy / len, dx / len);
        let (cx, cy) = ((x1 + x2) / 2.0 + nx * 18.0, (y1 + y2) / 2.0 + ny * 18.0);
        let (sx, sy) = (x1 + dx / len * node_r, y1 + dy / len * node_r);
        let (ex, ey) = (x2 - dx / len * node_r, y2 - dy / len * node_r);
        let (colour, dash, width) = style(i.score);
        let marker = match i.score.value() {
            v if v < 0 => "neg",
            0 => "zero",
            _ => "pos",
        };
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let tooltip = xml_escape(&format!(
            "{from} → {to}: {} ({}). {}",
            i.score.label(lang),
            i.score,
            i.rationale
        ));
        let _ = writeln!(
            out,
            "<g class=\"interaction\"><title>{tooltip}</title><path d=\"M{sx:.1},{sy:.1} Q{cx:.1},{cy:.1} {ex:.1},{ey:.1}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width:.1}\"{dash_attr} marker-end=\"url(#arrow-{marker})\" opacity=\"0.8\"/><text x=\"{cx:.1}\" y=\"{cy:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{colour}\">{}</text></g>",
            i.score
        );
    }
    for (i, goal) in goals.iter().enumerate() {
        let (x, y) = position(i);
        let name = catalogue
            .get(goal)
            .map_or(String::new(), |g| g.name(lang).to_owned());
        #[expect(clippy::cast_precision_loss, reason = "goal counts are small")]
        let angle = 2.0 * PI * i as f64 / n as f64 - PI / 2.0;
        let (lx, ly) = (
            x + (node_r + 8.0) * angle.cos(),
            y + (node_r + 8.0) * angle.sin(),
        );
        let anchor = if angle.cos() > 0.2 {
            "start"
        } else if angle.cos() < -0.2 {
            "end"
        } else {
            "middle"
        };
        let short: String = name.chars().take(34).collect();
        let ellipsis = if name.chars().count() > 34 { "…" } else { "" };
        let _ = writeln!(
            out,
            "<g class=\"goal\"><title>{} {}</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{node_r}\" fill=\"#f7f7f7\" stroke=\"#333\" stroke-width=\"1.5\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\">{}</text><text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"10\" text-anchor=\"{anchor}\" fill=\"#333\">{}{ellipsis}</text></g>",
            xml_escape(goal.as_str()),
            xml_escape(&name),
            y + 4.0,
            xml_escape(goal.as_str()),
            xml_escape(&short)
        );
    }
    let _ = writeln!(out, "<g class=\"legend\" font-size=\"12\">");
    for (k, (label, score)) in legend
        .iter()
        .zip([Score::Reinforcing, Score::Counteracting, Score::Consistent])
        .enumerate()
    {
        let (colour, dash, width) = style(score);
        #[expect(clippy::cast_precision_loss, reason = "three rows")]
        let y = 24.0 + 20.0 * k as f64;
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = writeln!(
            out,
            "<line x1=\"16\" y1=\"{y}\" x2=\"56\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash_attr}/><text x=\"64\" y=\"{:.0}\">{}</text>",
            y + 4.0,
            xml_escape(label)
        );
    }
    out.push_str("</g>\n</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hallbar_core::GoalId;

    #[test]
    fn svg_draws_every_goal_and_interaction_and_escapes_text() {
        let cat = GoalCatalogue::builtin();
        let g = GoalGraph::standard().unwrap();
        let svg = graph_svg(&g, cat, Lang::Sv);
        assert_eq!(svg.matches("<g class=\"goal\">").count(), g.goal_count());
        assert_eq!(
            svg.matches("<g class=\"interaction\">").count(),
            g.interaction_count()
        );
        assert!(
            svg.contains("stroke-dasharray=\"6 4\""),
            "negative links are dashed, not only red"
        );
        assert!(!svg.contains(" & "), "ampersands are escaped");
        assert!(svg.contains("Ekosystem och biologisk mångfald"));
    }

    #[test]
    fn dot_quotes_names() {
        let cat = GoalCatalogue::builtin();
        let mut g = GoalGraph::new();
        let id = |s: &str| GoalId::new(s).unwrap();
        g.add_interaction(cat, &id("7.2"), &id("15.5"), Score::Counteracting)
            .unwrap();
        let dot = graph_dot(&g, cat, Lang::En);
        assert!(dot.starts_with("digraph goals {"));
        assert!(dot.contains("\"7.2\" -> \"15.5\" [label=\"-2\", color=\"#b2182b\", style=dashed"));
        assert!(dot.trim_end().ends_with('}'));
    }
}
