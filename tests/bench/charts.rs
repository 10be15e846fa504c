//! The flow charts: redraw time per window with living data, and no redraw when the data is
//! unchanged.

use serde_json::Value;
use std::path::Path;
use std::time::Duration;

use crate::page::{api_count, browser, draws, wait_answers_stale, PAGE_HOOKS};
use crate::support::webdriver::Browser;
use crate::support::{eventually, Nginx, Sim};
use crate::table::Row;

/// Clicks refresh-now once nginx's cached answers are stale (so the cycle gets new ones from
/// the simulator) and waits until the cycle's /db/list request is logged and it ended.
pub fn refresh_now(b: &Browser, nginx: &Nginx) {
    // generous: a cycle over 10,000 outputs on a loaded 2-core machine
    eventually(30, "refresh-now enabled", || {
        (b.js("return !document.querySelector('#refresh-now').disabled") == Value::Bool(true))
            .then_some(())
    });
    wait_answers_stale(nginx);
    let before = api_count(nginx, "/db/list");
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

    // Frozen data with points: the simulated clock runs fast until the ten-minute ring has a
    // few minutes of history, then stops. (A clock that never ran has empty rings, and an
    // empty chart rightly draws nothing.)
    let sim = Sim::start(&["--plain-http", "--speed", "600"]);
    let sim_time = |answer: String| -> i64 {
        serde_json::from_str::<Value>(&answer)
            .ok()
            .and_then(|v| v["sim_time"].as_i64())
            .unwrap_or_else(|| panic!("the simulator's time: {answer}"))
    };
    let start = sim_time(sim.control("/_sim/time"));
    eventually(30, "five simulated minutes", || {
        (sim_time(sim.control("/_sim/time")) >= start + 300).then_some(())
    });
    sim.control("/_sim/speed?x=0");
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
