//! The fleet table with many servers: one simulator with 1,000 outputs behind N names of the
//! fleet recipe (each its own prefix, upstream entry and cache key, so each name costs nginx
//! and the browser what a server of its own would), the release app built for the sub-path
//! (BENCH_DIST_SUBPATH). Measured: the time until every row shows data, then over a steady
//! window at refresh 5 s the main thread's busy share (DevTools `TaskDuration`), the bytes
//! the page received per cycle (Resource Timing), the JS heap and wasm memory.

use serde_json::json;
use std::path::Path;
use std::time::Duration;

use crate::page::{browser, num, wait_mark};
use crate::support::fleet::{fleet_web, FleetServer};
use crate::support::webdriver::Browser;
use crate::support::Sim;
use crate::table::Row;

/// Marks `bench:fleet-all-rows` when the table has `__benchRows` rows and none is still
/// waiting for its first answer; keeps every resource timing entry.
const FLEET_HOOKS: &str = r#"(() => {
  performance.setResourceTimingBufferSize(1000000);
  let done = false;
  new MutationObserver(() => {
    if (done || !window.__benchRows) return;
    const rows = document.querySelectorAll('#instances tr.instance');
    if (rows.length === window.__benchRows && !document.querySelector('#instances tr.instance[data-level=pending]')) {
      done = true; performance.mark('bench:fleet-all-rows');
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-level'] });
  addEventListener('TrunkApplicationStarted', e => { window.__benchWasm = e.detail.wasm; });
})();"#;

/// Bytes of API answers the page has received so far (encoded body sizes: what crossed the
/// wire, after gzip), and how many answers.
fn api_bytes(b: &Browser) -> (f64, f64) {
    let v = b.js(
        "const api = performance.getEntriesByType('resource').filter(e => /\\/bifrost\\/[^/]+\\/(db\\/list|table\\/synclist|synclist|flow\\/get)/.test(e.name));\
         return [api.reduce((s, e) => s + (e.encodedBodySize || 0), 0), api.length]",
    );
    (
        num(&v[0]).unwrap_or(f64::NAN),
        num(&v[1]).unwrap_or(f64::NAN),
    )
}

/// (main-thread task time, timestamp), both in seconds, from the DevTools protocol.
fn task_time(b: &Browser) -> (f64, f64) {
    let m = b.cdp("Performance.getMetrics", json!({}));
    let get = |name: &str| {
        m["metrics"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == name))
            .and_then(|x| x["value"].as_f64())
            .unwrap_or(f64::NAN)
    };
    (get("TaskDuration"), get("Timestamp"))
}

fn memory(b: &Browser) -> (f64, f64) {
    b.cdp("HeapProfiler.collectGarbage", json!({}));
    let heap = num(&b.cdp("Runtime.getHeapUsage", json!({}))["usedSize"]).unwrap_or(f64::NAN);
    let wasm = num(
        &b.js("return window.__benchWasm ? window.__benchWasm.memory.buffer.byteLength : null")
    )
    .unwrap_or(f64::NAN);
    (heap, wasm)
}

