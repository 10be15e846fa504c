//! End-to-end tests of the user-facing extras: CSV/JSON export, capture -> replay ->
//! identical rendering, the axe-core accessibility scan of every page, screenshots in both
//! languages and themes, and an alert rule firing and clearing against the simulator.
//! Run with `cargo xtask e2e` (needs E2E_DIST, E2E_SIM and `.tools/node_modules/axe-core`).

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::webdriver::Browser;
use support::{env_path, eventually, Nginx, Sim};

const PAGES: [&str; 4] = ["overview", "sources", "sync", "flow"];

fn stack(sim_args: &[&str]) -> (Sim, Nginx) {
    let sim = Sim::start(sim_args);
    let nginx = Nginx::start(&env_path("E2E_DIST"), sim.port, false);
    (sim, nginx)
}

/// A fresh, empty download folder that Chromium saves into.
fn downloads(b: &Browser, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bifrost-e2e-dl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("download dir");
    b.cdp(
        "Page.setDownloadBehavior",
        json!({"behavior": "allow", "downloadPath": dir.display().to_string()}),
    );
    dir
}

/// Clicks `css` and returns (file name, content) of the one file it downloads.
fn download(b: &Browser, dir: &Path, css: &str) -> (String, String) {
    for e in std::fs::read_dir(dir).expect("download dir").flatten() {
        let _ = std::fs::remove_file(e.path());
    }
    b.click(css);
    eventually(20, &format!("the download of {css}"), || {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .collect();
        let f = files.first()?;
        let name = f.file_name()?.to_string_lossy().into_owned();
        if files.len() != 1 || name.ends_with(".crdownload") {
            return None;
        }
        let text = std::fs::read_to_string(f).ok()?;
        (!text.is_empty()).then_some((name, text))
    })
}

fn sim_total(sim: &Sim) -> u64 {
    let v: Value = serde_json::from_str(&sim.control("/_sim/stats")).unwrap_or(Value::Null);
    v["total"].as_u64().unwrap_or(0)
}

/// Waits until the page has fetched everything (refresh is off: the request count stops
/// growing) and `ready` holds.
fn settle(b: &Browser, sim: &Sim, ready: &str) {
    eventually(30, ready, || {
        (b.js(&format!("return !!({ready})")) == Value::Bool(true)).then_some(())
    });
    let mut last = sim_total(sim);
    eventually(30, "the requests to stop", || {
        std::thread::sleep(Duration::from_millis(700));
        let now = sim_total(sim);
        let same = now == last;
        last = now;
        same.then_some(())
    });
    std::thread::sleep(Duration::from_millis(300));
}

/// A JS condition: the page shows its data.
fn ready(page: &str) -> &'static str {
    match page {
        "sources" => "document.querySelectorAll('#sources tr.source').length > 0",
        "sync" => "document.querySelectorAll('#sync tr.vrow').length > 0",
        "flow" => "document.querySelector('.sr-summary') && document.querySelector('canvas')",
        _ => "document.querySelector('#card-flow') && document.querySelector('#rows-now').innerText !== '—'",
    }
}

