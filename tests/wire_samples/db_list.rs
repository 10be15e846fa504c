//! `/db/list`: the first-minute and live answers, and an empty list with its headers.

use crate::samples::{captured_pair, read};
use bifrost_dashboard::wire::{classify, parse_db_list};

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
