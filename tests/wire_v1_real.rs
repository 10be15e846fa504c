//! A real Bifrost v1.5.3 (`tests/fixtures/bifrost/v1.5.3`): every captured answer goes through
//! the dashboard's own classify and v1 parsers, and what the pages derive from them (sources,
//! outputs, queues, positions, errors, sign-in problems, flow rings) is checked, so the v1 pages
//! are held to what a real v1 sends rather than to the v1 API page.

mod v1_real;

use bifrost_dashboard::client::credentials::{auth_problem, AuthProblem};
use bifrost_dashboard::model::flow::normalize;
use bifrost_dashboard::model::health::{OutputState, SourceState};
use bifrost_dashboard::model::mask::mask_dsn;
use bifrost_dashboard::model::rows::sync_rows;
use bifrost_dashboard::wire::{
    classify, flow_path, parse_db_list, parse_flow, parse_sync_list_as, ApiError, ApiVersion,
    DbList, FlowScope, SyncList, Window,
};
use v1_real::*;

/// A data answer as the dashboard reads it: classified, then parsed by its route's v1 parser.
enum Parsed {
    Sources(DbList),
    Sync(SyncList),
    Flow(usize),
    Refused(ApiError),
}

fn parse(target: &str, c: &Capture) -> Parsed {
    let body = match classify(c.status, c.content_type.as_deref(), None, &c.body) {
        Ok(b) => b,
        Err(e) => return Parsed::Refused(e),
    };
    let path = target.split('?').next().unwrap_or("");
    let parsed = match path {
        "/db/list" => parse_db_list(body).map(Parsed::Sources),
        "/synclist" => parse_sync_list_as(ApiVersion::V1, body).map(Parsed::Sync),
        "/flow/get" => parse_flow(body).map(|p| Parsed::Flow(p.len())),
        _ => panic!("{target}: not a data route"),
    };
    parsed.unwrap_or_else(|e| panic!("{target}: {e:?}"))
}

/// What every answer that parsed must hold whatever its filters.
fn check_parsed(name: &str, p: &Parsed) {
    match p {
        Parsed::Sources(d) => assert!(d.contains_key("mariadb_src"), "{name}"),
        Parsed::Sync(l) => assert!(
            l.tables.iter().all(|t| t.db_name == "mariadb_src"),
            "{name}"
        ),
        Parsed::Flow(n) => assert!([0, 12, 96, 120, 144].contains(n), "{name}: {n} points"),
        Parsed::Refused(e) => panic!("{name}: {e:?}"),
    }
}

#[test]
fn every_request_has_its_capture_and_every_data_answer_parses() {
    let reqs = requests();
    assert!(reqs.len() > 60, "{} requests", reqs.len());
    let mut parsed = 0;
    for (user, method, target) in &reqs {
        let name = capture_name(user, method, target);
        let c = capture(&name);
        let path = target.split('?').next().unwrap_or("");
        if !matches!(path, "/db/list" | "/synclist" | "/flow/get") {
            continue;
        }
        let json = target.contains("format=json");
        match (user.as_str(), parse(target, &c)) {
            // no credentials: a 302 to /login with an HTML body, even with format=json
            ("none", Parsed::Refused(e)) => assert_eq!(e, ApiError::LoginRedirect, "{name}"),
            ("bad", Parsed::Refused(e)) => assert_eq!(
                e,
                ApiError::Auth {
                    msg: "Password error".into()
                },
                "{name}"
            ),
            // without format=json the answers are Bifrost's HTML pages
            ("mon", Parsed::Refused(e)) if !json => assert_eq!(e, ApiError::Html, "{name}"),
            ("mon", Parsed::Refused(e)) if method == "POST" && path != "/flow/get" => {
                assert!(matches!(e, ApiError::Auth { .. }), "{name}: {e:?}")
            }
            ("mon", Parsed::Refused(e)) => panic!("{name}: refused {e:?}"),
            ("mon", p) => {
                check_parsed(&name, &p);
                parsed += 1
            }
            (u, _) => panic!("{name}: {u} was not refused"),
        }
    }
    assert!(parsed > 45, "only {parsed} answers parsed");
}

