//! The pages on a real Bifrost v1.5.3's answers (`tests/fixtures/bifrost/v1.5.3/`).

use super::*;
use bifrost_dashboard::wire::parse::parse_sync_list_as;
use bifrost_dashboard::wire::request::{flow_path, ApiVersion, FlowScope, Window};

const V1_DB_LIST: &str = include_str!("../fixtures/bifrost/v1.5.3/db_list__format=json.body");
const V1_SYNC: &str = include_str!("../fixtures/bifrost/v1.5.3/synclist__format=json.body");
const V1_FLOW: &str = include_str!(
    "../fixtures/bifrost/v1.5.3/flow_get__format=json__type=tenminute__dbname=mariadb_src.body"
);

fn v1_store(s: &Store) {
    s.version.set(Some(ApiVersion::V1));
    s.sources.set(slot(parse_db_list(V1_DB_LIST).unwrap()));
    // the captured list, plus a table whose outputs were all removed
    let mut list = parse_sync_list_as(ApiVersion::V1, V1_SYNC).unwrap();
    let mut gone = list.tables[0].clone();
    gone.table_name = "gone".into();
    gone.to_server_list.clear();
    list.tables.push(gone);
    s.sync.set(slot(list));
}

#[wasm_bindgen_test]
async fn v1_sync_list_shows_outputs_queues_and_the_event_readably() {
    let el = mount(v1_store, "?page=sync", || {
        view! { <views::sync_list::SyncListPage /> }.into_any()
    });
    settle().await;
    assert_eq!(count(&el, "#sync tr.vrow"), 3);
    let text = el.inner_text();
    assert!(text.contains("mariadb_src / testdb.gone"), "{text}");
    let rows = el.query_selector_all("#sync tr.vrow").unwrap();
    let down: web_sys::HtmlElement = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|r| r.unchecked_into::<web_sys::HtmlElement>())
        .find(|r| r.inner_text().contains("http_down"))
        .expect("the failing output");
    // v1's queue and its last queued position, as v2's are shown
    assert!(down.inner_text().contains("40"), "{}", down.inner_text());
    assert!(
        down.inner_text().contains("000001:22934"),
        "{}",
        down.inner_text()
    );
    down.click();
    settle().await;
    let details = el.query_selector("aside.details").unwrap().unwrap();
    let t = details.text_content().unwrap();
    assert!(t.contains("\"EventType\": \"insert\""), "{t}");
    assert!(!t.contains("\\\""), "escaped JSON: {t}");
}

#[wasm_bindgen_test]
async fn v1_sources_do_not_show_running_as_an_error() {
    let el = mount(v1_store, "?page=sources", || {
        view! { <views::sources::Sources /> }.into_any()
    });
    settle().await;
    assert_eq!(count(&el, "#sources tr.source"), 1);
    assert_eq!(count(&el, "#sources .err-line"), 0);
}

#[wasm_bindgen_test]
async fn v1_channel_flow_by_name_and_a_plain_notice_for_the_others() {
    let el = mount(
        |s| {
            v1_store(s);
            let scope = FlowScope::Channel {
                db: "mariadb_src".into(),
                channel_name: "default".into(),
                channel_id: 1,
            };
            let key = flow_path("", ApiVersion::V1, &scope, Window::TenMinute);
            assert!(key.contains("channelid=default"), "{key}");
            let points = bifrost_dashboard::wire::parse::parse_flow(V1_FLOW).unwrap();
            s.flows.update(|m| {
                m.insert(key, slot(points));
            });
        },
        "?page=flow&db=mariadb_src&channel=1&window=tenminute",
        || view! { <views::flow::FlowPage /> }.into_any(),
    );
    settle().await;
    assert_eq!(count(&el, "#flow-channel-unnamed"), 0);
    assert!(
        count(&el, "#flow-table tbody tr") > 0,
        "{}",
        el.inner_text()
    );
    let picker = el.query_selector("#flow-channel").unwrap().unwrap();
    assert!(picker.text_content().unwrap().contains("default"));

    let el = mount(v1_store, "?page=flow&db=mariadb_src&channel=2", || {
        view! { <views::flow::FlowPage /> }.into_any()
    });
    settle().await;
    let notice = el
        .query_selector("#flow-channel-unnamed")
        .unwrap()
        .map(|n| n.text_content().unwrap_or_default())
        .unwrap_or_default();
    assert!(notice.contains("channel 2"), "{}", el.inner_text());
}
