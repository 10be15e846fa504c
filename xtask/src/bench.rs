//! `cargo xtask bench`: the performance benchmark (sizes, load times, memory, requests).
//! Builds the release app into `target/bench-dist` (skip with `--no-build` to reuse it),
//! then runs `tests/bench/` (feature `bench`), which starts the simulator and nginx, drives
//! headless Chromium and writes the table to the git-ignored `bench-results.md`. Separate
//! from `cargo xtask test`.

use super::{cmd, root, run, setup, Result};

pub fn bench(args: &[String]) -> Result {
    setup(true)?;
    let dist = root().join("target/bench-dist");
    run(cmd("cargo").args(["build", "-p", "bifrost-sim"]))?;
    if !args.iter().any(|a| a == "--no-build") || !dist.join("index.html").exists() {
        run(cmd("trunk")
            .args(["build", "--release", "--offline", "--dist"])
            .arg(&dist))?;
    }
    // The fleet scenario serves the app under the fleet recipe's sub-path.
    let sub = root().join("target/bench-dist-subpath");
    if !args.iter().any(|a| a == "--no-build") || !sub.join("index.html").exists() {
        run(cmd("trunk")
            .args([
                "build",
                "--release",
                "--offline",
                "--public-url",
                "/ops/bifrost/",
                "--dist",
            ])
            .arg(&sub))?;
    }
    run(cmd("cargo")
        .args(["test", "--features", "bench", "--test", "bench"])
        .env("BENCH_DIST", &dist)
        .env("BENCH_DIST_SUBPATH", &sub)
        .env("BENCH_RESULTS", root().join("bench-results.md"))
        .env("E2E_SIM", root().join("target/debug/bifrost-sim")))
}
