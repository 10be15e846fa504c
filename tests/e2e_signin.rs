//! End-to-end: sign-in through deploy/nginx/bifrost-dashboard-signin.conf (a proxy that adds
//! no credentials), and the request volume: the answer cache of
//! deploy/nginx/bifrost-dashboard.conf (one upstream request per endpoint and scope for many
//! screens) and the sign-in config never serving one user's answer to another request.
//!
//! The simulator runs on plain HTTP so its `/_sim/stats` counts what reached "Bifrost".
//! Needs E2E_DIST and E2E_SIM: run with `cargo xtask e2e`.

mod support;

use bifrost_dashboard::wire::encoding::base64;
use serde_json::Value;
use std::time::Duration;
use support::signin::{api_lines_with, get, gets, upstream, upstream_total, Web};
use support::webdriver::Browser;
use support::{eventually, Sim};

const SIGNIN_CONF: &str = "deploy/nginx/bifrost-dashboard-signin.conf";
const ROOT_CONF: &str = "deploy/nginx/bifrost-dashboard.conf";
const RIGHT: &str = "Bifrost123";
const WRONG: &str = "NotThePassword7";
const USER: &str = "BifrostMonitor";

/// The base64 of `USER:password`, as an `Authorization: Basic` header carries it.
fn user_pass(password: &str) -> String {
    base64(format!("{USER}:{password}").as_bytes())
}

fn submit(b: &Browser, user: &str, password: &str, remember: bool) {
    b.set_value("#signin-user", user);
    b.set_value("#signin-password", password);
    let r = b.js(&format!(
        "const c = document.querySelector('#signin-remember'); \
         if (c.checked !== {remember}) c.click(); \
         document.querySelector('#signin form').requestSubmit(); return true"
    ));
    assert_eq!(r, Value::Bool(true));
}

fn form_shown(b: &Browser) -> bool {
    b.js("return !!document.querySelector('#signin #signin-password')") == Value::Bool(true)
}

/// Where a password could leak in the page: its URL, every URL it fetched, both storages
/// (what the caller expects in sessionStorage is passed back separately), the console.
fn leaks(b: &Browser, secrets: &[&str], console: &[String]) -> Vec<String> {
    let page = b.js("return JSON.stringify({href: location.href, \
         fetched: performance.getEntriesByType('resource').map(e => e.name), \
         local: Object.assign({}, localStorage)})");
    let page = page.as_str().unwrap_or_default().to_string();
    let mut found = Vec::new();
    for s in secrets {
        if page.contains(s) {
            found.push(format!("{s:?} in the page's URLs or localStorage: {page}"));
        }
        for line in console {
            if line.contains(s) {
                found.push(format!("{s:?} in the console: {line}"));
            }
        }
    }
    found
}

