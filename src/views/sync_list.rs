//! The sync list: one row per table x output. Server-side filters go to the endpoint, free
//! text and sort are local. Rows are virtualised (fixed height) so 10,000 stay smooth; the
//! full error of the selected row opens in a details panel, which survives refreshes.

use crate::model::causes::row_cause;
use crate::model::health::Lag;
use crate::model::rows::{
    matches_terms, output_keys, search_terms, search_text, sort_rows, tables_without_outputs,
    SortKey, SyncRow,
};
use crate::runtime::store::ctx;
use crate::ui::i18n::{t, tf, Key, Template};
use crate::ui::url_state::SortColumn;
use crate::views::causes::CauseFilterBar;
use crate::views::health::{lag_unknown_why, queue_spark, HealthBadge};
use crate::views::sync_details::details_panel;
use crate::views::widgets::{datetime, ErrorBanner, OutputBadge, SortHeader};
use crate::wire::request::SyncStatusFilter;
use crate::wire::types::BinlogPos;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Row height in CSS pixels; must match `.vrow` in style/main.css.
const ROW_H: f64 = 36.0;
/// Rows rendered above and below the visible window.
const OVERSCAN: usize = 10;

const COLUMNS: [(SortColumn, Key); 9] = [
    (SortColumn::Status, Key::SyncColStatus),
    (SortColumn::Source, Key::SyncColSource),
    (SortColumn::Key, Key::SyncColKey),
    (SortColumn::Queue, Key::SyncColQueue),
    (SortColumn::Lag, Key::SyncColLag),
    (SortColumn::Success, Key::SyncColSuccess),
    (SortColumn::Queued, Key::SyncColQueued),
    (SortColumn::Plugin, Key::SyncColPlugin),
    (SortColumn::Error, Key::SyncColError),
];

/// The row order for a `?sort=` column (a column this table lacks sorts by source).
fn sort_key(c: Option<SortColumn>) -> SortKey {
    match c {
        Some(SortColumn::Status) => SortKey::State,
        Some(SortColumn::Key) => SortKey::ToServerKey,
        Some(SortColumn::Queue) => SortKey::Queue,
        Some(SortColumn::Lag) => SortKey::Lag,
        Some(SortColumn::Success) => SortKey::LastSuccess,
        Some(SortColumn::Queued) => SortKey::LastQueue,
        Some(SortColumn::Plugin) => SortKey::Plugin,
        Some(SortColumn::Error) => SortKey::Error,
        _ => SortKey::Db,
    }
}

pub fn lag_text(l: &Lag) -> String {
    match l {
        Lag::Seconds(s) => tf(Template::SyncLagBehind, &crate::ui::i18n::ago(*s)),
        Lag::CaughtUp => t(Key::SyncCaughtUp).into(),
        Lag::Unknown => t(Key::SyncLagUnknown).into(),
    }
}

pub fn pos_text(p: &Option<BinlogPos>) -> (String, String) {
    match p {
        // v1's positions carry no event time: no date to show beside them
        Some(p) if !p.is_zero() => (
            format!("{:06}:{}", p.binlog_file_num, p.binlog_position),
            if p.timestamp > 0 {
                datetime(p.timestamp)
            } else {
                String::new()
            },
        ),
        _ => ("—".into(), String::new()),
    }
}

