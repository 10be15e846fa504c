//! Component tests in headless Chromium (wasm-bindgen-test): mount a real view on fixture
//! data, then assert on the DOM. Run by `cargo xtask test`.

#![cfg(target_arch = "wasm32")]

use bifrost_dashboard::client::Bifrost;
use bifrost_dashboard::runtime::poller::Poller;
use bifrost_dashboard::runtime::store::{Ctx, Slot, Store};
use bifrost_dashboard::ui::url_state::ViewState;
use bifrost_dashboard::views;
use bifrost_dashboard::wire::error::ApiError;
use bifrost_dashboard::wire::parse::{parse_db_list, parse_sync_list};
use bifrost_dashboard::wire::types::SyncList;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DB_LIST: &str = include_str!("fixtures/bifrost/v2.4.1/live.db_list.json");
const DB_EMPTY: &str = include_str!("fixtures/bifrost/v2.4.1/db_list.empty.json");
const SYNC: &str = include_str!("fixtures/bifrost/v2.4.1/synclist.error_toserver.json");

fn slot<T>(v: T) -> Slot<T> {
    Slot {
        data: Some(Arc::new(v)),
        error: None,
        updated: 1.0,
        partial: false,
    }
}

/// Mounts `f` in a fresh container with a context holding `store` and `query`.
fn mount(
    store: impl FnOnce(&Store) + 'static,
    query: &str,
    f: fn() -> AnyView,
) -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    let query = query.to_string();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        let ctx = Ctx {
            state: RwSignal::new(ViewState::from_query(&query)),
            store: Store::new(),
            bifrost: StoredValue::new_local(Bifrost::new("")),
            poller: Poller::new(),
        };
        store(&ctx.store);
        provide_context(ctx);
        f()
    });
    handle.forget();
    el
}

async fn settle() {
    leptos::task::tick().await;
    gloo_timers_sleep(30).await;
}

async fn gloo_timers_sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |r, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&r, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn count(el: &web_sys::HtmlElement, css: &str) -> u32 {
    el.query_selector_all(css).unwrap().length()
}

#[wasm_bindgen_test]
async fn sources_table_shows_the_sample_and_masks_the_password() {
    let el = mount(
        |s| s.sources.set(slot(parse_db_list(DB_LIST).unwrap())),
        "?page=sources",
        || view! { <views::sources::Sources /> }.into_any(),
    );
    settle().await;
    assert_eq!(count(&el, "#sources tr.source"), 1);
    let text = el.inner_text();
    assert!(text.contains("mysqllocal"), "{text}");
    assert!(text.contains("running"), "{text}");
    assert!(
        !el.inner_html().contains("bifrostpw"),
        "the DSN password reached the DOM"
    );
}

#[wasm_bindgen_test]
async fn sources_empty_and_error_states_are_explained() {
    let el = mount(
        |s| {
            let mut slot = slot(parse_db_list(DB_EMPTY).unwrap());
            slot.error = Some(ApiError::EmptyBody);
            s.sources.set(slot)
        },
        "?page=sources",
        || view! { <views::sources::Sources /> }.into_any(),
    );
    settle().await;
    assert!(
        el.inner_text().contains("no data sources"),
        "{}",
        el.inner_text()
    );
}

#[wasm_bindgen_test]
async fn sync_list_shows_failing_outputs_and_filters_by_text() {
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(parse_sync_list(SYNC_LIVE).unwrap()));
        },
        "?page=sync",
        || view! { <views::sync_list::SyncListPage /> }.into_any(),
    );
    settle().await;
    let all = count(&el, "#sync tr.vrow");
    assert!(all >= 2, "rows: {all}");
    assert!(el.inner_text().to_lowercase().contains("failing"));
    // free-text search narrows the rows without a request
    let ctx_state = el
        .query_selector("#f-q")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>();
    ctx_state.set_value("httpfail");
    ctx_state
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    settle().await;
    let shown = count(&el, "#sync tr.vrow");
    assert!(shown >= 1 && shown < all, "{shown} of {all}");
    assert!(el.inner_text().contains("httpfail"));
}

#[wasm_bindgen_test]
async fn sync_list_error_opens_in_full_with_its_waiting_data() {
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(parse_sync_list(SYNC).unwrap()));
        },
        "?page=sync",
        || view! { <views::sync_list::SyncListPage /> }.into_any(),
    );
    settle().await;
    let row: web_sys::HtmlElement = el
        .query_selector("#sync tr.vrow")
        .unwrap()
        .unwrap()
        .unchecked_into();
    // the row shows only the first line of the multi-kilobyte stack trace
    assert!(!row.inner_text().contains("runtime/debug.Stack"));
    row.click();
    settle().await;
    let details = el
        .query_selector(".details")
        .unwrap()
        .expect("details panel")
        .text_content()
        .unwrap();
    assert!(
        details.contains("runtime/debug.Stack"),
        "full error: {details}"
    );
}

