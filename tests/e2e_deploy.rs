//! End-to-end: the deployment recipes of `deploy/` with the real nginx, simulators behind them
//! and headless Chromium in front: root and sub-path hosting, config.json, several instances
//! (one v2, one v1, one stopped mid-test), the Content-Security-Policy, caching, brotli and gzip,
//! and embedding in an iframe of another origin.
//!
//! Needs E2E_DIST (root build), E2E_DIST_SUBPATH (built with `--public-url /ops/bifrost/`)
//! and E2E_SIM: run with `cargo xtask e2e`.

mod support;

use serde_json::{json, Value};
use support::deploy::*;
use support::eventually;
use support::webdriver::Browser;

#[test]
fn root_deploy_serves_headers_caching_brotli_or_gzip_and_a_csp_the_app_runs_under() {
    let (_sim, web, dist) = root_stack(None);
    let (status, head, body) = get(web.port, "/", &[]);
    assert_eq!(status, 200);
    let body = String::from_utf8_lossy(&body).into_owned();
    assert_eq!(header(&head, "cache-control"), Some("no-cache"), "{head}");
    let csp = header(&head, "content-security-policy").expect("a CSP on index.html");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .expect("script-src");
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    // the nonce in the header is the one on trunk's inline loader, fresh per response
    let nonce = script_src
        .split_whitespace()
        .find_map(|t| t.strip_prefix("'nonce-"))
        .and_then(|t| t.strip_suffix('\''))
        .expect("a nonce")
        .to_string();
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "{body}");
    assert!(
        !body.contains("BIFROST_CSP_NONCE"),
        "placeholder left: {body}"
    );
    let (_, head2, _) = get(web.port, "/", &[]);
    assert_ne!(
        header(&head2, "content-security-policy"),
        Some(csp),
        "nonce reused"
    );
    // SPA fallback: any path is the app; config.json absent is a 204 (the defaults, and no
    // error in the browser's console), not the app
    let (s, h, _) = get(web.port, "/some/deep/path?page=sync", &[]);
    assert_eq!(s, 200);
    assert!(header(&h, "content-security-policy").is_some());
    let (status, head, body) = get(web.port, "/config.json", &[]);
    assert_eq!((status, body.len()), (204, 0), "{head}");
    assert_eq!(header(&head, "cache-control"), Some("no-cache"));
    // hashed assets: immutable; wasm, js and css as the copy a release build leaves beside
    // each (Trunk.toml; this debug build gets its copies here), sent as it is: brotli where
    // the browser accepts br, else gzip, else plain; the same bytes once decoded.
    for a in assets(&dist) {
        let plain = std::fs::read(dist.join(&a)).expect("asset");
        for (tool, args, ext) in [
            ("gzip", &["-9", "-n", "-k", "-f"][..], "gz"),
            ("brotli", &["-q", "11", "-k", "-f"][..], "br"),
        ] {
            if !dist.join(format!("{a}.{ext}")).exists() {
                let st = std::process::Command::new(tool)
                    .args(args)
                    .arg(dist.join(&a))
                    .status()
                    .expect(tool);
                assert!(st.success(), "{tool} {a}");
            }
        }
        for (accept, encoding) in [
            (Some("gzip, deflate, br"), Some("br")),
            (Some("br"), Some("br")),
            (Some("gzip, deflate"), Some("gzip")),
            (None, None),
        ] {
            let headers: Vec<(&str, &str)> =
                accept.map(|v| ("Accept-Encoding", v)).into_iter().collect();
            let (s, h, served) = get(web.port, &format!("/{a}"), &headers);
            assert_eq!(s, 200, "{a}");
            let cc = header(&h, "cache-control").unwrap_or_default();
            assert!(
                cc.contains("immutable") && cc.contains("max-age=31536000"),
                "{a}: {h}"
            );
            assert_eq!(
                header(&h, "content-encoding"),
                encoding,
                "{a} {accept:?}: {h}"
            );
            if let Some(ext) = encoding.map(|e| if e == "br" { "br" } else { "gz" }) {
                let copy = std::fs::read(dist.join(format!("{a}.{ext}"))).expect("the copy");
                assert!(served == copy, "{a} {accept:?}: not the precompressed copy");
                assert!(served.len() < plain.len(), "{a}: {ext} not smaller");
                assert!(
                    header(&h, "vary").is_some_and(|v| v.eq_ignore_ascii_case("accept-encoding")),
                    "{a}: {h}"
                );
            }
            assert!(
                decoded(encoding, served) == plain,
                "{a} {accept:?}: other bytes"
            );
        }
    }
    // the API answers through the proxy with the injected credentials
    let (s, h, body) = get(web.port, "/db/list?format=json", &[]);
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    let v: Value = serde_json::from_slice(&body).expect("db list json");
    assert!(v.as_object().is_some_and(|o| !o.is_empty()), "{v}");

    // The app loads and works under that CSP, with no violation reported.
    let config_reads = || {
        web.access_log()
            .lines()
            .filter(|l| l.contains("GET /config.json"))
            .count()
    };
    let config_reads_before = config_reads();
    let b = browser_watching_csp();
    b.goto(&web.url("/?page=sources"));
    eventually(30, "the data-source table", || {
        (b.js("return document.querySelectorAll('#sources tr.source').length")
            .as_u64()
            .unwrap_or(0)
            > 0)
        .then_some(())
    });
    assert_eq!(csp_violations(&b), Vec::<String>::new());
    // index.html's loader asks config.json while the wasm downloads; the app takes that answer.
    assert_eq!(
        config_reads() - config_reads_before,
        1,
        "config.json read once"
    );
    let console = b.console();
    assert!(
        !console
            .iter()
            .any(|m| m.contains("Content Security Policy")),
        "{console:?}"
    );
    // ... and the CSP is enforced: an injected inline script is refused and reported.
    b.js(
        "const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; \
          document.body.appendChild(s); return true",
    );
    eventually(5, "the refused inline script reported", || {
        (!csp_violations(&b).is_empty()).then_some(())
    });
    assert_eq!(b.js("return window.__ran === undefined"), Value::Bool(true));
    assert_no_browser_credentials(&web.access_log());
}

