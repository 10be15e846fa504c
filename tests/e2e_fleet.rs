//! End-to-end: many servers listed once. `deploy/nginx/bifrost-dashboard-fleet.conf` runs with
//! only its CHANGE values replaced, in front of four simulators (v2 over HTTPS, v1, one whose
//! every DSN password holds a marker, one stopped mid-test), with its servers file and
//! config.json written by the generator of `cargo xtask fleet` from one list. Checked: each
//! name reaches its own server with its own credentials and an unknown name is a 404; no
//! password reaches the browser (the answers are masked, config.json and the access log hold
//! none); the fleet table asks each server only for its row (the failing outputs, one flow
//! series); the stopped server goes to the top as not answering while the others refresh;
//! the keyboard and a click open a server's overview; a row counts its server's failing
//! outputs as the server lists them, long error texts and all.
//!
//! Needs E2E_DIST_SUBPATH and E2E_SIM: run with `cargo xtask e2e`.

mod support;

use bifrost_dashboard::model::health::OutputState;
use bifrost_dashboard::model::rows::sync_rows;
use bifrost_dashboard::ui::fleet_poll::LIST_STRING_BYTES;
use bifrost_dashboard::wire::request::{self, ApiVersion, SyncQuery, SyncStatusFilter};
use bifrost_dashboard::wire::{parse_db_list, parse_sync_list_as};
use serde_json::Value;
use support::deploy::{assert_no_browser_credentials, get, repo, Web};
use support::fleet::{fleet_web, FleetServer};
use support::secrets::{basic, fetch, has_marker, SIM_ARGS};
use support::webdriver::Browser;
use support::{eventually, Sim};

struct Fleet {
    sims: Vec<Option<Sim>>,
    web: Web,
}

/// The four servers behind the fleet recipe, configured from one generated list; `more` adds
/// names for the same simulators (by index) or, with `None`, for an address nobody answers.
fn fleet(more: &[(&str, Option<usize>)]) -> Fleet {
    let sims = [
        ("prod-a", Sim::start(&["--seed", "11"]), "https"),
        (
            "prod-b",
            Sim::start(&["--api", "v1", "--seed", "22"]),
            "https",
        ),
        ("marked", Sim::start(&SIM_ARGS), "http"),
        ("edge-9", Sim::start(&["--seed", "33"]), "https"),
    ];
    let mut servers: Vec<FleetServer> = sims
        .iter()
        .map(|(name, sim, scheme)| FleetServer::new(name, scheme, sim.port))
        .collect();
    for (name, sim) in more {
        servers.push(match sim {
            Some(i) => FleetServer::new(name, sims[*i].2, sims[*i].1.port),
            None => FleetServer::new(name, "https", support::free_port()),
        });
    }
    let web = fleet_web("fleet", &servers, Some(5));
    Fleet {
        sims: sims.into_iter().map(|(_, s, _)| Some(s)).collect(),
        web,
    }
}

fn sources_of(port: u16, name: &str) -> usize {
    let (status, head, body) = get(port, &format!("/bifrost/{name}/db/list?format=json"), &[]);
    assert_eq!(status, 200, "{name}: {head}");
    let v: Value = serde_json::from_slice(&body).expect("json");
    v.as_object().map(|o| o.len()).expect("a source map")
}

