//! Rates, restarts, gaps, sum_by_time: samples, hand cases and properties.

#[path = "fixtures/samples.rs"]
mod samples;

use bifrost_dashboard::model::flow::{latest_rate, normalize, rates, sum_by_time};
use bifrost_dashboard::wire::{parse_flow, FlowPoint, Window};
use proptest::prelude::*;

fn p(time: i64, count: i64, byte_size: i64) -> FlowPoint {
    FlowPoint {
        time,
        count,
        byte_size,
    }
}

fn sample(name: &str) -> Vec<FlowPoint> {
    parse_flow(&samples::read(name)).unwrap()
}

#[test]
fn normalize_drops_zero_slots_sorts_and_keeps_last_duplicate() {
    let v = normalize(&[
        p(0, 0, 0),
        p(20, 3, 30),
        p(10, 1, 10),
        p(20, 4, 40),
        p(0, 9, 9),
    ]);
    assert_eq!(v, vec![p(10, 1, 10), p(20, 4, 40)]);
}

#[test]
fn live_minute_rates() {
    let r = rates(
        &sample("live.flow.all.minute.json"),
        Window::Minute.step_secs(),
    );
    assert_eq!(r.points.len(), 11);
    assert!(r.gaps.is_empty() && r.restarts.is_empty());
    // 4176 -> 4592 rows over 55 s.
    let rows: i64 = r.points.iter().map(|x| x.count).sum();
    assert_eq!(rows, 4592 - 4176);
    let last = latest_rate(&r).unwrap();
    assert_eq!(last.t, 1796070010);
    assert_eq!(last.count, 32);
    assert!((last.rows_per_s - 6.4).abs() < 1e-9);
    assert!((last.bytes_per_s - 500.0).abs() < 1e-9);
    assert!(r
        .points
        .iter()
        .all(|x| x.rows_per_s == 8.0 || x.rows_per_s == 6.4));
}

#[test]
fn first_minute_rates_start_at_first_filled_slot() {
    let r = rates(&sample("flow.all.minute.json"), 5);
    assert_eq!(r.points.len(), 5);
    assert_eq!(r.points[0].t, 1796069405);
    assert_eq!(r.points[0].rows_per_s, 0.0);
    assert_eq!(r.points[1].count, 24);
}

#[test]
fn live_hour_and_eighthour_have_no_gaps_at_their_step() {
    for (name, w, n) in [
        ("live.flow.db.hour.json", Window::Hour, 19),
        ("live.flow.db.eighthour.json", Window::EightHour, 1),
        ("live.flow.db.tenminute.json", Window::TenMinute, 119),
        ("live.flow.db.day.json", Window::Day, 0),
    ] {
        let r = rates(&sample(name), w.step_secs());
        assert_eq!(r.points.len(), n, "{name}");
        assert!(r.gaps.is_empty(), "{name}");
    }
    // The same hour series read at a 5 s step is all gaps.
    let r = rates(&sample("live.flow.db.hour.json"), 5);
    assert!(r.points.is_empty());
    assert_eq!(r.gaps.len(), 19);
    assert_eq!(latest_rate(&r), None);
}

#[test]
fn per_table_series_can_be_empty_while_the_db_flows() {
    // users gets rows (see live.synclist) but its per-table ring stayed empty.
    assert!(normalize(&sample("live.flow.table_users.minute.json")).is_empty());
    assert!(!normalize(&sample("live.flow.db.minute.json")).is_empty());
}

#[test]
fn sum_by_time_of_the_only_db_is_the_server_series() {
    for w in Window::ALL {
        let db = sample(&format!("live.flow.db.{}.json", w.param()));
        let all = sample(&format!("live.flow.all.{}.json", w.param()));
        assert_eq!(sum_by_time(&[db]), normalize(&all), "{w:?}");
    }
}

#[test]
fn sum_by_time_carries_values() {
    let a = vec![p(10, 100, 1000), p(15, 110, 1100), p(20, 120, 1200)];
    let b = vec![p(0, 0, 0), p(15, 7, 70), p(25, 9, 90)];
    let s = sum_by_time(&[a, b, vec![]]);
    assert_eq!(
        s,
        vec![
            p(10, 107, 1070), // b before its first point: its first value (no fake spike)
            p(15, 117, 1170),
            p(20, 127, 1270), // b carried forward
            p(25, 129, 1290), // a carried forward
        ]
    );
    assert!(sum_by_time(&[]).is_empty());
}

