//! Every real Bifrost v2.4.1 answer in tests/fixtures/bifrost/v2.4.1, parsed and checked.

#[path = "fixtures/samples.rs"]
mod samples;

use bifrost_dashboard::model::flow::{normalize, rates};
use bifrost_dashboard::wire::{
    classify, detect_version, parse_db_list, parse_flow, parse_sync_list, parse_sync_list_v2,
    ApiError, ApiVersion, Window,
};
use samples::{captured, captured_pair, read};

/// Flow samples: (file, raw ring length or None for `null`, filled slots, last filled point).
#[allow(clippy::type_complexity)]
const FLOWS: &[(&str, Option<usize>, usize, Option<(i64, i64, i64)>)] = &[
    ("flow.all.day.json", Some(144), 0, None),
    ("flow.all.eighthour.json", Some(96), 0, None),
    (
        "flow.all.hour.json",
        Some(120),
        1,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.all.minute.json",
        Some(12),
        6,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.all.tenminute.json",
        Some(120),
        6,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.channel_default.hour.json",
        Some(120),
        1,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.channel_default.minute.json",
        Some(12),
        8,
        Some((1796069435, 216, 7119)),
    ),
    (
        "flow.channel_default.tenminute.json",
        Some(120),
        8,
        Some((1796069435, 216, 7119)),
    ),
    ("flow.channel_id1.minute.json", None, 0, None),
    ("flow.db.day.json", Some(144), 0, None),
    ("flow.db.eighthour.json", Some(96), 0, None),
    (
        "flow.db.hour.json",
        Some(120),
        1,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.db.minute.json",
        Some(12),
        6,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.db.tenminute.json",
        Some(120),
        6,
        Some((1796069425, 144, 4725)),
    ),
    ("flow.invalid_type.json", Some(0), 0, None),
    ("flow.schema_only.minute.json", None, 0, None),
    ("flow.table_orders.day.json", Some(144), 0, None),
    ("flow.table_orders.eighthour.json", Some(96), 0, None),
    (
        "flow.table_orders.hour.json",
        Some(120),
        1,
        Some((1796069425, 108, 3357)),
    ),
    (
        "flow.table_orders.minute.json",
        Some(12),
        6,
        Some((1796069425, 108, 3357)),
    ),
    (
        "flow.table_orders.tenminute.json",
        Some(120),
        6,
        Some((1796069425, 108, 3357)),
    ),
    ("flow.table_users.day.json", Some(144), 0, None),
    ("flow.table_users.eighthour.json", Some(96), 0, None),
    ("flow.table_users.hour.json", Some(120), 0, None),
    ("flow.table_users.minute.json", Some(12), 0, None),
    ("flow.table_users.tenminute.json", Some(120), 0, None),
    ("flow.type_uppercase.json", Some(0), 0, None),
    ("flow.unknown_db.minute.json", None, 0, None),
    ("flow.unknown_table.minute.json", None, 0, None),
    (
        "flow.v1_lowercase_params.json",
        Some(12),
        8,
        Some((1796069435, 216, 7119)),
    ),
    ("flow_get.all_minute.empty.json", Some(12), 0, None),
    (
        "live.flow.all.day.json",
        Some(144),
        1,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.all.eighthour.json",
        Some(96),
        2,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.all.hour.json",
        Some(120),
        20,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.all.minute.json",
        Some(12),
        12,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.all.tenminute.json",
        Some(120),
        120,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.channel_default.day.json",
        Some(144),
        1,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.channel_default.eighthour.json",
        Some(96),
        2,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.channel_default.hour.json",
        Some(120),
        20,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.channel_default.minute.json",
        Some(12),
        12,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.channel_default.tenminute.json",
        Some(120),
        120,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.db.day.json",
        Some(144),
        1,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.db.eighthour.json",
        Some(96),
        2,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.db.hour.json",
        Some(120),
        20,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.db.minute.json",
        Some(12),
        12,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.db.tenminute.json",
        Some(120),
        120,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.table_orders.day.json",
        Some(144),
        1,
        Some((1796069995, 3360, 208118)),
    ),
    (
        "live.flow.table_orders.eighthour.json",
        Some(96),
        2,
        Some((1796069995, 3360, 208118)),
    ),
    (
        "live.flow.table_orders.hour.json",
        Some(120),
        20,
        Some((1796069995, 3360, 208118)),
    ),
    (
        "live.flow.table_orders.minute.json",
        Some(12),
        12,
        Some((1796070010, 3444, 213550)),
    ),
    (
        "live.flow.table_orders.tenminute.json",
        Some(120),
        120,
        Some((1796070010, 3444, 213550)),
    ),
    ("live.flow.table_users.day.json", Some(144), 0, None),
    ("live.flow.table_users.eighthour.json", Some(96), 0, None),
    ("live.flow.table_users.hour.json", Some(120), 0, None),
    ("live.flow.table_users.minute.json", Some(12), 0, None),
    ("live.flow.table_users.tenminute.json", Some(120), 0, None),
];

