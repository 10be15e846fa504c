//! One Bifrost's health for the fleet view, from the little its row fetches: `/db/list`, the
//! failing outputs only (`SyncStatus=error`) and one server-wide flow series. What needs
//! several polls (an error that persists, a backlog that grows) is kept per server by a
//! [`FleetTracker`]. Pure (tested natively); `runtime::fleet` fetches, `views::instances`
//! shows. The trouble ranking read from it is `model::fleet_rank`.

use std::collections::{HashMap, VecDeque};

use crate::model::flow::{latest_rate, normalize, rates};
use crate::model::health::{OutputState, SourceState};
use crate::model::rows::sync_rows;
use crate::model::trend::Thresholds;
use crate::wire::request::Window;
use crate::wire::types::{DbList, FlowPoint, SyncList};

/// The flow window a row's rows/s and sparkline come from.
pub const FLOW_WINDOW: Window = Window::TenMinute;

/// Rows an output's in-memory queue holds at most (Bifrost's channel buffer): an output at
/// this count takes nothing more and its channel waits on it.
pub const QUEUE_FULL: i64 = 5000;

/// Sparkline points kept per row (the newest).
pub const SPARK_POINTS: usize = 30;

/// One instance's health at a glance. `None` = not known (that request failed or is pending).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InstanceHealth {
    pub sources_total: usize,
    pub sources_running: usize,
    pub outputs_failing: Option<usize>,
    /// Failing outputs whose error has persisted for the thresholds' `error_polls`, and
    /// failing outputs whose queue is full (nothing leaves them).
    pub outputs_stalled: Option<usize>,
    /// Failing outputs whose queue is at [`QUEUE_FULL`].
    pub queues_full: Option<usize>,
    /// The largest queue among the failing outputs (the others are not fetched).
    pub largest_backlog: Option<i64>,
    /// That largest backlog did not go down for `growing_polls` polls and grew within them.
    pub backlog_growing: bool,
    /// Server-wide rows/s over the newest interval.
    pub rows_per_s: Option<f64>,
    /// Rows/s over the flow window, oldest first, (end of interval, rows/s).
    pub spark: Vec<(i64, f64)>,
}

impl InstanceHealth {
    /// The channel has stopped: an output's queue is full, or outputs fail while no row moves
    /// (which would otherwise read like a quiet server).
    pub fn channel_stopped(&self) -> bool {
        self.queues_full.unwrap_or(0) > 0
            || (self.outputs_failing.unwrap_or(0) > 0 && self.rows_per_s == Some(0.0))
    }
}

/// What one server's polls remember between answers (a few bytes per failing output).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FleetTracker {
    /// Consecutive answers in which each output (by `SyncRow::key`) was failing.
    failing_polls: HashMap<String, u32>,
    /// The largest failing backlog of the last answers, newest last.
    backlogs: VecDeque<i64>,
}

impl FleetTracker {
    /// Reads one poll's answers. `failing` is the sync list asked with `SyncStatus=error`
    /// (filtered again here: a server that ignores the filter sends every output) and
    /// `flow` the server-wide series; either may be missing (a failed request), and then
    /// only its numbers are unknown and the memory of the previous answers is kept.
    pub fn observe(
        &mut self,
        sources: &DbList,
        failing: Option<&SyncList>,
        flow: Option<&[FlowPoint]>,
        th: &Thresholds,
    ) -> InstanceHealth {
        let sources_running = sources
            .values()
            .filter(|d| SourceState::from_db(d) == SourceState::Running)
            .count();
        let mut h = InstanceHealth {
            sources_total: sources.len(),
            sources_running,
            ..InstanceHealth::default()
        };
        if let Some(list) = failing {
            let rows = sync_rows(list, sources);
            let rows: Vec<_> = rows
                .iter()
                .filter(|r| r.state == OutputState::Failing)
                .collect();
            let mut seen = HashMap::with_capacity(rows.len());
            let mut stalled = 0;
            let mut full = 0;
            for r in &rows {
                let n = self.failing_polls.get(&r.key).copied().unwrap_or(0) + 1;
                let is_full = r.queue >= QUEUE_FULL;
                full += usize::from(is_full);
                if is_full || (th.enabled && n >= th.error_polls.max(1)) {
                    stalled += 1;
                }
                seen.insert(r.key.clone(), n);
            }
            self.failing_polls = seen;
            let largest = rows.iter().map(|r| r.queue).max().unwrap_or(0);
            self.backlogs.push_back(largest);
            let keep = th.growing_polls.max(1) as usize;
            while self.backlogs.len() > keep {
                self.backlogs.pop_front();
            }
            h.outputs_failing = Some(rows.len());
            h.outputs_stalled = Some(stalled);
            h.queues_full = Some(full);
            h.largest_backlog = Some(largest);
            h.backlog_growing = th.enabled && growing(&self.backlogs, keep);
        }
        if let Some(points) = flow {
            if normalize(points).is_empty() {
                // no sources: nothing flows, a known zero; else not enough points yet
                h.rows_per_s = sources.is_empty().then_some(0.0);
            } else {
                let r = rates(points, FLOW_WINDOW.step_secs());
                h.rows_per_s = latest_rate(&r).map(|p| p.rows_per_s);
                let from = r.points.len().saturating_sub(SPARK_POINTS);
                h.spark = r.points[from..]
                    .iter()
                    .map(|p| (p.t, p.rows_per_s))
                    .collect();
            }
        }
        h
    }
}

/// `keep` answers in which the backlog never went down and grew at least once.
fn growing(backlogs: &VecDeque<i64>, keep: usize) -> bool {
    if backlogs.len() < keep || keep < 2 {
        return false;
    }
    let steps = || backlogs.iter().zip(backlogs.iter().skip(1));
    steps().all(|(a, b)| b >= a) && steps().any(|(a, b)| b > a)
}