#[test]
fn the_source() {
    let dbs = sources();
    assert_eq!(dbs.keys().collect::<Vec<_>>(), ["mariadb_src"]);
    let db = &dbs["mariadb_src"];
    // v1 leaves "running" in ConnErr: not an error
    assert_eq!(db.conn_err, "running");
    assert_eq!(SourceState::from_db(db), SourceState::Running);
    assert_eq!(
        (db.binlog_dump_file_name.as_str(), db.binlog_dump_position),
        ("mysql-bin.000001", 23228)
    );
    assert_eq!(db.binlog_dump_timestamp, 1796161415);
    assert_eq!(
        (db.channel_count, db.last_channel_id, db.table_count),
        (1, 1, 2)
    );
    let shown = mask_dsn(&db.connect_uri);
    assert!(!shown.contains("ReplPass123"), "{shown}");
}

#[test]
fn outputs_queues_positions_and_errors() {
    let rows = sync_rows(&sync("synclist__format=json"), &sources());
    let mut keys: Vec<_> = rows
        .iter()
        .map(|r| format!("{}.{} {}", r.schema, r.table, r.to_server_key))
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "testdb.orders blackhole_sink",
            "testdb.orders http_down",
            "testdb.users blackhole_sink"
        ]
    );
    let down = rows
        .iter()
        .find(|r| r.to_server_key == "http_down")
        .unwrap();
    assert_eq!(down.state, OutputState::Failing);
    assert_eq!(down.queue, 40, "QueueMsgCount is v1's queue too");
    assert_eq!(
        down.error_first_line,
        "Post \"http://127.0.0.1:9/\": dial tcp 127.0.0.1:9: connect: connection refused"
    );
    // the JSON-encoded string is shown as the object it encodes, not escaped
    let ewd = down.error_wait_data.as_deref().expect("ErrorWaitData");
    assert!(ewd.contains("\"EventType\": \"insert\""), "{ewd}");
    assert!(ewd.contains('\n') && !ewd.contains("\\\""), "{ewd}");
    // v1 positions: LastBinlog* is the queue's, BinlogFileNum/BinlogPosition the success's
    let pos = |p: &Option<bifrost_dashboard::wire::BinlogPos>| {
        p.as_ref().map(|p| (p.binlog_file_num, p.binlog_position))
    };
    assert_eq!(pos(&down.last_queue), Some((1, 22934)));
    assert_eq!(pos(&down.last_success), None, "never succeeded");
    let sink = rows
        .iter()
        .find(|r| r.table == "users" && r.to_server_key == "blackhole_sink")
        .unwrap();
    assert_eq!(sink.state, OutputState::Idle);
    assert_eq!(sink.error_wait_data, None);
    assert_eq!(pos(&sink.last_queue), Some((1, 23197)));
    assert_eq!(pos(&sink.last_success), Some((1, 23197)));
}

