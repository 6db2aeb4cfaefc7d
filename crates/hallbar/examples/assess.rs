//! Assesses one document with the embedded defaults and prints `rust: <n> findings`:
//! `cargo run -p hallbar --example assess -- fixtures/insatser/turism-fjall.toml`.

use std::process::ExitCode;

use hallbar::{Engine, Format, Lang};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: assess FILE.toml|FILE.json");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let format = Format::from_path(&path).unwrap_or(Format::Toml);
    let engine = match Engine::builtin() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match engine.assess(&text, format, Lang::Sv) {
        Ok(a) => {
            println!("rust: {} findings", a.findings.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            for p in e.problems() {
                eprintln!("error: {path}: {p}");
            }
            ExitCode::from(2)
        }
    }
}
