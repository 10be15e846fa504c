//! Backlog trends and stalls found without any rule: a small ring of samples per output and
//! per source, kept across polls, from which a health state ("falling behind", "stalled")
//! and "since when" are read.
//!
//! Memory is bounded: [`RING`] compact samples per output, allocated once when the output is
//! first seen and dropped when it disappears. A poll costs one hash lookup per row and
//! allocates nothing for outputs already known.

use std::collections::{HashMap, VecDeque};

use crate::wire::types::DbList;

use super::health::{binlog_file_num, OutputState, SourceState};
use super::rows::SyncRow;
pub use super::source_trend::{judge_source, SourceSample, SourceTrack};

/// Samples kept per output and per source (the sparkline's points).
pub const RING: usize = 16;

/// An output absent from filtered answers is kept this long (s) before it is dropped: the
/// sync list page asks Bifrost for a subset, and switching filters must not wipe trends.
pub const KEEP_UNSEEN_SECS: i64 = 600;

/// When a state is declared. Counts are polls (answers), so they follow the refresh interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Stall and growth detection on (the default) or off.
    pub enabled: bool,
    /// Queue did not go down for this many consecutive polls, and grew within them -> falling
    /// behind.
    pub growing_polls: u32,
    /// Queue above zero and unchanged, last-queued position unchanged, while the source
    /// moved, for this many polls -> stalled (and a source whose position stands still while
    /// its flow counters rise).
    pub stalled_polls: u32,
    /// An error present at this many consecutive polls -> stalled.
    pub error_polls: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            enabled: true,
            growing_polls: 3,
            stalled_polls: 3,
            error_polls: 3,
        }
    }
}

/// Why something is stalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StallCause {
    /// Rows are queued and nothing moves, while the source reads on.
    QueueStuck,
    /// The output reports the same error poll after poll.
    ErrorPersists,
    /// A source's read position stands still while its flow counters say rows arrive.
    PositionStuck,
}

/// Health found from the trend, beyond what one answer says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Health {
    /// Nothing found (or not enough polls yet).
    #[default]
    Fine,
    /// The queue grows poll after poll; `since` is the first sample of the rise (epoch s).
    FallingBehind {
        since: i64,
    },
    Stalled {
        since: i64,
        cause: StallCause,
    },
}

impl Health {
    /// When the state began, if it is a problem.
    pub fn since(self) -> Option<i64> {
        match self {
            Health::Fine => None,
            Health::FallingBehind { since } | Health::Stalled { since, .. } => Some(since),
        }
    }

    pub fn is_problem(self) -> bool {
        self != Health::Fine
    }

    /// Same state, whatever the start time.
    fn same_kind(self, other: Health) -> bool {
        match (self, other) {
            (Health::Stalled { cause: a, .. }, Health::Stalled { cause: b, .. }) => a == b,
            _ => std::mem::discriminant(&self) == std::mem::discriminant(&other),
        }
    }
}

/// One poll of one output: 32 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// Epoch seconds.
    pub t: i64,
    pub queue: i64,
    /// `LastQueueBinlog` as one comparable number (file and position), 0 when unknown.
    pub queued: i64,
    pub failing: bool,
}

/// A binlog (file, position) folded into one number: only ever compared for equality.
pub fn pos_id(file: i64, position: i64) -> i64 {
    file.wrapping_shl(36).wrapping_add(position)
}

/// The samples of one output and what they say.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    samples: VecDeque<Sample>,
    pub health: Health,
    /// When the output was last in an answer (epoch s).
    last_seen: i64,
}

impl Track {
    fn new() -> Track {
        Track {
            samples: VecDeque::with_capacity(RING),
            health: Health::Fine,
            last_seen: 0,
        }
    }

    /// Oldest first.
    pub fn samples(&self) -> &VecDeque<Sample> {
        &self.samples
    }

