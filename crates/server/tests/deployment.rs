//! The scaled-out deployment as written (docker-compose.yml and
//! deploy/haproxy.cfg) matches the binary: HAProxy accepts its config with
//! the environment the compose file gives it, every node setting is a flag
//! the binary has, and the ports, health check and routing parameter line
//! up. There is no Docker engine here, so this is what keeps the compose
//! file from rotting.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use clap::CommandFactory;
use samenbord_server::cli::Cli;
use serde_yaml_ng::Value;
use support::cluster::haproxy_config;
use support::postgres::missing;

fn compose() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docker-compose.yml");
    let mut value: Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    value.apply_merge().unwrap();
    value
}

fn service<'a>(compose: &'a Value, name: &str) -> &'a Value {
    compose["services"]
        .get(name)
        .unwrap_or_else(|| panic!("docker-compose.yml has no service {name}"))
}

fn env<'a>(service: &'a Value, key: &str) -> &'a str {
    service["environment"][key]
        .as_str()
        .unwrap_or_else(|| panic!("no {key} in {service:?}"))
}

fn port_of(address: &str) -> &str {
    address.rsplit(':').next().unwrap()
}

/// Every environment variable `samenbord serve` reads.
fn serve_env() -> BTreeSet<String> {
    let cli = Cli::command();
    let serve = cli.find_subcommand("serve").unwrap();
    serve
        .get_arguments()
        .filter_map(|arg| arg.get_env()?.to_str().map(str::to_owned))
        .collect()
}

fn nodes(compose: &Value) -> Vec<String> {
    let mut names: Vec<String> = compose["services"]
        .as_mapping()
        .unwrap()
        .keys()
        .filter_map(|k| k.as_str())
        .filter(|k| k.starts_with("node"))
        .map(str::to_owned)
        .collect();
    names.sort();
    names
}

#[test]
fn every_node_setting_is_a_flag_of_the_binary_and_the_ports_line_up() {
    let compose = compose();
    let known = serve_env();
    let haproxy = service(&compose, "haproxy");
    let nodes = nodes(&compose);
    assert_eq!(nodes, ["node1", "node2", "node3"]);
    let mut names = BTreeSet::new();
    for (n, name) in nodes.iter().enumerate() {
        let node = service(&compose, name);
        for key in node["environment"].as_mapping().unwrap().keys() {
            let key = key.as_str().unwrap();
            if key.starts_with("SAMENBORD_") {
                assert!(
                    known.contains(key),
                    "{name}: {key} is no flag of `samenbord serve`"
                );
            }
        }
        assert!(
            env(node, "SAMENBORD_DATABASE_URL").starts_with("postgres://"),
            "several nodes share PostgreSQL"
        );
        assert!(
            env(node, "SAMENBORD_DATABASE_URL").contains("@postgres:5432/"),
            "the nodes reach the postgres service"
        );
        names.insert(env(node, "SAMENBORD_NODE_NAME").to_owned());
        // HAProxy's server for this node points at the node's port.
        let target = env(haproxy, &format!("SAMENBORD_NODE{}", n + 1));
        assert_eq!(
            target,
            format!("{name}:{}", port_of(env(node, "SAMENBORD_ADDR")))
        );
        assert!(
            node.get("healthcheck").is_some(),
            "{name} has no health check"
        );
        let check = format!("{:?}", node["healthcheck"]["test"]);
        assert!(check.contains("/healthz"), "{name} checks {check}");
    }
    assert_eq!(names.len(), nodes.len(), "node names must differ (leases)");

    // The published port is the one HAProxy listens on, with its config.
    let published = haproxy["ports"][0].as_str().unwrap();
    assert_eq!(
        published.rsplit(':').next(),
        Some(port_of(env(haproxy, "SAMENBORD_LISTEN")))
    );
    let mounts = format!("{:?}", haproxy["volumes"]);
    assert!(mounts.contains("./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg"));
    for name in ["postgres", "haproxy"] {
        assert!(service(&compose, name).get("healthcheck").is_some());
    }
}

#[test]
fn the_haproxy_config_routes_by_what_the_binary_serves() {
    let config = std::fs::read_to_string(haproxy_config()).unwrap();
    let servers: Vec<&str> = config
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("server "))
        .collect();
    assert_eq!(servers.len(), nodes(&compose()).len());
    assert!(config.contains("option httpchk GET /healthz"));
    assert!(config.contains("url_param(session)"));
    assert!(config.contains("hash-type consistent"));
    // The health check and the routing parameter exist in the API.
    let api = serde_json::to_value(samenbord_server::api::openapi()).unwrap();
    assert!(api["paths"].get("/healthz").is_some());
    for path in ["/sync", "/api/events", "/api/join"] {
        let params = format!("{}", api["paths"][path]);
        assert!(
            params.contains("\"session\""),
            "{path} takes no session parameter"
        );
    }
}

#[test]
fn haproxy_accepts_its_config_with_the_compose_environment() {
    if std::process::Command::new("haproxy")
        .arg("-v")
        .output()
        .is_err()
    {
        missing("HAProxy", "haproxy");
        return;
    }
    let compose = compose();
    let haproxy = service(&compose, "haproxy");
    let mut command = std::process::Command::new("haproxy");
    command.args(["-c", "-q", "-f"]).arg(haproxy_config());
    for (key, value) in haproxy["environment"].as_mapping().unwrap() {
        command.env(key.as_str().unwrap(), value.as_str().unwrap());
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "haproxy -c: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
