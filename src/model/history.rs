//! Flow history across polls. Bifrost's rings hold one window and live in memory: after a
//! restart the ring starts empty, so the counter drop is visible only against what the
//! previous answer showed. Merging answers keeps that context (and the chart steady).

use crate::model::flow::{normalize, rates, Rates};
use crate::wire::types::FlowPoint;

/// The previous series' points older than the new answer's first point (and within `span`
/// seconds of its last), followed by the new answer. An empty answer keeps the old series.
pub fn merge_history(old: &[FlowPoint], new: &[FlowPoint], span: i64) -> Vec<FlowPoint> {
    let new = normalize(new);
    let (Some(first), Some(last)) = (new.first(), new.last()) else {
        return normalize(old);
    };
    let (first, since) = (first.time, last.time.saturating_sub(span));
    let mut out: Vec<FlowPoint> = normalize(old)
        .into_iter()
        .filter(|p| p.time < first && p.time >= since)
        .collect();
    out.extend(new);
    out
}

/// Server-wide flow from per-source series, summed by timestamp, without a ragged edge.
/// Sources are polled one after another, so at the newest timestamps some series have not
/// reported yet; their carried-forward totals make the last rates fall towards zero. The sum
/// is cut at the oldest "last point" among the live series (those that reported within two
/// steps of the newest); series idle for longer are complete and carried forward as is.
pub fn sum_settled(series: &[Vec<FlowPoint>], step: i64) -> Vec<FlowPoint> {
    let lasts: Vec<i64> = series
        .iter()
        .filter_map(|s| normalize(s).last().map(|p| p.time))
        .collect();
    let Some(newest) = lasts.iter().copied().max() else {
        return Vec::new();
    };
    let cut = lasts
        .iter()
        .copied()
        .filter(|t| *t >= newest.saturating_sub(2 * step))
        .min()
        .unwrap_or(newest);
    let mut sum = crate::model::flow::sum_by_time(series);
    sum.retain(|p| p.time <= cut);
    sum
}

/// Server-wide rates: each source's series (as Bifrost answered it) normalised, summed
/// without a ragged edge ([`sum_settled`]), then differenced. The one definition the
/// overview, the flow page and the fleet view share.
pub fn server_rates(per_source: &[Vec<FlowPoint>], step: i64) -> Rates {
    let series: Vec<Vec<FlowPoint>> = per_source.iter().map(|s| normalize(s)).collect();
    rates(&sum_settled(&series, step), step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::flow::rates;

    fn p(time: i64, count: i64) -> FlowPoint {
        FlowPoint {
            time,
            count,
            byte_size: count * 10,
        }
    }

    #[test]
    fn overlapping_answers_keep_points_that_scrolled_out() {
        let old = [p(0, 0), p(100, 10), p(105, 20), p(110, 30)];
        let new = [p(105, 20), p(110, 30), p(115, 40)];
        let m = merge_history(&old, &new, 60);
        assert_eq!(
            m.iter().map(|p| p.time).collect::<Vec<_>>(),
            [100, 105, 110, 115]
        );
    }

    #[test]
    fn a_restart_between_answers_becomes_visible() {
        // before: a counter at 5000; after the restart the ring starts again from zero
        let old = [p(100, 4000), p(105, 4500), p(110, 5000)];
        let new = [p(0, 0), p(0, 0), p(120, 30), p(125, 60)];
        let m = merge_history(&old, &new, 600);
        let r = rates(&m, 5);
        assert_eq!(r.restarts, vec![120]);
        assert!(r.points.iter().all(|p| p.rows_per_s >= 0.0));
    }

    #[test]
    fn old_points_beyond_the_window_are_dropped() {
        let old = [p(10, 1), p(500, 2)];
        let new = [p(600, 3)];
        let m = merge_history(&old, &new, 120);
        assert_eq!(m.iter().map(|p| p.time).collect::<Vec<_>>(), [500, 600]);
    }

    #[test]
    fn an_empty_answer_keeps_the_old_series_and_a_clock_jump_back_drops_it() {
        let old = [p(100, 1), p(105, 2)];
        assert_eq!(merge_history(&old, &[], 60).len(), 2);
        assert_eq!(merge_history(&old, &[p(0, 0)], 60).len(), 2);
        // the clock went back: the old points are "newer" than the answer and are dropped
        let m = merge_history(&old, &[p(50, 5)], 600);
        assert_eq!(m, vec![p(50, 5)]);
    }

    #[test]
    fn the_sum_stops_where_a_live_series_has_not_reported_yet() {
        // b reported up to 110, a already has 115: the sum at 115 would miss b's rows
        let a = vec![p(100, 0), p(105, 50), p(110, 100), p(115, 150)];
        let b = vec![p(100, 0), p(105, 50), p(110, 100)];
        let sum = sum_settled(&[a.clone(), b], 5);
        assert_eq!(sum.last().map(|p| p.time), Some(110));
        // an idle series (last point long ago) does not hold the others back
        let idle = vec![p(10, 7)];
        let sum = sum_settled(&[a, idle], 5);
        assert_eq!(sum.last().map(|p| (p.time, p.count)), Some((115, 157)));
        assert!(sum_settled(&[], 5).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn merged_series_are_strictly_increasing(
            old in proptest::collection::vec((0i64..1000, 0i64..1_000_000), 0..40),
            new in proptest::collection::vec((0i64..1000, 0i64..1_000_000), 0..40),
            span in 1i64..2000,
        ) {
            let old: Vec<_> = old.into_iter().map(|(t, c)| p(t, c)).collect();
            let new: Vec<_> = new.into_iter().map(|(t, c)| p(t, c)).collect();
            let m = merge_history(&old, &new, span);
            proptest::prop_assert!(m.windows(2).all(|w| w[0].time < w[1].time));
            proptest::prop_assert!(m.iter().all(|p| p.time != 0));
        }
    }
}
