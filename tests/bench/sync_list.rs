//! The 10,000-row sync list: first rows and the whole list on screen, and keystroke to next
//! paint in the search box.

use serde_json::Value;
use std::path::Path;
use std::time::Duration;

use crate::page::{browser, mark, num, wait_mark, PAGE_HOOKS};
use crate::support::{Nginx, Sim};
use crate::table::Row;

/// The 10,000-row sync list: first render and keystroke-to-next-paint in the search box.
pub fn sync_list(dist: &Path, rows: &mut Vec<Row>) {
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
