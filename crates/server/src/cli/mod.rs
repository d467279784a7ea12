//! Command-line entry: parses arguments with clap and dispatches to one
//! function per subcommand.

use clap::{Parser, Subcommand};

pub mod content;
pub mod serve;
pub mod summary;

/// samenbord — a real-time collaborative card board for Samen Opleiden dialogue sessions.
#[derive(Debug, Parser)]
#[command(name = "samenbord", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check and inspect card templates and programmes.
    #[command(subcommand)]
    Content(content::ContentCommand),
    /// Run the server: web client, HTTP API and sync.
    Serve(Box<crate::config::ServeArgs>),
    /// Export a session's summary (from the database) and/or paper notes (CSV).
    Summary(Box<summary::SummaryArgs>),
}

pub fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Content(command) => content::run(command),
        Command::Serve(args) => serve::run(*args),
        Command::Summary(args) => summary::run(*args),
    }
}