#[wasm_bindgen_test]
async fn sync_list_of_10000_rows_renders_only_what_is_visible() {
    let one: SyncList = parse_sync_list(SYNC).unwrap();
    let template = one.tables[0].clone();
    let mut big = one.clone();
    big.tables = (0..10_000)
        .map(|i| {
            let mut t = template.clone();
            t.table_name = format!("t{i:05}");
            t.to_server_list.truncate(1);
            t
        })
        .collect();
    let el = mount(
        move |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(big));
        },
        "?page=sync",
        || view! { <views::sync_list::SyncListPage /> }.into_any(),
    );
    settle().await;
    let rendered = count(&el, "#sync tr.vrow");
    assert!(rendered > 5 && rendered < 200, "rendered {rendered} rows");
    assert!(
        el.inner_text().contains("10000 outputs"),
        "{}",
        el.inner_text()
    );
}

const FLOW_DB: &str = include_str!("fixtures/bifrost/v2.4.1/live.flow.db.tenminute.json");
const SYNC_LIVE: &str = include_str!("fixtures/bifrost/v2.4.1/live.synclist.all.json");

/// Puts a flow series in the store under the key the views look it up by.
fn put_flow(
    s: &Store,
    scope: bifrost_dashboard::wire::request::FlowScope,
    w: bifrost_dashboard::wire::request::Window,
    body: &str,
) {
    use bifrost_dashboard::wire::request::{flow_path, ApiVersion};
    let key = flow_path("", ApiVersion::V2, &scope, w);
    let points = bifrost_dashboard::wire::parse::parse_flow(body).unwrap();
    s.flows.update(|m| {
        m.insert(key, slot(points));
    });
}

#[wasm_bindgen_test]
async fn overview_shows_sources_failures_and_the_flow_now() {
    use bifrost_dashboard::wire::request::{FlowScope, Window};
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(parse_sync_list(SYNC_LIVE).unwrap()));
            put_flow(
                s,
                FlowScope::Db("mysqllocal".into()),
                Window::TenMinute,
                FLOW_DB,
            );
        },
        "",
        || view! { <views::overview::Overview /> }.into_any(),
    );
    settle().await;
    let text = el.inner_text();
    assert!(text.contains("1/1"), "sources running: {text}");
    // httpfail fails in the live sample: listed with its first error line, linked to its row
    assert!(count(&el, "#card-failing li a") >= 1, "{text}");
    let href = el
        .query_selector("#card-failing li a")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert!(
        href.contains("page=sync") && href.contains("key=httpfail"),
        "{href}"
    );
    // rows/s now is computed from the sample's last two points
    let rows_now = el
        .query_selector("#rows-now")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(rows_now.contains("rows/s"), "{rows_now}");
    assert_eq!(count(&el, "#card-flow canvas"), 1);
}

#[wasm_bindgen_test]
async fn overview_without_data_says_so() {
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_EMPTY).unwrap()));
            s.sync.set(Slot {
                data: None,
                error: Some(ApiError::Auth {
                    msg: "ip is refused".into(),
                }),
                updated: 0.0,
                partial: false,
            });
        },
        "",
        || view! { <views::overview::Overview /> }.into_any(),
    );
    settle().await;
    let text = el.inner_text();
    assert!(text.contains("0/0"), "{text}");
    assert!(
        text.contains("ip is refused"),
        "the auth message is shown: {text}"
    );
}

#[wasm_bindgen_test]
async fn flow_page_draws_both_charts_and_lists_the_numbers() {
    use bifrost_dashboard::wire::request::{FlowScope, Window};
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            put_flow(
                s,
                FlowScope::Db("mysqllocal".into()),
                Window::TenMinute,
                FLOW_DB,
            );
        },
        "?page=flow&db=mysqllocal",
        || view! { <views::flow::FlowPage /> }.into_any(),
    );
    settle().await;
    assert_eq!(count(&el, "figure.chart canvas"), 2);
    // the table alternative has one row per rate point, none negative
    let rows = count(&el, "#flow-table tbody tr");
    assert!(rows > 10, "rows: {rows}");
    let cells = el.query_selector_all("#flow-table td.num").unwrap();
    for i in 0..cells.length() {
        let t = cells.item(i).unwrap().text_content().unwrap();
        assert!(!t.trim_start().starts_with('-'), "negative rate {t}");
    }
    // the canvas is sized in device pixels (crisp on HiDPI)
    let canvas: web_sys::HtmlCanvasElement = el
        .query_selector("figure.chart canvas")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    assert_eq!(
        canvas.width() as f64,
        (canvas.client_width() as f64 * dpr).floor()
    );
}

