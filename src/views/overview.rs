//! Overview: is everything syncing, and if not, what, where and since when. Every item links
//! to its detail.

use crate::model::flow::Rates;
use crate::model::health::{Lag, OutputState, SourceState};
use crate::model::history;
use crate::model::order;
use crate::model::rows::SyncRow;
use crate::model::trend::Health;
use crate::model::units::Unit;
use crate::runtime::store::ctx;
use crate::ui::i18n::{rate, t, tf, Key, Template};
use crate::ui::url_state::{Page, ViewState};
use crate::views::causes::CauseList;
use crate::views::chart::Chart;
use crate::views::health::{queue_spark, trend_text, HealthBadge};
use crate::views::sync_list::lag_text;
use crate::views::widgets::{go_to, href_in, ErrorBanner, SourceBadge};
use crate::wire::request::{FlowScope, Window};
use leptos::prelude::*;

/// Server-wide rates over the last ten minutes, from each source's fetched series.
pub fn server_rates(c: &crate::runtime::store::Ctx) -> Rates {
    let prefix = c.bifrost.with_value(|b| b.prefix.clone());
    let dbs = c.store.source_names();
    let series: Vec<_> = dbs
        .iter()
        .filter_map(|d| {
            c.store
                .flow(&prefix, &FlowScope::Db(d.clone()), Window::TenMinute)
                .data
        })
        .map(|p| p.to_vec())
        .collect();
    history::server_rates(&series, Window::TenMinute.step_secs())
}

