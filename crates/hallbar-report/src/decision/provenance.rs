//! The appendix of the decision basis: where each finding comes from — its rules by id,
//! its goal-graph paths and the sources they cite — for whoever checks the reasoning.
//! The sections before it name findings by title only.

use hallbar_core::GoalId;

use super::DecisionBasis;
use crate::doc::Block;
use crate::t;

impl DecisionBasis<'_> {
    /// The appendix: one row per finding with a rule, a path or a source, in the order of
    /// the findings.
    pub(super) fn provenance(&self) -> Vec<Block> {
        let lang = self.lang;
        let rows: Vec<Vec<String>> = self
            .findings
            .iter()
            .filter(|f| !f.rules.is_empty() || !f.paths.is_empty() || !f.sources.is_empty())
            .map(|f| {
                let paths: Vec<String> = f
                    .paths
                    .iter()
                    .map(|p| p.iter().map(GoalId::as_str).collect::<Vec<_>>().join(" → "))
                    .collect();
                let goals: Vec<&str> = f.goals.iter().map(GoalId::as_str).collect();
                let finding = if goals.is_empty() {
                    f.title.clone()
                } else {
                    format!("{} [{}]", f.title, goals.join(", "))
                };
                vec![
                    finding,
                    f.rules.join(", "),
                    paths.join("; "),
                    f.sources.join(" · "),
                ]
            })
            .collect();
        if rows.is_empty() {
            return Vec::new();
        }
        vec![
            Block::PageBreak,
            Block::Heading(
                1,
                t(
                    lang,
                    "Bilaga: fyndens underlag",
                    "Appendix: where the findings come from",
                ),
            ),
            Block::Paragraph(t(
                lang,
                "Reglerna anges med sin identitet i regeluppsättningen och målgrafens samband som kedjor av mål.",
                "Rules are given by their id in the rule set, and the goal graph's links as chains of goals.",
            )),
            Block::Table(
                vec![
                    t(lang, "Fynd", "Finding"),
                    t(lang, "Regler", "Rules"),
                    t(lang, "Målgrafen", "Goal graph"),
                    t(lang, "Källor", "Sources"),
                ],
                rows,
            ),
        ]
    }
}
