//! End-to-end: every page as a user meets it, served the way each command serves it: the dev
//! server exactly as `cargo xtask dev` starts it (simulator + trunk serve and its proxy), and
//! the release build behind the nginx recipes (root and sub-path). On each page, in both
//! languages: the stylesheet is applied (a computed style, not the link's presence), no
//! Content-Security-Policy violation is reported, and the console holds no error or warning.
//! Screenshots of every page land in `screenshots/pages/`.
//!
//! Needs E2E_DIST_RELEASE, E2E_DIST_RELEASE_SUBPATH and E2E_SIM: run with `cargo xtask e2e`.
//! The dev-server test needs ports 8080 and 21036 free (those `cargo xtask dev` uses).

mod support;

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::deploy::*;
use support::webdriver::Browser;
use support::{get_with, wait_for_port};

const PAGES: [&str; 4] = ["overview", "sources", "sync", "flow"];

/// A URL language tag, the `<html lang>` it gives, and a word of that language on every page.
const LANGS: [(&str, &str, &str); 2] = [("en-US", "en", "Refresh"), ("zh-CN", "zh-CN", "刷新")];

/// What is wrong with one page: unstyled, wrong language, CSP violations, console noise.
fn problems(b: &Browser, url: &str, html_lang: &str, word: &str, shot: &str) -> Vec<String> {
    b.goto(url);
    let start = Instant::now();
    loop {
        let text = b.text("body");
        if text.len() > 80 && !text.contains("Loading") && !text.contains("加载") {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            return vec![format!("{url}: no data on screen after 60 s: {text}")];
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // late requests, charts and a refresh have their chance to complain too
    std::thread::sleep(Duration::from_millis(2500));
    b.screenshot(&repo().join("screenshots/pages").join(format!("{shot}.png")));
    let mut found = Vec::new();
    // Custom properties and the body margin come from style/main.css only.
    let style = b.js(
        "const r = getComputedStyle(document.documentElement); \
         return r.getPropertyValue('--accent').trim() + ' ' + getComputedStyle(document.body).marginTop",
    );
    if style != "#1d4ed8 0px" {
        found.push(format!(
            "{url}: the stylesheet is not applied (computed: {style})"
        ));
    }
    let lang = b.js("return document.documentElement.lang");
    if lang != html_lang {
        found.push(format!("{url}: <html lang> is {lang}, not {html_lang}"));
    }
    if !b.text("body").contains(word) {
        found.push(format!("{url}: the word {word:?} is not on the page"));
    }
    for v in csp_violations(b) {
        found.push(format!("{url}: CSP violation {v}"));
    }
    for (level, message) in b.console_entries() {
        if level == "SEVERE" || level == "WARNING" {
            found.push(format!("{url}: console {level}: {message}"));
        }
    }
    found
}

/// Opens every page in both languages; fails with every problem found, not only the first.
fn assert_every_page_quiet(label: &str, urls: &[(String, String)]) {
    let b = browser_watching_csp();
    let mut found = Vec::new();
    let mut opened = 0;
    for (lang, html_lang, word) in LANGS {
        for (name, base) in urls {
            let sep = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{sep}lang={lang}");
            let shot = format!("{label}-{name}-{html_lang}");
            found.extend(problems(&b, &url, html_lang, word, &shot));
            opened += 1;
        }
    }
    assert!(opened >= 8, "{label}: only {opened} pages opened");
    assert!(found.is_empty(), "{label}:\n{}", found.join("\n"));
}

fn pages(base: &str) -> Vec<(String, String)> {
    PAGES
        .iter()
        .map(|p| (p.to_string(), format!("{base}?page={p}")))
        .collect()
}

/// `cargo xtask dev` in its own process group, so the simulator and trunk (its children)
/// stop with it; its output goes to a log shown when something fails.
struct DevServer {
    child: Child,
    log: PathBuf,
}

const DEV_PORT: u16 = 8080;
const DEV_SIM_PORT: u16 = 21036;

impl DevServer {
    fn start() -> DevServer {
        for port in [DEV_PORT, DEV_SIM_PORT] {
            assert!(
                std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
                "port {port} is in use (is `cargo xtask dev` running?): this test starts it itself"
            );
        }
        let log = std::env::temp_dir().join(format!("bifrost-e2e-dev-{}.log", std::process::id()));
        let out = std::fs::File::create(&log).expect("dev log");
        let child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["xtask", "dev"])
            .current_dir(repo())
            .env_remove("BIFROST_URL")
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("log handle"))
            .stderr(out)
            .process_group(0)
            .spawn()
            .expect("cargo xtask dev");
        let mut dev = DevServer { child, log };
        // trunk opens its port once the first build is done (a minute or more when cold)
        let start = Instant::now();
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", DEV_PORT)).is_ok() {
                break;
            }
            if let Ok(Some(status)) = dev.child.try_wait() {
                panic!("cargo xtask dev exited ({status}):\n{}", dev.log_tail());
            }
            assert!(
                start.elapsed() < Duration::from_secs(900),
                "the dev server never opened port {DEV_PORT}:\n{}",
                dev.log_tail()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
        wait_for_port(DEV_SIM_PORT);
        dev
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

#[test]
fn the_dev_server_serves_every_page_styled_with_a_quiet_console() {
    let dev = DevServer::start();
    // trunk's CSP is the deploy recipes' (Trunk.toml), with a fresh nonce
    let (status, head, body) = get_with(DEV_PORT, "/", &[]);
    assert_eq!(status, 200, "{}", dev.log_tail());
    let csp = head
        .lines()
        .find_map(|l| l.strip_prefix("content-security-policy:"))
        .unwrap_or_else(|| panic!("trunk serve sends a CSP: {head}"));
    assert!(
        csp.contains("style-src 'self'") && csp.contains("'nonce-"),
        "{csp}"
    );
    assert!(!csp.contains("{{NONCE}}"), "{csp}");
    assert!(String::from_utf8_lossy(&body).contains("nonce="));
    let base = format!("http://127.0.0.1:{DEV_PORT}/");
    assert_every_page_quiet("dev", &pages(&base));
    drop(dev);
}

#[test]
fn the_release_build_behind_the_root_recipe_is_quiet_on_every_page() {
    // no config.json: the absent file must not show up in the console either
    let (_sim, web, dist) = root_stack_of("E2E_DIST_RELEASE", None);
    assert!(!dist.join("config.json").exists());
    assert_every_page_quiet("root", &pages(&web.url("/")));
    assert!(
        web.access_log()
            .lines()
            .any(|l| l.contains("GET /config.json") && l.contains("\" 204 ")),
        "config.json answered 204: {}",
        web.access_log()
    );
}

#[test]
fn the_release_build_under_a_sub_path_is_quiet_on_every_page() {
    let s = sub_stack_of("E2E_DIST_RELEASE_SUBPATH", false);
    write_config(&s.dist, &two_instances());
    let base = s.web.url("/ops/bifrost/");
    let mut urls = pages(&base);
    urls.push(("instances".into(), format!("{base}?page=instances")));
    urls.push((
        "overview-v1".into(),
        format!("{base}?page=overview&instance=prod-b"),
    ));
    assert_every_page_quiet("subpath", &urls);
}

/// "Auto" follows the system's colour scheme while the page is open, not only at start; a
/// fixed choice does not.
#[test]
fn the_auto_theme_follows_the_system_live() {
    let (_sim, web, _dist) = root_stack_of("E2E_DIST_RELEASE", None);
    let b = Browser::start(1280, 800);
    let scheme = |value: &str| {
        b.cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": value}]}),
        );
    };
    let theme = || b.js("return document.documentElement.dataset.theme || ''");
    scheme("light");
    b.goto(&web.url("/?page=overview"));
    support::eventually(30, "the light theme", || (theme() == "light").then_some(()));
    scheme("dark");
    support::eventually(10, "the dark theme, without a reload", || {
        (theme() == "dark").then_some(())
    });
    scheme("light");
    support::eventually(10, "back to light", || (theme() == "light").then_some(()));
    // a fixed choice stays whatever the system does
    b.js(
        "const s = document.getElementById('theme'); s.value = 'light'; \
          s.dispatchEvent(new Event('change', {bubbles: true})); return true",
    );
    scheme("dark");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(theme(), "light");
}
