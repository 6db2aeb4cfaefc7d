//! docs/ordlista.md names every public type of the core's domain modules: a type added
//! without its Swedish term and English name fails here.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of tests: a failure should fail the test"
)]

use std::path::Path;

/// The domain modules: everything but the reading layer and the small delimited-text
/// reader.
fn is_domain(path: &Path) -> bool {
    let text = path.to_string_lossy();
    !text.contains("/syntax/") && !text.ends_with("/csv.rs") && !text.ends_with("tests.rs")
}

fn public_types(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            public_types(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && is_domain(&path) {
            let text = std::fs::read_to_string(&path).unwrap();
            // Only up to the unit tests of the file.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for line in text.lines() {
                let line = line.trim_start();
                let Some(rest) = line
                    .strip_prefix("pub struct ")
                    .or_else(|| line.strip_prefix("pub enum "))
                else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if !name.is_empty() && !name.ends_with("Error") {
                    out.push(name);
                }
            }
        }
    }
}

#[test]
fn every_public_domain_type_is_in_the_glossary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let glossary = std::fs::read_to_string(root.join("../../docs/ordlista.md")).unwrap();
    let mut types = Vec::new();
    public_types(&root.join("src"), &mut types);
    assert!(types.len() > 60, "found only {types:?}");
    let missing: Vec<&String> = types
        .iter()
        .filter(|t| {
            !glossary.contains(&format!("`{t}`"))
                && !glossary.contains(&format!("`{t}::"))
                && !glossary.contains(&format!("{t}`,"))
        })
        .collect();
    assert!(missing.is_empty(), "not in docs/ordlista.md: {missing:?}");
}