#[test]
fn one_list_many_servers_trouble_first_and_no_password_in_the_browser() {
    let mut f = fleet(&[]);
    let port = f.web.port;

    // Each name reaches its own server (the simulators' seeds give different source lists).
    for name in ["prod-a", "prod-b", "marked", "edge-9"] {
        assert!(sources_of(port, name) > 0, "{name}");
    }
    let (status, _, _) = get(port, "/bifrost/nobody/db/list?format=json", &[]);
    assert_eq!(status, 404, "a name the list does not hold");
    let (status, _, _) = get(port, "/bifrost/prod-a/login/index", &[]);
    assert_eq!(status, 404, "only the read endpoints");

    // Masked: the marked server's answers hold passwords upstream and none through nginx.
    let marked = f.sims[2].as_ref().expect("marked sim");
    let auth = basic("BifrostMonitor:Bifrost123");
    for path in ["/db/list?format=json", "/table/synclist/list?format=json"] {
        let (_, _, direct) = fetch(marked.port, path, &[("Authorization", &auth)]);
        assert!(has_marker(&direct), "the test means something: {path}");
        for gzip in [&[][..], &[("Accept-Encoding", "gzip")][..]] {
            let (status, head, body) = fetch(port, &format!("/bifrost/marked{path}"), gzip);
            assert_eq!(status, 200, "{head}");
            assert!(!has_marker(&body), "a password through nginx: {path}");
        }
    }
    // config.json is the browser's: names and prefixes, no credentials.
    let (_, _, config) = get(port, "/ops/bifrost/config.json", &[]);
    let config = String::from_utf8_lossy(&config).into_owned();
    assert!(config.contains("\"/bifrost/edge-9/\""), "{config}");
    assert!(
        !config.contains("Basic") && !config.contains("Bifrost123"),
        "{config}"
    );

    // The fleet table: every row has numbers.
    let raw_lines = f.web.access_log().lines().count();
    let b = Browser::start(1280, 800);
    b.goto(&f.web.url("/ops/bifrost/?page=instances&refresh=5"));
    let cell = |name: &str, field: &str| {
        b.text(&format!(
            "#instances tr.instance[data-instance='{name}'] .{field}"
        ))
    };
    eventually(40, "numbers in every row", || {
        ["prod-a", "prod-b", "marked", "edge-9"]
            .iter()
            .all(|n| cell(n, "running").contains('/') && !cell(n, "failing").contains('—'))
            .then_some(())
    });
    // The worker cuts the failing outputs' long error texts before the page decodes them;
    // the row still counts what the server's own list says.
    let listed = || -> (usize, usize) {
        let prefix = "/bifrost/prod-a/";
        let (_, _, db) = get(port, &request::db_list_path(prefix), &[]);
        let q = SyncQuery {
            status: Some(SyncStatusFilter::Error),
            ..SyncQuery::default()
        };
        let (_, _, list) = get(
            port,
            &request::sync_list_path(prefix, ApiVersion::V2, &q),
            &[],
        );
        let db = parse_db_list(&String::from_utf8_lossy(&db)).expect("prod-a's sources");
        let list = parse_sync_list_as(ApiVersion::V2, &String::from_utf8_lossy(&list))
            .expect("prod-a's failing outputs");
        let rows = sync_rows(&list, &db);
        let failing = rows.iter().filter(|r| r.state == OutputState::Failing);
        let longest = failing.clone().map(|r| r.error.len()).max().unwrap_or(0);
        (failing.count(), longest)
    };
    let (_, longest) = listed();
    assert!(
        longest > LIST_STRING_BYTES,
        "the test means something: an error text of {longest} bytes"
    );
    eventually(30, "prod-a's failing outputs counted whole", || {
        let (n, _) = listed();
        (cell("prod-a", "failing").trim() == n.to_string()).then_some(())
    });
    assert!(
        b.text("#fleet-summary").starts_with("4 servers"),
        "{}",
        b.text("#fleet-summary")
    );
    for name in ["prod-a", "prod-b"] {
        let total = sources_of(port, name);
        assert!(
            cell(name, "running").ends_with(&format!("/ {total}")),
            "{name}"
        );
    }

    // Bounded cost: only the failing outputs were asked for, and one flow series per server.
    let log = f.web.access_log();
    let browser_log: Vec<&str> = log.lines().skip(raw_lines).collect();
    let lists: Vec<&str> = browser_log
        .iter()
        .copied()
        .filter(|l| l.contains("/table/synclist/list") || l.contains("/synclist?"))
        .collect();
    assert!(!lists.is_empty());
    for l in &lists {
        assert!(
            l.contains("SyncStatus=error") || l.contains("sync_status=error"),
            "a whole sync list fetched for a row: {l}"
        );
    }
    for l in browser_log.iter().filter(|l| l.contains("/flow/get")) {
        assert!(
            !l.contains("DbName=") && !l.contains("dbname="),
            "a per-source flow for a row: {l}"
        );
    }
    assert_no_browser_credentials(&log);

    // One server stops: it goes to the top as not answering; the others keep refreshing.
    drop(f.sims[3].take());
    eventually(60, "edge-9 on top, not answering", || {
        let first =
            b.js("return document.querySelector('#instances tbody tr.instance')?.dataset.instance");
        (first == "edge-9" && !cell("edge-9", "banner").is_empty()).then_some(())
    });
    assert!(
        cell("edge-9", "running").contains('/'),
        "its last numbers stay"
    );
    let before = f
        .web
        .access_log()
        .matches("GET /bifrost/prod-a/db/list")
        .count();
    eventually(20, "prod-a refreshed meanwhile", || {
        let n = f
            .web
            .access_log()
            .matches("GET /bifrost/prod-a/db/list")
            .count();
        (n > before).then_some(())
    });
    assert_eq!(cell("prod-a", "banner"), "");
    assert!(b.text("#fleet-summary").contains("need attention"));
    // A poll ends at its first failed request: the dead server is asked `/db/list` and
    // nothing after it (its flow or failing outputs would be a second wait per poll).
    let edge_lines = |log: &str| -> Vec<String> {
        log.lines()
            .filter(|l| l.contains("GET /bifrost/edge-9/"))
            .map(str::to_string)
            .collect()
    };
    let asked_before = edge_lines(&f.web.access_log()).len();
    // (polled again after 10 s, then 20 s: it backs off)
    eventually(45, "edge-9 asked twice more while down", || {
        (edge_lines(&f.web.access_log()).len() >= asked_before + 2).then_some(())
    });
    let since: Vec<String> = edge_lines(&f.web.access_log())
        .into_iter()
        .skip(asked_before)
        .collect();
    assert!(
        since.iter().all(|l| l.contains("/db/list")),
        "a dead server asked more than /db/list per poll: {since:?}"
    );

    // The filter, then the keyboard: ↓ then Enter opens that server's overview.
    b.set_value("#fleet-filter", "prod-b");
    eventually(10, "one row left", || {
        (b.js("return document.querySelectorAll('#instances tbody tr.instance').length") == 1)
            .then_some(())
    });
    b.js("const t = document.getElementById('instances'); t.focus();\
         for (const key of ['ArrowDown', 'Enter']) \
           t.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));");
    eventually(10, "prod-b's overview", || {
        let url = b.url();
        (url.contains("instance=prod-b") && !url.contains("page=instances")).then_some(())
    });
    // and back: a click on a row opens it too
    b.goto(&f.web.url("/ops/bifrost/?page=instances&refresh=5"));
    eventually(30, "the table again", || {
        (!cell("prod-a", "running").is_empty()).then_some(())
    });
    b.click("#instances tr.instance[data-instance='prod-a'] td.c-why");
    eventually(10, "prod-a's overview", || {
        b.url().contains("instance=prod-a").then_some(())
    });
    assert_no_browser_credentials(&f.web.access_log());
}

