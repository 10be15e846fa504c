//! What the dashboard derives from a real Bifrost v1.5.3's answers beyond parsing them: one
//! row order whatever order v1 sends, tables without outputs, the filters it is sent, source
//! errors and the output keys to filter by.

mod v1_real;

use bifrost_dashboard::model::rows::sync_rows;
use bifrost_dashboard::wire::{parse_sync_list_as, ApiVersion};
use v1_real::*;

#[test]
fn row_order_is_the_same_whatever_order_bifrost_sends() {
    // a real v1 gives its tables in another order on every call (Go map order)
    let list = sync("synclist__format=json");
    let mut reversed = list.clone();
    reversed.tables.reverse();
    for t in &mut reversed.tables {
        t.to_server_list.reverse();
    }
    let (a, b) = (
        sync_rows(&list, &sources()),
        sync_rows(&reversed, &sources()),
    );
    assert_eq!(a, b);
    // ties of a sort stay where they were: both outputs of orders queue 0 or 40, sorted by
    // queue then by row key, whatever the input order
    use bifrost_dashboard::model::rows::{sort_rows, SortKey};
    let order = |rows: &[bifrost_dashboard::model::rows::SyncRow]| {
        let mut idx: Vec<usize> = (0..rows.len()).collect();
        sort_rows(rows, &mut idx, SortKey::Queue, false);
        idx.iter().map(|&i| rows[i].key.clone()).collect::<Vec<_>>()
    };
    assert_eq!(order(&a), order(&b));
}

#[test]
fn a_table_without_outputs_is_named() {
    use bifrost_dashboard::model::rows::tables_without_outputs;
    let body = r#"[{"DbName":"mariadb_src","SchemaName":"testdb","TableName":"gone","ToServerList":[]},
        {"DbName":"mariadb_src","SchemaName":"testdb","TableName":"orders","ToServerList":[{"ToServerKey":"k"}]}]"#;
    let list = parse_sync_list_as(ApiVersion::V1, body).expect("list");
    assert_eq!(sync_rows(&list, &sources()).len(), 1, "no row for it");
    assert_eq!(
        tables_without_outputs(&list),
        vec![("mariadb_src".into(), "testdb".into(), "gone".into())]
    );
    assert!(tables_without_outputs(&sync("synclist__format=json")).is_empty());
}

#[test]
fn the_sync_status_filter_is_sent_to_v1_too() {
    use bifrost_dashboard::wire::{sync_list_path, SyncQuery, SyncStatusFilter};
    let q = SyncQuery {
        status: Some(SyncStatusFilter::Error),
        ..SyncQuery::default()
    };
    let target = sync_list_path("", ApiVersion::V1, &q);
    assert!(target.contains("sync_status=error"), "{target}");
    // the captured answer to that filter: only the failing output
    let l = sync("synclist__sync_status=error__format=json");
    assert_eq!(l.tables[0].to_server_list[0].to_server_key, "http_down");
}

#[test]
fn running_in_conn_err_is_not_shown_as_an_error() {
    use bifrost_dashboard::model::health::conn_error;
    let dbs = sources();
    assert_eq!(conn_error(&dbs["mariadb_src"]), None);
    let mut failing = dbs["mariadb_src"].clone();
    failing.conn_err = "dial tcp 10.0.0.1:3306: connect: connection refused".into();
    assert_eq!(conn_error(&failing), Some(failing.conn_err.as_str()));
}

#[test]
fn v1_output_filter_offers_the_keys_its_rows_name() {
    use bifrost_dashboard::model::rows::output_keys;
    assert_eq!(
        output_keys(&sync("synclist__format=json")),
        ["blackhole_sink", "http_down"]
    );
}
