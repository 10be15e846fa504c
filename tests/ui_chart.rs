//! The pure side of the charts and the helpers the views share: where a line breaks, what the
//! summary says (in the clock the axis uses), the server-wide rate, the text filter.

#[path = "fixtures/samples.rs"]
mod samples;

use bifrost_dashboard::model::flow::{rates, RatePoint, Rates};
use bifrost_dashboard::model::history::server_rates;
use bifrost_dashboard::model::rows::{
    filter_rows, matches_terms, search_terms, search_text, sync_rows, RowFilter,
};
use bifrost_dashboard::ui::chart::{segments, summary, Metric};
use bifrost_dashboard::wire::parse::{parse_db_list, parse_flow, parse_sync_list};
use bifrost_dashboard::wire::types::FlowPoint;

fn point(t: i64, rows_per_s: f64) -> RatePoint {
    RatePoint {
        t,
        rows_per_s,
        bytes_per_s: rows_per_s * 100.0,
        count: (rows_per_s * 5.0) as i64,
        bytes: (rows_per_s * 500.0) as i64,
    }
}

#[test]
fn a_line_breaks_at_gaps_and_restarts_and_nowhere_else() {
    let r = Rates {
        points: (0..10).map(|i| point(1000 + i * 5, 1.0)).collect(),
        restarts: vec![1025],
        gaps: vec![(1035, 1040)],
    };
    let s = segments(&r);
    let starts: Vec<i64> = s.iter().map(|seg| seg[0].t).collect();
    assert_eq!(starts, [1000, 1025, 1040]);
    assert_eq!(s.iter().map(Vec::len).sum::<usize>(), 10, "no point lost");
    assert!(segments(&Rates::default()).is_empty());
}

#[test]
fn the_summary_gives_the_span_in_the_axis_clock_then_each_series() {
    // 2026-12-01 22:13:10 UTC, then 60 s later
    let t0 = 1_796_163_190;
    let r = Rates {
        points: vec![point(t0, 2.0), point(t0 + 60, 12.0)],
        restarts: vec![t0 + 60],
        gaps: vec![],
    };
    let series = vec![("db1".to_string(), r)];
    let utc = summary(&series, Metric::Rows, false, &|_| 0);
    assert!(utc.starts_with("From 22:13:10–22:14:10. "), "{utc}");
    assert!(utc.contains("db1") && utc.contains("12"), "{utc}");
    let shanghai = summary(&series, Metric::Rows, false, &|_| 8 * 3600);
    assert!(
        shanghai.starts_with("From 06:13:10–06:14:10. "),
        "{shanghai}"
    );
    let empty = summary(
        &[("db1".to_string(), Rates::default())],
        Metric::Rows,
        false,
        &|_| 0,
    );
    assert!(
        !empty.starts_with("From"),
        "no span without points: {empty}"
    );
}

#[test]
fn the_server_wide_rate_sums_the_sources() {
    let one = parse_flow(&samples::read("live.flow.db.tenminute.json")).unwrap();
    let alone = server_rates(std::slice::from_ref(&one), 5);
    assert_eq!(
        alone,
        rates(&bifrost_dashboard::model::flow::normalize(&one), 5)
    );
    // the same source twice: twice the rows per second at every settled point
    let twice = server_rates(&[one.clone(), one], 5);
    assert_eq!(twice.points.len(), alone.points.len());
    for (a, b) in alone.points.iter().zip(&twice.points) {
        assert_eq!(a.t, b.t);
        assert!((b.rows_per_s - 2.0 * a.rows_per_s).abs() < 1e-9);
    }
    assert!(server_rates(&[], 5).points.is_empty());
    assert!(server_rates(&[Vec::<FlowPoint>::new()], 5)
        .points
        .is_empty());
}

#[test]
fn the_text_filter_is_one_rule_for_the_model_and_the_view() {
    let dbs = parse_db_list(&samples::read("live.db_list.json")).unwrap();
    let list = parse_sync_list(&samples::read("live.synclist.all.json")).unwrap();
    let rows = sync_rows(&list, &dbs);
    for q in [
        "",
        "ORDERS",
        "orders bh1",
        "testdb.users",
        "nothing-like-this",
        "  http  ",
    ] {
        let terms = search_terms(q);
        let by_view: Vec<usize> = (0..rows.len())
            .filter(|&i| matches_terms(&search_text(&rows[i]), &terms))
            .collect();
        let by_model = filter_rows(
            &rows,
            &RowFilter {
                text: q.to_string(),
                ..Default::default()
            },
        );
        assert_eq!(by_view, by_model, "{q:?}");
    }
    assert_eq!(search_terms(" A  b "), ["a", "b"]);
}
