//! End-to-end tests of "when something breaks": failing outputs grouped by cause on the
//! overview, a cause's line filtering the sync list, and the timeline of what changed kept
//! across a reload. Run with `cargo xtask e2e` (needs E2E_DIST and E2E_SIM).

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::webdriver::Browser;
use support::{env_path, eventually, Nginx, Sim};

fn stack(sim_args: &[&str]) -> (Sim, Nginx) {
    let sim = Sim::start(sim_args);
    let nginx = Nginx::start(&env_path("E2E_DIST"), sim.port, false);
    (sim, nginx)
}

/// Where screenshots go for a person to look at (`screenshots/`, ignored by git).
fn shot(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("screenshots")
        .join(name)
}

/// Makes every output of `key` fail (or recover); returns how many outputs changed.
fn fail(sim: &Sim, key: &str, on: bool) -> u64 {
    let answer = sim.control(&format!("/_sim/fail?key={key}&on={}", u8::from(on)));
    let v: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
    v["changed"]
        .as_u64()
        .unwrap_or_else(|| panic!("/_sim/fail: {answer}"))
}

/// The text of the overview's cause line that names `category`.
fn cause_line(b: &Browser, category: &str) -> Option<String> {
    b.texts("#card-failing li.cause")
        .into_iter()
        .find(|t| t.contains(category))
}

#[test]
fn refused_nodes_and_duplicate_keys_read_as_two_causes() {
    // 2 running sources x 150 tables x 7 outputs: `ck1` (ClickHouse) and `mysqltarget` on
    // every table.
    let (sim, nginx) = stack(&["--plain-http", "--scale", "2,150,7"]);
    let refused = fail(&sim, "ck1", true);
    let duplicates = fail(&sim, "mysqltarget", true);
    assert!(refused > 100 && duplicates > 100, "{refused} {duplicates}");
    let b = Browser::start(1280, 900);
    b.goto(&nginx.url("/?refresh=5"));
    let line = eventually(60, "the refused cause on the overview", || {
        cause_line(&b, "connection refused")
    });
    assert!(line.contains(&format!("{refused} outputs")), "{line}");
    assert!(line.contains("ck1 (clickhouse)"), "{line}");
    let dup = cause_line(&b, "duplicate key").expect("the duplicate-key cause");
    assert!(dup.contains(&format!("{duplicates} outputs")), "{dup}");
    assert!(dup.contains("mysqltarget (mysql)"), "{dup}");
    // One line per cause, not one per output.
    let lines = b.texts("#card-failing li.cause").len();
    assert!(lines <= 6, "{lines} lines");
    b.screenshot(&shot("causes-en.png"));
    b.goto(&nginx.url("/?refresh=5&lang=zh"));
    eventually(60, "the causes in Chinese", || {
        b.texts("#card-failing li.cause")
            .into_iter()
            .find(|t| t.contains("连接被拒绝"))
    });
    b.screenshot(&shot("causes-zh.png"));
    b.goto(&nginx.url("/?refresh=5"));
    eventually(60, "the refused cause again", || {
        cause_line(&b, "connection refused")
    });
    // The cause's line filters the sync list to its outputs.
    let index = b
        .texts("#card-failing li.cause")
        .iter()
        .position(|t| t.contains("connection refused"))
        .expect("line");
    b.click(&format!(
        "#card-failing li.cause:nth-child({}) a",
        index + 1
    ));
    eventually(30, "the sync list filtered to the cause", || {
        let keys = b.texts("#sync tr.vrow td.c-key");
        (b.url().contains("cause=")
            && !keys.is_empty()
            && keys.iter().all(|k| k == "ck1")
            && b.text(".cause-filter").contains("connection refused"))
        .then_some(())
    });
    // The cause travels as an opaque id: no error text (hosts, values) in the address.
    assert!(
        !b.url().contains("refused") && !b.url().contains("10.0."),
        "{}",
        b.url()
    );
}

#[test]
fn failures_recoveries_and_restarts_stay_on_the_timeline_after_a_reload() {
    let (sim, nginx) = stack(&["--plain-http", "--speed", "20"]);
    let b = Browser::start(1280, 1400);
    let url = nginx.url("/?refresh=5");
    b.goto(&url);
    eventually(60, "the timeline started", || {
        (!b.texts("#card-timeline li.ev.opened").is_empty()).then_some(())
    });
    // Wait for a first complete sync list, the baseline.
    eventually(60, "a first sync list", || {
        (!b.texts("#card-failing li.cause").is_empty()).then_some(())
    });
    assert!(fail(&sim, "mysqltarget", true) > 0);
    eventually(60, "the failure on the timeline", || {
        b.texts("#card-timeline li.ev.failing")
            .into_iter()
            .find(|t| t.contains("mysqltarget"))
    });
    fail(&sim, "mysqltarget", false);
    eventually(60, "the recovery on the timeline", || {
        b.texts("#card-timeline li.ev.recovered")
            .into_iter()
            .find(|t| t.contains("mysqltarget"))
    });
    sim.control("/_sim/restart");
    eventually(90, "the restart on the timeline", || {
        (!b.texts("#card-timeline li.ev.restart").is_empty()).then_some(())
    });
    let strip =
        b.js("return document.querySelectorAll('#card-timeline svg.strip rect.band').length");
    assert!(strip.as_u64().unwrap_or(0) >= 1, "strip bands: {strip}");
    // A reload keeps what was seen and marks the new start.
    b.goto(&url);
    eventually(60, "the timeline back after a reload", || {
        let texts = b.texts("#card-timeline li.ev");
        let kept = ["failing", "recovered", "restart"]
            .iter()
            .all(|k| !b.texts(&format!("#card-timeline li.ev.{k}")).is_empty());
        (kept && b.texts("#card-timeline li.ev.opened").len() >= 2 && texts.len() >= 5)
            .then_some(())
    });
    b.js("document.getElementById('card-timeline').scrollIntoView(); return true");
    b.screenshot(&shot("timeline-en.png"));
    // The filter narrows the log to one kind.
    b.set_value("#tl-kind", "outputs");
    eventually(10, "only output events", || {
        let all = b.texts("#card-timeline li.ev").len();
        let outputs: usize = ["failing", "recovered", "stalled", "resumed"]
            .iter()
            .map(|k| b.texts(&format!("#card-timeline li.ev.{k}")).len())
            .sum();
        (all > 0 && all == outputs).then_some(())
    });
}