/// The first screen's requests leave from index.html's loader before the wasm runs, and the
/// app takes those answers: every request asked once, by the loader, none in vain, on a first
/// visit (the page's default requests, then the flows of the sources listed) and on the next
/// (what the first refresh asked last time).
#[test]
fn first_requests_leave_before_the_wasm_and_are_each_asked_once() {
    let (_sim, web, _dist) = root_stack(None);
    first_requests_from_the_loader(&web, "/", "", true);
}

/// The same under a sub-path, for the second of two instances (its own proxy prefix, named
/// by config.json), a v1 server: the first visit's guess is v2, so the app asks the v1 routes
/// itself once; the next visit's requests all leave from the loader again.
#[test]
fn first_requests_from_the_loader_under_a_sub_path_for_a_named_instance() {
    let s = sub_stack(false);
    write_config(&s.dist, &two_instances());
    first_requests_from_the_loader(&s.web, "/ops/bifrost/", "&instance=prod-b", false);
}

fn first_requests_from_the_loader(web: &Web, base: &str, query: &str, v2: bool) {
    let b = browser_watching_csp();
    let strings = |v: &Value| -> Vec<String> {
        let mut l: Vec<String> = v
            .as_array()
            .unwrap_or_else(|| panic!("a list: {v}"))
            .iter()
            .map(|u| u.as_str().unwrap_or_else(|| panic!("{v}")).to_owned())
            .collect();
        l.sort_unstable();
        l
    };
    for (page, sel) in [
        ("overview", "#card-sources li"),
        ("sources", "#sources tr.source"),
        ("sync", "#sync tr.vrow"),
        ("flow", "#flow-table tbody tr"),
    ] {
        let address = format!("{base}?page={page}&refresh=0{query}");
        let mut recorded = false;
        for visit in ["first", "second", "third"] {
            b.goto("about:blank");
            b.goto(&web.url(&address));
            eventually(30, &format!("{page}'s first data, {visit} visit"), || {
                (b.js(&format!("return document.querySelectorAll('{sel}').length"))
                    .as_u64()
                    .unwrap_or(0)
                    > 0)
                .then_some(())
            });
            // the first refresh's late requests (flows of sources not known before)
            std::thread::sleep(std::time::Duration::from_millis(1500));
            // the API requests made (path, started before the wasm ran), what the loader
            // asked, and what the app's first refresh asked (its record for this address)
            let v = b.js(&format!(
                "const start = performance.getEntriesByName('bifrost:start')[0].startTime;
                 const api = performance.getEntriesByType('resource')
                   .filter(e => /\\/(db\\/list|table\\/synclist\\/list|synclist|flow\\/get)\\?/.test(e.name))
                   .map(e => [e.name.replace(location.origin, ''), e.startTime < start]);
                 const kept = JSON.parse(localStorage.getItem('bifrost-dashboard.first-requests') || '[]');
                 const mine = kept.find(e => e[0] === {address:?});
                 return [api, window.__bifrostEarly.asked.filter(u => u !== 'config.json'),
                         mine ? mine[1] : null]"
            ));
            let what = format!("{page}, {visit} visit: {v}");
            let api: Vec<(String, bool)> = v[0]
                .as_array()
                .unwrap_or_else(|| panic!("resource entries: {v}"))
                .iter()
                .map(|e| {
                    (
                        e[0].as_str().unwrap_or_default().to_owned(),
                        e[1] == json!(true),
                    )
                })
                .collect();
            let mut made: Vec<String> = api.iter().map(|(p, _)| p.clone()).collect();
            made.sort_unstable();
            let mut once = made.clone();
            once.dedup();
            assert_eq!(made, once, "a request asked twice: {what}");
            // the very first load (the generation not known yet) of a v1 server asked v2
            // first, and leaves no record
            let first_v1 = !v2 && page == "overview" && visit == "first";
            assert_eq!(
                v[2].is_null(),
                first_v1,
                "the first refresh's record: {what}"
            );
            let by_loader = strings(&v[1]);
            let by_app = if first_v1 {
                made.clone()
            } else {
                strings(&v[2])
            };
            assert_eq!(made, by_app, "a request asked in vain: {what}");
            if !first_v1 {
                assert_eq!(
                    by_loader, by_app,
                    "not every request left from the loader: {what}"
                );
            } else {
                let v1 = |u: &String| u.contains("/synclist?") || u.contains("&type=");
                let by_app: Vec<String> = by_app.into_iter().filter(|u| !v1(u)).collect();
                assert_eq!(
                    by_loader, by_app,
                    "not every v2 guess left from the loader: {what}"
                );
            }
            // With a record of the last visit, the requests leave as the page is parsed:
            // before the app's module script runs. (Without, they wait for config.json's
            // body, which the browser reads between the wasm's start-up tasks: the benchmark
            // times that.)
            if recorded {
                assert!(api.iter().all(|(_, before)| *before), "{what}");
            }
            recorded = !v[2].is_null();
        }
        assert!(
            recorded,
            "{page}: no record of a first refresh after three visits"
        );
    }
    assert_eq!(csp_violations(&b), Vec::<String>::new());
}

