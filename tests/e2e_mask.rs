//! End-to-end: the recipes' password masker itself, run in nginx's Lua module: a document
//! holding every form of DSN cut at every offset gives the same answer as the whole, and so
//! does the real body filter fed buffers cut at chosen places; long tokens; and the 13 MB sync
//! list and a 10 MB error line, masked in bounded time and memory.
//!
//! Run with `cargo xtask e2e` (needs E2E_DIST and E2E_SIM).

mod support;

use bifrost_dashboard::model::mask::mask_dsn;
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::deploy::{repo, ROOT_CONF};
use support::secrets::{basic, fetch, has_marker, root_web};
use support::{free_port, http, wait_for_port, Proc, Sim, LOAD_LUA};

#[test]
fn large_answers_are_masked_in_bounded_memory_and_time() {
    let sim = Sim::start(&["--plain-http", "--scale", "10,250,4"]);
    let web = root_web("secrets-big", ROOT_CONF, &sim, |c, _| c);
    let auth = basic("BifrostMonitor:Bifrost123");
    let path = "/table/synclist/list?format=json";
    let t = Instant::now();
    let (_, _, direct) = fetch(sim.port, path, &[("Authorization", &auth)]);
    let upstream = t.elapsed();
    assert!(direct.len() > 12_000_000, "{} bytes", direct.len());
    assert!(has_marker(&direct));
    let t = Instant::now();
    let (status, _, body) = fetch(web.port, path, &[]);
    let masked = t.elapsed();
    assert_eq!(status, 200);
    assert!(!has_marker(&body), "a password in the large answer");
    let v: Value = serde_json::from_slice(&body).expect("the masked answer is JSON");
    let direct: Value = serde_json::from_slice(&direct).expect("JSON");
    assert_eq!(
        v["SyncList"].as_array().map(Vec::len),
        direct["SyncList"].as_array().map(Vec::len),
        "every table is still there"
    );
    eprintln!("13 MB sync list: {upstream:?} from the simulator, {masked:?} masked through nginx");
    assert!(
        masked < upstream * 4 + Duration::from_secs(10),
        "masking is slow: {masked:?} vs {upstream:?}"
    );
    // The 10 MB error line of one output, in a fresh answer (not the cached one).
    let answer = sim.control("/_sim/fault?mode=bigerror");
    assert!(answer.contains("\"mode\""), "{answer}");
    std::thread::sleep(Duration::from_millis(4500)); // past the cached answer
    let (status, _, body) = fetch(web.port, path, &[]);
    assert_eq!(status, 200);
    assert!(!has_marker(&body));
    let v: Value = serde_json::from_slice(&body).expect("JSON with the big error");
    assert!(v.to_string().contains("huge error: 0123456789abcdef"));
    // nginx's worker: its peak resident memory stays far below the answers' size.
    let pid = std::fs::read_to_string(web.dir.join("nginx.pid")).expect("pid");
    let children = std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", pid.trim()))
        .unwrap_or_default();
    for worker in children.split_whitespace() {
        let status = std::fs::read_to_string(format!("/proc/{worker}/status")).unwrap_or_default();
        let hwm_kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        eprintln!("nginx worker {worker}: peak {hwm_kb} kB");
        // LuaJIT collects as the answer goes: the masker holds one buffer and a tail of at
        // most 16 KiB, so the worker stays near its idle size (about 7 MB measured, for 13 MB
        // and for 80 MB answers alike), far below one answer.
        assert!(hwm_kb < 40 * 1024, "nginx worker peaked at {hwm_kb} kB");
    }
}

/// nginx with the Lua module running the recipes' masker on posted documents
/// (tests/support/mask_harness.lua).
struct Harness {
    port: u16,
    dir: std::path::PathBuf,
    _proc: Proc,
}

