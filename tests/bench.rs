//! The performance benchmark: the release app (BENCH_DIST) behind the repository's
//! nginx config, the simulator (E2E_SIM) behind it, driven in headless Chromium. Prints one
//! table (figure, budget, median, min, max, pass/fail) and writes it to BENCH_RESULTS.
//! Run with `cargo xtask bench`; it is not part of `cargo xtask test`.
//!
//! Every figure is measured, never assumed: sizes by compressing the built files, times with
//! the Performance API inside the page, memory through the DevTools protocol, request
//! overlap and per-tick duplicates from nginx's access log (`$msec`, `$request_time`).

mod support;

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use support::webdriver::Browser;
use support::{env_path, eventually, Nginx, Sim};

/// Injected before any page script: marks the first data row of a page when it enters the
/// DOM, collects the app's `bifrost:chart-draw` measures, and keeps the wasm instance.
const PAGE_HOOKS: &str = r#"(() => {
  const want = [['#sources tr.source', 'bench:first-source-row'], ['#sync tr.vrow', 'bench:first-sync-row'],
    ['#sync tr.vrow', 'bench:whole-sync-list', '.page.sync .count:not(.partial)']];
  const seen = new Set();
  new MutationObserver(() => {
    for (const [sel, name, also] of want) {
      if (!seen.has(name) && document.querySelector(sel) && (!also || document.querySelector(also))) { seen.add(name); performance.mark(name); }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  window.__benchDraws = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (e.name === 'bifrost:chart-draw') window.__benchDraws.push(e.duration);
  }).observe({ type: 'measure' });
  addEventListener('TrunkApplicationStarted', e => { window.__benchWasm = e.detail.wasm; });
})();"#;

/// Fast-forward for the memory run: the poll loop's 5 s sleep (refresh=5) returns at once.
/// Other timers (the 10 s request timeout, the 1 s clock) keep their real delays.
const FAST_FORWARD: &str = r#"(() => {
  const st = window.setTimeout;
  window.setTimeout = function (f, ms, ...a) { return st.call(window, f, ms === 5000 ? 0 : ms, ...a); };
})();"#;

struct Row {
    figure: String,
    budget: String,
    unit: &'static str,
    values: Vec<f64>,
    pass: bool,
}

impl Row {
    fn new(figure: &str, budget: &str, unit: &'static str, values: Vec<f64>, pass: bool) -> Row {
        Row {
            figure: figure.into(),
            budget: budget.into(),
            unit,
            values,
            pass,
        }
    }

    /// A figure whose median must not exceed `max`.
    fn at_most(figure: &str, max: f64, unit: &'static str, values: Vec<f64>) -> Row {
        let pass = !values.is_empty() && median(&values) <= max;
        Row::new(figure, &format!("≤ {max} {unit}"), unit, values, pass)
    }

    /// A figure shown for information (a breakdown of a budgeted one): passes when measured.
    fn info(figure: &str, unit: &'static str, values: Vec<f64>) -> Row {
        let pass = !values.is_empty();
        Row::new(figure, "info", unit, values, pass)
    }

    fn failed(figure: &str, why: &str) -> Row {
        Row::new(figure, why, "", Vec::new(), false)
    }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

fn fmt(v: f64) -> String {
    if v.is_nan() {
        "–".into()
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| figure | budget | median | min | max | n | result |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n",
    );
    for r in rows {
        let min = r.values.iter().copied().fold(f64::NAN, f64::min);
        let max = r.values.iter().copied().fold(f64::NAN, f64::max);
        let u = if r.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", r.unit)
        };
        out.push_str(&format!(
            "| {} | {} | {}{u} | {}{u} | {}{u} | {} | {} |\n",
            r.figure,
            r.budget,
            fmt(median(&r.values)),
            fmt(min),
            fmt(max),
            r.values.len(),
            if r.pass { "pass" } else { "**FAIL**" }
        ));
    }
    out
}

fn compressed_len(program: &str, args: &[&str], file: &Path) -> usize {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} failed on {}",
        file.display()
    );
    out.stdout.len()
}

