//! What the scenarios share in the page: the hooks injected before any page script, a
//! browser with them, performance marks, the chart draws, and API requests in nginx's log.

use serde_json::{json, Value};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::support::webdriver::Browser;
use crate::support::Nginx;

/// Injected before any page script: marks the first data row of a page when it enters the
/// DOM, collects the app's `bifrost:chart-draw` measures, and keeps the wasm instance.
pub const PAGE_HOOKS: &str = r#"(() => {
  const want = [['#sources tr.source', 'bench:first-source-row'], ['#sync tr.vrow', 'bench:first-sync-row'],
    ['#sync tr.vrow', 'bench:whole-sync-list', '.page.sync .count:not(.partial)']];
  const seen = new Set();
  new MutationObserver(() => {
    for (const [sel, name, also] of want) {
      if (!seen.has(name) && document.querySelector(sel) && (!also || document.querySelector(also))) { seen.add(name); performance.mark(name); }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  window.__benchDraws = [];
  new PerformanceObserver(list => {
    if (window.__benchNoDraws) return;
    for (const e of list.getEntries()) if (e.name === 'bifrost:chart-draw') window.__benchDraws.push(e.duration);
  }).observe({ type: 'measure' });
  addEventListener('TrunkApplicationStarted', e => { window.__benchWasm = e.detail.wasm; });
})();"#;

/// For runs that do not time chart draws (before [`PAGE_HOOKS`]): the list of draws grows by
/// one number per draw, which a memory measurement would count as the page's growth.
pub const NO_DRAWS: &str = "window.__benchNoDraws = true;";

/// Fast-forward for the memory run: the poll loop's 5 s sleep (refresh=5) returns at once.
/// Other timers (the 10 s request timeout, the 1 s clock) keep their real delays.
pub const FAST_FORWARD: &str = r#"(() => {
  const st = window.setTimeout;
  window.setTimeout = function (f, ms, ...a) { return st.call(window, f, ms === 5000 ? 0 : ms, ...a); };
})();"#;

pub fn browser(hooks: &[&str]) -> Browser {
    let b = Browser::start(1280, 800);
    for h in hooks {
        b.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": h }),
        );
    }
    b
}

pub fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

pub fn mark(b: &Browser, name: &str) -> Option<f64> {
    num(&b.js(&format!(
        "const e = performance.getEntriesByName('{name}')[0]; return e ? e.startTime : null"
    )))
}

/// Waits for a mark; on a timeout, says what the page showed and logged.
pub fn wait_mark(b: &Browser, name: &str, secs: u64) -> f64 {
    let start = Instant::now();
    loop {
        if let Some(t) = mark(b, name) {
            return t;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let main = b.text("body");
            panic!(
                "no {name} after {secs} s at {}: page {:?}; console {:?}",
                b.url(),
                main.chars().take(300).collect::<String>(),
                b.console()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn draws(b: &Browser) -> Vec<f64> {
    b.js("return window.__benchDraws || []")
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

pub fn api_count(nginx: &Nginx, path: &str) -> usize {
    nginx.access_log().matches(&format!("\"GET {path}")).count()
}

/// How long nginx keeps Bifrost's answers (`proxy_cache_valid` in the deploy config): a
/// refresh sooner is answered from the cache, with the same data as before.
const ANSWER_CACHE_SECS: f64 = 4.0;

/// Waits until every answer nginx holds is stale, so the next refresh brings new ones: the
/// last logged request ended (`$msec`) longer ago than the cache keeps an answer.
pub fn wait_answers_stale(nginx: &Nginx) {
    let log = nginx.access_log();
    let last = log.lines().rev().find_map(|l| {
        let fields: Vec<&str> = l.split_whitespace().collect();
        fields
            .get(fields.len().checked_sub(2)?)?
            .parse::<f64>()
            .ok()
    });
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    if let Some(t) = last {
        let wait = t + ANSWER_CACHE_SECS + 0.2 - now;
        if wait > 0.0 {
            std::thread::sleep(Duration::from_secs_f64(wait));
        }
    }
}
