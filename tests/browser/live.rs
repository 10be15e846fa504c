//! What changes while a page is open: refreshes, a first load in parts, charts coming and
//! going.

use super::*;

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

/// A chart with no points says why instead of drawing axes from 00:00:00 to 00:00:01; it
/// draws as soon as points arrive.
#[wasm_bindgen_test]
async fn an_empty_chart_explains_itself() {
    use bifrost_dashboard::model::flow::{rates, Rates};
    use bifrost_dashboard::wire::parse::parse_flow;
    let series = RwSignal::new(vec![("db".to_string(), Rates::default())]);
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <views::chart::Chart series=series cumulative=Signal::stored(false) /> }
    });
    settle().await;
    let text = el.inner_text();
    assert!(text.contains("No points yet"), "{text}");
    series.set(vec![(
        "db".to_string(),
        rates(&parse_flow(FLOW_DB).unwrap(), 5),
    )]);
    settle().await;
    assert_eq!(count(&el, ".chart-empty"), 0, "{}", el.inner_text());
    drop(handle);
}
