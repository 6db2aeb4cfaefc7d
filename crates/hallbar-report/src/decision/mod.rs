//! The decision basis (beslutsunderlag) of one assessment, with the handbook's sections.
//!
//! [`DecisionBasis::document`] is the table of contents: one method per section, in
//! order. The effects (`effects`) and the goal conflicts (`conflicts`) are in
//! submodules of their own, with the tables they need.

mod conflicts;
mod cover;
mod effects;
mod kolada;
mod provenance;

use hallbar_core::graph::GoalGraph;
use hallbar_core::method::{Checkpoint, Profile, Status, Suggested, quadrant};
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
    /// Its method profile, if known: the text of the support questions answered.
    pub profile: Option<&'a Profile>,
    /// The overall assessment the effects suggest.
    pub suggested: &'a [Suggested],
    /// The goal catalogue.
    pub catalogue: &'a GoalCatalogue,
    /// The goal graph, for the network figure.
    pub graph: Option<&'a GoalGraph>,
    /// The rules the findings come from, when known: the appendix names what rule
    /// layers above the standard set added, changed and switched off.
    pub rules: Option<&'a hallbar_core::rules::RuleSet>,
    /// Kolada's values for the indicators that are key figures, when read from a cache:
    /// the follow-up section shows them.
    pub kolada: Option<&'a hallbar_core::kolada::KoladaData>,
    /// The language.
    pub lang: Lang,
}

impl DecisionBasis<'_> {
    /// The decision basis as a document.
    ///
    /// What the assessor wrote comes first (the cover page, then section by section);
    /// the figures follow in a section of their own, each with its caption in words,
    /// and the provenance last.
    pub fn document(&self) -> Document {
        let (figures, mut blocks): (Vec<Block>, Vec<Block>) = [
            self.cover(),
            self.contribution(),
            self.effects(),
            self.conflicts(),
            self.stakeholders(),
            self.keys_measures_indicators(),
            self.kolada(),
            self.overall_assessment(),
            self.answers(),
            self.remaining_questions(),
        ]
        .concat()
        .into_iter()
        .partition(|b| matches!(b, Block::Figure(..)));
        if !figures.is_empty() {
            blocks.push(Block::Heading(1, t(self.lang, "Figurer", "Figures")));
            blocks.extend(figures);
        }
        blocks.extend(self.provenance());
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
    /// what else supports it, by name (rule ids and goal-graph paths are in the appendix).
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
                let also = self.also_supported_by(f);
                format!(
                    "{} ({}){goals}: {}{also}",
                    f.title,
                    f.severity.label(self.lang).to_lowercase(),
                    f.explanation
                )
            })
            .collect()
    }

    /// " Stöds även av: …" — the other rules and goal-graph findings that support `f`,
    /// by title; empty when none.
    fn also_supported_by(&self, f: &Finding) -> String {
        let mut others: Vec<&str> = Vec::new();
        for s in &f.supported_by {
            if s.title != f.title && !others.contains(&s.title.as_str()) {
                others.push(&s.title);
            }
        }
        if others.is_empty() {
            String::new()
        } else {
            format!(
                " {}: {}.",
                t(self.lang, "Stöds även av", "Also supported by"),
                others.join("; ")
            )
        }
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
        if !doc.intressekonflikter.is_empty() {
            let name = |id: &hallbar_core::IntressentId| {
                doc.intressenter
                    .iter()
                    .find(|s| &s.id == id)
                    .map_or_else(|| id.to_string(), |s| s.namn.clone())
            };
            b.push(Block::Heading(
                2,
                t(
                    lang,
                    "Intressekonflikter och hur de hanteras",
                    "Conflicts of interest and how they are handled",
                ),
            ));
            b.push(Block::Table(
                vec![
                    t(lang, "Intressenter", "Stakeholders"),
                    t(lang, "Konflikt", "Conflict"),
                    t(lang, "Hantering", "Handling"),
                ],
                doc.intressekonflikter
                    .iter()
                    .map(|k| {
                        vec![
                            k.intressenter
                                .iter()
                                .map(name)
                                .collect::<Vec<_>>()
                                .join(", "),
                            k.beskrivning.trim().to_owned(),
                            k.hantering.as_deref().map_or_else(
                                || t(lang, "– ingen hantering angiven", "– no handling given"),
                                |h| h.trim().to_owned(),
                            ),
                        ]
                    })
                    .collect(),
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
                .map(|a| self.measure(a))
                .collect();
            b.push(Block::Heading(2, k.titel.clone()));
            b.push(Block::List(if measures.is_empty() {
                vec![t(lang, "– ingen åtgärd", "– no measure")]
            } else {
                measures
            }));
        }
        let unkeyed: Vec<String> = doc
            .atgarder
            .iter()
            .filter(|a| a.nycklar.is_empty())
            .map(|a| self.measure(a))
            .collect();
        if !unkeyed.is_empty() {
            b.push(Block::Heading(
                2,
                t(
                    lang,
                    "Åtgärder utan hållbarhetsnyckel",
                    "Measures without a key",
                ),
            ));
            b.push(Block::List(unkeyed));
        }
        if !doc.indikatorer.is_empty() {
            let opt =
                |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| crate::number(v, None, lang));
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
                                format!(
                                    "{} ({})",
                                    s.utfall.label(lang),
                                    crate::signed(s.balance(), 1, lang)
                                )
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

    /// A measure in words: what, who is responsible, by when.
    fn measure(&self, a: &hallbar_core::Atgard) -> String {
        let lang = self.lang;
        let mut who_when = Vec::new();
        if let Some(who) = a.ansvarig.as_deref().filter(|w| !w.trim().is_empty()) {
            who_when.push(format!(
                "{}: {}",
                t(lang, "ansvarig", "responsible"),
                who.trim()
            ));
        }
        if let Some(date) = a.klar_senast {
            who_when.push(format!("{}: {date}", t(lang, "klar senast", "due")));
        }
        if who_when.is_empty() {
            a.beskrivning.trim().to_owned()
        } else {
            format!("{} ({})", a.beskrivning.trim(), who_when.join(", "))
        }
    }

    /// The support questions the assessor answered, by their text, with the answers.
    fn answers(&self) -> Vec<Block> {
        let (doc, lang) = (self.doc, self.lang);
        let rows: Vec<Vec<String>> = doc
            .svar
            .iter()
            .filter_map(|a| {
                let answer = a.svar.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
                let question = self.profile.and_then(|p| p.question(&a.fraga)).map_or_else(
                    || a.fraga.to_string(),
                    |q| match lang {
                        Lang::En => q.text_en.clone().unwrap_or_else(|| q.text.clone()),
                        _ => q.text.clone(),
                    },
                );
                Some(vec![question, answer.to_owned()])
            })
            .collect();
        if rows.is_empty() {
            return Vec::new();
        }
        vec![
            Block::Heading(
                1,
                t(
                    lang,
                    "Svar på stödfrågorna",
                    "Answers to the support questions",
                ),
            ),
            Block::Table(
                vec![
                    t(lang, "Stödfråga", "Support question"),
                    t(lang, "Svar", "Answer"),
                ],
                rows,
            ),
        ]
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
