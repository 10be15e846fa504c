//! Chart geometry, pure and natively tested: value scales, units, time ticks and the
//! nearest-point lookup. Only `views::flow` touches the canvas.

/// The smallest "nice" number (1, 2, 2.5, 5 x 10^n) at or above `v`, for a y-axis top.
pub fn nice_max(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powi(v.log10().floor() as i32);
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= v * (1.0 - 1e-12) {
            return m * mag;
        }
    }
    10.0 * mag
}

/// A tick step in seconds giving about `n` ticks over `span` seconds, on round times.
pub fn time_step(span: i64, n: i64) -> i64 {
    const STEPS: [i64; 14] = [
        5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
    ];
    let want = (span / n.max(1)).max(1);
    STEPS.into_iter().find(|s| *s >= want).unwrap_or(43200)
}

/// Tick times (multiples of the step) within `t0..=t1`.
pub fn time_ticks(t0: i64, t1: i64, n: i64) -> Vec<i64> {
    if t1 <= t0 {
        return vec![t0];
    }
    let step = time_step(t1 - t0, n);
    let first = t0.div_euclid(step) * step + if t0.rem_euclid(step) == 0 { 0 } else { step };
    (0..)
        .map(|i| first + i * step)
        .take_while(|t| *t <= t1)
        .collect()
}

/// Index of the point whose time is nearest `t` (`times` sorted ascending).
pub fn nearest(times: &[i64], t: i64) -> Option<usize> {
    if times.is_empty() {
        return None;
    }
    let i = times.partition_point(|x| *x < t);
    if i == 0 {
        return Some(0);
    }
    if i == times.len() {
        return Some(i - 1);
    }
    Some(if t - times[i - 1] <= times[i] - t {
        i - 1
    } else {
        i
    })
}

/// Maps a value from one range onto another (a pixel axis), clamping degenerate ranges.
pub fn project(v: f64, from: (f64, f64), to: (f64, f64)) -> f64 {
    let span = from.1 - from.0;
    if span.abs() < f64::EPSILON {
        return to.0;
    }
    to.0 + (v - from.0) / span * (to.1 - to.0)
}

/// An SVG `points` attribute for a sparkline of `(t, v)` points (`t` ascending) in a `w` x `h`
/// box: time across, values from 0 (bottom) to their maximum (top, 1 unit of margin). One
/// point draws a flat line; none, an empty string. Only the sparklines' few points come here.
pub fn spark_points(points: &[(i64, f64)], w: f64, h: f64) -> String {
    use std::fmt::Write;
    let max = points.iter().map(|p| p.1).fold(0.0_f64, f64::max);
    let (t0, t1) = match (points.first(), points.last()) {
        (Some(a), Some(b)) if b.0 > a.0 => (a.0 as f64, b.0 as f64),
        _ => (0.0, 0.0),
    };
    let y = |v: f64| {
        if max > 0.0 && v.is_finite() {
            h - v.max(0.0) / max * (h - 2.0) - 1.0
        } else {
            h - 1.0
        }
    };
    let mut out = String::with_capacity(points.len() * 12);
    if t1 <= t0 {
        if let Some(p) = points.first() {
            let _ = write!(out, "0.0,{0:.1} {w:.1},{0:.1}", y(p.1));
        }
        return out;
    }
    for p in points {
        let x = (p.0 as f64 - t0) / (t1 - t0) * w;
        let _ = write!(out, "{x:.1},{:.1} ", y(p.1));
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_max_rounds_up_to_round_numbers() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(f64::NAN), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(10.0), 10.0);
        assert_eq!(nice_max(11.0), 20.0);
        assert_eq!(nice_max(2100.0), 2500.0);
        assert_eq!(nice_max(0.03), 0.05);
    }

    #[test]
    fn ticks_fall_on_round_times_inside_the_range() {
        let t = time_ticks(1_796_069_403, 1_796_070_003, 6);
        assert!(t.iter().all(|x| x % 120 == 0), "{t:?}");
        assert!(t.len() >= 4 && t.len() <= 7, "{t:?}");
        assert!(*t.first().unwrap() >= 1_796_069_403);
        assert!(*t.last().unwrap() <= 1_796_070_003);
        assert_eq!(time_ticks(10, 10, 6), vec![10]);
    }

    #[test]
    fn nearest_picks_the_closest_time() {
        let ts = [10, 20, 40];
        assert_eq!(nearest(&[], 5), None);
        assert_eq!(nearest(&ts, 0), Some(0));
        assert_eq!(nearest(&ts, 14), Some(0));
        assert_eq!(nearest(&ts, 16), Some(1));
        assert_eq!(nearest(&ts, 31), Some(2));
        assert_eq!(nearest(&ts, 99), Some(2));
    }

    #[test]
    fn project_maps_ranges() {
        assert_eq!(project(5.0, (0.0, 10.0), (100.0, 200.0)), 150.0);
        assert_eq!(project(5.0, (3.0, 3.0), (100.0, 200.0)), 100.0);
    }

    proptest::proptest! {
        #[test]
        fn nice_max_is_at_least_the_value(v in 1e-6f64..1e12) {
            let m = nice_max(v);
            proptest::prop_assert!(m >= v * (1.0 - 1e-9) && m <= v * 10.0 + 1e-9);
        }
    }

    #[test]
    fn spark_points_span_the_box_from_zero_to_the_maximum() {
        assert_eq!(spark_points(&[], 60.0, 16.0), "");
        // one point: a flat line across
        assert_eq!(spark_points(&[(5, 3.0)], 60.0, 16.0), "0.0,1.0 60.0,1.0");
        assert_eq!(
            spark_points(&[(0, 0.0), (5, 5.0), (10, 10.0)], 60.0, 16.0),
            "0.0,15.0 30.0,8.0 60.0,1.0"
        );
        // all zero: along the bottom; negative and NaN values stay inside the box
        assert_eq!(
            spark_points(&[(0, 0.0), (10, 0.0)], 10.0, 10.0),
            "0.0,9.0 10.0,9.0"
        );
        assert_eq!(
            spark_points(&[(0, -4.0), (5, f64::NAN), (10, 2.0)], 10.0, 10.0),
            "0.0,9.0 5.0,9.0 10.0,1.0"
        );
    }
}
