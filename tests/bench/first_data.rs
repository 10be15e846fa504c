//! First data on screen: cold loads of the data-sources page, and where the time goes.

use serde_json::json;
use std::path::Path;

use crate::page::{browser, mark, num, wait_mark, PAGE_HOOKS};
use crate::support::{Nginx, Sim};
use crate::table::Row;

/// First data on screen: cold loads (HTTP cache cleared) of the data-sources page.
pub fn first_data(dist: &Path, rows: &mut Vec<Row>) {
    let sim = Sim::start(&[]);
    let nginx = Nginx::start(dist, sim.port, true);
    let b = browser(&[PAGE_HOOKS]);
    let (mut dom, mut data, mut cold) = (Vec::new(), Vec::new(), true);
    // Where the time goes: (app start, config read, /db/list sent, its last byte)
    let mut steps: [Vec<f64>; 4] = Default::default();
    for _ in 0..10 {
        b.goto("about:blank");
        b.cdp("Network.clearBrowserCache", json!({}));
        b.goto(&nginx.url("/?page=sources&refresh=0"));
        let row = wait_mark(&b, "bench:first-source-row", 30);
        dom.push(row);
        if let Some(d) = mark(&b, "bifrost:first-data") {
            data.push(d);
        }
        let db_list = |what: &str| {
            num(&b.js(&format!(
                "const e = performance.getEntriesByType('resource').find(e => e.name.includes('/db/list')); return e ? e.{what} : null"
            )))
        };
        let at = [
            mark(&b, "bifrost:start"),
            mark(&b, "bifrost:config"),
            db_list("startTime"),
            db_list("responseEnd"),
        ];
        for (v, t) in steps.iter_mut().zip(at) {
            v.extend(t);
        }
        // Cold means the wasm came over the network, not from the cache.
        let wasm_bytes = b.js(
            "const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); return e ? e.transferSize : 0",
        );
        cold &= num(&wasm_bytes).unwrap_or(0.0) > 0.0;
    }
    let mut r = Row::at_most(
        "first data row in the DOM after navigation start (cold, sources page)",
        150.0,
        "ms",
        dom,
    );
    r.pass &= cold;
    if !cold {
        r.figure.push_str(" (a load hit the cache)");
    }
    rows.push(r);
    let [started, configured, sent, answered] = steps;
    for (figure, v) in [
        (
            "  of which: the wasm downloaded, compiled and started (app mark bifrost:start)",
            started,
        ),
        ("  config.json read (app mark bifrost:config)", configured),
        ("  /db/list request sent (Resource Timing)", sent),
        ("  /db/list answer's last byte", answered),
    ] {
        rows.push(Row::info(figure, "ms", v));
    }
    rows.push(Row::info(
        "  /db/list answer parsed (app mark bifrost:first-data)",
        "ms",
        data,
    ));
}
