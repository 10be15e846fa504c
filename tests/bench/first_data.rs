//! First data on screen, as users live it: every page (overview, sources, sync list, flow),
//! cold (a new browser: no HTTP cache, no storage) and warm (the second load in the same
//! browser), on loopback and on an emulated 40 ms RTT / 20 Mbit/s link. Measured inside the
//! page from navigation start, with the first load's request chain depth and bytes sent from
//! Resource Timing.

use serde_json::{json, Value};
use std::path::Path;

use crate::page::{browser, mark, num, wait_mark};
use crate::support::webdriver::Browser;
use crate::support::{Nginx, Sim};
use crate::table::Row;

/// Loads per page, network and temperature (BENCH_LOADS, default 5).
fn loads() -> usize {
    std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// Injected before any page script: marks `bench:first-data` when the page's first data is in
/// the DOM (a condition checked from the page's first moment).
const FIRST_DATA_HOOK: &str = r#"(() => {
  const page = new URLSearchParams(location.search).get('page') || 'overview';
  const sel = { overview: '#card-sources li', sources: '#sources tr.source',
    sync: '#sync tr.vrow', flow: '#flow-table tbody tr' }[page];
  if (!sel) return;
  const o = new MutationObserver(() => {
    if (document.querySelector(sel)) { performance.mark('bench:first-data'); o.disconnect(); }
  });
  o.observe(document, { childList: true, subtree: true });
})();"#;

/// The first load's request chain depth: 0 when no API request started after another API
/// request's answer ended, n when the longest such chain has n links. And the bytes sent
/// (transferSize of the page and every resource), and how many API requests left before the
/// wasm ran (index.html's loader).
const CHAIN_AND_BYTES: &str = r#"
  const api = performance.getEntriesByType('resource')
    .filter(e => /\/(db\/list|table\/synclist\/list|synclist|flow\/get)\?/.test(e.name))
    .sort((a, b) => a.startTime - b.startTime);
  const depth = [];
  for (const e of api) {
    let d = 0;
    api.forEach((f, i) => { if (i < depth.length && f.responseEnd <= e.startTime) d = Math.max(d, depth[i] + 1); });
    depth.push(d);
  }
  const nav = performance.getEntriesByType('navigation')[0];
  const bytes = performance.getEntriesByType('resource').reduce((s, e) => s + e.transferSize, nav ? nav.transferSize : 0);
  const chain = api.map((e, i) => `${depth[i]} ${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)} ${e.name.replace(location.origin, '')}`);
  const start = performance.getEntriesByName('bifrost:start')[0];
  const early = start ? api.filter(e => e.startTime < start.startTime).length : 0;
  return [Math.max(0, ...depth), bytes, api.length, chain, early];
"#;

/// The emulated link: 40 ms round trip, 20 Mbit/s each way (bytes per second). Loopback
/// runs leave the Network domain off: its instrumentation slows every request's start.
fn throttle(b: &Browser) {
    let rate = 20e6 / 8.0;
    b.cdp("Network.enable", json!({}));
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": 40,
            "downloadThroughput": rate,
            "uploadThroughput": rate,
        }),
    );
}

/// One measured load: (first data ms, chain depth, KB sent, API requests, of them asked
/// before the wasm ran).
fn load(b: &Browser, url: &str) -> (f64, f64, f64, f64, f64) {
    b.goto(url);
    let t = wait_mark(b, "bench:first-data", 30);
    // the first load's requests after the first data (the late flows): counted in the chain
    std::thread::sleep(std::time::Duration::from_millis(400));
    let v = b.js(CHAIN_AND_BYTES);
    let at = |i: usize| num(&v[i]).unwrap_or(f64::NAN);
    if at(0) > 0.0 {
        // what waited for what, to see where a chain comes from
        eprintln!("bench: a request chain at {url}: {:#}", v[3]);
    }
    (t, at(0), at(1) / 1024.0, at(2), at(4))
}