/// Raw, gzip -9 and brotli -q 11 size of every file in the dist folder.
fn sizes(dist: &Path, rows: &mut Vec<Row>) -> String {
    let mut files: Vec<_> = std::fs::read_dir(dist)
        .expect("dist folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        // The app, not the `.gz` copies a release build leaves for nginx's gzip_static.
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "gz"))
        .collect();
    files.sort();
    assert!(
        files.iter().any(|p| p.with_extension("wasm.gz").exists()),
        "the release build left no .gz copy of the wasm (Trunk.toml post_build hook)"
    );
    let mut md =
        String::from("| file | raw | gzip -9 | brotli -q 11 |\n| --- | ---: | ---: | ---: |\n");
    let mut total = [0usize; 3];
    for f in &files {
        let raw = std::fs::metadata(f).map(|m| m.len() as usize).unwrap_or(0);
        let gz = compressed_len("gzip", &["-9", "-c"], f);
        let br = compressed_len("brotli", &["-q", "11", "-c"], f);
        for (t, v) in total.iter_mut().zip([raw, gz, br]) {
            *t += v;
        }
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        md.push_str(&format!(
            "| {name} | {:.1} KB | {:.1} KB | {:.1} KB |\n",
            raw as f64 / 1024.0,
            gz as f64 / 1024.0,
            br as f64 / 1024.0
        ));
    }
    md.push_str(&format!(
        "| **total** | {:.1} KB | {:.1} KB | {:.1} KB |\n",
        total[0] as f64 / 1024.0,
        total[1] as f64 / 1024.0,
        total[2] as f64 / 1024.0
    ));
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "wasm")),
        "no .wasm in {}",
        dist.display()
    );
    rows.push(Row::at_most(
        "whole app transfer (brotli -q 11)",
        150.0,
        "KB",
        vec![total[2] as f64 / 1024.0],
    ));
    md
}

fn browser(hooks: &[&str]) -> Browser {
    let b = Browser::start(1280, 800);
    for h in hooks {
        b.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": h }),
        );
    }
    b
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn mark(b: &Browser, name: &str) -> Option<f64> {
    num(&b.js(&format!(
        "const e = performance.getEntriesByName('{name}')[0]; return e ? e.startTime : null"
    )))
}

