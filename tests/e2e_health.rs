//! Health you can trust, end to end: never green when unknown, stalls and growing backlogs
//! found without any rule, the backlog as time, and an emptied flow ring that explains itself.
//!
//! The trunk-built app (E2E_DIST) behind the repository's nginx config, the simulator
//! (E2E_SIM, plain HTTP for its `/_sim/health` and `/_sim/restart` knobs) with its MariaDB-like
//! mode, a stalled output and a stalled source, headless Chromium in front. With E2E_SHOTS
//! set to a folder, the overview and the sync list are saved there as PNGs (both languages,
//! both themes, wide and narrow). Run with `cargo xtask e2e` (or `cargo test --features e2e
//! --test e2e_health` with E2E_DIST and E2E_SIM set).

mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::eventually;
use support::faults::Stack;
use support::webdriver::Browser;

fn shot(b: &Browser, name: &str) {
    if let Ok(dir) = std::env::var("E2E_SHOTS") {
        // let the last refresh settle (and the chart draw) before the picture
        std::thread::sleep(Duration::from_millis(500));
        b.screenshot(&std::path::Path::new(&dir).join(name));
    }
}

fn count(b: &Browser, css: &str) -> u64 {
    b.js(&format!(
        "return document.querySelectorAll({}).length",
        serde_json::Value::String(css.into())
    ))
    .as_u64()
    .unwrap_or(0)
}

/// Sets the viewport's size (the same browser, so the app and its trends stay).
fn viewport(b: &Browser, width: u32, height: u32) {
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
    );
}

#[test]
fn mariadb_like_with_a_failing_output_shows_it_falling_behind_with_its_trend_and_an_estimate() {
    let s = Stack::start(&["--speed", "5", "--mariadb"]);
    let b = &s.b;
    viewport(b, 1280, 1100);
    s.open("page=overview&refresh=5");
    let card = eventually(120, "the failing output falling behind", || {
        let t = b.text("#card-health");
        (t.contains("Falling behind") && t.contains("httpfail") && t.contains("of data (estimate)"))
            .then_some(t)
    });
    assert!(card.contains("since "), "{card}");
    assert!(card.contains("rows/min"), "{card}");
    assert!(count(b, "#card-health svg.queue-spark polyline") > 0);
    // No card says "None." about something unknown: every lag is unknown here.
    let lag = b.text("#card-lag");
    assert!(!lag.contains("None."), "{lag}");
    assert!(lag.contains("Lag unknown"), "{lag}");
    assert_eq!(count(b, "#card-lag .ok-line"), 0);
    let why = b.js("return document.querySelector('#card-lag .unknown-line').title");
    assert!(
        why.as_str().unwrap_or("").contains("no success position"),
        "{why}"
    );
    shot(b, "overview-en-light-wide.png");

    // The sync list: the same state with "since", unknown lags neutral with their reason.
    b.click("#card-health li.health-item a");
    eventually(60, "the row falling behind in the sync list", || {
        let t = b.text("#sync td.c-lag");
        (t.contains("Falling behind") && t.contains("since")).then_some(())
    });
    let title =
        b.js("const c = document.querySelector('#sync td.c-lag.unknown'); return c ? c.title : ''");
    assert!(
        title.as_str().unwrap_or("").contains("no success position"),
        "{title}"
    );
    eventually(30, "a sparkline in the queue cell", || {
        (count(b, "#sync td.c-queue svg.queue-spark") > 0).then_some(())
    });
    // the details panel: trend, estimate, and why the lag is unknown
    b.click("#sync tr.vrow");
    let details = eventually(30, "the details panel", || {
        let t = b.text("aside.details");
        t.contains("Backlog trend").then_some(t)
    });
    assert!(details.contains("Falling behind"), "{details}");
    assert!(details.contains("no success position"), "{details}");
    shot(b, "sync-en-light-wide.png");

    // Chinese, dark, narrow: the same, and nothing green about the unknown.
    b.js("localStorage.setItem('bifrost-dashboard-theme', 'dark'); return true");
    b.set_value("#theme", "dark");
    b.click("#lang");
    viewport(b, 420, 1000);
    eventually(30, "the sync list in Chinese", || {
        b.text("#sync td.c-lag").contains("落后").then_some(())
    });
    if count(b, "aside.details") == 0 {
        b.click("#sync tr.vrow");
    }
    eventually(30, "the details panel in Chinese", || {
        b.text("aside.details").contains("积压趋势").then_some(())
    });
    shot(b, "sync-zh-dark-narrow.png");
    let to_overview = b.js(
        "const a = Array.from(document.querySelectorAll('header nav a')).find(a => a.textContent.includes('概览'));\
         if (!a) return false; a.click(); return true",
    );
    assert_eq!(to_overview, json!(true));
    eventually(30, "the overview in Chinese", || {
        b.text("#card-health").contains("落后").then_some(())
    });
    assert!(!b.text("#card-lag").contains("无。"));
    // below the sticky header
    b.js("window.scrollTo(0, document.querySelector('#card-health').offsetTop - 170); return true");
    shot(b, "overview-zh-dark-narrow.png");
    s.no_panic();
}

