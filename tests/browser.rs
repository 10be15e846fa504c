//! Component tests in headless Chromium (wasm-bindgen-test): mount a real view on fixture
//! data, then assert on the DOM. Run by `cargo xtask test`.

#![cfg(target_arch = "wasm32")]

use bifrost_dashboard::app::{Ctx, Poller, Slot, Store};
use bifrost_dashboard::client::Bifrost;
use bifrost_dashboard::url_state::ViewState;
use bifrost_dashboard::views;
use bifrost_dashboard::wire::error::ApiError;
use bifrost_dashboard::wire::parse::{parse_db_list, parse_sync_list};
use bifrost_dashboard::wire::types::SyncList;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DB_LIST: &str = include_str!("../../shared/bifrost-samples/v2.4.1/live.db_list.json");
const DB_EMPTY: &str = include_str!("../../shared/bifrost-samples/v2.4.1/db_list.empty.json");
const SYNC: &str = include_str!("../../shared/bifrost-samples/v2.4.1/synclist.error_toserver.json");

fn slot<T>(v: T) -> Slot<T> {
    Slot {
        data: Some(Arc::new(v)),
        error: None,
        updated: 1.0,
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
            s.sync.set(slot(parse_sync_list(SYNC).unwrap()));
        },
        "?page=sync",
        || view! { <views::sync_list::SyncListPage /> }.into_any(),
    );
    settle().await;
    let all = count(&el, "#sync tr.vrow");
    assert!(all >= 2, "rows: {all}");
    assert!(el.inner_text().contains("failing"));
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
    assert!(el.inner_text().contains("goroutine") || el.inner_text().contains("httpfail"));
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
