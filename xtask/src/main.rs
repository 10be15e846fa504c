//! Project tasks: `cargo xtask dev` (dashboard + simulator), `cargo xtask test` (every test),
//! `cargo xtask setup` (install missing tools). Each installs what is missing and reuses
//! what is there, so the README's two commands work on a fresh machine.

mod bench;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};

use bifrost_encoding::base64;

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
            // Without BIFROST_PASSWORD the proxy adds no credentials, like
            // deploy/nginx/bifrost-dashboard-signin.conf: the dashboard's sign-in form asks.
            let password = env::var("BIFROST_PASSWORD").ok().filter(|p| !p.is_empty());
            let local = root().join("Trunk.local.toml");
            let creds = password.as_deref().map(|p| (user.as_str(), p));
            write_private(&local, &local_trunk_toml(url, creds)?)?;
            trunk.arg("--config").arg(&local);
            match creds {
                Some(_) => eprintln!(
                    "xtask: proxying to {url} as {user} (Trunk.local.toml, git-ignored)"
                ),
                None => eprintln!(
                    "xtask: proxying to {url} without credentials (no BIFROST_PASSWORD): sign in in the dashboard"
                ),
            }
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

/// What the dev proxy forwards to Bifrost: the same routes as the nginx configs' API location
/// (`^/(db/list|table/synclist/list|synclist|flow/get)$`, a test compares them).
const PROXY_ROUTES: [&str; 4] = ["/db/list", "/table/synclist/list", "/synclist", "/flow/get"];

/// Writes a file only its owner may read (it may hold a password).
fn write_private(path: &Path, text: &str) -> Result {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    o.mode(0o600);
    let mut f = o
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    // an existing file keeps its mode on open: tighten it
    #[cfg(unix)]
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(|e| e.to_string())?;
    f.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

/// Trunk.toml with the proxies pointed at a real Bifrost: the same four routes as the nginx
/// configs (deploy/nginx/), with the credentials added (`Some((user, password))`) or, with
/// `None`, the browser's own from the sign-in form passed through.
fn local_trunk_toml(url: &str, creds: Option<(&str, &str)>) -> Result<String> {
    let base = std::fs::read_to_string(root().join("Trunk.toml")).map_err(|e| e.to_string())?;
    let headers = match creds {
        Some((user, password)) => format!(
            "request_headers = {{ Authorization = \"Basic {}\" }}\n",
            base64(format!("{user}:{password}").as_bytes())
        ),
        None => String::new(),
    };
    let url = url.trim_end_matches('/');
    if url.contains(['"', '\\', '\n']) {
        return Err(format!("BIFROST_URL {url:?} is not a plain URL"));
    }
    let head = base
        .split("[[proxy]]")
        .next()
        .unwrap_or_default()
        .to_string();
    let proxies: String = PROXY_ROUTES
        .iter()
        .map(|p| {
            format!(
                "[[proxy]]\nbackend = \"{url}{p}\"\ninsecure = {}\n{headers}\n",
                env::var("BIFROST_INSECURE")
                    .map(|v| v != "0")
                    .unwrap_or(true)
            )
        })
        .collect();
    Ok(head + &proxies)
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
        // sign-in through a proxy without credentials, the shared answer cache
        ("e2e_signin", 3),
        // the fault suite: bad answers, dead upstreams, hostile strings
        ("e2e_faults", 4),
        // the user-facing extras: export, capture -> replay, the axe-core scan, screenshots,
        // alert rules
        ("e2e_ux", 2),
        // every page styled and quiet: the dev server as `cargo xtask dev` runs it, and the
        // release build behind the root and sub-path recipes
        ("e2e_console", 2),
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

#[cfg(test)]
mod tests {
    use super::{local_trunk_toml, root, PROXY_ROUTES};

    /// The routes of an nginx config's API location: `^/(a|b|c)$` (one prefix per instance).
    fn nginx_routes(conf: &str) -> Vec<Vec<String>> {
        conf.lines()
            .filter_map(|l| l.trim().strip_prefix("location ~ ^/"))
            .filter_map(|l| {
                let inner = l.split_once('(')?.1.split_once(')')?.0;
                Some(inner.split('|').map(|r| format!("/{r}")).collect())
            })
            .collect()
    }

    #[test]
    fn the_dev_proxy_has_the_nginx_routes() {
        let mut want: Vec<String> = PROXY_ROUTES.iter().map(|s| s.to_string()).collect();
        want.sort();
        for f in [
            "bifrost-dashboard.conf",
            "bifrost-dashboard-subpath.conf",
            "bifrost-dashboard-signin.conf",
        ] {
            let conf = std::fs::read_to_string(root().join("deploy/nginx").join(f)).unwrap();
            let locations = nginx_routes(&conf);
            assert!(!locations.is_empty(), "{f}: no API location");
            for mut routes in locations {
                routes.sort();
                assert_eq!(routes, want, "{f}");
            }
        }
        // Trunk.toml (the simulator) and Trunk.local.toml (a real Bifrost) alike.
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).unwrap();
        for r in PROXY_ROUTES {
            assert!(
                trunk.contains(&format!("backend = \"https://127.0.0.1:21036{r}\"")),
                "Trunk.toml lacks {r}"
            );
        }
    }

    /// The directives of a policy, the nonce written as `{{NONCE}}` (trunk's placeholder).
    fn directives(policy: &str, nonce: &str) -> Vec<String> {
        policy
            .split(';')
            .map(|d| d.trim().replace(nonce, "{{NONCE}}"))
            .filter(|d| !d.is_empty())
            .collect()
    }

    #[test]
    fn the_dev_server_sends_the_deploy_content_security_policy() {
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).unwrap();
        let list = trunk
            .split_once("csp = [")
            .and_then(|(_, rest)| rest.split_once(']'))
            .expect("Trunk.toml [serve] csp")
            .0;
        let dev: Vec<String> = list
            .lines()
            .map(|l| l.trim().trim_end_matches(',').trim_matches('"'))
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        assert!(
            dev.iter().any(|d| d.starts_with("style-src 'self'")),
            "{dev:?}"
        );
        for f in [
            "bifrost-dashboard.conf",
            "bifrost-dashboard-subpath.conf",
            "bifrost-dashboard-signin.conf",
        ] {
            let conf = std::fs::read_to_string(root().join("deploy/nginx").join(f)).unwrap();
            let policy = conf
                .split_once("add_header Content-Security-Policy \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .unwrap_or_else(|| panic!("{f}: no Content-Security-Policy"))
                .0;
            assert_eq!(directives(policy, "$request_id"), dev, "{f}");
        }
    }

    #[test]
    fn trunk_local_toml_adds_credentials_only_when_given() {
        let with = local_trunk_toml(
            "https://b.example:21036/",
            Some(("BifrostMonitor", "Bifrost123")),
        )
        .unwrap();
        let without = local_trunk_toml("https://b.example:21036", None).unwrap();
        for (text, auth) in [(&with, 4), (&without, 0)] {
            for r in PROXY_ROUTES {
                assert!(text.contains(&format!("backend = \"https://b.example:21036{r}\"")));
            }
            assert_eq!(text.matches("[[proxy]]").count(), 4);
            assert_eq!(
                text.matches("Authorization = \"Basic Qmlmcm9zdE1vbml0b3I6Qmlmcm9zdDEyMw==\"")
                    .count(),
                auth
            );
            assert!(!text.contains("127.0.0.1:21036"), "{text}");
            assert!(
                text.contains("create_nonce = true"),
                "Trunk.toml's head is kept"
            );
        }
        assert!(local_trunk_toml("https://x\"y", None).is_err());
    }
}
