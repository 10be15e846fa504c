//! Backlog trends and stalls found without a rule: the judgement of a ring of samples, the
//! trend kept across polls (bounded, dropped when an output disappears), and sources whose
//! position stands still while rows arrive.

use std::collections::VecDeque;

use bifrost_dashboard::model::health::{Lag, OutputState};
use bifrost_dashboard::model::rows::SyncRow;
use bifrost_dashboard::model::trend::*;
use bifrost_dashboard::wire::types::{BinlogPos, DbInfo, DbList};

fn s(t: i64, queue: i64, queued: i64, failing: bool) -> Sample {
    Sample {
        t,
        queue,
        queued,
        failing,
    }
}

fn ring(v: &[Sample]) -> VecDeque<Sample> {
    v.iter().copied().collect()
}

const TH: Thresholds = Thresholds {
    enabled: true,
    growing_polls: 3,
    stalled_polls: 3,
    error_polls: 3,
};

fn moved(_: i64) -> bool {
    true
}

fn still(_: i64) -> bool {
    false
}

#[test]
fn a_queue_that_grows_for_three_polls_is_falling_behind_since_the_rise_began() {
    let r = ring(&[
        s(100, 50, 1, true),
        s(105, 40, 2, true),
        s(110, 423, 3, true),
        s(115, 423, 4, true),
        s(120, 1451, 5, true),
        s(125, 3615, 6, true),
    ]);
    assert_eq!(judge(&r, &TH, &moved), Health::FallingBehind { since: 105 });
    // two polls are not enough
    let short = ring(&[
        s(100, 1, 1, false),
        s(105, 2, 2, false),
        s(110, 3, 3, false),
    ]);
    assert_eq!(judge(&short, &TH, &moved), Health::Fine);
    // a drop ends it
    let drained = ring(&[
        s(100, 1, 1, false),
        s(105, 2, 2, false),
        s(110, 3, 3, false),
        s(115, 0, 4, false),
    ]);
    assert_eq!(judge(&drained, &TH, &moved), Health::Fine);
    // off means off
    let off = Thresholds {
        enabled: false,
        ..TH
    };
    assert_eq!(judge(&r, &off, &moved), Health::Fine);
}

#[test]
fn a_persistent_error_with_a_flat_queue_is_stalled() {
    let r = ring(&[
        s(100, 5, 1, false),
        s(105, 5, 1, true),
        s(110, 5, 1, true),
        s(115, 5, 1, true),
    ]);
    assert_eq!(
        judge(&r, &TH, &still),
        Health::Stalled {
            since: 105,
            cause: StallCause::ErrorPersists
        }
    );
    // an error seen twice is not yet persistent
    let r = ring(&[s(100, 5, 1, false), s(105, 5, 1, true), s(110, 5, 1, true)]);
    assert_eq!(judge(&r, &TH, &still), Health::Fine);
}

#[test]
fn queued_rows_that_never_leave_while_the_source_reads_on_are_stalled() {
    let r = ring(&[
        s(100, 7, 1, false),
        s(105, 9, 2, false),
        s(110, 9, 2, false),
        s(115, 9, 2, false),
        s(120, 9, 2, false),
    ]);
    assert_eq!(
        judge(&r, &TH, &moved),
        Health::Stalled {
            since: 105,
            cause: StallCause::QueueStuck
        }
    );
    // the source did not move either: a quiet source, not a stall
    assert_eq!(judge(&r, &TH, &still), Health::Fine);
    // an empty queue that does not move is a quiet table
    let quiet = ring(&[
        s(100, 0, 2, false),
        s(105, 0, 2, false),
        s(110, 0, 2, false),
        s(115, 0, 2, false),
    ]);
    assert_eq!(judge(&quiet, &TH, &moved), Health::Fine);
}

