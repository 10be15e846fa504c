//! Alert rules over real-shaped rows: what fires, what changes between refreshes, the
//! growth history and the rules' JSON.

use bifrost_dashboard::model::alerts::*;
use bifrost_dashboard::model::flow::RatePoint;
use bifrost_dashboard::model::flow::Rates;
use bifrost_dashboard::model::health::Lag;
use bifrost_dashboard::model::health::OutputState;
use bifrost_dashboard::model::rows::SyncRow;
use bifrost_dashboard::wire::types::DbInfo;
use bifrost_dashboard::wire::types::DbList;

fn row(key: &str, state: OutputState, queue: i64, lag: Lag) -> SyncRow {
    SyncRow {
        db: "db1".into(),
        schema: "s".into(),
        table: key.into(),
        to_server_key: "k".into(),
        to_server_id: 1,
        plugin: "kafka".into(),
        status: "running".into(),
        state,
        error: String::new(),
        error_first_line: String::new(),
        error_wait_data: None,
        error_wait_deal: 0,
        queue,
        last_success: None,
        last_queue: None,
        lag,
        notes: String::new(),
        thread_count: 1,
        file_queue: false,
        key: key.into(),
    }
}

fn sources(list: &[(&str, &str)]) -> DbList {
    list.iter()
        .map(|(n, s)| {
            (
                n.to_string(),
                DbInfo {
                    name: n.to_string(),
                    conn_status: s.to_string(),
                    ..Default::default()
                },
            )
        })
        .collect()
}

fn kinds(a: &[Alert]) -> Vec<(Kind, String)> {
    a.iter().map(|a| (a.kind, a.subject.clone())).collect()
}

#[test]
fn output_rules_fire_on_their_threshold_only() {
    let rows = vec![
        row("a", OutputState::Failing, 0, Lag::Unknown),
        row("b", OutputState::Ok, 500, Lag::Seconds(30)),
        row("c", OutputState::Ok, 100, Lag::Seconds(31)),
    ];
    let rules = Rules {
        output_error: true,
        backlog_above: Some(100),
        lag_above_secs: Some(30),
        ..Default::default()
    };
    let a = evaluate(
        &rules,
        &DbList::default(),
        &rows,
        &[],
        &History::default(),
        0,
    );
    let got: Vec<(Kind, &str, Option<i64>)> = a
        .iter()
        .map(|a| (a.kind, a.row_key.as_str(), a.value))
        .collect();
    assert_eq!(
        got,
        vec![
            (Kind::OutputError, "a", None),
            (Kind::Backlog, "b", Some(500)),
            (Kind::Lag, "c", Some(31)),
        ]
    );
    // every rule off: nothing fires
    let none = evaluate(
        &Rules::default(),
        &sources(&[("x", "stop")]),
        &rows,
        &[],
        &History::default(),
        0,
    );
    assert!(none.is_empty());
}

#[test]
fn stopped_sources_fire_and_running_quiet_sources_fire_after_n_minutes() {
    let src = sources(&[("up", "running"), ("down", "stop")]);
    let pt = |t, count| RatePoint {
        t,
        rows_per_s: 0.0,
        bytes_per_s: 0.0,
        count,
        bytes: 0,
    };
    let quiet = Rates {
        points: (0..=12)
            .map(|i| pt(1000 + i * 30, if i < 2 { 5 } else { 0 }))
            .collect(),
        ..Default::default()
    };
    let rules = Rules {
        source_not_running: true,
        no_rows_minutes: Some(5),
        ..Default::default()
    };
    let flows = vec![
        ("up".to_string(), quiet.clone()),
        ("down".to_string(), quiet),
    ];
    let a = evaluate(&rules, &src, &[], &flows, &History::default(), 0);
    assert_eq!(
        kinds(&a),
        vec![
            (Kind::SourceNotRunning, "down".into()),
            (Kind::NoRows, "up".into())
        ]
    );
    // rows moved within the last 5 minutes: quiet is not firing
    let busy = Rates {
        points: (0..=12)
            .map(|i| pt(1000 + i * 30, i64::from(i == 11)))
            .collect(),
        ..Default::default()
    };
    let a = evaluate(
        &rules,
        &src,
        &[],
        &[("up".into(), busy)],
        &History::default(),
        0,
    );
    assert_eq!(kinds(&a), vec![(Kind::SourceNotRunning, "down".into())]);
    // a series shorter than the span proves nothing
    let short = Rates {
        points: vec![pt(1000, 0), pt(1030, 0)],
        ..Default::default()
    };
    let a = evaluate(
        &rules,
        &src,
        &[],
        &[("up".into(), short)],
        &History::default(),
        0,
    );
    assert_eq!(kinds(&a), vec![(Kind::SourceNotRunning, "down".into())]);
}