#[test]
fn a_stalled_output_is_flagged_within_a_few_polls_without_any_rule() {
    // one running source, two tables: the overview lists every flagged output
    let s = Stack::start(&["--speed", "5", "--scale", "1,2,4"]);
    let b = &s.b;
    s.open("page=overview&refresh=5");
    // first data, and no stall before there is one
    eventually(60, "the health card judging", || {
        let t = b.text("#card-health");
        (t.contains("Watching") || t.contains("No output is stalled")).then_some(())
    });
    assert!(!b.text("#card-health").contains("mysqltarget"));
    let started = Instant::now();
    let answer = s.sim().control("/_sim/health?stall_output=mysqltarget");
    assert!(answer.contains("mysqltarget"), "{answer}");
    let card = eventually(90, "the stalled output flagged", || {
        // the item's own badge (the card's title says "Stalled" too)
        b.texts("#card-health li.health-item")
            .into_iter()
            .find(|t| t.contains("mysqltarget") && t.contains("Stalled"))
    });
    let took = started.elapsed();
    // its queue fills (falling behind), then three refreshes without movement (5 s each,
    // nginx caches answers 4 s), and some slack
    assert!(took < Duration::from_secs(60), "flagged after {took:?}");
    eprintln!("a stalled output flagged {took:?} after the stall began");
    assert!(card.contains("since "), "{card}");
    shot(b, "overview-stalled-output.png");
    // found without any rule: nothing fires until a rule asks for it
    assert_eq!(count(b, "#alerts-firing"), 0);
    // no pending period: the rule fires on the second poll that sees the stall
    b.set_value("#rule-pending", "0");
    b.click("#rule-stalled");
    let firing = eventually(60, "the stalled rule firing", || {
        let t = b.text("#alerts-firing");
        t.contains("Output stalled").then_some(t)
    });
    assert!(firing.contains("mysqltarget"), "{firing}");
    // the stall ends: the state clears by itself
    s.sim().control("/_sim/health?stall_output=");
    eventually(90, "the stall cleared", || {
        (!b.text("#card-health").contains("mysqltarget")).then_some(())
    });
    s.no_panic();
}

#[test]
fn a_source_whose_position_stops_while_rows_arrive_is_flagged() {
    let s = Stack::start(&["--speed", "5", "--stall-source", "mysqllocal"]);
    let b = &s.b;
    s.open("page=overview&refresh=5");
    let card = eventually(90, "the stalled source flagged", || {
        let t = b.text("#card-sources");
        (t.contains("Stalled") && t.contains("since")).then_some(t)
    });
    let line = card
        .lines()
        .skip_while(|l| !l.contains("mysqllocal"))
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(line.contains("Stalled"), "{card}");
    shot(b, "overview-stalled-source.png");
    s.no_panic();
}

#[test]
fn an_emptied_flow_ring_says_bifrost_restarted_and_when() {
    let s = Stack::start(&["--speed", "5"]);
    let b = &s.b;
    s.open("page=overview&refresh=5");
    eventually(90, "the chart drawn", || {
        (count(b, "#card-flow canvas") == 1 && count(b, "#card-flow .chart-empty") == 0)
            .then_some(())
    });
    // a restart after which Bifrost reads nothing for 10 simulated minutes
    s.sim().control("/_sim/restart?quiet=600");
    let text = eventually(60, "the chart explaining the restart", || {
        let t = b.text("#card-flow .chart-empty");
        t.contains("restarted at").then_some(t)
    });
    assert!(text.contains(':'), "{text}");
    assert!(!b.text("#card-flow").contains("00:00:00"));
    shot(b, "overview-restarted.png");
    s.no_panic();
}
