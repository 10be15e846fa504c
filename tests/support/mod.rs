//! End-to-end test support: servers started on free loopback ports and stopped on drop
//! (no process outlives a test), a tiny HTTP client, and a WebDriver client for Chromium.
//! The stacks some suites share or keep apart: `deploy`, `faults` and `signin`.

#![allow(dead_code)]

pub mod deploy;
pub mod faults;
pub mod fleet;
pub mod secrets;
pub mod signin;
pub mod webdriver;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the process when dropped.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

pub fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the end-to-end tests with `cargo xtask e2e`")
    }))
}

/// A running simulator and the port it chose.
pub struct Sim {
    pub port: u16,
    _proc: Proc,
}

impl Sim {
    pub fn start(args: &[&str]) -> Sim {
        let mut child = Command::new(env_path("E2E_SIM"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start bifrost-sim");
        let stdout = child.stdout.take().expect("sim stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("sim banner");
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected simulator banner: {line:?}"));
        Sim {
            port,
            _proc: Proc(child),
        }
    }

    /// Calls a test-control endpoint (`/_sim/...`, plain HTTP only).
    pub fn control(&self, path_and_query: &str) -> String {
        http_get(self.port, path_and_query).1
    }
}

/// nginx running the repository's deploy config, with only its CHANGE values replaced.
pub struct Nginx {
    pub port: u16,
    pub dir: PathBuf,
    _proc: Proc,
}

impl Nginx {
    pub fn start(dist: &Path, sim_port: u16, sim_https: bool) -> Nginx {
        Nginx::start_with(dist, sim_port, sim_https, true)
    }

    /// As [`Nginx::start`] without the recipe's answer cache: every request reaches the
    /// simulator (the memory benchmark needs a new answer on every refresh, not every 4 s).
    pub fn start_uncached(dist: &Path, sim_port: u16) -> Nginx {
        Nginx::start_with(dist, sim_port, false, false)
    }

    fn start_with(dist: &Path, sim_port: u16, sim_https: bool, cached: bool) -> Nginx {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut conf = std::fs::read_to_string(root.join("deploy/nginx/bifrost-dashboard.conf"))
            .expect("deploy/nginx/bifrost-dashboard.conf");
        if !cached {
            let with = "proxy_cache_valid 200 4s;";
            assert!(conf.contains(with), "the recipe's answer cache line moved");
            conf = conf.replace(with, "proxy_no_cache 1; proxy_cache_bypass 1;");
        }
        let port = free_port();
        let scheme = if sim_https { "https" } else { "http" };
        let dir = std::env::temp_dir().join(format!("bifrost-e2e-nginx-{port}"));
        std::fs::create_dir_all(&dir).expect("nginx dir");
        let conf = recipe(
            &conf,
            port,
            dist,
            &format!("{scheme}://127.0.0.1:{sim_port}"),
            &dir.join("cache"),
        );
        std::fs::write(dir.join("server.conf"), conf).expect("server.conf");
        let d = dir.display();
        let main = format!(
            "{LOAD_BROTLI}{LOAD_LUA}user root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n\
             log_format timed '$remote_addr [$time_local] \"$request\" $status $body_bytes_sent $msec $request_time';\n\
             access_log {d}/access.log timed;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
             include {d}/server.conf;\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).expect("nginx.conf");
        let child = Command::new("/usr/sbin/nginx")
            .args(["-e", &format!("{d}/error.log"), "-p", &d.to_string(), "-c"])
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            // Not the test's stdout: a worker holding it would keep `cargo test | ...` open.
            .stdout(Stdio::null())
            .spawn()
            .expect("start nginx");
        wait_for_port(port);
        Nginx {
            port,
            dir,
            _proc: Proc(child),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The access log: the requests the browser sent through the proxy.
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    /// SIGTERM, not SIGKILL: the master then stops its workers (a killed master orphans them).
    fn drop(&mut self) {
        let pid = self._proc.0.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self._proc.0.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Stops the nginx whose prefix is `dir` (config `nginx.conf` there) gracefully: the master
/// stops its workers (killing only the master would leave them running). Waits for its pid
/// file to go, at most 5 s.
pub fn stop_nginx(dir: &Path) {
    let d = dir.display().to_string();
    let _ = Command::new("/usr/sbin/nginx")
        .args(["-e", &format!("{d}/error.log"), "-p", &d, "-c"])
        .arg(dir.join("nginx.conf"))
        .args(["-s", "stop"])
        .status();
    let start = Instant::now();
    while dir.join("nginx.pid").exists() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn replace_once(s: &str, from: &str, to: &str) -> String {
    assert_eq!(
        s.matches(from).count(),
        1,
        "deploy config must contain `{from}` once"
    );
    s.replacen(from, to, 1)
}

/// The line that loads nginx's brotli_static module (Debian's libnginx-mod-http-brotli-static),
/// which the recipes' asset location needs: first in every nginx.conf that runs a recipe.
pub const LOAD_BROTLI: &str =
    "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n";

/// The lines that load nginx's Lua module (Debian's libnginx-mod-http-lua, with the NDK it
/// needs), which the recipes' password mask (`deploy/nginx/bifrost_mask.lua`) needs: first in
/// every nginx.conf the tests write.
pub const LOAD_LUA: &str = "load_module /usr/lib/nginx/modules/ndk_http_module.so;\n\
                            load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;\n";

/// The recipes' `lua_package_path` (CHANGE) pointed at the repository's `deploy/nginx/`, where
/// `bifrost_mask.lua` lives.
pub fn lua_path(conf: &str) -> String {
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx");
    replace_once(
        conf,
        "lua_package_path \"/etc/nginx/lua/?.lua;;\";",
        &format!("lua_package_path \"{}/?.lua;;\";", deploy.display()),
    )
}

/// A deploy/nginx recipe with the values its comments mark CHANGE replaced, as a user would:
/// the listen port, the `root` (dist/), the Bifrost upstream, the folder of the password mask
/// (`lua_package_path`) and, where the recipe caches answers, the cache folder and the masking
/// hop's socket (beside the cache folder). Each must stand in the recipe exactly once (the
/// socket twice: its `listen` and the `proxy_pass` to it).
pub fn recipe(conf: &str, port: u16, dist: &Path, upstream: &str, cache: &Path) -> String {
    let c = lua_path(conf);
    let c = replace_once(
        &c,
        "listen 127.0.0.1:8080;",
        &format!("listen 127.0.0.1:{port};"),
    );
    let c = replace_once(
        &c,
        "root /var/www/bifrost-dashboard;",
        &format!("root {};", dist.display()),
    );
    let c = replace_once(
        &c,
        "proxy_pass https://127.0.0.1:21036;",
        &format!("proxy_pass {upstream};"),
    );
    if c.contains("proxy_cache_path ") {
        let c = mask_socket(&c, "/run/bifrost-dashboard-mask.sock", cache);
        replace_once(
            &c,
            "proxy_cache_path /var/lib/nginx/bifrost-dashboard-cache ",
            &format!("proxy_cache_path {} ", cache.display()),
        )
    } else {
        c
    }
}

/// The masking hop's socket (`listen unix:...` and `proxy_pass http://unix:...`) moved beside
/// the `cache` folder.
pub fn mask_socket(conf: &str, socket: &str, cache: &Path) -> String {
    let to = cache.with_file_name("mask.sock");
    let c = replace_once(
        conf,
        &format!("listen unix:{socket};"),
        &format!("listen unix:{};", to.display()),
    );
    replace_once(
        &c,
        &format!("proxy_pass http://unix:{socket};"),
        &format!("proxy_pass http://unix:{};", to.display()),
    )
}

pub fn wait_for_port(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "port {port} never opened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A minimal HTTP/1.1 request (Connection: close): (status, body).
pub fn http(port: u16, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).ok();
    let body = body.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("write");
    // Read by Content-Length: some servers (chromedriver) keep the socket open.
    let mut reader = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).expect("read header") == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let lower = head.to_ascii_lowercase();
    let length = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let mut raw = Vec::new();
    match length {
        Some(n) => {
            raw.resize(n, 0);
            reader.read_exact(&mut raw).expect("read body");
        }
        None => {
            reader.read_to_end(&mut raw).expect("read body");
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let chunked = lower.contains("transfer-encoding: chunked");
    (status, if chunked { dechunk(&text) } else { text })
}

/// A raw GET with extra request headers: (status, lower-cased response head, body bytes).
/// Reads to the end (Connection: close), so chunked bodies stay encoded: for nginx answers.
pub fn get_with(port: u16, path: &str, headers: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).expect("write");
    let mut r = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).expect("head") == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut body = Vec::new();
    r.read_to_end(&mut body).expect("body");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body)
}

/// As [`get_with`], with a chunked body decoded (the API answers through the recipes are
/// chunked: the password mask drops their Content-Length). Gzip stays as it came.
pub fn get_body(port: u16, path: &str, headers: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
    let (status, head, raw) = get_with(port, path, headers);
    if head.contains("transfer-encoding: chunked") {
        (status, head, dechunk_bytes(&raw))
    } else {
        (status, head, raw)
    }
}

/// A chunked HTTP/1.1 body decoded (what it holds up to the last whole chunk).
pub fn dechunk_bytes(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&b[..eol]).unwrap_or("0");
        let n =
            usize::from_str_radix(size.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        let start = eol + 2;
        if n == 0 || b.len() < start + n {
            break;
        }
        out.extend_from_slice(&b[start..start + n]);
        b = &b[(start + n + 2).min(b.len())..];
    }
    out
}

pub fn http_get(port: u16, path: &str) -> (u16, String) {
    http(port, "GET", path, None)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// Polls `f` until it returns Some, or panics after `secs` with `what`.
pub fn eventually<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
