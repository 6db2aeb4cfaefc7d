//! Validation of a whole document: syntax, then every structural problem at once
//! (the JSON Schema), then every problem of meaning (`hallbar_core::check`).

use std::sync::OnceLock;

use hallbar_core::graph::InteractionFile;
use hallbar_core::syntax::{self, Diagnostic, Format, Node};
use hallbar_core::{
    CatalogueError, FrameworkFile, GoalCatalogue, Hallbarhetssakring, Lang, check, rules,
};

use crate::{DocumentKind, humanize};

/// The most diagnostics reported for one document; past this, one line says how many
/// more there were. Keeps a damaged 8 MiB file from producing a flood.
pub const MAX_DIAGNOSTICS: usize = 200;

/// What validation found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every problem, in document order, each with pointer and (where known) span.
    pub diagnostics: Vec<Diagnostic>,
    /// The assessment, when the document is one and has no errors.
    pub document: Option<Hallbarhetssakring>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The compiled validator of `kind`'s schema, compiled on first use (each kind on its
/// own: a program that checks assessments does not wait for the other schemas).
fn validator(kind: DocumentKind) -> Option<&'static jsonschema::Validator> {
    static VALIDATORS: [OnceLock<Option<jsonschema::Validator>>; DocumentKind::ALL.len()] =
        [const { OnceLock::new() }; DocumentKind::ALL.len()];
    VALIDATORS
        .get(kind.index())?
        .get_or_init(|| jsonschema::validator_for(kind.schema()).ok())
        .as_ref()
}

/// Compiles the schema of `kind` now rather than on the first document, and says
/// whether it compiles (the tests check that every schema does). A server calls this
/// before it listens, so that its first request does not wait the ~10 ms it takes.
pub fn prepare(kind: DocumentKind) -> bool {
    validator(kind).is_some()
}

