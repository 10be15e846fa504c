//! Flow: rows/s and bytes/s (or the cumulative counters) for any scope and window, as charts
//! and as the same numbers in a table.

use crate::model::flow::{normalize, rates};
use crate::model::history::server_rates;
use crate::model::order;
use crate::runtime::store::ctx;
use crate::ui::channels::ChannelPick;
use crate::ui::chart::{fmt_value, summary, value, Metric};
use crate::ui::i18n::{t, tf, window_key, Key, Template};
use crate::ui::plan::flow_scope;
use crate::views::chart::Chart;
use crate::views::widgets::{datetime, shown_offset, ErrorBanner};
use crate::wire::request::{ApiVersion, FlowScope, Window};
use leptos::prelude::*;

fn scope_label(s: &FlowScope) -> String {
    match s {
        FlowScope::Server => t(Key::OverviewAllSources).into(),
        FlowScope::Db(d) => d.clone(),
        FlowScope::Channel {
            db, channel_name, ..
        } => format!("{}{channel_name}", tf(Template::FlowChannelScope, db)),
        FlowScope::Table { db, schema, table } => format!("{db} / {schema}.{table}"),
    }
}

#[component]
pub fn FlowPage() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let prefix = c.bifrost.with_value(|b| b.prefix.clone());
    let series = Memo::new(move |_| {
        let view = state.get();
        let w = view.window;
        let dbs = store.source_names();
        let pick = store.channel_pick(&view.db, &view.channel);
        let main = flow_scope(&view, pick.name());
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let mut load = |scope: &FlowScope| -> Option<Vec<crate::wire::types::FlowPoint>> {
            let slot = store.flow(&prefix, scope, w);
            if let Some(e) = slot.error {
                errors.push((scope_label(scope), e));
            }
            slot.data.map(|p| p.to_vec())
        };
        let main_rates = match &main {
            FlowScope::Server => {
                let all: Vec<_> = dbs
                    .iter()
                    .filter_map(|d| load(&FlowScope::Db(d.clone())))
                    .collect();
                (!all.is_empty()).then(|| server_rates(&all, w.step_secs()))
            }
            s => load(s).map(|p| rates(&normalize(&p), w.step_secs())),
        };
        if let Some(r) = main_rates {
            out.push((scope_label(&main), r));
        }
        for d in &view.compare {
            let s = FlowScope::Db(d.clone());
            if s != main {
                if let Some(p) = load(&s) {
                    out.push((d.clone(), rates(&normalize(&p), w.step_secs())));
                }
            }
        }
        (out, errors)
    });
    let data = Signal::derive(move || series.with(|s| s.0.clone()));
    let cumulative = Signal::derive(move || state.with(|s| s.cumulative));
    let dbs = move || store.source_names();
    // Narrower scopes of the chosen source: its channels that have a name (flow wants the
    // channel's name; on v1 only the default channel has one) and tables, from its sync list.
    let scope_pickers = move || {
        let (db, channel, picked) = state.with(|s| {
            (
                s.db.clone(),
                s.channel.clone(),
                format!("{}\t{}", s.schema, s.table),
            )
        });
        let channels = store.known_channels(&db);
        let mut tables = store
            .sync
            .with(|s| {
                s.data.as_ref().map(|d| {
                    d.tables
                        .iter()
                        .filter(|t| t.db_name == db)
                        .map(|t| format!("{}\t{}", t.schema_name, t.table_name))
                        .collect::<Vec<String>>()
                })
            })
            .unwrap_or_default();
        order::sort(&mut tables);
        tables.dedup();
        view! {
            <label for="flow-channel">{t(Key::FlowChannel)}
                <select id="flow-channel" on:change=move |ev| { let v = event_target_value(&ev); state.update(|s| { s.channel = v; s.schema.clear(); s.table.clear(); }) }>
                    <option value="">{t(Key::FlowAllChannels)}</option>
                    {channels.into_iter().map(|(id, name)| { let sel = id == channel; view! { <option value=id selected=sel>{name}</option> } }).collect_view()}
                </select>
            </label>
            <label for="flow-table-pick">{t(Key::FlowTable)}
                <select id="flow-table-pick" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let (schema, table) = v.split_once('\t').unwrap_or_default();
                    let (schema, table) = (schema.to_string(), table.to_string());
                    state.update(|s| { s.schema = schema; s.table = table; s.channel.clear(); })
                }>
                    <option value="">{t(Key::FlowAllTables)}</option>
                    {tables.into_iter().map(|t| {
                        let sel = t == picked;
                        let label = t.replacen('\t', ".", 1);
                        view! { <option value=t selected=sel>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let table = move || {
        let cum = cumulative.get();
        let s = data.get();
        let (name, r) = s.into_iter().next()?;
        Some(view! {
            <details class="flow-table">
                <summary>{tf(Template::FlowNumbers, &name)}{tf(Template::FlowPoints, &r.points.len().to_string())}</summary>
                <div class="table-wrap"><table class="grid" id="flow-table">
                    <thead><tr><th scope="col">{t(Key::FlowColTime)}</th><th scope="col">{if cum { t(Key::FlowColRowsTotal) } else { t(Key::FlowColRows) }}</th><th scope="col">{if cum { t(Key::FlowColBytesTotal) } else { t(Key::FlowColBytes) }}</th><th scope="col">{t(Key::FlowColNote)}</th></tr></thead>
                    <tbody>{r.points.iter().rev().map(|p| view! {
                        <tr>
                            <td class="mono">{datetime(p.t)}</td>
                            <td class="num">{fmt_value(value(p, Metric::Rows, cum), Metric::Rows, cum)}</td>
                            <td class="num">{fmt_value(value(p, Metric::Bytes, cum), Metric::Bytes, cum)}</td>
                            <td>{if r.restarts.contains(&p.t) { t(Key::FlowRestart) } else { "" }}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div>
            </details>
        })
    };
    view! {
        <section class="page flow">
            <h1>{t(Key::FlowTitle)}</h1>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <label for="flow-db">{t(Key::FlowScope)}
                    <select id="flow-db" on:change=move |ev| { let v = event_target_value(&ev); state.update(|s| { s.db = v; s.schema.clear(); s.table.clear(); s.channel.clear(); }) }>
                        <option value="" selected=move || state.with(|s| s.db.is_empty())>{t(Key::FlowAllSources)}</option>
                        {move || dbs().into_iter().map(|d| view! { <option value=d.clone() selected=move || state.with(|s| s.db == d)>{d.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <fieldset class="seg" aria-label=t(Key::FlowWindow)>
                    {Window::ALL.into_iter().map(|w| view! {
                        <button type="button" class:active=move || state.with(|s| s.window == w) aria-pressed=move || state.with(|s| s.window == w).to_string()
                            on:click=move |_| state.update(|s| s.window = w)>{t(window_key(w))}</button>
                    }).collect_view()}
                </fieldset>
                <label class="check"><input type="checkbox" id="flow-cumulative" prop:checked=cumulative
                    on:change=move |ev| { let v = event_target_checked(&ev); state.update(|s| s.cumulative = v) } />{t(Key::FlowCumulative)}</label>
                <label for="flow-compare">{t(Key::FlowCompare)}
                    <select id="flow-compare" on:change=move |ev| { let v = event_target_value(&ev); if !v.is_empty() { state.update(|s| if !s.compare.contains(&v) { s.compare.push(v) }) } }>
                        <option value="">{t(Key::FlowAddSource)}</option>
                        {move || dbs().into_iter().map(|d| { let label = d.clone(); view! { <option value=d>{label}</option> } }).collect_view()}
                    </select>
                </label>
                {move || state.with(|s| s.compare.clone()).into_iter().map(|d| {
                    let d2 = d.clone();
                    view! { <button type="button" class="chip" on:click=move |_| state.update(|s| s.compare.retain(|x| *x != d2)) aria-label=tf(Template::FlowStopCompare, &d)>{d.clone()}" ×"</button> }
                }).collect_view()}
                {move || (!state.with(|s| s.db.is_empty())).then(scope_pickers)}
            </form>
            <crate::views::export::ExportBar what="flow" table=Signal::derive(move || data.with(|d| crate::ui::export::flow_table(d))) />
            {move || series.with(|s| s.1.clone()).into_iter().map(|(what, e)| view! { <ErrorBanner error=e what=what /> }).collect_view()}
            <ChannelNotes />
            {move || data.with(|d| d.is_empty()).then(|| view! { <p class="empty">{t(Key::FlowNoData)}</p> })}
            <h2>{move || if cumulative.get() { t(Key::FlowRowsTotal) } else { t(Key::FlowRowsS) }}</h2>
            <Chart series=data cumulative=cumulative metric=Metric::Rows restarted=Signal::derive(move || store.restarted_at()) />
            <h2>{move || if cumulative.get() { t(Key::FlowBytesTotal) } else { t(Key::FlowBytesS) }}</h2>
            <Chart series=data cumulative=cumulative metric=Metric::Bytes restarted=Signal::derive(move || store.restarted_at()) />
            <p class="sr-summary">{move || summary(&data.get(), Metric::Rows, cumulative.get(), &shown_offset)}</p>
            {table}
        </section>
    }
}

/// Says plainly when a channel's flow cannot be shown (its name is unknown: on v1 every channel
/// but the default one), instead of silently showing the source's flow.
#[component]
fn ChannelNotes() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let unnamed = move || {
        let (db, channel) = state.with(|s| (s.db.clone(), s.channel.clone()));
        match store.channel_pick(&db, &channel) {
            ChannelPick::Unnamed(id) if state.with(|s| s.table.is_empty()) => Some(id),
            _ => None,
        }
    };
    // v1 sources with more channels than the one it names
    let others = move || {
        let db = state.with(|s| s.db.clone());
        let count = store.sources.with(|s| {
            s.data
                .as_ref()
                .and_then(|d| d.get(&db).map(|d| d.channel_count))
        })?;
        let v1 = store.version.get() == Some(ApiVersion::V1);
        let known = store.known_channels(&db).len() as i64;
        (v1 && count > known).then(|| count - known)
    };
    view! {
        {move || unnamed().map(|id| view! { <p class="banner warn" id="flow-channel-unnamed" role="status">{tf(Template::FlowChannelUnnamed, &id)}</p> })}
        {move || others().map(|n| view! { <p class="muted" id="flow-channels-v1">{tf(Template::FlowOtherChannelsV1, &n.to_string())}</p> })}
    }
}
