//! The fleet table: one row per configured Bifrost, servers in trouble on top with the reason
//! in words, sortable, filtered by name and state, moved through with the arrow keys (Enter
//! or a click opens the server's overview). `runtime::fleet` polls; the order, the filter and
//! the words are `ui::fleet_table`'s.

use crate::model::fleet::InstanceHealth;
use crate::model::fleet_rank::Level;
use crate::model::units::Unit;
use crate::runtime::store::ctx;
use crate::ui::config::Config;
use crate::ui::fleet_table::{
    filter_fleet, level_look, reasons_line, sort_fleet, step, summary_line, FleetRow, FleetSort,
    StateFilter,
};
use crate::ui::i18n::{ago, rate, t, Key};
use crate::ui::url_state::ViewState;
use crate::views::widgets::{go_to, link_href, QueueSpark};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// The "last answer" ages follow a clock of this step (ms): all at once every 5 s rather than
/// a hundred cells changing (and the table laid out again) every second.
const AGE_STEP_MS: f64 = 5000.0;

/// New answers are drawn on a clock of this step (ms): each draw lays the table out and
/// paints it again, and at a refresh of 5 s a row drawn up to 2 s after its answer loses
/// nothing (a row's first numbers and first state are drawn at once).
const DRAW_STEP_MS: f64 = 2000.0;

/// The columns after the state and the name, in order.
const NUMBER_COLUMNS: &[FleetSort] = FleetSort::ALL.split_at(2).1;

/// A number cell's text ("—" when unknown).
fn cell_text(col: FleetSort, r: &FleetRow, now: f64) -> String {
    let h: Option<&InstanceHealth> = r.view.health.as_ref();
    let count = |v: Option<usize>| v.map_or_else(|| "—".into(), |n| n.to_string());
    match col {
        FleetSort::Running => h.map_or_else(
            || "—".into(),
            |h| format!("{} / {}", h.sources_running, h.sources_total),
        ),
        FleetSort::Failing => count(h.and_then(|h| h.outputs_failing)),
        FleetSort::Stalled => count(h.and_then(|h| h.outputs_stalled)),
        FleetSort::Backlog => h
            .and_then(|h| h.largest_backlog)
            .map_or_else(|| "—".into(), crate::model::units::human_count),
        FleetSort::Rate => h
            .and_then(|h| h.rows_per_s)
            .map_or_else(|| "—".into(), |v| rate(v, Unit::Rows)),
        // `now` is the coarse clock, which may be just before the answer
        FleetSort::Age if r.updated_ms > 0.0 => {
            ago(((now - r.updated_ms) / 1000.0).max(0.0) as i64)
        }
        FleetSort::Age | FleetSort::Trouble | FleetSort::Name => "—".into(),
    }
}

/// A row's element id (for `aria-activedescendant`).
fn row_id(name: &str) -> String {
    format!("fleet-row-{name}")
}

/// Brings the keyboard's row into view, moving the page no more than needed.
fn scroll_to_row(name: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&row_id(name)))
    else {
        return;
    };
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"block".into(), &"nearest".into());
    if let Ok(f) = js_sys::Reflect::get(&el, &"scrollIntoView".into()) {
        let _ = js_sys::Function::from(f).call1(&el, &opts);
    }
}