#[test]
fn subpath_hosting_with_deep_links_and_a_malformed_config() {
    let s = sub_stack(false);
    write_config(&s.dist, &two_instances());
    // /ops/bifrost redirects to the slash; any path under it is the app
    let (st, h, _) = get(s.web.port, "/ops/bifrost", &[]);
    assert_eq!(st, 301);
    assert!(
        header(&h, "location")
            .unwrap_or_default()
            .ends_with("/ops/bifrost/"),
        "{h}"
    );
    let (st, h, body) = get(s.web.port, "/ops/bifrost/somewhere/deep", &[]);
    assert_eq!(st, 200);
    assert!(String::from_utf8_lossy(&body).contains("/ops/bifrost/bifrost-dashboard"));
    assert!(header(&h, "content-security-policy").is_some(), "{h}");
    let (st, h, _) = get(s.web.port, "/ops/bifrost/config.json", &[]);
    assert_eq!(st, 200);
    assert_eq!(header(&h, "cache-control"), Some("no-cache"));
    for a in assets(&s.dist) {
        let (st, h, _) = get(s.web.port, &format!("/ops/bifrost/{a}"), &[]);
        assert_eq!(st, 200, "{a}");
        assert!(header(&h, "cache-control")
            .unwrap_or_default()
            .contains("immutable"));
    }
    // Nothing is served at the root: the app lives only under its sub-path.
    assert_eq!(get(s.web.port, "/index.html", &[]).0, 404);

    // A deep link under the sub-path restores the view, on the named instance.
    let b = browser_watching_csp();
    b.goto(
        &s.web
            .url("/ops/bifrost/deep/link?page=sources&instance=prod-b"),
    );
    eventually(30, "prod-b's sources", || {
        (b.js("return document.querySelectorAll('#sources tr.source').length")
            .as_u64()
            .unwrap_or(0)
            > 0)
        .then_some(())
    });
    assert_eq!(
        b.js("return document.querySelector('#instance').value"),
        Value::String("prod-b".into())
    );
    assert!(s.web.access_log().contains("GET /bifrost/prod-b/db/list"));
    assert_eq!(csp_violations(&b), Vec::<String>::new());
    // The switcher moves to prod-a: its requests go to its own prefix.
    let before = s
        .web
        .access_log()
        .matches("GET /bifrost/prod-a/db/list")
        .count();
    b.set_value("#instance", "prod-a");
    eventually(20, "instance=prod-a in the URL and its requests", || {
        let n = s
            .web
            .access_log()
            .matches("GET /bifrost/prod-a/db/list")
            .count();
        (b.url().contains("instance=prod-a") && n > before).then_some(())
    });
    assert_no_browser_credentials(&s.web.access_log());

    // Mounted into an element of a host page (README, "Embed in a portal"): the stylesheet
    // and loader copied from index.html, the config named by data-config.
    let index = std::fs::read_to_string(s.dist.join("index.html")).expect("index.html");
    let css_link = index
        .lines()
        .find(|l| l.contains("rel=\"stylesheet\""))
        .expect("the stylesheet link");
    let loader = &index[index.find("<script type=\"module\"").expect("the loader")..];
    let loader = &loader[..loader.find("</script>").expect("loader end") + "</script>".len()];
    let host = format!(
        "<!doctype html><html><head>{css_link}</head><body><h1 id=\"host-title\">Host page</h1>\
         <div id=\"bifrost-dashboard\" data-config=\"/ops/bifrost/config.json\"></div>\
         <p id=\"host-footer\">footer</p>{loader}</body></html>"
    );
    std::fs::write(s.dist.join("host.html"), host).expect("host.html");
    b.goto(&s.web.url("/ops/bifrost/host.html?page=instances"));
    eventually(30, "the dashboard inside the host page's element", || {
        (b.js("return document.querySelectorAll('#bifrost-dashboard #instances .instance').length")
            == json!(2))
        .then_some(())
    });
    assert_eq!(b.text("#host-title"), "Host page");
    assert_eq!(b.text("#host-footer"), "footer");
    assert_eq!(
        b.js("return document.querySelectorAll('body > header.top').length"),
        json!(0),
        "nothing mounted outside the element"
    );

    // A malformed config.json says so on the page instead of a blank screen.
    write_config(
        &s.dist,
        &json!({"instances": [{"name": "x", "prefix": "https://evil.example/"}]}),
    );
    b.goto(&s.web.url("/ops/bifrost/"));
    let msg = eventually(20, "the configuration error", || {
        let t = b.text("#config-error");
        (!t.is_empty()).then_some(t)
    });
    assert!(msg.contains("instances[0].prefix"), "{msg}");
    std::fs::write(s.dist.join("config.json"), "{\"instances\": [").expect("write");
    b.goto(&s.web.url("/ops/bifrost/"));
    eventually(20, "the JSON error", || {
        b.text("#config-error")
            .contains("config.json")
            .then_some(())
    });
}

