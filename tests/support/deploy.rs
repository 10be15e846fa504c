//! The deployment recipes of `deploy/nginx/` running in a real nginx (only their CHANGE values
//! replaced), with simulators behind them: shared by the suites that open the deployed app.
//! Also the checks on what it serves: raw GETs and headers, the hashed assets, the access log.

use super::webdriver::Browser;
use super::{
    env_path, free_port, recipe, replace_once, wait_for_port, Proc, Sim, LOAD_BROTLI, LOAD_LUA,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const ROOT_CONF: &str = "deploy/nginx/bifrost-dashboard.conf";
pub const SUBPATH_CONF: &str = "deploy/nginx/bifrost-dashboard-subpath.conf";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn replace_all(s: &str, from: &str, to: &str) -> String {
    assert!(s.contains(from), "config must contain `{from}`");
    s.replace(from, to)
}

/// A portal-style recipe (`file`, served under /ops/bifrost/) made local: a private copy of the
/// dist named by `dist_var` in `dir`/dist, the mask's folder, the listen `port` and the root.
/// The caller points the upstreams (and any cache) where it needs them.
pub fn portal_recipe(file: &str, dist_var: &str, port: u16, dir: &Path) -> (String, PathBuf) {
    let dist = dir.join("dist");
    copy_dist(&env_path(dist_var), &dist);
    let c = std::fs::read_to_string(repo().join(file)).expect(file);
    let c = super::lua_path(&c);
    let c = replace_once(
        &c,
        "listen 127.0.0.1:8081;",
        &format!("listen 127.0.0.1:{port};"),
    );
    let c = replace_all(
        &c,
        "/var/www/bifrost-dashboard/",
        &format!("{}/", dist.display()),
    );
    (c, dist)
}

/// A private copy of a built dist/ (each test writes its own config.json).
pub fn copy_dist(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).expect("dist copy dir");
    for e in std::fs::read_dir(from).expect("read dist") {
        let e = e.expect("dist entry");
        if e.file_type().map(|t| t.is_file()).unwrap_or(false) {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy dist file");
        }
    }
    assert!(
        to.join("index.html").exists(),
        "no index.html in {}",
        from.display()
    );
}

/// nginx running one of deploy/'s server blocks (CHANGE values replaced by the caller) plus
/// an optional "portal" server on another port, logging each request with the
/// Authorization header the browser sent.
pub struct Web {
    pub port: u16,
    pub portal_port: u16,
    pub dir: PathBuf,
    _proc: Proc,
}

impl Drop for Web {
    fn drop(&mut self) {
        super::stop_nginx(&self.dir);
    }
}

