//! A timeline of what changed on one instance: every transition the dashboard sees between
//! two answers (a source's state, outputs starting to fail or recovering, the instance
//! unreachable or back, a Bifrost restart), with its time. Pure: the runtime takes a
//! [`Snapshot`] after each refresh and keeps what [`Snapshot::changes_since`] returns. It
//! covers only the time a dashboard was open: [`What::Opened`] marks each start.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::flow::normalize;
use super::health::{OutputState, SourceState};
use super::order;
use super::rows::SyncRow;
use crate::wire::json_path::decode;
use crate::wire::types::FlowPoint;

/// Events kept per instance; the oldest go first.
pub const MAX_EVENTS: usize = 2_000;
/// Outputs named in one event; the rest are counted in `more`.
pub const NAMED_OUTPUTS: usize = 5;

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum What {
    /// A dashboard started watching; `since` is when the previous one last looked (what
    /// happened in between was not seen).
    Opened { since: Option<i64> },
    /// No answer from the instance (the reason in words, no secret).
    Unreachable { reason: String },
    /// Answers again after being unreachable.
    Back,
    /// Bifrost's flow counters restarted from zero.
    Restart,
    /// A data source changed state (`from` is `None` for a source that appeared).
    Source {
        name: String,
        from: Option<SourceStateName>,
        to: SourceStateName,
    },
    /// Outputs started reporting an error.
    Failing { outputs: Vec<String>, more: usize },
    /// Outputs stopped reporting an error.
    Recovered { outputs: Vec<String>, more: usize },
    /// Outputs found stalled or falling behind (`model::trend`).
    Stalled { outputs: Vec<String>, more: usize },
    /// Outputs no longer stalled or falling behind.
    Resumed { outputs: Vec<String>, more: usize },
}

/// [`SourceState`] as it is stored: the raw status of an unknown state kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceStateName {
    Running,
    Starting,
    Stopped,
    Closed,
    Error,
    Unknown(String),
}

impl From<&SourceState> for SourceStateName {
    fn from(s: &SourceState) -> Self {
        match s {
            SourceState::Running => SourceStateName::Running,
            SourceState::Starting => SourceStateName::Starting,
            SourceState::Stopped => SourceStateName::Stopped,
            SourceState::Closed => SourceStateName::Closed,
            SourceState::Error => SourceStateName::Error,
            SourceState::Unknown(raw) => SourceStateName::Unknown(raw.clone()),
        }
    }
}

impl From<&SourceStateName> for SourceState {
    fn from(s: &SourceStateName) -> Self {
        match s {
            SourceStateName::Running => SourceState::Running,
            SourceStateName::Starting => SourceState::Starting,
            SourceStateName::Stopped => SourceState::Stopped,
            SourceStateName::Closed => SourceState::Closed,
            SourceStateName::Error => SourceState::Error,
            SourceStateName::Unknown(raw) => SourceState::Unknown(raw.clone()),
        }
    }
}

/// One event: when (Unix seconds), what, and how many outputs were failing right after it
/// (drawn as the state strip).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: i64,
    pub what: What,
    pub failing: usize,
}

/// What the dashboard knew after one refresh. Kept with the events, so a reload compares
/// against the last state seen rather than reporting everything as new.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    /// `None` until the instance has answered or failed once.
    pub reachable: Option<bool>,
    pub sources: BTreeMap<String, SourceStateName>,
    /// `schema.table → key` of each failing output (see [`output_label`]).
    pub failing: BTreeSet<String>,
    /// Outputs stalled or falling behind, named as `failing`.
    pub stalled: BTreeSet<String>,
    /// False until a complete sync list has arrived (nothing is known of the outputs).
    pub outputs_known: bool,
    /// Which sync list `failing` comes from (its request): outputs are compared only within
    /// one scope, so filtering the list to one source is not "the others recovered".
    pub scope: String,
    /// When this snapshot was taken (Unix seconds): after a reload, the time between it and
    /// [`What::Opened`] was not watched.
    pub seen_at: i64,
    /// The latest restart time seen in the flow counters.
    pub last_restart: Option<i64>,
}

