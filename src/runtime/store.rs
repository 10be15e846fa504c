//! The data store the views read: the last answer of each endpoint, and the context every
//! view shares (URL state, store, client, poller).

use crate::browser::{mark_latest, now_ms, Storage};
use crate::client::Bifrost;
use crate::model;
use crate::model::causes::{Cause, CauseGrouper, CauseHistory};
use crate::model::rows::SyncRow;
use crate::model::timeline::Timeline;
use crate::model::trend::{Thresholds, Trends};
use crate::runtime::poller::Poller;
use crate::ui::channels::{known_channels, pick, ChannelPick};
use crate::ui::config::Instance;
use crate::ui::url_state::ViewState;
use crate::wire::error::ApiError;
use crate::wire::json_path::decode;
use crate::wire::request::{self, ApiVersion};
use crate::wire::types::{DbList, FlowPoint, SyncList};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The last answer of one endpoint: the last good data stays while a newer error is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot<T> {
    pub data: Option<Arc<T>>,
    pub error: Option<ApiError>,
    /// When `data` arrived (ms since epoch).
    pub updated: f64,
    /// `data` is the first part of an answer still downloading (a first load only).
    pub partial: bool,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            data: None,
            error: None,
            updated: 0.0,
            partial: false,
        }
    }
}

impl<T> Slot<T> {
    pub(crate) fn apply(&mut self, r: Result<T, ApiError>, now: f64) {
        match r {
            Ok(v) => {
                self.data = Some(Arc::new(v));
                self.error = None;
                self.updated = now;
                self.partial = false;
            }
            Err(ApiError::Aborted) => {}
            Err(e) => {
                if std::mem::take(&mut self.partial) {
                    // the first part of an answer that failed is not data to keep
                    self.data = None;
                }
                self.error = Some(e);
            }
        }
    }

    /// Shows the first part of an answer still downloading, when there is nothing else yet.
    pub(crate) fn apply_partial(&mut self, part: T) {
        if self.data.is_none() || self.partial {
            self.data = Some(Arc::new(part));
            self.partial = true;
        }
    }
}

/// Everything fetched, as signals the views read.
#[derive(Clone, Copy)]
pub struct Store {
    pub sources: RwSignal<Slot<DbList>>,
    pub sync: RwSignal<Slot<SyncList>>,
    /// Flow series keyed by their request path (unique per scope and window).
    pub flows: RwSignal<HashMap<String, Slot<Vec<FlowPoint>>>>,
    /// Flow series whose last answer came back empty after points (a ring emptied: Bifrost
    /// restarted), by request path, with when that was seen (epoch s). Their old points
    /// stay in `flows` (so the restart shows once new points arrive) but are not shown
    /// as current.
    pub flow_restarts: RwSignal<HashMap<String, i64>>,
    pub version: RwSignal<Option<ApiVersion>>,
    /// Consecutive failed cycles, for the back-off.
    pub failures: RwSignal<u32>,
    pub busy: RwSignal<bool>,
    /// Wall clock, ticking every second, for "updated N s ago".
    pub now: RwSignal<f64>,
    /// The sync list flattened to rows (with lag against the sources), computed once per
    /// answer for every reader: the page, the overview and the alert rules.
    pub rows: Memo<Arc<Vec<SyncRow>>>,
    /// Names of the known data sources: a memo, so lists of them (the pickers) are rebuilt
    /// only when a source comes or goes, not on every answer.
    names: Memo<Vec<String>>,
    /// Each output's and source's trend across refreshes, and the health read from it
    /// (updated once per refresh cycle by `runtime::refresh`).
    pub trends: RwSignal<Trends>,
    /// When the trend says "stalled" or "falling behind" (kept in localStorage).
    pub thresholds: RwSignal<Thresholds>,
    /// The failing rows grouped by cause, with when each cause was first seen while this
    /// page was open.
    pub causes: Memo<Arc<Vec<Cause>>>,
    /// What changed on the instance shown, kept across reloads (`runtime::timeline`).
    pub timeline: RwSignal<Timeline>,
    /// Which instance `timeline` belongs to (its prefix); `None` until the first cycle.
    pub timeline_prefix: StoredValue<Option<String>>,
}

impl Store {
    pub fn new() -> Store {
        let sources = RwSignal::new(Slot::<DbList>::default());
        let sync = RwSignal::new(Slot::<SyncList>::default());
        let names = Memo::new(move |_| {
            sources
                .with(|s| s.data.as_ref().map(|d| d.keys().cloned().collect()))
                .unwrap_or_default()
        });
        let rows = Memo::new(move |_| {
            let sources = sources.with(|s| s.data.clone()).unwrap_or_default();
            Arc::new(
                sync.with(|s| s.data.as_ref().map(|l| model::rows::sync_rows(l, &sources)))
                    .unwrap_or_default(),
            )
        });
        let history = StoredValue::new(CauseHistory::default());
        let grouper = StoredValue::new(CauseGrouper::default());
        let causes = Memo::new(move |_| {
            // Benchmark hooks: the grouping's time on every answer (the rows computed first,
            // so the marks time the grouping alone).
            rows.with(|_| ());
            mark_latest("bifrost:causes-start");
            let mut causes =
                rows.with(|r| grouper.try_update_value(|g| g.group(r)).unwrap_or_default());
            mark_latest("bifrost:causes-grouped");
            let now = (now_ms() / 1000.0) as i64;
            history.update_value(|h| h.observe(&mut causes, now));
            Arc::new(causes)
        });
        Store {
            sources,
            sync,
            flows: RwSignal::new(HashMap::new()),
            flow_restarts: RwSignal::new(HashMap::new()),
            version: RwSignal::new(None),
            failures: RwSignal::new(0),
            busy: RwSignal::new(false),
            now: RwSignal::new(now_ms()),
            rows,
            names,
            trends: RwSignal::new(Trends::default()),
            thresholds: RwSignal::new(load_thresholds()),
            causes,
            timeline: RwSignal::new(Timeline::default()),
            timeline_prefix: StoredValue::new(None),
        }
    }