impl Web {
    pub fn start(name: &str, server_conf: impl FnOnce(u16, &Path, u16) -> String) -> Web {
        let port = free_port();
        let portal_port = free_port();
        let dir = std::env::temp_dir().join(format!("bifrost-e2e-deploy-{name}-{port}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("portal")).expect("web dir");
        let conf = server_conf(port, &dir, portal_port);
        std::fs::write(dir.join("server.conf"), conf).expect("server.conf");
        let d = dir.display();
        let main = format!(
            "{LOAD_BROTLI}{LOAD_LUA}worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n\
             log_format auth '\"$request\" $status auth=\"$http_authorization\" $body_bytes_sent';\n\
             access_log {d}/access.log auth;\n  client_body_temp_path {d}/body;\n\
             proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
             include {d}/server.conf;\n\
             server {{ listen 127.0.0.1:{portal_port}; root {d}/portal; }}\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).expect("nginx.conf");
        let check = Command::new("/usr/sbin/nginx")
            .args([
                "-t",
                "-q",
                "-e",
                &format!("{d}/error.log"),
                "-p",
                &d.to_string(),
                "-c",
            ])
            .arg(dir.join("nginx.conf"))
            .output()
            .expect("nginx -t");
        assert!(
            check.status.success(),
            "nginx rejects the config: {}{}",
            String::from_utf8_lossy(&check.stderr),
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        let child = Command::new("/usr/sbin/nginx")
            .args(["-e", &format!("{d}/error.log"), "-p", &d.to_string(), "-c"])
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .spawn()
            .expect("start nginx");
        let proc = Proc(child);
        wait_for_port(port);
        wait_for_port(portal_port);
        Web {
            port,
            portal_port,
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

/// The root recipe: deploy/nginx/bifrost-dashboard.conf, one Bifrost at the root prefix.
pub fn root_stack(frame_origin: Option<&str>) -> (Sim, Web, PathBuf) {
    root_stack_of("E2E_DIST", frame_origin)
}

/// As [`root_stack`], serving the build named by the environment variable `dist_var`.
pub fn root_stack_of(dist_var: &str, frame_origin: Option<&str>) -> (Sim, Web, PathBuf) {
    let sim = Sim::start(&[]);
    let sim_port = sim.port;
    let mut dist = PathBuf::new();
    let web = Web::start("root", |port, dir, _| {
        dist = dir.join("dist");
        copy_dist(&env_path(dist_var), &dist);
        let c = std::fs::read_to_string(repo().join(ROOT_CONF)).expect(ROOT_CONF);
        let c = recipe(
            &c,
            port,
            &dist,
            &format!("https://127.0.0.1:{sim_port}"),
            &dir.join("cache"),
        );
        match frame_origin {
            Some(o) => replace_once(
                &c,
                "frame-ancestors 'self'",
                &format!("frame-ancestors 'self' {o}"),
            ),
            None => c,
        }
    });
    (sim, web, dist)
}

/// The sub-path recipe: deploy/nginx/bifrost-dashboard-subpath.conf, two Bifrost servers
/// (prod-a: v2, prod-b: v1) under /bifrost/<name>/, the app under /ops/bifrost/.
pub struct SubStack {
    pub _a: Sim,
    pub b: Option<Sim>,
    pub web: Web,
    pub dist: PathBuf,
}

pub fn sub_stack(frame_portal: bool) -> SubStack {
    sub_stack_of("E2E_DIST_SUBPATH", frame_portal)
}

/// As [`sub_stack`], serving the build named by the environment variable `dist_var`.
pub fn sub_stack_of(dist_var: &str, frame_portal: bool) -> SubStack {
    let a = Sim::start(&["--seed", "11"]);
    let b = Sim::start(&["--api", "v1", "--seed", "22"]);
    let (pa, pb) = (a.port, b.port);
    let mut dist = PathBuf::new();
    let web = Web::start("sub", |port, dir, portal| {
        let (c, d) = portal_recipe(SUBPATH_CONF, dist_var, port, dir);
        dist = d;
        let c = replace_once(
            &c,
            "proxy_pass https://127.0.0.1:21036;",
            &format!("proxy_pass https://127.0.0.1:{pa};"),
        );
        let c = replace_once(
            &c,
            "proxy_pass https://127.0.0.1:21037;",
            &format!("proxy_pass https://127.0.0.1:{pb};"),
        );
        let c = replace_once(
            &c,
            "proxy_cache_path /var/lib/nginx/bifrost-dashboard-subpath-cache ",
            &format!("proxy_cache_path {}/cache ", dir.display()),
        );
        let c = super::mask_socket(
            &c,
            "/run/bifrost-dashboard-subpath-mask.sock",
            &dir.join("cache"),
        );
        if frame_portal {
            replace_once(
                &c,
                "frame-ancestors 'self'",
                &format!("frame-ancestors 'self' http://127.0.0.1:{portal}"),
            )
        } else {
            c
        }
    });
    SubStack {
        _a: a,
        b: Some(b),
        web,
        dist,
    }
}

pub fn write_config(dist: &Path, config: &Value) {
    std::fs::write(dist.join("config.json"), config.to_string()).expect("config.json");
}

pub fn two_instances() -> Value {
    json!({"instances": [
        {"name": "prod-a", "prefix": "/bifrost/prod-a/"},
        {"name": "prod-b", "prefix": "/bifrost/prod-b/"}
    ]})
}

/// A browser that records every CSP violation of every document it loads.
pub fn browser_watching_csp() -> Browser {
    let b = Browser::start(1280, 800);
    b.cdp("Page.enable", json!({}));
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "window.__csp = []; document.addEventListener('securitypolicyviolation', \
                e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"}),
    );
    b
}

pub fn csp_violations(b: &Browser) -> Vec<String> {
    b.js("return window.__csp || ['no listener']")
        .as_array()
        .map(|a| a.iter().map(|v| v.to_string()).collect())
        .unwrap_or_default()
}

/// A raw GET: (status, lower-cased head, body bytes, a chunked body decoded).
pub fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
    super::get_body(port, path, headers)
}

pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(str::trim)
}

/// The hashed wasm and js files named by index.html.
pub fn assets(dist: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dist)
        .expect("dist")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".wasm") || n.ends_with(".js") || n.ends_with(".css"))
        .collect();
    v.sort();
    assert!(v.len() >= 3, "wasm, js and css in dist: {v:?}");
    v
}

/// Every request the browser made through the proxy carried no credentials of its own.
pub fn assert_no_browser_credentials(log: &str) {
    let api: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("/db/list") || l.contains("synclist") || l.contains("/flow/get"))
        .collect();
    assert!(!api.is_empty(), "no API request in the access log:\n{log}");
    for l in log.lines() {
        assert!(
            l.contains("auth=\"-\""),
            "a request carried credentials: {l}"
        );
    }
}