#[test]
fn growth_and_backlog_as_time() {
    let r = ring(&[
        s(0, 423, 1, true),
        s(300, 1451, 2, true),
        s(900, 3615, 3, true),
    ]);
    let g = growth_per_min(&r).unwrap();
    assert!((g - 212.8).abs() < 0.01, "{g}");
    // 3615 rows at 212.8 rows/min: about 17 minutes of data
    assert_eq!(backlog_secs(3615, g / 60.0), Some(1019));
    assert_eq!(backlog_secs(3615, 0.0), None);
    assert_eq!(backlog_secs(0, 3.0), None);
    assert_eq!(backlog_secs(10, f64::NAN), None);
    assert_eq!(growth_per_min(&ring(&[s(0, 1, 1, false)])), None);
    // the recent trend: a jump long ago, flat since, is no growth now
    let jumped: Vec<Sample> = std::iter::once(s(0, 0, 1, false))
        .chain((1..10).map(|i| s(i * 5, 250, 1, false)))
        .collect();
    assert_eq!(growth_per_min(&ring(&jumped)), Some(0.0));
}

fn row(key: &str, db: &str, queue: i64, queued: i64, state: OutputState) -> SyncRow {
    SyncRow {
        db: db.into(),
        schema: "s".into(),
        table: key.into(),
        to_server_key: "k".into(),
        to_server_id: 1,
        plugin: "http".into(),
        status: "running".into(),
        state,
        error: String::new(),
        error_first_line: String::new(),
        error_wait_data: None,
        error_wait_deal: 0,
        queue,
        last_success: None,
        last_queue: Some(BinlogPos {
            binlog_file_num: 1,
            binlog_position: queued,
            ..Default::default()
        }),
        lag: Lag::Unknown,
        notes: String::new(),
        thread_count: 1,
        file_queue: false,
        key: key.into(),
    }
}

fn sources(pos: i64, running: bool) -> DbList {
    let db = DbInfo {
        name: "db1".into(),
        conn_status: if running { "running" } else { "stopped" }.into(),
        binlog_dump_file_name: "mysql-bin.000001".into(),
        binlog_dump_position: pos,
        ..Default::default()
    };
    [("db1".to_string(), db)].into_iter().collect()
}

#[test]
fn trends_across_polls_flag_a_stalled_output_within_a_few_polls() {
    let mut tr = Trends::default();
    let none = |_: &str| None;
    for (i, t) in (0..6).map(|i| (i, 1000 + i * 5)) {
        tr.observe_sources(&sources(100 + i * 10, true), &none, t, &TH);
        let rows = [
            // stuck: 9 rows queued, nothing moves
            row("stuck", "db1", 9, 50, OutputState::Ok),
            // healthy: empty queue, follows the source
            row("fine", "db1", 0, 100 + i * 10, OutputState::Ok),
            // failing, queue grows
            row(
                "fail",
                "db1",
                100 * (i + 1),
                100 + i * 10,
                OutputState::Failing,
            ),
        ];
        tr.observe_outputs(&rows, t, true, &TH);
    }
    assert_eq!(
        tr.health("stuck"),
        Health::Stalled {
            since: 1000,
            cause: StallCause::QueueStuck
        }
    );
    assert_eq!(tr.health("fine"), Health::Fine);
    assert_eq!(tr.health("fail"), Health::FallingBehind { since: 1000 });
    assert_eq!(tr.flagged().count(), 2);
    let g = tr.output("fail").and_then(Track::growth_per_min).unwrap();
    assert!((g - 1200.0).abs() < 0.01, "{g}");
    // the same poll twice records one sample
    tr.observe_outputs(
        &[row("fail", "db1", 1, 1, OutputState::Ok)],
        1025,
        false,
        &TH,
    );
    assert_eq!(tr.output("fail").map(|t| t.samples().len()), Some(6));
}

