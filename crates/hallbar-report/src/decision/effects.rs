//! Sections 2–3 of the decision basis: the positive effects and how they are
//! strengthened, the negative ones and how they are minimised, and the goal wheel.

use hallbar_core::{Labelled as _, Riktning};

use super::DecisionBasis;
use crate::doc::Block;
use crate::{figures, t};

impl DecisionBasis<'_> {
    /// Sections 2–3: a table of the positive effects, one of the negative effects, then
    /// the goal wheel of both.
    pub(super) fn effects(&self) -> Vec<Block> {
        let lang = self.lang;
        vec![
            Block::Heading(
                1,
                t(
                    lang,
                    "Positiva effekter och hur de stärks",
                    "Positive effects and how they are strengthened",
                ),
            ),
            self.effects_table(Riktning::Positiv),
            Block::Heading(
                1,
                t(
                    lang,
                    "Negativa effekter och hur de minimeras",
                    "Negative effects and how they are minimised",
                ),
            ),
            self.effects_table(Riktning::Negativ),
            Block::Figure(
                figures::goal_wheel(self.doc, self.catalogue, lang),
                t(
                    lang,
                    "De 17 globala målen: + positiv effekt, − negativ (streckad), ± båda, tomt ingen angiven effekt.",
                    "The 17 goals: + positive effect, − negative (hatched), ± both, empty no stated effect.",
                ),
            ),
        ]
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

    /// The effects in `direction`, one row each: goal, strength, kind, motivation,
    /// groups, and how they are strengthened or minimised (the measures addressing them
    /// and, for negative effects, the assessor's positions on related goal conflicts).
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
}
