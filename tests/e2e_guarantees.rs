//! The fault suite's guarantees, end to end: only GETs to the read endpoints and no credential
//! anywhere in the page, whatever the fault; memory stays bounded and a single poller runs
//! through a long run of cycling faults and page switches.
//!
//! The same stack as `e2e_faults` (`support/faults.rs`). Run with `cargo xtask e2e` (or
//! `cargo test --features e2e --test e2e_guarantees` with E2E_DIST and E2E_SIM set).

mod support;

use serde_json::Value;
use std::time::{Duration, Instant};
use support::faults::Stack;
use support::webdriver::Browser;
use support::{eventually, http_get};

// ---------------------------------------------------------------------------------------------
// Read-only and credential guarantees

/// Passwords in DSNs (`user:pass@`, `password=...`) of any string in `v`.
fn passwords_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let rest = s.split_once("://").map_or(s.as_str(), |(_, r)| r);
            if let Some((cred, _)) = rest.split_once('@') {
                if let Some((_, pw)) = cred.split_once(':') {
                    if pw.len() >= 3 {
                        out.push(pw.to_string());
                    }
                }
            }
            if let Some((_, tail)) = s.split_once("password=") {
                let pw = tail.split('&').next().unwrap_or("");
                if pw.len() >= 3 {
                    out.push(pw.to_string());
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| passwords_in(x, out)),
        Value::Object(o) => o.values().for_each(|x| passwords_in(x, out)),
        _ => {}
    }
}

#[test]
fn only_gets_to_the_endpoints_and_no_credentials_anywhere() {
    let s = Stack::start(&["--speed", "20"]);
    let mut secrets = vec![
        "Bifrost123".to_string(),
        "Qmlmcm9zdE1vbml0b3I6Qmlmcm9zdDEyMw==".to_string(),
    ];
    for path in ["/db/list?format=json", "/table/synclist/list?format=json"] {
        let (_, body) = http_get(s.nginx.port, path);
        let v: Value = serde_json::from_str(&body).expect("json");
        passwords_in(&v, &mut secrets);
    }
    secrets.sort();
    secrets.dedup();
    assert!(secrets.len() >= 5, "DSN passwords found: {secrets:?}");
    // Every page, a detail panel, and a few faults (error paths log and render too).
    for (page, fault) in [
        ("page=overview", "mode=none"),
        ("page=sources", "mode=auth"),
        ("page=sync", "mode=html"),
        ("page=sync&status=error", "mode=none"),
        ("page=flow&db=mysqllocal&window=hour", "mode=truncated"),
        ("page=flow", "mode=none"),
    ] {
        s.fault(fault);
        s.open(&format!("{page}&refresh=5"));
        eventually(30, "the page with data or an error", || {
            let v = s.seen();
            let main = s.b.text("main");
            (!v.banners.is_empty() || (main.len() > 40 && !main.contains("Loading"))).then_some(())
        });
        std::thread::sleep(Duration::from_secs(2));
        if page.starts_with("page=sync") && fault == "mode=none" {
            eventually(30, "sync rows to click", || {
                (s.seen().sync_rows > 0).then_some(())
            });
            s.b.click("#sync tr.vrow");
            eventually(10, "details", || {
                (!s.b.texts("aside.details").is_empty()).then_some(())
            });
        }
        let v = s.b.js(
            "return [document.documentElement.outerHTML, location.href, document.cookie,
                     JSON.stringify(Object.assign({}, localStorage)),
                     JSON.stringify(Object.assign({}, sessionStorage))]",
        );
        let console = s.b.console().join("\n");
        let places = ["DOM", "URL", "cookie", "localStorage", "sessionStorage"];
        for (i, place) in places.iter().enumerate() {
            let text = v[i].as_str().unwrap_or_default();
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{secret:?} in the {place} on {page}"
                );
            }
        }
        for secret in &secrets {
            assert!(
                !console.contains(secret.as_str()),
                "{secret:?} in the console on {page}"
            );
        }
    }
    s.fault("mode=none");
    // The proxy's access log: only GETs, API calls only to the three read endpoints.
    let log = s.nginx.access_log();
    let mut api = 0;
    for line in log.lines() {
        let request = line.split('"').nth(1).unwrap_or_default();
        let mut parts = request.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        assert_eq!(method, "GET", "non-GET request: {line}");
        let path = target.split('?').next().unwrap_or("");
        let is_api = matches!(path, "/db/list" | "/table/synclist/list" | "/flow/get");
        let is_static = path == "/"
            || path == "/index.html"
            || path == "/favicon.ico"
            || path == "/config.json"
            || [".js", ".wasm", ".css", ".svg"]
                .iter()
                .any(|e| path.ends_with(e));
        assert!(is_api || is_static, "unexpected request: {line}");
        assert!(
            !target.contains("Bifrost123") && !target.to_lowercase().contains("password"),
            "credentials in a URL: {line}"
        );
        api += usize::from(is_api);
    }
    assert!(api > 10, "the log holds the API calls: {api}");
    let stats: Value = serde_json::from_str(&s.sim().control("/_sim/stats")).expect("stats json");
    for (path, methods) in stats["requests"].as_object().expect("requests") {
        for method in methods.as_object().expect("methods").keys() {
            assert_eq!(method, "GET", "{method} {path} reached Bifrost");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Resource safety

/// (JS heap bytes, wasm memory bytes) of the page.
fn memory(b: &Browser) -> (u64, u64) {
    let v = b.js(
        "return [performance.memory ? performance.memory.usedJSHeapSize : 0,
                 window.__wasm && window.__wasm.memory ? window.__wasm.memory.buffer.byteLength : 0]",
    );
    (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0))
}