#[wasm_bindgen_test]
async fn flow_page_for_an_unknown_scope_says_there_is_no_data() {
    let el = mount(
        |s| s.sources.set(slot(parse_db_list(DB_LIST).unwrap())),
        "?page=flow&db=nope",
        || view! { <views::flow::FlowPage /> }.into_any(),
    );
    settle().await;
    assert!(
        el.inner_text().contains("No flow data"),
        "{}",
        el.inner_text()
    );
}

#[wasm_bindgen_test]
async fn a_refresh_keeps_the_open_details_and_updates_cells_in_place() {
    let store = std::rc::Rc::new(std::cell::Cell::new(None::<Store>));
    let keep = store.clone();
    let el = mount(
        move |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(parse_sync_list(SYNC_LIVE).unwrap()));
            keep.set(Some(*s));
        },
        "?page=sync",
        || view! { <views::sync_list::SyncListPage /> }.into_any(),
    );
    settle().await;
    let first: web_sys::HtmlElement = el
        .query_selector("#sync tr.vrow")
        .unwrap()
        .unwrap()
        .unchecked_into();
    first.click();
    settle().await;
    assert!(el.query_selector(".details").unwrap().is_some());
    // a new answer where every queue grew by 1000
    let mut next = parse_sync_list(SYNC_LIVE).unwrap();
    for t in &mut next.tables {
        for o in &mut t.to_server_list {
            o.queue_msg_count += 1000;
        }
    }
    store.get().expect("store").sync.set(slot(next));
    settle().await;
    let same: web_sys::HtmlElement = el
        .query_selector("#sync tr.vrow")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(
        same.is_same_node(Some(&first)),
        "the row element was replaced"
    );
    assert!(same.class_list().contains("selected"));
    assert!(
        el.query_selector(".details").unwrap().is_some(),
        "details closed by a refresh"
    );
    let queue = same
        .query_selector("td.c-queue")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        queue.parse::<i64>().unwrap() >= 1000,
        "queue not updated: {queue}"
    );
}

#[wasm_bindgen_test]
async fn the_first_tables_show_while_the_rest_downloads() {
    let store = std::rc::Rc::new(std::cell::Cell::new(None::<Store>));
    let keep = store.clone();
    let whole = parse_sync_list(SYNC_LIVE).unwrap();
    let mut first = whole.clone();
    first.tables.truncate(1);
    let n_first: usize = first.tables.iter().map(|t| t.to_server_list.len()).sum();
    let el = mount(
        move |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(Slot {
                partial: true,
                ..slot(first)
            });
            keep.set(Some(*s));
        },
        "?page=sync",
        || view! { <views::sync_list::SyncListPage /> }.into_any(),
    );
    settle().await;
    assert_eq!(count(&el, "#sync tr.vrow"), n_first as u32);
    let partial = el
        .query_selector(".count.partial")
        .unwrap()
        .expect("a partial count");
    let text = partial.text_content().unwrap_or_default();
    assert!(text.contains("loading the rest"), "{text}");
    // the whole answer arrives
    let n_all: usize = whole.tables.iter().map(|t| t.to_server_list.len()).sum();
    assert!(n_all > n_first);
    store.get().expect("store").sync.set(slot(whole));
    settle().await;
    assert!(el.query_selector(".count.partial").unwrap().is_none());
    assert_eq!(count(&el, "#sync tr.vrow"), n_all as u32);
    let text = el
        .query_selector(".count")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(!text.contains("loading"), "{text}");
}

/// A chart unregisters its resize observer and frees the closure when it unmounts: mounting
/// and unmounting many times leaves no subscription behind (each mount used to leak one).
#[wasm_bindgen_test]
async fn a_chart_leaves_nothing_behind_when_it_unmounts() {
    use bifrost_dashboard::model::flow::rates;
    use bifrost_dashboard::runtime::hooks::live_subscriptions;
    use bifrost_dashboard::wire::parse::parse_flow;
    let points = rates(&parse_flow(FLOW_DB).unwrap(), 5);
    let before = live_subscriptions();
    let doc = web_sys::window().unwrap().document().unwrap();
    for _ in 0..20 {
        let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
        doc.body().unwrap().append_child(&el).unwrap();
        let series = vec![("db".to_string(), points.clone())];
        let handle = leptos::mount::mount_to(el.clone(), move || {
            view! { <views::chart::Chart series=Signal::stored(series.clone()) cumulative=Signal::stored(false) /> }
        });
        settle().await;
        assert_eq!(count(&el, "canvas"), 1);
        assert!(live_subscriptions() > before, "the chart observes its size");
        drop(handle);
        el.remove();
    }
    settle().await;
    assert_eq!(live_subscriptions(), before);
}
