//! The overview and the flow page on real samples, with and without data.

use super::*;

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

/// With a MariaDB source Bifrost reports no success position for any output, so lag is
/// unknown: the lag card never says "None." in green, but how many are unknown and why.
#[wasm_bindgen_test]
async fn overview_says_when_lag_is_unknown_instead_of_none() {
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            let mut list = parse_sync_list(SYNC_LIVE).unwrap();
            for out in list
                .tables
                .iter_mut()
                .flat_map(|t| t.to_server_list.iter_mut())
            {
                out.last_success_binlog = None;
            }
            s.sync.set(slot(list));
        },
        "",
        || view! { <views::overview::Overview /> }.into_any(),
    );
    settle().await;
    let lag = el.query_selector("#card-lag").unwrap().unwrap();
    let lag_text = lag.text_content().unwrap_or_default();
    assert!(!lag_text.contains("None."), "{lag_text}");
    let unknown = lag
        .query_selector(".unknown-line")
        .unwrap()
        .expect(&lag_text);
    assert!(
        unknown
            .text_content()
            .unwrap_or_default()
            .starts_with("Lag unknown: "),
        "{lag_text}"
    );
    assert!(unknown
        .get_attribute("title")
        .unwrap_or_default()
        .contains("no success position"));
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
    assert!(
        !text.contains("No output reports an error"),
        "no all-clear without a sync list: {text}"
    );
}

/// Before the first sync list arrives the outputs are unknown, not "0 of 0, all clear".
#[wasm_bindgen_test]
async fn overview_before_the_sync_list_does_not_say_all_clear() {
    let el = mount(
        |s| s.sources.set(slot(parse_db_list(DB_LIST).unwrap())),
        "",
        || view! { <views::overview::Overview /> }.into_any(),
    );
    settle().await;
    let card = el.query_selector("#card-failing").unwrap().unwrap();
    let text = card.text_content().unwrap_or_default();
    assert!(text.contains("Loading the sync list"), "{text}");
    assert!(!text.contains("No output reports an error"), "{text}");
    assert!(!text.contains("of 0"), "{text}");
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

/// 300 outputs refused by ClickHouse nodes (addresses varying) and 100 duplicate keys.
fn two_causes() -> bifrost_dashboard::wire::types::SyncList {
    use bifrost_dashboard::wire::types::{SyncTable, ToServer};
    let out = |i: usize| {
        let (key, plugin, error) = if i < 300 {
            let e = format!(
                "dial tcp 10.0.0.{}:{}: connect: connection refused",
                i % 250,
                9000 + i % 2
            );
            ("ck1", "clickhouse", e)
        } else {
            let e = format!("Error 1062: Duplicate entry '{i}' for key 'PRIMARY'");
            ("mysqltarget", "mysql", e)
        };
        SyncTable {
            db_name: "mysqllocal".into(),
            schema_name: "shop".into(),
            table_name: format!("t{i}"),
            to_server_list: vec![ToServer {
                to_server_id: 1,
                to_server_key: key.into(),
                plugin_name: plugin.into(),
                status: "running".into(),
                error,
                ..ToServer::default()
            }],
        }
    };
    SyncList {
        tables: (0..400).map(out).collect(),
        ..SyncList::default()
    }
}

#[wasm_bindgen_test]
async fn overview_groups_failing_outputs_by_cause() {
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(two_causes()));
        },
        "",
        || view! { <views::overview::Overview /> }.into_any(),
    );
    settle().await;
    let card = el.query_selector("#card-failing").unwrap().unwrap();
    let text = card.text_content().unwrap_or_default();
    assert_eq!(count(&el, "#card-failing li.cause"), 2, "{text}");
    assert!(text.contains("400"), "{text}");
    let first = el
        .query_selector("#card-failing li.cause")
        .unwrap()
        .unwrap();
    let first_text = first.text_content().unwrap_or_default();
    assert!(first_text.contains("connection refused"), "{first_text}");
    assert!(first_text.contains("300 outputs"), "{first_text}");
    assert!(first_text.contains("ck1 (clickhouse)"), "{first_text}");
    assert!(
        first_text.contains("Is the output's server up"),
        "{first_text}"
    );
    let href = first
        .query_selector("a")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert!(
        href.contains("page=sync") && href.contains("cause="),
        "{href}"
    );
    assert!(
        text.contains("duplicate key") && text.contains("100 outputs"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn sync_list_filtered_to_one_cause() {
    use bifrost_dashboard::model::causes::{cause_id, signature};
    let id = cause_id(&signature(
        "Error 1062: Duplicate entry '1' for key 'PRIMARY'",
    ));
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(two_causes()));
        },
        &format!("?page=sync&cause={id}&sort=key"),
        || view! { <views::sync_list::SyncListPage /> }.into_any(),
    );
    settle().await;
    let keys: Vec<String> = {
        let list = el.query_selector_all("#sync tr.vrow td.c-key").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i).and_then(|n| n.text_content()))
            .collect()
    };
    assert!(!keys.is_empty());
    assert!(keys.iter().all(|k| k == "mysqltarget"), "{keys:?}");
    let bar = el.query_selector(".cause-filter").unwrap().unwrap();
    let bar_text = bar.text_content().unwrap_or_default();
    assert!(bar_text.contains("duplicate key"), "{bar_text}");
    // The way back to every output.
    bar.query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    assert!(el.query_selector(".cause-filter").unwrap().is_none());
    // Unfiltered, the list offers its causes as links.
    assert_eq!(count(&el, ".cause-chips a.chip"), 2);
    let chips = el.query_selector(".cause-chips").unwrap().unwrap();
    let chips_text = chips.text_content().unwrap_or_default();
    assert!(
        chips_text.contains("connection refused · 300")
            && chips_text.contains("duplicate key · 100"),
        "{chips_text}"
    );
    let all = el.query_selector_all("#sync tr.vrow td.c-key").unwrap();
    let any_ck = (0..all.length())
        .filter_map(|i| all.item(i).and_then(|n| n.text_content()))
        .any(|k| k == "ck1");
    assert!(any_ck, "every output shown again");
}
