//! The `samenbord` binary: parses the command line and hands off to the
//! library. `anyhow` lives only here, at the edge.

fn main() -> anyhow::Result<()> {
    samenbord_server::cli::main()
}