/// Every non-flow sample, each checked by a test below.
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

// ---------- /db/list ----------

#[test]
fn db_list_first_minute() {
    let dbs = parse_db_list(&read("db_list.json")).unwrap();
    assert_eq!(dbs.len(), 1);
    let db = &dbs["mysqllocal"];
    assert_eq!(db.name, "mysqllocal");
    assert_eq!(db.input_type, "mysql");
    assert_eq!(
        db.connect_uri,
        "bifrost:bifrostpw@tcp(127.0.0.1:3307)/information_schema"
    );
    assert_eq!(db.conn_status, "running");
    assert_eq!(db.conn_err, "");
    assert_eq!(
        (db.channel_count, db.last_channel_id, db.table_count),
        (1, 1, 2)
    );
    assert_eq!(db.binlog_dump_file_name, "mysql-bin.000001");
    assert_eq!(db.binlog_dump_position, 16911);
    assert!(!db.is_gtid);
    assert_eq!(db.gtid, "");
    assert_eq!(db.binlog_dump_timestamp, 1796069427);
    assert_eq!(db.last_event_id, 242);
    assert_eq!(db.max_binlog_dump_file_name, "");
    assert_eq!(db.max_binlog_dump_position, 0);
    assert_eq!(db.replicate_do_db.get("testdb"), Some(&1));
    assert_eq!(db.server_id, 65001);
    assert_eq!(db.add_time, 1796069399);
}

#[test]
fn db_list_live() {
    let dbs = parse_db_list(&read("live.db_list.json")).unwrap();
    let db = &dbs["mysqllocal"];
    assert_eq!(db.binlog_dump_position, 552540);
    assert_eq!(db.binlog_dump_timestamp, 1796070015);
    assert_eq!(db.last_event_id, 8642);
}

