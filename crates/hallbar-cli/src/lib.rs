//! The `hallbar` command-line tool: a thin layer over `hallbar-core` and
//! `hallbar-schema` that reads files, prints results and sets the exit status.
//!
//! Exit status: 0 success; 1 when asked to fail on findings and there are some; 2 bad
//! input (a message names the file and the line/column or JSON pointer).

#![deny(missing_docs)]

/// Prints a line to stdout; a closed pipe (`hallbar … | head`) ends output quietly
/// instead of panicking as `println!` would.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(anstream::stdout().lock(), $($arg)*);
    }};
}

mod assess;
mod cache;
mod cli;
mod goals;
mod graph;
mod indikatorer;
mod input;
mod load;
mod method;
mod output;
mod portfolio;
mod report;
mod rules_diff;
mod rules_test;
mod style;
mod summary;
mod token;
mod validate;

use std::process::ExitCode;

pub use cli::Cli;

/// Exit status for bad input.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    use clap::Parser as _;
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_BAD_INPUT)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