pub fn fleet(_dist: &Path, rows: &mut Vec<Row>) {
    let n: usize = std::env::var("BENCH_FLEET_SERVERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let window_s: u64 = std::env::var("BENCH_FLEET_WINDOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    // 4 sources x 25 tables x 10 outputs = 1,000 outputs
    let sim = Sim::start(&["--plain-http", "--scale", "4,25,10"]);
    let servers: Vec<FleetServer> = (0..n)
        .map(|i| FleetServer::new(&format!("bifrost-{i:03}"), "http", sim.port))
        .collect();
    let web = fleet_web("bench-fleet", &servers, Some(5));
    let b = browser(&[FLEET_HOOKS]);
    b.cdp("Performance.enable", json!({}));
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": format!("window.__benchRows = {n};") }),
    );
    b.goto(&web.url("/ops/bifrost/?page=instances&refresh=5"));
    let all_rows = wait_mark(&b, "bench:fleet-all-rows", 120);
    let nav_to_start = num(&b.js(
        "const e = performance.getEntriesByType('navigation')[0]; return e ? e.domContentLoadedEventEnd : null",
    ))
    .unwrap_or(f64::NAN);
    rows.push(Row::at_most(
        &format!(
            "fleet of {n} servers x 1,000 outputs: every row shows data (after navigation start)"
        ),
        2000.0,
        "ms",
        vec![all_rows],
    ));
    rows.push(Row::info(
        "fleet: of which the page's own start (DOMContentLoaded)",
        "ms",
        vec![nav_to_start],
    ));
    // Let the first round's burst pass, then measure a steady window.
    std::thread::sleep(Duration::from_secs(10));
    let (t0, ts0) = task_time(&b);
    let (bytes0, count0) = api_bytes(&b);
    let (heap0, wasm0) = memory(&b);
    std::thread::sleep(Duration::from_secs(window_s));
    let (t1, ts1) = task_time(&b);
    if std::env::var_os("BENCH_FLEET_PROFILE").is_some() {
        profile(&b);
    }
    let (bytes1, count1) = api_bytes(&b);
    let (heap1, wasm1) = memory(&b);
    let cycles = (ts1 - ts0) / 5.0;
    let busy = (t1 - t0) / (ts1 - ts0) * 100.0;
    rows.push(Row::at_most(
        &format!("fleet: main thread busy at refresh 5 s ({window_s} s window)"),
        5.0,
        "%",
        vec![busy],
    ));
    rows.push(Row::at_most(
        &format!(
            "fleet: bytes received per 5 s cycle ({:.0} answers per cycle)",
            (count1 - count0) / cycles
        ),
        2.0,
        "MB",
        vec![(bytes1 - bytes0) / cycles / 1_048_576.0],
    ));
    let dom = num(&b.js("return document.getElementsByTagName('*').length")).unwrap_or(f64::NAN);
    rows.push(Row::info("fleet: DOM elements", "", vec![dom]));
    rows.push(Row::info(
        &format!("fleet: JS heap after GC, start and end of the window ({cycles:.0} cycles)"),
        "MB",
        vec![heap0 / 1_048_576.0, heap1 / 1_048_576.0],
    ));
    rows.push(Row::info(
        "fleet: wasm memory, start and end of the window",
        "MB",
        vec![wasm0 / 1_048_576.0, wasm1 / 1_048_576.0],
    ));
    drop(b);
    drop(web);
}

/// With BENCH_FLEET_PROFILE set: 10 s of the sampling profiler, the functions taking the most
/// time printed (what to look at when the busy share is over budget).
fn profile(b: &Browser) {
    b.cdp("Profiler.enable", json!({}));
    b.cdp("Profiler.start", json!({}));
    std::thread::sleep(Duration::from_secs(10));
    let p = b.cdp("Profiler.stop", json!({}));
    let nodes = p["profile"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let (samples, deltas) = (&p["profile"]["samples"], &p["profile"]["timeDeltas"]);
    let mut by_id = std::collections::HashMap::new();
    for (s, d) in samples
        .as_array()
        .into_iter()
        .flatten()
        .zip(deltas.as_array().into_iter().flatten())
    {
        *by_id.entry(s.as_i64().unwrap_or(0)).or_insert(0.0) += d.as_f64().unwrap_or(0.0);
    }
    let mut by_name: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for n in &nodes {
        let f = &n["callFrame"];
        let name = format!(
            "{} {}",
            f["functionName"].as_str().unwrap_or(""),
            f["url"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
        );
        let t = by_id
            .get(&n["id"].as_i64().unwrap_or(-1))
            .copied()
            .unwrap_or(0.0);
        *by_name.entry(name).or_insert(0.0) += t / 1000.0;
    }
    let mut v: Vec<_> = by_name.into_iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (name, ms) in v.iter().take(25) {
        eprintln!("profile: {ms:8.1} ms  {name}");
    }
}
