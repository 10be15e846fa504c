//! Shared by the suites that prove no password leaves nginx (`e2e_secrets`, `e2e_mask`):
//! the marker every simulated password holds, raw fetches with chunking and gzip undone, and
//! the root recipe in front of a plain-HTTP simulator.

use super::deploy::{copy_dist, repo, Web};
use super::{env_path, get_body, recipe, Sim};
use bifrost_dashboard::wire::encoding::base64;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What every simulated password holds.
pub const MARKERS: [&[u8]; 2] = [b"S3cr3tMark3r", b"Mark3r"];
/// Every plugin kind (10 outputs per table: redis, kafka, clickhouse and http with basic auth).
pub const SIM_ARGS: [&str; 3] = ["--plain-http", "--scale", "3,4,10"];

pub fn basic(user_pass: &str) -> String {
    format!("Basic {}", base64(user_pass.as_bytes()))
}

pub fn gunzip(gz: &[u8]) -> Vec<u8> {
    let mut child = Command::new("gzip")
        .arg("-dc")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = gz.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().expect("gunzip");
    writer.join().expect("writer").expect("write to gzip");
    assert!(out.status.success(), "not gzip");
    out.stdout
}

/// A GET as a client sends it: (status, head, body with the chunking and gzip undone).
pub fn fetch(port: u16, path: &str, headers: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
    let (status, head, mut body) = get_body(port, path, headers);
    if head.contains("content-encoding: gzip") {
        body = gunzip(&body);
    }
    (status, head, body)
}

pub fn has_marker(body: &[u8]) -> bool {
    MARKERS
        .iter()
        .any(|m| body.windows(m.len()).any(|w| w == *m))
}

/// The root recipe in front of `sim` (plain HTTP), with `edit` applied after the CHANGE values.
pub fn root_web(
    name: &str,
    conf: &str,
    sim: &Sim,
    edit: impl FnOnce(String, &Path) -> String,
) -> Web {
    let sim_port = sim.port;
    Web::start(name, |port, dir, _| {
        let dist = dir.join("dist");
        copy_dist(&env_path("E2E_DIST"), &dist);
        let c = std::fs::read_to_string(repo().join(conf)).expect("recipe");
        let c = recipe(
            &c,
            port,
            &dist,
            &format!("http://127.0.0.1:{sim_port}"),
            &dir.join("cache"),
        );
        edit(c, dir)
    })
}
