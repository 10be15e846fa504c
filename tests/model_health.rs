//! Status vocabulary and lag, on the real samples.

#[path = "fixtures/samples.rs"]
mod samples;

use bifrost_dashboard::model::health::{
    binlog_distance, binlog_file_num, output_lag, BinlogDistance, Lag, OutputState, SourceState,
};
use bifrost_dashboard::wire::{parse_db_list, parse_sync_list, BinlogPos, DbInfo, ToServer};

fn live() -> (bifrost_dashboard::wire::DbList, Vec<(String, ToServer)>) {
    let dbs = parse_db_list(&samples::read("live.db_list.json")).unwrap();
    let l = parse_sync_list(&samples::read("live.synclist.all.json")).unwrap();
    let outs = l
        .tables
        .into_iter()
        .flat_map(|t| {
            let table = t.table_name.clone();
            t.to_server_list
                .into_iter()
                .map(move |o| (format!("{table}/{}", o.to_server_key), o))
        })
        .collect();
    (dbs, outs)
}

#[test]
fn live_lag_healthy_outputs_are_caught_up_even_with_stale_last_success() {
    let (dbs, outs) = live();
    let src = dbs.get("mysqllocal");
    let lag = |k: &str| output_lag(src, &outs.iter().find(|(n, _)| n == k).unwrap().1);
    // blackhole: LastSuccessBinlog all zero, queue empty, LastQueueBinlog past the source.
    assert_eq!(lag("orders/bh1"), Lag::CaughtUp);
    assert_eq!(lag("users/bh1"), Lag::CaughtUp);
    // TableCount: LastSuccessBinlog 561 s old on a healthy output (MariaDB): not a lag.
    assert_eq!(lag("orders/tc1"), Lag::CaughtUp);
    assert_eq!(lag("users/tc1"), Lag::CaughtUp);
    // httpfail: failing, 518 queued, last success at 1796069470 vs source 1796070015.
    assert_eq!(lag("users/httpfail"), Lag::Seconds(545));
}

#[test]
fn first_minute_lag() {
    let dbs = parse_db_list(&samples::read("db_list.json")).unwrap();
    let l = parse_sync_list(&samples::read("synclist.db.json")).unwrap();
    for t in &l.tables {
        for o in &t.to_server_list {
            assert_eq!(output_lag(dbs.get(&t.db_name), o), Lag::CaughtUp);
        }
    }
    // Error sample: its own DbList snapshot; 1796069493 - 1796069470.
    let v2 =
        bifrost_dashboard::wire::parse_sync_list_v2(&samples::read("synclist.error_toserver.json"))
            .unwrap();
    let o = &v2.sync_list[0].to_server_list[0];
    assert_eq!(
        output_lag(v2.db_list.get("mysqllocal"), o),
        Lag::Seconds(23)
    );
    assert_eq!(OutputState::from_to_server(o), OutputState::Failing);
}

fn src(file: &str, pos: i64, ts: i64) -> DbInfo {
    DbInfo {
        binlog_dump_file_name: file.into(),
        binlog_dump_position: pos,
        binlog_dump_timestamp: ts,
        ..Default::default()
    }
}

fn bp(file: i64, pos: i64, ts: i64) -> Option<BinlogPos> {
    Some(BinlogPos {
        binlog_file_num: file,
        binlog_position: pos,
        timestamp: ts,
        event_id: 1,
        gtid: String::new(),
    })
}

