//! The fault suite: every bad answer, dead upstream and hostile string, end to end.
//!
//! The trunk-built app (E2E_DIST) behind the repository's nginx config, the simulator
//! (E2E_SIM, plain HTTP so its `/_sim/` knobs are reachable) behind it, headless Chromium in
//! front. Each test asserts what the user sees while the fault lasts (a banner naming the
//! cause, the last good data kept and marked stale, the rest of the page still working) and
//! that the app recovers by itself, without a click, once the fault ends.
//! Run with `cargo xtask e2e` (or `cargo test --features e2e --test e2e_faults` with E2E_DIST
//! and E2E_SIM set).

mod support;

use serde_json::Value;
use std::time::{Duration, Instant};
use support::webdriver::Browser;
use support::{env_path, eventually, http_get, Nginx, Sim};

/// A simulator, nginx in front of it, and a browser.
struct Stack {
    sim: Option<Sim>,
    nginx: Nginx,
    b: Browser,
}

impl Stack {
    fn start(args: &[&str]) -> Stack {
        let mut all = vec!["--plain-http"];
        all.extend_from_slice(args);
        let sim = Sim::start(&all);
        let nginx = Nginx::start(&env_path("E2E_DIST"), sim.port, false);
        let b = Browser::start(1280, 800);
        Stack {
            sim: Some(sim),
            nginx,
            b,
        }
    }

    fn sim(&self) -> &Sim {
        self.sim.as_ref().expect("the simulator is running")
    }

    /// Sets the simulator's fault knobs (`mode=...&empty=...`).
    fn fault(&self, query: &str) {
        let answer = self.sim().control(&format!("/_sim/fault?{query}"));
        assert!(answer.contains("\"mode\""), "fault {query}: {answer}");
    }

    fn open(&self, query: &str) {
        self.b.goto(&self.nginx.url(&format!("/?{query}")));
    }

