//! The life of each alert in one tab, so that alerts do not cry wolf: a condition must hold
//! for its rule's pending period (and at least two polls) before it fires, a fired alert that
//! clears is "recovered", and an acknowledged or silenced alert notifies nobody. Pure: the
//! view feeds it what holds after every refresh and turns its events into notifications.

use crate::model::alerts::{Alert, Kind, Rules};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The pending period of a rule that names none.
pub const DEFAULT_PENDING_SECS: u32 = 60;
/// However short the pending period, a condition seen in a single poll never fires.
pub const MIN_POLLS: u32 = 2;
/// Recovered notices kept for the alerts card.
const RECOVERED_KEPT: usize = 5;

/// What an alert is about, across polls and tabs: its rule and its subject.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AlertId {
    pub kind: Kind,
    pub subject: String,
}

impl AlertId {
    pub fn of(a: &Alert) -> AlertId {
        AlertId {
            kind: a.kind,
            subject: a.subject.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The condition holds since `since` (epoch s), seen in `polls` consecutive polls.
    Pending { since: i64, polls: u32 },
    /// Fired at `since`; `notified` once someone was told (a silenced alert is told when
    /// its silence ends, an acknowledged one never).
    Firing { since: i64, notified: bool },
}

/// An alert whose condition holds now.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    pub alert: Alert,
    pub phase: Phase,
    /// When the condition started to hold (the pending period's start).
    pub began: i64,
}

impl Open {
    pub fn firing(&self) -> bool {
        matches!(self.phase, Phase::Firing { .. })
    }
}

/// The user's say about one alert, shared by every tab: acknowledged (until some tab sees
/// it clear: the next episode is told again) and/or silenced until a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mute {
    pub acked_at: Option<i64>,
    /// The first time a tab saw the alert clear after it was acknowledged. Tabs poll on
    /// their own clocks, so an episode a tab saw begin before that is still the one
    /// acknowledged; a tab opened (or reloaded) since the acknowledgement is covered too.
    pub cleared_at: Option<i64>,
    pub silenced_until: Option<i64>,
}

impl Mute {
    /// Whether an episode that began at `began` is to stay quiet at `now`.
    pub fn quiet(&self, began: i64, now: i64) -> bool {
        self.acknowledged(began) || self.silenced_until.is_some_and(|t| now < t)
    }

    pub fn acknowledged(&self, began: i64) -> bool {
        match (self.acked_at, self.cleared_at) {
            (None, _) => false,
            (Some(acked), Some(cleared)) if cleared >= acked => began <= cleared,
            (Some(_), _) => true,
        }
    }

    /// Notes that a tab saw the alert clear at `now` (only the first clear after an
    /// acknowledgement matters).
    pub fn clear(&mut self, now: i64) {
        if let Some(acked) = self.acked_at {
            if self.cleared_at.is_none_or(|c| c < acked) {
                self.cleared_at = Some(now);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transition {
    Fired,
    Recovered,
}

/// Something to tell the user: an alert fired or recovered, at `at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub alert: Alert,
    pub transition: Transition,
    pub at: i64,
}

/// Every open alert of one instance in this tab, and the recent recoveries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tracker {
    open: BTreeMap<AlertId, Open>,
    rules: Option<Rules>,
    last_poll: Option<u64>,
    recovered: Vec<(Alert, i64)>,
    cleared: Vec<AlertId>,
}

impl Tracker {
    /// One evaluation: `holding` is what the rules find now, `poll` names the refresh cycle
    /// the data came from (evaluating the same cycle again, after a rule was edited, is not
    /// another poll), `mute` the user's say per alert. Returns the events to notify, each
    /// exactly once per transition.
    pub fn step(
        &mut self,
        rules: &Rules,
        holding: &[Alert],
        poll: u64,
        now: i64,
        mute: &dyn Fn(&AlertId) -> Mute,
    ) -> Vec<Event> {
        let new_poll = self.last_poll != Some(poll);
        self.last_poll = Some(poll);
        if self.rules.as_ref() != Some(rules) {
            // A rule edited: what was pending waits its (new) full period again.
            self.open.retain(|_, o| o.firing());
            self.rules = Some(rules.clone());
        }
        let pending = i64::from(rules.pending_secs.unwrap_or(DEFAULT_PENDING_SECS));
        let mut events = Vec::new();
        self.cleared.clear();
        let gone: Vec<AlertId> = self
            .open
            .keys()
            .filter(|id| !holding.iter().any(|a| AlertId::of(a) == **id))
            .cloned()
            .collect();
        for id in gone {
            let Some(o) = self.open.remove(&id) else {
                continue;
            };
            self.cleared.push(id.clone());
            if let Phase::Firing { notified, .. } = o.phase {
                self.recovered.push((o.alert.clone(), now));
                if notified && !mute(&id).quiet(o.began, now) {
                    events.push(Event {
                        alert: o.alert,
                        transition: Transition::Recovered,
                        at: now,
                    });
                }
            }
        }
        let drop = self.recovered.len().saturating_sub(RECOVERED_KEPT);
        self.recovered.drain(..drop);
        for a in holding {
            let id = AlertId::of(a);
            // a recovery is old news once the condition holds again
            self.recovered.retain(|(r, _)| AlertId::of(r) != id);
            let o = self.open.entry(id.clone()).or_insert_with(|| Open {
                alert: a.clone(),
                phase: Phase::Pending {
                    since: now,
                    polls: 0,
                },
                began: now,
            });
            o.alert = a.clone();
            if let Phase::Pending { since, polls } = &mut o.phase {
                if new_poll || *polls == 0 {
                    *polls += 1;
                }
                if *polls >= MIN_POLLS && now - *since >= pending {
                    o.phase = Phase::Firing {
                        since: now,
                        notified: false,
                    };
                }
            }
            if let Phase::Firing { notified, .. } = &mut o.phase {
                if !*notified && !mute(&id).quiet(o.began, now) {
                    *notified = true;
                    events.push(Event {
                        alert: a.clone(),
                        transition: Transition::Fired,
                        at: now,
                    });
                }
            }
        }
        events
    }

    /// The open alerts, pending and firing, in a stable order.
    pub fn open(&self) -> impl Iterator<Item = &Open> {
        self.open.values()
    }

    /// The firing alerts (what the banner and the row marks show).
    pub fn firing(&self) -> Vec<Alert> {
        self.open
            .values()
            .filter(|o| o.firing())
            .map(|o| o.alert.clone())
            .collect()
    }

    /// The alerts (pending or firing) that cleared in the last step.
    pub fn cleared(&self) -> &[AlertId] {
        &self.cleared
    }

    /// Alerts that fired and then cleared, with when, the latest last.
    pub fn recovered(&self) -> &[(Alert, i64)] {
        &self.recovered
    }
}