/// The time of the latest counter restart in a flow series (a counter going down), if any.
pub fn last_restart(series: &[FlowPoint]) -> Option<i64> {
    let points = normalize(series);
    points
        .windows(2)
        .filter(|w| w[1].count < w[0].count || w[1].byte_size < w[0].byte_size)
        .map(|w| w[1].time)
        .max()
}

/// How an output is named in the timeline: source, table and output key (no DSN).
pub fn output_label(r: &SyncRow) -> String {
    format!("{} / {}.{} → {}", r.db, r.schema, r.table, r.to_server_key)
}

/// The failing outputs of `rows` by [`output_label`].
pub fn failing_outputs(rows: &[SyncRow]) -> BTreeSet<String> {
    // `extend`, not `collect`: collecting into a B-tree sorts first, with a sort compiled for
    // each element type (`model::order`)
    let mut set = BTreeSet::new();
    set.extend(
        rows.iter()
            .filter(|r| r.state == OutputState::Failing)
            .map(output_label),
    );
    set
}

/// Names the first [`NAMED_OUTPUTS`] of `set` and counts the rest, so ten thousand outputs
/// failing at once are one bounded event.
fn named(set: Vec<&String>) -> (Vec<String>, usize) {
    let more = set.len().saturating_sub(NAMED_OUTPUTS);
    let outputs = set.into_iter().take(NAMED_OUTPUTS).cloned().collect();
    (outputs, more)
}

impl Snapshot {
    /// The events that lead from `self` (the previous snapshot) to `next`, at `now`.
    /// Parts `next` does not know (no answer yet) are carried over, not reported as gone.
    pub fn changes_since(&self, next: &Snapshot, now: i64) -> Vec<Event> {
        let mut out = Vec::new();
        let failing = if next.outputs_known {
            next.failing.len()
        } else {
            self.failing.len()
        };
        let mut push = |what: What| {
            out.push(Event {
                at: now,
                what,
                failing,
            })
        };
        match (self.reachable, next.reachable) {
            (Some(true) | None, Some(false)) => push(What::Unreachable {
                reason: String::new(),
            }),
            (Some(false), Some(true)) => push(What::Back),
            _ => {}
        }
        if let Some(t) = next.last_restart {
            if self.last_restart.is_none_or(|old| t > old) && self.reachable.is_some() {
                // Bifrost's clock, not this browser's: never later than now, so the log
                // stays in order when the two disagree.
                out.push(Event {
                    at: t.min(now),
                    what: What::Restart,
                    failing,
                });
            }
        }
        if next.reachable == Some(true) && !next.sources.is_empty() {
            for (name, to) in &next.sources {
                let from = self.sources.get(name);
                if from != Some(to) && (from.is_some() || !self.sources.is_empty()) {
                    out.push(Event {
                        at: now,
                        what: What::Source {
                            name: name.clone(),
                            from: from.cloned(),
                            to: to.clone(),
                        },
                        failing,
                    });
                }
            }
        }
        if next.outputs_known && self.outputs_known && next.scope == self.scope {
            type Make = fn(Vec<String>, usize) -> What;
            let pairs: [(_, _, Make, Make); 2] = [
                (
                    &self.failing,
                    &next.failing,
                    |outputs, more| What::Failing { outputs, more },
                    |outputs, more| What::Recovered { outputs, more },
                ),
                (
                    &self.stalled,
                    &next.stalled,
                    |outputs, more| What::Stalled { outputs, more },
                    |outputs, more| What::Resumed { outputs, more },
                ),
            ];
            for (before, after, began, ended) in pairs {
                for (set, make) in [
                    (after.difference(before).collect::<Vec<_>>(), began),
                    (before.difference(after).collect(), ended),
                ] {
                    if !set.is_empty() {
                        let (outputs, more) = named(set);
                        out.push(Event {
                            at: now,
                            what: make(outputs, more),
                            failing,
                        });
                    }
                }
            }
        }
        out
    }

