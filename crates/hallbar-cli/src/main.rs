//! The `hallbar` command: parses arguments and dispatches to `hallbar_cli`.

fn main() -> std::process::ExitCode {
    hallbar_cli::main()
}
