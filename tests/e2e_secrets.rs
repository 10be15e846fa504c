//! End-to-end: no password leaves nginx. Every recipe of deploy/nginx/ (root,
//! sub-path with a v2 and a v1 Bifrost, sign-in) runs with only its CHANGE values replaced in
//! front of simulators whose every DSN password holds the marker `S3cr3tMark3r` (source
//! `ConnectUri`, output `ConnUri` of MySQL, Redis, Kafka SASL, ClickHouse and http basic-auth
//! targets, `password=` parameters, errors quoting a DSN). Each endpoint and scope is fetched
//! raw through nginx, plain and gzip, and must not hold a marker byte sequence (the masker
//! itself, cut buffers and large bodies: `e2e_mask`); one access restriction of the recipes
//! is switched on; the app still shows masked DSNs.
//!
//! Run with `cargo xtask e2e` (or `cargo test --features e2e --test e2e_secrets` with E2E_DIST,
//! E2E_DIST_SUBPATH and E2E_SIM set).

mod support;

use serde_json::Value;
use std::process::Command;
use support::deploy::{portal_recipe, Web, ROOT_CONF, SUBPATH_CONF};
use support::secrets::{basic, fetch, has_marker, root_web, SIM_ARGS};
use support::{eventually, mask_socket, replace_once, Sim};

const SIGNIN_CONF: &str = "deploy/nginx/bifrost-dashboard-signin.conf";

/// Fetches each path through nginx plain and with gzip, and straight from the simulator:
/// the simulator's answers hold markers (the test means something), nginx's none.
fn check_paths(web_port: u16, prefix: &str, sim: &Sim, paths: &[&str], auth: Option<&str>) {
    let sim_auth = basic("BifrostMonitor:Bifrost123");
    let mut upstream_markers = 0;
    for path in paths {
        let (_, _, direct) = fetch(sim.port, path, &[("Authorization", &sim_auth)]);
        upstream_markers += usize::from(has_marker(&direct));
        for gzip in [false, true] {
            let mut h: Vec<(&str, &str)> = Vec::new();
            if gzip {
                h.push(("Accept-Encoding", "gzip"));
            }
            if let Some(a) = auth {
                h.push(("Authorization", a));
            }
            let (status, head, body) = fetch(web_port, &format!("{prefix}{path}"), &h);
            assert_eq!(status, 200, "{prefix}{path}: {head}");
            let text = String::from_utf8_lossy(&body);
            assert!(
                !has_marker(&body),
                "a password left nginx: {prefix}{path} (gzip {gzip}): {}",
                &text[..text.len().min(3000)]
            );
            assert!(
                serde_json::from_slice::<Value>(&body).is_ok(),
                "{prefix}{path}: not JSON after masking: {}",
                &text[..text.len().min(500)]
            );
            assert!(
                !head.contains("content-length:") || !head.contains("transfer-encoding"),
                "{head}"
            );
        }
    }
    assert!(
        upstream_markers * 2 >= paths.len().min(4),
        "the simulator's answers should hold markers ({upstream_markers} of {})",
        paths.len()
    );
}

const V2_PATHS: [&str; 10] = [
    "/db/list?format=json",
    "/table/synclist/list?format=json",
    "/table/synclist/list?format=json&DbName=mysqllocal",
    "/table/synclist/list?format=json&SyncStatus=error",
    "/table/synclist/list?format=json&ToServerKey=ck1",
    "/table/synclist/list?format=json&ToServerKey=redis1&SyncStatus=running",
    "/flow/get?format=json&type=minute",
    "/flow/get?format=json&type=hour&dbname=mysqllocal",
    "/flow/get?format=json&type=tenminute&dbname=mysqllocal&schema=testdb&table_name=orders",
    "/table/synclist/list?format=json&DbName=mysqllocal&SchemaName=testdb&TableName=orders",
];
const V1_PATHS: [&str; 5] = [
    "/db/list?format=json",
    "/synclist?format=json",
    "/synclist?format=json&dbname=mysqllocal",
    "/synclist?format=json&dbname=mysqllocal&schema_name=testdb&table_name=orders",
    "/flow/get?format=json&dbname=mysqllocal&channelid=0",
];

#[test]
fn no_password_leaves_the_root_recipe() {
    let sim = Sim::start(&SIM_ARGS);
    let web = root_web("secrets-root", ROOT_CONF, &sim, |c, _| c);
    check_paths(web.port, "", &sim, &V2_PATHS, None);
    // Twice more: the answers come from the shared cache (a HIT is masked too).
    for path in ["/db/list?format=json", "/table/synclist/list?format=json"] {
        let (_, head, body) = fetch(web.port, path, &[("Accept-Encoding", "gzip")]);
        assert!(head.contains("x-cache-status: hit"), "{path}: {head}");
        assert!(!has_marker(&body), "{path} from the cache");
    }
    // The cache on nginx's disk holds the masked answers (the masking hop is before it).
    let mut dirs = vec![web.dir.join("cache")];
    let mut cached = 0;
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).expect("cache folder").flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                let bytes = std::fs::read(e.path()).expect("cache file");
                assert!(
                    !has_marker(&bytes),
                    "a password in the cache: {}",
                    e.path().display()
                );
                cached += 1;
            }
        }
    }
    assert!(cached >= V2_PATHS.len() - 1, "{cached} cached answers");
    // The masked forms, as the dashboard receives them.
    let (_, _, body) = fetch(web.port, "/db/list?format=json", &[]);
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("bifrost:***@tcp(127.0.0.1:3307)"), "{text}");
    let (_, _, body) = fetch(web.port, "/table/synclist/list?format=json", &[]);
    let text = String::from_utf8_lossy(&body);
    for masked in [
        "redis://:***@10.0.3.",
        "kafka://bifrost:***@10.0.4.",
        "sasl.password=***",
        "Password=***",
        "http://hook:***@10.0.6.",
        "bifrost_w:***@tcp(10.0.2.",
    ] {
        assert!(text.contains(masked), "{masked} not in the sync list");
    }
}