#[test]
fn lag_rules() {
    let s = src("mysql-bin.000003", 5000, 1000);
    let base = ToServer {
        status: "running".into(),
        ..Default::default()
    };
    // Nothing known.
    assert_eq!(output_lag(None, &base), Lag::Unknown);
    assert_eq!(output_lag(Some(&s), &base), Lag::Unknown);
    // Queue empty, last queue within the timestamp slack but earlier position.
    let o = ToServer {
        last_queue_binlog: bp(3, 4000, 997),
        ..base.clone()
    };
    assert_eq!(output_lag(Some(&s), &o), Lag::CaughtUp);
    // Queue empty, later file than the source snapshot.
    let o = ToServer {
        last_queue_binlog: bp(4, 10, 0),
        ..base.clone()
    };
    assert_eq!(output_lag(Some(&s), &o), Lag::CaughtUp);
    // Queue empty, old position and time: a quiet table or a channel behind: unknown.
    let o = ToServer {
        last_queue_binlog: bp(2, 10, 400),
        last_success_binlog: bp(2, 10, 400),
        ..base.clone()
    };
    assert_eq!(output_lag(Some(&s), &o), Lag::Unknown);
    // Rows queued: source time minus last success time.
    let o = ToServer {
        queue_msg_count: 3,
        last_queue_binlog: bp(3, 5000, 1000),
        last_success_binlog: bp(3, 100, 880),
        ..base.clone()
    };
    assert_eq!(output_lag(Some(&s), &o), Lag::Seconds(120));
    // Never negative.
    let o = ToServer {
        queue_msg_count: 3,
        last_success_binlog: bp(3, 100, 2000),
        ..base.clone()
    };
    assert_eq!(output_lag(Some(&s), &o), Lag::Seconds(0));
    // Error with no success recorded: unknown.
    let o = ToServer {
        error: "boom".into(),
        last_queue_binlog: bp(3, 5000, 1000),
        ..base.clone()
    };
    assert_eq!(output_lag(Some(&s), &o), Lag::Unknown);
    assert_eq!(Lag::CaughtUp.secs(), Some(0));
    assert_eq!(Lag::Unknown.secs(), None);
}

#[test]
fn binlog_distances() {
    assert_eq!(binlog_file_num("mysql-bin.000042"), Some(42));
    assert_eq!(binlog_file_num("mysql-bin"), None);
    assert_eq!(binlog_file_num(""), None);
    let s = src("mysql-bin.000003", 5000, 0);
    assert_eq!(
        binlog_distance(&s, &bp(2, 7000, 0).unwrap()),
        Some(BinlogDistance {
            files: 1,
            position: -2000
        })
    );
    assert_eq!(
        binlog_distance(&s, &bp(3, 4000, 0).unwrap()),
        Some(BinlogDistance {
            files: 0,
            position: 1000
        })
    );
    assert_eq!(binlog_distance(&s, &BinlogPos::default()), None);
}

#[test]
fn source_states() {
    use SourceState::*;
    assert_eq!(SourceState::from_parts("running", ""), Running);
    assert_eq!(
        SourceState::from_parts("running", "running"),
        Running,
        "v1 puts running in ConnErr"
    );
    assert_eq!(SourceState::from_parts("starting", ""), Starting);
    assert_eq!(
        SourceState::from_parts("starting", "dial tcp: connection refused"),
        Error
    );
    assert_eq!(SourceState::from_parts("stop", ""), Stopped);
    assert_eq!(SourceState::from_parts("close", "close"), Closed);
    assert_eq!(
        SourceState::from_parts("close", "Error 1045: Access denied"),
        Error
    );
    assert_eq!(
        SourceState::from_parts("paused", ""),
        Unknown("paused".into())
    );
    assert!(Error.severity() > Stopped.severity() && Stopped.severity() > Running.severity());
    for s in [
        Running,
        Starting,
        Stopped,
        Closed,
        Error,
        Unknown("x".into()),
    ] {
        assert!(!s.label().is_empty() && !s.icon().is_empty());
    }
    let dbs = parse_db_list(&samples::read("live.db_list.json")).unwrap();
    assert_eq!(SourceState::from_db(&dbs["mysqllocal"]), Running);
}

#[test]
fn output_states() {
    assert_eq!(OutputState::from_parts("running", ""), OutputState::Ok);
    assert_eq!(OutputState::from_parts("", ""), OutputState::Idle);
    assert_eq!(
        OutputState::from_parts("running", "stack trace"),
        OutputState::Failing
    );
    assert_eq!(OutputState::from_parts("", "err"), OutputState::Failing);
    assert_eq!(OutputState::from_parts("stopped", ""), OutputState::Stopped);
    assert_eq!(OutputState::from_parts("running", "  \n"), OutputState::Ok);
    let labels: std::collections::BTreeSet<_> =
        OutputState::ALL.iter().map(|s| s.label()).collect();
    let icons: std::collections::BTreeSet<_> = OutputState::ALL.iter().map(|s| s.icon()).collect();
    assert_eq!((labels.len(), icons.len()), (4, 4));
}
