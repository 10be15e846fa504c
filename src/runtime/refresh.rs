//! The poll loop: one refresh cycle after another, never overlapping, paused while the tab is
//! hidden, backing off after failures.

use crate::browser::{document_hidden, mark, mark_latest, now_ms};
use crate::client::{Cycle, Progress};
use crate::model;
use crate::runtime::store::{Ctx, Store};
use crate::ui::plan;
use crate::ui::url_state::Page;
use crate::wire::request::{self, ApiVersion};
use crate::wire::types::SyncList;
use leptos::prelude::*;

/// While a first sync list downloads, the tables received so far are shown this often.
const PARTIAL_EVERY_MS: f64 = 500.0;

/// One refresh cycle: the plan's requests one after another (never overlapping).
async fn refresh_once(ctx: &Ctx, cycle: &Cycle) {
    let Ctx {
        state,
        store,
        bifrost,
        ..
    } = *ctx;
    let bifrost = bifrost.get_value();
    store.busy.set(true);
    let r = bifrost.db_list(cycle).await;
    let first = store.sources.with_untracked(|s| s.data.is_none()) && r.is_ok();
    store.sources.update(|s| s.apply(r, now_ms()));
    if first {
        mark("bifrost:first-data");
    }
    let dbs = untrack(|| store.source_names());
    let view = state.get_untracked();
    if !view.channel.is_empty() && bifrost.version().is_none() {
        // which channels have a name depends on the generation: know it before the plan
        if bifrost.ensure_version(cycle).await.is_ok() {
            store.version.set(bifrost.version());
        }
    }
    let channel_name = untrack(|| store.channel_pick(&view.db, &view.channel))
        .name()
        .map(String::from);
    let p = plan::plan(&view, &dbs, channel_name.as_deref());
    let mut sync_complete = None;
    if let Some(q) = &p.sync {
        // A first load of the sync list page shows the tables received so far while the rest
        // downloads (10,000 outputs are 13 MB: seconds over a slow VPN): at once, then at most
        // every PARTIAL_EVERY_MS, so the rows are not recomputed for every chunk. Never over
        // complete data, but over the first part of an answer that a filter change cut short.
        let early =
            view.page == Page::Sync && store.sync.with_untracked(|s| s.data.is_none() || s.partial);
        let mut shown: Option<(usize, f64)> = None; // (tables, when)
        let r = bifrost
            .sync_list(q, cycle, &mut |progress| {
                let tables = match progress {
                    Progress::Tables(tables) => tables,
                    // Benchmark hook: the whole answer is in (reading vs decoding).
                    Progress::Read => return mark_latest("bifrost:sync-read"),
                };
                let due = match shown {
                    None => true,
                    Some((n, at)) => tables.len() > n && now_ms() - at >= PARTIAL_EVERY_MS,
                };
                if early && due && !tables.is_empty() {
                    let part = SyncList {
                        tables: tables.to_vec(),
                        ..SyncList::default()
                    };
                    store.sync.update(|s| s.apply_partial(part));
                    if shown.is_none() {
                        // Benchmark hook: the first tables were handed to the views.
                        mark_latest("bifrost:sync-first-tables");
                    }
                    shown = Some((tables.len(), now_ms()));
                }
            })
            .await;
        // Benchmark hook: when the sync list was read and parsed (one entry, replaced each time).
        mark_latest("bifrost:sync-parsed");
        let ok = r.is_ok();
        store.sync.update(|s| s.apply(r, now_ms()));
        // An answer without server-side filters lists every output: one missing is gone.
        sync_complete = ok.then(|| *q == request::SyncQuery::default());
    }
    for (scope, w) in p.flows.iter().cloned() {
        let r = bifrost.flow(&scope, w, cycle).await;
        let key = request::flow_path(
            &bifrost.prefix,
            bifrost.version().unwrap_or(ApiVersion::V2),
            &scope,
            w,
        );
        // A ring of unfilled slots after one with points: emptied by a restart. (A bare `[]`
        // is what Bifrost answers for a scope or window it does not know, not a restart.)
        if let Ok(new) = &r {
            let had = store.flows.with_untracked(|m| {
                m.get(&key)
                    .and_then(|s| s.data.as_ref())
                    .is_some_and(|d| !d.is_empty())
            });
            let emptied = had && !new.is_empty() && model::flow::normalize(new).is_empty();
            let known = store.flow_restarts.with_untracked(|m| m.contains_key(&key));
            if emptied && !known {
                let now = (now_ms() / 1000.0) as i64;
                store.flow_restarts.update(|m| {
                    m.insert(key.clone(), now);
                });
            } else if !emptied && known {
                store.flow_restarts.update(|m| {
                    m.remove(&key);
                });
            }
        }
        store.flows.update(|m| {
            let slot = m.entry(key).or_default();
            // Merged with what was shown before, so a restart between polls is visible.
            let r = r.map(|new| {
                let old = slot.data.as_deref().map(Vec::as_slice).unwrap_or_default();
                model::history::merge_history(old, &new, w.span_secs())
            });
            slot.apply(r, now_ms())
        });
    }
    store.version.set(bifrost.version());
    if cycle.aborted() {
        // Superseded by a view change: not a failure, the back-off stays as it was.
        store.busy.set(false);
        return;
    }
    let failed = store.sources.with_untracked(|s| s.error.is_some())
        || store.sync.with_untracked(|s| s.error.is_some());
    store
        .failures
        .update(|f| *f = if failed { *f + 1 } else { 0 });
    store.busy.set(false);
    // After the new answers are on screen: a pass over 10,000 outputs must not delay that.
    crate::browser::sleep_ms(0).await;
    observe_trends(&store, &bifrost.prefix, &p.flows, sync_complete);
    // What changed, with this cycle's trend (stalled, falling behind) included.
    crate::runtime::timeline::record(&store, &bifrost.prefix, p.sync.as_ref());
}