#[test]
fn all_instances_overview_survives_one_instance_stopping() {
    let mut s = sub_stack(false);
    write_config(&s.dist, &two_instances());
    let b = Browser::start(1280, 800);
    b.goto(&s.web.url("/ops/bifrost/?page=instances&refresh=5"));
    let card = |name: &str, field: &str| {
        b.text(&format!(
            "#instances .instance[data-instance='{name}'] .{field}"
        ))
    };
    eventually(40, "numbers for both instances", || {
        let ok = ["prod-a", "prod-b"].iter().all(|n| {
            let running = card(n, "running");
            running.contains('/') && !card(n, "failing").contains('—')
        });
        ok.then_some(())
    });
    // the numbers are each instance's own: sources running matches its /db/list
    for name in ["prod-a", "prod-b"] {
        let (_, _, body) = get(
            s.web.port,
            &format!("/bifrost/{name}/db/list?format=json"),
            &[],
        );
        let v: Value = serde_json::from_slice(&body).expect("json");
        let total = v.as_object().map(|o| o.len()).unwrap_or(0);
        let shown = card(name, "running");
        assert!(
            shown.ends_with(&format!("/ {total}")),
            "{name}: {shown} vs {total} sources"
        );
    }
    assert_eq!(b.text("#instances .banner"), "", "no error while both run");

    // Stop prod-b: its card shows an error, prod-a keeps being refreshed without one.
    drop(s.b.take());
    eventually(60, "prod-b's error", || {
        (!card("prod-b", "banner").is_empty()).then_some(())
    });
    let a_before = s
        .web
        .access_log()
        .matches("GET /bifrost/prod-a/db/list")
        .count();
    eventually(20, "prod-a refreshed after prod-b stopped", || {
        let n = s
            .web
            .access_log()
            .matches("GET /bifrost/prod-a/db/list")
            .count();
        (n > a_before).then_some(())
    });
    assert_eq!(card("prod-a", "banner"), "", "prod-a is unaffected");
    assert!(card("prod-a", "running").contains('/'));
    // prod-b's last good numbers stay beside the error
    assert!(card("prod-b", "running").contains('/'));
}