/// The page's text without what only this browser saw (`data-seen-here`: the timeline, when
/// a cause was first seen), which no capture can reproduce.
fn main_text(b: &Browser) -> String {
    b.js("const m = document.querySelector('main').cloneNode(true); \
          m.querySelectorAll('[data-seen-here]').forEach(e => e.remove()); \
          document.body.appendChild(m); const t = m.innerText; m.remove(); return t")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn capture_replays_to_identical_pages() {
    let (sim, nginx) = stack(&["--plain-http", "--scale", "3,4,3", "--speed", "60"]);
    let b = Browser::start(1280, 900);
    let dir = downloads(&b, "capture");
    for page in PAGES {
        let url = format!("/?page={page}&refresh=0&lang=en");
        b.goto(&nginx.url(&url));
        let _ = downloads(&b, "capture");
        settle(&b, &sim, ready(page));
        let live = main_text(&b);
        assert!(live.len() > 40, "{page}: too little text: {live:?}");
        let (name, text) = download(&b, &dir, ".export-capture");
        let what = if page == "overview" { "problems" } else { page };
        assert!(
            name.starts_with(&format!("bifrost-{what}-capture-")),
            "{name}"
        );
        let cap: Value = serde_json::from_str(&text).expect("capture JSON");
        assert_eq!(cap["format"], "bifrost-dashboard-capture/1");
        assert_eq!(cap["api_version"], "v2");
        let responses = cap["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|k| k.starts_with("/db/list?")),
            "{page}: {:?}",
            responses.keys()
        );
        let file = dir.join(format!("replay-{page}.json"));
        std::fs::write(&file, &text).expect("write capture");

        // The live simulator is gone for this view: only the capture answers now.
        let replay = Sim::start(&["--plain-http", "--replay", &file.display().to_string()]);
        let rnginx = Nginx::start(&env_path("E2E_DIST"), replay.port, false);
        b.goto(&rnginx.url(&url));
        let mut shown = String::new();
        let same = (0..150).any(|_| {
            std::thread::sleep(Duration::from_millis(200));
            shown = main_text(&b);
            shown == live
        });
        assert!(
            same,
            "{page}: the replay renders differently\n--- live\n{live}\n--- replay\n{shown}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Parses RFC 4180 CSV (quoted fields with doubled quotes, CRLF) into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// The first number of the sync list's count line ("54 rows", "3 / 54 …").
fn shown_count(b: &Browser) -> usize {
    let text = b.text(".sync .count");
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or(0)
}

#[test]
fn exports_follow_the_filter() {
    let (sim, nginx) = stack(&["--plain-http", "--scale", "3,6,3"]);
    let b = Browser::start(1280, 900);
    let dir = downloads(&b, "export");
    b.goto(&nginx.url("/?page=sync&refresh=0&lang=zh"));
    settle(&b, &sim, ready("sync"));
    // the table is virtualised: the count line says how many rows match
    let all = shown_count(&b);
    let (name, csv) = download(&b, &dir, ".export-csv");
    assert!(
        name.starts_with("bifrost-sync-") && name.ends_with(".csv"),
        "{name}"
    );
    assert!(csv.starts_with('\u{feff}'), "no BOM");
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    assert_eq!(rows[0][0], "db");
    assert_eq!(rows.len() - 1, all, "every row shown is exported");

    // A search narrows both the table and the export; the JSON is the same rows.
    let first_table = rows[1][2].clone();
    b.set_value("#f-q", &first_table);
    eventually(10, "the filtered table", || {
        let n = shown_count(&b);
        (n > 0 && n < all && n < 30).then_some(n)
    });
    let shown_keys: Vec<String> = b
        .js("return Array.from(document.querySelectorAll('#sync tr.vrow .c-key')).map(e => e.innerText)")
        .as_array()
        .expect("keys")
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    let (_, csv) = download(&b, &dir, ".export-csv");
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    assert_eq!(rows.len() - 1, shown_keys.len());
    assert!(rows[1..]
        .iter()
        .all(|r| r.join(" ").contains(first_table.as_str())));
    let exported_keys: Vec<String> = rows[1..].iter().map(|r| r[3].clone()).collect();
    assert_eq!(exported_keys, shown_keys, "same rows, same order");
    let (name, json) = download(&b, &dir, ".export-json");
    assert!(name.ends_with(".json"), "{name}");
    let v: Value = serde_json::from_str(&json).expect("export JSON");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), shown_keys.len());
    assert!(arr[0]["queue"].is_i64(), "numbers stay numbers: {}", arr[0]);

    // Data sources: one row per source, no password.
    b.goto(&nginx.url("/?page=sources&refresh=0"));
    settle(&b, &sim, ready("sources"));
    let (_, csv) = download(&b, &dir, ".export-csv");
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    assert_eq!(rows.len() - 1, 3, "{csv}");
    let (_, body) = support::http_get(nginx.port, "/db/list?format=json");
    let dbs: Value = serde_json::from_str(&body).expect("db list");
    for db in dbs.as_object().expect("object").values() {
        let uri = db["ConnectUri"].as_str().unwrap_or_default();
        if let Some((_, password)) = uri.split_once('@').and_then(|(c, _)| c.split_once(':')) {
            if password.len() >= 3 {
                assert!(!csv.contains(password), "the password of {uri} is exported");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// axe-core from `.tools/` (installed by `cargo xtask setup`).
fn axe_source() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask setup`)", p.display()))
}

/// Runs axe on the page; returns a readable line per serious or critical violation.
fn axe_violations(b: &Browser, axe: &str) -> Vec<String> {
    b.js(&format!("{axe}\nreturn true;"));
    let r = b.js_async(
        "const done = arguments[0];\
         axe.run(document, {resultTypes: ['violations']})\
           .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')\
             .map(v => v.impact + ' ' + v.id + ': ' + v.help + '\\n    ' +\
               v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\n/g, ' ')).join('\\n    '))))\
           .catch(e => done(['axe failed: ' + e]));",
    );
    r.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_else(|| vec![format!("axe returned {r}")])
}

/// Every page, with data, in both languages and themes: no serious or critical axe
/// violation; a screenshot of each into `screenshots/` (zh-CN dark, English light).
#[test]
fn accessibility_scan_and_screenshots() {
    let axe = axe_source();
    let (sim, nginx) = stack(&["--plain-http", "--scale", "3,4,3", "--speed", "60"]);
    let b = Browser::start(1280, 900);
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let mut failures = Vec::new();
    for (lang, theme) in [("zh", "dark"), ("en", "light")] {
        b.goto(&nginx.url("/?refresh=0"));
        b.js(&format!(
            "localStorage.setItem('bifrost-dashboard-theme', '{theme}'); return true"
        ));
        for page in PAGES {
            b.goto(&nginx.url(&format!("/?page={page}&refresh=0&lang={lang}")));
            settle(&b, &sim, ready(page));
            let dark = b.js("return document.documentElement.dataset.theme || document.documentElement.className");
            assert!(
                dark.as_str().unwrap_or_default().contains(theme),
                "{page}: theme {theme} not applied: {dark}"
            );
            b.screenshot(&shots.join(format!("{page}-{lang}-{theme}.png")));
            for v in axe_violations(&b, &axe) {
                failures.push(format!("[{page}, {lang}, {theme}] {v}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "axe found serious/critical violations:\n{}",
        failures.join("\n")
    );
}

/// The largest output queue the simulator reports now (through nginx).
fn max_queue(nginx: &Nginx) -> i64 {
    let (_, body) = support::http_get(nginx.port, "/table/synclist/list?format=json");
    body.split("\"QueueMsgCount\":")
        .skip(1)
        .filter_map(|s| {
            s.chars()
                .take_while(|c| c.is_ascii_digit())
                .collect::<String>()
                .parse::<i64>()
                .ok()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn backlog_alert_fires_and_clears() {
    // real time: a failing output's queue grows by tens of rows per 5 s step, so the queues
    // need several steps to pass the threshold again after the restart
    let (sim, nginx) = stack(&["--plain-http", "--scale", "2,3,3"]);
    let b = Browser::start(1280, 900);
    b.goto(&nginx.url("/?refresh=0&lang=en"));
    eventually(30, "the rules panel", || {
        (b.js("return !!document.querySelector('#rule-backlog')") == Value::Bool(true))
            .then_some(())
    });
    let max = eventually(120, "a backlog in the simulator", || {
        let m = max_queue(&nginx);
        (m >= 300).then_some(m)
    });
    // high enough that the queues need most of the time they took to get here again
    let threshold = max * 3 / 4;
    b.set_value("#rule-backlog", &threshold.to_string());
    let stored = b.js("return localStorage.getItem('bifrost-dashboard-alerts')");
    assert!(
        stored
            .as_str()
            .unwrap_or_default()
            .contains(&format!("\"backlog_above\": {threshold}")),
        "rules are kept in localStorage: {stored}"
    );
    // No pending period: the rule fires on the second poll that sees the backlog.
    b.set_value("#rule-pending", "0");
    b.click("#refresh-now");
    eventually(30, "the backlog alert to be pending", || {
        b.text("#alerts-open").contains("Backlog").then_some(())
    });
    eventually(30, "the backlog alert", || {
        b.click("#refresh-now");
        std::thread::sleep(Duration::from_millis(1500));
        b.text("#alerts-firing").contains("Backlog").then_some(())
    });
    // The rule survives a reload and marks the sync rows it is about (from its second poll).
    b.goto(&nginx.url("/?page=sync&refresh=0&lang=en&sort=queue&desc=1"));
    eventually(30, "a marked sync row", || {
        let _ = b.js(
            "const e = document.querySelector('#refresh-now'); if (e && !e.disabled) e.click()",
        );
        std::thread::sleep(Duration::from_millis(1000));
        (b.js("return document.querySelectorAll('#sync tr.vrow.alerting').length")
            .as_u64()
            .unwrap_or(0)
            > 0)
        .then_some(())
    });
    // A Bifrost restart empties the queues: back to normal. (nginx caches answers for 4 s.)
    sim.control("/_sim/restart");
    // nginx may serve its cached answer for up to 5 s (4 s, rounded to whole seconds)
    eventually(
        20,
        "the restart to empty the queues below the threshold",
        || (max_queue(&nginx) < threshold).then_some(()),
    );
    b.click("#refresh-now");
    eventually(30, "the alert to clear", || {
        (b.js("return !document.querySelector('#alerts-firing') && document.querySelectorAll('#sync tr.vrow.alerting').length === 0") == Value::Bool(true))
            .then_some(())
    });
}
