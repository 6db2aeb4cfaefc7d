//! Time per call of the facade, directly and through the JSON layer the bindings share:
//! `cargo run --release -p hallbar --example per_call -- N FILE.toml…` prints one line per
//! way, the mean microseconds per call over the files, each assessed N times.

use std::process::ExitCode;
use std::time::Instant;

use hallbar::{Engine, Format, Lang};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let n: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let texts: Vec<String> = args
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let Ok(engine) = Engine::builtin() else {
        return ExitCode::from(2);
    };
    let requests: Vec<String> = texts
        .iter()
        .map(|t| format!(r#"{{"format": "toml", "document": {}}}"#, json_string(t)))
        .collect();
    let calls = f64::from(n) * texts.len() as f64;
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..n {
        for t in &texts {
            found += engine
                .assess(t, Format::Toml, Lang::Sv)
                .map_or(0, |a| a.findings.len());
        }
    }
    println!(
        "rust facade: {:.1} µs per call ({found} findings)",
        start.elapsed().as_secs_f64() * 1e6 / calls
    );
    let start = Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        for r in &requests {
            bytes += hallbar::json::assess(&engine, r).len();
        }
    }
    println!(
        "rust json layer: {:.1} µs per call ({bytes} bytes)",
        start.elapsed().as_secs_f64() * 1e6 / calls
    );
    ExitCode::SUCCESS
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
