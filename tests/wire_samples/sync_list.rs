//! The sync list: v2's `/table/synclist/list` with its filters, live answers, an unknown
//! data source and the old v1 route on a v2 server.

use crate::samples::{captured_pair, read};
use bifrost_dashboard::wire::{
    classify, detect_version, parse_sync_list, parse_sync_list_v2, ApiError, ApiVersion,
};

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
