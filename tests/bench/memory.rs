//! Memory over many fast-forwarded refresh cycles, then the request discipline of those
//! cycles from nginx's access log (after the first load: no overlap, one request per endpoint
//! and scope per tick).

use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::page::{api_count, browser, num, FAST_FORWARD, NO_DRAWS, PAGE_HOOKS};
use crate::support::webdriver::Browser;
use crate::support::{Nginx, Sim};
use crate::table::Row;

/// JS heap and wasm memory. The heap is the lowest of five readings after a forced GC,
/// 150 ms apart: refresh cycles run back to back, and the answer a cycle is reading at that
/// moment is not growth (a leak raises the lowest reading too).
pub fn memory(b: &Browser) -> (f64, f64) {
    let heap = (0..5)
        .map(|i| {
            if i > 0 {
                std::thread::sleep(Duration::from_millis(150));
            }
            b.cdp("HeapProfiler.collectGarbage", json!({}));
            num(&b.cdp("Runtime.getHeapUsage", json!({}))["usedSize"]).unwrap_or(f64::NAN)
        })
        .fold(f64::INFINITY, f64::min);
    let wasm = num(
        &b.js("return window.__benchWasm ? window.__benchWasm.memory.buffer.byteLength : null")
    )
    .unwrap_or(f64::NAN);
    (heap, wasm)
}

/// One API request from the access log: (start, end) in seconds, and its URI.
fn api_requests(log: &str) -> Vec<(f64, f64, String)> {
    let mut out: Vec<(f64, f64, String)> = log
        .lines()
        .filter_map(|l| {
            let (_, rest) = l.split_once("\"GET ")?;
            let (uri, rest) = rest.split_once(' ')?;
            let api = ["/db/list", "/table/synclist/list", "/synclist", "/flow/get"]
                .iter()
                .any(|p| uri.starts_with(p));
            let (_, tail) = rest.split_once('"')?;
            let f: Vec<&str> = tail.split_whitespace().collect();
            let end: f64 = f.get(2)?.parse().ok()?;
            let took: f64 = f.get(3)?.parse().ok()?;
            api.then(|| (end - took, end, uri.to_string()))
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// Memory over many fast-forwarded refresh cycles of the overview (living data), then the
/// request discipline of all those cycles from nginx's log.
pub fn memory_and_requests(dist: &Path, rows: &mut Vec<Row>) {
    let cycles: usize = std::env::var("BENCH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let sim = Sim::start(&["--plain-http", "--speed", "600"]);
    // no answer cache: every refresh brings a new answer (with it, one in ~40 fast-forwarded
    // refreshes did)
    let nginx = Nginx::start_uncached(dist, sim.port);
    let b = browser(&[NO_DRAWS, PAGE_HOOKS, FAST_FORWARD]);
    b.goto(&nginx.url("/?page=overview&refresh=5"));
    let count = || api_count(&nginx, "/db/list");
    // after the browser's resource timing buffer (250 entries) has filled
    let warm = (cycles / 20).max(100);
    let started = Instant::now();
    let wait_for = |n: usize| {
        while count() < n {
            assert!(
                started.elapsed() < Duration::from_secs(3600),
                "refresh cycles too slow: {} after an hour",
                count()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    wait_for(warm);
    let base_at = count();
    let (heap0, wasm0) = memory(&b);
    let (mut heap, mut wasm) = (Vec::new(), Vec::new());
    for i in 1..=10 {
        wait_for(base_at + cycles * i / 10);
        let (h, w) = memory(&b);
        heap.push((h / heap0 - 1.0) * 100.0);
        wasm.push((w / wasm0 - 1.0) * 100.0);
    }
    let done = count() - base_at;
    let secs = started.elapsed().as_secs_f64();
    let sources_ok = b
        .js("return document.querySelectorAll('main a').length")
        .as_u64()
        .unwrap_or(0)
        > 0;
    // When the first answer was shown (epoch s): the first load ends with that cycle.
    let first_shown = num(&b.js(
        "const m = performance.getEntriesByName('bifrost:first-data')[0]; \
         return m ? (performance.timeOrigin + m.startTime) / 1000 : null",
    ))
    .unwrap_or(0.0);
    drop(b);
    let growth = |what: &str, v: Vec<f64>, base: f64| {
        let pass = !v.is_empty() && v.iter().all(|g| *g <= 5.0) && sources_ok;
        Row::new(
            &format!(
                "{what} growth over {done} refresh cycles (vs {:.1} MB after {base_at}; samples every {})",
                base / 1_048_576.0,
                cycles / 10
            ),
            "≤ 5 % (every sample)",
            "%",
            v,
            pass,
        )
    };
    let (heap_seq, wasm_seq) = (heap.clone(), wasm.clone());
    rows.push(growth("JS heap", heap, heap0));
    rows.push(growth("wasm memory", wasm, wasm0));
    eprintln!("bench: {done} cycles in {secs:.0} s");
    eprintln!("bench: JS heap growth per sample (%): {heap_seq:.1?}");
    eprintln!("bench: wasm memory growth per sample (%): {wasm_seq:.1?}");

    let mut reqs = api_requests(&nginx.access_log());
    // The first load asks everything at once (no request chain), until its first answer is
    // shown (a cycle cut short before that is a first load again); every later cycle asks one
    // request after another: the discipline is that of the cycles after the first load.
    if let Some(later) = reqs
        .iter()
        .position(|r| r.2.starts_with("/db/list") && r.0 > first_shown)
    {
        reqs.drain(..later);
    }
    // nginx logs milliseconds: back-to-back requests may seem to overlap by one.
    let overlapping: Vec<_> = reqs
        .windows(2)
        .filter(|w| w[1].0 < w[0].1 - 0.0015)
        .collect();
    for w in &overlapping {
        eprintln!("bench: overlapping requests: {:?} and {:?}", w[0], w[1]);
    }
    let overlaps = overlapping.len();
    rows.push(Row::new(
        &format!(
            "overlapping API requests ({} requests, nginx log)",
            reqs.len()
        ),
        "0",
        "",
        vec![overlaps as f64],
        overlaps == 0 && reqs.len() > cycles,
    ));
    let mut ticks = 0;
    let mut worst = 0usize;
    let mut tick: Vec<&str> = Vec::new();
    for (_, _, uri) in &reqs {
        if uri.starts_with("/db/list") {
            ticks += 1;
            tick.clear();
        }
        let n = tick.iter().filter(|u| **u == uri.as_str()).count() + 1;
        worst = worst.max(n);
        tick.push(uri);
    }
    rows.push(Row::new(
        &format!("most requests to one endpoint+scope in one tick ({ticks} ticks)"),
        "≤ 1",
        "",
        vec![worst as f64],
        worst == 1 && ticks >= cycles,
    ));
}
