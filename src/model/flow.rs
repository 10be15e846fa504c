//! Flow series: from Bifrost's cumulative counter rings to rates.
//!
//! Bifrost returns a fixed-length ring per window, oldest first, with unfilled slots
//! (`Time == 0`) at the front. `Count`/`ByteSize` are cumulative, in memory only, and restart
//! from zero when Bifrost restarts. Points are appended when data arrives, so the spacing is
//! irregular: rates always use the real time difference.

use std::collections::BTreeSet;

use super::order;
use crate::wire::types::FlowPoint;

/// Drops unfilled slots (`time <= 0`), sorts by time and keeps the last of duplicate times
/// (the later write wins). The result is strictly increasing in time.
pub fn normalize(points: &[FlowPoint]) -> Vec<FlowPoint> {
    let mut v: Vec<FlowPoint> = points.iter().copied().filter(|p| p.time > 0).collect();
    order::sort_by_key(&mut v, |p| p.time); // stable: equal times keep input order
    let mut out: Vec<FlowPoint> = Vec::with_capacity(v.len());
    for p in v {
        match out.last_mut() {
            Some(last) if last.time == p.time => *last = p,
            _ => out.push(p),
        }
    }
    out
}

/// Rate over the interval that ends at `t` (a point's timestamp is the end of its interval).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatePoint {
    /// End of the interval (epoch s).
    pub t: i64,
    pub rows_per_s: f64,
    pub bytes_per_s: f64,
    /// Rows moved during the interval (not the cumulative counter).
    pub count: i64,
    /// Bytes moved during the interval (not the cumulative counter).
    pub bytes: i64,
}

/// Rates of a series, with the places where the line must break.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rates {
    /// One point per usable interval, increasing `t`; never negative.
    pub points: Vec<RatePoint>,
    /// Times of the first point after a counter went down (Bifrost restarted).
    pub restarts: Vec<i64>,
    /// `(from, to)` intervals longer than 2 x step: no point, the chart breaks the line.
    pub gaps: Vec<(i64, i64)>,
}

/// Rates between consecutive normalized points: `delta / (t1 - t0)`.
///
/// * Gap: an interval longer than `2 * step_secs` (when `step_secs > 0`) is recorded in
///   `gaps` and yields no point (an average over it would invent a slope). If the counter
///   also went down across the gap, the restart is recorded too.
/// * Restart: when `Count` or `ByteSize` goes down, the counter restarted from zero during
///   the interval. The time is recorded in `restarts`, and the point gets
///   `rate = new cumulative value / dt`: the rows counted since the restart, spread over the
///   whole interval, a conservative (lower-bound) estimate that is never negative and keeps
///   the current rate available right after a restart. (Replayed rows are counted again by
///   Bifrost; nothing can be done about that here.)
pub fn rates(points: &[FlowPoint], step_secs: i64) -> Rates {
    let pts = normalize(points);
    let mut out = Rates::default();
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let dt = b.time - a.time; // > 0: normalize is strictly increasing
        let restarted = b.count < a.count || b.byte_size < a.byte_size;
        if step_secs > 0 && dt > step_secs.saturating_mul(2) {
            out.gaps.push((a.time, b.time));
            if restarted {
                out.restarts.push(b.time);
            }
            continue;
        }
        let (count, bytes) = if restarted {
            out.restarts.push(b.time);
            (b.count.max(0), b.byte_size.max(0))
        } else {
            (
                b.count.saturating_sub(a.count),
                b.byte_size.saturating_sub(a.byte_size),
            )
        };
        let dtf = dt as f64;
        out.points.push(RatePoint {
            t: b.time,
            rows_per_s: count as f64 / dtf,
            bytes_per_s: bytes as f64 / dtf,
            count,
            bytes,
        });
    }
    out
}

/// The current rate: the last point, unless a gap ends after it (then the newest interval's
/// rate is unknown and this is `None`).
pub fn latest_rate(rates: &Rates) -> Option<RatePoint> {
    let last = rates.points.last()?;
    if rates.gaps.iter().any(|&(_, to)| to > last.t) {
        return None;
    }
    Some(*last)
}

/// Server-wide flow from per-database series, summed by timestamp.
///
/// Bifrost's own server-wide series sums rings by array index, which mixes timestamps when
/// there are several databases. Here every series is normalized, the output has one point per
/// distinct timestamp of any series, and each series contributes its last known cumulative
/// value at or before that time (carried forward). Before its first point a series
/// contributes its first value (carried backward), so a series starting later adds no fake
/// spike. Series with no points are ignored.
pub fn sum_by_time(series: &[Vec<FlowPoint>]) -> Vec<FlowPoint> {
    let norm: Vec<Vec<FlowPoint>> = series
        .iter()
        .map(|s| normalize(s))
        .filter(|s| !s.is_empty())
        .collect();
    // `extend`, not `collect`: collecting into a B-tree sorts first, with a sort compiled for
    // each element type (`model::order`)
    let mut times = BTreeSet::new();
    times.extend(norm.iter().flatten().map(|p| p.time));
    let mut cursor = vec![0usize; norm.len()];
    let mut out = Vec::with_capacity(times.len());
    for t in times {
        let mut sum = FlowPoint {
            time: t,
            count: 0,
            byte_size: 0,
        };
        for (s, i) in norm.iter().zip(cursor.iter_mut()) {
            while *i + 1 < s.len() && s[*i + 1].time <= t {
                *i += 1;
            }
            let p = s[*i]; // first point when t precedes the series: carried backward
            sum.count = sum.count.saturating_add(p.count);
            sum.byte_size = sum.byte_size.saturating_add(p.byte_size);
        }
        out.push(sum);
    }
    out
}
