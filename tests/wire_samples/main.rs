//! Every real Bifrost v2.4.1 answer in tests/fixtures/bifrost/v2.4.1, parsed and checked.
//!
//! One module per answer kind: `db_list`, `sync_list`, `flow` and `auth` (auth errors, the
//! login and the CORS preflight); this file checks that every sample is covered.

#[path = "../fixtures/samples.rs"]
mod samples;

mod auth;
mod db_list;
mod flow;
mod sync_list;

use flow::FLOWS;

/// Every non-flow sample, each checked by a test in `db_list`, `sync_list` or `auth`.
const OTHERS: &[&str] = &[
    "auth_ip_refused.txt",
    "auth_monitor_write.json",
    "auth_none_html.txt",
    "auth_none_json.txt",
    "auth_wrong_password.txt",
    "cors_preflight.txt",
    "db_list.empty.headers",
    "db_list.empty.json",
    "db_list.json",
    "flow.empty.headers",
    "live.db_list.json",
    "live.synclist.all.json",
    "live.synclist.db.json",
    "session_login.txt",
    "synclist.all.json",
    "synclist.db.json",
    "synclist.db_channel_running.json",
    "synclist.empty.json",
    "synclist.error_toserver.json",
    "synclist.syncstatus_error.json",
    "synclist.table_toserver.json",
    "synclist.unknown_db.json",
    "synclist_old_route.headers",
    "synclist_old_route.json",
];

#[test]
fn every_sample_file_is_covered_by_a_test() {
    let mut known: Vec<String> = FLOWS
        .iter()
        .map(|f| f.0.to_string())
        .chain(OTHERS.iter().map(|s| s.to_string()))
        .collect();
    known.sort();
    assert_eq!(
        samples::list(),
        known,
        "a sample was added or removed: cover it"
    );
}
