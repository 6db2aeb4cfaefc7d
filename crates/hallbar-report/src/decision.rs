//! The decision basis (beslutsunderlag) of one assessment, with the handbook's sections.

use hallbar_core::graph::GoalGraph;
use hallbar_core::method::{Checkpoint, Status, Suggested, quadrant};
use hallbar_core::{
    Dimension, Finding, FindingKind, GoalCatalogue, GoalId, Hallbarhetssakring, Labelled as _,
    Lang, Riktning,
};
use strum::IntoEnumIterator as _;

use crate::doc::{Block, Document};
use crate::{figures, t};

/// What the decision basis is made of.
#[derive(Debug, Clone, Copy)]
pub struct DecisionBasis<'a> {
    /// The assessment.
    pub doc: &'a Hallbarhetssakring,
    /// Its findings (rules, graph, method), in the order to show.
    pub findings: &'a [Finding],
    /// Where it stands in its method, if known.
    pub status: Option<&'a Status<'a>>,
    /// The overall assessment the effects suggest.
    pub suggested: &'a [Suggested],
    /// The goal catalogue.
    pub catalogue: &'a GoalCatalogue,
    /// The goal graph, for the network figure.
    pub graph: Option<&'a GoalGraph>,
    /// The language.
    pub lang: Lang,
}