#[test]
fn memory_is_bounded_and_gone_outputs_are_dropped() {
    let mut tr = Trends::default();
    for i in 0..100 {
        let rows = [
            row("a", "db1", i, i, OutputState::Ok),
            row("b", "db1", i, i, OutputState::Ok),
        ];
        tr.observe_outputs(&rows, 1000 + i, true, &TH);
    }
    assert_eq!(tr.output("a").map(|t| t.samples().len()), Some(RING));
    // the since of a long growth survives the ring's rollover
    assert_eq!(tr.health("a"), Health::FallingBehind { since: 1000 });
    // a complete answer without "b": gone at once
    tr.observe_outputs(&[row("a", "db1", 1, 1, OutputState::Ok)], 2000, true, &TH);
    assert!(tr.output("b").is_none());
    assert_eq!(tr.len(), 1);
    // a filtered answer without "a": kept for a while, then dropped
    tr.observe_outputs(&[row("c", "db1", 1, 1, OutputState::Ok)], 2100, false, &TH);
    assert!(tr.output("a").is_some());
    tr.observe_outputs(
        &[row("c", "db1", 1, 1, OutputState::Ok)],
        2000 + KEEP_UNSEEN_SECS + 1,
        false,
        &TH,
    );
    assert!(tr.output("a").is_none());
}

#[test]
fn a_source_whose_position_stands_still_while_rows_arrive_is_stalled() {
    let mut tr = Trends::default();
    for i in 0..5 {
        let total = move |_: &str| Some(1000 + i * 50);
        tr.observe_sources(&sources(4242, true), &total, 100 + i * 5, &TH);
    }
    assert_eq!(
        tr.source_health("db1"),
        Health::Stalled {
            since: 100,
            cause: StallCause::PositionStuck
        }
    );
    assert_eq!(tr.flagged_sources().count(), 1);
    // no rows arriving: a quiet source
    let mut quiet = Trends::default();
    for i in 0..5 {
        quiet.observe_sources(&sources(4242, true), &|_| Some(1000), 100 + i * 5, &TH);
    }
    assert_eq!(quiet.source_health("db1"), Health::Fine);
    // no flow fetched: nothing is claimed
    let mut unknown = Trends::default();
    for i in 0..5 {
        unknown.observe_sources(&sources(4242, true), &|_| None, 100 + i * 5, &TH);
    }
    assert_eq!(unknown.source_health("db1"), Health::Fine);
    // a stopped source is not "stalled": its state says it already
    let mut stopped = Trends::default();
    for i in 0..5 {
        let total = move |_: &str| Some(1000 + i * 50);
        stopped.observe_sources(&sources(4242, false), &total, 100 + i * 5, &TH);
    }
    assert_eq!(stopped.source_health("db1"), Health::Fine);
    // a source that disappears is dropped
    tr.observe_sources(&DbList::new(), &|_| None, 200, &TH);
    assert!(tr.source("db1").is_none());
}

#[test]
fn thresholds_read_back_from_partial_json() {
    let th: Thresholds = serde_json::from_str(r#"{"growing_polls":5}"#).unwrap();
    assert_eq!(th.growing_polls, 5);
    assert!(th.enabled);
    assert_eq!(th.stalled_polls, 3);
}

#[test]
fn ten_thousand_outputs_cost_one_pass_and_bounded_memory() {
    let rows: Vec<SyncRow> = (0..10_000)
        .map(|i| row(&format!("t{i}"), "db1", i % 7, i, OutputState::Ok))
        .collect();
    let mut tr = Trends::default();
    let started = std::time::Instant::now();
    for poll in 0..40 {
        tr.observe_outputs(&rows, 1000 + poll * 5, true, &TH);
    }
    let per_poll = started.elapsed() / 40;
    eprintln!("observe_outputs, 10,000 rows: {per_poll:?} per poll (this build)");
    assert_eq!(tr.len(), 10_000);
    assert!(rows
        .iter()
        .all(|r| tr.output(&r.key).map(|t| t.samples().len()) == Some(RING)));
    // constant queues with nothing moving but no source known to move: nothing flagged
    assert_eq!(tr.flagged().count(), 0);
    assert_eq!(std::mem::size_of::<Sample>(), 32);
}