    /// Queue growth in rows per minute over the recent samples (negative when draining);
    /// `None` with fewer than two samples.
    pub fn growth_per_min(&self) -> Option<f64> {
        growth_per_min(&self.samples)
    }
}

/// Samples the growth is measured over: the recent trend (15 s at 5 s refreshes), not
/// a jump or a drain that the sparkline still shows.
pub const GROWTH_SAMPLES: usize = 4;

/// Rows per minute between the first and last of the last [`GROWTH_SAMPLES`] samples.
pub fn growth_per_min(s: &VecDeque<Sample>) -> Option<f64> {
    let a = s.get(s.len().saturating_sub(GROWTH_SAMPLES))?;
    let b = s.back()?;
    let dt = b.t - a.t;
    (dt > 0).then(|| (b.queue - a.queue) as f64 * 60.0 / dt as f64)
}

/// How many seconds of data a queue holds at `rows_per_s` (the rate rows arrive): an
/// estimate, `None` when the rate is unknown or not positive.
pub fn backlog_secs(queue: i64, rows_per_s: f64) -> Option<i64> {
    (queue > 0 && rows_per_s.is_finite() && rows_per_s > 0.0)
        .then(|| (queue as f64 / rows_per_s).round() as i64)
}

/// The health the last samples show (the oldest first). `source_moved(since)` says whether
/// the output's source read on since that time.
pub fn judge(s: &VecDeque<Sample>, th: &Thresholds, source_moved: &dyn Fn(i64) -> bool) -> Health {
    if !th.enabled || s.is_empty() {
        return Health::Fine;
    }
    let n = s.len();
    let run = |same: &dyn Fn(&Sample, &Sample) -> bool| {
        // intervals at the end where `same(prev, next)` holds
        (1..n).rev().take_while(|&i| same(&s[i - 1], &s[i])).count()
    };
    // Rows arrive in bursts, so a poll without growth is not a recovery: the queue must not
    // have gone down for N polls, and must have grown within the last N.
    let need = th.growing_polls.max(1) as usize;
    let rising = run(&|a, b| b.queue >= a.queue);
    if rising >= need && s[n - 1].queue > s[n - 1 - need].queue {
        return Health::FallingBehind {
            since: s[n - 1 - rising].t,
        };
    }
    let failing = s.iter().rev().take_while(|x| x.failing).count();
    if failing >= th.error_polls.max(1) as usize {
        return Health::Stalled {
            since: s[n - failing].t,
            cause: StallCause::ErrorPersists,
        };
    }
    // A quiet table's outputs do not move either: only queued rows that never leave count.
    let stuck = run(&|a, b| b.queue > 0 && b.queue == a.queue && b.queued == a.queued);
    if stuck >= th.stalled_polls.max(1) as usize {
        let since = s[n - 1 - stuck].t;
        if source_moved(since) {
            return Health::Stalled {
                since,
                cause: StallCause::QueueStuck,
            };
        }
    }
    Health::Fine
}

/// Keeps `since` while the state stays the same kind, so it survives the ring's rollover.
pub(super) fn sticky(old: Health, new: Health) -> Health {
    match (old.since(), new) {
        (Some(since), Health::FallingBehind { .. }) if old.same_kind(new) => {
            Health::FallingBehind { since }
        }
        (Some(since), Health::Stalled { cause, .. }) if old.same_kind(new) => {
            Health::Stalled { since, cause }
        }
        _ => new,
    }
}

pub(super) fn push<T>(ring: &mut VecDeque<T>, v: T) {
    if ring.len() == RING {
        ring.pop_front();
    }
    ring.push_back(v);
}

/// Every output's and source's trend, by a stable identity (`SyncRow::key`, source name).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trends {
    outputs: HashMap<String, Track>,
    sources: HashMap<String, SourceTrack>,
    /// Sync list answers observed (saturating): before enough, "nothing found" means little.
    polls: u32,
}

