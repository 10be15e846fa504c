//! The flow charts: redraw time per window with living data, and no redraw when the data is
//! unchanged.

use serde_json::Value;
use std::path::Path;
use std::time::Duration;

use crate::page::{api_count, browser, draws, PAGE_HOOKS};
use crate::support::webdriver::Browser;
use crate::support::{eventually, Nginx, Sim};
use crate::table::Row;

/// Clicks refresh-now and waits until the cycle's /db/list request is logged and it ended.
pub fn refresh_now(b: &Browser, nginx: &Nginx) {
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
pub fn charts(dist: &Path, rows: &mut Vec<Row>) {
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