impl Harness {
    fn start() -> Harness {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("bifrost-e2e-mask-{port}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let d = dir.display();
        let deploy = repo().join("deploy/nginx");
        let support = repo().join("tests/support");
        let conf = format!(
            "{LOAD_LUA}worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n\
             proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
             lua_package_path \"{}/?.lua;{}/?.lua;;\";\n\
             server {{\n    listen 127.0.0.1:{port};\n\
             client_body_buffer_size 32m;\n    client_max_body_size 32m;\n\
             location = /split {{ content_by_lua_block {{ require(\"mask_harness\").split() }} }}\n\
             location = /chunks {{ content_by_lua_block {{ require(\"mask_harness\").chunks() }} }}\n\
             location = /stream {{ postpone_output 0;\n\
               content_by_lua_block {{ require(\"mask_harness\").stream() }}\n\
               body_filter_by_lua_block {{ require(\"bifrost_mask\").body() }} }}\n\
             location = /gzip {{ content_by_lua_block {{ require(\"mask_harness\").gzip() }}\n\
               header_filter_by_lua_block {{ require(\"bifrost_mask\").headers() }}\n\
               body_filter_by_lua_block {{ require(\"bifrost_mask\").body() }} }}\n  }}\n}}\n",
            deploy.display(),
            support.display()
        );
        std::fs::write(dir.join("nginx.conf"), conf).expect("nginx.conf");
        let child = Command::new("/usr/sbin/nginx")
            .args(["-e", &format!("{d}/error.log"), "-p", &d.to_string(), "-c"])
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .spawn()
            .expect("start nginx");
        let proc = Proc(child);
        wait_for_port(port);
        Harness {
            port,
            dir,
            _proc: proc,
        }
    }

    fn post(&self, path: &str, body: &str) -> String {
        let (status, answer) = http(self.port, "POST", path, Some(body));
        assert_eq!(status, 200, "{path}: {answer}");
        answer
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        support::stop_nginx(&self.dir);
    }
}

/// One document with every form, as Bifrost's JSON carries it (`\u0026`, `\/`, `\"`, `\n`).
const EVERY_FORM: &str = r#"{"DbList":{"a":{"ConnectUri":"repl_a:S3cr3tMark3r@3:/x@tcp(10.0.1.13:3306)/information_schema?timeout=5s\u0026readTimeout=10s","ConnErr":"dial tcp 10.0.1.13:3306: connect: refused"},"b":{"ConnectUri":"root:S3cr3tMark3r\"q@unix(\/tmp\/mysql.sock)/db","ConnErr":""}},"ToServerKeyList":{"ck1":{"ConnUri":"tcp://10.0.5.7:9000?username=default\u0026Password=S3cr3tMark3r-ck\u0026database=b"},"kafka1":{"ConnUri":"kafka://bifrost:S3cr3tMark3r-sasl@10.0.4.5:9092,10.0.4.6:9092?sasl.mechanism=PLAIN\u0026sasl.password=S3cr3tMark3r-s"},"redis1":{"ConnUri":"redis://:S3cr3tMark3r-r@10.0.3.1:6379/0"},"mongo":{"ConnUri":"mongodb://app:S3cr3tMark3r-m@h1:27017,h2:27017/?authSource=admin"},"http":{"ConnUri":"http:\/\/hook:S3cr3tMark3r-h@10.0.6.1:8080\/bifrost"},"odbc":{"ConnUri":"Server=h;Uid=u;PWD=S3cr3tMark3r-o;"},"pg":{"ConnUri":"host=h user=u password=S3cr3tMark3r-p dbname=d"}},"PluginParam":{"Password":"S3cr3tMark3r-member","Token":"S3cr3tMark3r\\t"},"Error":"sendToServer:ck1 Err:x\n\tlast connection: bifrost_w:S3cr3tMark3r#my@tcp(10.0.2.4:3306)/t?charset=utf8mb4 (password=S3cr3tMark3r-err)\n","Empty":"root:@tcp(127.0.0.1:3306)/db","Done":"u:***@tcp(h:1)/d?password=***"}"#;

#[test]
fn the_mask_gives_the_same_answer_however_the_body_is_cut() {
    let h = Harness::start();
    let answer: Value = serde_json::from_str(&h.post("/split", EVERY_FORM)).expect("json");
    assert_eq!(
        answer["failures"], 0,
        "cuts that changed the answer: {answer}"
    );
    let whole = &h.post("/chunks?size=100000000", EVERY_FORM);
    assert!(!has_marker(whole.as_bytes()), "{whole}");
    let v: Value = serde_json::from_str(whole).expect("still JSON");
    // What the proxy sends is what the dashboard shows: its own rule leaves the DSNs as they are.
    let sources = v["DbList"].as_object().expect("DbList").values();
    let keys = v["ToServerKeyList"].as_object().expect("keys").values();
    let dsns = sources
        .map(|s| &s["ConnectUri"])
        .chain(keys.map(|k| &k["ConnUri"]))
        .chain([&v["Empty"], &v["Done"]]);
    for dsn in dsns {
        let dsn = dsn.as_str().expect("a DSN");
        assert!(dsn.contains("***") || dsn == v["Empty"], "{dsn}");
        assert_eq!(mask_dsn(dsn), dsn, "the dashboard masks {dsn:?} again");
    }
    assert_eq!(
        v["DbList"]["a"]["ConnectUri"],
        "repl_a:***@tcp(10.0.1.13:3306)/information_schema?timeout=5s&readTimeout=10s"
    );
    assert_eq!(v["Empty"], "root:@tcp(127.0.0.1:3306)/db");
    assert_eq!(v["Done"], "u:***@tcp(h:1)/d?password=***");
    // The same document fed in small pieces gives the same text.
    for size in [1, 2, 3, 5, 64, 4096] {
        let out = h.post(&format!("/chunks?size={size}"), EVERY_FORM);
        assert_eq!(&out, whole, "pieces of {size}");
    }
    // Through nginx's real body filter: the document flushed in buffers cut inside each
    // password, each `@`, each `password=` and each escape (`\u0026`, `\/`, `\"`).
    let mut cuts: Vec<usize> = Vec::new();
    for needle in [
        "S3cr3tMark3r",
        "@",
        "=",
        "\\u0026",
        "\\/",
        "\\\"",
        "Password\"",
    ] {
        for (at, _) in EVERY_FORM.match_indices(needle) {
            cuts.extend([at, at + 1, at + needle.len() / 2 + 1]);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for step in [1, 2, 3] {
        let list: Vec<String> = cuts
            .iter()
            .skip(step - 1)
            .step_by(step)
            .map(|c| c.to_string())
            .collect();
        let out = h.post(&format!("/stream?cuts={}", list.join(",")), EVERY_FORM);
        assert_eq!(&out, whole, "buffers cut at {list:?}");
    }
}

/// An answer the mask cannot read (compressed although the recipes ask for a plain one) is
/// refused, empty, rather than passed through.
#[test]
fn a_compressed_answer_is_refused_not_passed() {
    let h = Harness::start();
    let (status, head, body) = support::get_body(h.port, "/gzip", &[]);
    assert_eq!(status, 502, "{head}");
    assert!(!head.contains("content-encoding"), "{head}");
    assert!(!has_marker(&body), "{}", String::from_utf8_lossy(&body));
}

#[test]
fn the_mask_handles_long_tokens_and_large_bodies_in_linear_time() {
    let h = Harness::start();
    let filler = |c: &str, n: usize| c.repeat(n);
    let cases = [
        format!(
            "{{\"e\":\"{}:S3cr3tMark3r@tcp(h)/d{}\"}}",
            filler("a", 40_000),
            filler("b", 40_000)
        ),
        format!(
            "{{\"e\":\"{} root:S3cr3tMark3r@tcp(h)/d {}\"}}",
            filler("x", 40_000),
            filler("y", 40_000)
        ),
        format!("{{\"e\":\"u:{}@tcp(h)/d\"}}", filler("S3cr3tMark3r", 3_000)),
        format!(
            "{{\"e\":\"a?password={}\\u0026x=1\"}}",
            filler("S3cr3tMark3r", 3_000)
        ),
    ];
    for doc in &cases {
        for size in [1000, 4096, 8192] {
            let out = h.post(&format!("/chunks?size={size}"), doc);
            assert!(
                !has_marker(out.as_bytes()),
                "pieces of {size}: {}",
                &out[..out.len().min(300)]
            );
            assert!(serde_json::from_str::<Value>(&out).is_ok(), "not JSON");
        }
    }
    // Linear: 8 MB of sync-list-like text takes about 4 times as long as 2 MB (not 16 times).
    let row = r#"{"ConnUri":"bifrost_w:S3cr3tMark3r#my@tcp(10.0.2.4:3306)/bifrost_target?charset=utf8mb4","Error":"dial tcp 10.0.4.5:9092: i/o timeout","Status":"running","Param":{"Password":"S3cr3tMark3r"}},"#;
    let doc = |bytes: usize| format!("[{}{{}}]", row.repeat(bytes / row.len()));
    let time = |d: &str| {
        let t = Instant::now();
        let out = h.post("/chunks?size=8192", d);
        assert!(!has_marker(out.as_bytes()));
        t.elapsed()
    };
    let small = time(&doc(2 << 20));
    let large = time(&doc(8 << 20));
    eprintln!("2 MB: {small:?}, 8 MB: {large:?}");
    assert!(
        large < small * 8 + Duration::from_secs(1),
        "not linear: {small:?} then {large:?}"
    );
}

/// Every captured Bifrost answer of tests/fixtures/ (JSON, HTML pages, their inline scripts
/// with `\/`), whole and in pieces, comes out without the passwords it was captured with.
#[test]
fn the_mask_covers_every_captured_answer() {
    let h = Harness::start();
    let mut dirs = vec![repo().join("tests/fixtures/bifrost")];
    let mut checked = 0;
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).expect("fixtures").flatten() {
            let path = e.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for size in [7, 1000, 100_000_000] {
                let out = h.post(&format!("/chunks?size={size}"), &text);
                for password in CAPTURED_PASSWORDS {
                    assert!(
                        !out.contains(password),
                        "{password} in {} (pieces of {size})",
                        path.display()
                    );
                }
            }
            checked += usize::from(CAPTURED_PASSWORDS.iter().any(|p| text.contains(p)));
        }
    }
    assert!(
        checked > 0,
        "no captured answer holds a password: the test means nothing"
    );
}

/// The passwords of the servers the fixtures were captured from.
const CAPTURED_PASSWORDS: [&str; 3] = ["bifrostpw", "ReplPass123", "OutPass123"];