#[test]
fn db_list_empty_with_headers() {
    let c = captured_pair("db_list.empty.headers", "db_list.empty.json");
    assert_eq!(c.status, 200);
    assert_eq!(c.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(c.header("content-length"), Some("2"));
    let body = classify(c.status, c.header("content-type"), None, &c.body).unwrap();
    assert!(parse_db_list(body).unwrap().is_empty());
}

// ---------- sync list ----------

#[test]
fn synclist_all_first_minute() {
    let l = parse_sync_list(&read("synclist.all.json")).unwrap();
    assert_eq!(l.tables.len(), 2);
    assert_eq!(
        l.tables
            .iter()
            .map(|t| format!("{}.{}.{}", t.db_name, t.schema_name, t.table_name))
            .collect::<Vec<_>>(),
        ["mysqllocal.testdb.orders", "mysqllocal.testdb.users"]
    );
    let o = &l.tables[0].to_server_list[0];
    assert_eq!(o.to_server_id, 1);
    assert_eq!(o.plugin_name, "blackhole");
    assert!(o.must_be_success && !o.filter_query && !o.filter_update);
    assert_eq!(o.field_list, Some(vec![]));
    assert_eq!(o.to_server_key, "bh1");
    let ls = o.last_success_binlog.as_ref().unwrap();
    assert!(ls.is_zero(), "blackhole never records a success");
    let lq = o.last_queue_binlog.as_ref().unwrap();
    assert_eq!(
        (
            lq.binlog_file_num,
            lq.binlog_position,
            lq.timestamp,
            lq.event_id
        ),
        (1, 19706, 1796069430, 286)
    );
    assert_eq!(
        (o.binlog_file_num, o.binlog_position),
        (0, 0),
        "legacy fields stay 0"
    );
    assert_eq!(o.plugin_param["BifrostMustBeSuccess"], true);
    assert_eq!(o.status, "running");
    assert_eq!(o.error, "");
    assert!(o.error_wait_data.is_null());
    assert_eq!((o.last_binlog_file_num, o.last_binlog_position), (1, 19706));
    assert_eq!(o.queue_msg_count, 0);
    assert_eq!(o.thread_count, 1);
    assert!(!o.file_queue_status);
    assert_eq!(l.outputs.len(), 1);
    assert_eq!(l.outputs["bh1"].plugin_version, "v1.6.0");
    assert!(l.channels.is_empty(), "ChannelList is null without DbName");

    let v2 = parse_sync_list_v2(&read("synclist.all.json")).unwrap();
    assert_eq!(v2.channel_list, None);
    assert_eq!(v2.db_list["mysqllocal"].binlog_dump_position, 16911);
}

#[test]
fn synclist_db_has_channels_and_output_info() {
    let v2 = parse_sync_list_v2(&read("synclist.db.json")).unwrap();
    assert_eq!(v2.db_name, "mysqllocal");
    assert_eq!(v2.channel_id, 0);
    let ch = &v2.channel_list.as_ref().unwrap()["1"];
    assert_eq!(ch.name, "default");
    assert_eq!((ch.max_thread_num, ch.current_thread_num), (1, 1));
    assert_eq!(ch.status, "running");
    let bh1 = &v2.to_server_key_list["bh1"];
    assert_eq!(bh1.plugin_name, "blackhole");
    assert_eq!(bh1.conn_uri, "blackhole");
    assert_eq!(bh1.notes, "blackhole test");
    assert_eq!(
        (
            bh1.last_id,
            bh1.current_conn,
            bh1.max_conn,
            bh1.min_conn,
            bh1.available_conn
        ),
        (2, 2, 2, 1, 2)
    );
    assert_eq!(bh1.update_time, 1796069402);
    let l = parse_sync_list(&read("synclist.db.json")).unwrap();
    assert_eq!(l.channels["1"].name, "default");
    assert_eq!(l.tables.len(), 2);
}

#[test]
fn synclist_db_channel_running_filter_echo() {
    let v2 = parse_sync_list_v2(&read("synclist.db_channel_running.json")).unwrap();
    assert_eq!(v2.sync_status, "running");
    assert_eq!(v2.channel_id, 1);
    assert_eq!(v2.sync_list.len(), 2);
    assert!(v2
        .sync_list
        .iter()
        .flat_map(|t| &t.to_server_list)
        .all(|o| o.status == "running"));
}

#[test]
fn synclist_empty() {
    let v2 = parse_sync_list_v2(&read("synclist.empty.json")).unwrap();
    assert!(v2.sync_list.is_empty() && v2.db_list.is_empty() && v2.to_server_key_list.is_empty());
    assert_eq!(v2.channel_list, None);
    let l = parse_sync_list(&read("synclist.empty.json")).unwrap();
    assert_eq!(l, Default::default());
}

#[test]
fn synclist_error_toserver_stack_trace_while_running() {
    let v2 = parse_sync_list_v2(&read("synclist.error_toserver.json")).unwrap();
    assert_eq!(
        (
            v2.schema_name.as_str(),
            v2.table_name.as_str(),
            v2.to_server_key.as_str()
        ),
        ("testdb", "users", "httpfail")
    );
    assert_eq!(v2.sync_list.len(), 1);
    let o = &v2.sync_list[0].to_server_list[0];
    assert_eq!(o.status, "running");
    assert_eq!(o.error.len(), 1482);
    assert!(o
        .error
        .starts_with("sendToServer:httpfail Commit Debug Err:goroutine"));
    assert!(o.error.contains("runtime/debug.Stack()"));
    assert_eq!(o.queue_msg_count, 21);
    assert_eq!(o.plugin_param["Timeout"], 2);
    assert_eq!(v2.to_server_key_list.len(), 3);
    assert_eq!(
        v2.to_server_key_list["httpfail"].conn_uri,
        "http://127.0.0.1:9/bifrost"
    );
}

#[test]
fn synclist_syncstatus_error() {
    let v2 = parse_sync_list_v2(&read("synclist.syncstatus_error.json")).unwrap();
    assert_eq!(v2.sync_status, "error");
    assert_eq!(v2.sync_list.len(), 1);
    let o = &v2.sync_list[0].to_server_list[0];
    assert_eq!(o.to_server_key, "httpfail");
    assert!(!o.error.is_empty());
    assert_eq!(v2.db_list["mysqllocal"].binlog_dump_timestamp, 1796069493);
}

#[test]
fn synclist_table_toserver() {
    let l = parse_sync_list(&read("synclist.table_toserver.json")).unwrap();
    assert_eq!(l.tables.len(), 1);
    assert_eq!(l.tables[0].table_name, "orders");
    assert_eq!(l.tables[0].to_server_list.len(), 1);
    assert_eq!(l.tables[0].to_server_list[0].to_server_key, "bh1");
}

#[test]
fn synclist_live_all_and_db() {
    for f in ["live.synclist.all.json", "live.synclist.db.json"] {
        let l = parse_sync_list(&read(f)).unwrap();
        let outs: Vec<_> = l
            .tables
            .iter()
            .flat_map(|t| {
                t.to_server_list
                    .iter()
                    .map(move |o| (t.table_name.as_str(), o))
            })
            .collect();
        assert_eq!(outs.len(), 5, "{f}");
        let (table, http) = outs
            .iter()
            .find(|(_, o)| o.to_server_key == "httpfail")
            .unwrap();
        assert_eq!(*table, "users");
        assert_eq!(http.queue_msg_count, 518);
        assert_eq!(
            http.last_success_binlog.as_ref().unwrap().timestamp,
            1796069470
        );
        let tc1 = outs
            .iter()
            .find(|(_, o)| o.to_server_key == "tc1")
            .unwrap()
            .1;
        assert_eq!(
            tc1.last_success_binlog.as_ref().unwrap().binlog_position,
            41403
        );
        assert_eq!(
            tc1.last_queue_binlog.as_ref().unwrap().binlog_position,
            553468
        );
        assert_eq!(l.outputs.len(), 3);
    }
    assert!(parse_sync_list(&read("live.synclist.all.json"))
        .unwrap()
        .channels
        .is_empty());
    assert_eq!(
        parse_sync_list(&read("live.synclist.db.json"))
            .unwrap()
            .channels
            .len(),
        1
    );
}

#[test]
fn synclist_unknown_db_is_an_empty_body() {
    let body = read("synclist.unknown_db.json");
    assert!(body.is_empty());
    assert_eq!(
        classify(200, Some("text/plain; charset=utf-8"), None, &body),
        Err(ApiError::EmptyBody)
    );
    assert_eq!(parse_sync_list(&body), Err(ApiError::EmptyBody));
}

#[test]
fn old_route_on_v2_is_an_empty_body_without_content_type() {
    let c = captured_pair("synclist_old_route.headers", "synclist_old_route.json");
    assert_eq!(c.status, 200);
    assert_eq!(c.header("content-type"), None);
    assert_eq!(c.header("content-length"), Some("0"));
    let r = classify(c.status, c.header("content-type"), None, &c.body);
    assert_eq!(r, Err(ApiError::EmptyBody));
    // The same answer to the v2 probe route means a v1 server.
    assert_eq!(detect_version(&r), Some(ApiVersion::V1));
    let v2 = read("synclist.all.json");
    assert_eq!(
        detect_version(&classify(200, Some("text/plain"), None, &v2)),
        Some(ApiVersion::V2)
    );
}

// ---------- flow ----------

#[test]
fn every_flow_sample() {
    for &(name, raw_len, filled, last) in FLOWS {
        let body = read(name);
        let pts = parse_flow(&body).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        match raw_len {
            None => {
                assert_eq!(body.trim(), "null", "{name}");
                assert!(pts.is_empty());
            }
            Some(n) => assert_eq!(pts.len(), n, "{name}"),
        }
        // A full ring has the window's slot count.
        let ty = name.trim_end_matches(".json").rsplit('.').next().unwrap();
        if let (Some(w), Some(n)) = (Window::from_param(ty), raw_len) {
            if n > 0 {
                assert_eq!(n, w.slots(), "{name}");
            }
        }
        let norm = normalize(&pts);
        assert_eq!(norm.len(), filled, "{name}");
        assert_eq!(
            norm.last().map(|p| (p.time, p.count, p.byte_size)),
            last,
            "{name}"
        );
        // Unfilled slots are only at the front.
        let first_filled = pts.iter().position(|p| p.time != 0).unwrap_or(pts.len());
        assert!(pts[first_filled..].iter().all(|p| p.time != 0), "{name}");
    }
}

#[test]
fn flow_empty_headers_match_the_all_zero_minute_ring() {
    let c = captured_pair("flow.empty.headers", "flow_get.all_minute.empty.json");
    assert_eq!(c.status, 200);
    assert_eq!(c.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(c.header("content-length"), Some("409"));
    assert_eq!(c.body.len(), 409);
    let body = classify(c.status, c.header("content-type"), None, &c.body).unwrap();
    let pts = parse_flow(body).unwrap();
    assert_eq!(pts.len(), 12);
    let r = rates(&pts, Window::Minute.step_secs());
    assert!(r.points.is_empty() && r.restarts.is_empty() && r.gaps.is_empty());
}

#[test]
fn flow_unknown_type_and_uppercase_type_are_empty_not_errors() {
    assert_eq!(parse_flow(&read("flow.invalid_type.json")), Ok(vec![]));
    assert_eq!(parse_flow(&read("flow.type_uppercase.json")), Ok(vec![]));
    assert_eq!(
        parse_flow(&read("flow.channel_id1.minute.json")),
        Ok(vec![])
    );
}

#[test]
fn flow_v1_lowercase_params_are_ignored_by_v2() {
    // `dbname`/`type` ignored: the server-wide minute ring, same as channel default at that moment.
    assert_eq!(
        parse_flow(&read("flow.v1_lowercase_params.json")).unwrap(),
        parse_flow(&read("flow.channel_default.minute.json")).unwrap()
    );
}

// ---------- auth and friends (headers + body) ----------

fn classify_captured(name: &str) -> Result<String, ApiError> {
    let c = captured(name);
    classify(c.status, c.header("content-type"), None, &c.body).map(str::to_string)
}

#[test]
fn auth_samples_become_auth_errors() {
    for (name, msg) in [
        ("auth_ip_refused.txt", "ip is refused"),
        ("auth_none_json.txt", "session time out"),
        ("auth_wrong_password.txt", "user or password error"),
        ("cors_preflight.txt", "session time out"),
    ] {
        let c = captured(name);
        assert_eq!(c.status, 200, "{name}");
        assert_eq!(
            classify_captured(name),
            Err(ApiError::Auth { msg: msg.into() }),
            "{name}"
        );
        // The parsers see it as auth too, never as a shape error.
        assert_eq!(
            parse_db_list(&c.body),
            Err(ApiError::Auth { msg: msg.into() })
        );
        assert_eq!(
            parse_sync_list(&c.body),
            Err(ApiError::Auth { msg: msg.into() })
        );
        assert_eq!(parse_flow(&c.body), Err(ApiError::Auth { msg: msg.into() }));
        assert_eq!(detect_version(&Ok(c.body.as_str())), None, "{name}");
    }
}

#[test]
fn auth_monitor_write_is_auth() {
    let body = read("auth_monitor_write.json");
    let e = parse_db_list(&body).unwrap_err();
    assert_eq!(
        e,
        ApiError::Auth {
            msg: "user group : [ monitor ] no authority".into()
        }
    );
    assert!(e.message().contains("no authority"));
}

#[test]
fn auth_none_html_redirect_is_login() {
    let c = captured("auth_none_html.txt");
    assert_eq!(c.status, 302);
    assert_eq!(c.header("location"), Some("/login/index"));
    assert!(c.body.starts_with("<a href=\"/login/index\">Found</a>."));
    // Bifrost wrote its JSON after the redirect page: HTML wins.
    assert!(c.body.contains("\"status\":-1"));
    assert_eq!(
        classify_captured("auth_none_html.txt"),
        Err(ApiError::LoginRedirect)
    );
    // fetch() follows the redirect: the final URL tells it all.
    assert_eq!(
        classify(
            200,
            Some("text/html"),
            Some("https://h/bifrost/login/index"),
            "<html></html>"
        ),
        Err(ApiError::LoginRedirect)
    );
}

#[test]
fn session_login_is_a_success_object() {
    let c = captured("session_login.txt");
    assert!(c.header("set-cookie").unwrap().starts_with("xgo_cookie="));
    let body = classify(c.status, c.header("content-type"), None, &c.body).unwrap();
    assert_eq!(body, "{\"status\":1,\"msg\":\"success\",\"data\":null}");
}

#[test]
fn cors_preflight_has_no_cors_headers() {
    let c = captured("cors_preflight.txt");
    assert!(c
        .headers
        .iter()
        .all(|(k, _)| !k.starts_with("access-control-")));
}
