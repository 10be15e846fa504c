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
    let mut grouped = Vec::new();
    for _ in 0..5 {
        refresh_now(&b, &nginx);
        let (start, end) = eventually(20, "the causes grouped again", || {
            marks().filter(|&(s, e)| s <= e && Some((s, e)) != last)
        });
        last = Some((start, end));
        grouped.push(end - start);
    }
    rows.push(Row::at_most(
        &format!(
            "overview, {failing} failing outputs in a handful of causes: grouping per refresh"
        ),
        16.0,
        "ms",
        grouped,
    ));
}
