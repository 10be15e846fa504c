//! End-to-end: alerts that do not cry wolf, in three windows of one browser (one profile,
//! one localStorage) against the simulator. Each window's `Notification` is a stub that
//! counts in localStorage; refresh is off and every poll is a click, so "one poll" is exact.
//! A condition seen in one poll notifies nobody; one held past its pending period notifies
//! once across the three windows, and its recovery once; an acknowledged one stays quiet.
//! Run with `cargo xtask e2e` (needs E2E_DIST and E2E_SIM).

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::eventually;
use support::faults::Stack;
use support::webdriver::Browser;

/// Replaces `Notification` before the app loads: permission granted, and each notification
/// appended to a per-window list in localStorage (per window: no lost update between them).
const STUB: &str = "(() => {
  const me = 'e2e-notified-' + Math.random().toString(36).slice(2);
  function N(title, opts) {
    const list = JSON.parse(localStorage.getItem(me) || '[]');
    list.push(title + ' | ' + ((opts && opts.body) || ''));
    localStorage.setItem(me, JSON.stringify(list));
  }
  N.permission = 'granted';
  N.requestPermission = () => Promise.resolve('granted');
  window.Notification = N;
})();";

/// The pending period of the rule: shorter than the test's waits, longer than one poll.
const PENDING_SECS: u64 = 3;
/// nginx keeps good answers 4 s: after a fault is switched, wait until they are gone.
const CACHE_SECS: u64 = 5;

