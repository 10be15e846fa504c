//! The fault suite: every bad answer and dead upstream, end to end.
//!
//! The trunk-built app (E2E_DIST) behind the repository's nginx config, the simulator
//! (E2E_SIM, plain HTTP so its `/_sim/` knobs are reachable) behind it, headless Chromium in
//! front. Each test asserts what the user sees while the fault lasts (a banner naming the
//! cause, the last good data kept and marked stale, the rest of the page still working) and
//! that the app recovers by itself, without a click, once the fault ends.
//! Big, hostile and odd data are in `e2e_odd_data`, the read-only, credential and resource
//! guarantees in `e2e_guarantees`; the stack they share is in `support/faults.rs`.
//! Run with `cargo xtask e2e` (or `cargo test --features e2e --test e2e_faults` with E2E_DIST
//! and E2E_SIM set).

mod support;

use std::time::{Duration, Instant};
use support::faults::{
    bad_answer_case, recovers, shows_fault_and_keeps_data, sync_page_with_data, Stack,
};
use support::webdriver::Browser;
use support::{env_path, eventually, Nginx, Sim};

// ---------------------------------------------------------------------------------------------
// Dead or slow upstream, broken connections, proxy errors

#[test]
fn upstream_down_then_back() {
    let mut s = Stack::start(&[]);
    let good = sync_page_with_data(&s);
    let port = s.sim().port;
    s.sim = None; // Bifrost stops: nginx cannot connect and answers 502
    shows_fault_and_keeps_data(
        &s,
        &good,
        &["Bifrost unreachable", "HTTP 502", "Bifrost is running"],
        40,
    );
    // Bifrost comes back on the same address.
    s.sim = Some(Sim::start(&[
        "--plain-http",
        "--listen",
        &format!("127.0.0.1:{port}"),
    ]));
    recovers(&s, 45);
}

#[test]
fn upstream_slower_than_the_request_timeout() {
    let s = Stack::start(&[]);
    let good = sync_page_with_data(&s);
    s.fault("mode=hang");
    let started = Instant::now();
    let v = shows_fault_and_keeps_data(&s, &good, &["not answering", "within 10 s"], 45);
    // One timeout per cycle, not one per request: both banners come from the same cycle.
    assert!(
        v.banner_text().matches("not answering").count() >= 2,
        "{v:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(40));
    s.fault("mode=none");
    recovers(&s, 45);
}

#[test]
fn connection_dropped_mid_body() {
    let text = bad_answer_case("mode=dropmid", &["Connection lost", "incomplete"]);
    assert!(text.contains("next refresh"), "{text}");
}

#[test]
fn proxy_504_from_a_gateway() {
    bad_answer_case(
        "mode=gateway&status=504",
        &["Bifrost unreachable", "HTTP 504", "Gateway Timeout"],
    );
}

#[test]
fn proxy_502_from_a_gateway() {
    bad_answer_case(
        "mode=gateway&status=502",
        &["Bifrost unreachable", "HTTP 502", "Bad Gateway"],
    );
}

// ---------------------------------------------------------------------------------------------
// Bad answers with status 200

#[test]
fn empty_body() {
    bad_answer_case("empty=1", &["Empty answer", "empty body"]);
}

#[test]
fn null_answer() {
    bad_answer_case("mode=null", &["Unexpected data", "got null"]);
}

#[test]
fn empty_array_answer() {
    bad_answer_case("mode=emptyarray", &["Unexpected data", "got an array"]);
}

#[test]
fn html_login_page() {
    bad_answer_case("mode=html", &["Not logged in", "login page"]);
}

#[test]
fn auth_session_time_out() {
    bad_answer_case(
        "mode=auth&auth_msg=session+time+out",
        &["Access refused", "\"session time out\"", "basic auth"],
    );
}

#[test]
fn auth_user_or_password_error() {
    bad_answer_case(
        "mode=auth&auth_msg=user+or+password+error",
        &[
            "Access refused",
            "\"user or password error\"",
            "check the user and password",
        ],
    );
}

#[test]
fn auth_ip_is_refused() {
    bad_answer_case(
        "mode=auth&auth_msg=ip+is+refused",
        &["Access refused", "\"ip is refused\"", "4 hours"],
    );
}

#[test]
fn auth_no_authority() {
    bad_answer_case(
        "mode=auth&auth_msg=user+group+%3A+%5B+monitor+%5D+no+authority",
        &["Access refused", "no authority", "only read"],
    );
}

#[test]
fn auth_author_error() {
    bad_answer_case(
        "mode=auth&auth_msg=Author+error",
        &["Access refused", "\"Author error\"", "basic auth"],
    );
}

#[test]
fn truncated_json() {
    bad_answer_case(
        "mode=truncated",
        &["Unreadable answer", "not valid JSON", "line 1"],
    );
}

#[test]
fn field_of_the_wrong_type() {
    // /db/list's BinlogDumpPosition and the sync list's QueueMsgCount arrive as strings: the
    // banners name the field's path.
    bad_answer_case(
        "mode=wrongtype",
        &[
            "Unexpected data",
            "BinlogDumpPosition",
            "QueueMsgCount",
            "invalid type: string",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// A malformed config.json (read once at start-up)

#[test]
fn malformed_config_file() {
    // A private copy of the built app, so its config.json can be broken.
    let dist = std::env::temp_dir().join(format!(
        "bifrost-e2e-config-{}-{}",
        std::process::id(),
        support::free_port()
    ));
    std::fs::create_dir_all(&dist).expect("dist copy");
    for entry in std::fs::read_dir(env_path("E2E_DIST")).expect("E2E_DIST") {
        let p = entry.expect("entry").path();
        if p.is_file() {
            std::fs::copy(&p, dist.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        dist.join("config.json"),
        "{ \"instances\": [ { \"name\": \"prod\", \"prefix\": \"/\" } ], \"refresh\": ",
    )
    .expect("config.json");
    let sim = Sim::start(&["--plain-http"]);
    let nginx = Nginx::start(&dist, sim.port, false);
    let b = Browser::start(1280, 800);
    b.goto(&nginx.url("/?page=sources"));
    let text = eventually(30, "the configuration error", || {
        let t = b.text("#config-error");
        (!t.is_empty()).then_some(t)
    });
    assert!(
        text.contains("configuration is not valid") && text.contains("config.json"),
        "{text}"
    );
    assert!(
        text.contains("line") || text.contains("EOF") || text.contains("end of"),
        "the message names where the file is broken: {text}"
    );
    // Fixed on the server: the next load shows the dashboard (the file is read at start-up).
    std::fs::write(dist.join("config.json"), "{ \"refresh\": 10 }").expect("config.json");
    b.goto(&nginx.url("/?page=sources"));
    eventually(30, "the sources after the fix", || {
        (b.texts("#config-error").is_empty()
            && b.js("return document.querySelectorAll('#sources tr.source').length")
                .as_u64()
                .unwrap_or(0)
                > 0)
        .then_some(())
    });
    drop(b);
    drop(nginx);
    let _ = std::fs::remove_dir_all(&dist);
}
