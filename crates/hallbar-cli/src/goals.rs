//! `hallbar goals`: the goal catalogue, listed.

use hallbar_core::{GoalCatalogue, Labelled as _, Lang};

pub(crate) fn list_goals(
    catalogue: &GoalCatalogue,
    framework: Option<&str>,
    targets: bool,
    lang: Lang,
) {
    for goal in catalogue.iter() {
        if framework.is_some_and(|f| goal.framework.as_str() != f) {
            continue;
        }
        if goal.parent.is_some() && goal.id.is_sdg() && !targets {
            continue;
        }
        let dimension = catalogue
            .dimension(&goal.id)
            .map_or_else(|| "–".to_owned(), |d| d.label(lang));
        let indent = if goal.parent.is_some() { "  " } else { "" };
        let name = match (&goal.text, goal.parent.is_some() && goal.id.is_sdg()) {
            (Some(text), true) => text.as_str(),
            _ => goal.name(lang),
        };
        say!("{indent}{:<16} {:<10} {name}", goal.id.as_str(), dimension);
    }
}
