//! The performance benchmark: the release app (BENCH_DIST) behind the repository's
//! nginx config, the simulator (E2E_SIM) behind it, driven in headless Chromium. Prints one
//! table (figure, budget, median, min, max, pass/fail) and writes it to BENCH_RESULTS.
//! Run with `cargo xtask bench`; it is not part of `cargo xtask test`.
//!
//! Every figure is measured, never assumed: sizes by compressing the built files, times with
//! the Performance API inside the page, memory through the DevTools protocol, request
//! overlap and per-tick duplicates from nginx's access log (`$msec`, `$request_time`).
//!
//! One module per scenario (`sizes`, `first_data`, `sync_list`, `causes`, `charts`, `memory`,
//! `fleet`, `fleet_memory`), the page
//! hooks and measuring helpers they share in `page`, the result table in `table`.

#[path = "../support/mod.rs"]
mod support;

mod causes;
mod charts;
mod first_data;
mod fleet;
mod fleet_memory;
mod memory;
mod page;
mod sizes;
mod sync_list;
mod table;

use std::path::Path;
use std::process::Command;
use support::env_path;
use table::{table, Row};

use causes::causes;
use charts::charts;
use first_data::first_data;
use fleet::fleet;
use fleet_memory::fleet_memory;
use memory::memory_and_requests;
use sizes::sizes;
use sync_list::sync_list;

fn main() {
    let dist = env_path("BENCH_DIST");
    let results = env_path("BENCH_RESULTS");
    let mut rows: Vec<Row> = Vec::new();
    let size_table = sizes(&dist, &mut rows);
    type Scenario = fn(&Path, &mut Vec<Row>);
    let scenarios: [(&str, Scenario); 7] = [
        ("first data", first_data),
        ("sync list", sync_list),
        ("causes", causes),
        ("charts", charts),
        ("memory and requests", memory_and_requests),
        ("fleet", fleet),
        ("fleet memory", fleet_memory),
    ];
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let names: Vec<&str> = scenarios.iter().map(|(n, _)| *n).collect();
    for (name, run) in scenarios {
        // a whole name picks that scenario only, else a start of names picks them all
        let picked = |o: &str| name == o || (!names.contains(&o) && name.starts_with(o));
        if !only.is_empty() && !only.split(',').any(|o| picked(o.trim())) {
            continue;
        }
        eprintln!("bench: {name}");
        let mut got = Vec::new();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&dist, &mut got)));
        rows.append(&mut got);
        if let Err(e) = outcome {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            rows.push(Row::failed(&format!("{name}: did not finish"), &why));
        }
    }
    let chromium = Command::new("/usr/bin/chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let out = format!(
        "{}\nSizes of the release build (`{}`):\n\n{size_table}\n{chromium}, headless, loopback; nginx with deploy/nginx/bifrost-dashboard.conf; bifrost-sim.\n",
        table(&rows),
        dist.display()
    );
    println!("\n{out}");
    std::fs::write(&results, &out).expect("write the results file");
    eprintln!("bench: table written to {}", results.display());
    if rows.iter().any(|r| !r.pass) {
        std::process::exit(1);
    }
}
