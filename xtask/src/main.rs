//! Project tasks: `cargo xtask dev` (dashboard + simulator), `cargo xtask test` (every test),
//! `cargo xtask setup` (install missing tools). Each installs what is missing and reuses
//! what is there, so the README's two commands work on a fresh machine.

mod bench;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132";
/// axe-core, injected by the accessibility scan in tests/e2e_ux.rs.
const AXE_VERSION: &str = "4.14.1";
const SIM_ADDR: &str = "127.0.0.1:21036";
const CHROMIUM_FLAGS: &str = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev(),
        Some("test") => test(),
        Some("setup") => setup(true),
        Some("e2e") => e2e(),
        Some("bench") => bench::bench(&args[1..]),
        _ => Err("usage: cargo xtask <dev|test|setup|e2e|bench>\n  dev    start the dashboard against the simulator (or BIFROST_URL)\n  test   run every test (native, browser, end-to-end)\n  setup  install the tools the two commands need\n  e2e    build the app and run only the end-to-end tests\n  bench  build the release app and run the performance benchmark (--no-build reuses it)".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// PATH with the project's npm tools (wasm-opt) and cargo's bin first.
fn tool_path() -> String {
    let mut parts = vec![root()
        .join(".tools/node_modules/.bin")
        .display()
        .to_string()];
    if let Some(home) = env::var_os("HOME") {
        parts.push(Path::new(&home).join(".cargo/bin").display().to_string());
    }
    parts.push(env::var("PATH").unwrap_or_default());
    parts.join(":")
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", tool_path());
    c
}

fn run(c: &mut Command) -> Result {
    eprintln!("+ {c:?}");
    let status = c.status().map_err(|e| format!("{c:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{c:?} failed: {status}"))
    }
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI and Trunk.toml must match it exactly.
fn lock_version(krate: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| e.to_string())?;
    let needle = format!("name = \"{krate}\"\nversion = \"");
    let at = lock
        .find(&needle)
        .ok_or(format!("{krate} not in Cargo.lock"))?;
    let rest = &lock[at + needle.len()..];
    Ok(rest[..rest.find('"').unwrap_or(0)].to_string())
}

/// Installs what is missing; `browsers` adds Chromium, ChromeDriver and nginx (tests only).
fn setup(browsers: bool) -> Result {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.contains("wasm32-unknown-unknown") {
        run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let trunk_ok = output("trunk", &["--version"]).is_some_and(|v| v.contains(TRUNK_VERSION));
    if !trunk_ok {
        eprintln!("xtask: installing trunk {TRUNK_VERSION} (15-25 minutes on 2 cores, once)");
        run(cmd("cargo").args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")]))?;
    }
    let wbg = lock_version("wasm-bindgen")?;
    let wbg_ok = output("wasm-bindgen", &["--version"]).is_some_and(|v| v.trim().ends_with(&wbg));
    if !wbg_ok {
        // Not --locked: a dependency pinned by its lock file is missing from the registry.
        run(cmd("cargo").args(["install", "--force", &format!("wasm-bindgen-cli@{wbg}")]))?;
    }
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml")).unwrap_or_default();
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{wbg}\"")) {
        return Err(format!(
            "Trunk.toml must pin wasm_bindgen = \"{wbg}\" (Cargo.lock)"
        ));
    }
    if !root().join(".tools/node_modules/.bin/wasm-opt").exists() {
        std::fs::create_dir_all(root().join(".tools")).map_err(|e| e.to_string())?;
        run(cmd("npm").current_dir(root().join(".tools")).args([
            "install",
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{BINARYEN_VERSION}"),
        ]))?;
    }
    if browsers
        && !root()
            .join(".tools/node_modules/axe-core/axe.min.js")
            .exists()
    {
        run(cmd("npm").current_dir(root().join(".tools")).args([
            "install",
            "--no-audit",
            "--no-fund",
            &format!("axe-core@{AXE_VERSION}"),
        ]))?;
    }
    if browsers {
        let missing: Vec<&str> = [
            ("chromium", "/usr/bin/chromium"),
            ("chromium-driver", "/usr/bin/chromedriver"),
            ("nginx", "/usr/sbin/nginx"),
            ("brotli", "/usr/bin/brotli"),
            // a CJK font, so screenshots of the Chinese UI show text, not boxes
            (
                "fonts-wqy-microhei",
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            ),
        ]
        .into_iter()
        .filter(|(_, bin)| !Path::new(bin).exists())
        .map(|(pkg, _)| pkg)
        .collect();
        if !missing.is_empty() {
            run(cmd("apt-get").arg("update"))?;
            run(cmd("apt-get")
                .args(["install", "-y", "--no-install-recommends"])
                .args(&missing)
                .env("DEBIAN_FRONTEND", "noninteractive"))?;
        }
    }
    Ok(())
}