impl DecisionBasis<'_> {
    fn goal_name(&self, id: &GoalId) -> String {
        crate::goal_name(self.catalogue, id, self.lang)
    }

    /// The measures addressing effect `i`.
    fn measures_for(&self, i: usize) -> Vec<String> {
        let Some(e) = self.doc.effekter.get(i) else {
            return Vec::new();
        };
        self.doc
            .atgarder
            .iter()
            .filter(|a| a.effekter.contains(&e.id))
            .map(|a| a.beskrivning.clone())
            .collect()
    }

    fn effects_table(&self, direction: Riktning) -> Block {
        let lang = self.lang;
        let header = vec![
            t(lang, "Mål", "Goal"),
            t(lang, "Styrka", "Strength"),
            t(lang, "Typ", "Kind"),
            t(lang, "Motivering", "Motivation"),
            t(lang, "Grupper", "Groups"),
            if direction == Riktning::Positiv {
                t(lang, "Hur de stärks", "How they are strengthened")
            } else {
                t(lang, "Hur de minimeras", "How they are minimised")
            },
        ];
        let rows = self
            .doc
            .effekter
            .iter()
            .enumerate()
            .filter(|(_, e)| e.riktning == direction)
            .map(|(i, e)| {
                let mut how = self.measures_for(i);
                if direction == Riktning::Negativ {
                    for k in &self.doc.malkonflikter {
                        if let Some(s) = &k.stallningstagande {
                            if k.mal.iter().any(|g| self.catalogue.is_related(&e.mal, g)) {
                                how.push(format!(
                                    "{}: {s}",
                                    t(lang, "Ställningstagande", "Position")
                                ));
                            }
                        }
                    }
                }
                if how.is_empty() {
                    how.push(t(lang, "– (ingen åtgärd)", "– (no measure)"));
                }
                vec![
                    self.goal_name(&e.mal),
                    e.styrka.get().to_string(),
                    e.typ.label(lang),
                    e.motivering.trim().to_owned(),
                    e.grupper
                        .iter()
                        .map(|g| g.label(lang))
                        .collect::<Vec<_>>()
                        .join(", "),
                    how.join("; "),
                ]
            })
            .collect::<Vec<_>>();
        if rows.is_empty() {
            Block::Paragraph(t(lang, "Inga angivna.", "None stated."))
        } else {
            Block::Table(header, rows)
        }
    }

    fn findings_list(&self, filter: impl Fn(&Finding) -> bool) -> Vec<String> {
        self.findings
            .iter()
            .filter(|f| filter(f))
            .map(|f| {
                let goals = if f.goals.is_empty() {
                    String::new()
                } else {
                    format!(
                        " [{}]",
                        f.goals
                            .iter()
                            .map(GoalId::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let origin = f.support(self.lang);
                format!(
                    "{} ({}){goals}: {} ({origin})",
                    f.title,
                    f.severity.label(self.lang).to_lowercase(),
                    f.explanation
                )
            })
            .collect()
    }

    /// The conflict table: one row per goal conflict of the main list — the goal pair,
    /// what supports it, what to consider, and the assessor's own position — then the
    /// conflicts the assessor states that no finding names.
    fn conflict_table(&self) -> Vec<Block> {
        let lang = self.lang;
        let stated = &self.doc.malkonflikter;
        let related = |a: &GoalId, b: &GoalId| self.catalogue.is_related(a, b);
        // A stated conflict is about a finding when each of the finding's goals is one of
        // its goals, at any level.
        let about = |k: &hallbar_core::Malkonflikt, f: &Finding| {
            f.goals.iter().all(|g| k.mal.iter().any(|m| related(g, m)))
        };
        let position = |k: &hallbar_core::Malkonflikt| {
            k.stallningstagande.clone().unwrap_or_else(|| {
                t(
                    lang,
                    "angiven, inget ställningstagande",
                    "stated, no position",
                )
            })
        };
        let conflicts: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Malkonflikt && !f.is_secondary())
            .collect();
        let mut rows: Vec<Vec<String>> = conflicts
            .iter()
            .map(|f| {
                let goals = f
                    .goals
                    .iter()
                    .map(GoalId::as_str)
                    .collect::<Vec<_>>()
                    .join(" ↔ ");
                let s = &f.suggestions;
                let labels = lang.pick(
                    ["Nycklar", "Åtgärder", "Indikatorer"],
                    ["Keys", "Measures", "Indicators"],
                );
                let consider: Vec<String> = labels
                    .iter()
                    .zip([&s.nycklar, &s.atgarder, &s.indikatorer])
                    .filter(|(_, items)| !items.is_empty())
                    .map(|(label, items)| format!("{label}: {}.", items.join("; ")))
                    .collect();
                let own: Vec<String> = stated
                    .iter()
                    .filter(|k| about(k, f))
                    .map(&position)
                    .collect();
                vec![
                    goals,
                    format!(
                        "{} ({}, {})",
                        f.title,
                        f.severity.label(lang).to_lowercase(),
                        f.support(lang)
                    ),
                    consider.join(" "),
                    if own.is_empty() {
                        t(
                            lang,
                            "– (inte angiven av bedömaren)",
                            "– (not stated by the assessor)",
                        )
                    } else {
                        own.join(" ")
                    },
                ]
            })
            .collect();
        for k in stated {
            if !conflicts.iter().any(|f| about(k, f)) {
                rows.push(vec![
                    k.mal
                        .iter()
                        .map(GoalId::as_str)
                        .collect::<Vec<_>>()
                        .join(" ↔ "),
                    format!(
                        "{} ({})",
                        k.beskrivning.trim(),
                        t(lang, "angiven av bedömaren", "stated by the assessor")
                    ),
                    String::new(),
                    position(k),
                ]);
            }
        }
        if rows.is_empty() {
            return vec![Block::Paragraph(t(
                lang,
                "Varken bedömaren eller hallbar har funnit någon målkonflikt.",
                "Neither the assessor nor hallbar found a goal conflict.",
            ))];
        }
        vec![
            Block::Paragraph(t(
                lang,
                "En rad per målkonflikt, med det som stöder den. Konflikterna hanteras i dialog; verktyget löser dem inte.",
                "One row per goal conflict, with what supports it. Conflicts are handled in dialogue; the tool does not resolve them.",
            )),
            Block::Table(
                vec![
                    t(lang, "Mål", "Goals"),
                    t(lang, "Vad som stöder konflikten", "What supports it"),
                    t(lang, "Att överväga", "To consider"),
                    t(
                        lang,
                        "Bedömarens ställningstagande",
                        "The assessor's position",
                    ),
                ],
                rows,
            ),
        ]
    }

    /// The decision basis as a document.
    pub fn document(&self) -> Document {
        let (doc, lang) = (self.doc, self.lang);
        let i = &doc.insats;
        let mut b = Vec::new();
        let period = i.period.as_ref().map_or_else(String::new, |p| {
            format!(
                ", {}–{}",
                p.start,
                p.slut.map_or_else(String::new, |s| s.to_string())
            )
        });
        b.push(Block::Paragraph(format!(
            "{} · {} · {}{period}",
            i.typ.label(lang),
            i.agare,
            i.id
        )));
        if !i.beskrivning.trim().is_empty() {
            b.push(Block::Paragraph(i.beskrivning.trim().to_owned()));
        }
        if let Some(st) = self.status {
            let state = st.state.label(lang);
            b.push(Block::Paragraph(format!(
                "{}: {state}.",
                t(lang, "Läge i metoden", "State in the method")
            )));
        }

        // 1. Contribution to the RUS.
        b.push(Block::Heading(
            1,
            t(
                lang,
                "Bidrag till den regionala utvecklingsstrategin",
                "Contribution to the regional development strategy",
            ),
        ));
        let si = &doc.strategisk_inriktning;
        if !si.bidrag_malbild.trim().is_empty() {
            b.push(Block::Paragraph(si.bidrag_malbild.trim().to_owned()));
        }
        if !si.relevans.trim().is_empty() {
            b.push(Block::Paragraph(format!(
                "{}: {}",
                t(lang, "Relevans", "Relevance"),
                si.relevans.trim()
            )));
        }
        if !si.prioriteringar.is_empty() {
            b.push(Block::Table(
                vec![
                    t(lang, "Prioritering", "Priority"),
                    t(lang, "Påverkan", "Effect"),
                    t(lang, "Motivering", "Motivation"),
                ],
                si.prioriteringar
                    .iter()
                    .map(|p| {
                        vec![
                            self.goal_name(&p.prioritet),
                            p.paverkan.label(lang),
                            p.motivering.clone(),
                        ]
                    })
                    .collect(),
            ));
        }

        // 2–3. Positive and negative effects.
        b.push(Block::Heading(
            1,
            t(
                lang,
                "Positiva effekter och hur de stärks",
                "Positive effects and how they are strengthened",
            ),
        ));
        b.push(self.effects_table(Riktning::Positiv));
        b.push(Block::Heading(
            1,
            t(
                lang,
                "Negativa effekter och hur de minimeras",
                "Negative effects and how they are minimised",
            ),
        ));
        b.push(self.effects_table(Riktning::Negativ));
        b.push(Block::Figure(
            figures::goal_wheel(doc, self.catalogue, lang),
            t(lang, "De 17 globala målen: + positiv effekt, − negativ (streckad), ± båda, tomt ingen angiven effekt.", "The 17 goals: + positive effect, − negative (hatched), ± both, empty no stated effect."),
        ));

        // 4. Goal conflicts and their handling.
        b.push(Block::Heading(
            1,
            t(
                lang,
                "Målkonflikter och hur de hanteras",
                "Goal conflicts and how they are handled",
            ),
        ));
        b.extend(self.conflict_table());
        let interests = self.findings_list(|f| f.kind == FindingKind::Intressekonflikt);
        if !interests.is_empty() {
            b.push(Block::Paragraph(t(
                lang,
                "Intressekonflikter som hallbar synliggör (de ska hanteras i dialog, verktyget löser dem inte):",
                "Conflicts of interest hallbar makes visible (they are handled in dialogue; the tool does not resolve them):",
            )));
            b.push(Block::List(interests));
        }
        let possible =
            self.findings_list(|f| f.kind == FindingKind::Malkonflikt && f.is_secondary());
        if !possible.is_empty() {
            b.push(Block::Heading(
                2,
                t(
                    lang,
                    "Möjliga indirekta målkonflikter (målgrafen, information)",
                    "Possible indirect goal conflicts (goal graph, information)",
                ),
            ));
            b.push(Block::Paragraph(t(lang, "Samband som målgrafen antyder men som varken en regel eller insatsens egna effekter stöder, och som är för svaga för huvudlistan: bedöm om de gäller.", "Links the goal graph suggests that neither a rule nor the insats's own effects support, too weak for the main list: judge whether they hold.")));
            b.push(Block::List(possible));
        }
        let synergies = self.findings_list(|f| f.kind == FindingKind::Synergi);
        if !synergies.is_empty() {
            b.push(Block::Heading(
                2,
                t(lang, "Synergier att stärka", "Synergies to strengthen"),
            ));
            b.push(Block::List(synergies));
        }
        if let Some(graph) = self.graph {
            if let Some(svg) =
                figures::insats_network(doc, self.findings, graph, self.catalogue, lang)
            {
                b.push(Block::Figure(svg, t(lang, "Samband mellan insatsens mål i målgrafen: blå heldragen förstärkande, röd streckad motverkande; siffran är poängen −3 … +3.", "Links between the insats's goals in the goal graph: blue solid reinforcing, red dashed counteracting; the number is the score −3 … +3.")));
            }
        }

        // Stakeholders.
        b.push(Block::Heading(1, t(lang, "Intressenter", "Stakeholders")));
        if !doc.intressenter.is_empty() {
            b.push(Block::Table(
                vec![
                    t(lang, "Intressent", "Stakeholder"),
                    t(lang, "Kategori", "Category"),
                    t(lang, "Makt", "Power"),
                    t(lang, "Intresse", "Interest"),
                    t(lang, "Involverad", "Involved"),
                    t(lang, "Hållning", "Stance"),
                    t(lang, "Strategi", "Strategy"),
                ],
                doc.intressenter
                    .iter()
                    .map(|s| {
                        vec![
                            s.namn.clone(),
                            s.kategori.label(lang),
                            s.makt.get().to_string(),
                            s.intresse.get().to_string(),
                            if s.involverad {
                                t(lang, "ja", "yes")
                            } else {
                                t(lang, "nej", "no")
                            },
                            s.hallning.label(lang),
                            quadrant(s).label(lang),
                        ]
                    })
                    .collect(),
            ));
            b.push(Block::Figure(
                figures::stakeholder_grid(doc, lang),
                t(
                    lang,
                    "Makt/intresse: ifyllda cirklar är involverade, streckade är det inte.",
                    "Power/interest: filled circles are involved, dashed ones are not.",
                ),
            ));
        }
        let missing = self.findings_list(|f| f.kind == FindingKind::SaknadIntressent);
        if !missing.is_empty() {
            b.push(Block::Heading(
                2,
                t(lang, "Saknade intressenter", "Missing stakeholders"),
            ));
            b.push(Block::List(missing));
        }

        // Keys, measures, indicators.
        b.push(Block::Heading(
            1,
            t(
                lang,
                "Hållbarhetsnycklar, åtgärder och indikatorer",
                "Sustainability keys, measures and indicators",
            ),
        ));
        for k in &doc.nycklar {
            let measures: Vec<String> = doc
                .atgarder
                .iter()
                .filter(|a| a.nycklar.contains(&k.id))
                .map(|a| a.beskrivning.clone())
                .collect();
            b.push(Block::Heading(2, k.titel.clone()));
            b.push(Block::List(if measures.is_empty() {
                vec![t(lang, "– ingen åtgärd", "– no measure")]
            } else {
                measures
            }));
        }
        if !doc.indikatorer.is_empty() {
            let opt = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{v}"));
            let year = |v: Option<u16>| v.map_or_else(|| "–".to_owned(), |v| v.to_string());
            b.push(Block::Heading(
                2,
                t(lang, "Indikatorplan", "Indicator plan"),
            ));
            b.push(Block::Table(
                vec![
                    t(lang, "Indikator", "Indicator"),
                    t(lang, "Enhet", "Unit"),
                    t(lang, "Utgångsvärde", "Baseline"),
                    t(lang, "Målvärde", "Target"),
                    "Kolada".to_owned(),
                    t(lang, "Nyckel", "Key"),
                ],
                doc.indikatorer
                    .iter()
                    .map(|ind| {
                        vec![
                            ind.namn.clone(),
                            ind.enhet.clone(),
                            format!("{} ({})", opt(ind.utgangsvarde), year(ind.utgangsar)),
                            format!("{} ({})", opt(ind.malvarde), year(ind.malar)),
                            ind.kolada
                                .as_ref()
                                .map_or_else(|| "–".to_owned(), ToString::to_string),
                            doc.nycklar
                                .iter()
                                .find(|k| k.id == ind.nyckel)
                                .map_or_else(|| ind.nyckel.to_string(), |k| k.titel.clone()),
                        ]
                    })
                    .collect(),
            ));
        }

        // Overall assessment.
        b.push(Block::Heading(
            1,
            t(lang, "Samlad bedömning", "Overall assessment"),
        ));
        b.push(Block::Table(
            vec![
                t(lang, "Dimension", "Dimension"),
                t(lang, "Bedömning", "Assessment"),
                t(lang, "Motivering", "Motivation"),
                t(lang, "Föreslagen av effekterna", "Suggested by the effects"),
            ],
            Dimension::iter()
                .map(|d| {
                    let own = doc.samlad_bedomning.get(d);
                    let suggested = self
                        .suggested
                        .iter()
                        .find(|s| s.dimension == d)
                        .map_or_else(String::new, |s| {
                            format!("{} ({:+.1})", s.utfall.label(lang), s.balance())
                        });
                    vec![
                        d.label(lang),
                        own.map_or_else(
                            || t(lang, "ej bedömd", "not assessed"),
                            |o| o.bedomning.label(lang),
                        ),
                        own.map_or_else(String::new, |o| o.motivering.clone()),
                        suggested,
                    ]
                })
                .collect(),
        ));
        if let Some(by) = &doc.samlad_bedomning.bedomd_av {
            b.push(Block::Paragraph(format!(
                "{}: {by}",
                t(lang, "Bedömd av", "Assessed by")
            )));
        }
        if let Some(st) = self.status {
            let checkpoints: Vec<String> = st
                .steps
                .iter()
                .filter_map(|s| {
                    let c = s.checkpoint.as_ref()?;
                    let text = match c {
                        Checkpoint::Undecided => t(lang, "ej beslutad", "undecided"),
                        Checkpoint::Decided { beslut, index } => {
                            let h = doc.hallplatser.get(*index)?;
                            let who = h.beslutad_av.as_deref().unwrap_or("–");
                            let when = h.datum.map_or_else(|| "–".to_owned(), |d| d.to_string());
                            format!("{} ({who}, {when}): {}", beslut.label(lang), h.motivering)
                        }
                    };
                    Some(format!(
                        "{} {}: {text}",
                        t(lang, "Hållplats efter steg", "Checkpoint after step"),
                        s.id
                    ))
                })
                .collect();
            if !checkpoints.is_empty() {
                b.push(Block::List(checkpoints));
            }
        }

        // 5. Remaining questions.
        b.push(Block::Heading(
            1,
            t(lang, "Kvarstående frågor", "Remaining questions"),
        ));
        let mut remaining: Vec<String> = doc.samlad_bedomning.kvarstaende_fragor.clone();
        for k in &doc.kunskapsluckor {
            let handling = k
                .hantering
                .as_deref()
                .map_or_else(|| t(lang, "hantering saknas", "no handling"), str::to_owned);
            remaining.push(format!(
                "{}: {} ({handling})",
                t(lang, "Kunskapslucka", "Knowledge gap"),
                k.beskrivning
            ));
        }
        remaining.extend(self.findings_list(|f| f.kind == FindingKind::Kunskapslucka));
        b.push(if remaining.is_empty() {
            Block::Paragraph(t(lang, "Inga.", "None."))
        } else {
            Block::List(remaining)
        });
        let incomplete = self.findings_list(|f| f.kind == FindingKind::Ofullstandig);
        if !incomplete.is_empty() {
            b.push(Block::Heading(
                2,
                t(
                    lang,
                    "Det som saknas i bedömningen",
                    "What the assessment still lacks",
                ),
            ));
            b.push(Block::List(incomplete));
        }
        Document {
            title: format!(
                "{}: {}",
                t(lang, "Beslutsunderlag", "Decision basis"),
                i.titel
            ),
            blocks: b,
        }
    }
}