#[component]
pub fn SyncListPage() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let rows = store.rows;
    let by_key: Memo<Arc<HashMap<String, usize>>> = Memo::new(move |_| {
        Arc::new(rows.with(|r| {
            r.iter()
                .enumerate()
                .map(|(i, r)| (r.key.clone(), i))
                .collect()
        }))
    });
    // Performance: a keystroke in the search box must not re-sort 10,000 rows nor
    // re-format and lower-case every row's text. So: all rows sorted once per data or sort
    // change; each row's search text lower-cased once per data change (lazily: only when a
    // search is typed); a query that extends the previous one narrows the previous result.
    // Narrow memos of the view state: a keystroke changes `q` only, and must not re-sort.
    let sort_spec = Memo::new(move |_| state.with(|s| (s.sort, s.desc)));
    let query = Memo::new(move |_| state.with(|s| s.q.clone()));
    let sorted: Memo<Arc<Vec<usize>>> = Memo::new(move |_| {
        let (sort, desc) = sort_spec.get();
        rows.with(|r| {
            let mut idx: Vec<usize> = (0..r.len()).collect();
            sort_rows(r, &mut idx, sort_key(sort), desc);
            Arc::new(idx)
        })
    });
    // A cause chosen on the overview narrows the sorted list before the text search.
    let cause = Memo::new(move |_| state.with(|s| s.cause.clone()));
    let in_cause: Memo<Arc<Vec<usize>>> = Memo::new(move |_| {
        let all = sorted.get();
        let id = cause.get();
        if id.is_empty() {
            return all;
        }
        rows.with(|r| {
            Arc::new(
                all.iter()
                    .copied()
                    .filter(|&i| row_cause(&r[i]).as_deref() == Some(id.as_str()))
                    .collect(),
            )
        })
    });
    let hay: Memo<Arc<Vec<String>>> =
        Memo::new(move |_| rows.with(|r| Arc::new(r.iter().map(search_text).collect())));
    // (query, the sorted list it was applied to (held, so never mistaken for a newer one),
    // matching indices in sorted order)
    type Filtered = (String, Arc<Vec<usize>>, Arc<Vec<usize>>);
    let filtered: Memo<Filtered> = Memo::new(move |prev: Option<&Filtered>| {
        let q = query.get();
        let all = in_cause.get();
        let terms = search_terms(&q);
        if terms.is_empty() {
            return (q, all.clone(), all);
        }
        // model::rows' text test (as filter_rows applies it), on the pre-computed text.
        let from = match prev {
            Some((pq, pb, pidx))
                if Arc::ptr_eq(pb, &all) && !pq.trim().is_empty() && q.starts_with(pq.as_str()) =>
            {
                pidx.clone()
            }
            _ => all.clone(),
        };
        let idx = hay.with(|h| {
            from.iter()
                .copied()
                .filter(|&i| matches_terms(&h[i], &terms))
                .collect()
        });
        (q, all, Arc::new(idx))
    });
    let shown: Memo<Arc<Vec<usize>>> = Memo::new(move |_| filtered.with(|f| f.2.clone()));
    // The table's frame depends only on these, so a refresh never rebuilds it.
    let loaded = Memo::new(move |_| store.sync.with(|s| s.data.is_some()));
    let first_failed =
        Memo::new(move |_| store.sync.with(|s| s.data.is_none() && s.error.is_some()));
    let empty = Memo::new(move |_| rows.with(|r| r.is_empty()));
    // The first tables of a first load, shown while the rest downloads.
    let partial = Memo::new(move |_| store.sync.with(|s| s.partial));
    let selected = RwSignal::new(None::<String>);
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(800.0_f64);
    let range = Memo::new(move |_| {
        let n = shown.with(|s| s.len());
        let first = ((scroll_top.get() / ROW_H) as usize)
            .saturating_sub(OVERSCAN)
            .min(n);
        let last = (first + (viewport.get() / ROW_H) as usize + 2 * OVERSCAN).min(n);
        (first, last, n)
    });
    let visible = move || {
        let (a, b, _) = range.get();
        rows.with(|r| {
            shown.with(|s| {
                s[a..b]
                    .iter()
                    .map(|&i| r[i].key.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let with_row = move |key: &str, f: &dyn Fn(&SyncRow) -> String| -> String {
        by_key
            .with(|m| m.get(key).copied())
            .and_then(|i| rows.with(|r| r.get(i).map(f)))
            .unwrap_or_default()
    };

    let header = move |(key, label): (SortColumn, Key)| {
        view! { <SortHeader key label default_key=SortColumn::Source /> }
    };

    let row_view = move |key: String| {
        let k = key.clone();
        let cell = move |f: fn(&SyncRow) -> String| {
            let k = k.clone();
            move || with_row(&k, &f)
        };
        let k2 = key.clone();
        let row_state = move || {
            by_key
                .with(|m| m.get(&k2).copied())
                .and_then(|i| rows.with(|r| r.get(i).map(|r| r.state)))
        };
        let k3 = key.clone();
        let is_sel = move || selected.with(|s| s.as_deref() == Some(k3.as_str()));
        let k4 = key.clone();
        let k5 = key.clone();
        let k6 = key.clone();
        let health = move || store.trends.with(|t| t.health(&k6));
        let k7 = key.clone();
        let lag_unknown = move || {
            by_key
                .with(|m| m.get(&k7).copied())
                .and_then(|i| rows.with(|r| r.get(i).map(|r| r.lag == Lag::Unknown)))
                .unwrap_or(false)
        };
        let k9 = key.clone();
        let lag_why = move || {
            let i = by_key.with(|m| m.get(&k9).copied())?;
            rows.with(|r| {
                let r = r.get(i)?;
                let listed = store
                    .sources
                    .with(|s| s.data.as_ref().is_some_and(|d| d.contains_key(&r.db)));
                Some(lag_unknown_why(r, listed))
            })
        };
        // Only rows on screen exist, so only they draw a sparkline (a few points each).
        let k8 = key.clone();
        let queue_trend = move || {
            let queue = by_key
                .with(|m| m.get(&k8).copied())
                .and_then(|i| rows.with(|r| r.get(i).map(|r| r.queue)))?;
            store.trends.with(|t| {
                let track = t.output(&k8).filter(|t| t.samples().len() > 1)?;
                let any = track.samples().iter().any(|s| s.queue > 0);
                any.then(|| queue_spark(track, queue, 48, 14))
            })
        };
        let firing = use_context::<crate::views::alerts::AlertState>().map(|s| s.firing);
        let alerting =
            move || firing.is_some_and(|f| f.with(|f| f.iter().any(|a| a.row_key == k5)));
        view! {
            <tr class="vrow" class:selected=is_sel class:alerting=alerting tabindex="0"
                on:click=move |_| selected.set(Some(k4.clone()))
                on:keydown={let k = key.clone(); move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { selected.set(Some(k.clone())) }}>
                <td class="c-status">{move || row_state().map(|s| view! { <OutputBadge state=s /> })}</td>
                <td class="c-source">
                    <span class="db">{cell(|r| r.db.clone())}</span>" / "
                    <span class="tbl">{cell(|r| format!("{}.{}", r.schema, r.table))}</span>
                </td>
                <td class="c-key">{cell(|r| r.to_server_key.clone())}</td>
                <td class="c-queue num">{cell(|r| r.queue.to_string())}{queue_trend}</td>
                <td class="c-lag" class:unknown=lag_unknown title=lag_why>
                    {move || health().is_problem().then(|| view! { <HealthBadge health=health() />" · " })}
                    {cell(|r| lag_text(&r.lag))}
                </td>
                <td class="c-success mono" title=cell(|r| pos_text(&r.last_success).1)>{cell(|r| pos_text(&r.last_success).0)}</td>
                <td class="c-queued mono" title=cell(|r| pos_text(&r.last_queue).1)>{cell(|r| pos_text(&r.last_queue).0)}</td>
                <td class="c-plugin">{cell(|r| r.plugin.clone())}</td>
                <td class="c-error err-line">{cell(|r| r.error_first_line.clone())}</td>
            </tr>
        }
    };

    let details = move || {
        let key = selected.get()?;
        let i = by_key.with(|m| m.get(&key).copied())?;
        let r = rows.with(|r| r.get(i).cloned())?;
        Some(details_panel(r, selected))
    };

    view! {
        <section class="page sync">
            <h1>{t(Key::SyncTitle)}</h1>
            <Filters />
            <CauseFilterBar />
            <crate::views::export::ExportBar what="sync" table=Signal::derive(move || rows.with(|r| shown.with(|s| crate::ui::export::sync_table(r, s)))) />
            {move || store.sync.with(|s| s.error.clone()).map(|e| view! { <ErrorBanner error=e what=t(Key::ErrorWhatSync) /> })}
            {details}
            <p class="count" class:partial=partial aria-live="polite">{move || {
                if !loaded.get() {
                    return String::new();
                }
                let (_, _, n) = range.get();
                let total = rows.with(|r| r.len());
                let count = if n == total { tf(Template::SyncCount, &total.to_string()) } else { format!("{n} / {}", tf(Template::SyncCountMatch, &total.to_string())) };
                if partial.get() { format!("{count} — {}", t(Key::SyncLoadingRest)) } else { count }
            }}</p>
            <NoOutputs />
            {move || {
                if !loaded.get() {
                    // a first load that failed is explained by the error banner, not "loading"
                    let text = if first_failed.get() { t(Key::CommonNoDataYet) } else { t(Key::SyncLoading) };
                    return view! { <p class="muted">{text}</p> }.into_any();
                }
                if empty.get() {
                    return view! { <p class="empty">{t(Key::SyncEmpty)}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap vlist"
                        on:scroll=move |ev| {
                            let el: web_sys::Element = event_target(&ev);
                            scroll_top.set(el.scroll_top() as f64);
                            viewport.set(el.client_height() as f64);
                        }>
                        <table class="grid" id="sync">
                            <thead><tr>{COLUMNS.into_iter().map(header).collect_view()}</tr></thead>
                            <tbody>
                                <tr class="spacer" style:height=move || format!("{}px", range.get().0 as f64 * ROW_H)></tr>
                                <For each=visible key=|k| k.clone() let:k>
                                    {row_view(k)}
                                </For>
                                <tr class="spacer" style:height=move || { let (_, b, n) = range.get(); format!("{}px", (n - b) as f64 * ROW_H) }></tr>
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Filters: every parameter the endpoint takes, plus free-text search.
#[component]
fn Filters() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    // Memos: the option lists are rebuilt when their names change, not on every answer
    // (each rebuild also leaves a little memory behind in the view state's subscribers).
    let dbs = move || store.source_names();
    let outputs = Memo::new(move |_| {
        store
            .sync
            .with(|s| s.data.as_ref().map(|d| output_keys(d)))
            .unwrap_or_default()
    });
    // v2 lists the source's channels; v1 only has its default one
    let channels = Memo::new(move |_| store.known_channels(&state.with(|s| s.db.clone())));
    let text = move |id: &'static str,
                     label: &'static str,
                     get: fn(&crate::ui::url_state::ViewState) -> String,
                     set: fn(&mut crate::ui::url_state::ViewState, String)| {
        view! {
            <label for=id>{label}
                <input id=id type="text" prop:value=move || state.with(get)
                    on:change=move |ev| { let v = event_target_value(&ev); state.update(|s| set(s, v)) } />
            </label>
        }
    };
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() role="search">
            <label for="f-db">{t(Key::FilterSource)}
                <select id="f-db" prop:value=move || state.with(|s| s.db.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); state.update(|s| { s.db = v; s.channel.clear(); }) }>
                    <option value="">{t(Key::FilterAll)}</option>
                    {move || dbs().into_iter().map(|d| view! { <option value=d.clone() selected=move || state.with(|s| s.db == d)>{d.clone()}</option> }).collect_view()}
                </select>
            </label>
            {text("f-schema", t(Key::FilterSchema), |s| s.schema.clone(), |s, v| s.schema = v)}
            {text("f-table", t(Key::FilterTable), |s| s.table.clone(), |s, v| s.table = v)}
            <label for="f-key">{t(Key::FilterOutput)}
                <select id="f-key" prop:value=move || state.with(|s| s.key.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); state.update(|s| s.key = v) }>
                    <option value="">{t(Key::FilterAll)}</option>
                    {move || outputs.get().into_iter().map(|k| view! { <option value=k.clone() selected=move || state.with(|s| s.key == k)>{k.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label for="f-channel">{t(Key::FilterChannel)}
                <select id="f-channel" prop:value=move || state.with(|s| s.channel.clone()) disabled=move || state.with(|s| s.db.is_empty())
                    on:change=move |ev| { let v = event_target_value(&ev); state.update(|s| s.channel = v) }>
                    <option value="">{t(Key::FilterAll)}</option>
                    {move || channels.get().into_iter().map(|(id, name)| view! { <option value=id.clone() selected=move || state.with(|s| s.channel == id)>{name}</option> }).collect_view()}
                </select>
            </label>
            <label for="f-status">{t(Key::FilterStatus)}
                <select id="f-status" prop:value=move || state.with(|s| s.status.map_or("", SyncStatusFilter::param))
                    on:change=move |ev| { let v = SyncStatusFilter::from_param(&event_target_value(&ev)); state.update(|s| s.status = v) }>
                    <option value="">{t(Key::FilterAll)}</option>
                    <option value=SyncStatusFilter::Error.param()>{t(Key::FilterError)}</option>
                    <option value=SyncStatusFilter::Running.param()>{t(Key::FilterRunning)}</option>
                    <option value=SyncStatusFilter::NoData.param()>{t(Key::FilterNodata)}</option>
                </select>
            </label>
            <label for="f-q" class="grow">{t(Key::FilterSearch)}
                <input id="f-q" type="search" placeholder=t(Key::FilterSearchHint)
                    prop:value=move || state.with(|s| s.q.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); state.update(|s| s.q = v) } />
            </label>
        </form>
    }
}

/// The tables Bifrost lists without any output (they have no row): named in one line, so a
/// table whose outputs were all removed is visible as such.
#[component]
fn NoOutputs() -> impl IntoView {
    let store = ctx().store;
    let tables = Memo::new(move |_| {
        store.sync.with(|s| {
            s.data
                .as_ref()
                .map(|d| tables_without_outputs(d))
                .unwrap_or_default()
        })
    });
    move || {
        let list = tables.get();
        (!list.is_empty()).then(|| {
            let names = list
                .iter()
                .map(|(db, schema, table)| format!("{db} / {schema}.{table}"))
                .collect::<Vec<_>>()
                .join(", ");
            view! { <p class="muted" id="sync-no-outputs">{tf(Template::SyncNoOutputs, &names)}</p> }
        })
    }
}
