//! The portfolio follow-up (uppföljning av portföljen) as a document: what many
//! insatser add up to, with bar charts that carry their numbers in text too.

use std::fmt::Write as _;

use hallbar_core::portfolio::{Gap, Report};
use hallbar_core::{Dimension, GoalCatalogue, Labelled as _, Lang};
use strum::IntoEnumIterator as _;

use crate::figures::sdg_colour;
use crate::{Block, Document, goal_name, t, xml_escape};

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.0} %", 100.0 * part as f64 / whole as f64)
    }
}

/// The portfolio report as a document for [`crate::text`], [`crate::markdown`] and
/// [`crate::html`].
#[expect(
    clippy::too_many_lines,
    reason = "the sections of the report, in order"
)]
pub fn portfolio_document(report: &Report, catalogue: &GoalCatalogue, lang: Lang) -> Document {
    let sv = lang == Lang::Sv;
    let mut blocks = Vec::new();
    let n = report.insatser;

    blocks.push(Block::Paragraph(if sv {
        format!(
            "{n} insatser med {} effekter. {} dokument kunde inte läsas och är inte med i summorna.",
            report.effects, report.invalid.count
        )
    } else {
        format!(
            "{n} insatser with {} effects. {} documents could not be read and are not in the sums.",
            report.effects, report.invalid.count
        )
    }));
    if !report.invalid.examples.is_empty() {
        blocks.push(Block::List(report.invalid.examples.clone()));
    }

    // Effects per dimension.
    blocks.push(Block::Heading(
        2,
        t(lang, "Effekter per dimension", "Effects per dimension"),
    ));
    let effect_header = |first: String| {
        vec![
            first,
            t(lang, "positiva", "positive"),
            t(lang, "negativa", "negative"),
            t(lang, "styrka +", "strength +"),
            t(lang, "styrka −", "strength −"),
            t(lang, "insatser +", "insatser +"),
            t(lang, "insatser −", "insatser −"),
            t(lang, "följs upp", "followed up"),
        ]
    };
    let tally_cells = |t: &hallbar_core::portfolio::Tally| {
        vec![
            t.positive.to_string(),
            t.negative.to_string(),
            t.positive_strength.to_string(),
            t.negative_strength.to_string(),
            t.insatser_positive.to_string(),
            t.insatser_negative.to_string(),
            percent(t.followed, t.positive + t.negative),
        ]
    };
    let rows = Dimension::iter()
        .filter_map(|d| {
            let tally = report.dimensions.get(&d)?;
            let mut row = vec![d.label(lang)];
            row.extend(tally_cells(tally));
            Some(row)
        })
        .collect();
    blocks.push(Block::Table(
        effect_header(t(lang, "Dimension", "Dimension")),
        rows,
    ));

    // Effects per goal.
    blocks.push(Block::Heading(
        2,
        t(lang, "Effekter per mål", "Effects per goal"),
    ));
    blocks.push(Block::Paragraph(
        t(lang,
            "Effekter på delmål räknas till sitt mål. Styrka är summan av effekternas styrka (1–3). \"Följs upp\" är andelen effekter som en hållbarhetsnyckel med indikator tar upp.",
            "Effects on targets count for their goal. Strength is the sum of the effects' strengths (1–3). \"Followed up\" is the share of effects that a sustainability key with an indicator takes up.",
        ),
    ));
    blocks.push(Block::Figure(
        goal_bars(report, lang),
        t(lang,
            "Summerad styrka per mål: positiva effekter åt höger (heldragna, +), negativa åt vänster (streckade, −).",
            "Summed strength per goal: positive effects to the right (solid, +), negative to the left (hatched, −).",
        ),
    ));
    let rows = report
        .goals
        .iter()
        .map(|g| {
            let mut row = vec![goal_name(catalogue, &g.goal, lang)];
            row.extend(tally_cells(&g.tally));
            row
        })
        .collect();
    blocks.push(Block::Table(effect_header(t(lang, "Mål", "Goal")), rows));

    // Goal conflicts the rules found.
    blocks.push(Block::Heading(
        2,
        t(
            lang,
            "Vanligaste målkonflikterna",
            "Most frequent goal conflicts",
        ),
    ));
    blocks.push(Block::Paragraph(if sv {
        format!(
            "Målpar där reglerna fann en målkonflikt i samma insats ({} olika par). \"Uttalad\" är andelen insatser där handläggaren själv angav konflikten.",
            report.conflict_pair_count
        )
    } else {
        format!(
            "Goal pairs where the rules found a goal conflict within one insats ({} distinct pairs). \"Stated\" is the share of insatser whose assessor stated the conflict.",
            report.conflict_pair_count
        )
    }));
    if !report.conflict_pairs.is_empty() {
        let bars: Vec<(String, u64, u64)> = report
            .conflict_pairs
            .iter()
            .map(|p| {
                (
                    format!("{} ↑ {} ↓", p.positive, p.negative),
                    p.stated,
                    p.insatser,
                )
            })
            .collect();
        blocks.push(Block::Figure(
            share_bars(&bars, lang),
            t(lang,
                "Insatser per målpar; den heldragna delen är de där konflikten var uttalad, den ljusa streckade de där bara reglerna fann den.",
                "Insatser per goal pair; the solid part is where the conflict was stated, the light hatched part where only the rules found it.",
            ),
        ));
        let rows = report
            .conflict_pairs
            .iter()
            .map(|p| {
                vec![
                    goal_name(catalogue, &p.positive, lang),
                    goal_name(catalogue, &p.negative, lang),
                    p.insatser.to_string(),
                    percent(p.stated, p.insatser),
                ]
            })
            .collect();
        blocks.push(Block::Table(
            vec![
                t(lang, "Mål som stärks", "Goal pushed up"),
                t(lang, "Mål som försvagas", "Goal pushed down"),
                t(lang, "Insatser", "Insatser"),
                t(lang, "Uttalad", "Stated"),
            ],
            rows,
        ));
    }

    // Cumulative conflicts.
    blocks.push(Block::Heading(
        2,
        t(
            lang,
            "Kumulativa målkonflikter",
            "Cumulative goal conflicts",
        ),
    ));
    blocks.push(Block::Paragraph(if sv {
        format!(
            "I samma län och samma år stärker några insatser ett mål medan andra försvagar samma mål eller ett mål som målgrafen säger motverkas av det. Ingen enskild insats visar konflikten. {} funna; de största:",
            report.cumulative_conflict_count
        )
    } else {
        format!(
            "In the same county and year, some insatser push a goal up while others push down the same goal or one the goal graph says it counteracts. No single insats shows the conflict. {} found; the largest:",
            report.cumulative_conflict_count
        )
    }));
    let rows: Vec<Vec<String>> = report
        .cumulative_conflicts
        .iter()
        .map(|c| {
            let years = match (c.years.first(), c.years.last()) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "–".to_owned(),
            };
            vec![
                c.region.clone(),
                years,
                format!("{} ↑ ({})", c.positive, c.insatser_positive),
                format!("{} ↓ ({})", c.negative, c.insatser_negative),
                c.score
                    .map_or_else(|| t(lang, "samma mål", "same goal"), |s| s.to_string()),
                format!(
                    "{} / {}",
                    c.example_positive.as_deref().unwrap_or("–"),
                    c.example_negative.as_deref().unwrap_or("–")
                ),
            ]
        })
        .collect();
    if !rows.is_empty() {
        blocks.push(Block::Table(
            vec![
                t(lang, "Län", "County"),
                t(lang, "År", "Years"),
                t(lang, "Stärks (insatser)", "Up (insatser)"),
                t(lang, "Försvagas (insatser)", "Down (insatser)"),
                t(lang, "Samband", "Interaction"),
                t(lang, "Exempel", "Examples"),
            ],
            rows,
        ));
    }

    // Method.
    blocks.push(Block::Heading(
        2,
        t(
            lang,
            "Var bedömningarna står",
            "Where the assessments stand",
        ),
    ));
    let rows = report
        .states
        .iter()
        .map(|s| {
            vec![
                s.profile.clone(),
                s.state.label(lang),
                s.insatser.to_string(),
                percent(s.insatser, n),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        vec![
            t(lang, "Metod", "Method"),
            t(lang, "Läge", "State"),
            t(lang, "Insatser", "Insatser"),
            t(lang, "Andel", "Share"),
        ],
        rows,
    ));

    // Incomplete plans.
    blocks.push(Block::Heading(
        2,
        t(lang, "Ofullständiga planer", "Incomplete plans"),
    ));
    let bars: Vec<(String, u64, u64)> = Gap::iter()
        .map(|g| {
            let count = report.gaps.get(&g).map_or(0, |e| e.count);
            (g.label(lang).to_owned(), count, n)
        })
        .collect();
    blocks.push(Block::Figure(
        share_bars(&bars, lang),
        t(
            lang,
            "Insatser med varje slags brist (heldragen del) av alla insatser (hela stapeln).",
            "Insatser with each kind of gap (solid part) of all insatser (the whole bar).",
        ),
    ));
    let rows = Gap::iter()
        .map(|g| {
            let ex = report.gaps.get(&g);
            vec![
                g.label(lang).to_owned(),
                ex.map_or(0, |e| e.count).to_string(),
                percent(ex.map_or(0, |e| e.count), n),
                ex.map(|e| e.examples.join(", ")).unwrap_or_default(),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        vec![
            t(lang, "Brist", "Gap"),
            t(lang, "Insatser", "Insatser"),
            t(lang, "Andel", "Share"),
            t(lang, "Exempel", "Examples"),
        ],
        rows,
    ));

    // Indicators.
    blocks.push(Block::Heading(
        2,
        t(lang, "Indikatortäckning", "Indicator coverage"),
    ));
    let c = &report.coverage.counts;
    blocks.push(Block::Table(
        vec![
            t(lang, "Mått", "Measure"),
            t(lang, "Antal", "Count"),
            t(lang, "Andel", "Share"),
        ],
        vec![
            vec![
                t(lang, "Insatser med indikator", "Insatser with an indicator"),
                c.insatser_with_indicator.to_string(),
                percent(c.insatser_with_indicator, n),
            ],
            vec![
                t(lang, "Nycklar med indikator", "Keys with an indicator"),
                format!("{} / {}", c.keys_with_indicator, c.keys),
                percent(c.keys_with_indicator, c.keys),
            ],
            vec![
                t(
                    lang,
                    "Indikatorer med utgångs- och målvärde",
                    "Indicators with baseline and target",
                ),
                format!("{} / {}", c.indicators_with_target, c.indicators),
                percent(c.indicators_with_target, c.indicators),
            ],
            vec![
                t(
                    lang,
                    "Indikatorer med Kolada-id",
                    "Indicators with a Kolada id",
                ),
                format!("{} / {}", c.indicators_with_kolada, c.indicators),
                percent(c.indicators_with_kolada, c.indicators),
            ],
            vec![
                t(
                    lang,
                    "Negativa effekter med åtgärd eller ställningstagande",
                    "Negative effects with a measure or position",
                ),
                format!("{} / {}", c.negative_handled, c.negative_effects),
                percent(c.negative_handled, c.negative_effects),
            ],
        ],
    ));

    blocks.extend(followup(report, lang));

    // Rules.
    blocks.push(Block::Heading(
        2,
        t(lang, "Regler som slog till", "Rules that fired"),
    ));
    let rows = report
        .rules
        .iter()
        .map(|(rule, count)| vec![rule.clone(), count.to_string(), percent(*count, n)])
        .collect();
    blocks.push(Block::Table(
        vec![
            t(lang, "Regel", "Rule"),
            t(lang, "Insatser", "Insatser"),
            t(lang, "Andel", "Share"),
        ],
        rows,
    ));

    Document {
        title: t(lang, "Uppföljning av portföljen", "Portfolio follow-up"),
        blocks,
    }
}

/// How the goals are followed up, and the key figures from Kolada with their values.
fn followup(report: &Report, lang: Lang) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(
        2,
        t(lang, "Uppföljning per mål", "Follow-up per goal"),
    )];
    let list = |ids: &[hallbar_core::KoladaKpiId]| {
        let mut shown: Vec<&str> = ids.iter().take(6).map(|k| k.as_str()).collect();
        if ids.len() > shown.len() {
            shown.push("…");
        }
        shown.join(", ")
    };
    let rows = report
        .goal_followup
        .iter()
        .map(|g| {
            vec![
                format!("{} {}", g.goal, g.name),
                g.insatser.to_string(),
                format!(
                    "{} ({})",
                    g.insatser_followed,
                    percent(g.insatser_followed, g.insatser)
                ),
                g.indicators.to_string(),
                list(&g.key_figures),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        vec![
            t(lang, "Mål", "Goal"),
            t(lang, "Insatser med effekt", "Insatser with an effect"),
            t(lang, "… som följs upp", "… followed up"),
            t(lang, "Indikatorer", "Indicators"),
            t(lang, "Nyckeltal i Kolada", "Key figures in Kolada"),
        ],
        rows,
    ));
    if report.key_figures.is_empty() {
        return blocks;
    }
    blocks.push(Block::Heading(
        2,
        t(lang, "Nyckeltal från Kolada", "Key figures from Kolada"),
    ));
    let number = |v: f64| crate::number(v, None, lang);
    let value = |p: Option<(u16, f64)>| {
        p.map_or_else(|| "–".to_owned(), |(y, v)| format!("{} ({y})", number(v)))
    };
    let rows = report
        .key_figures
        .iter()
        .map(|k| {
            let country = k
                .units
                .iter()
                .find(|u| u.unit == hallbar_core::kolada::COUNTRY);
            let own: Vec<_> = k
                .units
                .iter()
                .filter(|u| u.unit != hallbar_core::kolada::COUNTRY)
                .collect();
            let better = match (k.better, lang) {
                (Some(hallbar_core::kolada::Better::Lower), Lang::En) => "lower",
                (Some(hallbar_core::kolada::Better::Higher), Lang::En) => "higher",
                (Some(hallbar_core::kolada::Better::Lower), _) => "lägre",
                (Some(hallbar_core::kolada::Better::Higher), _) => "högre",
                (None, _) => "–",
            };
            let against = if k.against.count == 0 {
                "0".to_owned()
            } else {
                format!("{} ({})", k.against.count, k.against.examples.join(", "))
            };
            vec![
                format!("{} {}", k.kpi, k.title.as_deref().unwrap_or(""))
                    .trim()
                    .to_owned(),
                k.insatser.to_string(),
                format!("{} / {}", own.len(), k.unit_count),
                format!(
                    "{} → {}",
                    value(country.and_then(|c| c.first)),
                    value(country.and_then(|c| c.latest))
                ),
                format!(
                    "{} / {}",
                    own.iter().filter(|u| u.against).count(),
                    own.len()
                ),
                better.to_owned(),
                against,
            ]
        })
        .collect();
    blocks.push(Block::Table(
        vec![
            t(lang, "Nyckeltal", "Key figure"),
            t(lang, "Insatser", "Insatser"),
            t(lang, "Enheter med värden", "Units with values"),
            t(lang, "Riket", "Sweden"),
            t(lang, "Enheter åt fel håll", "Units going the wrong way"),
            t(lang, "Bättre", "Better"),
            t(
                lang,
                "Insatser åt fel håll sedan utgångsåret",
                "Insatser going the wrong way since the baseline",
            ),
        ],
        rows,
    ));
    blocks.push(Block::Paragraph(match &report.values {
        Some(v) => {
            let date = v.fetched_at.as_deref().map(|d| d.chars().take(10).collect::<String>());
            let date = date.unwrap_or_else(|| "–".to_owned());
            t(
                lang,
                &format!("Källa: Kolada, hämtat {date}. \"Åt fel håll\" betyder två förändringar i rad mot den riktning hallbars tabell kallar bättre; det, förändringarna och uppföljningsfynden är hallbars egna beräkningar, inte Koladas."),
                &format!("Source: Kolada, fetched {date}. \"The wrong way\" means two changes running against the direction hallbar's table calls better; that, the changes and the follow-up findings are hallbar's own, not Kolada's."),
            )
        }
        None => t(
            lang,
            "Utan värden: kör med --kolada (eller --cache/--offline) för Koladas värden ur cachen; hallbar indikatorer hamta fyller den.",
            "Without values: run with --kolada (or --cache/--offline) for Kolada's values from the cache; hallbar indikatorer hamta fills it.",
        ),
    }));
    blocks
}

