//! The `hallbar` command: parses arguments and dispatches to `hallbar_cli`.

/// mimalloc instead of the system allocator: checking and adding up a document of a
/// portfolio allocates a few small vectors, and mimalloc makes that cheaper
/// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    hallbar_cli::main()
}
