//! The `samenbord` binary: parses the command line and hands off to the
//! library. `anyhow` lives only here, at the edge.

/// jemalloc rather than glibc's malloc: a room left idle costs 26 KiB of
/// resident memory with it and 43–47 KiB with glibc, whose per-thread
/// arenas keep what the tokio workers and blocking threads freed
/// (BENCHMARKS.md, "Issue 17, ninth round").
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> anyhow::Result<()> {
    samenbord_server::cli::main()
}
