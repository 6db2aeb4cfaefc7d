//! The `hallbar` command: parses arguments and dispatches to `hallbar_cli`.

/// mimalloc instead of the system allocator: reading a portfolio allocates a few dozen
/// small strings per document, and mimalloc makes that cheaper (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    hallbar_cli::main()
}
