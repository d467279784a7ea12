//! A throwaway PostgreSQL server for tests: Debian's binaries, `initdb`
//! into a temporary folder, listening on a free loopback port, stopped
//! (and its folder removed) on drop. PostgreSQL refuses to run as root, so
//! as root it runs as the `postgres` user the Debian package creates.
//!
//! Without the binaries a test fails in CI (`CI=true`, where `make test`
//! installs them) and is skipped with a loud message elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TempPostgres {
    bin: PathBuf,
    data: PathBuf,
    pub port: u16,
    /// Held for its drop, which removes the folder.
    _dir: tempfile::TempDir,
    as_user: Option<String>,
}

/// The newest installed PostgreSQL's `bin` folder.
fn binaries() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| Some(e.ok()?.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop()
}

/// A tool a test needs is not installed: fails in CI, where `make test`
/// installs it; elsewhere the caller skips, loudly.
pub fn missing(tool: &str, package: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{tool} is not installed (make test installs it: apt-get install {package})"
    );
    eprintln!(
        "\n!!! SKIPPED: {tool} is not installed; `make test` installs it \
         (apt-get install {package}). This test did not run. !!!\n"
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl TempPostgres {
    /// A running server, or `None` (outside CI) when PostgreSQL is not
    /// installed.
    pub fn start() -> Option<Self> {
        let Some(bin) = binaries() else {
            missing("PostgreSQL", "postgresql");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let as_user = is_root().then(|| "postgres".to_owned());
        if as_user.is_some() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown of the PostgreSQL test folder");
        }
        let server = Self {
            bin,
            data: dir.path().join("data"),
            port: free_port(),
            _dir: dir,
            as_user,
        };
        server.run(
            "initdb",
            &[
                "-D",
                server.data.to_str().unwrap(),
                "-U",
                "samenbord",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        server.start_again();
        Some(server)
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        match &self.as_user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            None => Command::new(&program),
        }
    }

    fn run(&self, program: &str, args: &[&str]) {
        let output = self.command(program).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn socket_dir(&self) -> &Path {
        self.data.parent().unwrap()
    }

    /// Starts the (stopped) server again on the same port and data.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off",
            self.port,
            self.socket_dir().display()
        );
        let log = self.socket_dir().join("postgres.log");
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &options,
                "-w",
                "start",
            ],
        );
    }

    /// Stops the server at once (connections cut, no checkpoint).
    pub fn stop(&self) {
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }

    pub fn url(&self) -> String {
        format!("postgres://samenbord@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args([
                "-D",
                self.data.to_str().unwrap_or(""),
                "-m",
                "immediate",
                "stop",
            ])
            .output();
    }
}
