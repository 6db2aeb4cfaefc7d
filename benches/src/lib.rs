//! Inputs for hallbar's benchmarks: synthetic rule sets of a chosen size and the
//! example insatser.

#![deny(missing_docs)]
#![allow(
    clippy::expect_used,
    reason = "benchmark set-up: broken inputs should stop the run loudly"
)]

use hallbar_core::rules::{Condition, EffectPredicate, Rule, RuleFile, RuleSet, RuleSetBuilder};
use hallbar_core::syntax::{self, Format};
use hallbar_core::{
    FindingKind, FormatVersion, FrameworkFile, FrameworkId, FrameworkInfo, GoalCatalogue,
    GoalEntry, GoalId, Hallbarhetssakring, Riktning, RuleId, Severity,
};

/// The example insats used as the input: six effects, six stakeholders, a full plan.
pub fn insats() -> Hallbarhetssakring {
    let text = include_str!("../../fixtures/insatser/laddinfrastruktur.toml");
    syntax::parse_as(text, Format::Toml).expect("fixture is valid")
}

/// Every example insats, by file name.
pub fn fixtures() -> Vec<(&'static str, Hallbarhetssakring)> {
    let texts = [
        (
            "foretagsstod-skog",
            include_str!("../../fixtures/insatser/foretagsstod-skog.toml"),
        ),
        (
            "kommersiell-service",
            include_str!("../../fixtures/insatser/kommersiell-service.toml"),
        ),
        (
            "laddinfrastruktur",
            include_str!("../../fixtures/insatser/laddinfrastruktur.toml"),
        ),
        (
            "turism-fjall",
            include_str!("../../fixtures/insatser/turism-fjall.toml"),
        ),
        (
            "vaginvestering",
            include_str!("../../fixtures/insatser/vaginvestering.toml"),
        ),
        (
            "vindkraft-renskotsel",
            include_str!("../../fixtures/insatser/vindkraft-renskotsel.toml"),
        ),
    ];
    texts
        .into_iter()
        .map(|(name, text)| {
            (
                name,
                syntax::parse_as(text, Format::Toml).expect("fixture is valid"),
            )
        })
        .collect()
}

/// Whether the synthetic rules can fire for [`insats`].
#[derive(Debug, Clone, Copy)]
pub enum Relevance {
    /// Every rule needs effects on goals of a framework the insats does not touch, as
    /// most rules of a large rule set do for any one insats.
    None,
    /// Every rule needs effects on goals the insats has (`13` and `12`), so every rule
    /// is tested in full, and fires.
    All,
}

/// A rule set of `n` conflict rules of the shape of the standard set's: a positive
/// effect on one goal together with a negative effect on another.
pub fn rule_set(n: usize, relevance: Relevance) -> RuleSet {
    let mut catalogue = GoalCatalogue::builtin().clone();
    let framework = FrameworkFile {
        format_version: FormatVersion::CURRENT,
        ramverk: FrameworkInfo {
            id: FrameworkId::new("bench").expect("valid id"),
            namn: "Benchmark goals".into(),
            namn_en: None,
            kalla: String::new(),
            kommentar: None,
        },
        mal: (0..2 * n.max(1))
            .map(|i| GoalEntry {
                id: GoalId::new(format!("bench:g{i}")).expect("valid id"),
                namn: format!("Goal {i}"),
                namn_en: None,
                dimension: None,
                overordnat: None,
                alias: Vec::new(),
                beskrivning: None,
            })
            .collect(),
    };
    catalogue
        .add_framework(&framework)
        .expect("synthetic framework is valid");
    let goal = |i: usize| match relevance {
        Relevance::None => GoalId::new(format!("bench:g{i}")).expect("valid id"),
        Relevance::All => GoalId::new(if i % 2 == 0 { "13" } else { "12" }).expect("valid id"),
    };
    let effect = |g: GoalId, r: Riktning| {
        Condition::Effekt(EffectPredicate {
            mal: vec![g],
            riktning: Some(r),
            ..EffectPredicate::default()
        })
    };
    let rules = (0..n)
        .map(|i| Rule {
            id: RuleId::new(format!("r{i}")).expect("valid id"),
            titel: format!("Rule {i}"),
            title_en: None,
            beskrivning: "Synthetic rule.".into(),
            description_en: None,
            motivering: "Benchmark.".into(),
            kalla: "Benchmark.".into(),
            typ: FindingKind::Malkonflikt,
            allvarlighet: Severity::Varning,
            dimensioner: Vec::new(),
            // The third condition always holds and keeps the rules distinct, so that the
            // duplicate check has nothing to say.
            om: Condition::All(vec![
                effect(goal(2 * i), Riktning::Positiv),
                effect(goal(2 * i + 1), Riktning::Negativ),
                Condition::Not(Box::new(effect(
                    GoalId::new(format!("bench:g{i}")).expect("valid id"),
                    Riktning::Negativ,
                ))),
            ]),
            forslag: Default::default(),
        })
        .collect();
    let file = RuleFile {
        format_version: FormatVersion::CURRENT,
        regel: rules,
        stang_av: Vec::new(),
        andra: Vec::new(),
    };
    let mut builder = RuleSetBuilder::new(&catalogue);
    let diagnostics = builder.add_file("bench", &file);
    assert!(
        diagnostics.is_empty(),
        "synthetic rules are clean: {diagnostics:?}"
    );
    builder.build()
}

/// A full cross-impact matrix over all 169 Agenda 2030 targets as CSV, every off-diagonal
/// cell scored: deterministic pseudo-random scores, mostly 0 and ±1 as in workshop
/// matrices, some ±2 and ±3.
pub fn target_matrix_csv(seed: u64) -> String {
    let targets: Vec<&GoalId> = GoalCatalogue::builtin()
        .iter()
        .filter(|g| g.id.is_sdg() && g.parent.is_some())
        .map(|g| &g.id)
        .collect();
    let mut state = seed | 1;
    let mut next = || {
        // xorshift64*: enough for benchmark inputs.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 59
    };
    let mut out = String::new();
    for t in &targets {
        out.push(',');
        out.push_str(t.as_str());
    }
    out.push('\n');
    for (i, from) in targets.iter().enumerate() {
        out.push_str(from.as_str());
        for j in 0..targets.len() {
            out.push(',');
            if i != j {
                // 32 buckets: 0 ×14, ±1 ×6 each, ±2 ×2 each, ±3 ×1 each.
                let score = match next() {
                    0..=13 => 0,
                    14..=19 => 1,
                    20..=25 => -1,
                    26..=27 => 2,
                    28..=29 => -2,
                    30 => 3,
                    _ => -3,
                };
                out.push_str(&score.to_string());
            }
        }
        out.push('\n');
    }
    out
}