#[component]
pub fn Overview() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let rows = store.rows;
    let flow = Memo::new(move |_| server_rates(&c));
    let go = move |to: ViewState| go_to(state, to);
    let to_row = move |r: &SyncRow| ViewState {
        page: Page::Sync,
        db: r.db.clone(),
        schema: r.schema.clone(),
        table: r.table.clone(),
        key: r.to_server_key.clone(),
        ..Default::default()
    };

    let sources_card = move || {
        let list: Vec<_> = store
            .sources
            .with(|s| s.data.as_ref().map(|d| d.values().cloned().collect()))
            .unwrap_or_default();
        let running = list
            .iter()
            .filter(|d| SourceState::from_db(d) == SourceState::Running)
            .count();
        let session = c.session.get();
        view! {
            <div class="card" id="card-sources">
                <h2>{t(Key::OverviewSources)} <span class="big">{format!("{running}/{}", list.len())}</span><span class="muted">{t(Key::OverviewRunning)}</span></h2>
                <ul class="plain">
                    {list.into_iter().map(|d| {
                        let st = SourceState::from_db(&d);
                        // read here, not in a closure of its own: this list is rebuilt on every
                        // refresh (see `href_in`)
                        let health = store.trends.with(|t| t.source_health(&d.name));
                        let target = ViewState { page: Page::Sync, db: d.name.clone(), ..Default::default() };
                        view! {
                            <li>
                                <SourceBadge state=st />" "
                                <a href=href_in(&session, &target) on:click=go(target.clone())>{d.name.clone()}</a>
                                {crate::model::health::conn_error(&d).map(|e| view! { <div class="err-line">{e.to_string()}</div> })}
                                {health.is_problem().then(|| view! { " "<HealthBadge health=health /> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
    };

    // Only what the card shows, so a refresh that changes nothing visible re-renders nothing.
    let failing = Memo::new(move |_| {
        rows.with(|r| {
            let n = r.iter().filter(|r| r.state == OutputState::Failing).count();
            (n, r.len())
        })
    });
    // Until a sync list has arrived nothing is known about the outputs: "0 of 0, no output
    // reports an error" would be a false all-clear.
    let sync_known = Memo::new(move |_| store.sync.with(|s| s.data.is_some()));
    let failing_card = move || {
        let (failing, total) = failing.get();
        let alarm = failing > 0;
        let known = sync_known.get();
        view! {
            <div class="card" id="card-failing" class:alarm=alarm>
                <h2>{t(Key::OverviewFailing)} <span class="big">{if known { failing.to_string() } else { "—".into() }}</span>
                    {known.then(|| view! { <span class="muted">{tf(Template::OverviewOf, &total.to_string())}</span> })}</h2>
                {(!known).then(|| view! { <p class="muted">{t(Key::SyncLoading)}</p> })}
                {(known && failing == 0).then(|| view! { <p class="ok-line">{t(Key::OverviewNoFailing)}</p> })}
                // one line per cause, not per output: 300 outputs refused by one server
                // read as one cause
                <CauseList limit=6 />
            </div>
        }
    };

    // `unknown`: rows whose value cannot be known. A card with such rows never says "None."
    // in green: it says how many are unknown, and why in the tooltip, in a neutral style.
    let top_card = move |id: &'static str,
                         title: &'static str,
                         pick: fn(&SyncRow) -> Option<i64>,
                         show: fn(&SyncRow) -> String,
                         unknown: fn(&SyncRow) -> bool| {
        move || {
            let (mut top, unknowns): (Vec<(i64, SyncRow)>, usize) = rows.with(|r| {
                (
                    r.iter()
                        .filter_map(|r| pick(r).filter(|v| *v > 0).map(|v| (v, r.clone())))
                        .collect(),
                    r.iter().filter(|r| unknown(r)).count(),
                )
            });
            order::sort_by_key(&mut top, |t| std::cmp::Reverse(t.0));
            let known = sync_known.get();
            let session = c.session.get();
            view! {
                <div class="card" id=id>
                    <h2>{title}</h2>
                    {(known && top.is_empty() && unknowns == 0).then(|| view! { <p class="ok-line">{t(Key::OverviewNone)}</p> })}
                    {(unknowns > 0).then(|| view! {
                        <p class="muted unknown-line" title=t(Key::LagUnknownWhy)>{tf(Template::OverviewLagUnknown, &unknowns.to_string())}</p>
                    })}
                    <ol class="plain">
                        {top.into_iter().take(5).map(|(_, r)| {
                            let target = to_row(&r);
                            view! {
                                <li>
                                    <a href=href_in(&session, &target) on:click=go(target.clone())>{format!("{}.{} → {}", r.schema, r.table, r.to_server_key)}</a>
                                    " "<span class="num">{show(&r)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </div>
            }
        }
    };

    // Stalls and growing backlogs found by the trend, without any rule: only the flagged
    // outputs (a hash lookup per row per refresh).
    let flagged = Memo::new(move |_| {
        rows.with(|r| {
            store.trends.with(|tr| {
                let mut list: Vec<(Health, SyncRow)> = r
                    .iter()
                    .filter_map(|row| {
                        let h = tr.health(&row.key);
                        h.is_problem().then(|| (h, row.clone()))
                    })
                    .collect();
                // the largest backlog first: rows waiting matter more than an idle error
                order::sort_by(&mut list, |a, b| {
                    (b.1.queue.cmp(&a.1.queue))
                        .then(a.0.since().cmp(&b.0.since()))
                        .then(a.1.key.cmp(&b.1.key))
                });
                list
            })
        })
    });
    const SHOWN: usize = 8;
    let health_card = move || {
        let list = flagged.get();
        let th = store.thresholds.get();
        let session = c.session.get();
        let judged = store.trends.with(|t| t.polls())
            > th.growing_polls.min(th.stalled_polls).min(th.error_polls);
        let alarm = !list.is_empty();
        let count = list.len();
        view! {
            <div class="card" id="card-health" class:alarm=alarm>
                <h2>{t(Key::HealthTitle)} <span class="big">{if sync_known.get() && th.enabled { count.to_string() } else { "—".into() }}</span></h2>
                {(!th.enabled).then(|| view! { <p class="muted">{t(Key::HealthOff)}</p> })}
                {(th.enabled && !alarm && judged).then(|| view! { <p class="ok-line">{t(Key::HealthNone)}</p> })}
                {(th.enabled && !alarm && !judged).then(|| view! { <p class="muted">{t(Key::HealthWatching)}</p> })}
                <ul class="plain">
                    {list.into_iter().take(SHOWN).map(|(h, r)| {
                        let target = to_row(&r);
                        let trend = store.trends.with_untracked(|tr| tr.output(&r.key).filter(|t| t.samples().iter().any(|s| s.queue > 0)).map(|track| {
                            view! {
                                <div class="trend">{queue_spark(track, r.queue, 96, 20)}
                                    <span title=t(Key::HealthEstimateWhy)>{trend_text(track, r.queue)}</span></div>
                            }
                        }));
                        view! {
                            <li class="health-item">
                                <HealthBadge health=h />" "
                                <a href=href_in(&session, &target) on:click=go(target.clone())>{format!("{}.{} → {}", r.schema, r.table, r.to_server_key)}</a>
                                " "<span class="num">{tf(Template::OverviewQueued, &r.queue.to_string())}</span>
                                {trend}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(count > SHOWN).then(|| view! { <p class="muted">{tf(Template::HealthMore, &(count - SHOWN).to_string())}</p> })}
            </div>
        }
    };

    let now_rate = move || flow.with(|f| f.points.last().map(|p| (p.rows_per_s, p.bytes_per_s)));
    view! {
        <section class="page overview">
            <h1 class="sr-only">{t(Key::OverviewTitle)}</h1>
            // the problems the overview is about: every failing or stopped output
            <crate::views::export::ExportBar what="problems" table=Signal::derive(move || rows.with(|r| {
                let mut idx = crate::model::rows::filter_rows(r, &crate::model::rows::RowFilter { problems_only: true, ..Default::default() });
                crate::model::rows::sort_rows(r, &mut idx, crate::model::rows::SortKey::State, true);
                crate::ui::export::sync_table(r, &idx)
            })) />
            {move || store.sync.with(|s| s.error.clone()).map(|e| view! { <ErrorBanner error=e what=t(Key::ErrorWhatSync) /> })}
            <div class="cards">
                <div class="card wide" id="card-flow">
                    <h2>{t(Key::OverviewFlowNow)}
                        <span class="big" id="rows-now">{move || now_rate().map(|r| rate(r.0, Unit::Rows)).unwrap_or_else(|| "—".into())}</span>
                        <span class="big" id="bytes-now">{move || now_rate().map(|r| rate(r.1, Unit::Bytes)).unwrap_or_else(|| "—".into())}</span>
                    </h2>
                    <Chart series=Signal::derive(move || vec![(t(Key::OverviewAllSources).to_string(), flow.get())]) cumulative=Signal::stored(false) height=140
                        restarted=Signal::derive(move || store.restarted_at()) />
                </div>
                {sources_card}
                {failing_card}
                {health_card}
                {top_card("card-backlog", t(Key::OverviewBacklog), |r| Some(r.queue), |r| tf(Template::OverviewQueued, &r.queue.to_string()), |_| false)}
                {top_card("card-lag", t(Key::OverviewLag), |r| match r.lag { Lag::Seconds(s) => Some(s), _ => None }, |r| lag_text(&r.lag), |r| r.lag == Lag::Unknown)}
                <crate::views::alerts::AlertRules />
                <crate::views::timeline::TimelineCard />
            </div>
        </section>
    }
}
