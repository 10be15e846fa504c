//! Component tests in headless Chromium (wasm-bindgen-test): mount a real view on fixture
//! data, then assert on the DOM. Run by `cargo xtask test`.

#![cfg(target_arch = "wasm32")]

mod alarm;
mod health;
mod live;
mod pages;
mod tables;
mod v1;

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

const DB_LIST: &str = include_str!("../fixtures/bifrost/v2.4.1/live.db_list.json");
const DB_EMPTY: &str = include_str!("../fixtures/bifrost/v2.4.1/db_list.empty.json");
const SYNC: &str = include_str!("../fixtures/bifrost/v2.4.1/synclist.error_toserver.json");

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
        let ctx = Ctx::new(RwSignal::new(ViewState::from_query(&query)), "");
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

const FLOW_DB: &str = include_str!("../fixtures/bifrost/v2.4.1/live.flow.db.tenminute.json");
const SYNC_LIVE: &str = include_str!("../fixtures/bifrost/v2.4.1/live.synclist.all.json");

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
