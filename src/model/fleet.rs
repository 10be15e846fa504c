//! The all-instances overview's numbers for one Bifrost: sources running, outputs failing and
//! rows/s now. Pure (tested natively); `instances` (wasm) fetches and shows them.

use crate::model::flow::{latest_rate, normalize};
use crate::model::health::{OutputState, SourceState};
use crate::model::history::server_rates;
use crate::model::rows::sync_rows;
use crate::wire::request::Window;
use crate::wire::types::{DbList, FlowPoint, SyncList};

/// The flow window the overview uses for rows/s (the same as the single-instance overview).
pub const FLOW_WINDOW: Window = Window::TenMinute;

/// One instance's health at a glance. `None` = not known (that request failed or is pending).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InstanceHealth {
    pub sources_total: usize,
    pub sources_running: usize,
    pub outputs_total: Option<usize>,
    pub outputs_failing: Option<usize>,
    /// Server-wide rows/s over the newest interval, summed by timestamp over the sources.
    pub rows_per_s: Option<f64>,
}

/// Computes the health from what was fetched. `sync` and `flows` may be missing (a failed
/// request): the other numbers are still given.
pub fn instance_health(
    sources: &DbList,
    sync: Option<&SyncList>,
    flows: Option<&[Vec<FlowPoint>]>,
) -> InstanceHealth {
    let sources_running = sources
        .values()
        .filter(|d| SourceState::from_db(d) == SourceState::Running)
        .count();
    let rows = sync.map(|l| sync_rows(l, sources));
    let rows_per_s = flows.and_then(|f| {
        if f.iter().all(|s| normalize(s).is_empty()) {
            return if sources.is_empty() { Some(0.0) } else { None };
        }
        latest_rate(&server_rates(f, FLOW_WINDOW.step_secs())).map(|r| r.rows_per_s)
    });
    InstanceHealth {
        sources_total: sources.len(),
        sources_running,
        outputs_total: rows.as_ref().map(Vec::len),
        outputs_failing: rows
            .as_ref()
            .map(|r| r.iter().filter(|r| r.state == OutputState::Failing).count()),
        rows_per_s,
    }
}
