//! A source's trend: its read position poll after poll, with its flow counter, to find a
//! source whose position stands still while rows arrive (part of `model::trend`).

use std::collections::VecDeque;

use super::trend::{push, Health, StallCause, Thresholds, RING};

/// One poll of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceSample {
    pub t: i64,
    /// Read position (`pos_id`), 0 when unknown.
    pub pos: i64,
    /// The source's cumulative flow counter at that poll, if fetched.
    pub flow_total: Option<i64>,
    pub running: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SourceTrack {
    samples: VecDeque<SourceSample>,
    pub health: Health,
}

impl SourceTrack {
    pub(super) fn new() -> SourceTrack {
        SourceTrack {
            samples: VecDeque::with_capacity(RING),
            health: Health::Fine,
        }
    }

    /// Oldest first.
    pub fn samples(&self) -> &VecDeque<SourceSample> {
        &self.samples
    }

    /// Adds a sample unless this poll is already recorded; true when added.
    pub(super) fn record(&mut self, s: SourceSample) -> bool {
        if self.samples.back().is_some_and(|x| x.t >= s.t) {
            return false;
        }
        push(&mut self.samples, s);
        true
    }

    /// True when the position at the last sample differs from the one at `since` (the last
    /// sample at or before it, or the oldest kept when the ring no longer reaches back).
    pub fn moved_since(&self, since: i64) -> bool {
        let Some(last) = self.samples.back() else {
            return false;
        };
        let then = self
            .samples
            .iter()
            .rev()
            .find(|x| x.t <= since)
            .or(self.samples.front());
        then.is_some_and(|x| x.pos != 0 && last.pos != 0 && x.pos != last.pos)
    }
}

/// A running source whose position stood still for `stalled_polls` polls while its flow
/// counter rose.
pub fn judge_source(s: &VecDeque<SourceSample>, th: &Thresholds) -> Health {
    let n = s.len();
    if !th.enabled || n < 2 || !s[n - 1].running {
        return Health::Fine;
    }
    let still = (1..n)
        .rev()
        .take_while(|&i| s[i].running && s[i].pos != 0 && s[i].pos == s[i - 1].pos)
        .count();
    let first = &s[n - 1 - still];
    let rose = matches!((first.flow_total, s[n - 1].flow_total), (Some(a), Some(b)) if b > a);
    if still >= th.stalled_polls.max(1) as usize && rose {
        Health::Stalled {
            since: first.t,
            cause: StallCause::PositionStuck,
        }
    } else {
        Health::Fine
    }
}