    /// What the user sees, in one round trip.
    fn seen(&self) -> Seen {
        let v = self
            .b
            .js("const q = s => Array.from(document.querySelectorAll(s));
             const t = s => { const e = document.querySelector(s); return e ? e.innerText : ''; };
             return {
               banners: q('.banner.bad').map(e => e.innerText),
               updated: t('header .updated'),
               sync_rows: q('#sync tr.vrow').length,
               source_rows: q('#sources tr.source').length,
               flow_rows: q('#flow-table tbody tr').length,
               count: t('.page.sync .count'),
               url: location.href,
             }");
        let strs = |k: &str| -> Vec<String> {
            v[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        Seen {
            banners: strs("banners"),
            updated: v["updated"].as_str().unwrap_or_default().to_string(),
            sync_rows: v["sync_rows"].as_u64().unwrap_or(0) as usize,
            source_rows: v["source_rows"].as_u64().unwrap_or(0) as usize,
            flow_rows: v["flow_rows"].as_u64().unwrap_or(0) as usize,
            count: v["count"].as_str().unwrap_or_default().to_string(),
            url: v["url"].as_str().unwrap_or_default().to_string(),
        }
    }

    /// Panics (with the console) if the page logged a Rust panic.
    fn no_panic(&self) {
        let console = self.b.console();
        assert!(
            !console
                .iter()
                .any(|l| l.contains("panicked") || l.contains("RuntimeError")),
            "the app panicked: {console:#?}"
        );
    }
}

#[derive(Debug)]
struct Seen {
    banners: Vec<String>,
    updated: String,
    sync_rows: usize,
    source_rows: usize,
    flow_rows: usize,
    count: String,
    url: String,
}

impl Seen {
    fn stale(&self) -> bool {
        self.updated.contains("stale")
    }
    fn banner_text(&self) -> String {
        self.banners.join("\n")
    }
}

/// Opens the sync list (5 s refresh) and waits for the first good data.
fn sync_page_with_data(s: &Stack) -> Seen {
    s.open("page=sync&refresh=5");
    eventually(40, "the sync list", || {
        let v = s.seen();
        (v.sync_rows > 0 && v.count.contains("outputs") && v.banners.is_empty()).then_some(v)
    })
}

/// While a fault lasts: the banners name the cause (every `expect` fragment appears), the
/// last good rows stay, the header says stale, and the free-text filter still answers.
fn shows_fault_and_keeps_data(s: &Stack, good: &Seen, expect: &[&str], secs: u64) -> Seen {
    let v = eventually(secs, &format!("a banner naming {expect:?}"), || {
        let v = s.seen();
        let text = v.banner_text();
        (expect.iter().all(|e| text.contains(e)) && v.stale()).then_some(v)
    });
    assert!(
        v.sync_rows > 0 && v.count == good.count,
        "the last good sync list stays on screen: {v:?} (before: {good:?})"
    );
    // The rest of the page works: the free-text filter (client-side) narrows the kept rows.
    s.b.set_value("#f-q", "bh1");
    eventually(10, "the search to narrow the kept rows", || {
        let c = s.seen().count;
        c.contains("match").then_some(())
    });
    s.b.set_value("#f-q", "");
    eventually(10, "the search cleared", || {
        (s.seen().count == good.count).then_some(())
    });
    v
}

/// After the fault: no banner, not stale, rows shown, with no click (the poll loop retries).
fn recovers(s: &Stack, secs: u64) {
    eventually(secs, "recovery without a click", || {
        let v = s.seen();
        (v.banners.is_empty() && !v.stale() && v.sync_rows > 0 && !v.updated.contains("never"))
            .then_some(())
    });
    s.no_panic();
}

/// The common shape of a bad-answer case: good data, fault on, what the user sees, fault off,
/// recovery.
fn bad_answer_case(fault: &str, expect: &[&str]) -> String {
    let s = Stack::start(&[]);
    let good = sync_page_with_data(&s);
    s.fault(fault);
    let v = shows_fault_and_keeps_data(&s, &good, expect, 40);
    s.fault("mode=none&empty=0&latency_ms=0");
    recovers(&s, 45);
    v.banner_text()
}

// ---------------------------------------------------------------------------------------------
// Dead or slow upstream, broken connections, proxy errors

#[test]
fn upstream_down_then_back() {
    let mut s = Stack::start(&[]);
    let good = sync_page_with_data(&s);
    let port = s.sim().port;
    s.sim = None; // Bifrost stops: nginx cannot connect and answers 502
    shows_fault_and_keeps_data(
        &s,
        &good,
        &["Bifrost unreachable", "HTTP 502", "Bifrost is running"],
        40,
    );
    // Bifrost comes back on the same address.
    s.sim = Some(Sim::start(&[
        "--plain-http",
        "--listen",
        &format!("127.0.0.1:{port}"),
    ]));
    recovers(&s, 45);
}

#[test]
fn upstream_slower_than_the_request_timeout() {
    let s = Stack::start(&[]);
    let good = sync_page_with_data(&s);
    s.fault("mode=hang");
    let started = Instant::now();
    let v = shows_fault_and_keeps_data(&s, &good, &["not answering", "within 10 s"], 45);
    // One timeout per cycle, not one per request: both banners come from the same cycle.
    assert!(
        v.banner_text().matches("not answering").count() >= 2,
        "{v:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(40));
    s.fault("mode=none");
    recovers(&s, 45);
}

#[test]
fn connection_dropped_mid_body() {
    let text = bad_answer_case("mode=dropmid", &["Connection lost", "incomplete"]);
    assert!(text.contains("next refresh"), "{text}");
}

#[test]
fn proxy_504_from_a_gateway() {
    bad_answer_case(
        "mode=gateway&status=504",
        &["Bifrost unreachable", "HTTP 504", "Gateway Timeout"],
    );
}

#[test]
fn proxy_502_from_a_gateway() {
    bad_answer_case(
        "mode=gateway&status=502",
        &["Bifrost unreachable", "HTTP 502", "Bad Gateway"],
    );
}

// ---------------------------------------------------------------------------------------------
// Bad answers with status 200

#[test]
fn empty_body() {
    bad_answer_case("empty=1", &["Empty answer", "empty body"]);
}

#[test]
fn null_answer() {
    bad_answer_case("mode=null", &["Unexpected data", "got null"]);
}

#[test]
fn empty_array_answer() {
    bad_answer_case("mode=emptyarray", &["Unexpected data", "got an array"]);
}

#[test]
fn html_login_page() {
    bad_answer_case("mode=html", &["Not logged in", "login page"]);
}

#[test]
fn auth_session_time_out() {
    bad_answer_case(
        "mode=auth&auth_msg=session+time+out",
        &["Access refused", "\"session time out\"", "basic auth"],
    );
}

#[test]
fn auth_user_or_password_error() {
    bad_answer_case(
        "mode=auth&auth_msg=user+or+password+error",
        &[
            "Access refused",
            "\"user or password error\"",
            "check the user and password",
        ],
    );
}

#[test]
fn auth_ip_is_refused() {
    bad_answer_case(
        "mode=auth&auth_msg=ip+is+refused",
        &["Access refused", "\"ip is refused\"", "4 hours"],
    );
}

#[test]
fn auth_no_authority() {
    bad_answer_case(
        "mode=auth&auth_msg=user+group+%3A+%5B+monitor+%5D+no+authority",
        &["Access refused", "no authority", "only read"],
    );
}

#[test]
fn auth_author_error() {
    bad_answer_case(
        "mode=auth&auth_msg=Author+error",
        &["Access refused", "\"Author error\"", "basic auth"],
    );
}

#[test]
fn truncated_json() {
    bad_answer_case(
        "mode=truncated",
        &["Unreadable answer", "not valid JSON", "line 1"],
    );
}

#[test]
fn field_of_the_wrong_type() {
    // /db/list's BinlogDumpPosition and the sync list's QueueMsgCount arrive as strings: the
    // banners name the field's path.
    bad_answer_case(
        "mode=wrongtype",
        &[
            "Unexpected data",
            "BinlogDumpPosition",
            "QueueMsgCount",
            "invalid type: string",
        ],
    );
}

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
                      scripts: Array.from(document.scripts).filter(s => !s.src && !s.textContent.includes('TrunkApplicationStarted')).length,
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
            || [".js", ".wasm", ".css"].iter().any(|e| path.ends_with(e));
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

// ---------------------------------------------------------------------------------------------
// A malformed config.json (read once at start-up)

#[test]
fn malformed_config_file() {
    // A private copy of the built app, so its config.json can be broken.
    let dist = std::env::temp_dir().join(format!(
        "bifrost-e2e-config-{}-{}",
        std::process::id(),
        support::free_port()
    ));
    std::fs::create_dir_all(&dist).expect("dist copy");
    for entry in std::fs::read_dir(env_path("E2E_DIST")).expect("E2E_DIST") {
        let p = entry.expect("entry").path();
        if p.is_file() {
            std::fs::copy(&p, dist.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        dist.join("config.json"),
        "{ \"instances\": [ { \"name\": \"prod\", \"prefix\": \"/\" } ], \"refresh\": ",
    )
    .expect("config.json");
    let sim = Sim::start(&["--plain-http"]);
    let nginx = Nginx::start(&dist, sim.port, false);
    let b = Browser::start(1280, 800);
    b.goto(&nginx.url("/?page=sources"));
    let text = eventually(30, "the configuration error", || {
        let t = b.text("#config-error");
        (!t.is_empty()).then_some(t)
    });
    assert!(
        text.contains("configuration is not valid") && text.contains("config.json"),
        "{text}"
    );
    assert!(
        text.contains("line") || text.contains("EOF") || text.contains("end of"),
        "the message names where the file is broken: {text}"
    );
    // Fixed on the server: the next load shows the dashboard (the file is read at start-up).
    std::fs::write(dist.join("config.json"), "{ \"refresh\": 10 }").expect("config.json");
    b.goto(&nginx.url("/?page=sources"));
    eventually(30, "the sources after the fix", || {
        (b.texts("#config-error").is_empty()
            && b.js("return document.querySelectorAll('#sources tr.source').length")
                .as_u64()
                .unwrap_or(0)
                > 0)
        .then_some(())
    });
    drop(b);
    drop(nginx);
    let _ = std::fs::remove_dir_all(&dist);
}
