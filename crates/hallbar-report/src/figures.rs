//! Figures of the decision basis: the goal wheel, the power/interest grid, and the
//! network of this insats's goals. Each is self-contained SVG that does not rely on
//! colour alone: signs, hatching and line styles carry the same information.

use std::f64::consts::PI;
use std::fmt::Write as _;

use hallbar_core::graph::GoalGraph;
use hallbar_core::method::Quadrant;
use hallbar_core::{Finding, GoalCatalogue, GoalId, Hallbarhetssakring, Lang, Riktning};

use crate::xml_escape;

/// The official colours of SDG 1–17 (UN communications guidelines), for the outer ring.
const SDG_COLOURS: [&str; 17] = [
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942",
    "#FD6925", "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D",
    "#19486A",
];

/// The official colour of an Agenda 2030 goal (`8`), if `goal` is one.
pub(crate) fn sdg_colour(goal: &GoalId) -> Option<&'static str> {
    if !goal.is_sdg() {
        return None;
    }
    let n: usize = goal.as_str().parse().ok()?;
    SDG_COLOURS.get(n.checked_sub(1)?).copied()
}

/// Positive and negative strength per Agenda 2030 goal (1–17) from the stated effects.
fn per_goal(doc: &Hallbarhetssakring, catalogue: &GoalCatalogue) -> [(u32, u32); 17] {
    let mut out = [(0, 0); 17];
    for e in &doc.effekter {
        let Some(top) = catalogue.top_level(&e.mal) else {
            continue;
        };
        if !top.id.is_sdg() {
            continue;
        }
        let Some(slot) = top
            .id
            .as_str()
            .parse::<usize>()
            .ok()
            .and_then(|n| out.get_mut(n.wrapping_sub(1)))
        else {
            continue;
        };
        match e.riktning {
            Riktning::Positiv => slot.0 += u32::from(e.styrka.get()),
            Riktning::Negativ => slot.1 += u32::from(e.styrka.get()),
        }
    }
    out
}

fn arc(cx: f64, cy: f64, r0: f64, r1: f64, a0: f64, a1: f64) -> String {
    let p = |r: f64, a: f64| (cx + r * a.cos(), cy + r * a.sin());
    let (x0, y0) = p(r1, a0);
    let (x1, y1) = p(r1, a1);
    let (x2, y2) = p(r0, a1);
    let (x3, y3) = p(r0, a0);
    format!(
        "M{x0:.1},{y0:.1} A{r1},{r1} 0 0 1 {x1:.1},{y1:.1} L{x2:.1},{y2:.1} A{r0},{r0} 0 0 0 {x3:.1},{y3:.1} Z"
    )
}

