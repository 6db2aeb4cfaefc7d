//! `hallbar validate` and `hallbar schema`: documents checked against their schemas, and
//! the schemas written or checked for freshness.

use std::path::PathBuf;
use std::process::ExitCode;

use hallbar_core::{GoalCatalogue, Lang};
use hallbar_schema::DocumentKind;

use crate::input;

pub(crate) fn validate(
    files: &[PathBuf],
    kind: DocumentKind,
    catalogue: &GoalCatalogue,
    json: bool,
    lang: Lang,
) -> Result<ExitCode, String> {
    let mut failed = false;
    for path in files {
        let input = match input::read(path) {
            Ok(input) => input,
            Err(message) => {
                if json {
                    let v = serde_json::json!({"file": path.display().to_string(), "valid": false,
                        "diagnostics": [{"level": "error", "pointer": "", "message": message}]});
                    say!("{v}");
                } else {
                    eprintln!("{message}");
                }
                failed = true;
                continue;
            }
        };
        let report = hallbar_schema::validate(kind, &input.text, input.format, catalogue, lang);
        failed |= report.has_errors();
        match json {
            true => {
                let diagnostics: Vec<serde_json::Value> = report
                    .diagnostics
                    .iter()
                    .map(|d| {
                        let mut v = serde_json::to_value(d).unwrap_or_default();
                        if let (Some(lc), Some(map)) = (d.line_col(&input.text), v.as_object_mut())
                        {
                            map.insert("line".into(), lc.line.into());
                            map.insert("column".into(), lc.column.into());
                        }
                        v
                    })
                    .collect();
                let v = serde_json::json!({"file": input.name, "valid": !report.has_errors(), "diagnostics": diagnostics});
                say!("{v}");
            }
            false => {
                if !report.diagnostics.is_empty() {
                    eprintln!("{}", input::render(&input, &report.diagnostics));
                }
                if let Some(doc) = &report.document {
                    say!(
                        "{}",
                        crate::summary::summary(&input.name, doc, catalogue, lang)
                    );
                } else if !report.has_errors() {
                    say!("{}: ok", input.name);
                }
            }
        }
    }
    Ok(if failed {
        ExitCode::from(crate::EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn schema(out: &std::path::Path, check: bool) -> Result<ExitCode, String> {
    let mut stale = Vec::new();
    if !check {
        std::fs::create_dir_all(out).map_err(|e| format!("error: {}: {e}", out.display()))?;
    }
    for kind in DocumentKind::ALL {
        let path = out.join(kind.file_name());
        let text = kind.schema_text();
        if check {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != text {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::write(&path, text).map_err(|e| format!("error: {}: {e}", path.display()))?;
            say!("wrote {}", path.display());
        }
    }
    if stale.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(format!(
            "error: these schemas are not up to date: {}\n  help: run `hallbar schema --out {}`",
            stale.join(", "),
            out.display()
        ))
    }
}