impl Trends {
    /// Records one sources answer at `now`; `flow_total(name)` is the source's cumulative
    /// flow counter if its series was fetched this poll.
    pub fn observe_sources(
        &mut self,
        list: &DbList,
        flow_total: &dyn Fn(&str) -> Option<i64>,
        now: i64,
        th: &Thresholds,
    ) {
        for (name, db) in list {
            if !self.sources.contains_key(name) {
                self.sources.insert(name.clone(), SourceTrack::new());
            }
            let Some(t) = self.sources.get_mut(name) else {
                continue;
            };
            let pos = binlog_file_num(&db.binlog_dump_file_name)
                .map_or(0, |f| pos_id(f, db.binlog_dump_position));
            let sample = SourceSample {
                t: now,
                pos,
                flow_total: flow_total(name),
                running: SourceState::from_db(db) == SourceState::Running,
            };
            if t.record(sample) {
                t.health = sticky(t.health, judge_source(t.samples(), th));
            }
        }
        self.sources.retain(|name, _| list.contains_key(name));
    }

    /// Records one sync list answer at `now`. `complete`: the answer was not filtered, so an
    /// output missing from it is gone (otherwise it is dropped after [`KEEP_UNSEEN_SECS`]).
    pub fn observe_outputs(&mut self, rows: &[SyncRow], now: i64, complete: bool, th: &Thresholds) {
        self.polls = self.polls.saturating_add(1);
        let sources = &self.sources;
        for r in rows {
            // one lookup for a known output; a key is copied only for a new one
            let t = match self.outputs.get_mut(&r.key) {
                Some(t) => t,
                None => self.outputs.entry(r.key.clone()).or_insert_with(Track::new),
            };
            t.last_seen = now;
            if t.samples.back().is_some_and(|s| s.t >= now) {
                continue;
            }
            let queued = r
                .last_queue
                .as_ref()
                .map_or(0, |p| pos_id(p.binlog_file_num, p.binlog_position));
            push(
                &mut t.samples,
                Sample {
                    t: now,
                    queue: r.queue,
                    queued,
                    failing: r.state == OutputState::Failing,
                },
            );
            let src = sources.get(&r.db);
            let moved = |since| src.is_some_and(|s| s.moved_since(since));
            t.health = sticky(t.health, judge(&t.samples, th, &moved));
        }
        let keep_from = if complete {
            now
        } else {
            now - KEEP_UNSEEN_SECS
        };
        self.outputs.retain(|_, t| t.last_seen >= keep_from);
    }

    /// Sync list answers observed so far.
    pub fn polls(&self) -> u32 {
        self.polls
    }

    pub fn output(&self, key: &str) -> Option<&Track> {
        self.outputs.get(key)
    }

    pub fn source(&self, name: &str) -> Option<&SourceTrack> {
        self.sources.get(name)
    }

    /// The health of an output (`Fine` when unknown).
    pub fn health(&self, key: &str) -> Health {
        self.outputs.get(key).map_or(Health::Fine, |t| t.health)
    }

    pub fn source_health(&self, name: &str) -> Health {
        self.sources.get(name).map_or(Health::Fine, |t| t.health)
    }

    /// Outputs tracked (the memory trends cost).
    pub fn len(&self) -> usize {
        self.outputs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outputs.is_empty()
    }

    /// Outputs with a problem, by key (unordered).
    pub fn flagged(&self) -> impl Iterator<Item = (&str, &Track)> {
        self.outputs
            .iter()
            .filter(|(_, t)| t.health.is_problem())
            .map(|(k, t)| (k.as_str(), t))
    }

    /// Sources with a problem, by name (unordered).
    pub fn flagged_sources(&self) -> impl Iterator<Item = (&str, Health)> {
        self.sources
            .iter()
            .filter(|(_, t)| t.health.is_problem())
            .map(|(k, t)| (k.as_str(), t.health))
    }
}
