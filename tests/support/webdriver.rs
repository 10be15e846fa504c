//! Just enough WebDriver (W3C) to drive headless Chromium through chromedriver.

use super::{free_port, http, wait_for_port, Proc};
use bifrost_dashboard::wire::encoding::base64_decode;
use serde_json::{json, Value};
use std::process::{Command, Stdio};

const FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
];

pub struct Browser {
    port: u16,
    session: String,
    _profile: std::path::PathBuf,
    _driver: Proc,
}

impl Browser {
    pub fn start(width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Proc(driver);
        wait_for_port(port);
        let profile = std::env::temp_dir().join(format!("bifrost-e2e-chrome-{port}"));
        let mut args: Vec<String> = FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push(format!("--window-size={width},{height}"));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
            "goog:loggingPrefs": {"browser": "ALL"}
        }}});
        let (_, body) = http(port, "POST", "/session", Some(&caps.to_string()));
        let v: Value = serde_json::from_str(&body).expect("session json");
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {body}"))
            .to_string();
        Browser {
            port,
            session,
            _profile: profile,
            _driver: driver,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let b = body.to_string();
        let (_, text) = http(
            self.port,
            method,
            &path,
            (method == "POST").then_some(b.as_str()),
        );
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        v["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    /// Opens another top-level window of the same browser (same profile, same storage)
    /// and returns its handle; the current window stays the one commands go to.
    pub fn new_window(&self) -> String {
        self.cmd("POST", "/window/new", json!({ "type": "window" }))["handle"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The handle of the window commands go to.
    pub fn window(&self) -> String {
        self.cmd("GET", "/window", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Sends the next commands to the window `handle`.
    pub fn switch_to(&self, handle: &str) {
        self.cmd("POST", "/window", json!({ "handle": handle }));
    }

    pub fn url(&self) -> String {
        self.cmd("GET", "/url", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn back(&self) {
        self.cmd("POST", "/back", json!({}));
    }

    /// Runs synchronous JS in the page and returns its value.
    pub fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": [] }),
        )
    }

    /// Runs asynchronous JS: the script calls `arguments[0]` with its result.
    pub fn js_async(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            json!({ "script": script, "args": [] }),
        )
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver.
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            json!({ "cmd": command, "params": params }),
        )
    }

    /// Text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let script = format!(
            "return Array.from(document.querySelectorAll({})).map(e => e.innerText)",
            Value::String(css.into())
        );
        self.js(&script)
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn text(&self, css: &str) -> String {
        self.texts(css).join("\n")
    }

    pub fn click(&self, css: &str) {
        let script = format!(
            "const e = document.querySelector({}); if (!e) return false; e.click(); return true",
            Value::String(css.into())
        );
        assert_eq!(
            self.js(&script),
            Value::Bool(true),
            "nothing to click at {css}"
        );
    }

    /// Sets an input/select value and fires the events leptos listens to.
    pub fn set_value(&self, css: &str, value: &str) {
        let script = format!(
            "const e = document.querySelector({}); if (!e) return false; e.value = {};\
             e.dispatchEvent(new Event('input', {{bubbles: true}}));\
             e.dispatchEvent(new Event('change', {{bubbles: true}})); return true",
            Value::String(css.into()),
            Value::String(value.into())
        );
        assert_eq!(self.js(&script), Value::Bool(true), "no input at {css}");
    }

    /// Saves the page as a PNG; nothing is written when WebDriver answers no valid base64.
    pub fn screenshot(&self, path: &std::path::Path) {
        let b64 = self.cmd("GET", "/screenshot", Value::Null);
        if let Some(png) = b64.as_str().and_then(base64_decode) {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(path, png);
        }
    }

    /// Console messages logged by the page since the last call.
    pub fn console(&self) -> Vec<String> {
        self.console_entries().into_iter().map(|(_, m)| m).collect()
    }

    /// As [`Browser::console`], each with its level: `SEVERE` (errors, failed loads, CSP
    /// refusals), `WARNING`, `INFO`, `DEBUG`.
    pub fn console_entries(&self) -> Vec<(String, String)> {
        let (_, text) = http(
            self.port,
            "POST",
            &format!("/session/{}/se/log", self.session),
            Some(r#"{"type":"browser"}"#),
        );
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        v["value"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| {
                        let level = m["level"].as_str().unwrap_or_default().to_string();
                        Some((level, m["message"].as_str()?.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = std::fs::remove_dir_all(&self._profile);
    }
}
