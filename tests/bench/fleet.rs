//! The fleet table with many servers: one simulator with 1,000 outputs behind N names of the
//! fleet recipe (each its own prefix, upstream entry and cache key, so each name costs nginx
//! and the browser what a server of its own would), the release app built for the sub-path
//! (BENCH_DIST_SUBPATH). Measured: the time until every row shows data, then over a steady
//! window at refresh 5 s the main thread's busy share (DevTools `TaskDuration`, with its
//! script, layout and style parts), the bytes the page received per cycle (nginx's log),
//! that every row shows a rate and a sparkline, the JS heap and wasm memory. The heap over
//! 1,000 cycles is `fleet_memory`'s.

use serde_json::json;
use std::path::Path;
use std::time::Duration;

use crate::memory::memory;
use crate::page::{browser, num, wait_mark};
use crate::support::deploy::Web;
use crate::support::fleet::{fleet_web, FleetServer};
use crate::support::webdriver::Browser;
use crate::support::Sim;
use crate::table::Row;

/// Marks `bench:fleet-all-rows` when the table has `__benchRows` rows and every one shows its
/// numbers (sources running / total, from `/db/list`), and `bench:fleet-all-levels` when none
/// is still waiting for its level (its failing outputs); keeps every resource timing entry.
const FLEET_HOOKS: &str = r#"(() => {
  performance.setResourceTimingBufferSize(1000000);
  const done = new Set();
  new MutationObserver(() => {
    if (done.size === 2 || !window.__benchRows) return;
    const rows = document.querySelectorAll('#instances tr.instance');
    if (rows.length !== window.__benchRows) return;
    if (!done.has('rows') && [...rows].every(r => (r.querySelector('td.running')?.textContent || '').includes('/'))) {
      done.add('rows'); performance.mark('bench:fleet-all-rows');
    }
    if (!done.has('levels') && !document.querySelector('#instances tr.instance[data-level=pending]')) {
      done.add('levels'); performance.mark('bench:fleet-all-levels');
    }
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-level'] });
  addEventListener('TrunkApplicationStarted', e => { window.__benchWasm = e.detail.wasm; });
})();"#;

/// Bytes of API answers sent so far (after gzip: what crossed the wire), and how many
/// answers, from nginx's access log (the fleet's requests are made by a worker, whose
/// Resource Timing entries the page does not see).
fn api_bytes(web: &Web) -> (f64, f64) {
    let api = ["/db/list", "/table/synclist/list", "/synclist", "/flow/get"];
    web.access_log()
        .lines()
        .filter(|l| l.contains("\"GET /bifrost/") && api.iter().any(|p| l.contains(p)))
        .fold((0.0, 0.0), |(bytes, n), l| {
            let b = l
                .rsplit(' ')
                .next()
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0);
            (bytes + b, n + 1.0)
        })
}

/// The DevTools protocol's main-thread counters (seconds): all tasks, script, layout, style,
/// and the timestamp they were read at.
const METRICS: [&str; 5] = [
    "TaskDuration",
    "ScriptDuration",
    "LayoutDuration",
    "RecalcStyleDuration",
    "Timestamp",
];

fn task_time(b: &Browser) -> [f64; 5] {
    let m = b.cdp("Performance.getMetrics", json!({}));
    METRICS.map(|name| {
        m["metrics"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == name))
            .and_then(|x| x["value"].as_f64())
            .unwrap_or(f64::NAN)
    })
}