#[test]
fn error_wait_data_decodes_to_the_v2_shape() {
    let l = sync("synclist__sync_status=error__format=json");
    let o = &l.tables[0].to_server_list[0];
    assert_eq!(o.error_wait_data["EventType"], "insert");
    assert_eq!(o.error_wait_data["Rows"][0]["name"], "o1");
    assert_eq!(o.error_wait_data["BinlogPosition"], 1792);
    // an object (v2), null, an empty or a non-JSON string all read sensibly
    let with = |ewd: &str| {
        let body = format!(r#"[{{"ToServerList":[{{"ErrorWaitData":{ewd}}}]}}]"#);
        let l = parse_sync_list_as(ApiVersion::V1, &body).expect(ewd);
        l.tables[0].to_server_list[0].error_wait_data.clone()
    };
    assert_eq!(with(r#"{"A":1}"#), serde_json::json!({"A": 1}));
    assert_eq!(with(r#""{\"A\":1}""#), serde_json::json!({"A": 1}));
    assert!(with("null").is_null() && with(r#""""#).is_null());
    assert_eq!(with(r#""not json""#), serde_json::json!("not json"));
}

#[test]
fn sync_list_filters() {
    // sync_status filters on a real v1: only the failing output, its table kept
    let err = sync("synclist__sync_status=error__format=json");
    assert_eq!(err.tables.len(), 1);
    assert_eq!(err.tables[0].to_server_list.len(), 1);
    assert_eq!(err.tables[0].to_server_list[0].to_server_key, "http_down");
    // unknown db, channel or table, or a table without its db: an empty list, not an error
    for name in [
        "synclist__dbname=nosuch__format=json",
        "synclist__channelid=2__format=json",
        "synclist__schema_name=testdb__table_name=orders__format=json",
        "synclist__dbname=mariadb_src__schema_name=testdb__table_name=nosuch__format=json",
        "synclist__toserverkey=nosuch__format=json",
    ] {
        assert!(sync(name).tables.is_empty(), "{name}");
    }
    let one =
        sync("synclist__dbname=mariadb_src__schema_name=testdb__table_name=orders__format=json");
    assert_eq!(one.tables.len(), 1);
    assert_eq!(one.tables[0].to_server_list.len(), 2);
}

#[test]
fn sign_in_problems() {
    let refused = |name: &str| {
        let c = capture(name);
        classify(c.status, c.content_type.as_deref(), None, &c.body).expect_err(name)
    };
    let e = refused("db_list__format=json__noauth");
    assert_eq!(e, ApiError::LoginRedirect);
    assert_eq!(auth_problem(&e), Some(AuthProblem::Missing));
    // where the browser follows the redirect: v1's login page, at /login
    let login = capture("login");
    let e = classify(
        200,
        login.content_type.as_deref(),
        Some("https://h/login"),
        "",
    )
    .expect_err("login URL");
    assert_eq!(e, ApiError::LoginRedirect);
    let e = classify(200, login.content_type.as_deref(), None, &login.body).expect_err("login");
    assert_eq!(e, ApiError::LoginRedirect);
    let e = refused("db_list__format=json__badpw");
    assert_eq!(auth_problem(&e), Some(AuthProblem::WrongPassword));
    // an Authorization header that is not Basic: no usable credentials
    let e = refused("db_list__format=json__bearer");
    assert_eq!(
        e,
        ApiError::Auth {
            msg: "Author error".into()
        }
    );
    assert_eq!(auth_problem(&e), Some(AuthProblem::Missing));
    // the monitor user on a write route: a permission problem, not a sign-in one
    for name in ["db_add__format=json__POST", "db_add__dbname=x__GET"] {
        let e = refused(name);
        assert!(matches!(&e, ApiError::Auth { msg } if msg.contains("no authority")));
        assert_eq!(auth_problem(&e), None, "{name}");
    }
}

#[test]
fn flow_rings() {
    for w in Window::ALL {
        for scope in [
            "",
            "__dbname=mariadb_src",
            "__dbname=mariadb_src__schema=testdb__table_name=orders",
        ] {
            let name = format!("flow_get__format=json__type={}{scope}", w.param());
            let pts = parse_flow(&capture(&name).body).expect(&name);
            assert_eq!(pts.len(), w.slots(), "{name}");
            // unfilled slots only at the front, and none left after normalizing
            let first = pts.iter().position(|p| p.time != 0).unwrap_or(pts.len());
            assert!(pts[first..].iter().all(|p| p.time != 0), "{name}");
            assert!(normalize(&pts).iter().all(|p| p.time != 0), "{name}");
        }
    }
    // numeric channel ids, unknown types, dbs and tables, schema without table: no data
    for name in [
        "flow_get__format=json__type=minute__dbname=mariadb_src__channelid=0",
        "flow_get__format=json__type=minute__dbname=mariadb_src__channelid=1",
        "flow_get__format=json__type=minute__dbname=mariadb_src__channelid=2",
        "flow_get__format=json__type=bogus",
        "flow_get__format=json__type=Minute",
        "flow_get__format=json__type=minute__dbname=nosuch",
        "flow_get__format=json__type=minute__dbname=mariadb_src__schema=testdb",
        "flow_get__format=json__type=minute__dbname=mariadb_src__schema=testdb__table_name=nosuch",
    ] {
        assert!(
            parse_flow(&capture(name).body).expect(name).is_empty(),
            "{name}"
        );
    }
}

#[test]
fn channel_flow_is_asked_by_name() {
    let scope = FlowScope::Channel {
        db: "mariadb_src".into(),
        channel_name: "default".into(),
        channel_id: 1,
    };
    let target = flow_path("", ApiVersion::V1, &scope, Window::Minute);
    assert!(target.ends_with("&channelid=default"), "{target}");
    // the request the dashboard builds is one that was captured, and it has the channel's data
    let channel = parse_flow(&capture(&capture_name("mon", "GET", &target)).body).expect(&target);
    let db = parse_flow(&capture("flow_get__format=json__type=minute__dbname=mariadb_src").body)
        .expect("db");
    assert_eq!(channel.len(), 12);
    assert_eq!(channel, db, "the only channel carries all of the source");
}