/// Clicks a page link in the header, as the user does (no reload).
fn nav(b: &Browser, label: &str) {
    let ok = b.js(&format!(
        "const a = Array.from(document.querySelectorAll('header nav a')).find(a => a.innerText.trim() === {}); \
         if (!a) return false; a.click(); return true",
        Value::String(label.into())
    ));
    assert_eq!(ok, Value::Bool(true), "no page link {label:?}");
}

fn db_list_gets(s: &Stack) -> u64 {
    let v: Value = serde_json::from_str(&s.sim().control("/_sim/stats")).expect("stats json");
    v["requests"]["/db/list"]["GET"].as_u64().unwrap_or(0)
}

#[test]
fn long_run_with_cycling_faults_keeps_memory_bounded_and_one_poller() {
    let s = Stack::start(&["--speed", "60"]);
    // Keep a handle on the wasm instance (trunk announces it once, at start).
    s.b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({"source":
            "addEventListener('TrunkApplicationStarted', e => { window.__wasm = e.detail.wasm; })"}),
    );
    s.open("page=overview&refresh=5");
    eventually(40, "the overview", || {
        let v = s.seen();
        (v.banners.is_empty() && s.b.text("main").contains("running")).then_some(())
    });
    let faults = [
        "mode=truncated",
        "mode=none",
        "mode=html",
        "mode=none",
        "empty=0.5",
        "empty=0&mode=wrongtype",
        "mode=none",
        "mode=null",
        "mode=none",
    ];
    let pages = ["Overview", "Data sources", "Sync list", "Flow"];
    let mut samples = Vec::new();
    let start = Instant::now();
    let mut i = 0;
    while start.elapsed() < Duration::from_secs(150) {
        s.fault(faults[i % faults.len()]);
        if i % 3 == 0 {
            // navigation: a new cycle each time, which must replace (not add) the poller
            nav(&s.b, pages[(i / 3) % pages.len()]);
        }
        std::thread::sleep(Duration::from_secs(4));
        let m = memory(&s.b);
        samples.push(m);
        i += 1;
    }
    assert!(
        samples.iter().all(|m| m.1 > 0),
        "wasm memory is readable: {samples:?}"
    );
    let third = samples.len() / 3;
    let peak = |xs: &[(u64, u64)], f: fn(&(u64, u64)) -> u64| xs.iter().map(f).max().unwrap_or(0);
    let (heap_early, wasm_early) = (
        peak(&samples[..third], |m| m.0),
        peak(&samples[..third], |m| m.1),
    );
    let (heap_late, wasm_late) = (
        peak(&samples[2 * third..], |m| m.0),
        peak(&samples[2 * third..], |m| m.1),
    );
    eprintln!(
        "memory over {} samples: JS heap early {heap_early} late {heap_late}; wasm early {wasm_early} late {wasm_late}",
        samples.len()
    );
    assert!(
        heap_late <= heap_early * 3 / 2 + 8_000_000,
        "JS heap grows: {samples:?}"
    );
    assert!(
        wasm_late <= wasm_early * 3 / 2 + 8_000_000,
        "wasm memory grows: {samples:?}"
    );

    // A single poller after all that navigation: 40 more page switches in quick succession,
    // then the request rate on a steady page is the chosen one (5 s), not a multiple.
    s.fault("mode=none&empty=0");
    for k in 0..40 {
        nav(&s.b, pages[k % pages.len()]);
    }
    nav(&s.b, "Data sources");
    eventually(40, "the sources", || {
        let v = s.seen();
        (v.source_rows > 0 && v.banners.is_empty()).then_some(())
    });
    std::thread::sleep(Duration::from_secs(2));
    let before = db_list_gets(&s);
    std::thread::sleep(Duration::from_secs(21));
    let polled = db_list_gets(&s) - before;
    assert!(
        (3..=6).contains(&polled),
        "5 s polling over 21 s made {polled} /db/list requests (duplicated pollers?)"
    );
    s.no_panic();
    let v = s.seen();
    assert!(v.url.contains("page=sources"));
}
