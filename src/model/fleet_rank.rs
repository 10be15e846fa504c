//! Which servers of the fleet need attention, why (each reason a value, put in words by
//! `ui::fleet_table`) and in which order: the worst first. Pure, tested natively.

use crate::model::fleet::InstanceHealth;

/// How bad a server's state is; the order is the table's default order (worst first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Its `/db/list` did not answer (last good numbers may still be shown).
    Down,
    /// Data has stopped: a full queue, or failing outputs while no row moves.
    Stopped,
    /// Sources not running, outputs failing or stalled.
    Trouble,
    /// Worth a look: a backlog growing, or part of the row's answers missing.
    Warning,
    /// No answer yet, or only `/db/list`'s (its failing outputs not yet known).
    Pending,
    Ok,
}

impl Level {
    /// Counted in "N need attention".
    pub fn needs_attention(self) -> bool {
        self <= Level::Warning
    }
}

/// One reason a server is not fine, most serious first in [`assess`]'s list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Unreachable,
    /// (queues full, failing outputs while 0 rows/s)
    ChannelStopped {
        queues_full: usize,
    },
    SourcesNotRunning(usize),
    OutputsStalled(usize),
    OutputsFailing(usize),
    BacklogGrowing,
    /// The failing outputs or the flow could not be read this time.
    PartlyUnknown,
}

/// What the fleet view knows of one server.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServerView {
    /// The last good numbers (kept while a later poll fails).
    pub health: Option<InstanceHealth>,
    /// The last poll's `/db/list` failed.
    pub unreachable: bool,
    /// The last poll got `/db/list` but not the failing outputs or the flow.
    pub partial: bool,
}

/// The server's level and its reasons, most serious first.
pub fn assess(v: &ServerView) -> (Level, Vec<Reason>) {
    let mut reasons = Vec::new();
    if v.unreachable {
        reasons.push(Reason::Unreachable);
    }
    let Some(h) = &v.health else {
        let level = if v.unreachable {
            Level::Down
        } else {
            Level::Pending
        };
        return (level, reasons);
    };
    if h.channel_stopped() {
        reasons.push(Reason::ChannelStopped {
            queues_full: h.queues_full.unwrap_or(0),
        });
    }
    let not_running = h.sources_total - h.sources_running.min(h.sources_total);
    if not_running > 0 {
        reasons.push(Reason::SourcesNotRunning(not_running));
    }
    let stalled = h.outputs_stalled.unwrap_or(0);
    if stalled > 0 {
        reasons.push(Reason::OutputsStalled(stalled));
    }
    let failing = h.outputs_failing.unwrap_or(0);
    if failing > stalled {
        reasons.push(Reason::OutputsFailing(failing - stalled));
    }
    if h.backlog_growing {
        reasons.push(Reason::BacklogGrowing);
    }
    if v.partial && !v.unreachable {
        reasons.push(Reason::PartlyUnknown);
    }
    let level = if v.unreachable {
        Level::Down
    } else if h.channel_stopped() {
        Level::Stopped
    } else if not_running > 0 || failing > 0 {
        Level::Trouble
    } else if !reasons.is_empty() {
        Level::Warning
    } else if h.outputs_failing.is_none() {
        // `/db/list` answered, the failing outputs not yet asked: never fine before they are
        Level::Pending
    } else {
        Level::Ok
    };
    (level, reasons)
}

/// How much trouble, for ordering servers of one level: outputs in trouble, then sources.
pub fn weight(h: Option<&InstanceHealth>) -> (usize, usize) {
    h.map_or((0, 0), |h| {
        (
            h.outputs_failing.unwrap_or(0),
            h.sources_total - h.sources_running.min(h.sources_total),
        )
    })
}
