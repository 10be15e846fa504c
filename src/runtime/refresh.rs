//! The poll loop: one refresh cycle after another, never overlapping, paused while the tab is
//! hidden, backing off after failures.

use crate::browser::{document_hidden, mark, mark_latest, now_ms, Storage};
use crate::client::{Cycle, Progress};
use crate::model;
use crate::runtime::store::{Ctx, Store};
use crate::ui::plan;
use crate::ui::url_state::Page;
use crate::wire::request::{self, ApiVersion};
use crate::wire::types::SyncList;
use leptos::prelude::*;
use std::cell::RefCell;

/// While a first sync list downloads, the tables received so far are shown this often.
const PARTIAL_EVERY_MS: f64 = 500.0;

/// The localStorage key of the data sources an instance listed last (by its proxy prefix): a
/// first load asks their flows at once, not after `/db/list` answers.
fn sources_key(prefix: &str) -> String {
    format!("bifrost-dashboard.sources:{prefix}")
}

/// Runs the futures one after another, or all at once on a first load.
async fn run_all<F: std::future::Future<Output = ()>>(parallel: bool, jobs: Vec<F>) {
    if parallel {
        futures::future::join_all(jobs).await;
    } else {
        for job in jobs {
            job.await;
        }
    }
}

/// The flow answers of a cycle, by scope and window, with the generation each was asked in.
type FlowAnswers = Vec<(
    (request::FlowScope, request::Window),
    ApiVersion,
    Result<Vec<crate::wire::types::FlowPoint>, crate::wire::error::ApiError>,
)>;

/// One refresh cycle. Later cycles send the plan's requests one after another (never
/// overlapping: Bifrost is asked gently). A first load sends every request it can name at once
/// (the sources, the sync list, the flows of the sources listed last time), in the assumed API
/// generation: no request waits for another's answer, nor for a generation probe.
async fn refresh_once(ctx: &Ctx, cycle: &Cycle) {
    let Ctx {
        state,
        store,
        bifrost,
        ..
    } = *ctx;
    let bifrost = bifrost.get_value();
    store.busy.set(true);
    let view = state.get_untracked();
    let first_load = store.sources.with_untracked(|s| s.data.is_none())
        && crate::client::credentials::with_session(|s| s.may_ask_together());
    if first_load {
        cycle.record_asked();
        crate::client::early::ready().await;
    }
    if !view.channel.is_empty() && bifrost.version().is_none() {
        // which channels have a name depends on the generation: know it before the plan
        if bifrost.ensure_version(cycle).await.is_ok() {
            store.version.set(bifrost.version());
        }
    }
    let channel_name = || {
        untrack(|| store.channel_pick(&view.db, &view.channel))
            .name()
            .map(String::from)
    };
    // The plan from what is known before this cycle's answers: the last cycle's sources, or
    // on a first load those of the last visit.
    let known = untrack(|| store.source_names());
    let known = if known.is_empty() {
        Storage::Local
            .get(&sources_key(&bifrost.prefix))
            .map(|l| l.lines().map(String::from).collect())
            .unwrap_or_default()
    } else {
        known
    };
    let early = plan::plan(&view, &known, channel_name().as_deref());
    let mut sync_complete = None;
    let flows: RefCell<FlowAnswers> = RefCell::new(Vec::new());
    // What was asked, answered or not, so no scope is asked twice in one generation.
    let asked: RefCell<Vec<((request::FlowScope, request::Window), ApiVersion)>> =
        RefCell::default();
    // The flows of `list` not asked yet in generation `v`: asked together on a first load.
    let ask_flows = |list: Vec<(request::FlowScope, request::Window)>, v: ApiVersion| {
        let jobs: Vec<_> = list
            .into_iter()
            .filter(|f| {
                let mut asked = asked.borrow_mut();
                let new = !asked.iter().any(|(a, av)| a == f && *av == v);
                if new {
                    asked.push((f.clone(), v));
                }
                new
            })
            .map(|(scope, w)| {
                let (flows, bifrost) = (&flows, &bifrost);
                async move {
                    let r = bifrost.flow_as(v, &scope, w, cycle).await;
                    flows.borrow_mut().push(((scope, w), v, r));
                }
            })
            .collect();
        run_all(first_load, jobs)
    };
    let assumed = bifrost.assumed_version();

    let sources = async {
        let r = bifrost.db_list(cycle).await;
        // On a first load, the flows of sources not known before start before the answer is
        // shown (building the frame holds the main thread for tens of ms), beside the sync list.
        let listed: Vec<String> = match &r {
            Ok(list) if first_load => list.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let more = plan::plan(&view, &listed, channel_name().as_deref()).flows;
        let more = ask_flows(if listed.is_empty() { Vec::new() } else { more }, assumed);
        let show = async {
            let first = store.sources.with_untracked(|s| s.data.is_none()) && r.is_ok();
            if let Ok(list) = &r {
                let names: Vec<&str> = list.keys().map(String::as_str).collect();
                Storage::Local.set(&sources_key(&bifrost.prefix), &names.join("\n"));
            }
            store.sources.update(|s| s.apply(r, now_ms()));
            if first {
                mark("bifrost:first-data");
            }
        };
        // `join` polls the flows first: their requests go out, then the list is shown.
        futures::future::join(more, show).await;
    };
    let sync = async {
        if let Some(q) = &early.sync {
            let ok = fetch_sync(ctx, &bifrost, q, &view, cycle).await;
            // An answer without server-side filters lists every output: one missing is gone.
            sync_complete = ok.then(|| *q == request::SyncQuery::default());
        } else if bifrost.version().is_none() {
            // No sync list to tell the generation: the probe, beside the other requests.
            let _ = bifrost.ensure_version(cycle).await;
        }
    };
    let early_flows = ask_flows(early.flows.clone(), assumed);
    if first_load {
        futures::future::join3(sources, sync, early_flows).await;
    } else {
        sources.await;
        sync.await;
        early_flows.await;
    }

    // The plan again with this cycle's sources and generation: what it adds (a new source, a
    // channel now named, answers asked in the wrong generation) is asked now.
    store.version.set(bifrost.version());
    let version = bifrost.assumed_version();
    let dbs = untrack(|| store.source_names());
    let p = plan::plan(&view, &dbs, channel_name().as_deref());
    ask_flows(p.flows.clone(), version).await;
    for (asked, v, r) in flows.into_inner() {
        if v == version && p.flows.contains(&asked) {
            apply_flow(&store, &bifrost.prefix, version, asked, r);
        }
    }
    if first_load {
        // Not when the generation turned out other than assumed: half of what was asked was
        // in vain (the next visit's loader asks the defaults in the right one).
        if !cycle.aborted() && version == assumed {
            crate::client::early::remember_first(&cycle.asked());
        }
        crate::client::early::drop_unused();
    }
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

/// The sync list into the store; `true` when it arrived.
async fn fetch_sync(
    ctx: &Ctx,
    bifrost: &crate::client::Bifrost,
    q: &request::SyncQuery,
    view: &crate::ui::url_state::ViewState,
    cycle: &Cycle,
) -> bool {
    let store = ctx.store;
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
    store.version.set(bifrost.version());
    store.sync.update(|s| s.apply(r, now_ms()));
    ok
}

/// One flow answer into the store, merged with what was shown before.
fn apply_flow(
    store: &Store,
    prefix: &str,
    version: ApiVersion,
    (scope, w): (request::FlowScope, request::Window),
    r: Result<Vec<crate::wire::types::FlowPoint>, crate::wire::error::ApiError>,
) {
    let key = request::flow_path(prefix, version, &scope, w);
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
