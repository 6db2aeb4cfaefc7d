//! The decision basis's follow-up with Kolada: per indicator that is a Kolada key figure,
//! its title, the baseline and latest values for the insats's units and the country, a
//! small trend figure, the direction the assessment expects, and "Källa: Kolada" with
//! the date of fetch. What hallbar computes (changes, directions) is said to be its own.

use std::fmt::Write as _;

use hallbar_core::kolada::{self, Better, KoladaData, Series, unit_name};
use hallbar_core::{Indikator, Lang};

use super::DecisionBasis;
use crate::doc::Block;
use crate::{t, xml_escape};

/// The dash pattern of the n-th line: lines differ by more than colour.
const DASHES: [&str; 6] = ["", "6 3", "2 3", "8 3 2 3", "12 4", "1 5"];

/// Label heights `ys` (in order of the lines) moved apart to at least `gap`, keeping
/// their order from top to bottom.
fn spread(ys: &[f64], gap: f64) -> Vec<f64> {
    let mut order: Vec<(usize, f64)> = ys.iter().copied().enumerate().collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut out = ys.to_vec();
    let mut last = f64::NEG_INFINITY;
    for (i, y) in order {
        let y = y.max(last + gap);
        if let Some(slot) = out.get_mut(i) {
            *slot = y;
        }
        last = y;
    }
    out
}

/// A small line figure of `series`, one line per unit, each labelled at its end.
fn trend_svg(title: &str, series: &[Series], lang: Lang) -> String {
    let (w, h, left, right, top, bottom) = (520.0, 150.0, 44.0, 170.0, 12.0, 24.0);
    let years: Vec<u16> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    let values: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().filter_map(|p| p.1))
        .collect();
    let (Some(&y0), Some(&y1)) = (years.iter().min(), years.iter().max()) else {
        return String::new();
    };
    if values.is_empty() {
        return String::new();
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if (hi - lo).abs() < f64::EPSILON {
        1.0
    } else {
        hi - lo
    };
    let x =
        |year: u16| left + (w - left - right) * f64::from(year - y0) / f64::from((y1 - y0).max(1));
    let y = |v: f64| top + (h - top - bottom) * (1.0 - (v - lo) / span);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = xml_escape(title)
    );
    let axis = format!("{left}");
    let _ = write!(
        out,
        "<line x1=\"{axis}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#666\"/><text x=\"{axis}\" y=\"{ty}\">{y0}</text><text x=\"{r}\" y=\"{ty}\" text-anchor=\"end\">{y1}</text><text x=\"2\" y=\"{tt}\">{hi}</text><text x=\"2\" y=\"{bb}\">{lo}</text>",
        b = h - bottom,
        r = w - right,
        ty = h - 8.0,
        tt = top + 8.0,
        bb = h - bottom,
        hi = xml_escape(&crate::number(hi, None, lang)),
        lo = xml_escape(&crate::number(lo, None, lang)),
    );
    let labels = spread(
        &series
            .iter()
            .map(|s| s.ends().map_or(0.0, |(_, (_, v))| y(v) + 4.0))
            .collect::<Vec<_>>(),
        12.0,
    );
    for (i, s) in series.iter().enumerate() {
        let dash = DASHES.get(i % DASHES.len()).copied().unwrap_or_default();
        let points: Vec<String> = s
            .points
            .iter()
            .filter_map(|&(year, v)| v.map(|v| format!("{:.1},{:.1}", x(year), y(v))))
            .collect();
        if points.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<polyline fill=\"none\" stroke=\"#1f3a5f\" stroke-width=\"2\" stroke-dasharray=\"{dash}\" points=\"{}\"/>",
            points.join(" ")
        );
        if let (Some((_, (year, _))), Some(label_y)) = (s.ends(), labels.get(i)) {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{label_y:.1}\">{}</text>",
                x(year) + 6.0,
                xml_escape(&unit_name(&s.unit, lang))
            );
        }
    }
    out.push_str("</svg>");
    out
}