/// The 17 goals as a wheel: each segment says whether the insats affects the goal
/// positively (blue, "+"), negatively (red, hatched, "−"), both ("±", hatched half), or
/// not (white); the outer ring carries each goal's official colour and number.
pub fn goal_wheel(doc: &Hallbarhetssakring, catalogue: &GoalCatalogue, lang: Lang) -> String {
    let effects = per_goal(doc, catalogue);
    let (cx, cy, r0, r1, r2) = (260.0, 250.0, 70.0, 190.0, 215.0);
    let mut out = String::new();
    let title = lang.pick(
        "Insatsens effekter på de 17 globala målen",
        "The insats's effects on the 17 goals",
    );
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 700 500\" width=\"700\" height=\"500\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\"{title}\"><title>{title}</title>"
    );
    out.push_str("<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#f4a582\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#b2182b\" stroke-width=\"3\"/></pattern></defs>\n");
    for (i, (&(pos, neg), colour)) in effects.iter().zip(SDG_COLOURS).enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "17 segments")]
        let (a0, a1) = (
            2.0 * PI * i as f64 / 17.0 - PI / 2.0,
            2.0 * PI * (i + 1) as f64 / 17.0 - PI / 2.0,
        );
        let (fill, sign) = match (pos > 0, neg > 0) {
            (true, false) => ("#92c5de", "+"),
            (false, true) => ("url(#hatch)", "−"),
            (true, true) => ("url(#hatch)", "±"),
            (false, false) => ("#ffffff", ""),
        };
        let goal = i + 1;
        let name = GoalId::new(goal.to_string())
            .ok()
            .and_then(|id| catalogue.get(&id))
            .map_or(String::new(), |g| g.name(lang).to_owned());
        let tip = lang.pick(
            format!("Mål {goal} {name}: positiv styrka {pos}, negativ styrka {neg}"),
            format!("Goal {goal} {name}: positive strength {pos}, negative strength {neg}"),
        );
        let _ = writeln!(
            out,
            "<g class=\"goal\"><title>{}</title><path d=\"{}\" fill=\"{fill}\" stroke=\"#333\" stroke-width=\"1\"/><path d=\"{}\" fill=\"{colour}\" stroke=\"#fff\" stroke-width=\"1\"/>",
            xml_escape(&tip),
            arc(cx, cy, r0, r1, a0, a1),
            arc(cx, cy, r1, r2, a0, a1)
        );
        if pos > 0 && neg > 0 {
            // Both: the inner half blue, so the two show apart in black and white too.
            let _ = write!(
                out,
                "<path d=\"{}\" fill=\"#92c5de\" stroke=\"#333\" stroke-width=\"1\"/>",
                arc(cx, cy, r0, (r0 + r1) / 2.0, a0, a1)
            );
        }
        let mid = (a0 + a1) / 2.0;
        let (tx, ty) = (
            cx + (r1 + r2) / 2.0 * mid.cos(),
            cy + (r1 + r2) / 2.0 * mid.sin(),
        );
        let _ = write!(
            out,
            "<text x=\"{tx:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" fill=\"#fff\" text-anchor=\"middle\">{goal}</text>",
            ty + 4.0
        );
        if !sign.is_empty() {
            let (sx, sy) = (
                cx + (r0 + r1) / 2.0 * mid.cos(),
                cy + (r0 + r1) / 2.0 * mid.sin(),
            );
            let _ = write!(
                out,
                "<text x=\"{sx:.1}\" y=\"{:.1}\" font-size=\"22\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1a1a1a\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{sign}</text>",
                sy + 8.0
            );
        }
        out.push_str("</g>\n");
    }
    let legend = lang.pick(
        [
            "+ positiv effekt",
            "− negativ effekt (streckad)",
            "± både positiv och negativ",
            "ingen angiven effekt",
        ],
        [
            "+ positive effect",
            "− negative effect (hatched)",
            "± both positive and negative",
            "no stated effect",
        ],
    );
    // Each swatch as the segments draw it: its fill, the inner half blue for both, and
    // its sign, so that the legend reads without colour too.
    for (k, (label, (fill, sign))) in legend
        .iter()
        .zip([
            ("#92c5de", "+"),
            ("url(#hatch)", "−"),
            ("url(#hatch)", "±"),
            ("#ffffff", ""),
        ])
        .enumerate()
    {
        #[expect(clippy::cast_precision_loss, reason = "four rows")]
        let y = 170.0 + 34.0 * k as f64;
        let _ = write!(
            out,
            "<rect x=\"500\" y=\"{y}\" width=\"22\" height=\"22\" fill=\"{fill}\" stroke=\"#333\"/>"
        );
        if sign == "±" {
            let _ = write!(
                out,
                "<rect x=\"500\" y=\"{:.0}\" width=\"22\" height=\"11\" fill=\"#92c5de\" stroke=\"#333\"/>",
                y + 11.0
            );
        }
        if !sign.is_empty() {
            let _ = write!(
                out,
                "<text x=\"511\" y=\"{:.0}\" font-size=\"15\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1a1a1a\" stroke=\"#fff\" stroke-width=\"2\" paint-order=\"stroke\">{sign}</text>",
                y + 16.0
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"530\" y=\"{:.0}\" font-size=\"13\">{}</text>",
            y + 16.0,
            xml_escape(label)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The stakeholders on the power/interest grid: interest along, power up; involved
/// stakeholders filled, others hollow with a dashed ring. The quadrants are named with
/// their strategy.
pub fn stakeholder_grid(doc: &Hallbarhetssakring, lang: Lang) -> String {
    let (x0, y0, size) = (70.0, 40.0, 420.0);
    let cell = size / 5.0;
    #[expect(clippy::cast_precision_loss, reason = "a key of a few dozen lines")]
    let height = (126.0 + 18.0 * doc.intressenter.len() as f64).max(520.0);
    let mut out = String::new();
    let (title, power, interest, involved, not_involved) = lang.pick(
        (
            "Intressenternas makt och intresse",
            "Makt",
            "Intresse / påverkan",
            "involverad",
            "ej involverad (streckad)",
        ),
        (
            "Stakeholders' power and interest",
            "Power",
            "Interest / affected",
            "involved",
            "not involved (dashed)",
        ),
    );
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 {height:.0}\" width=\"760\" height=\"{height:.0}\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\"{title}\"><title>{title}</title>"
    );
    // Quadrants: high is 4–5, so the split lies after 3 (3/5 of the way).
    let split = 3.0 * cell;
    for (q, (qx, qy, w, h)) in [
        (Quadrant::HallNojd, (x0, y0, split, size - split)),
        (
            Quadrant::HanteraNara,
            (x0 + split, y0, size - split, size - split),
        ),
        (Quadrant::Bevaka, (x0, y0 + size - split, split, split)),
        (
            Quadrant::HallInformerad,
            (x0 + split, y0 + size - split, size - split, split),
        ),
    ] {
        let label = hallbar_core::Labelled::label(&q, lang);
        let fill = if q == Quadrant::HanteraNara {
            "#eeeeee"
        } else {
            "#fafafa"
        };
        let _ = writeln!(
            out,
            "<rect x=\"{qx}\" y=\"{qy}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\" stroke=\"#666\"/><text x=\"{:.0}\" y=\"{:.0}\" font-size=\"13\" fill=\"#555\" font-style=\"italic\">{}</text>",
            qx + 8.0,
            qy + 18.0,
            xml_escape(&label)
        );
    }
    for n in 1..=5 {
        let v = f64::from(n);
        let _ = write!(
            out,
            "<text x=\"{:.0}\" y=\"{:.0}\" font-size=\"11\" text-anchor=\"middle\">{n}</text>",
            x0 + (v - 0.5) * cell,
            y0 + size + 16.0
        );
        let _ = write!(
            out,
            "<text x=\"{:.0}\" y=\"{:.0}\" font-size=\"11\" text-anchor=\"end\">{n}</text>",
            x0 - 6.0,
            y0 + size - (v - 0.5) * cell + 4.0
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.0}\" y=\"{:.0}\" font-size=\"13\" text-anchor=\"middle\">{interest} →</text><text x=\"18\" y=\"{:.0}\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 18 {:.0})\">{power} →</text>",
        x0 + size / 2.0,
        y0 + size + 36.0,
        y0 + size / 2.0,
        y0 + size / 2.0
    );
    // Each stakeholder is a numbered marker in its cell — up to four in a row, rows below
    // each other — and its name is in the key beside the grid, so that no label can print
    // over another or run off the figure.
    let mut per_cell: Vec<(u8, u8, usize)> = Vec::new();
    for (n, s) in doc.intressenter.iter().enumerate() {
        let (m, i) = (s.makt.get(), s.intresse.get());
        let k = per_cell
            .iter()
            .filter(|(a, b, _)| *a == m && *b == i)
            .count();
        per_cell.push((m, i, k));
        #[expect(
            clippy::cast_precision_loss,
            reason = "positions in a cell of a handful of stakeholders"
        )]
        let (col, row) = ((k % 4) as f64, (k / 4).min(2) as f64);
        let x = x0 + (f64::from(i) - 1.0) * cell + 14.0 + col * 19.0;
        let y = y0 + size - f64::from(m) * cell + 32.0 + row * 20.0;
        let (fill, text, dash) = if s.involverad {
            ("#2166ac", "#ffffff", "")
        } else {
            ("#ffffff", "#1a1a1a", " stroke-dasharray=\"3 2\"")
        };
        let _ = writeln!(
            out,
            "<g class=\"stakeholder\"><title>{}</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"9\" fill=\"{fill}\" stroke=\"#2166ac\" stroke-width=\"2\"{dash}/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{text}\">{}</text></g>",
            xml_escape(&s.namn),
            y + 3.5,
            n + 1
        );
    }
    let _ = writeln!(
        out,
        "<circle cx=\"520\" cy=\"60\" r=\"6\" fill=\"#2166ac\" stroke=\"#2166ac\" stroke-width=\"2\"/><text x=\"532\" y=\"64\" font-size=\"13\">{involved}</text><circle cx=\"520\" cy=\"86\" r=\"6\" fill=\"#fff\" stroke=\"#2166ac\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/><text x=\"532\" y=\"90\" font-size=\"13\">{}</text>",
        xml_escape(not_involved)
    );
    // The key: number and name, cut to the width beside the grid (the full name is the
    // marker's tooltip and in the stakeholder table).
    for (n, s) in doc.intressenter.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "a key of a few dozen lines")]
        let y = 126.0 + 18.0 * n as f64;
        let name: String = if s.namn.chars().count() > 34 {
            s.namn.chars().take(33).chain(['…']).collect()
        } else {
            s.namn.clone()
        };
        let _ = writeln!(
            out,
            "<text x=\"512\" y=\"{y:.0}\" font-size=\"12\"><tspan font-weight=\"bold\">{}</tspan> {}</text>",
            n + 1,
            xml_escape(&name)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The part of `graph` among the goals this insats touches (its effects, the paths of
/// its findings, and the goals above both), drawn as a network; `None` when no
/// interaction links them.
pub fn insats_network(
    doc: &Hallbarhetssakring,
    findings: &[Finding],
    graph: &GoalGraph,
    catalogue: &GoalCatalogue,
    lang: Lang,
) -> Option<String> {
    let mut touched: Vec<&GoalId> = doc.effekter.iter().map(|e| &e.mal).collect();
    touched.extend(findings.iter().flat_map(|f| f.paths.iter().flatten()));
    let goals: Vec<&GoalId> = touched
        .into_iter()
        .flat_map(|g| catalogue.lineage(g))
        .collect();
    let mut sub = GoalGraph::new();
    for (from, to, i) in graph.interactions() {
        if goals.contains(&from) && goals.contains(&to) {
            let _ = sub.add(catalogue, from, to, i.clone());
        }
    }
    (sub.interaction_count() > 0).then(|| crate::graph_svg(&sub, catalogue, lang))
}