#[component]
fn FleetSortHeader(col: FleetSort, sort: RwSignal<(FleetSort, bool)>) -> impl IntoView {
    let aria = move || match sort.get() {
        (c, _) if c != col => "none",
        (_, false) => "ascending",
        (_, true) => "descending",
    };
    view! {
        <th scope="col" aria-sort=aria class=format!("c-{}", col.class())>
            <button class="sort" on:click=move |_| sort.update(|(c, d)| {
                *d = *c == col && !*d;
                *c = col;
            })>
                {t(col.label())}
                <span aria-hidden="true">{move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
            </button>
        </th>
    }
}

#[component]
pub fn InstancesPage() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let config = expect_context::<Config>();
    let every = Signal::derive(move || state.with(|s| s.refresh));
    let rows: Vec<RwSignal<FleetRow>> = config
        .instances
        .iter()
        .map(|i| RwSignal::new(FleetRow::new(&i.name)))
        .collect();
    let arrived = RwSignal::new(0u32);
    let poll = SendWrapper::new(crate::runtime::fleet::start(
        &config.instances,
        &rows,
        arrived,
        every,
        store,
    ));
    on_cleanup(move || poll.stop());

    let sort = RwSignal::new((FleetSort::Trouble, false));
    let query = RwSignal::new(String::new());
    let state_filter = RwSignal::new(StateFilter::All);
    // The keyboard's row, by name: it stays on its server while the rows re-sort.
    let cursor = RwSignal::new(None::<String>);
    let all = StoredValue::new(rows);
    // Every row's latest, in config order. With a hundred servers answering one after
    // another, redrawing (and re-laying out) the table for each answer cost most of the main
    // thread: new answers are drawn on a clock of DRAW_STEP_MS (moved by the app's one-second
    // clock, in the task that moves the header's, so the page paints once), except a row's
    // first and the one that gives it its level, drawn with the batch of answers that brought
    // them (the fetching worker sends answers in batches, and this effect runs once per batch).
    let read_all = move || -> Vec<FleetRow> {
        all.with_value(|r| r.iter().map(|s| s.get_untracked()).collect())
    };
    let snapshot = RwSignal::new(read_all());
    // (sum of the answer counters, rows answered at least once, rows with their level)
    let progress = move || -> (u32, usize, usize) {
        all.with_value(|r| {
            r.iter().fold((0, 0, 0), |(revs, answered, leveled), s| {
                s.with_untracked(|r| {
                    (
                        revs + r.rev,
                        answered + usize::from(r.rev > 0),
                        leveled + usize::from(r.level != Level::Pending),
                    )
                })
            })
        })
    };
    // (what was drawn, the clock's time then)
    let drawn = StoredValue::new(((0u32, 0usize, 0usize), 0.0f64));
    let draw_clock = Memo::new(move |_| (store.now.get() / DRAW_STEP_MS).floor());
    // one clock for every row's age
    let age_clock = Memo::new(move |_| (store.now.get() / AGE_STEP_MS).floor() * AGE_STEP_MS);
    Effect::new(move |_| {
        let clock = draw_clock.get();
        arrived.track();
        let now = progress();
        let ((revs, answered, leveled), at) = drawn.get_value();
        let ticked = clock != at;
        if now.1 > answered || now.2 > leveled || (ticked && now.0 != revs) {
            drawn.set_value((now, clock));
            snapshot.set(read_all());
        }
    });
    // The names shown, in order.
    let shown = Memo::new(move |_| {
        let (col, desc) = sort.get();
        snapshot.with(|rows| {
            let mut idx = query.with(|q| filter_fleet(rows, q, state_filter.get()));
            sort_fleet(rows, &mut idx, col, desc);
            idx.into_iter()
                .map(|i| rows[i].name.clone())
                .collect::<Vec<_>>()
        })
    });
    let target = move |name: &str| ViewState {
        instance: name.to_owned(),
        ..ViewState::default()
    };
    let open = move |name: String| {
        let next = state.with(|s| s.within(target(&name)));
        state.set(next);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            let at = cursor.with_untracked(|c| {
                shown.with(|names| {
                    let pos = c.as_ref().and_then(|c| names.iter().position(|n| n == c));
                    step(pos, names.len(), ev.key() == "ArrowDown").map(|i| names[i].clone())
                })
            });
            if let Some(name) = &at {
                scroll_to_row(name);
            }
            cursor.set(at);
        }
        "Enter" => {
            if let Some(name) = cursor.get_untracked() {
                ev.prevent_default();
                open(name);
            }
        }
        _ => {}
    };

    view! {
        <h1>{t(Key::InstancesTitle)}</h1>
        <p id="fleet-summary" class="fleet-summary" role="status">{move || snapshot.with(|r| summary_line(r))}</p>
        <div class="filters">
            <label class="grow">{t(Key::FleetFilterName)}
                <input id="fleet-filter" type="search" prop:value=move || query.get()
                    on:input=move |ev| { query.set(event_target_value(&ev)); } />
            </label>
            <label>{t(Key::FleetFilterState)}
                <select id="fleet-state" on:change=move |ev| {
                    if let Some(f) = StateFilter::from_param(&event_target_value(&ev)) { state_filter.set(f); }
                }>
                    {StateFilter::ALL.into_iter().map(|f| view! {
                        <option value=f.param() selected=move || state_filter.get() == f>{t(f.label())}</option>
                    }).collect_view()}
                </select>
            </label>
            <span class="sub">{t(Key::FleetKeysHint)}</span>
        </div>
        <div class="table-wrap fleet-wrap">
            <table id="instances" class="grid fleet" tabindex="0" on:keydown=on_key
                aria-activedescendant=move || cursor.get().map(|n| row_id(&n))>
                <thead><tr>
                    <FleetSortHeader col=FleetSort::Trouble sort=sort />
                    <FleetSortHeader col=FleetSort::Name sort=sort />
                    <th scope="col" class="c-why">{t(Key::FleetColWhy)}</th>
                    {NUMBER_COLUMNS.iter().copied().map(|col| view! { <FleetSortHeader col=col sort=sort /> }).collect_view()}
                    <th scope="col" class="c-reach">{t(Key::FleetColReach)}</th>
                </tr></thead>
                <tbody>
                    // Keyed by server: a re-sort moves rows and an answer updates the cells of
                    // its row. A row rebuilt per answer would leave its reactive parts' memory
                    // behind (see `widgets::href_in`).
                    <For each=move || shown.get()
                        key=|name| name.clone()
                        children=move |name: String| fleet_row(name, snapshot, age_clock, cursor, open) />
                </tbody>
            </table>
            {move || shown.with(Vec::is_empty).then(|| view! { <p class="muted">{t(Key::FleetNoMatch)}</p> })}
        </div>
    }
}