fn session_storage(b: &Browser) -> String {
    b.js("return JSON.stringify(Object.assign({}, sessionStorage))")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn signin_through_a_proxy_without_credentials() {
    let sim = Sim::start(&["--plain-http"]);
    let web = Web::start(SIGNIN_CONF, sim.port);
    let b = Browser::start(1280, 800);
    b.goto(&web.url("/?refresh=5"));

    // No credentials anywhere: Bifrost asks for them and the page shows the form.
    eventually(40, "the sign-in form", || form_shown(&b).then_some(()));
    let a11y = b.js(
        "const u = document.querySelector('#signin-user'), p = document.querySelector('#signin-password'); \
         return [u.labels.length, p.labels.length, p.type, u.name + p.name, \
                 document.querySelector('#signin-submit').type, \
                 document.querySelector('#signin-remember').checked]",
    );
    assert_eq!(
        a11y,
        serde_json::json!([1, 1, "password", "", "submit", false]),
        "labelled inputs, no names (a native submit carries nothing), remember off by default"
    );
    assert!(
        b.text("#signin").contains("10") && b.text("#signin").contains("4 hours"),
        "the ban rule is stated: {}",
        b.text("#signin")
    );
    let wrong_auth = format!("Basic {}", user_pass(WRONG));
    let right_auth = format!("Basic {}", user_pass(RIGHT));

    // A wrong password: the message says how many attempts are left before the ban ...
    submit(&b, USER, WRONG, false);
    let msg = eventually(20, "the failure message", || {
        let t = b.text("#signin-message");
        t.contains("refused").then_some(t)
    });
    assert!(
        msg.contains("1 failed") && msg.contains("At most 9 more"),
        "{msg}"
    );
    assert_eq!(
        api_lines_with(&web.access_log(), &wrong_auth),
        1,
        "one request with the wrong password (one failed login, then nothing else in that cycle)"
    );
    // ... and the wrong password is never sent again by itself: not by the poll loop, not on
    // a page change, not on refresh-now. Nothing at all reaches Bifrost until a new sign-in.
    let before = upstream_total(&sim);
    b.click("#refresh-now");
    let nav = b.js(
        "const a = Array.from(document.querySelectorAll('header nav a')); \
         a[1].click(); a[0].click(); return a.length",
    );
    assert!(nav.as_u64().unwrap_or(0) >= 2, "page links: {nav}");
    std::thread::sleep(Duration::from_secs(12));
    assert_eq!(
        upstream_total(&sim),
        before,
        "requests reached Bifrost after a refused password"
    );
    assert_eq!(api_lines_with(&web.access_log(), &wrong_auth), 1);
    assert!(form_shown(&b), "the form stays");

    // The right password: the data, and polling resumes with it.
    submit(&b, USER, RIGHT, false);
    eventually(30, "the overview's data", || {
        (!form_shown(&b) && b.text("main").contains("running")).then_some(())
    });
    let n = api_lines_with(&web.access_log(), &right_auth);
    assert!(n >= 1, "the browser sent its own credentials");
    eventually(20, "the next poll with the right password", || {
        (api_lines_with(&web.access_log(), &right_auth) > n).then_some(())
    });

    // The password in no URL (browser or proxy), localStorage, sessionStorage (opt-in is
    // off), or console line.
    let secrets = [RIGHT, WRONG, &user_pass(RIGHT), &user_pass(WRONG)];
    let console = b.console();
    assert_eq!(leaks(&b, &secrets, &console), Vec::<String>::new());
    let stored = session_storage(&b);
    assert!(
        !stored.contains(RIGHT),
        "sessionStorage without opt-in: {stored}"
    );
    for line in web.access_log().lines() {
        let request = line.split('"').nth(1).unwrap_or_default();
        for s in &secrets {
            assert!(!request.contains(s), "a password in a URL: {line}");
        }
    }

    // Memory only: a reload forgets the credentials. With "keep for this tab" they survive a
    // reload through sessionStorage, never localStorage.
    b.goto(&web.url("/?refresh=5"));
    eventually(40, "the form after a reload", || {
        form_shown(&b).then_some(())
    });
    submit(&b, USER, RIGHT, true);
    eventually(30, "the data", || {
        (!form_shown(&b) && b.text("main").contains("running")).then_some(())
    });
    assert!(session_storage(&b).contains(RIGHT));
    b.goto(&web.url("/?refresh=5"));
    eventually(40, "the data after a reload, without the form", || {
        b.text("main").contains("running").then_some(())
    });
    assert!(!form_shown(&b));
    let console = b.console();
    assert_eq!(leaks(&b, &secrets, &console), Vec::<String>::new());
}

#[test]
fn the_injecting_proxy_serves_many_screens_with_one_upstream_request() {
    let sim = Sim::start(&["--plain-http"]);
    let web = Web::start(ROOT_CONF, sim.port);
    let urls = [
        "/db/list",
        "/table/synclist/list?DbName=&SchemaName=&TableName=&status=&position=&ToServerKey=",
        "/flow/get?Type=minute&DbName=&ChannelId=&SchemaName=&TableName=",
        "/flow/get?Type=tenminute&DbName=&ChannelId=&SchemaName=&TableName=",
    ];
    sim.control("/_sim/stats?reset=1");
    // Ten screens asking at the same moment (concurrent misses wait for the first: the lock).
    let port = web.port;
    let threads: Vec<_> = (0..10)
        .flat_map(|_| urls.iter())
        .map(|u| {
            let u = u.to_string();
            std::thread::spawn(move || get(port, &u, &[]))
        })
        .collect();
    for t in threads {
        let (status, head, body) = t.join().expect("request thread");
        assert_eq!(status, 200, "{head}{body}");
        assert!(!body.is_empty());
    }
    let s = upstream(&sim);
    assert_eq!(gets(&s, "/db/list"), 1, "{s}");
    assert_eq!(gets(&s, "/table/synclist/list"), 1, "{s}");
    assert_eq!(gets(&s, "/flow/get"), 2, "one per scope/window: {s}");
    // The same answer again (and for a browser with credentials of its own: the proxy
    // replaces them, every answer is the monitor user's).
    let (_, head, _) = get(port, urls[0], &[("Authorization", "Basic Zm9vOmJhcg==")]);
    assert_eq!(super_header(&head, "x-cache-status"), Some("hit"), "{head}");
    assert_eq!(gets(&upstream(&sim), "/db/list"), 1);
    // Kept 4 s (less than the shortest refresh): a screen polling every 5 s gets a fresh one.
    std::thread::sleep(Duration::from_millis(5200));
    let (_, head, _) = get(port, urls[0], &[]);
    assert_ne!(super_header(&head, "x-cache-status"), Some("hit"), "{head}");
    assert_eq!(gets(&upstream(&sim), "/db/list"), 2);

    // Browsers too: three screens opened together cost Bifrost one /db/list.
    sim.control("/_sim/stats?reset=1");
    std::thread::sleep(Duration::from_millis(5200));
    let browsers: Vec<Browser> = (0..3).map(|_| Browser::start(1000, 700)).collect();
    let started = std::time::Instant::now();
    for b in &browsers {
        b.goto(&web.url("/?page=sources&refresh=0"));
    }
    for b in &browsers {
        eventually(40, "the sources", || {
            (b.js("return document.querySelectorAll('main table tbody tr').length")
                .as_u64()
                .unwrap_or(0)
                > 0)
            .then_some(())
        });
    }
    let took = started.elapsed();
    let n = gets(&upstream(&sim), "/db/list");
    let log = web.access_log();
    let through_proxy = log.lines().filter(|l| l.contains("GET /db/list")).count();
    assert!(through_proxy >= 4, "the browsers asked the proxy: {log}");
    // Each 4-5 s cache period allows one upstream /db/list.
    let periods = took.as_secs() / 4 + 1;
    assert!(
        n <= periods,
        "{n} /db/list reached Bifrost for 3 screens in {took:?}"
    );
}

fn super_header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(str::trim)
}

