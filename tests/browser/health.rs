//! Health read from the trend, in the DOM: a falling-behind output on the overview with its
//! sparkline, "since" and estimate; unknown lags neutral with their reason in the sync list;
//! an emptied flow ring that says when Bifrost restarted.

use super::*;
use bifrost_dashboard::model::rows::SyncRow;
use bifrost_dashboard::model::trend::Thresholds;

/// Five refreshes in which every failing output's queue grows.
fn grow_failing_queues(s: &Store) {
    let rows: Vec<SyncRow> = s.rows.get_untracked().to_vec();
    for i in 0..5 {
        let polled: Vec<SyncRow> = rows
            .iter()
            .cloned()
            .map(|mut r| {
                if !r.error.is_empty() {
                    r.queue += 100 * i;
                }
                r
            })
            .collect();
        s.trends.update(|t| {
            t.observe_outputs(
                &polled,
                1_796_070_000 + i * 60,
                true,
                &Thresholds::default(),
            )
        });
    }
}

#[wasm_bindgen_test]
async fn overview_shows_a_growing_backlog_as_falling_behind_with_its_trend() {
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(parse_sync_list(SYNC_LIVE).unwrap()));
        },
        "",
        || view! { <views::overview::Overview /> }.into_any(),
    );
    settle().await;
    // not judged yet: says so, neither green nor "None."
    let card = el.query_selector("#card-health").unwrap().unwrap();
    let text = card.text_content().unwrap_or_default();
    assert!(text.contains("Watching the trend"), "{text}");
    assert_eq!(count(&el, "#card-health .ok-line"), 0);
}

#[wasm_bindgen_test]
async fn a_falling_behind_output_has_since_a_sparkline_and_an_estimate() {
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(parse_sync_list(SYNC_LIVE).unwrap()));
            grow_failing_queues(s);
        },
        "",
        || view! { <views::overview::Overview /> }.into_any(),
    );
    settle().await;
    let text = el
        .query_selector("#card-health")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(text.contains("Falling behind"), "{text}");
    assert!(text.contains("httpfail"), "{text}");
    assert!(text.contains("since "), "{text}");
    assert!(text.contains("+100 rows/min"), "{text}");
    assert!(text.contains("of data (estimate)"), "{text}");
    assert!(count(&el, "#card-health svg.queue-spark polyline") > 0);
}

#[wasm_bindgen_test]
async fn sync_list_unknown_lag_is_neutral_with_its_reason_and_flagged_rows_say_since() {
    let el = mount(
        |s| {
            // no source listed: no lag can be known
            s.sources.set(slot(parse_db_list(DB_EMPTY).unwrap()));
            s.sync.set(slot(parse_sync_list(SYNC_LIVE).unwrap()));
            grow_failing_queues(s);
        },
        "?page=sync",
        || view! { <views::sync_list::SyncListPage /> }.into_any(),
    );
    settle().await;
    settle().await;
    assert!(count(&el, "#sync td.c-lag .health") > 0);
    let cells = el.query_selector_all("#sync td.c-lag.unknown").unwrap();
    assert!(cells.length() > 0);
    for i in 0..cells.length() {
        let c: web_sys::Element = cells.item(i).unwrap().unchecked_into();
        let why = c.get_attribute("title").unwrap_or_default();
        assert!(why.contains("not in Bifrost's list"), "{why}");
        assert!(!c.class_list().contains("ok-line"));
    }
    // a known lag has no "unknown" style
    let known = el
        .query_selector_all("#sync td.c-lag:not(.unknown)")
        .unwrap();
    for i in 0..known.length() {
        let t = known.item(i).unwrap().text_content().unwrap_or_default();
        assert!(!t.contains("unknown"), "{t}");
    }
    assert!(count(&el, "#sync td.c-queue svg.queue-spark") > 0);
}

#[wasm_bindgen_test]
async fn an_emptied_flow_ring_says_when_bifrost_restarted() {
    let el = mount(
        |s| {
            s.sources.set(slot(parse_db_list(DB_LIST).unwrap()));
            s.sync.set(slot(parse_sync_list(SYNC_LIVE).unwrap()));
            let names: Vec<String> = s.source_names();
            for d in names {
                let key = bifrost_dashboard::wire::request::flow_path(
                    "",
                    bifrost_dashboard::wire::request::ApiVersion::V2,
                    &bifrost_dashboard::wire::request::FlowScope::Db(d),
                    bifrost_dashboard::wire::request::Window::TenMinute,
                );
                s.flow_restarts.update(|m| {
                    m.insert(key, 1_796_070_000);
                });
            }
        },
        "?utc=1",
        || view! { <views::overview::Overview /> }.into_any(),
    );
    settle().await;
    let text = el
        .query_selector("#card-flow .chart-empty")
        .unwrap()
        .expect("an explained empty chart")
        .text_content()
        .unwrap_or_default();
    assert!(
        text.starts_with("No flow yet: Bifrost restarted at "),
        "{text}"
    );
}
