//! The timeline of what changed: transitions between snapshots, bounds, persistence across a
//! reload, and the state strip.

use bifrost_dashboard::model::timeline::{
    bands, last_restart, Band, BandKind, Snapshot, SourceStateName, Timeline, What, MAX_EVENTS,
    NAMED_OUTPUTS,
};
use bifrost_dashboard::wire::types::FlowPoint;

fn snap(reachable: bool, sources: &[(&str, SourceStateName)], failing: &[&str]) -> Snapshot {
    Snapshot {
        reachable: Some(reachable),
        sources: sources
            .iter()
            .map(|(n, s)| (n.to_string(), s.clone()))
            .collect(),
        failing: failing.iter().map(|s| s.to_string()).collect(),
        stalled: Default::default(),
        outputs_known: reachable,
        scope: "/table/synclist/list".into(),
        seen_at: 0,
        last_restart: None,
    }
}

fn kinds(t: &Timeline) -> Vec<&What> {
    t.events.iter().map(|e| &e.what).collect()
}

#[test]
fn a_failure_and_its_recovery_are_two_events_after_a_quiet_start() {
    use SourceStateName::*;
    let mut t = Timeline::default();
    t.opened(100);
    assert!(!t.observe(snap(true, &[("db1", Running)], &[]), 100, ""));
    // The first answer is the baseline: no source "changed".
    assert_eq!(kinds(&t), [&What::Opened { since: None }]);
    assert!(!t.observe(snap(true, &[("db1", Running)], &[]), 110, ""));
    t.observe(
        snap(true, &[("db1", Running)], &["db1 / s.t → ck1"]),
        120,
        "",
    );
    t.observe(
        snap(true, &[("db1", Stopped)], &["db1 / s.t → ck1"]),
        130,
        "",
    );
    t.observe(snap(true, &[("db1", Running)], &[]), 250, "");
    let got: Vec<(i64, &What, usize)> = t
        .events
        .iter()
        .map(|e| (e.at, &e.what, e.failing))
        .collect();
    assert_eq!(
        got,
        [
            (100, &What::Opened { since: None }, 0),
            (
                120,
                &What::Failing {
                    outputs: vec!["db1 / s.t → ck1".into()],
                    more: 0
                },
                1
            ),
            (
                130,
                &What::Source {
                    name: "db1".into(),
                    from: Some(Running),
                    to: Stopped
                },
                1
            ),
            (
                250,
                &What::Source {
                    name: "db1".into(),
                    from: Some(Stopped),
                    to: Running
                },
                0
            ),
            (
                250,
                &What::Recovered {
                    outputs: vec!["db1 / s.t → ck1".into()],
                    more: 0
                },
                0
            ),
        ]
    );
}

#[test]
fn unreachable_and_back_keep_the_last_known_outputs() {
    let mut t = Timeline::default();
    t.observe(snap(true, &[], &["a"]), 10, "");
    let mut down = Snapshot {
        reachable: Some(false),
        ..Snapshot::default()
    };
    down.seen_at = 20;
    t.observe(down, 20, "Cannot reach Bifrost");
    t.observe(snap(true, &[], &["a"]), 30, "");
    assert_eq!(
        kinds(&t),
        [
            &What::Unreachable {
                reason: "Cannot reach Bifrost".into()
            },
            &What::Back
        ]
    );
    // While unreachable nothing was known of the outputs: "a" did not recover and fail again.
    assert_eq!(t.events[0].failing, 1);
}

#[test]
fn a_filtered_sync_list_is_not_a_recovery() {
    let mut t = Timeline::default();
    t.observe(snap(true, &[], &["a", "b"]), 10, "");
    let mut only_a = snap(true, &[], &["a"]);
    only_a.scope = "/table/synclist/list?DbName=a".into();
    t.observe(only_a, 20, "");
    assert!(t.events.is_empty(), "{:?}", t.events);
}