impl DecisionBasis<'_> {
    /// The follow-up with Kolada, when there are values or indicators that are key
    /// figures; nothing otherwise.
    pub(super) fn kolada(&self) -> Vec<Block> {
        let lang = self.lang;
        let Some(data) = self.kolada else {
            return Vec::new();
        };
        let followed: Vec<&Indikator> = self
            .doc
            .indikatorer
            .iter()
            .filter(|i| i.kolada.is_some())
            .collect();
        if followed.is_empty() {
            return Vec::new();
        }
        let units = kolada::units_of(&self.doc.insats.geografi);
        let mut b = vec![Block::Heading(
            1,
            t(lang, "Uppföljning med Kolada", "Follow-up with Kolada"),
        )];
        for ind in followed {
            let Some(kpi) = &ind.kolada else { continue };
            b.extend(self.kolada_indicator(data, ind, kpi, &units));
        }
        let fetched = data
            .fetched_at
            .as_deref()
            .map(|d| d.chars().take(10).collect::<String>());
        b.push(Block::Paragraph(match fetched {
            Some(d) => t(
                lang,
                &format!("Källa: Kolada, hämtat {d}. Förändringar och förväntade riktningar är hallbars egna beräkningar, inte Koladas."),
                &format!("Source: Kolada, fetched {d}. Changes and expected directions are hallbar's own, not Kolada's."),
            ),
            None => t(
                lang,
                "Källa: Kolada. Inga värden är hämtade ännu (hallbar indikatorer hamta hämtar dem).",
                "Source: Kolada. No values are fetched yet (hallbar indikatorer hamta fetches them).",
            ),
        }));
        b
    }

    fn kolada_indicator(
        &self,
        data: &KoladaData,
        ind: &Indikator,
        kpi: &hallbar_core::KoladaKpiId,
        units: &[String],
    ) -> Vec<Block> {
        let lang = self.lang;
        let title = data.kpis.iter().find(|m| &m.id == kpi).map_or_else(
            || t(lang, "titel saknas i cachen", "title not in the cache"),
            |m| m.title.clone(),
        );
        let mut b = vec![Block::Heading(2, format!("{} — {kpi}: {title}", ind.namn))];
        let series = kolada::series(&data.values, kpi, units);
        let direction = kolada::direction(kpi);
        let number = |v: f64| crate::number(v, None, lang);
        let rows: Vec<Vec<String>> = series
            .iter()
            .map(|s| {
                let (first, last, change) = match s.ends() {
                    Some(((fy, fv), (ly, lv))) => (
                        format!("{} ({fy})", number(fv)),
                        format!("{} ({ly})", number(lv)),
                        if fy == ly {
                            "–".to_owned()
                        } else {
                            number(lv - fv)
                        },
                    ),
                    None => ("–".to_owned(), "–".to_owned(), "–".to_owned()),
                };
                let against = direction.is_some_and(|d| s.against(d.battre));
                vec![
                    unit_name(&s.unit, lang),
                    first,
                    last,
                    change,
                    if against {
                        t(
                            lang,
                            "fel riktning två år i rad",
                            "the wrong way two years running",
                        )
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        if rows.is_empty() {
            b.push(Block::Paragraph(t(
                lang,
                "Inga värden i cachen för insatsens enheter.",
                "No values in the cache for the insats's units.",
            )));
        } else {
            b.push(Block::Table(
                vec![
                    t(lang, "Enhet", "Unit"),
                    t(lang, "Första värde", "First value"),
                    t(lang, "Senaste värde", "Latest value"),
                    t(lang, "Förändring", "Change"),
                    t(lang, "Mot förväntan", "Against expectation"),
                ],
                rows,
            ));
            let caption: Vec<String> = series
                .iter()
                .filter_map(|s| {
                    s.ends().map(|((fy, fv), (ly, lv))| {
                        format!(
                            "{} {} ({fy}) → {} ({ly})",
                            unit_name(&s.unit, lang),
                            number(fv),
                            number(lv)
                        )
                    })
                })
                .collect();
            let svg = trend_svg(&title, &series, lang);
            if !svg.is_empty() {
                b.push(Block::Figure(
                    svg,
                    format!("{title}: {}.", caption.join("; ")),
                ));
            }
        }
        b.push(Block::Paragraph(match direction {
            Some(d) => {
                let way = match (d.battre, lang) {
                    (Better::Lower, Lang::En) => "down",
                    (Better::Higher, Lang::En) => "up",
                    (Better::Lower, _) => "nedåt",
                    (Better::Higher, _) => "uppåt",
                };
                t(
                    lang,
                    &format!("Förväntad riktning: {way} (källa: {}).", d.kalla),
                    &format!("Expected direction: {way} (source: {}).", d.kalla),
                )
            }
            None => t(
                lang,
                "Förväntad riktning: anges inte för detta nyckeltal i hallbars tabell.",
                "Expected direction: not given for this key figure in hallbar's table.",
            ),
        }));
        // Per unit, its years: "Växjö 2024–2026".
        let mut by_unit: Vec<(&str, Vec<u16>)> = Vec::new();
        for (_, unit, year) in data.missing.iter().filter(|(k, _, _)| k == kpi) {
            match by_unit.iter_mut().find(|(u, _)| u == unit) {
                Some((_, years)) => years.push(*year),
                None => by_unit.push((unit, vec![*year])),
            }
        }
        let missing: Vec<String> = by_unit
            .into_iter()
            .map(|(unit, mut years)| {
                years.sort_unstable();
                let span = match (years.first(), years.last()) {
                    (Some(a), Some(b)) if a != b && usize::from(b - a) + 1 == years.len() => {
                        format!("{a}–{b}")
                    }
                    _ => years
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                format!("{} {span}", unit_name(unit, lang))
            })
            .collect();
        if !missing.is_empty() {
            let more = if data.missing_count > data.missing.len() {
                " …"
            } else {
                ""
            };
            b.push(Block::Paragraph(t(
                lang,
                &format!("Saknas i cachen: {}{more}.", missing.join("; ")),
                &format!("Not in the cache: {}{more}.", missing.join("; ")),
            )));
        }
        b
    }
}