/// Kills a child process when dropped, so no server outlives the task.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dev() -> Result {
    setup(false)?;
    let real = env::var("BIFROST_URL").ok().filter(|u| !u.is_empty());
    let mut trunk = cmd("trunk");
    trunk.args(["serve", "--offline"]);
    let _sim = match &real {
        Some(url) => {
            let user = env::var("BIFROST_USER").unwrap_or_else(|_| "BifrostMonitor".into());
            let password = env::var("BIFROST_PASSWORD").map_err(|_| {
                "BIFROST_URL is set: also set BIFROST_PASSWORD (and BIFROST_USER, default BifrostMonitor)"
            })?;
            let local = root().join("Trunk.local.toml");
            std::fs::write(&local, local_trunk_toml(url, &user, &password)?)
                .map_err(|e| e.to_string())?;
            trunk.arg("--config").arg(&local);
            eprintln!("xtask: proxying to {url} as {user} (Trunk.local.toml, git-ignored)");
            None
        }
        None => {
            run(cmd("cargo").args(["build", "--quiet", "-p", "bifrost-sim"]))?;
            let sim = cmd(&root()
                .join("target/debug/bifrost-sim")
                .display()
                .to_string())
            .args(["--listen", SIM_ADDR])
            .stdout(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("starting the simulator: {e}"))?;
            Some(Guard(sim))
        }
    };
    println!("\n  Bifrost Dashboard: open http://127.0.0.1:8080/ (first build takes a minute)\n");
    // Trunk logs proxied request headers at INFO: keep credentials out of the terminal.
    run(trunk.env("RUST_LOG", "warn"))
}

/// Trunk.toml with the proxies pointed at a real Bifrost and its credentials.
fn local_trunk_toml(url: &str, user: &str, password: &str) -> Result<String> {
    let base = std::fs::read_to_string(root().join("Trunk.toml")).map_err(|e| e.to_string())?;
    let auth = format!("Basic {}", base64(&format!("{user}:{password}")));
    let url = url.trim_end_matches('/');
    let head = base
        .split("[[proxy]]")
        .next()
        .unwrap_or_default()
        .to_string();
    let proxies: String = ["/db/list", "/table/synclist/list", "/synclist", "/flow/get"]
        .iter()
        .map(|p| {
            format!(
                "[[proxy]]\nbackend = \"{url}{p}\"\ninsecure = {}\nrequest_headers = {{ Authorization = \"{auth}\" }}\n\n",
                env::var("BIFROST_INSECURE").map(|v| v != "0").unwrap_or(true)
            )
        })
        .collect();
    Ok(head + &proxies)
}

fn base64(s: &str) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | (u32::from(c) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn test() -> Result {
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

fn e2e() -> Result {
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
    run(cmd("cargo")
        .args([
            "test",
            "--features",
            "e2e",
            "--test",
            "e2e",
            "--",
            "--test-threads=1",
        ])
        .env("E2E_DIST", root().join("target/e2e-dist"))
        .env("E2E_SIM", root().join("target/debug/bifrost-sim")))?;
    // The deployment recipes (issue 5): root and sub-path nginx, config.json, several
    // instances, CSP, caching, embedding. Each test has its own nginx and simulators.
    run(cmd("cargo")
        .args([
            "test",
            "--features",
            "e2e",
            "--test",
            "e2e_deploy",
            "--",
            "--test-threads=2",
        ])
        .env("E2E_DIST", root().join("target/e2e-dist"))
        .env("E2E_DIST_SUBPATH", root().join("target/e2e-dist-subpath"))
        .env("E2E_SIM", root().join("target/debug/bifrost-sim")))?;
    // The fault suite (issue 7): each test has its own simulator, nginx and browser, so a few
    // run side by side; the whole suite takes a few minutes.
    run(cmd("cargo")
        .args([
            "test",
            "--features",
            "e2e",
            "--test",
            "e2e_faults",
            "--",
            "--test-threads=4",
        ])
        .env("E2E_DIST", root().join("target/e2e-dist"))
        .env("E2E_SIM", root().join("target/debug/bifrost-sim")))?;
    // Issue 8: export, capture -> replay, the axe-core scan, screenshots, alert rules.
    run(cmd("cargo")
        .args([
            "test",
            "--features",
            "e2e",
            "--test",
            "e2e_ux",
            "--",
            "--test-threads=2",
        ])
        .env("E2E_DIST", root().join("target/e2e-dist"))
        .env("E2E_SIM", root().join("target/debug/bifrost-sim")))
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_known_values() {
        assert_eq!(
            base64("BifrostMonitor:Bifrost123"),
            "Qmlmcm9zdE1vbml0b3I6Qmlmcm9zdDEyMw=="
        );
        assert_eq!(base64("ab"), "YWI=");
        assert_eq!(base64("abc"), "YWJj");
        assert_eq!(base64(""), "");
    }
}