#[test]
fn embedded_in_a_portal_of_another_origin_it_posts_its_height() {
    let s = sub_stack(true);
    let portal = format!("http://127.0.0.1:{}", s.web.portal_port);
    let mut config = two_instances();
    config["embed"] = json!({ "target_origin": portal });
    write_config(&s.dist, &config);
    let dash_origin = format!("http://127.0.0.1:{}", s.web.port);
    let page = format!(
        "<!doctype html><html><body><h1>Portal</h1>\
         <iframe id=\"dash\" src=\"{dash_origin}/ops/bifrost/?embed=1&page=instances\" \
          style=\"width:900px;height:200px;border:0\"></iframe>\
         <script>window.__msgs = [];\
         addEventListener('message', e => {{ window.__msgs.push({{origin: e.origin, data: e.data}});\
           if (e.origin === '{dash_origin}' && e.data && e.data.type === 'bifrost-dashboard:height')\
             document.getElementById('dash').style.height = e.data.height + 'px'; }});\
         </script></body></html>"
    );
    std::fs::write(s.web.dir.join("portal/index.html"), page).expect("portal page");

    let b = browser_watching_csp();
    b.goto(&format!("{portal}/"));
    // the last message is the current height (it grows as the data arrives)
    let last_height = || {
        let m = b.js(&format!(
            "return window.__msgs.filter(m => m.origin === '{dash_origin}' && m.data \
             && m.data.type === 'bifrost-dashboard:height').map(m => m.data.height)"
        ));
        m.as_array()
            .and_then(|a| a.iter().rev().find_map(Value::as_u64))
            .filter(|h| *h > 100)
    };
    eventually(40, "a height message from the dashboard", last_height);
    assert_eq!(
        csp_violations(&b),
        Vec::<String>::new(),
        "frame-ancestors allows the portal"
    );
    // compared with the latest message each time: more may come while the data arrives
    eventually(10, "the portal sized the frame", || {
        let h = b.js("return document.getElementById('dash').getBoundingClientRect().height");
        (h.as_f64().map(|h| h as u64) == last_height()).then_some(())
    });

    // Chrome-less: the same URL at the top level has no header, and posts nothing to itself.
    b.goto(&s.web.url("/ops/bifrost/?embed=1&page=instances"));
    eventually(30, "the embedded page", || {
        (b.js("return document.querySelectorAll('#instances .instance').length")
            .as_u64()
            == Some(2))
        .then_some(())
    });
    assert_eq!(
        b.js("return document.querySelectorAll('header.top').length"),
        json!(0)
    );
    b.goto(&s.web.url("/ops/bifrost/?page=instances"));
    eventually(30, "the header without embed", || {
        (b.js("return document.querySelectorAll('header.top #instance').length") == json!(1))
            .then_some(())
    });

    // A portal origin the CSP does not list cannot frame the dashboard.
    let (st, h, _) = get(s.web.port, "/ops/bifrost/", &[]);
    assert_eq!(st, 200);
    let csp = header(&h, "content-security-policy")
        .unwrap_or_default()
        .to_string();
    assert!(
        csp.contains(&format!("frame-ancestors 'self' {portal}")),
        "{csp}"
    );
}

/// `body` decoded from its Content-Encoding (none, gzip or br) by the command-line tools.
fn decoded(encoding: Option<&str>, body: Vec<u8>) -> Vec<u8> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let tool = match encoding {
        None => return body,
        Some("gzip") => "gzip",
        Some(_) => "brotli",
    };
    let mut child = Command::new(tool)
        .args(["-d", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect(tool);
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&body));
    let out = child.wait_with_output().expect(tool);
    writer.join().expect("writer").expect("write");
    assert!(out.status.success(), "{tool} -d");
    out.stdout
}
