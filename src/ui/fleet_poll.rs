//! When the fleet view polls each server, and through which lane: pure, so the spreading and
//! the limits are tested natively. `runtime::fleet` runs it.
//!
//! Every server gets its own phase within the refresh interval (server `i` of `n` at
//! `i * interval / n`, rounded down to a tick), so a hundred servers are a steady trickle of
//! small groups of requests rather than a burst every interval. The first round (on load, and when refresh is turned back on) is
//! not spread: every row wants data at once, so every server is polled at once, in config
//! order, only limited by the lanes. With the browser's six connections to one origin, its
//! length is its number of requests: it asks only `/db/list` (small, so every row has its
//! numbers within a fraction of a second), then each server's failing outputs (its level)
//! in a poll of its own queued behind the whole first round, then its flow series, before
//! the polls spread over the interval.

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

/// The longest string kept of a failing-outputs answer (bytes): a row counts the outputs
/// with a non-empty `Error` and never shows the words, and the errors are most of the answer.
/// Long enough that every key, name and state comes whole.
pub const LIST_STRING_BYTES: usize = 160;

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

/// The grid the servers' phases sit on (ms): at refresh 5 s, ten wake-ups an interval
/// whatever the number of servers (ten servers each at a hundred, taking turns in their lane).
pub const TICK_MS: f64 = 500.0;

/// A server's place in the refresh interval: server `index` of `of`, on the clock that started
/// at `epoch` (ms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    pub index: usize,
    pub of: usize,
    pub epoch: f64,
}

impl Slot {
    /// The server's offset (ms) within an interval of `interval_ms`: its even share, rounded
    /// down to a [`TICK_MS`], so the servers of one tick wake together (one task on the page,
    /// one message to the fetching worker) instead of one after another.
    pub fn phase_ms(self, interval_ms: u32) -> f64 {
        if self.of == 0 {
            return 0.0;
        }
        let even = f64::from(interval_ms) * (self.index % self.of) as f64 / self.of as f64;
        (even / TICK_MS).floor() * TICK_MS
    }

    /// When (ms since the epoch of the clock used) the server polls next, given when its last
    /// poll was due (`last_due`) and its failures in a row: the first time on its phase
    /// (`epoch + phase + k * interval`) after the (backed-off) delay, less half an interval,
    /// so a poll that started a little late (waiting for its lane, a busy tab) does not skip
    /// its next slot, and the first round (not on any phase) joins its phase within one
    /// interval. `None`: refresh is off.
    pub fn next_due(self, last_due: f64, every_secs: u32, failures: u32) -> Option<f64> {
        let delay = f64::from(next_delay_ms(every_secs, failures)?);
        let interval = f64::from(every_secs) * 1000.0;
        let phase = self.phase_ms(every_secs * 1000);
        let after = last_due + delay - interval / 2.0;
        let k = ((after - self.epoch - phase) / interval).floor() + 1.0;
        Some(self.epoch + phase + k.max(0.0) * interval)
    }
}

/// How a server's last poll went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Polled {
    /// Its `/db/list` answered.
    pub answered: bool,
    /// When it was due, and when it ended (ms).
    pub due: f64,
    pub now: f64,
    /// Polls in a row that failed, this one included.
    pub failures: u32,
}

/// Which round a server's poll belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// On load, or when refresh is turned back on: every server's `/db/list` at once, so every
    /// row has its numbers before any server's (much longer) failing outputs are read.
    First,
    /// Right after the first round: the failing outputs, which give the row its level.
    Level,
    /// Right after that: the flow series (a row's level does not need it).
    Follow,
    /// On the server's phase of the interval.
    Spread,
}

impl Round {
    /// Whether the poll asks for the failing outputs (when they are due).
    pub fn asks_failing(self) -> bool {
        self != Round::First
    }

    /// Whether the poll asks for the flow series (when it is due).
    pub fn asks_flow(self) -> bool {
        matches!(self, Round::Follow | Round::Spread)
    }

    /// The round of the poll after this one.
    pub fn next(self) -> Round {
        match self {
            Round::First => Round::Level,
            Round::Level => Round::Follow,
            Round::Follow | Round::Spread => Round::Spread,
        }
    }

    /// When the poll after `polled` (a poll of this round) is due: after a poll of the first
    /// two rounds that was answered, at once (it queues behind the rest of the round, even
    /// while refresh is off: the round was not whole), else as [`Slot::next_due`] says (a
    /// server that did not answer is not asked again at once).
    pub fn next_due(self, slot: Slot, polled: Polled, every_secs: u32) -> Option<f64> {
        if matches!(self, Round::First | Round::Level) && polled.answered {
            return Some(polled.now);
        }
        slot.next_due(polled.due, every_secs, polled.failures)
    }
}