/// The table as a person sees it, at 1280 and 390 wide, in both languages and once dark:
/// into `screenshots/fleet/` (ignored by git).
#[test]
fn screenshots_of_the_fleet_table() {
    let names = [
        ("billing-eu", Some(0)),
        ("billing-us", Some(1)),
        ("crm-replica", Some(3)),
        ("ledger-1", None),
        ("ledger-2", Some(0)),
        ("orders-apac", Some(2)),
        ("search-feed", Some(1)),
        ("warehouse", Some(3)),
    ];
    let f = fleet(&names);
    let shots = repo().join("screenshots/fleet");
    std::fs::create_dir_all(&shots).expect("screenshots dir");
    for (w, h, lang, theme) in [
        (1280, 800, "en", "light"),
        (1280, 800, "zh", "dark"),
        (390, 844, "en", "light"),
        (390, 844, "zh", "light"),
    ] {
        let b = Browser::start(w, h);
        b.goto(&f.web.url("/ops/bifrost/?refresh=0"));
        b.js(&format!(
            "localStorage.setItem('bifrost-dashboard-theme', '{theme}'); return true"
        ));
        b.goto(&f.web.url(&format!(
            "/ops/bifrost/?page=instances&refresh=5&lang={lang}"
        )));
        let rows = names.len() + 4;
        eventually(40, "every row answered or down", || {
            let counts = b.js(
                "return [document.querySelectorAll('#instances tr.instance').length, \
                 document.querySelectorAll('#instances tr.instance[data-level=pending]').length]",
            );
            (counts == serde_json::json!([rows, 0])).then_some(())
        });
        // rows/s known on every server that answers (a fresh simulator's rings fill first)
        eventually(90, "rows/s on every answering row", || {
            let unknown = b.js(
                "return [...document.querySelectorAll('#instances tr.instance:not([data-level=down]) td.rate')]\
                 .filter(td => td.textContent.includes('—')).length",
            );
            (unknown == 0).then_some(())
        });
        b.screenshot(&shots.join(format!("fleet-{w}-{lang}-{theme}.png")));
    }
}