/// One server's row: every cell follows that server's latest row in `snapshot`.
fn fleet_row(
    name: String,
    snapshot: RwSignal<Vec<FleetRow>>,
    age_clock: Memo<f64>,
    cursor: RwSignal<Option<String>>,
    open: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let state = ctx().state;
    // the snapshot is in config order, which never changes: the row's place is found once
    let at = snapshot.with_untracked(|rows| rows.iter().position(|r| r.name == name));
    let row = {
        let name = name.clone();
        Memo::new(move |_| {
            snapshot
                .with(|rows| at.and_then(|i| rows.get(i)).cloned())
                .unwrap_or_else(|| FleetRow::new(&name))
        })
    };
    let to = ViewState {
        instance: name.clone(),
        ..ViewState::default()
    };
    // Each cell follows only what it shows, through a memo: an answer that changes nothing a
    // cell shows touches no DOM (each answer rebuilt the row's badge, reasons and sparkline).
    let spark = Memo::new(move |_| {
        row.with(|r| {
            r.view
                .health
                .as_ref()
                .map(|h| h.spark.clone())
                .unwrap_or_default()
        })
    });
    let level = Memo::new(move |_| row.with(|r| r.level));
    let why = Memo::new(move |_| row.with(|r| (r.reasons.clone(), r.error.clone())));
    let cells = NUMBER_COLUMNS
        .iter()
        .copied()
        .map(|col| {
            let bad = Memo::new(move |_| {
                row.with(|r| {
                    let h = r.view.health.as_ref();
                    match col {
                        FleetSort::Failing => h.and_then(|h| h.outputs_failing).unwrap_or(0) > 0,
                        FleetSort::Stalled => h.and_then(|h| h.outputs_stalled).unwrap_or(0) > 0,
                        _ => false,
                    }
                })
            });
            let spark = (col == FleetSort::Rate).then_some(move || {
                spark.with(|s| {
                    (s.len() > 1).then(|| {
                        view! { <QueueSpark samples=s.clone() w=48 h=14 label=t(Key::FleetColRate) /> }
                    })
                })
            });
            // only the age follows the clock between answers
            let text = Memo::new(move |_| {
                let now = if col == FleetSort::Age {
                    age_clock.get()
                } else {
                    0.0
                };
                row.with(|r| cell_text(col, r, now))
            });
            view! {
                <td class=format!("num c-{} {}", col.class(), col.class()) class:bad=move || bad.get()>
                    {spark}" "{move || text.get()}
                </td>
            }
        })
        .collect_view();
    let open_name = name.clone();
    let cursor_name = name.clone();
    view! {
        <tr class="instance" id=row_id(&name) data-instance=name.clone()
            data-level=move || format!("{:?}", level.get()).to_lowercase()
            class:cursor=move || cursor.with(|c| c.as_ref() == Some(&cursor_name))
            on:click=move |_| open(open_name.clone())>
            <td class="c-state">{move || {
                let (word, class, icon) = level_look(level.get());
                view! { <span class=format!("badge {class}")>{icon}" "{t(word)}</span> }
            }}</td>
            <td class="c-name"><a href=link_href(state, &to) on:click={
                let go = go_to(state, to.clone());
                // the row's own click would open it a second time
                move |ev: leptos::ev::MouseEvent| { ev.stop_propagation(); go(ev) }
            }>{name.clone()}</a></td>
            <td class="c-why why">{move || why.with(|(reasons, error)| {
                let why = reasons_line(reasons);
                let error = error.clone().map(|e| view! { <span class="banner bad" title=e.message()>{e.title()}</span> });
                view! { {why}{error} }
            })}</td>
            {cells}
            <td class="c-reach">{move || row.with(|r| if r.view.unreachable { t(Key::FleetReachNo) } else if r.updated_ms > 0.0 { t(Key::FleetReachYes) } else { "—" })}</td>
        </tr>
    }
}
