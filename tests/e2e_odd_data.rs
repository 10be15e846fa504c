//! The fault suite's data cases, end to end: big data (a 10 MB error string, a 100,000-row sync
//! list), hostile and non-ASCII names, and flow oddities (a counter reset, the clock jumping
//! backwards, duplicate timestamps). Shown as it should be, nothing breaks, no error claimed.
//!
//! The same stack as `e2e_faults` (`support/faults.rs`). Run with `cargo xtask e2e` (or
//! `cargo test --features e2e --test e2e_odd_data` with E2E_DIST and E2E_SIM set).

mod support;

use serde_json::Value;
use std::time::{Duration, Instant};
use support::faults::{recovers, sync_page_with_data, Stack};
use support::webdriver::Browser;
use support::{eventually, http_get};

// ---------------------------------------------------------------------------------------------
// Big and hostile data

#[test]
fn ten_megabyte_error_string() {
    let s = Stack::start(&[]);
    let good = sync_page_with_data(&s);
    s.fault("mode=bigerror");
    // The 10 MB error is one line: the row shows its first 240 characters, nothing breaks.
    let first = eventually(40, "the huge error in its row", || {
        let errs = s.b.texts("#sync tr.vrow td.c-error");
        errs.into_iter().find(|e| e.starts_with("huge error: "))
    });
    assert!(
        first.chars().count() <= 241,
        "{} chars",
        first.chars().count()
    );
    let v = s.seen();
    assert!(
        v.banners.is_empty() && !v.stale() && v.count == good.count,
        "{v:?}"
    );
    // Its details open (the full text is there) and the page stays responsive.
    let t = Instant::now();
    assert_eq!(
        s.b.js(
            "const r = Array.from(document.querySelectorAll('#sync tr.vrow')).find(r => \
             r.querySelector('td.c-error').innerText.startsWith('huge error: ')); \
             if (!r) return false; r.click(); return true"
        ),
        Value::Bool(true)
    );
    let len = eventually(20, "the details panel with the full error", || {
        let n = s
            .b
            .js("const p = document.querySelector('aside.details pre.error-full'); return p ? p.textContent.length : 0")
            .as_u64()
            .unwrap_or(0);
        (n > 0).then_some(n)
    });
    assert!(len >= 1_000_000, "the details keep the full text: {len}");
    assert!(
        t.elapsed() < Duration::from_secs(15),
        "opening the details took {:?}",
        t.elapsed()
    );
    s.b.click("aside.details button.close");
    s.fault("mode=none");
    eventually(40, "the normal error again", || {
        let errs = s.b.texts("#sync tr.vrow td.c-error");
        (!errs.is_empty() && errs.iter().all(|e| !e.starts_with("huge error"))).then_some(())
    });
    recovers(&s, 30);
}

#[test]
fn hundred_thousand_row_sync_list() {
    // 50 sources x 1000 tables x 2 outputs = 100,000 rows, about 80 MB of JSON.
    let s = Stack::start(&["--scale", "50,1000,2"]);
    let t = Instant::now();
    s.open("page=sync&refresh=30");
    eventually(150, "100000 outputs", || {
        s.seen().count.starts_with("100000 outputs").then_some(())
    });
    let loaded = t.elapsed();
    let v = s.seen();
    assert!(
        v.sync_rows > 0 && v.sync_rows < 500,
        "virtualised: {} rows in the DOM",
        v.sync_rows
    );
    // Scrolling to the bottom renders the last rows, quickly.
    let first_row = s.b.text("#sync tr.vrow td.c-source");
    s.b.js(
        "const w = document.querySelector('.vlist'); w.scrollTop = w.scrollHeight; \
            w.dispatchEvent(new Event('scroll')); return true",
    );
    eventually(10, "rows near the end", || {
        let now = s.b.text("#sync tr.vrow td.c-source");
        (now != first_row && s.seen().sync_rows > 0).then_some(())
    });
    // Searching the whole list stays usable.
    let t = Instant::now();
    s.b.set_value("#f-q", "source49");
    let mut last = String::new();
    // source49's 1000 tables x 2 outputs, out of all 100000 ("2000 / 100000 outputs match")
    while !(last.starts_with("2000 ") && last.contains("100000") && last.contains("match")) {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "search over 100000 rows: {last:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
        last = s.seen().count;
    }
    eprintln!("searching 100000 rows took {:?}: {last}", t.elapsed());
    assert!(s.seen().banners.is_empty());
    s.no_panic();
    eprintln!("100000 rows loaded and shown in {loaded:?}");
}