#[test]
fn backlog_growing_needs_the_whole_span_without_a_drop() {
    let mut h = History::default();
    let rules = Rules {
        backlog_growing_minutes: Some(2),
        ..Default::default()
    };
    let at = |h: &mut History, t: i64, q: i64| {
        let rows = vec![row("r", OutputState::Ok, q, Lag::Unknown)];
        h.record(&rows, t, 3600);
        evaluate(&rules, &DbList::default(), &rows, &[], h, t)
    };
    assert!(at(&mut h, 0, 10).is_empty());
    assert!(at(&mut h, 60, 20).is_empty(), "only one minute so far");
    let a = at(&mut h, 120, 30);
    assert_eq!(
        kinds(&a),
        vec![(Kind::BacklogGrowing, "db1 / s.r → k".into())]
    );
    assert!(at(&mut h, 150, 5).is_empty(), "it went down");
    assert!(
        at(&mut h, 200, 50).is_empty(),
        "growing again, but not for 2 minutes"
    );
    assert!(!at(&mut h, 290, 60).is_empty());
    // old samples are dropped
    h.record(&[], 10_000, 100);
    assert_eq!(h, History::default());
}

#[test]
fn history_is_kept_only_for_the_growth_rule_and_its_span() {
    let rows = vec![row("r", OutputState::Ok, 1, Lag::Unknown)];
    let mut h = History::default();
    for t in 0..50 {
        h.observe(&Rules::default(), &rows, t);
    }
    assert_eq!(h, History::default(), "no growth rule, no samples");
    let rules = Rules {
        backlog_growing_minutes: Some(1),
        ..Default::default()
    };
    for t in 0..2000 {
        h.observe(&rules, &rows, t);
    }
    // one sample per second, for the rule's minute plus ten minutes
    assert_eq!(h.samples("r"), 60 + 600 + 1);
    h.observe(&Rules::default(), &rows, 2001);
    assert_eq!(h, History::default(), "the rule was switched off");
}

#[test]
fn changes_report_firing_and_back_to_normal() {
    let a = |k, s: &str| Alert {
        kind: k,
        subject: s.into(),
        row_key: String::new(),
        value: None,
    };
    let before = vec![a(Kind::Backlog, "x"), a(Kind::Lag, "y")];
    let mut after = vec![a(Kind::Lag, "y"), a(Kind::OutputError, "z")];
    after[0].value = Some(9); // a new value is not a new alert
    let (fired, cleared) = changes(&before, &after);
    assert_eq!(kinds(&fired), vec![(Kind::OutputError, "z".into())]);
    assert_eq!(kinds(&cleared), vec![(Kind::Backlog, "x".into())]);
}

#[test]
fn rules_round_trip_and_bad_json_is_explained() {
    let mut book = RuleBook::new();
    book.insert(
        "prod-a".into(),
        Rules {
            output_error: true,
            backlog_above: Some(1000),
            ..Default::default()
        },
    );
    assert_eq!(from_json(&to_json(&book)), Ok(book));
    assert!(from_json("{").unwrap_err().contains("EOF"));
    let e = from_json(r#"{"prod-a": {"backlog_above": "many"}}"#).unwrap_err();
    assert!(e.contains("prod-a.backlog_above"), "{e}");
    let e = from_json(r#"{"prod-a": {"lag": 5}}"#).unwrap_err();
    assert!(e.contains("unknown field"), "{e}");
    assert_eq!(from_json("{}"), Ok(RuleBook::new()));
}