#[test]
fn no_password_leaves_the_subpath_recipe_v2_and_v1() {
    let a = Sim::start(&[&SIM_ARGS[..], &["--seed", "11"]].concat());
    let b = Sim::start(&[&SIM_ARGS[..], &["--api", "v1", "--seed", "22"]].concat());
    let (pa, pb) = (a.port, b.port);
    let web = Web::start("secrets-sub", |port, dir, _| {
        let (c, _) = portal_recipe(SUBPATH_CONF, "E2E_DIST_SUBPATH", port, dir);
        let c = replace_once(
            &c,
            "proxy_pass https://127.0.0.1:21036;",
            &format!("proxy_pass http://127.0.0.1:{pa};"),
        );
        let c = replace_once(
            &c,
            "proxy_pass https://127.0.0.1:21037;",
            &format!("proxy_pass http://127.0.0.1:{pb};"),
        );
        let c = replace_once(
            &c,
            "proxy_cache_path /var/lib/nginx/bifrost-dashboard-subpath-cache ",
            &format!("proxy_cache_path {}/cache ", dir.display()),
        );
        mask_socket(
            &c,
            "/run/bifrost-dashboard-subpath-mask.sock",
            &dir.join("cache"),
        )
    });
    check_paths(web.port, "/bifrost/prod-a", &a, &V2_PATHS, None);
    check_paths(web.port, "/bifrost/prod-b", &b, &V1_PATHS, None);
}

#[test]
fn no_password_leaves_the_signin_recipe() {
    let sim = Sim::start(&SIM_ARGS);
    let web = root_web("secrets-signin", SIGNIN_CONF, &sim, |c, _| c);
    let auth = basic("BifrostMonitor:Bifrost123");
    check_paths(web.port, "", &sim, &V2_PATHS, Some(&auth));
}

/// One of the recipes' access restrictions, switched on as the comment says: a password file.
#[test]
fn the_recipes_password_file_restriction_works() {
    let sim = Sim::start(&SIM_ARGS);
    let web = root_web("secrets-access", ROOT_CONF, &sim, |c, dir| {
        let hash = Command::new("openssl")
            .args(["passwd", "-apr1", "Ops-pass-1"])
            .output()
            .expect("openssl passwd");
        let hash = String::from_utf8_lossy(&hash.stdout).trim().to_string();
        std::fs::write(dir.join("htpasswd"), format!("operator:{hash}\n")).expect("htpasswd");
        replace_once(
            &c,
            "#   a password file: auth_basic \"Bifrost Dashboard\"; auth_basic_user_file /etc/nginx/bifrost-dashboard.htpasswd;",
            &format!(
                "auth_basic \"Bifrost Dashboard\"; auth_basic_user_file {}/htpasswd;",
                dir.display()
            ),
        )
    });
    for path in [
        "/",
        "/index.html",
        "/db/list?format=json",
        "/table/synclist/list?format=json",
    ] {
        let (status, _, _) = fetch(web.port, path, &[]);
        assert_eq!(status, 401, "{path} without a password");
        let (status, _, _) = fetch(
            web.port,
            path,
            &[("Authorization", &basic("operator:wrong"))],
        );
        assert_eq!(status, 401, "{path} with a wrong password");
        let (status, _, body) = fetch(
            web.port,
            path,
            &[("Authorization", &basic("operator:Ops-pass-1"))],
        );
        assert_eq!(status, 200, "{path} with the password");
        assert!(!has_marker(&body));
    }
}

/// The app behind the root recipe still shows its pages; a DSN shows masked, nowhere a marker.
#[test]
fn the_dashboard_shows_masked_dsns() {
    let sim = Sim::start(&SIM_ARGS);
    let web = root_web("secrets-app", ROOT_CONF, &sim, |c, _| c);
    let b = support::webdriver::Browser::start(1280, 800);
    for page in ["overview", "sources", "sync"] {
        b.goto(&web.url(&format!("/?page={page}")));
        eventually(40, &format!("the {page} page with data"), || {
            let main = b.text("main");
            (main.len() > 40 && !main.contains("Loading")).then_some(())
        });
        if page == "sources" {
            eventually(20, "a masked DSN", || {
                b.text("main").contains(":***@").then_some(())
            });
        }
        let html = b.js("return document.documentElement.outerHTML");
        let html = html.as_str().unwrap_or_default();
        assert!(!has_marker(html.as_bytes()), "a marker on {page}");
    }
}
