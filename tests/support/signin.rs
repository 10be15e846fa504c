//! The sign-in suite's stack (`e2e_signin`): nginx running one of deploy/'s configs with an
//! access log that records the Authorization header of each request, a raw GET, and what
//! reached the simulator (its `/_sim/stats`).

use super::{env_path, free_port, recipe, wait_for_port, Proc, Sim, LOAD_BROTLI, LOAD_LUA};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// nginx running one of deploy/'s configs (only its CHANGE values replaced) in its own folder,
/// logging each request with the Authorization header it carried. Stopped with `nginx -s stop`.
pub struct Web {
    pub port: u16,
    dir: PathBuf,
    _proc: Proc,
}

impl Web {
    pub fn start(conf_file: &str, sim_port: u16) -> Web {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("bifrost-e2e-signin-{port}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dist")).expect("web dir");
        let from = env_path("E2E_DIST");
        for e in std::fs::read_dir(&from).expect("read dist").flatten() {
            if e.file_type().map(|t| t.is_file()).unwrap_or(false) {
                std::fs::copy(e.path(), dir.join("dist").join(e.file_name())).expect("copy");
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let c = std::fs::read_to_string(root.join(conf_file)).expect("deploy config");
        let c = recipe(
            &c,
            port,
            &dir.join("dist"),
            &format!("http://127.0.0.1:{sim_port}"),
            &dir.join("cache"),
        );
        std::fs::write(dir.join("server.conf"), c).expect("server.conf");
        let d = dir.display();
        let main = format!(
            "{LOAD_BROTLI}{LOAD_LUA}worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n\
             log_format auth '\"$request\" $status auth=\"$http_authorization\" cache=$upstream_cache_status';\n\
             access_log {d}/access.log auth;\n  client_body_temp_path {d}/body;\n\
             proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
             include {d}/server.conf;\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).expect("nginx.conf");
        let check = Command::new("/usr/sbin/nginx")
            .args(["-t", "-q", "-e", &format!("{d}/error.log"), "-p"])
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .output()
            .expect("nginx -t");
        assert!(
            check.status.success(),
            "nginx rejects {conf_file}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        let child = Command::new("/usr/sbin/nginx")
            .args(["-e", &format!("{d}/error.log"), "-p"])
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start nginx");
        let proc = Proc(child);
        wait_for_port(port);
        Web {
            port,
            dir,
            _proc: proc,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default()
    }
}

impl Drop for Web {
    fn drop(&mut self) {
        super::stop_nginx(&self.dir);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A raw GET with extra headers: (status, lower-cased head, body).
pub fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
    let (status, head, body) = super::get_body(port, path, headers);
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// Requests that reached the simulator, per path.
pub fn upstream(sim: &Sim) -> Value {
    let v: Value = serde_json::from_str(&sim.control("/_sim/stats")).expect("stats json");
    v["requests"].clone()
}

pub fn upstream_total(sim: &Sim) -> u64 {
    let v: Value = serde_json::from_str(&sim.control("/_sim/stats")).expect("stats json");
    v["total"].as_u64().expect("total")
}

pub fn gets(stats: &Value, path: &str) -> u64 {
    stats[path]["GET"].as_u64().unwrap_or(0)
}

/// API lines of the access log that carried `auth`.
pub fn api_lines_with(log: &str, auth: &str) -> usize {
    log.lines()
        .filter(|l| l.contains("/db/list") || l.contains("synclist") || l.contains("/flow/get"))
        .filter(|l| l.contains(&format!("auth=\"{auth}\"")))
        .count()
}
