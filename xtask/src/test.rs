//! `cargo xtask test` and `cargo xtask e2e`: the test layers (format and lints, native tests,
//! browser tests in headless Chromium) and the end-to-end suites against the built app.

use super::{cmd, root, run, setup, Result};

const CHROMIUM_FLAGS: &str = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run";

pub fn test() -> Result {
    setup(true)?;
    let wasm = ["--target", "wasm32-unknown-unknown"];
    run(cmd("cargo").args(["fmt", "--all", "--", "--check"]))?;
    run(cmd("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cmd("cargo")
        .args(["clippy", "--lib", "--bins", "--test", "browser"])
        .args(wasm)
        .args(["--", "-D", "warnings"]))?;
    // Layer 1: native tests of pure logic, and the simulator's own tests.
    run(cmd("cargo").args(["test", "--workspace"]))?;
    // Layer 2: component tests in headless Chromium.
    browser_tests()?;
    // Layer 3: the built app through nginx against the simulator.
    e2e()
}

fn browser_tests() -> Result {
    let config = root().join("target/webdriver.json");
    let args: Vec<String> = CHROMIUM_FLAGS.split(' ').map(String::from).collect();
    let json = format!(
        "{{\"goog:chromeOptions\":{{\"binary\":\"/usr/bin/chromium\",\"args\":[{}]}}}}",
        args.iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    std::fs::create_dir_all(root().join("target")).map_err(|e| e.to_string())?;
    std::fs::write(&config, json).map_err(|e| e.to_string())?;
    run(cmd("cargo")
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "browser",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &config)
        .current_dir(root().join("target")))
}

pub fn e2e() -> Result {
    setup(true)?;
    run(cmd("cargo").args(["build", "-p", "bifrost-sim"]))?;
    run(cmd("trunk").args(["build", "--offline", "--dist", "target/e2e-dist"]))?;
    // The same app for the sub-path recipe (deploy/nginx/bifrost-dashboard-subpath.conf).
    run(cmd("trunk").args([
        "build",
        "--offline",
        "--dist",
        "target/e2e-dist-subpath",
        "--public-url",
        "/ops/bifrost/",
    ]))?;
    // The release build as it is deployed, at the root and under the sub-path: its console
    // must be as quiet as the debug build's.
    let release = [
        ("target/e2e-dist-release", "/"),
        ("target/e2e-dist-release-subpath", "/ops/bifrost/"),
    ];
    for (dist, public_url) in release {
        run(cmd("trunk").args([
            "build",
            "--release",
            "--offline",
            "--dist",
            dist,
            "--public-url",
            public_url,
        ]))?;
    }
    // Each suite starts its own simulators, nginx and browsers; threads say how many tests of
    // a suite run side by side on two cores.
    let suites = [
        // the app through nginx: views, URL state, refresh, restarts, both API generations
        ("e2e", 1),
        // the deploy recipes: root and sub-path, config.json, instances, CSP, caching, embedding
        ("e2e_deploy", 2),
        // many servers listed once: the fleet recipe and its generated list, four simulators,
        // no password in the browser, the trouble-first table
        ("e2e_fleet", 1),
        // sign-in through a proxy without credentials, the shared answer cache
        ("e2e_signin", 3),
        // the fault suites: bad answers and dead upstreams; big, hostile and odd data; no
        // writes, no credential anywhere, bounded memory and one poller through cycling faults
        ("e2e_faults", 4),
        ("e2e_odd_data", 3),
        ("e2e_guarantees", 2),
        // the user-facing extras: export, capture -> replay, the axe-core scan, screenshots,
        // alert rules
        ("e2e_ux", 2),
        // health you can trust: stalls and growing backlogs found without a rule, unknown
        // never green, an emptied flow ring explained (the simulator's health modes)
        ("e2e_health", 2),
        // when something breaks: failures grouped by cause, the timeline across a reload
        ("e2e_trouble", 2),
        // alerts that do not cry wolf: pending period, once across three windows, acknowledged
        ("e2e_alerts", 1),
        // every page styled and quiet: the dev server as `cargo xtask dev` runs it, and the
        // release build behind the root and sub-path recipes
        ("e2e_console", 2),
        // no password leaves nginx: every recipe, endpoint and scope, plain, gzip and cached;
        // an access restriction; masked DSNs on screen
        ("e2e_secrets", 2),
        // the password masker itself: cut at every offset and at chosen buffer boundaries,
        // long tokens, every captured answer, the 13 MB list in bounded memory
        ("e2e_mask", 1),
    ];
    // Every suite runs even when one fails, so one run shows every failure.
    let failed: Vec<&str> = suites
        .into_iter()
        .filter(|(suite, threads)| {
            run(cmd("cargo")
                .args(["test", "--features", "e2e", "--test", suite, "--"])
                .arg(format!("--test-threads={threads}"))
                .env("E2E_DIST", root().join("target/e2e-dist"))
                .env("E2E_DIST_SUBPATH", root().join("target/e2e-dist-subpath"))
                .env("E2E_DIST_RELEASE", root().join("target/e2e-dist-release"))
                .env(
                    "E2E_DIST_RELEASE_SUBPATH",
                    root().join("target/e2e-dist-release-subpath"),
                )
                .env("E2E_SIM", root().join("target/debug/bifrost-sim")))
            .is_err()
        })
        .map(|(suite, _)| suite)
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("end-to-end suites failed: {}", failed.join(", ")))
    }
}
