//! The data-source and sync-list tables on real samples.

use super::*;

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
