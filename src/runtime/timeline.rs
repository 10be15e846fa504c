//! Keeps the timeline of the instance shown: after every refresh cycle a snapshot of what
//! the store knows is compared with the last one, and the changes are kept in localStorage
//! (per instance, bounded), so they survive a reload.

use crate::browser::{now_ms, Storage};
use crate::model::health::SourceState;
use crate::model::timeline::{
    failing_outputs, last_restart, output_label, Snapshot, SourceStateName, Timeline,
};
use crate::model::trend::Health;
use crate::runtime::store::Store;
use crate::wire::request::{sync_list_path, ApiVersion, SyncQuery};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The localStorage key of an instance's timeline (by its proxy prefix, unique per instance).
fn storage_key(prefix: &str) -> String {
    format!("bifrost-dashboard.timeline:{prefix}")
}

/// The timeline of the instance at `prefix`, as stored, with this start recorded.
fn load(prefix: &str, now: i64) -> Timeline {
    let mut t = Storage::Local
        .get(&storage_key(prefix))
        .map(|text| Timeline::from_json(&text))
        .unwrap_or_default();
    t.opened(now);
    t
}

/// What the store knows after a cycle. `sync` is the sync list request of the cycle (its
/// scope); `None` when the cycle fetched none.
fn snapshot(store: &Store, sync: Option<&SyncQuery>, now: i64) -> Snapshot {
    let reachable = store.sources.with_untracked(|s| match (&s.error, &s.data) {
        (Some(_), _) => Some(false),
        (None, Some(_)) => Some(true),
        (None, None) => None,
    });
    // `extend`, not `collect`: collecting into a B-tree sorts first, with a sort compiled for
    // each element type (`model::order`)
    let mut sources = BTreeMap::new();
    store.sources.with_untracked(|s| {
        if let (Some(d), None) = (&s.data, &s.error) {
            sources.extend(d.values().map(|db| {
                let state = SourceState::from_db(db);
                (db.name.clone(), SourceStateName::from(&state))
            }));
        }
    });
    let complete = store
        .sync
        .with_untracked(|s| s.data.is_some() && s.error.is_none() && !s.partial);
    let outputs_known = complete && sync.is_some();
    let (failing, stalled) = if outputs_known {
        // Stalled only: "falling behind" comes and goes with the queue's ups and downs, and
        // each swing would be an event.
        let flagged: HashSet<String> = store.trends.with_untracked(|t| {
            t.flagged()
                .filter(|(_, track)| matches!(track.health, Health::Stalled { .. }))
                .map(|(key, _)| key.to_string())
                .collect()
        });
        store.rows.with_untracked(|r| {
            let mut stalled = BTreeSet::new();
            stalled.extend(
                r.iter()
                    .filter(|row| flagged.contains(&row.key))
                    .map(output_label),
            );
            (failing_outputs(r), stalled)
        })
    } else {
        Default::default()
    };
    let last_restart = store.flows.with_untracked(|m| {
        m.values()
            .filter_map(|slot| slot.data.as_deref().and_then(|p| last_restart(p)))
            .max()
    });
    Snapshot {
        reachable,
        sources,
        failing,
        stalled,
        outputs_known,
        scope: sync
            .map(|q| sync_list_path("", ApiVersion::V2, q))
            .unwrap_or_default(),
        seen_at: now,
        last_restart,
    }
}

/// Records the changes of the cycle that just ended for the instance at `prefix`.
pub fn record(store: &Store, prefix: &str, sync: Option<&SyncQuery>) {
    let now = (now_ms() / 1000.0) as i64;
    let loaded = store
        .timeline_prefix
        .with_value(|p| p.as_deref() == Some(prefix));
    if !loaded {
        store.timeline.set(load(prefix, now));
        store.timeline_prefix.set_value(Some(prefix.to_string()));
    }
    let reason = store
        .sources
        .with_untracked(|s| s.error.as_ref().map(|e| e.title()).unwrap_or_default());
    let next = snapshot(store, sync, now);
    // Readers are told only of new events: the snapshot alone changes every cycle.
    let changed = store
        .timeline
        .try_update_untracked(|t| t.observe(next, now, reason))
        .unwrap_or(false);
    if changed {
        store.timeline.notify();
    }
    // Saved on a change, and once a minute so that a later reload knows when watching
    // stopped; not every cycle (2,000 events are a few hundred KB of JSON).
    let due = SAVED_AT.with(|at| {
        let due = changed || !loaded || now - at.get() >= SAVE_EVERY_SECS;
        if due {
            at.set(now);
        }
        due
    });
    if due {
        store
            .timeline
            .with_untracked(|t| Storage::Local.set(&storage_key(prefix), &t.to_json()));
    }
}

/// How often an unchanged timeline is saved (its last-seen time).
const SAVE_EVERY_SECS: i64 = 60;

thread_local! {
    /// When the timeline was last saved (Unix seconds).
    static SAVED_AT: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}
