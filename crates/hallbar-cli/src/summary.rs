//! A short summary of a valid assessment, for `hallbar validate`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use hallbar_core::{
    Dimension, GoalCatalogue, GoalId, Hallbarhetssakring, Labelled as _, Lang, Riktning,
};
use strum::IntoEnumIterator as _;

/// Words of the summary in Swedish and English.
struct Words {
    valid: &'static str,
    insats: &'static str,
    effects: &'static str,
    positive: &'static str,
    negative: &'static str,
    on_goals: &'static str,
    per_dimension: &'static str,
    stakeholders: &'static str,
    not_involved: &'static str,
    plan: &'static str,
    keys: &'static str,
    measures: &'static str,
    indicators: &'static str,
    checkpoints: &'static str,
    after: &'static str,
    undecided: &'static str,
    overall: &'static str,
    not_assessed: &'static str,
    conflicts: &'static str,
    gaps: &'static str,
}

const SV: Words = Words {
    valid: "giltig hållbarhetssäkring",
    insats: "Insats",
    effects: "Effekter",
    positive: "positiva",
    negative: "negativa",
    on_goals: "på mål",
    per_dimension: "Per dimension",
    stakeholders: "Intressenter",
    not_involved: "ej involverade",
    plan: "Plan",
    keys: "nycklar",
    measures: "åtgärder",
    indicators: "indikatorer",
    checkpoints: "Hållplatser",
    after: "efter",
    undecided: "ej beslutad",
    overall: "Samlad bedömning",
    not_assessed: "ej bedömd",
    conflicts: "Angivna målkonflikter",
    gaps: "Kunskapsluckor",
};

const EN: Words = Words {
    valid: "valid assessment",
    insats: "Insats",
    effects: "Effects",
    positive: "positive",
    negative: "negative",
    on_goals: "on goals",
    per_dimension: "Per dimension",
    stakeholders: "Stakeholders",
    not_involved: "not involved",
    plan: "Plan",
    keys: "keys",
    measures: "measures",
    indicators: "indicators",
    checkpoints: "Checkpoints",
    after: "after",
    undecided: "undecided",
    overall: "Overall assessment",
    not_assessed: "not assessed",
    conflicts: "Stated goal conflicts",
    gaps: "Knowledge gaps",
};

/// The summary of `doc`, read from `file`.
pub(crate) fn summary(
    file: &str,
    doc: &Hallbarhetssakring,
    catalogue: &GoalCatalogue,
    lang: Lang,
) -> String {
    let w = lang.pick(&SV, &EN);
    let mut out = String::new();
    let i = &doc.insats;
    let _ = writeln!(out, "{file}: {}", w.valid);
    let period = i.period.as_ref().map_or_else(String::new, |p| {
        format!(
            ", {}–{}",
            p.start,
            p.slut.map_or_else(String::new, |s| s.to_string())
        )
    });
    let _ = writeln!(
        out,
        "  {}: {} ({}), {}{period}",
        w.insats,
        i.titel,
        i.typ.label(lang),
        i.agare
    );

    let count = |r: Riktning| doc.effekter.iter().filter(|e| e.riktning == r).count();
    let goals: BTreeSet<&GoalId> = doc.effekter.iter().map(|e| &e.mal).collect();
    let goals: Vec<&str> = goals.iter().map(|g| g.as_str()).collect();
    let _ = writeln!(
        out,
        "  {}: {} ({} {}, {} {}) {} {}",
        w.effects,
        doc.effekter.len(),
        count(Riktning::Positiv),
        w.positive,
        count(Riktning::Negativ),
        w.negative,
        w.on_goals,
        goals.join(", ")
    );
    let per_dim: Vec<String> = Dimension::iter()
        .map(|d| {
            let of = |r: Riktning| {
                doc.effekter
                    .iter()
                    .filter(|e| e.riktning == r && catalogue.dimension(&e.mal) == Some(d))
                    .count()
            };
            format!(
                "{} +{}/−{}",
                d.label(lang).to_lowercase(),
                of(Riktning::Positiv),
                of(Riktning::Negativ)
            )
        })
        .collect();
    let _ = writeln!(out, "  {}: {}", w.per_dimension, per_dim.join(", "));
    if !doc.malkonflikter.is_empty() {
        let list: Vec<String> = doc
            .malkonflikter
            .iter()
            .map(|k| {
                k.mal
                    .iter()
                    .map(GoalId::as_str)
                    .collect::<Vec<_>>()
                    .join("↔")
            })
            .collect();
        let _ = writeln!(out, "  {}: {}", w.conflicts, list.join(", "));
    }
    if !doc.kunskapsluckor.is_empty() {
        let _ = writeln!(out, "  {}: {}", w.gaps, doc.kunskapsluckor.len());
    }
    let not_involved = doc.intressenter.iter().filter(|s| !s.involverad).count();
    let _ = writeln!(
        out,
        "  {}: {} ({not_involved} {})",
        w.stakeholders,
        doc.intressenter.len(),
        w.not_involved
    );
    let _ = writeln!(
        out,
        "  {}: {} {}, {} {}, {} {}",
        w.plan,
        doc.nycklar.len(),
        w.keys,
        doc.atgarder.len(),
        w.measures,
        doc.indikatorer.len(),
        w.indicators
    );
    if !doc.hallplatser.is_empty() {
        let list: Vec<String> = doc
            .hallplatser
            .iter()
            .map(|h| {
                let decision = h
                    .beslut
                    .map_or_else(|| w.undecided.to_owned(), |b| b.label(lang));
                format!("{} {}: {decision}", w.after, h.efter_steg)
            })
            .collect();
        let _ = writeln!(out, "  {}: {}", w.checkpoints, list.join("; "));
    }
    let overall: Vec<String> = Dimension::iter()
        .map(|d| {
            let verdict = doc
                .samlad_bedomning
                .get(d)
                .map_or_else(|| w.not_assessed.to_owned(), |b| b.bedomning.label(lang));
            format!("{} {verdict}", d.label(lang).to_lowercase())
        })
        .collect();
    let _ = write!(out, "  {}: {}", w.overall, overall.join("; "));
    out
}
