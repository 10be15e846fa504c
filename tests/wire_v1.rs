//! The v1 API (the original v1 API page): fixtures from its examples.

use bifrost_dashboard::model::flow::{normalize, rates};
use bifrost_dashboard::model::health::{OutputState, SourceState};
use bifrost_dashboard::model::rows::sync_rows;
use bifrost_dashboard::wire::{parse_db_list, parse_flow, parse_sync_list, ApiError};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/v1")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn v1_db_list() {
    let dbs = parse_db_list(&fixture("db_list.json")).unwrap();
    let db = &dbs["myTest"];
    assert_eq!(db.connect_uri, "root:@tcp(127.0.0.1:3306)/test");
    // v1 leaves "running" in ConnErr: not an error.
    assert_eq!(db.conn_err, "running");
    assert_eq!(SourceState::from_db(db), SourceState::Running);
    assert_eq!(db.binlog_dump_file_name, "mysql-bin.000015");
    assert_eq!(db.binlog_dump_position, 43311);
    assert_eq!(db.replicate_do_db.len(), 2);
    assert_eq!(db.server_id, 167);
    // Fields v1 did not have default to zero values.
    assert_eq!(
        (
            db.input_type.as_str(),
            db.binlog_dump_timestamp,
            db.last_event_id
        ),
        ("", 0, 0)
    );
}

#[test]
fn v1_bare_array_sync_list() {
    let l = parse_sync_list(&fixture("synclist.json")).unwrap();
    assert_eq!(l.tables.len(), 2);
    assert!(
        l.outputs.is_empty() && l.channels.is_empty(),
        "v1 fills only tables"
    );
    let o = &l.tables[0].to_server_list[0];
    assert_eq!(o.plugin_name, "hprose");
    assert_eq!(o.to_server_key, "sdfsdfsf");
    assert_eq!(o.plugin_param, serde_json::json!({}));
    assert_eq!(o.last_success_binlog, None);
    assert_eq!(o.queue_msg_count, 0);
    assert_eq!(OutputState::from_to_server(o), OutputState::Idle);
    assert!(l.tables[1].to_server_list.is_empty());
    // One row per table x output: the table without outputs makes none.
    assert_eq!(sync_rows(&l, &Default::default()).len(), 1);
}

#[test]
fn v1_sync_list_with_failure_and_null_lists() {
    let l = parse_sync_list(&fixture("synclist_failing.json")).unwrap();
    assert_eq!(l.tables.len(), 2);
    let o = &l.tables[0].to_server_list[0];
    assert_eq!(o.field_list, None);
    assert!(o.plugin_param.is_null());
    assert_eq!((o.binlog_file_num, o.binlog_position), (12, 4711));
    assert!(
        l.tables[1].to_server_list.is_empty(),
        "null ToServerList -> empty"
    );
    let rows = sync_rows(&l, &Default::default());
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.state, OutputState::Failing);
    assert_eq!(
        r.error_first_line,
        "Error 1146: Table 'shop.orders' doesn't exist"
    );
    let ewd = r.error_wait_data.as_deref().unwrap();
    assert!(ewd.contains("\"EventType\": \"insert\""), "{ewd}");
    assert!(ewd.contains('\n'), "pretty-printed");
}

#[test]
fn v1_null_sync_list_is_empty() {
    assert!(parse_sync_list("null").unwrap().tables.is_empty());
    assert!(parse_sync_list(" [] ").unwrap().tables.is_empty());
}

#[test]
fn v1_flow_minute() {
    let pts = parse_flow(&fixture("flow.minute.json")).unwrap();
    assert_eq!(pts.len(), 12);
    assert_eq!(pts[0].time, 1555079740);
    // Irregular spacing (10 s after 1555079780) is not a gap at a 5 s step.
    let r = rates(&pts, 5);
    assert_eq!(r.points.len(), 11);
    assert!(r.gaps.is_empty() && r.restarts.is_empty());
    assert!(r.points.iter().all(|p| p.rows_per_s == 0.0));
    assert_eq!(normalize(&pts).last().unwrap().time, 1555079805);
}

#[test]
fn v1_auth_status_false() {
    let e = parse_db_list(&fixture("auth_error.json")).unwrap_err();
    assert_eq!(
        e,
        ApiError::Auth {
            msg: "user or password error".into()
        }
    );
}