/// Hostile names everywhere: shown as text, never run as markup, never a link.
#[test]
fn hostile_and_non_ascii_names_are_text() {
    let s = Stack::start(&["--hostile-names", "--scale", "5,8,4"]);
    let names = [
        "<script>window.__pwned=1</script>",
        "q\"uo't & <b>bold</b>",
        "javascript:window.__pwned=3",
        "日本語_données_🚀🔥",
    ];
    let table = "<img src=x onerror=\"window.__pwned=2\">";
    let (_, body) = http_get(s.nginx.port, "/db/list?format=json");
    let dbs: Value = serde_json::from_str(&body).expect("db list");
    for n in names {
        assert!(dbs.get(n).is_some(), "the simulator serves {n:?}");
    }
    let check = |page: &str| {
        // nothing ran, no element came from a name, no link leads to javascript:
        let v = s.b.js(
            "return { pwned: window.__pwned === undefined ? null : String(window.__pwned),
                      imgs: document.querySelectorAll('img').length,
                      bolds: document.querySelectorAll('main b').length,
                      scripts: Array.from(document.scripts).filter(s => !s.src && !s.textContent.includes('TrunkApplicationStarted')
                        && !s.textContent.includes('__bifrostEarly')).length,
                      bad_links: Array.from(document.querySelectorAll('a[href]'))
                        .filter(a => !['http:', 'https:'].includes(new URL(a.href, location.href).protocol))
                        .map(a => a.getAttribute('href')) }",
        );
        assert_eq!(v["pwned"], Value::Null, "{page}: a name ran as code");
        assert_eq!(v["imgs"], 0, "{page}: a name became an <img>");
        assert_eq!(v["bolds"], 0, "{page}: a name became markup");
        assert_eq!(v["scripts"], 0, "{page}: a name became a <script>");
        assert_eq!(
            v["bad_links"],
            Value::Array(vec![]),
            "{page}: a non-http link"
        );
    };
    s.open("page=sources&refresh=5");
    let text = eventually(40, "the hostile names as text", || {
        let t = s.b.text("#sources");
        names.iter().all(|n| t.contains(n)).then_some(t)
    });
    assert!(text.contains("日本語_données_🚀🔥"));
    check("sources");
    s.open("page=sync&refresh=5");
    eventually(40, "hostile table names as text", || {
        let t = s.b.text("#sync");
        (t.contains(table) && t.contains(names[0])).then_some(())
    });
    check("sync");
    s.open("page=overview&refresh=5");
    eventually(40, "the overview", || {
        let t = s.b.text("main");
        names.iter().any(|n| t.contains(n)).then_some(())
    });
    check("overview");
    // The flow page of a hostile source: the name round-trips through the URL and the API.
    for n in names {
        let enc: String = n
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        s.open(&format!("page=flow&db={enc}&refresh=5"));
        eventually(40, "the flow page of a hostile source", || {
            let sel =
                s.b.js("const e = document.querySelector('#flow-db'); return e ? e.value : null");
            (sel.as_str() == Some(n)).then_some(())
        });
        let v = s.seen();
        assert!(v.banners.is_empty(), "{n:?}: {v:?}");
        check(&format!("flow of {n:?}"));
    }
    s.no_panic();
}

// ---------------------------------------------------------------------------------------------
// Flow oddities: counter reset, clock jump backwards, duplicate timestamps

/// `textContent` of every match (the flow table sits in a closed `<details>`).
fn contents(b: &Browser, css: &str) -> Vec<String> {
    b.js(&format!(
        "return Array.from(document.querySelectorAll({})).map(e => e.textContent)",
        Value::String(css.into())
    ))
    .as_array()
    .map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect()
    })
    .unwrap_or_default()
}

fn flow_cells_sane(s: &Stack) -> Vec<String> {
    let cells = contents(&s.b, "#flow-table tbody td.num");
    assert!(
        cells.iter().all(|c| {
            let c = c.trim();
            !c.starts_with('-') && !c.contains("NaN") && !c.contains("inf")
        }),
        "bad rate: {cells:?}"
    );
    cells
}

fn flow_page_with_points(s: &Stack) {
    s.open("page=flow&window=tenminute&refresh=5");
    eventually(60, "flow points", || {
        let v = s.seen();
        (v.flow_rows > 3 && v.banners.is_empty()).then_some(())
    });
}

#[test]
fn counter_reset_shows_a_restart_and_no_negative_rate() {
    let s = Stack::start(&["--speed", "5"]);
    // mysqllocal is a running source (the simulator's source 0)
    s.open("page=flow&db=mysqllocal&window=tenminute&refresh=5");
    eventually(60, "flow points", || {
        let v = s.seen();
        (v.flow_rows > 3 && v.banners.is_empty()).then_some(())
    });
    s.sim().control("/_sim/restart");
    eventually(60, "a restart marker", || {
        contents(&s.b, "#flow-table tbody")
            .join("")
            .contains("restart")
            .then_some(())
    });
    flow_cells_sane(&s);
    assert!(s.seen().banners.is_empty());
    s.no_panic();
}

fn flow_fault(mode: &str) {
    let s = Stack::start(&["--speed", "5"]);
    flow_page_with_points(&s);
    let before = contents(&s.b, "#flow-table tbody td.mono");
    s.fault(&format!("mode={mode}"));
    // The odd times arrive on the next refresh: the table changes, every rate stays sane,
    // times stay strictly increasing, and no error is claimed (the data is valid JSON).
    eventually(30, "the odd series on screen", || {
        (contents(&s.b, "#flow-table tbody td.mono") != before).then_some(())
    });
    std::thread::sleep(Duration::from_secs(6)); // one more refresh with the fault on
    let times = contents(&s.b, "#flow-table tbody td.mono");
    let mut sorted = times.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        times.len(),
        "duplicate times shown: {times:?}"
    );
    flow_cells_sane(&s);
    let v = s.seen();
    assert!(
        v.flow_rows > 0 && v.banners.is_empty() && !v.stale(),
        "{v:?}"
    );
    s.fault("mode=none");
    std::thread::sleep(Duration::from_secs(6));
    eventually(30, "the normal series", || {
        let v = s.seen();
        (v.flow_rows > 3 && v.banners.is_empty()).then_some(())
    });
    flow_cells_sane(&s);
    s.no_panic();
}

#[test]
fn clock_jump_backwards() {
    flow_fault("clockback");
}

#[test]
fn duplicate_timestamps() {
    flow_fault("duptime");
}