const REST: &str = "<defs><pattern id=\"rest\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eee\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#aaa\" stroke-width=\"1.5\"/></pattern></defs>";

const HATCH: &str = "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4c7c3\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b3261e\" stroke-width=\"2\"/></pattern></defs>";

/// A diverging bar per goal: negative strength to the left, positive to the right.
fn goal_bars(report: &Report, lang: Lang) -> String {
    let row_h = 20.0;
    let (label_w, half) = (70.0, 260.0);
    let width = label_w + 2.0 * half + 20.0;
    let height = 30.0 + row_h * report.goals.len() as f64;
    let max = report
        .goals
        .iter()
        .map(|g| g.tally.positive_strength.max(g.tally.negative_strength))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mid = label_w + half;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" font-size=\"11\">{HATCH}",
        if lang == Lang::Sv {
            "Styrka per mål"
        } else {
            "Strength per goal"
        }
    );
    let _ = write!(
        out,
        "<line x1=\"{mid}\" y1=\"18\" x2=\"{mid}\" y2=\"{height}\" stroke=\"#333\"/><text x=\"{}\" y=\"12\" text-anchor=\"end\">− {}</text><text x=\"{}\" y=\"12\">+ {}</text>",
        mid - 6.0,
        if lang == Lang::Sv {
            "negativ"
        } else {
            "negative"
        },
        mid + 6.0,
        if lang == Lang::Sv {
            "positiv"
        } else {
            "positive"
        },
    );
    for (i, g) in report.goals.iter().enumerate() {
        let y = 24.0 + row_h * i as f64;
        let colour = sdg_colour(&g.goal).unwrap_or("#888");
        let _ = write!(
            out,
            "<rect x=\"4\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"{colour}\"/><text x=\"22\" y=\"{}\">{}</text>",
            y + 11.0,
            xml_escape(g.goal.as_str())
        );
        // Leave room beside the longest bar for its number.
        let neg = (half - 50.0) * g.tally.negative_strength as f64 / max;
        let pos = (half - 50.0) * g.tally.positive_strength as f64 / max;
        if g.tally.negative_strength > 0 {
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{y}\" width=\"{neg:.1}\" height=\"14\" fill=\"url(#hatch)\" stroke=\"#b3261e\"/><text x=\"{:.1}\" y=\"{}\" text-anchor=\"end\">−{}</text>",
                mid - neg,
                mid - neg - 3.0,
                y + 11.0,
                g.tally.negative_strength
            );
        }
        if g.tally.positive_strength > 0 {
            let _ = write!(
                out,
                "<rect x=\"{mid}\" y=\"{y}\" width=\"{pos:.1}\" height=\"14\" fill=\"#1f6fb2\"/><text x=\"{:.1}\" y=\"{}\">+{}</text>",
                mid + pos + 3.0,
                y + 11.0,
                g.tally.positive_strength
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A bar per row: `whole` as the full (light, hatched) bar, `part` as its solid part, the
/// numbers written beside it.
fn share_bars(rows: &[(String, u64, u64)], lang: Lang) -> String {
    let row_h = 22.0;
    let (label_w, bar_w) = (300.0, 300.0);
    let width = label_w + bar_w + 110.0;
    let height = 10.0 + row_h * rows.len() as f64;
    let max = rows.iter().map(|r| r.2).max().unwrap_or(1).max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" font-size=\"11\">",
        if lang == Lang::Sv {
            "Stapeldiagram"
        } else {
            "Bar chart"
        }
    );
    out.push_str(REST);
    for (i, (label, part, whole)) in rows.iter().enumerate() {
        let y = 6.0 + row_h * i as f64;
        let w = bar_w * *whole as f64 / max;
        let p = bar_w * *part as f64 / max;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"15\" fill=\"url(#rest)\" stroke=\"#999\"/><rect x=\"{label_w}\" y=\"{y}\" width=\"{p:.1}\" height=\"15\" fill=\"#1f6fb2\"/><text x=\"{:.1}\" y=\"{}\">{part} / {whole}</text>",
            label_w - 6.0,
            y + 12.0,
            xml_escape(label),
            label_w + w + 4.0,
            y + 12.0,
        );
    }
    out.push_str("</svg>");
    out
}