/// Adds this cycle's answers to the trends: the sources (with the flow counters fetched this
/// cycle, so a stale series never says rows arrive) and, when a whole sync list arrived,
/// the outputs.
fn observe_trends(
    store: &Store,
    prefix: &str,
    flows: &[(request::FlowScope, request::Window)],
    sync_complete: Option<bool>,
) {
    let now = (now_ms() / 1000.0) as i64;
    let th = store.thresholds.get_untracked();
    let version = store.version.get_untracked().unwrap_or(ApiVersion::V2);
    if let Some(list) = store
        .sources
        .with_untracked(|s| s.error.is_none().then(|| s.data.clone()).flatten())
    {
        let total = |name: &str| -> Option<i64> {
            let (scope, w) = flows
                .iter()
                .find(|(s, _)| matches!(s, request::FlowScope::Db(d) if d == name))?;
            let key = request::flow_path(prefix, version, scope, *w);
            store.flows.with_untracked(|m| {
                let slot = m.get(&key)?;
                if slot.error.is_some() {
                    return None;
                }
                slot.data.as_ref()?.last().map(|p| p.count)
            })
        };
        store
            .trends
            .update(|t| t.observe_sources(&list, &total, now, &th));
    }
    if let Some(complete) = sync_complete {
        let rows = store.rows.get_untracked();
        store
            .trends
            .update(|t| t.observe_outputs(&rows, now, complete, &th));
    }
}

/// The poll loop: refresh, then wait for the interval (longer after failures), a wake-up,
/// or the tab to become visible again. Never overlapping, paused while hidden.
pub fn start_polling(ctx: Ctx) {
    leptos::task::spawn_local(async move {
        loop {
            let cycle = Cycle::new();
            ctx.poller.begin(cycle.clone());
            refresh_once(&ctx, &cycle).await;
            let every = ctx.state.with_untracked(|s| s.refresh);
            let failures = ctx.store.failures.get_untracked();
            let delay = plan::next_delay_ms(every, failures);
            ctx.poller.sleep(delay).await;
            while document_hidden() {
                ctx.poller.sleep(None).await;
            }
        }
    });
}