#[test]
fn restart_is_recorded_and_never_negative() {
    let r = rates(
        &[
            p(10, 100, 1000),
            p(15, 140, 1400),
            p(20, 30, 300),
            p(25, 50, 500),
        ],
        5,
    );
    assert_eq!(r.restarts, vec![20]);
    assert_eq!(r.points.len(), 3);
    // The interval containing the restart: counted rows since restart / dt.
    assert_eq!(r.points[1].count, 30);
    assert!((r.points[1].rows_per_s - 6.0).abs() < 1e-9);
    assert!((r.points[2].rows_per_s - 4.0).abs() < 1e-9);
    assert!(r
        .points
        .iter()
        .all(|x| x.rows_per_s >= 0.0 && x.bytes_per_s >= 0.0));
}

#[test]
fn gap_breaks_the_line() {
    let r = rates(
        &[p(10, 0, 0), p(15, 10, 10), p(60, 100, 100), p(65, 110, 110)],
        5,
    );
    assert_eq!(r.gaps, vec![(15, 60)]);
    assert_eq!(
        r.points.iter().map(|x| x.t).collect::<Vec<_>>(),
        vec![15, 65]
    );
    assert_eq!(latest_rate(&r).unwrap().t, 65);
    // 10 s spacing at a 5 s step (seen when idle) is not a gap.
    assert!(rates(&[p(10, 0, 0), p(20, 0, 0)], 5).gaps.is_empty());
    // Gap plus restart.
    let r = rates(&[p(10, 50, 50), p(100, 5, 5)], 5);
    assert_eq!((r.gaps, r.restarts), (vec![(10, 100)], vec![100]));
}

fn series() -> impl Strategy<Value = Vec<FlowPoint>> {
    prop::collection::vec(
        (0i64..2000, -5i64..1_000_000, -5i64..1_000_000_000).prop_map(|(t, c, b)| p(t, c, b)),
        0..60,
    )
}

/// Monotone series with spacing 1..=step (no gaps, no restarts).
fn monotone() -> impl Strategy<Value = (i64, Vec<FlowPoint>)> {
    (1i64..600).prop_flat_map(|step| {
        (
            Just(step),
            prop::collection::vec((1..=step, 0i64..100_000, 0i64..10_000_000), 1..80).prop_map(
                |steps| {
                    let (mut t, mut c, mut b) = (1_700_000_000i64, 0i64, 0i64);
                    steps
                        .into_iter()
                        .map(|(dt, dc, db)| {
                            t += dt;
                            c += dc;
                            b += db;
                            p(t, c, b)
                        })
                        .collect()
                },
            ),
        )
    })
}

proptest! {
    #[test]
    fn rates_are_never_negative(s in series(), step in 0i64..100) {
        let r = rates(&s, step);
        for x in &r.points {
            prop_assert!(x.rows_per_s >= 0.0 && x.bytes_per_s >= 0.0);
            prop_assert!(x.count >= 0 && x.bytes >= 0);
            prop_assert!(x.rows_per_s.is_finite() && x.bytes_per_s.is_finite());
        }
    }

    #[test]
    fn integrating_rates_gives_back_the_counter_difference((step, s) in monotone()) {
        let r = rates(&s, step);
        prop_assert!(r.gaps.is_empty() && r.restarts.is_empty());
        let mut rows = 0.0f64;
        let mut bytes = 0.0f64;
        let mut prev_t = s[0].time;
        for x in &r.points {
            let dt = (x.t - prev_t) as f64;
            rows += x.rows_per_s * dt;
            bytes += x.bytes_per_s * dt;
            prev_t = x.t;
        }
        let (first, last) = (s[0], s[s.len() - 1]);
        let dc = (last.count - first.count) as f64;
        let db = (last.byte_size - first.byte_size) as f64;
        prop_assert!((rows - dc).abs() <= 1e-6 * dc.max(1.0), "{} vs {}", rows, dc);
        prop_assert!((bytes - db).abs() <= 1e-6 * db.max(1.0), "{} vs {}", bytes, db);
    }

    #[test]
    fn normalize_is_strictly_increasing_without_zero_times(s in series()) {
        let n = normalize(&s);
        prop_assert!(n.iter().all(|x| x.time != 0));
        prop_assert!(n.windows(2).all(|w| w[0].time < w[1].time));
        prop_assert_eq!(normalize(&n), n.clone());
    }

    #[test]
    fn sum_by_time_of_one_series_is_that_series_normalized(s in series()) {
        prop_assert_eq!(sum_by_time(std::slice::from_ref(&s)), normalize(&s));
    }
}
