//! Errors grouped by cause at scale: 10,000 failing outputs with a handful of causes, grouped
//! again on every refresh of the overview.

use std::path::Path;

use crate::charts::refresh_now;
use crate::page::{browser, mark, PAGE_HOOKS};
use crate::support::{eventually, Nginx, Sim};
use crate::table::Row;

/// Grouping time per refresh (app marks around it) with about 10,000 failing outputs.
pub fn causes(dist: &Path, rows: &mut Vec<Row>) {
    // 10 sources x 250 tables x 4 outputs; three keys made to fail besides `httpfail`.
    // Fast-forwarded, so every refresh brings other queues and positions (a new answer).
    let sim = Sim::start(&["--plain-http", "--scale", "10,250,4", "--speed", "600"]);
    for key in ["bh1", "tc1", "mysqltarget"] {
        sim.control(&format!("/_sim/fail?key={key}&on=1"));
    }
    let nginx = Nginx::start(dist, sim.port, false);
    let b = browser(&[PAGE_HOOKS]);
    b.goto(&nginx.url("/?page=overview&refresh=0"));
    eventually(60, "the causes on the overview", || {
        (b.texts("#card-failing li.cause").len() >= 4).then_some(())
    });
    let failing = b.text("#card-failing h2 .big");
    // Every refresh brings another answer (the clock runs 600 times fast), so the causes are
    // grouped again: each figure is taken from a newer pair of marks than the one before, or
    // the same grouping would be counted twice.
    let marks = || {
        Some((
            mark(&b, "bifrost:causes-start")?,
            mark(&b, "bifrost:causes-grouped")?,
        ))
    };
    let mut last = marks();
    let mut regroup = || {
        refresh_now(&b, &nginx);
        let (start, end) = eventually(20, "the causes grouped again", || {
            marks().filter(|&(s, e)| s <= e && Some((s, e)) != last)
        });
        last = Some((start, end));
        end - start
    };
    let grouped: Vec<f64> = (0..5).map(|_| regroup()).collect();
    eprintln!("bench: grouping per refresh (ms): {grouped:.1?}");
    rows.push(Row::at_most(
        &format!(
            "overview, {failing} failing outputs in a handful of causes: grouping per refresh"
        ),
        16.0,
        "ms",
        grouped,
    ));
    // A server going down: all outputs of one key start failing between two refreshes, with
    // errors never seen before (what the grouping remembers does not help them).
    let (mut fresh, mut changed) = (Vec::new(), 0);
    for _ in 0..3 {
        sim.control("/_sim/fail?key=mysqltarget&on=0");
        regroup();
        let answer = sim.control("/_sim/fail?key=mysqltarget&on=1");
        changed = serde_json::from_str::<serde_json::Value>(&answer)
            .ok()
            .and_then(|v| v["changed"].as_u64())
            .unwrap_or_else(|| panic!("/_sim/fail: {answer}"));
        fresh.push(regroup());
    }
    eprintln!("bench: grouping with new errors (ms): {fresh:.1?}");
    rows.push(Row::info(
        &format!("  the refresh when {changed} more outputs start failing at once (new errors)"),
        "ms",
        fresh,
    ));
}
