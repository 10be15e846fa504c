//! End-to-end: the built app (E2E_DIST) served by the repository's nginx config, proxying to
//! the simulator (E2E_SIM), driven in headless Chromium. Run with `cargo xtask e2e`.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use support::webdriver::Browser;
use support::{env_path, eventually, http_get, Nginx, Sim};

struct Stack {
    sim: Sim,
    nginx: Nginx,
}

fn stack(sim_args: &[&str]) -> Stack {
    let https = !sim_args.contains(&"--plain-http");
    let sim = Sim::start(sim_args);
    let nginx = Nginx::start(&env_path("E2E_DIST"), sim.port, https);
    Stack { sim, nginx }
}

/// The data sources as the proxy answers them (v1 and v2 share /db/list).
fn source_names(nginx: &Nginx) -> Vec<String> {
    let (status, body) = http_get(nginx.port, "/db/list?format=json");
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("db list json");
    let mut names: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    names.sort();
    names
}

fn rows_shown(b: &Browser, css: &str) -> usize {
    b.js(&format!("return document.querySelectorAll('{css}').length"))
        .as_u64()
        .unwrap_or(0) as usize
}

fn shows_sources(stack: &Stack) {
    let names = source_names(&stack.nginx);
    assert!(
        names.len() >= 3,
        "the simulator should have several sources: {names:?}"
    );
    let b = Browser::start(1280, 800);
    b.goto(&stack.nginx.url("/?page=sources"));
    eventually(30, "the data-source table", || {
        (rows_shown(&b, "#sources tr.source") == names.len()).then_some(())
    });
    let mut shown: Vec<String> = b
        .js("return Array.from(document.querySelectorAll('#sources tr.source')).map(r => r.dataset.name)")
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    shown.sort();
    assert_eq!(shown, names);
    // DSN passwords never reach the DOM.
    let html = b
        .js("return document.documentElement.outerHTML")
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (_, body) = http_get(stack.nginx.port, "/db/list?format=json");
    let v: Value = serde_json::from_str(&body).expect("json");
    for db in v.as_object().expect("object").values() {
        let uri = db["ConnectUri"].as_str().unwrap_or_default();
        if let Some((cred, _)) = uri.split_once('@') {
            if let Some((_, password)) = cred.split_once(':') {
                if password.len() >= 3 {
                    assert!(!html.contains(password), "password of {uri} is in the DOM");
                }
            }
        }
    }
}

#[test]
fn v2_sources_render_through_nginx() {
    shows_sources(&stack(&[]));
}

#[test]
fn v1_server_renders_the_same_sources() {
    shows_sources(&stack(&["--api", "v1"]));
}

#[test]
fn sync_filter_changes_url_and_rows_and_deep_link_restores() {
    let s = stack(&[]);
    let b = Browser::start(1280, 800);
    b.goto(&s.nginx.url("/?page=sync"));
    let all = eventually(30, "sync rows", || {
        let n = rows_shown(&b, "#sync tr.vrow");
        (n > 0).then_some(n)
    });
    b.set_value("#f-status", "error");
    eventually(10, "status=error in the URL", || {
        b.url().contains("status=error").then_some(())
    });
    let failing = eventually(20, "only failing rows", || {
        let badges = b.texts("#sync tr.vrow td.c-status");
        (!badges.is_empty() && badges.iter().all(|t| t.to_lowercase().contains("failing")))
            .then_some(badges.len())
    });
    assert!(
        failing < all,
        "the filter should narrow {all} rows, got {failing}"
    );
    // A deep link restores the same view.
    let link = b.url();
    let b2 = Browser::start(1280, 800);
    b2.goto(&link);
    eventually(30, "the restored filter", || {
        let badges = b2.texts("#sync tr.vrow td.c-status");
        let value = b2.js("return document.querySelector('#f-status').value");
        (value == "error" && badges.len() == failing).then_some(())
    });
    // The back button returns to the unfiltered list.
    b.back();
    eventually(20, "back to all rows", || {
        (!b.url().contains("status=")).then_some(())
    });
}

#[test]
fn a_failing_output_is_one_click_from_the_overview() {
    let s = stack(&[]);
    let b = Browser::start(1280, 800);
    b.goto(&s.nginx.url("/"));
    eventually(30, "a failing output on the overview", || {
        (rows_shown(&b, "#card-failing li a") > 0).then_some(())
    });
    let first_error = b
        .texts("#card-failing li .err-line")
        .first()
        .cloned()
        .unwrap_or_default();
    assert!(!first_error.is_empty(), "the first error line is shown");
    b.click("#card-failing li a");
    eventually(30, "the failing output in the sync list", || {
        let url = b.url();
        let rows = b.texts("#sync tr.vrow td.c-error");
        // one output: its row; several with one cause: the list filtered to that cause
        (url.contains("page=sync")
            && (url.contains("key=") || url.contains("cause="))
            && rows.iter().any(|r| !r.is_empty()))
        .then_some(())
    });
}

