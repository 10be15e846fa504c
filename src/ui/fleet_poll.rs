//! When the fleet view polls each server, and through which lane: pure, so the spreading and
//! the limits are tested natively. `runtime::fleet` runs it.
//!
//! Every server gets its own phase within the refresh interval (server `i` of `n` at
//! `i * interval / n`), so a hundred servers are a steady trickle of requests rather than a
//! burst every interval. The first round (on load, and when refresh is turned back on) is
//! not spread: every row wants data at once, so every server is polled at once, in config
//! order, only limited by the lanes. With the browser's six connections to one origin, its
//! length is its number of requests: it asks only what a row's level needs (`/db/list` and
//! the failing outputs), and each server's flow series follows in a poll of its own, queued
//! behind the whole first round, before the polls spread over the interval.

use crate::ui::plan::next_delay_ms;

/// Polls in flight at once for servers that answered last time (each poll is its requests
/// one after another, so this is also the limit on requests in flight).
pub const HEALTHY_LANE: usize = 6;

/// Polls in flight at once for servers whose last poll found them unreachable: a slow or
/// dead server waits out its timeout here, never in a healthy server's place.
pub const SUSPECT_LANE: usize = 2;

/// A server whose failing-outputs answer listed at most this many outputs (in any state: the
/// answer's size is what costs, and it lists more outputs than are counted as failing) has
/// them asked for every poll; one with more, every `ceil(n / FAILING_PER_POLL)` polls (an
/// output in trouble carries its error, often a stack trace of kilobytes: 117 listed outputs
/// are about 370 KB). A row
/// going from fine to failing is seen at the next poll; a row already in trouble has its
/// counts refreshed less often, so one server's trouble does not cost the whole fleet.
pub const FAILING_PER_POLL: usize = 25;

/// At most this many polls between two reads of a server's failing outputs (a minute at 5 s).
pub const FAILING_MAX_EVERY: u32 = 12;

/// Whether this poll asks for the failing outputs, `polls_since` polls after they were last
/// read, which listed `last` outputs (`None`: never read).
pub fn failing_due(polls_since: u32, last: Option<usize>) -> bool {
    let every = last.map_or(1, |n| {
        u32::try_from(n.div_ceil(FAILING_PER_POLL)).unwrap_or(FAILING_MAX_EVERY)
    });
    polls_since + 1 >= every.clamp(1, FAILING_MAX_EVERY)
}

/// A server's flow series is read at most about this often (s). Its ring keeps every point
/// (a ten-minute ring, a point every 5 s), so reading it every third poll at refresh 5 s loses
/// no point of the sparkline, only makes the rate up to this much older; and each request
/// costs the browser's main thread more than its answer does (a hundred servers, a hundred
/// flow requests per cycle otherwise).
pub const FLOW_EVERY_SECS: u32 = 15;

/// Whether this poll asks for the flow series, `polls_since` polls after it was last read
/// (`None`: never read), at a refresh of `every_secs` (0: off, a single poll).
pub fn flow_due(polls_since: Option<u32>, every_secs: u32) -> bool {
    let every = FLOW_EVERY_SECS.div_ceil(every_secs.max(1)).max(1);
    polls_since.is_none_or(|n| n + 1 >= every)
}

/// Which lane a server's next poll waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Healthy,
    Suspect,
}

impl Lane {
    /// The lane for a server whose last poll was (`true`) or was not unreachable.
    pub fn after(unreachable: bool) -> Lane {
        if unreachable {
            Lane::Suspect
        } else {
            Lane::Healthy
        }
    }

    pub fn limit(self) -> usize {
        match self {
            Lane::Healthy => HEALTHY_LANE,
            Lane::Suspect => SUSPECT_LANE,
        }
    }
}

/// Server `index`'s offset (ms) within an interval of `interval_ms`, among `n` servers.
pub fn phase_ms(index: usize, n: usize, interval_ms: u32) -> f64 {
    if n == 0 {
        return 0.0;
    }
    f64::from(interval_ms) * (index % n) as f64 / n as f64
}

/// When (ms since the epoch of the clock used) a server polls next, given when its last
/// poll was due (`last_due`): the first time on its phase (`epoch + phase + k * interval`)
/// after the (backed-off) delay, less half an interval, so a poll that started a little late
/// (waiting for its lane, a busy tab) does not skip its next slot, and the first round (not
/// on any phase) joins its phase within one interval. `None`: refresh is off.
pub fn next_due(
    last_due: f64,
    every_secs: u32,
    failures: u32,
    phase: f64,
    epoch: f64,
) -> Option<f64> {
    let delay = f64::from(next_delay_ms(every_secs, failures)?);
    let interval = f64::from(every_secs) * 1000.0;
    let after = last_due + delay - interval / 2.0;
    let k = ((after - epoch - phase) / interval).floor() + 1.0;
    Some(epoch + phase + k.max(0.0) * interval)
}

/// Which round a server's poll belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// On load, or when refresh is turned back on: every server at once.
    First,
    /// Right after the first round: what it left out.
    Follow,
    /// On the server's phase of the interval.
    Spread,
}

impl Round {
    /// Whether the poll asks for the flow series (the first round leaves it out: a row's
    /// level does not need it, and it would make the round half as long again).
    pub fn asks_flow(self) -> bool {
        self != Round::First
    }

    /// The round of the poll after this one.
    pub fn next(self) -> Round {
        match self {
            Round::First => Round::Follow,
            Round::Follow | Round::Spread => Round::Spread,
        }
    }

    /// When the poll after a poll of this round is due: after a first-round poll that was
    /// answered at once (it queues behind the rest of the round, even while refresh is off:
    /// the round was not whole), else as [`next_due`] says (a server that did not answer is
    /// not asked again at once).
    #[allow(clippy::too_many_arguments)]
    pub fn next_due(
        self,
        answered: bool,
        now: f64,
        last_due: f64,
        every_secs: u32,
        failures: u32,
        phase: f64,
        epoch: f64,
    ) -> Option<f64> {
        if self == Round::First && answered {
            return Some(now);
        }
        next_due(last_due, every_secs, failures, phase, epoch)
    }
}
