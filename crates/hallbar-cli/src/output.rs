//! Writing what a command made: to a file, or to standard output as it is.

use std::path::Path;

/// Writes `text` to `output`, or to standard output when there is none.
pub(crate) fn write_output(output: Option<&Path>, text: &str) -> Result<(), String> {
    match output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("error: {}: {e}", path.display()))
        }
        // Data, not styled lines: written as it is, not through the terminal styling.
        None => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", text.trim_end())
                .and_then(|()| out.flush())
                .map_err(|e| format!("error: cannot write to standard output: {e}"))
        }
    }
}
