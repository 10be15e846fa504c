//! What every open tab of one browser shares about the alerts (the view keeps it in
//! localStorage): the user's acknowledgements and silences, and the last transition told per
//! alert, so that one event makes one notification however many tabs see it.
//!
//! Each tab runs its own [`Tracker`](crate::model::alert_state::Tracker) (tabs poll on their
//! own clocks, may be hidden and paused, may show other instances), and a tab that has an
//! event to tell first *claims* it here: a transition already told (the same episode, still
//! seen by some tab) is not told again. Two tabs claiming in the same instant both write;
//! each re-reads after a short delay and only the one whose claim stayed tells it.
//! Pure; bounded; no secrets (alert subjects are names of sources and tables).

use crate::model::alert_state::{AlertId, Mute, Transition};
use crate::model::order;
use crate::wire::json_path::decode;
use serde::{Deserialize, Serialize};

/// A "fired" told this long ago and not seen firing since by any tab is a past episode.
pub const STALE_SECS: i64 = 600;
/// Entries older than this, with no mute in effect, are forgotten.
const KEEP_SECS: i64 = 86_400;
/// At most this many entries (the oldest go first).
const MAX_ENTRIES: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Told {
    pub transition: Transition,
    /// When it was told (epoch s).
    pub at: i64,
    /// The last time a tab saw it still so (refreshed while it keeps firing).
    pub seen: i64,
    /// The tab that told it.
    pub tab: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub instance: String,
    pub id: AlertId,
    #[serde(default)]
    pub mute: Mute,
    #[serde(default)]
    pub told: Option<Told>,
}

impl Entry {
    fn latest(&self) -> i64 {
        let told = self.told.as_ref().map_or(0, |t| t.seen.max(t.at));
        told.max(self.mute.acked_at.unwrap_or(0))
            .max(self.mute.silenced_until.unwrap_or(0))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Shared {
    pub entries: Vec<Entry>,
}

impl Shared {
    /// Reads the stored text; anything unreadable is an empty record (it only dedupes).
    pub fn parse(text: &str) -> Shared {
        decode(text).unwrap_or_default()
    }

    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn find(&self, instance: &str, id: &AlertId) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.instance == instance && e.id == *id)
    }

    fn entry(&mut self, instance: &str, id: &AlertId) -> &mut Entry {
        let at = self
            .entries
            .iter()
            .position(|e| e.instance == instance && e.id == *id);
        let i = at.unwrap_or_else(|| {
            self.entries.push(Entry {
                instance: instance.to_string(),
                id: id.clone(),
                mute: Mute::default(),
                told: None,
            });
            self.entries.len() - 1
        });
        &mut self.entries[i]
    }

    pub fn mute(&self, instance: &str, id: &AlertId) -> Mute {
        self.find(instance, id).map(|e| e.mute).unwrap_or_default()
    }

    /// Acknowledges the episode of `id` that has begun by `now`.
    pub fn acknowledge(&mut self, instance: &str, id: &AlertId, now: i64) {
        let m = &mut self.entry(instance, id).mute;
        m.acked_at = Some(now);
    }

    /// Notes that a tab saw `id` clear at `now` (ends its acknowledgement).
    pub fn cleared(&mut self, instance: &str, id: &AlertId, now: i64) {
        if let Some(e) = self
            .entries
            .iter_mut()
            .find(|e| e.instance == instance && e.id == *id)
        {
            e.mute.clear(now);
        }
    }

    /// Silences `id` until `until` (epoch s).
    pub fn silence(&mut self, instance: &str, id: &AlertId, until: i64) {
        self.entry(instance, id).mute.silenced_until = Some(until);
    }

    /// Whether `transition` of `id` is news at `now`: not the transition told last, unless
    /// that was a "fired" nobody has seen firing for [`STALE_SECS`] (an episode that ended
    /// while no tab was open). When it is news, it is recorded as told by `tab`.
    pub fn claim(
        &mut self,
        instance: &str,
        id: &AlertId,
        transition: Transition,
        tab: &str,
        now: i64,
    ) -> bool {
        let e = self.entry(instance, id);
        let told_already = e.told.as_ref().is_some_and(|t| {
            t.transition == transition
                && (transition == Transition::Recovered || now - t.seen <= STALE_SECS)
        });
        if told_already {
            return false;
        }
        e.told = Some(Told {
            transition,
            at: now,
            seen: now,
            tab: tab.to_string(),
        });
        true
    }

    /// After a claim: whether it is still `tab`'s (another tab claiming the same event in
    /// the same instant overwrote it: that tab tells it).
    pub fn claimed_by(
        &self,
        instance: &str,
        id: &AlertId,
        transition: Transition,
        tab: &str,
    ) -> bool {
        self.find(instance, id)
            .and_then(|e| e.told.as_ref())
            .is_some_and(|t| t.transition == transition && t.tab == tab)
    }

    /// Notes that the told "fired" of each of `firing` still holds at `now`.
    pub fn still_firing<'a>(
        &mut self,
        instance: &str,
        firing: impl Iterator<Item = &'a AlertId>,
        now: i64,
    ) {
        for id in firing {
            if let Some(t) = self
                .entries
                .iter_mut()
                .find(|e| e.instance == instance && e.id == *id)
                .and_then(|e| e.told.as_mut())
                .filter(|t| t.transition == Transition::Fired)
            {
                t.seen = now;
            }
        }
    }

    /// Forgets entries untouched for a day and keeps at most [`MAX_ENTRIES`], newest first.
    pub fn prune(&mut self, now: i64) {
        self.entries.retain(|e| e.latest() >= now - KEEP_SECS);
        if self.entries.len() > MAX_ENTRIES {
            order::sort_by_key(&mut self.entries, |e| std::cmp::Reverse(e.latest()));
            self.entries.truncate(MAX_ENTRIES);
        }
    }
}