/// Waits for a mark; on a timeout, says what the page showed and logged.
fn wait_mark(b: &Browser, name: &str, secs: u64) -> f64 {
    let start = Instant::now();
    loop {
        if let Some(t) = mark(b, name) {
            return t;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let main = b.text("body");
            panic!(
                "no {name} after {secs} s at {}: page {:?}; console {:?}",
                b.url(),
                main.chars().take(300).collect::<String>(),
                b.console()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// First data on screen: cold loads (HTTP cache cleared) of the data-sources page.
fn first_data(dist: &Path, rows: &mut Vec<Row>) {
    let sim = Sim::start(&[]);
    let nginx = Nginx::start(dist, sim.port, true);
    let b = browser(&[PAGE_HOOKS]);
    let (mut dom, mut data, mut cold) = (Vec::new(), Vec::new(), true);
    // Where the time goes: (app start, config read, /db/list sent, its last byte)
    let mut steps: [Vec<f64>; 4] = Default::default();
    for _ in 0..10 {
        b.goto("about:blank");
        b.cdp("Network.clearBrowserCache", json!({}));
        b.goto(&nginx.url("/?page=sources&refresh=0"));
        let row = wait_mark(&b, "bench:first-source-row", 30);
        dom.push(row);
        if let Some(d) = mark(&b, "bifrost:first-data") {
            data.push(d);
        }
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
        ];
        for (v, t) in steps.iter_mut().zip(at) {
            v.extend(t);
        }
        // Cold means the wasm came over the network, not from the cache.
        let wasm_bytes = b.js(
            "const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); return e ? e.transferSize : 0",
        );
        cold &= num(&wasm_bytes).unwrap_or(0.0) > 0.0;
    }
    let mut r = Row::at_most(
        "first data row in the DOM after navigation start (cold, sources page)",
        150.0,
        "ms",
        dom,
    );
    r.pass &= cold;
    if !cold {
        r.figure.push_str(" (a load hit the cache)");
    }
    rows.push(r);
    let [started, configured, sent, answered] = steps;
    for (figure, v) in [
        (
            "  of which: the wasm downloaded, compiled and started (app mark bifrost:start)",
            started,
        ),
        ("  config.json read (app mark bifrost:config)", configured),
        ("  /db/list request sent (Resource Timing)", sent),
        ("  /db/list answer's last byte", answered),
    ] {
        rows.push(Row::info(figure, "ms", v));
    }
    rows.push(Row::info(
        "  /db/list answer parsed (app mark bifrost:first-data)",
        "ms",
        data,
    ));
}

/// The 10,000-row sync list: first render and keystroke-to-next-paint in the search box.
fn sync_list(dist: &Path, rows: &mut Vec<Row>) {
    let sim = Sim::start(&["--plain-http", "--scale", "10,250,4"]);
    let nginx = Nginx::start(dist, sim.port, false);
    let b = browser(&[PAGE_HOOKS]);
    let (mut first, mut whole, mut read, mut parse) = (vec![], vec![], vec![], vec![]);
    let (mut handed, mut total) = (vec![], vec![]);
    for _ in 0..5 {
        b.goto("about:blank");
        b.goto(&nginx.url("/?page=sync&refresh=0"));
        let done = wait_mark(&b, "bench:whole-sync-list", 60);
        let row = mark(&b, "bench:first-sync-row").expect("the first row's mark");
        // The last request to the route: the first one is the API generation probe
        // (`SyncStatus=error`), made once when the app starts.
        let timing = |what: &str| {
            num(&b.js(&format!(
                "const e = performance.getEntriesByType('resource').filter(e => e.name.includes('/table/synclist/list')).pop(); return e ? e.{what} : null"
            )))
            .expect("the sync-list request in Resource Timing")
        };
        let (sent, started, answered) = (
            timing("startTime"),
            timing("responseStart"),
            timing("responseEnd"),
        );
        total.push(done - sent);
        first.push(row - started);
        if let Some(t) = mark(&b, "bifrost:sync-first-tables") {
            handed.push(t - started);
        }
        whole.push(done - answered);
        let in_wasm = mark(&b, "bifrost:sync-read");
        if let Some(t) = in_wasm {
            read.push(t - answered);
        }
        if let (Some(parsed), Some(t)) = (mark(&b, "bifrost:sync-parsed"), in_wasm) {
            parse.push(parsed - t);
        }
    }
    let count = b.text(".page.sync .count");
    let all = count.contains("10000 outputs");
    rows.push(Row::at_most(
        "sync list, 10,000 rows: first byte of the answer → first rows on screen (the rest still downloading)",
        100.0,
        "ms",
        first,
    ));
    rows.push(Row::info(
        "  of which: the first tables decoded (app mark bifrost:sync-first-tables)",
        "ms",
        handed,
    ));
    let mut r = Row::at_most(
        "sync list, 10,000 rows: last byte of the answer → the whole list on screen",
        100.0,
        "ms",
        whole,
    );
    if !all {
        r.pass = false;
        r.figure.push_str(&format!(" (shown: {count:?})"));
    }
    rows.push(r);
    for (figure, values) in [
        (
            "  request sent → the whole list on screen (the server's time and the download included)",
            total,
        ),
        (
            "  of which: decoding what had not been decoded by the last byte (app mark bifrost:sync-read)",
            read,
        ),
        (
            "  of which: the end of the answer (app mark bifrost:sync-parsed)",
            parse,
        ),
    ] {
        rows.push(Row::info(figure, "ms", values));
    }

    // Keystrokes: type a real table name character by character, then delete it again.
    let name = b
        .texts("#sync tr.vrow .tbl")
        .first()
        .cloned()
        .unwrap_or_else(|| "orders".into());
    let chars: Vec<char> = name.chars().collect();
    let mut queries: Vec<String> = Vec::new();
    while queries.len() < 20 {
        for n in (1..=chars.len()).chain((0..chars.len()).rev()) {
            queries.push(chars[..n].iter().collect());
        }
    }
    queries.truncate(20);
    let mut paint = Vec::new();
    for q in &queries {
        let script = format!(
            "const done = arguments[arguments.length - 1];\
             const el = document.querySelector('#f-q');\
             const t0 = performance.now();\
             el.value = {q}; el.dispatchEvent(new Event('input', {{ bubbles: true }}));\
             requestAnimationFrame(() => {{ const c = new MessageChannel();\
               c.port1.onmessage = () => done(performance.now() - t0); c.port2.postMessage(0); }});",
            q = Value::String(q.clone())
        );
        if let Some(ms) = num(&b.js_async(&script)) {
            paint.push(ms);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // The list really followed the keystrokes: the last query is shown, filtered.
    let last = queries.last().cloned().unwrap_or_default();
    let shown = b.text(".page.sync .count");
    let mut r = Row::at_most(
        "sync list, 10,000 rows: keystroke in the search box → next paint",
        16.0,
        "ms",
        paint,
    );
    if !last.is_empty() && !shown.contains("match") {
        r.pass = false;
        r.figure.push_str(" (the filter did not apply)");
    }
    rows.push(r);
}

fn draws(b: &Browser) -> Vec<f64> {
    b.js("return window.__benchDraws || []")
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn api_count(nginx: &Nginx, path: &str) -> usize {
    nginx.access_log().matches(&format!("\"GET {path}")).count()
}

/// Clicks refresh-now and waits until the cycle's /db/list request is logged and it ended.
fn refresh_now(b: &Browser, nginx: &Nginx) {
    let before = api_count(nginx, "/db/list");
    eventually(10, "refresh-now enabled", || {
        (b.js("return !document.querySelector('#refresh-now').disabled") == Value::Bool(true))
            .then_some(())
    });
    b.click("#refresh-now");
    eventually(20, "the refresh cycle", || {
        let done =
            b.js("return !document.querySelector('#refresh-now').disabled") == Value::Bool(true);
        (api_count(nginx, "/db/list") > before && done).then_some(())
    });
}

/// Flow chart redraw time per window (living data), and no redraw when data is unchanged.
fn charts(dist: &Path, rows: &mut Vec<Row>) {
    let sim = Sim::start(&["--plain-http", "--speed", "600"]);
    let nginx = Nginx::start(dist, sim.port, false);
    let b = browser(&[PAGE_HOOKS]);
    for w in ["minute", "tenminute", "hour", "eighthour", "day"] {
        b.goto("about:blank");
        b.goto(&nginx.url(&format!("/?page=flow&window={w}&refresh=0")));
        eventually(30, "the first chart draw", || {
            (draws(&b).len() >= 2).then_some(())
        });
        for _ in 0..5 {
            refresh_now(&b, &nginx);
        }
        std::thread::sleep(Duration::from_millis(300));
        rows.push(Row::at_most(
            &format!("flow chart redraw, window={w}"),
            4.0,
            "ms",
            draws(&b),
        ));
    }
    drop((b, nginx, sim));

    // Frozen data: the simulated clock steps every 5000 s of real time.
    let sim = Sim::start(&["--plain-http", "--speed", "0.001"]);
    let nginx = Nginx::start(dist, sim.port, false);
    let b = browser(&[PAGE_HOOKS]);
    b.goto(&nginx.url("/?page=flow&window=tenminute&refresh=0"));
    eventually(30, "the first chart draw", || {
        (draws(&b).len() >= 2).then_some(())
    });
    std::thread::sleep(Duration::from_millis(1000));
    let (before, flows_before) = (draws(&b).len(), api_count(&nginx, "/flow/get"));
    for _ in 0..5 {
        refresh_now(&b, &nginx);
    }
    std::thread::sleep(Duration::from_millis(1000));
    let redraws = draws(&b).len() - before;
    let refetched = api_count(&nginx, "/flow/get") - flows_before;
    let mut r = Row::new(
        "chart redraws over 5 refreshes with unchanged data",
        "0",
        "",
        vec![redraws as f64],
        redraws == 0 && refetched >= 5,
    );
    if refetched < 5 {
        r.figure
            .push_str(&format!(" (only {refetched} flow requests: not refreshed)"));
    }
    rows.push(r);
}

/// JS heap (after GC) and wasm memory of the page.
/// JS heap and wasm memory. The heap is the lowest of three readings after a forced GC,
/// 100 ms apart: refresh cycles run back to back, and the answer a cycle is reading at that
/// moment is not growth (a leak raises the lowest reading too).
fn memory(b: &Browser) -> (f64, f64) {
    let heap = (0..3)
        .map(|i| {
            if i > 0 {
                std::thread::sleep(Duration::from_millis(100));
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
fn memory_and_requests(dist: &Path, rows: &mut Vec<Row>) {
    let cycles: usize = std::env::var("BENCH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let sim = Sim::start(&["--plain-http", "--speed", "600"]);
    let nginx = Nginx::start(dist, sim.port, false);
    let b = browser(&[PAGE_HOOKS, FAST_FORWARD]);
    b.goto(&nginx.url("/?page=overview&refresh=5"));
    let count = || api_count(&nginx, "/db/list");
    let warm = (cycles / 20).max(50);
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

    let reqs = api_requests(&nginx.access_log());
    // nginx logs milliseconds: back-to-back requests may seem to overlap by one.
    let overlaps = reqs.windows(2).filter(|w| w[1].0 < w[0].1 - 0.0015).count();
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

fn main() {
    let dist = env_path("BENCH_DIST");
    let results = env_path("BENCH_RESULTS");
    let mut rows: Vec<Row> = Vec::new();
    let size_table = sizes(&dist, &mut rows);
    type Scenario = fn(&Path, &mut Vec<Row>);
    let scenarios: [(&str, Scenario); 4] = [
        ("first data", first_data),
        ("sync list", sync_list),
        ("charts", charts),
        ("memory and requests", memory_and_requests),
    ];
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    for (name, run) in scenarios {
        if !only.is_empty() && !only.split(',').any(|o| name.starts_with(o.trim())) {
            continue;
        }
        eprintln!("bench: {name}");
        let mut got = Vec::new();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&dist, &mut got)));
        rows.append(&mut got);
        if let Err(e) = outcome {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            rows.push(Row::failed(&format!("{name}: did not finish"), &why));
        }
    }
    let chromium = Command::new("/usr/bin/chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let out = format!(
        "{}\nSizes of the release build (`{}`):\n\n{size_table}\n{chromium}, headless, loopback; nginx with deploy/nginx/bifrost-dashboard.conf; bifrost-sim.\n",
        table(&rows),
        dist.display()
    );
    println!("\n{out}");
    std::fs::write(&results, &out).expect("write the results file");
    eprintln!("bench: table written to {}", results.display());
    if rows.iter().any(|r| !r.pass) {
        std::process::exit(1);
    }
}
