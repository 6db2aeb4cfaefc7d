//! The first page of the decision basis: what the matter is (case number, date, kind,
//! owner, period), the assessment in brief, and the assessor's recommendation with its
//! conditions — what a decision-maker reads first, on one page.

use hallbar_core::{Finding, Forslag, Labelled as _, Severity};

use super::DecisionBasis;
use crate::doc::Block;
use crate::t;

impl DecisionBasis<'_> {
    /// The first page, ended by a page break: the matter, then "Sammanfattning och
    /// förslag till beslut" — the recommendation and its conditions, the assessor's
    /// summary, what hallbar found that must or should be handled, where the assessment
    /// stands in its method.
    pub(super) fn cover(&self) -> Vec<Block> {
        let (doc, lang) = (self.doc, self.lang);
        let i = &doc.insats;
        let recommendation = doc.samlad_bedomning.rekommendation.as_ref();
        let mut facts = Vec::new();
        if let Some(number) = i.diarienummer.as_deref() {
            facts.push(format!(
                "{}: {number}",
                t(lang, "Diarienummer", "Case number")
            ));
        }
        if let Some(date) = recommendation.and_then(|r| r.datum) {
            facts.push(format!("{}: {date}", t(lang, "Datum", "Date")));
        }
        let period = i.period.as_ref().map(|p| {
            format!(
                "{} {}–{}",
                t(lang, "period", "period"),
                p.start,
                p.slut.map_or_else(String::new, |s| s.to_string())
            )
        });
        let mut about = vec![i.typ.label(lang), i.agare.clone()];
        about.extend(period);
        facts.push(about.join(" · "));
        let mut b = vec![Block::Paragraph(facts.join(" · "))];
        if !i.beskrivning.trim().is_empty() {
            b.push(Block::Paragraph(i.beskrivning.trim().to_owned()));
        }
        b.push(Block::Heading(
            1,
            t(
                lang,
                "Sammanfattning och förslag till beslut",
                "Summary and recommendation",
            ),
        ));
        match recommendation {
            Some(r) => {
                b.push(Block::Paragraph(format!(
                    "{}: {}.",
                    t(lang, "Förslag till beslut", "Recommendation"),
                    r.forslag.label(lang)
                )));
                if r.forslag == Forslag::TillstyrkaMedVillkor || !r.villkor.is_empty() {
                    let conditions: Vec<String> = r
                        .villkor
                        .iter()
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty())
                        .collect();
                    b.push(Block::Paragraph(t(lang, "Villkor:", "Conditions:")));
                    b.push(Block::List(if conditions.is_empty() {
                        vec![t(lang, "– inga villkor angivna", "– no conditions given")]
                    } else {
                        conditions
                    }));
                }
                if !r.sammanfattning.trim().is_empty() {
                    b.push(Block::Paragraph(r.sammanfattning.trim().to_owned()));
                }
            }
            None => b.push(Block::Paragraph(t(
                lang,
                "Förslag till beslut: inte angivet av bedömaren.",
                "Recommendation: not given by the assessor.",
            ))),
        }
        b.push(Block::Paragraph(self.found_in_brief()));
        let serious: Vec<String> = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Allvarlig && !f.is_secondary())
            .map(|f| f.title.clone())
            .collect();
        if !serious.is_empty() {
            b.push(Block::List(serious));
        }
        if let Some(st) = self.status {
            b.push(Block::Paragraph(format!(
                "{}: {}.",
                t(lang, "Läge i metoden", "State in the method"),
                st.state.label(lang)
            )));
        }
        b.push(Block::PageBreak);
        b
    }

    /// What hallbar found, counted by severity, in one sentence.
    fn found_in_brief(&self) -> String {
        let main: Vec<&Finding> = self.findings.iter().filter(|f| !f.is_secondary()).collect();
        let count = |s: Severity| main.iter().filter(|f| f.severity == s).count();
        let (serious, warnings) = (count(Severity::Allvarlig), count(Severity::Varning));
        match self.lang {
            hallbar_core::Lang::En => format!(
                "hallbar found {serious} serious finding{} (to handle before the decision) and {warnings} warning{}.",
                if serious == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" },
            ),
            _ => format!(
                "hallbar har funnit {serious} allvarlig{} fynd (att hantera före beslut) och {warnings} varning{}.",
                if serious == 1 { "t" } else { "a" },
                if warnings == 1 { "" } else { "ar" },
            ),
        }
    }
}
