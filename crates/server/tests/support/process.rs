//! The real binary in its own process, so a test can SIGKILL it: no
//! shutdown, no flush — what a power cut or an OOM kill does.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};

use super::{Api, serve_command};

pub struct Process {
    child: Child,
    api: Api,
}

impl std::ops::Deref for Process {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl Process {
    pub fn start(data_dir: &Path) -> Self {
        Self::start_with(data_dir, &[])
    }

    /// Starts the server with `extra` flags and waits for its address.
    pub fn start_with(data_dir: &Path, extra: &[&str]) -> Self {
        let mut child = serve_command(data_dir)
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(match std::env::var_os("SAMENBORD_TEST_SERVER_LOG") {
                Some(path) => Stdio::from(
                    std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(path)
                        .unwrap(),
                ),
                None => Stdio::null(),
            })
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let address = line
            .trim()
            .strip_prefix("samenbord listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .parse()
            .unwrap();
        Self {
            child,
            api: Api::at(address),
        }
    }

    pub fn kill_9(mut self) {
        // Child::kill sends SIGKILL on Unix: no shutdown, no flush.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