/// Per page and network: cold and warm loads.
pub fn first_data(dist: &Path, rows: &mut Vec<Row>) {
    let sim = Sim::start(&[]);
    let nginx = Nginx::start(dist, sim.port, true);
    let origin = nginx.url("/");
    let origin = origin.trim_end_matches('/');
    for throttled in [false, true] {
        let net = if throttled {
            "40 ms RTT, 20 Mbit/s"
        } else {
            "loopback"
        };
        for page in ["overview", "sources", "sync", "flow"] {
            let url = nginx.url(&format!("/?page={page}&refresh=0"));
            let (mut cold, mut warm) = (Vec::new(), Vec::new());
            let (mut chain, mut kb, mut warm_kb, mut requests) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let (mut early_cold, mut early_warm) = (Vec::new(), Vec::new());
            let mut cold_wasm = true;
            for _ in 0..loads() {
                // A new browser each time: cold is cold for the DNS-free loopback too.
                let b = browser(&[FIRST_DATA_HOOK]);
                if throttled {
                    throttle(&b);
                }
                b.goto("about:blank");
                b.cdp("Network.clearBrowserCache", json!({}));
                b.cdp(
                    "Storage.clearDataForOrigin",
                    json!({ "origin": origin, "storageTypes": "all" }),
                );
                let (t, depth, sent, n, early) = load(&b, &url);
                cold.push(t);
                chain.push(depth);
                kb.push(sent);
                requests.push(n);
                early_cold.push(early);
                cold_wasm &= wasm_sent(&b) > 0.0;
                b.goto("about:blank");
                let (t, depth, sent, _, early) = load(&b, &url);
                warm.push(t);
                chain.push(depth);
                warm_kb.push(sent);
                early_warm.push(early);
            }
            let budget = |cold: bool| match (throttled, cold) {
                (false, true) => Some(100.0),
                (false, false) => Some(50.0),
                (true, true) => Some(250.0),
                (true, false) => None,
            };
            for (temp, values) in [("cold", cold), ("warm", warm)] {
                let figure = format!("first data, {page} page, {temp}, {net}");
                let mut r = match budget(temp == "cold") {
                    Some(max) => Row::at_most(&figure, max, "ms", values),
                    None => Row::info(&figure, "ms", values),
                };
                if temp == "cold" && !cold_wasm {
                    r.pass = false;
                    r.figure.push_str(" (a cold load hit the cache)");
                }
                rows.push(r);
            }
            let worst = chain.iter().copied().fold(0.0, f64::max);
            rows.push(Row::new(
                &format!("  request chain depth, {page}, cold and warm, {net}"),
                "0",
                "",
                chain,
                worst == 0.0,
            ));
            rows.push(Row::info(
                &format!("  API requests of the first load, {page}, {net}"),
                "",
                requests,
            ));
            for (temp, early) in [("cold", early_cold), ("warm", early_warm)] {
                rows.push(Row::info(
                    &format!("  API requests asked before the wasm ran, {page}, {temp}, {net}"),
                    "",
                    early,
                ));
            }
            rows.push(Row::info(
                &format!("  bytes sent, {page}, cold, {net}"),
                "KB",
                kb,
            ));
            rows.push(Row::info(
                &format!("  bytes sent, {page}, warm, {net}"),
                "KB",
                warm_kb,
            ));
        }
    }
    breakdown(&nginx, rows);
}

/// The wasm's transferSize: more than 0 when it came over the network, not from the cache.
fn wasm_sent(b: &Browser) -> f64 {
    let v: Value = b.js(
        "const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); return e ? e.transferSize : 0",
    );
    num(&v).unwrap_or(0.0)
}

/// Where the time of a cold load of the sources page on loopback goes.
fn breakdown(nginx: &Nginx, rows: &mut Vec<Row>) {
    let b = browser(&[FIRST_DATA_HOOK]);
    // (app start, config read, /db/list sent, its last byte, its answer parsed)
    let mut steps: [Vec<f64>; 5] = Default::default();
    for _ in 0..loads() {
        b.goto("about:blank");
        b.cdp("Network.clearBrowserCache", json!({}));
        b.goto(&nginx.url("/?page=sources&refresh=0"));
        wait_mark(&b, "bench:first-data", 30);
        let db_list = |what: &str| {
            num(&b.js(&format!(
                "const e = performance.getEntriesByType('resource').find(e => e.name.includes('/db/list')); return e ? e.{what} : null"
            )))
        };
        let at = [
            mark(&b, "bifrost:start"),
            mark(&b, "bifrost:config"),
            db_list("startTime"),
            db_list("responseEnd"),
            mark(&b, "bifrost:first-data"),
        ];
        for (v, t) in steps.iter_mut().zip(at) {
            v.extend(t);
        }
    }
    let [started, configured, sent, answered, parsed] = steps;
    for (figure, v) in [
        (
            "sources page, cold, loopback: the wasm downloaded, compiled and started (app mark bifrost:start)",
            started,
        ),
        ("  config.json read (app mark bifrost:config)", configured),
        ("  /db/list request sent (Resource Timing)", sent),
        ("  /db/list answer's last byte", answered),
        ("  /db/list answer parsed (app mark bifrost:first-data)", parsed),
    ] {
        rows.push(Row::info(figure, "ms", v));
    }
}
