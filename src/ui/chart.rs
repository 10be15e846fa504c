//! The pure side of the flow charts: which value a metric shows, how it reads, where a line
//! breaks (gaps and restarts) and the one-sentence summary for screen readers. The drawing
//! (`views::chart`) only turns these into pixels.

use crate::model::flow::{RatePoint, Rates};
use crate::model::units::Unit;
use crate::ui::i18n::{rate, t, tf, total, Key, Template};
use crate::ui::time::clock;

#[derive(Clone, Copy, PartialEq)]
pub enum Metric {
    Rows,
    Bytes,
}

pub fn value(p: &RatePoint, m: Metric, cumulative: bool) -> f64 {
    match (m, cumulative) {
        (Metric::Rows, false) => p.rows_per_s,
        (Metric::Bytes, false) => p.bytes_per_s,
        (Metric::Rows, true) => p.count as f64,
        (Metric::Bytes, true) => p.bytes as f64,
    }
}

pub fn fmt_value(v: f64, m: Metric, cumulative: bool) -> String {
    match (m, cumulative) {
        (Metric::Rows, false) => rate(v, Unit::Rows),
        (Metric::Bytes, false) => rate(v, Unit::Bytes),
        (Metric::Rows, true) => total(v, Unit::Rows),
        (Metric::Bytes, true) => total(v, Unit::Bytes),
    }
}

/// Splits a series into line segments at gaps and restarts, so no slope is drawn across them.
pub fn segments(r: &Rates) -> Vec<Vec<RatePoint>> {
    let mut out: Vec<Vec<RatePoint>> = vec![Vec::new()];
    for p in &r.points {
        let breaks = r.gaps.iter().any(|(a, b)| *a < p.t && p.t <= *b) || r.restarts.contains(&p.t);
        if breaks && out.last().is_some_and(|s| !s.is_empty()) {
            out.push(Vec::new());
        }
        if let Some(s) = out.last_mut() {
            s.push(*p);
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// A one-sentence text summary of a chart, for screen readers and the figure caption: the
/// time span it covers (at `offset(t)` seconds from UTC, the same clock as the axis), then
/// each series' latest value, peak and restarts.
pub fn summary(
    series: &[(String, Rates)],
    metric: Metric,
    cumulative: bool,
    offset: &dyn Fn(i64) -> i64,
) -> String {
    let first = series
        .iter()
        .filter_map(|(_, r)| r.points.first())
        .map(|p| p.t)
        .min();
    let last = series
        .iter()
        .filter_map(|(_, r)| r.points.last())
        .map(|p| p.t)
        .max();
    let span = match (first, last) {
        (Some(a), Some(b)) => format!(
            "{}{}–{}. ",
            t(Key::FlowSummarySpan),
            clock(a, offset(a), true),
            clock(b, offset(b), true)
        ),
        _ => String::new(),
    };
    let each = series
        .iter()
        .map(|(name, r)| match r.points.last() {
            Some(p) => {
                let max = r
                    .points
                    .iter()
                    .map(|p| value(p, metric, cumulative))
                    .fold(0.0, f64::max);
                format!(
                    "{}{}{}{}{}",
                    tf(Template::FlowSummaryNow, name),
                    fmt_value(value(p, metric, cumulative), metric, cumulative),
                    t(Key::FlowSummaryPeak),
                    fmt_value(max, metric, cumulative),
                    if r.restarts.is_empty() {
                        String::new()
                    } else {
                        tf(Template::FlowSummaryRestarts, &r.restarts.len().to_string())
                    }
                )
            }
            None => tf(Template::FlowSummaryNone, name),
        })
        .collect::<Vec<_>>()
        .join("; ");
    span + &each
}
