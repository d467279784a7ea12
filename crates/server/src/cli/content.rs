//! `samenbord content check|show`. (Being written.)

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Validate every template and programme in a content folder.
    Check {
        /// The content folder.
        #[arg(default_value = "content")]
        dir: std::path::PathBuf,
    },
}

pub fn run(_command: ContentCommand) -> anyhow::Result<()> {
    anyhow::bail!("not written yet")
}
