//! The fleet table's memory over 1,000 refresh cycles. A thousand real 5 s cycles are 83
//! minutes, so the page's clock is fast-forwarded: `Date.now` runs FAST times faster and
//! every timer shorter than 10 s fires FAST times sooner (the poll spreading, the table's
//! redraw tick and the age clock), while the request timeouts (10 s and more) keep their real
//! delays. Fewer servers than the fleet scenario, so the machine keeps up: every server still
//! polls 1,000 times, each poll its real requests through the fleet recipe.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::fleet::fleet_sim;
use crate::memory::memory;
use crate::page::browser;
use crate::support::fleet::{fleet_web, FleetServer};
use crate::table::Row;

/// How much faster the page's clock and short timers run.
const FAST: u32 = 25;

/// Injected before any page script: the fast clock (see the module's text), and the wasm
/// instance kept for its memory.
fn fast_clock() -> String {
    format!(
        r#"(() => {{
  const K = {FAST}, d0 = Date.now(), dateNow = Date.now.bind(Date);
  Date.now = () => d0 + (dateNow() - d0) * K;
  const st = window.setTimeout, si = window.setInterval;
  const fast = ms => (ms || 0) >= 10000 ? ms : (ms || 0) / K;
  window.setTimeout = function (f, ms, ...a) {{ return st.call(window, f, fast(ms), ...a); }};
  window.setInterval = function (f, ms, ...a) {{ return si.call(window, f, fast(ms), ...a); }};
  addEventListener('TrunkApplicationStarted', e => {{ window.__benchWasm = e.detail.wasm; }});
}})();"#
    )
}

pub fn fleet_memory(_dist: &Path, rows: &mut Vec<Row>) {
    let n: usize = std::env::var("BENCH_FLEET_MEMORY_SERVERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let cycles: usize = std::env::var("BENCH_FLEET_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let sim = fleet_sim();
    let servers: Vec<FleetServer> = (0..n)
        .map(|i| FleetServer::new(&format!("bifrost-{i:03}"), "http", sim.port))
        .collect();
    let web = fleet_web("bench-fleet-memory", &servers, Some(5));
    let b = browser(&[&fast_clock()]);
    b.goto(&web.url("/ops/bifrost/?page=instances&refresh=5"));
    // the cycles so far: the last server's `/db/list` requests in nginx's log
    let last = format!("/bifrost/{}/db/list", servers[n - 1].name);
    let count = || web.access_log().matches(last.as_str()).count();
    let started = Instant::now();
    let wait_for = |c: usize| {
        while count() < c {
            assert!(
                started.elapsed() < Duration::from_secs(1800),
                "fleet cycles too slow: {} after 30 min",
                count()
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    };
    // The base after the first rounds and once the browser's resource timing buffer (250
    // entries) is full. The page itself fetches only a few things per cycle here (the fleet's
    // requests are the worker's), so a hundred cycles did not fill it: its entries then grew
    // inside the samples, by about 2 % of the heap.
    let warm = (cycles / 10).max(30);
    wait_for(warm);
    let entries = || {
        b.js("return performance.getEntriesByType('resource').length")
            .as_u64()
            .unwrap_or(0)
    };
    while entries() < 250 {
        assert!(
            started.elapsed() < Duration::from_secs(1800),
            "the resource timing buffer never filled: {}",
            entries()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let warm = count();
    let (heap0, wasm0) = memory(&b);
    let mut kept = vec![entries()];
    let (mut heap, mut wasm) = (Vec::new(), Vec::new());
    for i in 1..=10 {
        wait_for(warm + cycles * i / 10);
        let (h, w) = memory(&b);
        heap.push((h / heap0 - 1.0) * 100.0);
        wasm.push((w / wasm0 - 1.0) * 100.0);
        kept.push(entries());
    }
    eprintln!("bench: fleet memory: resource timing entries at the base and each sample: {kept:?}");
    let done = count() - warm;
    let secs = started.elapsed().as_secs_f64();
    let shown = b
        .js("return document.querySelectorAll('#instances tr.instance:not([data-level=pending])').length")
        .as_u64()
        .unwrap_or(0) as usize;
    let (heap_end, wasm_end) = memory(&b);
    drop(b);
    drop(web);
    eprintln!(
        "bench: fleet memory: {done} cycles of {n} servers in {secs:.0} s, {shown} rows shown"
    );
    eprintln!("bench: fleet JS heap growth per sample (%): {heap:.1?}");
    eprintln!("bench: fleet wasm memory growth per sample (%): {wasm:.1?}");
    let growth = |what: &str, v: Vec<f64>, base: f64, end: f64| {
        let pass = !v.is_empty() && v.iter().all(|g| *g <= 5.0) && shown == n;
        Row::new(
            &format!(
                "fleet: {what} growth over {done} refresh cycles of {n} servers, clock {FAST}x fast-forwarded ({:.1} MB after {warm}, {:.1} MB at the end; samples every {})",
                base / 1_048_576.0,
                end / 1_048_576.0,
                cycles / 10
            ),
            "≤ 5 % (every sample)",
            "%",
            v,
            pass,
        )
    };
    rows.push(growth("JS heap", heap, heap0, heap_end));
    rows.push(growth("wasm memory", wasm, wasm0, wasm_end));
}
