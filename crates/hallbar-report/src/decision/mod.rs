//! The decision basis (beslutsunderlag) of one assessment, with the handbook's sections.
//!
//! [`DecisionBasis::document`] is the table of contents: one method per section, in
//! order. The effects (`effects`) and the goal conflicts (`conflicts`) are in
//! submodules of their own, with the tables they need.

mod conflicts;
mod effects;

use hallbar_core::graph::GoalGraph;
use hallbar_core::method::{Checkpoint, Status, Suggested, quadrant};
use hallbar_core::{
    Dimension, Finding, FindingKind, GoalCatalogue, GoalId, Hallbarhetssakring, Labelled as _, Lang,
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
    /// The decision basis as a document.
    pub fn document(&self) -> Document {
        let blocks = [
            self.introduction(),
            self.contribution(),
            self.effects(),
            self.conflicts(),
            self.stakeholders(),
            self.keys_measures_indicators(),
            self.overall_assessment(),
            self.remaining_questions(),
        ]
        .concat();
        Document {
            title: format!(
                "{}: {}",
                t(self.lang, "Beslutsunderlag", "Decision basis"),
                self.doc.insats.titel
            ),
            blocks,
        }
    }

    /// A goal with its name, in the document's language.
    fn goal_name(&self, id: &GoalId) -> String {
        crate::goal_name(self.catalogue, id, self.lang)
    }

    /// The findings `filter` keeps, one line each: title, severity, goals, explanation and
    /// what supports it.
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

    /// Before the first heading: the kind of insats, its owner, id and period, its
    /// description, and where it stands in its method.
    fn introduction(&self) -> Vec<Block> {
        let lang = self.lang;
        let i = &self.doc.insats;
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
        b
    }

    /// Section 1, the contribution to the regional development strategy (RUS): to its
    /// target picture, its relevance, and the effect on each of its priorities.
    fn contribution(&self) -> Vec<Block> {
        let lang = self.lang;
        let mut b = vec![Block::Heading(
            1,
            t(
                lang,
                "Bidrag till den regionala utvecklingsstrategin",
                "Contribution to the regional development strategy",
            ),
        )];
        let si = &self.doc.strategisk_inriktning;
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
        b
    }

    /// The stakeholders: their table and power/interest figure, then the stakeholders
    /// the findings say are missing.
    fn stakeholders(&self) -> Vec<Block> {
        let (doc, lang) = (self.doc, self.lang);
        let mut b = vec![Block::Heading(1, t(lang, "Intressenter", "Stakeholders"))];
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
        b
    }

    /// The sustainability keys, each with the measures under it, then the indicator plan.
    fn keys_measures_indicators(&self) -> Vec<Block> {
        let (doc, lang) = (self.doc, self.lang);
        let mut b = vec![Block::Heading(
            1,
            t(
                lang,
                "Hållbarhetsnycklar, åtgärder och indikatorer",
                "Sustainability keys, measures and indicators",
            ),
        )];
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
        b
    }

    /// The overall assessment: per dimension, the assessor's own beside the one the
    /// effects suggest; who assessed it; then the method's checkpoints.
    fn overall_assessment(&self) -> Vec<Block> {
        let (doc, lang) = (self.doc, self.lang);
        let mut b = vec![
            Block::Heading(1, t(lang, "Samlad bedömning", "Overall assessment")),
            Block::Table(
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
            ),
        ];
        if let Some(by) = &doc.samlad_bedomning.bedomd_av {
            b.push(Block::Paragraph(format!(
                "{}: {by}",
                t(lang, "Bedömd av", "Assessed by")
            )));
        }
        let checkpoints = self.checkpoints();
        if !checkpoints.is_empty() {
            b.push(Block::List(checkpoints));
        }
        b
    }

    /// The method's checkpoints (hållplatser), one line each: decided, by whom and when,
    /// or undecided. None when the method is not known.
    fn checkpoints(&self) -> Vec<String> {
        let (doc, lang) = (self.doc, self.lang);
        let Some(st) = self.status else {
            return Vec::new();
        };
        st.steps
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
            .collect()
    }

    /// Section 5, the remaining questions: the assessor's, the knowledge gaps stated and
    /// found, then what the assessment still lacks.
    fn remaining_questions(&self) -> Vec<Block> {
        let (doc, lang) = (self.doc, self.lang);
        let mut b = vec![Block::Heading(
            1,
            t(lang, "Kvarstående frågor", "Remaining questions"),
        )];
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
        b
    }
}