/// Validates `text`, a document of `kind` in `format`, against its schema and — for
/// assessments, frameworks and rule files — against `catalogue`, reporting every problem
/// at once. The schema's and an assessment's checks of meaning speak `lang`.
pub fn validate(
    kind: DocumentKind,
    text: &str,
    format: Format,
    catalogue: &GoalCatalogue,
    lang: Lang,
) -> Report {
    let parsed = match kind {
        DocumentKind::Rules => rules::parse_source(text, format),
        _ => syntax::parse(text, format),
    };
    let node = match parsed {
        Ok(node) => node,
        Err(d) => {
            return Report {
                diagnostics: vec![d],
                document: None,
            };
        }
    };
    let over = over_limits(kind, &node);
    if !over.is_empty() {
        return Report {
            diagnostics: over,
            document: None,
        };
    }
    let json = node.to_json();
    let mut diagnostics = structure(kind, &json, lang);
    let mut document = None;
    if !diagnostics.is_empty() && kind == DocumentKind::Assessment {
        diagnostics.extend(check::unknown_goals_in(&json, catalogue, lang));
    }
    if diagnostics.is_empty() {
        match kind {
            DocumentKind::Assessment => {
                match syntax::deserialize_json::<Hallbarhetssakring>(&json, &node) {
                    Ok(doc) => {
                        diagnostics = check::check(&doc, catalogue, lang);
                        document = Some(doc);
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
            DocumentKind::Framework => {
                match syntax::deserialize_json::<FrameworkFile>(&json, &node) {
                    Ok(file) => {
                        if let Err(CatalogueError { diagnostics: ds }) =
                            catalogue.clone().add_framework(&file)
                        {
                            diagnostics = ds;
                        }
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
            DocumentKind::Finding => {
                if let Err(d) = syntax::deserialize_json::<hallbar_core::Finding>(&json, &node) {
                    diagnostics.push(d);
                }
            }
            DocumentKind::Rules => {
                // A layer that switches off or changes rules is checked on the standard
                // set; one that only adds rules, on its own.
                let file: Option<rules::RuleFile> = syntax::deserialize(&node).ok();
                let changes_below =
                    file.is_some_and(|f| !f.stang_av.is_empty() || !f.andra.is_empty());
                let builder = rules::RuleSetBuilder::new(catalogue).with_lang(lang);
                let mut builder = if changes_below {
                    builder.clone().with_standard().unwrap_or(builder)
                } else {
                    builder
                };
                diagnostics = builder.add_node("", &node, text);
            }
            DocumentKind::Interactions => {
                match syntax::deserialize_json::<InteractionFile>(&json, &node) {
                    Ok(file) => {
                        if let Err(ds) = file.to_graph(catalogue) {
                            diagnostics = ds;
                        }
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
            DocumentKind::Profile => {
                if let Err(ds) = hallbar_core::method::Profile::parse(text, format) {
                    diagnostics = ds;
                }
            }
            DocumentKind::RuleTests => {
                if let Err(d) = syntax::deserialize_json::<rules::TestFile>(&json, &node) {
                    diagnostics.push(d);
                }
            }
            DocumentKind::Workshop => {
                match syntax::deserialize_json::<hallbar_core::graph::workshop::Workshop>(
                    &json, &node,
                ) {
                    Ok(workshop) => diagnostics = workshop.check(catalogue, lang),
                    Err(d) => diagnostics.push(d),
                }
            }
            // Written by hallbar, never read back into the model: its shape is all.
            DocumentKind::PortfolioReport => {}
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        document = None;
    }
    locate(&node, &mut diagnostics);
    Report {
        diagnostics,
        document,
    }
}

/// Every structural problem of a parsed document against the schema of `kind`, with
/// spans, in document order, in `lang`; for callers that go on to check meaning themselves.
pub fn check_structure(kind: DocumentKind, node: &Node, lang: Lang) -> Vec<Diagnostic> {
    let over = over_limits(kind, node);
    if !over.is_empty() {
        return over;
    }
    let mut diagnostics = structure(kind, &node.to_json(), lang);
    locate(node, &mut diagnostics);
    diagnostics
}

/// The document of `kind` in `node`, read as `T` when its structure is sound.
///
/// # Errors
/// Every structural problem at once (with spans, in document order), or else the first
/// value that does not fit `T`.
pub fn read_structured<T: serde::de::DeserializeOwned>(
    kind: DocumentKind,
    node: &Node,
) -> Result<T, Vec<Diagnostic>> {
    let over = over_limits(kind, node);
    if !over.is_empty() {
        return Err(over);
    }
    let json = node.to_json();
    let mut diagnostics = structure(kind, &json, Lang::En);
    if !diagnostics.is_empty() {
        locate(node, &mut diagnostics);
        return Err(diagnostics);
    }
    syntax::deserialize_json(&json, node).map_err(|d| vec![d])
}

/// What in `node` exceeds the limits of its kind (for an assessment, those of
/// [`hallbar_core::limits`]): checked on the parsed tree, before any other work on the
/// document.
fn over_limits(kind: DocumentKind, node: &Node) -> Vec<Diagnostic> {
    match kind {
        DocumentKind::Assessment => hallbar_core::limits::check(node),
        _ => Vec::new(),
    }
}

/// Every structural problem of `instance` (a document's JSON) against the schema of
/// `kind`, without spans, in `lang`.
fn structure(kind: DocumentKind, instance: &serde_json::Value, lang: Lang) -> Vec<Diagnostic> {
    let Some(validator) = validator(kind) else {
        return vec![Diagnostic::error(
            "",
            "internal error: the schema does not compile",
        )];
    };
    // Asking whether it is valid stops at the first problem and builds no error: faster
    // than collecting them all, and most documents have none.
    if validator.is_valid(instance) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (n, error) in validator.iter_errors(instance).enumerate() {
        if n >= MAX_DIAGNOSTICS {
            out.push(Diagnostic::error(
                "",
                "too many problems; the first are shown",
            ));
            break;
        }
        out.extend(humanize::diagnostics(&error, kind.schema(), lang));
    }
    out
}

/// Gives each diagnostic a span from its pointer, and sorts them in document order.
fn locate(node: &Node, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        node.attach_span(d);
    }
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
}

/// Checks a goal framework file — structure first, every problem at once (the schema),
/// then meaning — and adds it to `catalogue`. Returns every problem; the catalogue is
/// unchanged when there is an error.
pub fn add_framework(catalogue: &mut GoalCatalogue, text: &str, format: Format) -> Vec<Diagnostic> {
    let report = validate(DocumentKind::Framework, text, format, catalogue, Lang::En);
    if report.has_errors() {
        return report.diagnostics;
    }
    match catalogue
        .parse_framework(text, format)
        .and_then(|file| catalogue.add_framework(&file))
    {
        Ok(()) => report.diagnostics,
        Err(e) => e.diagnostics,
    }
}

/// Checks a rule file named `name` — structure first, every problem at once (the
/// schema), then meaning (the builder) — and adds its rules to `builder`. Returns every
/// problem, warnings included.
pub fn add_rules(
    builder: &mut rules::RuleSetBuilder,
    name: &str,
    text: &str,
    format: Format,
) -> Vec<Diagnostic> {
    match rules::parse_source(text, format) {
        Err(d) => vec![d],
        Ok(node) => {
            let structural = check_structure(DocumentKind::Rules, &node, builder.lang());
            if structural.is_empty() {
                builder.add_node(name, &node, text)
            } else {
                structural
            }
        }
    }
}
