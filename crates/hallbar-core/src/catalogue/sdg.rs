//! Agenda 2030: the 17 goals from `fixtures/goals/sdg.toml` (Swedish and English names,
//! aliases, dimensions) and the 169 targets with their indicators from the UN SDG table
//! `fixtures/sdg/SDG_Target_Indicator_UNSD_2023.csv` (MIT licence, see its LICENSE).

use super::{CatalogueError, Goal, GoalCatalogue};
use crate::syntax::{self, Diagnostic, Format};
use crate::{FrameworkId, GoalId, SDG_FRAMEWORK};

const GOALS: &str = include_str!("../../../../fixtures/goals/sdg.toml");
const TABLE: &str = include_str!("../../../../fixtures/sdg/SDG_Target_Indicator_UNSD_2023.csv");

/// Builds the Agenda 2030 part of the catalogue.
pub(super) fn catalogue() -> Result<GoalCatalogue, CatalogueError> {
    let fail = |message: String| CatalogueError {
        diagnostics: vec![Diagnostic::error("", message)],
    };
    let mut catalogue = GoalCatalogue::empty();
    let file = syntax::parse_as(GOALS, Format::Toml).map_err(|d| CatalogueError {
        diagnostics: vec![d],
    })?;
    catalogue.add_framework(&file)?;
    let framework = FrameworkId::new(SDG_FRAMEWORK).map_err(|e| fail(e.to_string()))?;

    let records = crate::csv::read(TABLE, ';').map_err(|e| fail(e.to_string()))?;
    // Columns: SDGNumber;SDGTitle;TargetsNumber;Targets;IndicatorsNumber;Indicators;…
    for record in records.iter().skip(1) {
        let field = |i: usize| record.fields.get(i).map_or("", |s| s.trim());
        let (goal, target, text) = (field(0), field(2), field(3));
        let (indicator, indicator_text) = (field(4), field(5));
        let bad = |what: &str| fail(format!("SDG table line {}: {what}", record.line));
        let goal = GoalId::new(goal).map_err(|e| bad(&e.to_string()))?;
        let target_id = GoalId::new(target).map_err(|e| bad(&e.to_string()))?;
        if target_id.sdg_parent().as_ref() != Some(&goal) || catalogue.get(&goal).is_none() {
            return Err(bad(&format!(
                "target `{target}` does not belong to goal `{goal}`"
            )));
        }
        if catalogue.get(&target_id).is_none() {
            catalogue
                .index
                .insert(target_id.clone(), catalogue.goals.len());
            catalogue.goals.push(Goal {
                id: target_id.clone(),
                framework: framework.clone(),
                parent: Some(goal),
                name_sv: format!("Delmål {target}"),
                name_en: format!("Target {target}"),
                text: Some(text.to_owned()),
                dimension: None,
                aliases: Vec::new(),
                indicators: Vec::new(),
            });
        }
        if !indicator.is_empty() {
            if let Some(t) = catalogue
                .index
                .get(&target_id)
                .and_then(|&i| catalogue.goals.get_mut(i))
            {
                t.indicators
                    .push((indicator.to_owned(), indicator_text.to_owned()));
            }
        }
    }
    Ok(catalogue)
}
