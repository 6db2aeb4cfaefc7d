//! Reading the files the checks are made with: goal frameworks and rule sets, every
//! problem of a file reported with its place.

use std::path::PathBuf;

use hallbar_core::GoalCatalogue;

use crate::input;

pub(crate) fn load_catalogue(files: &[PathBuf]) -> Result<GoalCatalogue, String> {
    let mut catalogue = GoalCatalogue::builtin().clone();
    for path in files {
        let input = input::read(path)?;
        let diagnostics = hallbar_schema::add_framework(&mut catalogue, &input.text, input.format);
        if diagnostics
            .iter()
            .any(hallbar_core::syntax::Diagnostic::is_error)
        {
            return Err(input::render(&input, &diagnostics));
        }
    }
    Ok(catalogue)
}

/// The standard rule set, or the rules of `files`; warnings go to stderr, errors fail.
pub(crate) fn load_rules(
    files: &[PathBuf],
    catalogue: &GoalCatalogue,
) -> Result<hallbar_core::rules::RuleSet, String> {
    use hallbar_core::rules::{RuleSetBuilder, STANDARD_RULES};
    let mut builder = RuleSetBuilder::new(catalogue);
    let mut errors = Vec::new();
    let sources: Vec<input::Input> = if files.is_empty() {
        vec![input::Input {
            name: "fixtures/rules/standard.toml (inbyggd)".to_owned(),
            text: STANDARD_RULES.to_owned(),
            format: hallbar_core::syntax::Format::Toml,
        }]
    } else {
        rule_files(files)?
            .iter()
            .map(|f| input::read(f))
            .collect::<Result<_, _>>()?
    };
    for source in &sources {
        // Structure first, every problem at once (the schema), then meaning (the builder).
        // The embedded standard set is checked against the schema by the tests; compiling
        // the schema would be most of the start-up time.
        let diagnostics = if files.is_empty() {
            builder.add_source(&source.name, &source.text, source.format)
        } else {
            hallbar_schema::add_rules(&mut builder, &source.name, &source.text, source.format)
        };
        let text = input::render(source, &diagnostics);
        if diagnostics
            .iter()
            .any(hallbar_core::syntax::Diagnostic::is_error)
        {
            errors.push(text);
        } else if !text.is_empty() {
            eprintln!("{text}");
        }
    }
    if errors.is_empty() {
        Ok(builder.build())
    } else {
        Err(errors.join("\n"))
    }
}

/// The rule files named: files as given, folders as the `*.toml` and `*.json` files in
/// them (not below them), leaving out rule tests (`*.test.toml`).
pub(crate) fn rule_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries =
            std::fs::read_dir(path).map_err(|e| format!("error: {}: {e}", path.display()))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                (name.ends_with(".toml") || name.ends_with(".json")) && !name.contains(".test.")
            })
            .collect();
        if found.is_empty() {
            return Err(format!(
                "error: {}: no rule files (*.toml, *.json) in this folder",
                path.display()
            ));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}