/// Every notification of every window, read in the current one.
fn notified(b: &Browser) -> Vec<String> {
    let v = b.js(
        "return Object.keys(localStorage).filter(k => k.startsWith('e2e-notified-'))
        .flatMap(k => JSON.parse(localStorage.getItem(k)))",
    );
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// One poll in each window: a click on "refresh now", then the cycle's end (the button is
/// disabled while a cycle runs).
fn poll_all(s: &Stack, windows: &[String]) {
    for w in windows {
        s.b.switch_to(w);
        s.b.click("#refresh-now");
        std::thread::sleep(Duration::from_millis(300));
        eventually(20, "the refresh to end", || {
            let busy =
                s.b.js("return document.querySelector('#refresh-now').disabled");
            (busy == Value::Bool(false)).then_some(())
        });
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A picture of the alerts card in the current window, into `target/e2e-shots/`.
fn shot(b: &Browser, name: &str) {
    b.js("document.querySelector('#alert-rules').scrollIntoView({block: 'center'})");
    std::thread::sleep(Duration::from_millis(300));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-shots");
    b.screenshot(&dir.join(format!("alerts-{name}.png")));
}

/// What window `w` shows in its open-alerts list.
fn open_list(b: &Browser, w: &str) -> String {
    b.switch_to(w);
    b.text("#alerts-open")
}

fn wait_all(s: &Stack, windows: &[String], what: &str, f: impl Fn(&str) -> bool) {
    for w in windows {
        eventually(20, what, || f(&open_list(&s.b, w)).then_some(()));
    }
}

#[test]
fn alerts_wait_their_pending_period_and_notify_once_across_three_windows() {
    let s = Stack::start(&[]);
    let first = s.b.window();
    let mut windows = vec![first.clone()];
    windows.push(s.b.new_window());
    windows.push(s.b.new_window());
    let url = s.nginx.url("/?refresh=0&lang=en");
    // The rules, set in the first window, are read by the others when they load.
    for (i, w) in windows.iter().enumerate() {
        s.b.switch_to(w);
        s.b.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": STUB }),
        );
        s.b.goto(&url);
        eventually(30, "the rules panel", || {
            (s.b.js("return !!document.querySelector('#rule-unreachable')") == Value::Bool(true))
                .then_some(())
        });
        if i == 0 {
            s.b.click("#rule-unreachable");
            s.b.set_value("#rule-pending", &PENDING_SECS.to_string());
            let stored =
                s.b.js("return localStorage.getItem('bifrost-dashboard-alerts')");
            assert!(
                stored
                    .as_str()
                    .unwrap_or_default()
                    .contains("\"pending_secs\": 3"),
                "{stored}"
            );
        }
    }
    let quiet = |what: &str| {
        std::thread::sleep(Duration::from_millis(800));
        s.b.switch_to(&first);
        let n = notified(&s.b);
        assert!(n.is_empty(), "{what}: {n:?}");
    };

    // 1. Unreachable for one poll: pending in every window, then gone; nobody notified.
    s.fault("mode=gateway&status=502");
    std::thread::sleep(Duration::from_secs(CACHE_SECS));
    poll_all(&s, &windows);
    wait_all(&s, &windows, "pending", |t| {
        t.contains("Instance unreachable") && t.contains("pending since")
    });
    s.fault("mode=none");
    std::thread::sleep(Duration::from_secs(CACHE_SECS));
    poll_all(&s, &windows);
    wait_all(&s, &windows, "the blip to clear", |t| {
        !t.contains("Instance unreachable")
    });
    quiet("a one-poll blip");

    // 2. Held past the pending period: fires in every window, told once.
    s.fault("mode=gateway&status=502");
    std::thread::sleep(Duration::from_secs(CACHE_SECS));
    poll_all(&s, &windows);
    std::thread::sleep(Duration::from_secs(PENDING_SECS + 1));
    poll_all(&s, &windows);
    wait_all(&s, &windows, "firing", |t| t.contains("firing since"));
    poll_all(&s, &windows);
    std::thread::sleep(Duration::from_millis(800));
    s.b.switch_to(&first);
    let n = notified(&s.b);
    assert_eq!(n.len(), 1, "one notification across three windows: {n:?}");
    assert!(
        n[0].starts_with("Bifrost alert | Instance unreachable"),
        "{n:?}"
    );
    shot(&s.b, "firing-en");

    // 3. It clears: one "recovered" notice across the windows, and a line in each.
    s.fault("mode=none");
    std::thread::sleep(Duration::from_secs(CACHE_SECS));
    poll_all(&s, &windows);
    wait_all(&s, &windows, "recovered", |t| t.contains("recovered at"));
    std::thread::sleep(Duration::from_millis(800));
    s.b.switch_to(&first);
    let n = notified(&s.b);
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(n[1].starts_with("Bifrost: back to normal"), "{n:?}");
    shot(&s.b, "recovered-en");

    // 4. Acknowledged while pending (in one window): it fires everywhere, silently.
    s.b.js("Object.keys(localStorage).filter(k => k.startsWith('e2e-notified-')).forEach(k => localStorage.setItem(k, '[]'))");
    s.fault("mode=gateway&status=502");
    std::thread::sleep(Duration::from_secs(CACHE_SECS));
    poll_all(&s, &windows);
    wait_all(&s, &windows, "pending", |t| t.contains("pending since"));
    s.b.switch_to(&windows[1]);
    s.b.click("#alerts-open .alert-ack");
    // the other windows show it at once (the storage event)
    wait_all(&s, &windows, "acknowledged", |t| t.contains("acknowledged"));
    std::thread::sleep(Duration::from_secs(PENDING_SECS + 1));
    poll_all(&s, &windows);
    wait_all(&s, &windows, "firing", |t| t.contains("firing since"));
    poll_all(&s, &windows);
    quiet("an acknowledged alert");
    // a window reloaded (here in Chinese) while it fires: the same episode, still quiet
    s.b.switch_to(&windows[2]);
    s.b.goto(&s.nginx.url("/?refresh=0&lang=zh"));
    eventually(30, "the reloaded window", || {
        (s.b.js("return !!document.querySelector('#rule-unreachable')") == Value::Bool(true))
            .then_some(())
    });
    poll_all(&s, &windows[2..]);
    std::thread::sleep(Duration::from_secs(PENDING_SECS + 1));
    poll_all(&s, &windows[2..]);
    eventually(20, "firing after the reload", || {
        open_list(&s.b, &windows[2])
            .contains("起触发")
            .then_some(())
    });
    assert!(
        open_list(&s.b, &windows[2]).contains("已确认"),
        "still acknowledged"
    );
    shot(&s.b, "acknowledged-zh");
    s.b.switch_to(&first);
    shot(&s.b, "acknowledged-en");
    quiet("an acknowledged alert in a reloaded window");
    s.fault("mode=none");
    std::thread::sleep(Duration::from_secs(CACHE_SECS));
    poll_all(&s, &windows);
    wait_all(&s, &windows, "recovered", |t| {
        t.contains("recovered at") || t.contains("恢复")
    });
    quiet("an acknowledged alert's recovery");
    s.no_panic();
}
