//! The appendix of the decision basis: where each finding comes from — its rules by id,
//! its goal-graph paths and the sources they cite — for whoever checks the reasoning.
//! The sections before it name findings by title only.

use hallbar_core::GoalId;
use hallbar_core::rules::RuleSetBuilder;

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
        let layers = self.rule_layers();
        if rows.is_empty() && layers.is_empty() {
            return Vec::new();
        }
        let mut blocks = vec![
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
        ];
        if !rows.is_empty() {
            blocks.push(Block::Table(
                vec![
                    t(lang, "Fynd", "Finding"),
                    t(lang, "Regler", "Rules"),
                    t(lang, "Målgrafen", "Goal graph"),
                    t(lang, "Källor", "Sources"),
                ],
                rows,
            ));
        }
        blocks.extend(layers);
        blocks
    }

    /// What the rule layers above the standard set did — the rules they added, changed
    /// and switched off, each with where and why — so that a reader knows which rules
    /// were not applied. Empty with the standard set alone, or when the rules are not
    /// known.
    fn rule_layers(&self) -> Vec<Block> {
        let lang = self.lang;
        let Some(rules) = self.rules else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        for (rule, p) in rules.provenance() {
            if p.written.layer != RuleSetBuilder::STANDARD_LAYER {
                rows.push(vec![
                    rule.id.to_string(),
                    t(lang, "tillagd", "added"),
                    p.written.to_string(),
                    String::new(),
                ]);
            }
            for c in &p.changed {
                rows.push(vec![
                    rule.id.to_string(),
                    format!("{} ({})", t(lang, "ändrad", "changed"), c.fields.join(", ")),
                    c.at.to_string(),
                    c.reason.clone().unwrap_or_default(),
                ]);
            }
            if let Some(off) = &p.switched_off {
                rows.push(vec![
                    rule.id.to_string(),
                    t(
                        lang,
                        "avstängd: tillämpas inte",
                        "switched off: not applied",
                    ),
                    off.at.to_string(),
                    off.reason.clone().unwrap_or_default(),
                ]);
            }
        }
        if rows.is_empty() {
            return Vec::new();
        }
        vec![
            Block::Heading(
                2,
                t(
                    lang,
                    "Regellager utöver standarduppsättningen",
                    "Rule layers beyond the standard set",
                ),
            ),
            Block::Table(
                vec![
                    t(lang, "Regel", "Rule"),
                    t(lang, "Vad", "What"),
                    t(lang, "Var", "Where"),
                    t(lang, "Varför", "Why"),
                ],
                rows,
            ),
        ]
    }
}
