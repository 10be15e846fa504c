//! Data sources: every `/db/list` field worth showing, sortable, with health and flow.

use crate::app::ctx;
use crate::model::flow::{normalize, rates};
use crate::model::health::SourceState;
use crate::model::mask::mask_dsn;
use crate::url_state::Page;
use crate::views::widgets::{datetime, SourceBadge, Sparkline};
use crate::wire::request::{FlowScope, Window};
use crate::wire::types::DbInfo;
use leptos::prelude::*;

const COLUMNS: [(&str, &str); 8] = [
    ("name", "Name"),
    ("status", "Status"),
    ("input", "Input"),
    ("position", "Binlog position"),
    ("dumped", "Dumped at"),
    ("channels", "Channels"),
    ("tables", "Tables"),
    ("added", "Added"),
];

fn sort_sources(list: &mut [DbInfo], key: &str, desc: bool) {
    list.sort_by(|a, b| {
        let o = match key {
            "status" => a.conn_status.cmp(&b.conn_status),
            "input" => a.input_type.cmp(&b.input_type),
            "position" => (&a.binlog_dump_file_name, a.binlog_dump_position)
                .cmp(&(&b.binlog_dump_file_name, b.binlog_dump_position)),
            "dumped" => a.binlog_dump_timestamp.cmp(&b.binlog_dump_timestamp),
            "channels" => a.channel_count.cmp(&b.channel_count),
            "tables" => a.table_count.cmp(&b.table_count),
            "added" => a.add_time.cmp(&b.add_time),
            _ => a.name.cmp(&b.name),
        };
        if desc {
            o.reverse()
        } else {
            o
        }
    });
}

#[component]
pub fn Sources() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let prefix = StoredValue::new(c.bifrost.with_value(|b| b.prefix.clone()));
    let sorted = Memo::new(move |_| {
        let (key, desc) = state.with(|s| (s.sort.clone(), s.desc));
        let mut list: Vec<DbInfo> = store
            .sources
            .with(|s| s.data.as_ref().map(|d| d.values().cloned().collect()))
            .unwrap_or_default();
        sort_sources(&mut list, &key, desc);
        list
    });
    let header = move |(key, label): (&'static str, &'static str)| {
        let active = move || state.with(|s| s.sort == key || (s.sort.is_empty() && key == "name"));
        let aria = move || match (active(), state.with(|s| s.desc)) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button class="sort" on:click=move |_| state.update(|s| {
                    s.desc = s.sort == key && !s.desc;
                    s.sort = key.to_string();
                })>
                    {label}
                    <span aria-hidden="true">{move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    let row = move |d: DbInfo| {
        let name = d.name.clone();
        let spark_name = d.name.clone();
        let spark = move || {
            let slot = store.flow(
                &prefix.get_value(),
                &FlowScope::Db(spark_name.clone()),
                Window::TenMinute,
            );
            let pts = slot
                .data
                .map(|p| rates(&normalize(&p), Window::TenMinute.step_secs()).points)
                .unwrap_or_default();
            view! { <Sparkline points=pts /> }
        };
        let sync_link = {
            let name = name.clone();
            move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                let name = name.clone();
                state.update(|s| {
                    *s = crate::url_state::ViewState {
                        page: Page::Sync,
                        db: name,
                        refresh: s.refresh,
                        ..Default::default()
                    };
                });
            }
        };
        let flow_link = {
            let name = name.clone();
            move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                let name = name.clone();
                state.update(|s| {
                    *s = crate::url_state::ViewState {
                        page: Page::Flow,
                        db: name,
                        refresh: s.refresh,
                        window: s.window.clone(),
                        ..Default::default()
                    };
                });
            }
        };
        let source_state = SourceState::from_db(&d);
        let dbs: Vec<String> = d.replicate_do_db.keys().cloned().collect();
        let gtid = (d.is_gtid && !d.gtid.is_empty()).then(|| d.gtid.clone());
        view! {
            <tr class="source" data-name=name.clone()>
                <th scope="row">
                    <a href="#" on:click=sync_link title="Show this source's sync list">{name.clone()}</a>
                    <div class="sub">
                        <span class="dsn" title="Connection (password masked)">{mask_dsn(&d.connect_uri)}</span>
                    </div>
                </th>
                <td>
                    <SourceBadge state=source_state />
                    {(!d.conn_err.is_empty()).then(|| view! { <div class="err-line">{d.conn_err.clone()}</div> })}
                </td>
                <td>{d.input_type.clone()}</td>
                <td class="mono">
                    {format!("{}:{}", d.binlog_dump_file_name, d.binlog_dump_position)}
                    {gtid.map(|g| view! { <div class="sub">"GTID "{g}</div> })}
                </td>
                <td class="mono">{datetime(d.binlog_dump_timestamp)}</td>
                <td class="num">{d.channel_count}</td>
                <td class="num" title=dbs.join(", ")>{d.table_count}<div class="sub">{dbs.join(", ")}</div></td>
                <td class="mono">{datetime(d.add_time)}<div class="sub">"server id "{d.server_id}</div></td>
                <td><a href="#" on:click=flow_link title="Show this source's flow">{spark}</a></td>
            </tr>
        }
    };
    view! {
        <section class="page">
            <h1>"Data sources"</h1>
            {move || {
                let loaded = store.sources.with(|s| s.data.is_some());
                if !loaded {
                    return view! { <p class="muted">"Loading data sources…"</p> }.into_any();
                }
                if sorted.with(|l| l.is_empty()) {
                    return view! { <p class="empty">"This Bifrost has no data sources yet."</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="grid" id="sources">
                            <thead><tr>
                                {COLUMNS.into_iter().map(header).collect_view()}
                                <th scope="col">"Rows/s (10 min)"</th>
                            </tr></thead>
                            <tbody>{move || sorted.get().into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