/// A simulator of 1,000 outputs whose flow rings already hold ten minutes (its clock run at
/// 600x for a simulated ten minutes, then at real speed): every row has a rate and a
/// sparkline to draw from its first flow answer, as a server that has been running would.
pub fn fleet_sim() -> Sim {
    // 4 sources x 25 tables x 10 outputs = 1,000 outputs
    let sim = Sim::start(&["--plain-http", "--scale", "4,25,10", "--speed", "600"]);
    let sim_time = || -> i64 {
        serde_json::from_str::<serde_json::Value>(&sim.control("/_sim/time"))
            .ok()
            .and_then(|v| v["sim_time"].as_i64())
            .unwrap_or(0)
    };
    let start = sim_time();
    let t0 = std::time::Instant::now();
    while sim_time() < start + 610 {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the simulator's clock"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    sim.control("/_sim/speed?x=1");
    sim
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
    let sim = fleet_sim();
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
    let all_levels = wait_mark(&b, "bench:fleet-all-levels", 120);
    let nav_to_start = num(&b.js(
        "const e = performance.getEntriesByType('navigation')[0]; return e ? e.domContentLoadedEventEnd : null",
    ))
    .unwrap_or(f64::NAN);
    rows.push(Row::at_most(
        &format!(
            "fleet of {n} servers x 1,000 outputs: every row shows data, its `/db/list` numbers (after navigation start)"
        ),
        2000.0,
        "ms",
        vec![all_rows],
    ));
    rows.push(Row::info(
        "fleet:   every row has its level too (its failing outputs read)",
        "ms",
        vec![all_levels],
    ));
    rows.push(Row::info(
        "fleet: of which the page's own start (DOMContentLoaded)",
        "ms",
        vec![nav_to_start],
    ));
    // Let the first round's burst pass, then measure a steady window.
    std::thread::sleep(Duration::from_secs(10));
    // the heap first: its forced collections are the bench's work, not the page's
    let (heap0, wasm0) = memory(&b);
    let all0 = b.cdp("Performance.getMetrics", json!({}));
    let m0 = task_time(&b);
    let (bytes0, count0) = api_bytes(&web);
    std::thread::sleep(Duration::from_secs(window_s));
    let m1 = task_time(&b);
    let (bytes1, count1) = api_bytes(&web);
    if std::env::var_os("BENCH_FLEET_PROFILE").is_some() {
        let all1 = b.cdp("Performance.getMetrics", json!({}));
        metric_deltas(&all0, &all1);
        profile(&b);
    }
    let (heap1, wasm1) = memory(&b);
    let wall = m1[4] - m0[4];
    let cycles = wall / 5.0;
    let log = web.access_log();
    let window: Vec<&str> = log.lines().rev().take((count1 - count0) as usize).collect();
    for ep in ["/db/list", "/table/synclist/list", "/flow/get"] {
        let k = window.iter().filter(|l| l.contains(ep)).count();
        eprintln!("bench: fleet: {ep}: {:.1} per cycle", k as f64 / cycles);
    }
    let share = |i: usize| (m1[i] - m0[i]) / wall * 100.0;
    rows.push(Row::at_most(
        &format!("fleet: main thread busy at refresh 5 s ({window_s} s window)"),
        5.0,
        "%",
        vec![share(0)],
    ));
    for (i, what) in [(1, "script"), (2, "layout"), (3, "style")] {
        rows.push(Row::info(
            &format!("fleet:   of which {what}"),
            "%",
            vec![share(i)],
        ));
    }
    // The flow is exercised: rows with a rate and a sparkline.
    let rated = b.js(
        "const r = [...document.querySelectorAll('#instances tr.instance td.c-rate')];\
         return [r.filter(c => /\\d/.test(c.textContent)).length, r.filter(c => c.querySelector('svg')).length]",
    );
    rows.push(Row::new(
        "fleet: rows with a rate, and with a sparkline",
        &format!("{n}"),
        "",
        vec![
            num(&rated[0]).unwrap_or(f64::NAN),
            num(&rated[1]).unwrap_or(f64::NAN),
        ],
        rated[0].as_f64() == Some(n as f64) && rated[1].as_f64() == Some(n as f64),
    ));
    rows.push(Row::at_most(
        &format!(
            "fleet: bytes received per 5 s cycle, after gzip ({:.0} answers per cycle)",
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

/// With BENCH_FLEET_PROFILE set: how much every DevTools counter moved over the window
/// (the busy share's parts the table does not break down: other tasks, compiling, GC).
fn metric_deltas(before: &serde_json::Value, after: &serde_json::Value) {
    let list = |v: &serde_json::Value| v["metrics"].as_array().cloned().unwrap_or_default();
    let before = list(before);
    for m in list(after) {
        let name = m["name"].as_str().unwrap_or("");
        let old = before
            .iter()
            .find(|x| x["name"] == m["name"])
            .and_then(|x| x["value"].as_f64());
        if let (Some(new), Some(old)) = (m["value"].as_f64(), old) {
            eprintln!("metric: {name}: {:+.3}", new - old);
        }
    }
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
