//! `samenbord serve` as the person who starts it sees it: stdout says
//! where to go, and logs written to a file or a pipe carry no terminal
//! colour codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running `samenbord serve` on a free port, with both output streams
/// read line by line on their own threads.
struct Served {
    child: Child,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
    _data: tempfile::TempDir,
}

fn lines_of(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

fn serve(extra: &[&str]) -> Served {
    let data = tempfile::tempdir().unwrap();
    let mut child = support::serve_command(data.path())
        .args(extra)
        .env("RUST_LOG", "info")
        .env_remove("SAMENBORD_PUBLIC_URL")
        .env_remove("SAMENBORD_LOG_JSON")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines_of(child.stdout.take().unwrap());
    let stderr = lines_of(child.stderr.take().unwrap());
    Served {
        child,
        stdout,
        stderr,
        _data: data,
    }
}

impl Served {
    fn next_line(receiver: &mpsc::Receiver<String>, what: &str) -> String {
        receiver
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("no {what} line from the server: {e}"))
    }

    fn stdout_line(&self) -> String {
        Self::next_line(&self.stdout, "stdout")
    }

    /// Stderr lines up to and including the first that contains `needle`.
    fn stderr_until(&self, needle: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let line = Self::next_line(&self.stderr, "stderr");
            let done = line.contains(needle);
            seen.push(line);
            if done {
                return seen;
            }
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn stdout_says_where_the_organiser_starts_once_the_port_is_bound() {
    let served = serve(&[]);
    let first = served.stdout_line();
    let base = first
        .strip_prefix("samenbord listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"));
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");
    assert!(!base.ends_with(":0"), "the real port, not 0: {first}");
    let second = served.stdout_line();
    assert_eq!(
        second,
        format!("samenbord is running: open {base}/ in a browser to start a session")
    );
}

#[test]
fn the_start_line_uses_the_public_url_when_one_is_set() {
    let served = serve(&["--public-url", "https://bord.example.nl/"]);
    served.stdout_line();
    assert_eq!(
        served.stdout_line(),
        "samenbord is running: open https://bord.example.nl/ in a browser to start a session"
    );
}

#[test]
fn logs_to_a_pipe_carry_no_colour_codes() {
    let served = serve(&[]);
    let logs = served.stderr_until("listening");
    assert!(
        logs.iter().any(|l| l.contains("INFO")),
        "the info log reached stderr: {logs:?}"
    );
    for line in &logs {
        assert!(!line.contains('\u{1b}'), "colour code in {line:?}");
    }
}
