//! Rows, filtering, sorting and the summary, on the real samples.

#[path = "fixtures/samples.rs"]
mod samples;

use bifrost_dashboard::model::health::{Lag, OutputState, SourceState};
use bifrost_dashboard::model::rows::{
    filter_rows, first_line, sort_rows, sync_rows, RowFilter, SortKey, SyncRow,
};
use bifrost_dashboard::model::summary::summarize;
use bifrost_dashboard::wire::{parse_db_list, parse_sync_list, DbList};

fn live() -> (DbList, Vec<SyncRow>) {
    let dbs = parse_db_list(&samples::read("live.db_list.json")).unwrap();
    let l = parse_sync_list(&samples::read("live.synclist.all.json")).unwrap();
    let rows = sync_rows(&l, &dbs);
    (dbs, rows)
}

#[test]
fn live_rows() {
    let (_, rows) = live();
    assert_eq!(rows.len(), 5);
    let keys: Vec<_> = rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "mysqllocal/testdb/orders/bh1/1",
            "mysqllocal/testdb/orders/tc1/2",
            "mysqllocal/testdb/users/bh1/1",
            "mysqllocal/testdb/users/tc1/2",
            "mysqllocal/testdb/users/httpfail/3",
        ]
    );
    let http = &rows[4];
    assert_eq!(http.state, OutputState::Failing);
    assert_eq!(http.status, "running");
    assert_eq!(http.plugin, "http");
    assert_eq!(
        http.error_first_line,
        "sendToServer:httpfail Commit Debug Err:goroutine 991 [running]:"
    );
    assert_eq!(http.error.len(), 1482);
    assert_eq!(http.error_wait_data, None);
    assert_eq!(http.queue, 518);
    assert_eq!(http.lag, Lag::Seconds(545));
    assert_eq!(http.last_success.as_ref().unwrap().binlog_position, 55533);
    assert_eq!(
        rows[0].last_success, None,
        "blackhole's all-zero LastSuccessBinlog is 'never'"
    );
    assert_eq!(rows[0].last_queue.as_ref().unwrap().binlog_position, 553468);
    assert!(rows[..4]
        .iter()
        .all(|r| r.state == OutputState::Ok && r.lag == Lag::CaughtUp));
    assert_eq!(rows[1].qualified_table(), "testdb.orders");
}

#[test]
fn first_line_is_cut() {
    assert_eq!(first_line("\n\n  hello  \nworld"), "hello");
    assert_eq!(first_line(""), "");
    let long = "é".repeat(500);
    let f = first_line(&long);
    assert_eq!(f.chars().count(), 241);
    assert!(f.ends_with('…'));
}

#[test]
fn filters() {
    let (_, rows) = live();
    let f = |flt: RowFilter| filter_rows(&rows, &flt);
    assert_eq!(f(RowFilter::default()), vec![0, 1, 2, 3, 4]);
    assert_eq!(
        f(RowFilter {
            text: "HTTPFAIL".into(),
            ..Default::default()
        }),
        vec![4]
    );
    assert_eq!(
        f(RowFilter {
            text: "goroutine".into(),
            ..Default::default()
        }),
        vec![4],
        "searches errors"
    );
    assert_eq!(
        f(RowFilter {
            text: "testdb.orders".into(),
            ..Default::default()
        }),
        vec![0, 1]
    );
    assert_eq!(
        f(RowFilter {
            text: "users tablecount".into(),
            ..Default::default()
        }),
        vec![3],
        "all terms"
    );
    assert_eq!(
        f(RowFilter {
            text: "blackhole".into(),
            ..Default::default()
        }),
        vec![0, 2],
        "plugin"
    );
    assert_eq!(
        f(RowFilter {
            state: Some(OutputState::Ok),
            ..Default::default()
        }),
        vec![0, 1, 2, 3]
    );
    assert_eq!(
        f(RowFilter {
            problems_only: true,
            ..Default::default()
        }),
        vec![4]
    );
    assert_eq!(
        f(RowFilter {
            to_server_key: Some("tc1".into()),
            ..Default::default()
        }),
        vec![1, 3]
    );
    assert_eq!(
        f(RowFilter {
            db: Some("other".into()),
            ..Default::default()
        }),
        Vec::<usize>::new()
    );
}

#[test]
fn sorting() {
    let (_, rows) = live();
    let sorted = |key, desc| {
        let mut idx: Vec<usize> = (0..rows.len()).collect();
        sort_rows(&rows, &mut idx, key, desc);
        idx
    };
    assert_eq!(sorted(SortKey::Queue, true)[0], 4);
    assert_eq!(sorted(SortKey::State, true)[0], 4);
    assert_eq!(sorted(SortKey::Lag, true)[0], 4);
    assert_eq!(sorted(SortKey::Lag, false)[4], 4);
    assert_eq!(sorted(SortKey::ToServerKey, false), vec![0, 2, 4, 1, 3]);
    assert_eq!(
        sorted(SortKey::Table, true),
        vec![2, 4, 3, 0, 1],
        "ties by key"
    );
    // Unknown last-success sorts last in both directions.
    assert_eq!(*sorted(SortKey::LastSuccess, false).last().unwrap(), 2);
    assert_eq!(*sorted(SortKey::LastSuccess, true).last().unwrap(), 2);
    for k in SortKey::ALL {
        let mut a = sorted(k, false);
        a.sort();
        assert_eq!(a, vec![0, 1, 2, 3, 4]);
    }
}

#[test]
fn summary_of_live_samples() {
    let (dbs, rows) = live();
    let s = summarize(&dbs, &rows);
    assert_eq!(s.sources_total, 1);
    assert_eq!(s.sources_by_state, vec![(SourceState::Running, 1)]);
    assert_eq!(s.sources_problem, 0);
    assert_eq!((s.outputs_total, s.outputs_failing), (5, 1));
    assert_eq!(
        s.outputs_by_state,
        vec![(OutputState::Failing, 1), (OutputState::Ok, 4)]
    );
    assert_eq!(s.total_queue, 518);
    assert_eq!(s.failing.len(), 1);
    assert_eq!(s.failing[0].key, "mysqllocal/testdb/users/httpfail/3");
    assert_eq!(s.failing[0].index, 4);
    assert!(s.failing[0]
        .error_first_line
        .starts_with("sendToServer:httpfail"));
    assert_eq!(
        s.top_backlog.iter().map(|h| h.queue).collect::<Vec<_>>(),
        vec![518]
    );
    assert_eq!(
        s.top_lag.iter().map(|h| h.lag).collect::<Vec<_>>(),
        vec![Lag::Seconds(545)]
    );
}

#[test]
fn summary_top_five_and_empty() {
    let s = summarize(&Default::default(), &[]);
    assert_eq!((s.sources_total, s.outputs_total), (0, 0));
    let (dbs, rows) = live();
    let mut many = Vec::new();
    for i in 0..8 {
        let mut r = rows[4].clone();
        r.key = format!("k{i}");
        r.queue = i;
        r.lag = Lag::Seconds(100 - i);
        many.push(r);
    }
    let s = summarize(&dbs, &many);
    assert_eq!(
        s.top_backlog.iter().map(|h| h.queue).collect::<Vec<_>>(),
        vec![7, 6, 5, 4, 3]
    );
    assert_eq!(s.top_lag.len(), 5);
    assert_eq!(s.top_lag[0].lag, Lag::Seconds(100));
    assert_eq!(s.failing.len(), 8);
}
