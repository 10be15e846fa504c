//! Data sources: every `/db/list` field worth showing, sortable, with health and flow.

use crate::model::flow::{normalize, rates};
use crate::model::health::{conn_error, SourceState};
use crate::model::mask::mask_dsn;
use crate::model::order;
use crate::runtime::store::ctx;
use crate::ui::i18n::{t, Key};
use crate::ui::url_state::SortColumn;
use crate::ui::url_state::{Page, ViewState};
use crate::views::health::HealthBadge;
use crate::views::widgets::{datetime, go_to, link_href, SortHeader, SourceBadge, Sparkline};
use crate::wire::request::{FlowScope, Window};
use crate::wire::types::DbInfo;
use leptos::prelude::*;

const COLUMNS: [(SortColumn, Key); 8] = [
    (SortColumn::Name, Key::SourcesColName),
    (SortColumn::Status, Key::SourcesColStatus),
    (SortColumn::Input, Key::SourcesColInput),
    (SortColumn::Position, Key::SourcesColPosition),
    (SortColumn::Dumped, Key::SourcesColDumped),
    (SortColumn::Channels, Key::SourcesColChannels),
    (SortColumn::Tables, Key::SourcesColTables),
    (SortColumn::Added, Key::SourcesColAdded),
];

fn sort_sources(list: &mut [DbInfo], key: Option<SortColumn>, desc: bool) {
    order::sort_by(list, |a, b| {
        let o = match key {
            Some(SortColumn::Status) => a.conn_status.cmp(&b.conn_status),
            Some(SortColumn::Input) => a.input_type.cmp(&b.input_type),
            Some(SortColumn::Position) => (&a.binlog_dump_file_name, a.binlog_dump_position)
                .cmp(&(&b.binlog_dump_file_name, b.binlog_dump_position)),
            Some(SortColumn::Dumped) => a.binlog_dump_timestamp.cmp(&b.binlog_dump_timestamp),
            Some(SortColumn::Channels) => a.channel_count.cmp(&b.channel_count),
            Some(SortColumn::Tables) => a.table_count.cmp(&b.table_count),
            Some(SortColumn::Added) => a.add_time.cmp(&b.add_time),
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
        let (key, desc) = state.with(|s| (s.sort, s.desc));
        let mut list: Vec<DbInfo> = store
            .sources
            .with(|s| s.data.as_ref().map(|d| d.values().cloned().collect()))
            .unwrap_or_default();
        sort_sources(&mut list, key, desc);
        list
    });
    // The table's frame depends only on these, so a refresh never rebuilds it.
    let loaded = Memo::new(move |_| store.sources.with(|s| s.data.is_some()));
    let first_failed = Memo::new(move |_| {
        store
            .sources
            .with(|s| s.data.is_none() && s.error.is_some())
    });
    let empty = Memo::new(move |_| sorted.with(|l| l.is_empty()));
    let header = move |(key, label): (SortColumn, Key)| {
        view! { <SortHeader key label default_key=SortColumn::Name /> }
    };
    // Rows are keyed by name and every cell reads the store, so a refresh updates text in
    // place and keeps focus and hover (a keyed row is never re-rendered by `<For>`).
    let row = move |name: String| {
        let field = {
            let name = name.clone();
            move |f: fn(&DbInfo) -> String| {
                let name = name.clone();
                move || {
                    store
                        .sources
                        .with(|s| s.data.as_ref().and_then(|d| d.get(&name).map(f)))
                        .unwrap_or_default()
                }
            }
        };
        let info = {
            let name = name.clone();
            move || {
                store
                    .sources
                    .with(|s| s.data.as_ref().and_then(|d| d.get(&name).cloned()))
            }
        };
        let spark_name = name.clone();
        let health_name = name.clone();
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
        let target = |page: Page| ViewState {
            page,
            db: name.clone(),
            ..Default::default()
        };
        let go = move |to: ViewState| go_to(state, to);
        let (to_sync, to_flow) = (target(Page::Sync), target(Page::Flow));
        let info2 = info.clone();
        let info3 = info.clone();
        view! {
            <tr class="source" data-name=name.clone()>
                <th scope="row">
                    <a href=link_href(state, &to_sync) on:click=go(to_sync.clone()) title=t(Key::SourcesToSync)>{name.clone()}</a>
                    <div class="sub">
                        <span class="dsn" title=t(Key::SourcesDsn)>{field(|d| mask_dsn(&d.connect_uri))}</span>
                    </div>
                </th>
                <td>
                    {move || info().map(|d| view! { <SourceBadge state=SourceState::from_db(&d) /> })}
                    {move || info2().and_then(|d| conn_error(&d).map(String::from)).map(|e| view! { <div class="err-line">{e}</div> })}
                    {move || { let h = store.trends.with(|t| t.source_health(&health_name)); h.is_problem().then(|| view! { <div><HealthBadge health=h /></div> }) }}
                </td>
                <td>{field(|d| d.input_type.clone())}</td>
                <td class="mono">
                    {field(|d| format!("{}:{}", d.binlog_dump_file_name, d.binlog_dump_position))}
                    {move || info3().filter(|d| d.is_gtid && !d.gtid.is_empty()).map(|d| view! { <div class="sub">"GTID "{d.gtid}</div> })}
                </td>
                <td class="mono">{field(|d| datetime(d.binlog_dump_timestamp))}</td>
                <td class="num">{field(|d| d.channel_count.to_string())}</td>
                <td class="num" title=field(|d| d.replicate_do_db.keys().cloned().collect::<Vec<_>>().join(", "))>
                    {field(|d| d.table_count.to_string())}
                    <div class="sub">{field(|d| d.replicate_do_db.keys().cloned().collect::<Vec<_>>().join(", "))}</div>
                </td>
                <td class="mono">{field(|d| datetime(d.add_time))}<div class="sub">{t(Key::SourcesServerId)}{field(|d| d.server_id.to_string())}</div></td>
                <td><a href=link_href(state, &to_flow) on:click=go(to_flow.clone()) title=t(Key::SourcesToFlow)>{spark}</a></td>
            </tr>
        }
    };
    view! {
        <section class="page">
            <h1>{t(Key::SourcesTitle)}</h1>
            <crate::views::export::ExportBar what="sources" table=Signal::derive(move || sorted.with(|l| crate::ui::export::sources_table(l))) />
            {move || {
                if !loaded.get() {
                    // a first load that failed is explained by the error banner, not "loading"
                    let text = if first_failed.get() { t(Key::CommonNoDataYet) } else { t(Key::SourcesLoading) };
                    return view! { <p class="muted">{text}</p> }.into_any();
                }
                if empty.get() {
                    return view! { <p class="empty">{t(Key::SourcesEmpty)}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="grid" id="sources">
                            <thead><tr>
                                {COLUMNS.into_iter().map(header).collect_view()}
                                <th scope="col">{t(Key::SourcesColFlow)}</th>
                            </tr></thead>
                            <tbody>
                                <For each=move || sorted.get().into_iter().map(|d| d.name) key=|n| n.clone() children=row />
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
