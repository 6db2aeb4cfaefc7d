//! Section 4 of the decision basis: the goal conflicts and how they are handled, the
//! conflicts of interest, the possible indirect conflicts, the synergies, and the network
//! of the insats's goals.

use hallbar_core::{
    Finding, FindingKind, GoalId, Labelled as _, Malkonflikt, Severity, Suggestions,
};

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

    /// The conflict table, grouped so a decision-maker sees it at a glance: one row per
    /// goal that an effect of the insats works against, with the goals it stands against,
    /// what supports the conflicts (by name), what to consider (ranked, the first
    /// [`Suggestions::SHOWN`]) and what the assessor wrote of it (how they see it, and
    /// their position); then the conflicts the assessor states that no finding names. The findings themselves stay one per pair.
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
        // What the assessor wrote of a stated conflict: how they see it, and their position.
        let written = |k: &Malkonflikt| match k.beskrivning.trim() {
            "" => position(k),
            description => format!("{description} — {}", position(k)),
        };
        let conflicts: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Malkonflikt && !f.is_secondary())
            .collect();
        // Rows by the goal worked against (a pair's second goal), in the order the
        // findings come; a conflict without a pair of goals is a row of its own.
        let mut groups: Vec<(Option<&GoalId>, Vec<&Finding>)> = Vec::new();
        for f in &conflicts {
            let against = match f.goals.as_slice() {
                [_, negative] => Some(negative),
                _ => None,
            };
            match groups
                .iter_mut()
                .find(|(g, _)| against.is_some() && *g == against)
            {
                Some((_, members)) => members.push(f),
                None => groups.push((against, vec![f])),
            }
        }
        let mut rows: Vec<Vec<String>> = groups
            .iter()
            .map(|(against, members)| {
                let worked_against = against.map_or_else(
                    || {
                        members
                            .iter()
                            .flat_map(|f| &f.goals)
                            .map(GoalId::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    |g| self.goal_name(g),
                );
                let mut stands_against: Vec<String> = Vec::new();
                for f in members {
                    if let [positive, _] = f.goals.as_slice() {
                        let name = self.goal_name(positive);
                        if !stands_against.contains(&name) {
                            stands_against.push(name);
                        }
                    }
                }
                let severity = members
                    .iter()
                    .map(|f| f.severity)
                    .max()
                    .unwrap_or(Severity::Information);
                let mut support: Vec<&str> = Vec::new();
                for title in members.iter().flat_map(|f| {
                    std::iter::once(&f.title).chain(f.supported_by.iter().map(|s| &s.title))
                }) {
                    if !support.contains(&title.as_str()) {
                        support.push(title);
                    }
                }
                let mut own: Vec<String> = Vec::new();
                for k in stated
                    .iter()
                    .filter(|k| members.iter().any(|f| about(k, f)))
                {
                    let p = written(k);
                    if !own.contains(&p) {
                        own.push(p);
                    }
                }
                vec![
                    worked_against,
                    stands_against.join("; "),
                    format!(
                        "{} ({})",
                        support.join("; "),
                        severity.label(lang).to_lowercase()
                    ),
                    self.worth_considering(members),
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
                        .map(|g| self.goal_name(g))
                        .collect::<Vec<_>>()
                        .join("; "),
                    String::new(),
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
                "En rad per mål som insatsen motverkar, med de mål det står mot. Konflikterna hanteras i dialog; verktyget löser dem inte.",
                "One row per goal the insats works against, with the goals it stands against. Conflicts are handled in dialogue; the tool does not resolve them.",
            )),
            Block::Table(
                vec![
                    t(lang, "Mål som motverkas", "Goal worked against"),
                    t(lang, "Står mot", "Stands against"),
                    t(lang, "Vad som stöder konflikten", "What supports it"),
                    t(lang, "Att överväga", "To consider"),
                    t(
                        lang,
                        "Bedömarens beskrivning och ställningstagande",
                        "The assessor's description and position",
                    ),
                ],
                rows,
            ),
        ]
    }

    /// What the `members` suggest, ranked, each list cut at [`Suggestions::SHOWN`] with
    /// how many more there are.
    fn worth_considering(&self, members: &[&Finding]) -> String {
        let lang = self.lang;
        let labels = lang.pick(
            ["Nycklar", "Åtgärder", "Indikatorer"],
            ["Keys", "Measures", "Indicators"],
        );
        let mut all = Suggestions::default();
        for f in members {
            all.absorb(&f.suggestions);
        }
        labels
            .iter()
            .zip([&all.keys, &all.measures, &all.indicators])
            .filter(|(_, items)| !items.is_empty())
            .map(|(label, items)| {
                let shown = items
                    .iter()
                    .take(Suggestions::SHOWN)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join("; ");
                let more = items.len().saturating_sub(Suggestions::SHOWN);
                if more == 0 {
                    format!("{label}: {shown}.")
                } else {
                    format!(
                        "{label}: {shown} ({} {more} {}).",
                        t(lang, "och", "and"),
                        t(lang, "fler", "more")
                    )
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}