    /// `next` with what it does not know taken from `self` (the state to compare the next
    /// answer with).
    pub fn merged(&self, next: Snapshot) -> Snapshot {
        Snapshot {
            reachable: next.reachable.or(self.reachable),
            sources: if next.sources.is_empty() {
                self.sources.clone()
            } else {
                next.sources
            },
            failing: if next.outputs_known {
                next.failing
            } else {
                self.failing.clone()
            },
            stalled: if next.outputs_known {
                next.stalled
            } else {
                self.stalled.clone()
            },
            outputs_known: next.outputs_known || self.outputs_known,
            scope: if next.outputs_known {
                next.scope
            } else {
                self.scope.clone()
            },
            seen_at: next.seen_at.max(self.seen_at),
            last_restart: next.last_restart.max(self.last_restart),
        }
    }
}

/// The events of one instance and the last snapshot, as kept in the browser's storage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Timeline {
    pub events: VecDeque<Event>,
    pub last: Snapshot,
}

impl Timeline {
    /// Reads a stored timeline; anything unreadable starts a new one (it is a convenience
    /// record, never a reason for the page to fail).
    pub fn from_json(text: &str) -> Timeline {
        decode(text).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Records that a dashboard started watching at `now`.
    pub fn opened(&mut self, now: i64) {
        let failing = self.last.failing.len();
        let since = (self.last.seen_at > 0).then_some(self.last.seen_at);
        self.push(Event {
            at: now,
            what: What::Opened { since },
            failing,
        });
    }

    /// Takes the snapshot of a refresh: records its changes and keeps it. Returns whether
    /// anything was recorded. `reason` fills an `Unreachable` event.
    pub fn observe(&mut self, next: Snapshot, now: i64, reason: &str) -> bool {
        let mut events = self.last.changes_since(&next, now);
        for e in &mut events {
            if let What::Unreachable { reason: r } = &mut e.what {
                *r = reason.to_string();
            }
        }
        let changed = !events.is_empty();
        for e in events {
            self.push(e);
        }
        self.last = self.last.merged(next);
        changed
    }

    fn push(&mut self, e: Event) {
        self.events.push_back(e);
        while self.events.len() > MAX_EVENTS {
            self.events.pop_front();
        }
    }
}

/// The instance's state over a stretch of time, for the strip on the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandKind {
    Ok,
    Failing,
    Unreachable,
    /// No dashboard was open.
    Unwatched,
}

/// `[from, to)` in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub from: i64,
    pub to: i64,
    pub kind: BandKind,
}

/// The state strip of `events` from `start` (or the first event, if later) to `now`:
/// unreachable, failing outputs, all clear, or not watched between a dashboard's last look
/// and the next start. Adjacent bands of one kind are merged.
pub fn bands(events: &VecDeque<Event>, start: i64, now: i64) -> Vec<Band> {
    let mut sorted: Vec<&Event> = events.iter().collect();
    order::sort_by_key(&mut sorted, |e| e.at);
    let mut out: Vec<Band> = Vec::new();
    let mut push = |from: i64, to: i64, kind: BandKind| {
        let (from, to) = (from.max(start), to.min(now));
        if to <= from {
            return;
        }
        match out.last_mut() {
            Some(last) if last.kind == kind && last.to >= from => last.to = to,
            _ => out.push(Band { from, to, kind }),
        }
    };
    let Some(first) = sorted.first() else {
        return Vec::new();
    };
    let (mut at, mut kind) = (first.at, BandKind::Unwatched);
    for e in sorted {
        match &e.what {
            What::Opened { since } => {
                let gap_from = since.unwrap_or(e.at).clamp(at, e.at);
                push(at, gap_from, kind);
                push(gap_from, e.at, BandKind::Unwatched);
            }
            _ => push(at, e.at, kind),
        }
        at = e.at;
        kind = match (&e.what, kind) {
            (What::Unreachable { .. }, _) => BandKind::Unreachable,
            (What::Back | What::Opened { .. }, _) | (_, BandKind::Unwatched) => {
                failing_kind(e.failing)
            }
            (_, BandKind::Unreachable) => BandKind::Unreachable,
            _ => failing_kind(e.failing),
        };
    }
    push(at, now, kind);
    out
}

fn failing_kind(failing: usize) -> BandKind {
    if failing > 0 {
        BandKind::Failing
    } else {
        BandKind::Ok
    }
}
