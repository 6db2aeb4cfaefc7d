//! Section 4 of the decision basis: the goal conflicts and how they are handled, the
//! conflicts of interest, the possible indirect conflicts, the synergies, and the network
//! of the insats's goals.

use hallbar_core::{Finding, FindingKind, GoalId, Labelled as _, Malkonflikt};

use super::DecisionBasis;
use crate::doc::Block;
use crate::{figures, t};

impl DecisionBasis<'_> {
    /// Section 4: the conflict table, the conflicts of interest, the possible indirect
    /// goal conflicts, the synergies, then the figure of the links between the insats's
    /// goals (when there is a goal graph and it links them).
    pub(super) fn conflicts(&self) -> Vec<Block> {
        let lang = self.lang;
        let mut b = vec![Block::Heading(
            1,
            t(
                lang,
                "Målkonflikter och hur de hanteras",
                "Goal conflicts and how they are handled",
            ),
        )];
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
                figures::insats_network(self.doc, self.findings, graph, self.catalogue, lang)
            {
                b.push(Block::Figure(svg, t(lang, "Samband mellan insatsens mål i målgrafen: blå heldragen förstärkande, röd streckad motverkande; siffran är poängen −3 … +3.", "Links between the insats's goals in the goal graph: blue solid reinforcing, red dashed counteracting; the number is the score −3 … +3.")));
            }
        }
        b
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
        let about = |k: &Malkonflikt, f: &Finding| {
            f.goals.iter().all(|g| k.mal.iter().any(|m| related(g, m)))
        };
        let position = |k: &Malkonflikt| {
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
                    .zip([&s.keys, &s.measures, &s.indicators])
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
}
