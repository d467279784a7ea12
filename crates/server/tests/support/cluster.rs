//! Several samenbord nodes on one throwaway PostgreSQL, behind HAProxy
//! with the repository's own configuration (deploy/haproxy.cfg), all on
//! loopback. Nodes are real processes, so a test can SIGKILL one.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::postgres::{TempPostgres, free_port, missing};

/// How long a lease lasts in cluster tests: short, so failovers are quick.
pub const LEASE_SECONDS: u64 = 2;

/// One cluster at a time per test binary: two on two cores would make
/// failover times (and the health checks) a matter of luck.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct Cluster {
    _one_at_a_time: tokio::sync::MutexGuard<'static, ()>,
    pub postgres: TempPostgres,
    nodes: Vec<Option<Child>>,
    pub ports: Vec<u16>,
    haproxy: Child,
    pub front: String,
    /// HAProxy's statistics page (CSV), to see which nodes it routes to.
    stats: String,
    dir: tempfile::TempDir,
}

pub fn haproxy_config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/haproxy.cfg")
}

/// Waits until `url` answers 200 (or `timeout` passes); whether it did.
pub async fn healthy(url: &str, timeout: Duration) -> bool {
    let http = reqwest::Client::new();
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Ok(response) = http.get(url).send().await
            && response.status() == 200
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

impl Cluster {
    /// PostgreSQL, `nodes` nodes and HAProxy, all healthy; `None` (outside
    /// CI) when PostgreSQL or HAProxy is not installed.
    pub async fn start(nodes: usize) -> Option<Self> {
        if Command::new("haproxy").arg("-v").output().is_err() {
            missing("HAProxy", "haproxy");
            return None;
        }
        let one_at_a_time = ONE_AT_A_TIME.lock().await;
        let postgres = TempPostgres::start()?;
        let ports: Vec<u16> = (0..nodes).map(|_| free_port()).collect();
        let front = free_port();
        let dir = tempfile::tempdir().unwrap();
        // The repository's config as it is, plus a statistics page on
        // another loopback port (only for the test: which nodes are up).
        let stats_port = free_port();
        let stats_config = dir.path().join("stats.cfg");
        std::fs::write(
            &stats_config,
            format!(
                "listen stats\n    bind 127.0.0.1:{stats_port}\n    mode http\n    \
                 stats enable\n    stats uri /stats\n"
            ),
        )
        .unwrap();
        let mut command = Command::new("haproxy");
        command
            .args(["-db", "-f"])
            .arg(haproxy_config())
            .arg("-f")
            .arg(&stats_config)
            .env("SAMENBORD_LISTEN", format!("127.0.0.1:{front}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (n, port) in ports.iter().enumerate() {
            command.env(
                format!("SAMENBORD_NODE{}", n + 1),
                format!("127.0.0.1:{port}"),
            );
        }
        let haproxy = command.spawn().unwrap();
        let mut cluster = Self {
            _one_at_a_time: one_at_a_time,
            postgres,
            nodes: Vec::new(),
            ports,
            haproxy,
            front: format!("http://127.0.0.1:{front}"),
            stats: format!("http://127.0.0.1:{stats_port}/stats;csv"),
            dir,
        };
        for n in 0..nodes {
            cluster.nodes.push(None);
            cluster.start_node(n).await;
        }
        assert!(
            healthy(
                &format!("{}/healthz", cluster.front),
                Duration::from_secs(20)
            )
            .await,
            "HAProxy does not answer"
        );
        Some(cluster)
    }

    pub fn node_name(n: usize) -> String {
        format!("node{}", n + 1)
    }

    pub fn node_url(&self, n: usize) -> String {
        format!("http://127.0.0.1:{}", self.ports[n])
    }

    /// Starts (or starts again) node `n` and waits until it is healthy and
    /// HAProxy routes to it.
    pub async fn start_node(&mut self, n: usize) {
        let log = std::fs::File::create(self.dir.path().join(format!("node{n}.log"))).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_samenbord"))
            .args(["serve", "--web-dir", "/nonexistent"])
            .arg("--addr")
            .arg(format!("127.0.0.1:{}", self.ports[n]))
            .arg("--database-url")
            .arg(self.postgres.url())
            .arg("--node-name")
            .arg(Self::node_name(n))
            .arg("--lease-seconds")
            .arg(LEASE_SECONDS.to_string())
            .arg("--data-dir")
            .arg(self.dir.path())
            .arg("--content-dir")
            .arg(super::content_dir())
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.nodes[n] = Some(child);
        assert!(
            healthy(
                &format!("{}/healthz", self.node_url(n)),
                Duration::from_secs(20)
            )
            .await,
            "node {n} did not start"
        );
        self.routed_to(n).await;
    }

    /// Waits until HAProxy's health checks have marked node `n` up, so the
    /// consistent hash sends its sessions to it from now on.
    pub async fn routed_to(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let row = format!("nodes,{},", Self::node_name(n));
        loop {
            if let Ok(response) = reqwest::get(&self.stats).await
                && let Ok(csv) = response.text().await
                && csv
                    .lines()
                    .any(|line| line.starts_with(&row) && line.contains(",UP,"))
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "HAProxy never marked node {n} up"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no flush, its leases simply stop renewing.
    pub fn kill_9(&mut self, n: usize) {
        if let Some(mut child) = self.nodes[n].take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// The process id of node `n` (which must be running).
    pub fn pid(&self, n: usize) -> u32 {
        self.nodes[n].as_ref().unwrap().id()
    }

    /// The index of the node named `name`.
    pub fn index_of(name: &str) -> usize {
        name.trim_start_matches("node").parse::<usize>().unwrap() - 1
    }

    /// A node's log, for a failure message.
    pub fn log(&self, n: usize) -> String {
        std::fs::read_to_string(self.dir.path().join(format!("node{n}.log"))).unwrap_or_default()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for n in 0..self.nodes.len() {
            self.kill_9(n);
        }
        let _ = self.haproxy.kill();
        let _ = self.haproxy.wait();
    }
}