#[test]
fn the_signin_proxy_never_serves_one_users_answer_to_another_request() {
    let sim = Sim::start(&["--plain-http"]);
    let web = Web::start(SIGNIN_CONF, sim.port);
    let right = format!("Basic {}", user_pass(RIGHT));
    let wrong = format!("Basic {}", user_pass(WRONG));
    sim.control("/_sim/stats?reset=1");
    let (status, _, with) = get(web.port, "/db/list", &[("Authorization", &right)]);
    assert_eq!(status, 200);
    let data: Value = serde_json::from_str(&with).expect("db list json");
    assert!(
        data.as_object()
            .is_some_and(|o| !o.is_empty() && !o.contains_key("status")),
        "the data for the signed-in user: {with}"
    );
    // At once after: without credentials, and with a wrong password, never that answer.
    for (auth, expect) in [(None, "Author error"), (Some(&wrong), "password")] {
        let h: Vec<(&str, &str)> = auth
            .map(|a| ("Authorization", a.as_str()))
            .into_iter()
            .collect();
        let (status, head, body) = get(web.port, "/db/list", &h);
        // Bifrost answers 200, or redirects to its login page when no credentials came.
        assert!(status == 200 || status == 302, "{status} {head}");
        assert_ne!(body, with, "a signed-in answer served to {auth:?}");
        assert!(body.contains(expect), "{auth:?}: {body}");
        assert!(head.contains("no-store"), "{head}");
    }
    let (_, _, again) = get(web.port, "/db/list", &[]);
    assert_ne!(again, with);
    // Every request reached Bifrost: nothing is cached in this config.
    assert_eq!(gets(&upstream(&sim), "/db/list"), 4);
}