#[test]
fn refresh_picker_changes_the_polling_rate() {
    let s = stack(&[]);
    let b = Browser::start(1280, 800);
    b.goto(&s.nginx.url("/?page=sources&refresh=0"));
    eventually(30, "first data", || {
        (rows_shown(&b, "#sources tr.source") > 0).then_some(())
    });
    let count = || s.nginx.access_log().matches("GET /db/list").count();
    let before = count();
    std::thread::sleep(std::time::Duration::from_secs(6));
    assert_eq!(count(), before, "refresh off: no polling");
    b.set_value("#refresh", "10");
    eventually(10, "refresh=10 in the URL", || {
        b.url().contains("refresh=10").then_some(())
    });
    let after_switch = count();
    std::thread::sleep(std::time::Duration::from_secs(21));
    let polled = count() - after_switch;
    assert!(
        (1..=3).contains(&polled),
        "10 s polling over 21 s made {polled} requests"
    );
    // Read-only: every request through the proxy was a GET to the API or the static files.
    for line in s.nginx.access_log().lines() {
        assert!(line.contains("\"GET /"), "non-GET request: {line}");
    }
}

#[test]
fn a_restart_shows_a_marker_and_no_negative_rate() {
    let s = stack(&["--plain-http", "--speed", "5"]);
    let (_, body) = http_get(s.nginx.port, "/db/list?format=json");
    let v: Value = serde_json::from_str(&body).expect("json");
    let db = v
        .as_object()
        .expect("object")
        .iter()
        .find(|(_, d)| d["ConnStatus"] == "running")
        .map(|(k, _)| k.clone())
        .expect("a running source");
    let b = Browser::start(1280, 800);
    let url = s
        .nginx
        .url(&format!("/?page=flow&db={db}&window=tenminute&refresh=5"));
    b.goto(&url);
    eventually(60, "flow points", || {
        (rows_shown(&b, "#flow-table tbody tr") > 3).then_some(())
    });
    // the numbers table is folded away: open it as a user would
    b.click("details.flow-table summary");
    s.sim.control("/_sim/restart");
    eventually(90, "a restart marker", || {
        b.text("#flow-table tbody")
            .contains("restart")
            .then_some(())
    });
    // the chart's text summary counts it too
    assert!(
        b.text(".sr-summary").contains("restart"),
        "{}",
        b.text(".sr-summary")
    );
    let cells = b.texts("#flow-table tbody td.num");
    assert!(
        cells.iter().all(|c| !c.trim_start().starts_with('-')),
        "negative rate: {cells:?}"
    );
}

#[test]
fn screenshots_of_each_view() {
    let s = stack(&["--speed", "20"]);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    for (w, h) in [(1280, 800), (390, 844)] {
        let b = Browser::start(w, h);
        for page in ["overview", "sources", "sync", "flow"] {
            b.goto(&s.nginx.url(&format!("/?page={page}")));
            eventually(30, "data on screen", || {
                (b.text("main").len() > 40 && !b.text("main").contains("Loading")).then_some(())
            });
            std::thread::sleep(std::time::Duration::from_millis(1500));
            b.screenshot(&dir.join(format!("{page}-{w}x{h}.png")));
        }
    }
}

#[test]
fn every_view_in_both_languages_has_no_missing_translation() {
    let s = stack(&[]);
    let b = Browser::start(1280, 800);
    for lang in ["en", "zh"] {
        for page in ["overview", "sources", "sync", "flow"] {
            b.goto(&s.nginx.url(&format!("/?page={page}&lang={lang}")));
            eventually(30, "data on screen", || {
                let text = b.text("body");
                (text.len() > 80 && !text.contains("Loading") && !text.contains("加载"))
                    .then_some(())
            });
            let text = b.text("body");
            assert!(
                !text.contains("{}"),
                "{page} in {lang} shows an unfilled placeholder"
            );
            let html_lang = b.js("return document.documentElement.lang");
            let expect = if lang == "zh" { "zh-CN" } else { "en" };
            assert_eq!(html_lang, expect, "{page} {lang}");
            // one word of the page's own vocabulary proves the language really changed
            let word = if lang == "zh" { "刷新" } else { "Refresh" };
            assert!(text.contains(word), "{page} in {lang}: {text}");
        }
    }
}

/// What the sync page shows of its rendered rows: (source / table, output, state, whether the
/// last queued position is known, whether an error is shown).
fn visible_rows(b: &Browser) -> Vec<Value> {
    let script = "return Array.from(document.querySelectorAll('#sync tr.vrow')).map(r => {\
        const c = s => (r.querySelector(s) || {}).textContent || '';\
        return [c('.c-source'), c('.c-key'), c('.c-status'), c('.c-queued') !== '—', c('.c-error') !== ''];\
    })";
    b.js(script).as_array().cloned().unwrap_or_default()
}