#[test]
fn ten_thousand_outputs_failing_at_once_are_one_bounded_event() {
    let mut t = Timeline::default();
    t.observe(snap(true, &[], &[]), 10, "");
    let names: Vec<String> = (0..10_000).map(|i| format!("o{i:05}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    t.observe(snap(true, &[], &refs), 20, "");
    match &t.events[0].what {
        What::Failing { outputs, more } => {
            assert_eq!(outputs.len(), NAMED_OUTPUTS);
            assert_eq!(*more, 10_000 - NAMED_OUTPUTS);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(t.events[0].failing, 10_000);
}

#[test]
fn the_log_keeps_the_last_events_only() {
    let mut t = Timeline::default();
    for i in 0..(MAX_EVENTS as i64 + 50) {
        t.opened(i);
    }
    assert_eq!(t.events.len(), MAX_EVENTS);
    assert_eq!(t.events.front().map(|e| e.at), Some(50));
}

#[test]
fn a_reload_compares_with_the_last_state_seen_and_marks_the_unwatched_gap() {
    let mut t = Timeline::default();
    t.opened(100);
    let mut s = snap(true, &[], &["a"]);
    s.seen_at = 160;
    t.observe(s, 160, "");
    let stored = t.to_json();
    assert!(!stored.contains("password"));
    // Reload at 400: the stored timeline is read back and this start recorded.
    let mut again = Timeline::from_json(&stored);
    assert_eq!(again, t);
    again.opened(400);
    let mut s = snap(true, &[], &["a"]);
    s.seen_at = 400;
    again.observe(s, 400, "");
    assert_eq!(
        again.events.back().map(|e| &e.what),
        Some(&What::Opened { since: Some(160) })
    );
    // The same output still failing is not a new failure.
    assert!(!again
        .events
        .iter()
        .any(|e| matches!(e.what, What::Failing { .. }) && e.at == 400));
    assert_eq!(
        bands(&again.events, 0, 500),
        [
            Band {
                from: 100,
                to: 160,
                kind: BandKind::Ok
            },
            Band {
                from: 160,
                to: 400,
                kind: BandKind::Unwatched
            },
            Band {
                from: 400,
                to: 500,
                kind: BandKind::Failing
            },
        ]
    );
    // Garbage in storage starts a new timeline instead of failing the page.
    assert_eq!(Timeline::from_json("{not json"), Timeline::default());
}

#[test]
fn a_restart_is_dated_by_the_counters_going_down() {
    let p = |time, count| FlowPoint {
        time,
        count,
        byte_size: count * 10,
    };
    assert_eq!(last_restart(&[p(0, 0), p(60, 500), p(120, 900)]), None);
    assert_eq!(
        last_restart(&[p(60, 500), p(120, 40), p(180, 90)]),
        Some(120)
    );
    let mut t = Timeline::default();
    let mut first = snap(true, &[], &[]);
    first.last_restart = Some(50); // before anyone watched: not an event
    t.observe(first, 100, "");
    let mut later = snap(true, &[], &[]);
    later.last_restart = Some(150);
    t.observe(later.clone(), 160, "");
    t.observe(later, 170, "");
    let restarts: Vec<i64> = t
        .events
        .iter()
        .filter(|e| e.what == What::Restart)
        .map(|e| e.at)
        .collect();
    assert_eq!(restarts, [150]);
}

#[test]
fn strip_bands_for_unreachable_and_failing_stretches() {
    let mut t = Timeline::default();
    t.opened(0);
    t.observe(snap(true, &[], &[]), 0, "");
    t.observe(snap(true, &[], &["a"]), 100, "");
    t.observe(
        Snapshot {
            reachable: Some(false),
            ..Snapshot::default()
        },
        200,
        "x",
    );
    t.observe(snap(true, &[], &[]), 300, "");
    assert_eq!(
        bands(&t.events, 50, 400),
        [
            Band {
                from: 50,
                to: 100,
                kind: BandKind::Ok
            },
            Band {
                from: 100,
                to: 200,
                kind: BandKind::Failing
            },
            Band {
                from: 200,
                to: 300,
                kind: BandKind::Unreachable
            },
            Band {
                from: 300,
                to: 400,
                kind: BandKind::Ok
            },
        ]
    );
    assert!(bands(&Default::default(), 0, 10).is_empty());
}

#[test]
fn outputs_stalled_and_moving_again_are_events_too() {
    let mut t = Timeline::default();
    t.observe(snap(true, &[], &[]), 10, "");
    let mut stuck = snap(true, &[], &[]);
    stuck.stalled = ["db1 / s.t → http1".to_string()].into();
    t.observe(stuck.clone(), 20, "");
    t.observe(stuck, 30, "");
    t.observe(snap(true, &[], &[]), 40, "");
    assert_eq!(
        kinds(&t),
        [
            &What::Stalled {
                outputs: vec!["db1 / s.t → http1".into()],
                more: 0
            },
            &What::Resumed {
                outputs: vec!["db1 / s.t → http1".into()],
                more: 0
            },
        ]
    );
    // A snapshot stored before stalls were recorded still reads.
    let old = r#"{"events":[],"last":{"reachable":true,"sources":{},"failing":[],"outputs_known":true,"scope":"","seen_at":5,"last_restart":null}}"#;
    assert_eq!(Timeline::from_json(old).last.seen_at, 5);
}
