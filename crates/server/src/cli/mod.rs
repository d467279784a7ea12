//! Command-line entry: parses arguments with clap and dispatches to one
//! function per subcommand.

use clap::{Parser, Subcommand};

pub mod content;
pub mod serve;

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
    Serve(crate::config::ServeArgs),
}

pub fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Content(command) => content::run(command),
        Command::Serve(args) => serve::run(args),
    }
}