    /// Names of the known data sources (tracked: readers update when the list changes).
    pub fn source_names(&self) -> Vec<String> {
        self.names.get()
    }

    /// The channels of source `db` the dashboard can name, as (id, name) (tracked).
    pub fn known_channels(&self, db: &str) -> Vec<(String, String)> {
        self.channels_of(db).0
    }

    /// What picking channel `channel` (a numeric id) of source `db` gives on the flow page
    /// (tracked): on v1 only the default channel has a name to ask `/flow/get` for.
    pub fn channel_pick(&self, db: &str, channel: &str) -> ChannelPick {
        let (known, loaded) = self.channels_of(db);
        pick(channel, &known, loaded)
    }

    /// (known channels, whether the answer naming them has arrived).
    fn channels_of(&self, db: &str) -> (Vec<(String, String)>, bool) {
        let version = self.version.get();
        let listed = self
            .sync
            .with(|s| s.data.as_ref().map(|d| d.channels.clone()))
            .unwrap_or_default();
        let source = self
            .sources
            .with(|s| s.data.as_ref().and_then(|d| d.get(db).cloned()));
        let known = known_channels(version, &listed, source.as_ref());
        // v2 names them in the sync list asked with the source (every source has one)
        let loaded = match version {
            Some(ApiVersion::V1) => source.is_some(),
            _ => !listed.is_empty(),
        };
        (known, loaded)
    }

    /// The flow series for a scope, if fetched.
    pub fn flow(
        &self,
        prefix: &str,
        scope: &request::FlowScope,
        w: request::Window,
    ) -> Slot<Vec<FlowPoint>> {
        let v = self.version.get().unwrap_or(ApiVersion::V2);
        let key = request::flow_path(prefix, v, scope, w);
        let mut slot = self
            .flows
            .with(|m| m.get(&key).cloned().unwrap_or_default());
        if self.flow_restarts.with(|r| r.contains_key(&key)) {
            slot.data = None;
        }
        slot
    }

    /// When an emptied flow ring was last seen (Bifrost restarted then, or just before), if
    /// one is still empty.
    pub fn restarted_at(&self) -> Option<i64> {
        self.flow_restarts.with(|r| r.values().copied().max())
    }
}

const THRESHOLDS_KEY: &str = "bifrost-dashboard-health";

/// The health thresholds kept in localStorage (the defaults when absent or unreadable).
fn load_thresholds() -> Thresholds {
    Storage::Local
        .get(THRESHOLDS_KEY)
        .and_then(|t| decode(&t).ok())
        .unwrap_or_default()
}

/// Keeps new thresholds (and re-reads every trend with them at the next refresh).
pub fn save_thresholds(store: &Store, th: Thresholds) {
    if let Ok(text) = serde_json::to_string(&th) {
        Storage::Local.set(THRESHOLDS_KEY, &text);
    }
    store.thresholds.set(th);
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

/// Shared context of every view (all handles are `Copy`).
#[derive(Clone, Copy)]
pub struct Ctx {
    pub state: RwSignal<ViewState>,
    pub store: Store,
    pub bifrost: StoredValue<Bifrost, LocalStorage>,
    pub poller: Poller,
    /// What every in-app link carries over from the view shown (instance, refresh, language,
    /// clock, embed): `state` with nothing else, so it changes only when one of those does.
    pub session: Memo<ViewState>,
}

pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

impl Ctx {
    /// A fresh context: an empty store, a client for `prefix`, links within `state`.
    pub fn new(state: RwSignal<ViewState>, prefix: &str) -> Ctx {
        Ctx {
            state,
            store: Store::new(),
            bifrost: StoredValue::new_local(Bifrost::new(prefix)),
            poller: Poller::new(),
            session: Memo::new(move |_| state.with(|s| s.within(ViewState::default()))),
        }
    }

    /// Points the client at `inst` (a new client, an empty store) unless it already is.
    pub fn use_instance(&self, inst: &Instance) {
        if self.bifrost.with_value(|b| b.prefix == inst.prefix) {
            return;
        }
        self.bifrost.set_value(Bifrost::new(&inst.prefix));
        let store = self.store;
        store.sources.set(Slot::default());
        store.sync.set(Slot::default());
        store.flows.set(HashMap::new());
        store.flow_restarts.set(HashMap::new());
        store.trends.set(Trends::default());
        store.version.set(None);
        store.failures.set(0);
    }
}

/// Bumped when the theme changes, so canvases redraw in the new palette.
#[derive(Clone, Copy)]
pub struct ThemeVersion(pub RwSignal<u32>);