/// The same world behind a v1 and a v2 simulator: every page shows the same sources,
/// outputs, positions and errors; v1's JSON-string `ErrorWaitData` reads as v2's object; a
/// table without outputs is named; and the default channel's flow is asked for by its name.
#[test]
fn v1_pages_show_what_v2_shows_and_ask_a_channel_by_name() {
    let world = ["--scale", "4,8,6", "--seed", "7"];
    let v2 = stack(&world);
    let v1 = stack(&[&world[..], &["--api", "v1"]].concat());
    let b = Browser::start(1280, 900);
    // Sources: the same names, states and connection errors (v1's ConnErr "running" is none).
    let sources = |s: &Stack| {
        let n = source_names(&s.nginx).len();
        b.goto(&s.nginx.url("/?page=sources"));
        eventually(30, "the sources", || {
            (rows_shown(&b, "#sources tr.source") == n).then_some(())
        });
        b.texts("#sources tr.source td:first-of-type")
    };
    assert_eq!(sources(&v1), sources(&v2));
    // Sync list, sorted by source: the same rows, states, positions and errors, first rows.
    let rows = |s: &Stack, query: &str| {
        b.goto(&s.nginx.url(&format!("/?page=sync{query}")));
        eventually(30, "sync rows", || {
            let r = visible_rows(&b);
            (r.len() > 10).then_some(r)
        })
    };
    // (the table whose outputs v1 removed has rows on v2 only)
    let kept = |r: Vec<Value>| -> Vec<Value> {
        r.into_iter()
            .filter(|r| {
                !r[0]
                    .as_str()
                    .unwrap_or_default()
                    .contains("testdb.shipments")
            })
            .collect()
    };
    for query in ["", "&status=error"] {
        let (a, c) = (kept(rows(&v1, query)), kept(rows(&v2, query)));
        let n = a.len().min(c.len());
        assert_eq!(a[..n], c[..n], "sync rows{query}");
    }
    // The table whose outputs were removed: no row, but named.
    b.goto(&v1.nginx.url("/?page=sync&db=mysqllocal"));
    let named = eventually(30, "the table without outputs", || {
        let t = b.text("#sync-no-outputs");
        (!t.is_empty()).then_some(t)
    });
    assert!(named.contains("mysqllocal / testdb.shipments"), "{named}");
    // ErrorWaitData (a JSON string on v1) shown as the event it encodes, with the queue.
    let (_, body) = http_get(v1.nginx.port, "/synclist?format=json&sync_status=error");
    let list: Value = serde_json::from_str(&body).expect("v1 sync list");
    let (db, table, key, queue) = list
        .as_array()
        .expect("v1 answers an array")
        .iter()
        .find_map(|t| {
            let o = t["ToServerList"]
                .as_array()?
                .iter()
                .find(|o| o["ErrorWaitData"].is_string())?;
            let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
            Some((
                s(&t["DbName"]),
                s(&t["TableName"]),
                s(&o["ToServerKey"]),
                o["QueueMsgCount"].as_u64().unwrap_or(0),
            ))
        })
        .expect("a failing output with ErrorWaitData");
    b.goto(
        &v1.nginx
            .url(&format!("/?page=sync&db={db}&table={table}&key={key}")),
    );
    eventually(30, "the failing output", || {
        (rows_shown(&b, "#sync tr.vrow") == 1).then_some(())
    });
    b.click("#sync tr.vrow");
    let details = eventually(10, "the details panel", || {
        let t = b.text("aside.details");
        t.contains("EventType").then_some(t)
    });
    assert!(details.contains("\"EventType\": \"insert\""), "{details}");
    assert!(!details.contains("\\\""), "escaped JSON shown: {details}");
    let shown_queue: u64 = b
        .text("#sync tr.vrow td.c-queue")
        .trim()
        .parse()
        .unwrap_or(0);
    assert!(
        shown_queue >= queue,
        "queue {shown_queue}, Bifrost said {queue}"
    );
    // The default channel's flow, asked for by NAME on v1 and on v2.
    for (s, param) in [(&v1, "channelid=default"), (&v2, "ChannelId=default")] {
        b.goto(
            &s.nginx
                .url("/?page=flow&db=mysqllocal&channel=1&window=tenminute"),
        );
        eventually(30, "the channel's flow asked by name", || {
            s.nginx.access_log().contains(param).then_some(())
        });
        assert!(rows_shown(&b, "#flow-channel-unnamed") == 0);
    }
    assert!(!v1.nginx.access_log().contains("channelid=1&"));
    // Channel 2 has no name on v1: the page says its flow cannot be shown.
    b.goto(&v1.nginx.url("/?page=flow&db=mysqllocal&channel=2"));
    let notice = eventually(30, "the notice", || {
        let t = b.text("#flow-channel-unnamed");
        (!t.is_empty()).then_some(t)
    });
    assert!(notice.contains("channel 2"), "{notice}");
    assert!(b.text("#flow-channels-v1").contains('1'));
    let log = v1.nginx.access_log();
    assert!(!log.contains("channelid=2") && !log.contains("channelid=fast"));
}
