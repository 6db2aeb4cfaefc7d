//! Reading the files the checks are made with: goal frameworks and rule sets, every
//! problem of a file reported with its place.

use std::path::PathBuf;

use hallbar_core::{GoalCatalogue, Lang};

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

/// The rule layers a command checks with: the standard set, then each `--rules` layer on
/// top of it, in order.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct RuleLayers {
    /// A rule layer on the standard set — a file, or a folder of them — applied in the
    /// order given: each adds rules, and may switch off (`[[stang_av]]`) or change
    /// (`[[andra]]`) rules of the layers below it by id (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub(crate) rules: Vec<PathBuf>,
    /// Leave the standard rule set out: the `--rules` layers are the whole rule set.
    #[arg(long, requires = "rules")]
    pub(crate) replace_standard_rules: bool,
}

/// The rule set of `layers`: the standard set (unless replaced, which is said on stderr),
/// then each layer; messages in `lang`, warnings to stderr, errors fail naming file, line
/// and column.
pub(crate) fn load_rules(
    layers: &RuleLayers,
    catalogue: &GoalCatalogue,
    lang: Lang,
) -> Result<hallbar_core::rules::RuleSet, String> {
    use hallbar_core::rules::RuleSetBuilder;
    let builder = RuleSetBuilder::new(catalogue).with_lang(lang);
    let mut builder = if layers.replace_standard_rules {
        eprintln!(
            "{}",
            lang.pick(
                "obs: standardreglerna är ersatta (--replace-standard-rules); bara de angivna lagren gäller",
                "note: the standard rules are replaced (--replace-standard-rules); only the layers given apply",
            )
        );
        builder
    } else {
        // The embedded standard set is checked against the schema by the tests; compiling
        // the schema would be most of the start-up time.
        builder.with_standard().map_err(|ds| {
            let standard = input::Input {
                name: RuleSetBuilder::STANDARD_LAYER.to_owned(),
                text: hallbar_core::rules::STANDARD_RULES.to_owned(),
                format: hallbar_core::syntax::Format::Toml,
            };
            input::render(&standard, &ds)
        })?
    };
    let mut errors = Vec::new();
    for file in rule_files(&layers.rules)? {
        let source = input::read(&file)?;
        // Structure first, every problem at once (the schema), then meaning (the builder).
        let diagnostics =
            hallbar_schema::add_rules(&mut builder, &source.name, &source.text, source.format);
        let text = input::render(&source, &diagnostics);
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
