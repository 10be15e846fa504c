//! What the trend says, written once for the overview and the sync list: the health badge
//! with "since HH:MM", why, the backlog's growth and its estimate as time, the queue's
//! sparkline, and why a lag is unknown.

use crate::model::health::Lag;
use crate::model::rows::SyncRow;
use crate::model::trend::{backlog_secs, Health, StallCause, Track};
use crate::ui::i18n::{ago, t, tf, Key, Template};
use crate::views::widgets::{shown_offset, QueueSpark};
use leptos::prelude::*;

/// `since HH:MM` at the clock the user chose.
pub fn since_text(since: i64) -> String {
    tf(
        Template::HealthSince,
        &crate::ui::time::clock(since, shown_offset(since), false),
    )
}

/// Why the trend says so (a tooltip or a detail line).
pub fn cause_text(h: Health) -> &'static str {
    match h {
        Health::Fine => "",
        Health::FallingBehind { .. } => t(Key::HealthCauseGrowing),
        Health::Stalled { cause, .. } => match cause {
            StallCause::QueueStuck => t(Key::HealthCauseQueueStuck),
            StallCause::ErrorPersists => t(Key::HealthCauseError),
            StallCause::PositionStuck => t(Key::HealthCausePosition),
        },
    }
}

/// "⚠ Falling behind" / "■ Stalled" with "since HH:MM"; nothing when fine.
#[component]
pub fn HealthBadge(health: Health) -> impl IntoView {
    let (class, icon, word) = match health {
        Health::Fine => return None,
        Health::FallingBehind { .. } => ("warn", "↗", t(Key::HealthFallingBehind)),
        Health::Stalled { .. } => ("bad", "‖", t(Key::HealthStalled)),
    };
    let since = health.since().map(since_text).unwrap_or_default();
    Some(view! {
        <span class="health" title=cause_text(health)>
            <span class=format!("badge {class}")><span aria-hidden="true">{icon}</span>" "{word}</span>
            " "<span class="since">{since}</span>
        </span>
    })
}

/// "+212 rows/min · ≈ 17 min of data (estimate)": the growth over the kept refreshes, and
/// the backlog as time at the rate it grows (rows arriving while none leave). `None` before
/// two refreshes.
pub fn trend_text(track: &Track, queue: i64) -> Option<String> {
    let g = track.growth_per_min()?;
    if queue == 0 && g.abs() < 0.5 {
        // an empty queue that stays empty: no trend worth a line
        return None;
    }
    let growth = tf(Template::HealthGrowth, &format!("{g:+.0}"));
    Some(match backlog_secs(queue, g / 60.0) {
        Some(secs) => format!("{growth} · {}", tf(Template::HealthEstimate, &ago(secs))),
        None => growth,
    })
}

/// The queue over the kept refreshes as a sparkline, labelled with its trend.
pub fn queue_spark(track: &Track, queue: i64, w: u32, h: u32) -> impl IntoView {
    let samples: Vec<(i64, f64)> = track
        .samples()
        .iter()
        .map(|s| (s.t, s.queue as f64))
        .collect();
    let label = trend_text(track, queue).unwrap_or_else(|| t(Key::HealthTrendNone).into());
    view! { <QueueSpark samples w h label /> }
}

/// Why an output's lag cannot be known, in a sentence (empty when it is known), following
/// `model::health::output_lag`'s cases. `source_listed`: its source is in `/db/list`.
pub fn lag_unknown_why(r: &SyncRow, source_listed: bool) -> &'static str {
    if r.lag != Lag::Unknown {
        ""
    } else if !source_listed {
        t(Key::LagUnknownNoSource)
    } else if r.queue == 0 && r.error.trim().is_empty() {
        t(Key::LagUnknownQuiet)
    } else {
        t(Key::LagUnknownOne)
    }
}
