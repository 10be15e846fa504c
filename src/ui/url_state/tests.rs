//! Native tests of the URL state: parsing, printing and the page labels.

use super::*;

#[test]
fn every_page_label_follows_the_language() {
    let labels = || {
        Page::ALL
            .into_iter()
            .chain([Page::Instances])
            .map(Page::label)
            .collect::<Vec<_>>()
    };
    let zh = crate::ui::i18n::lang_for_test(Lang::Zh);
    let chinese = labels();
    assert!(
        chinese.iter().all(|l| !l.is_ascii()),
        "a page is English in Chinese: {chinese:?}"
    );
    assert_eq!(chinese, ["概览", "数据源", "同步列表", "流量", "全部实例"]);
    drop(zh);
    let _en = crate::ui::i18n::lang_for_test(Lang::En);
    let english = labels();
    assert_eq!(
        english,
        [
            "Overview",
            "Data sources",
            "Sync list",
            "Flow",
            "All instances"
        ]
    );
}

#[test]
fn default_state_prints_an_empty_query() {
    assert_eq!(ViewState::default().to_query(), "");
    assert_eq!(ViewState::from_query(""), ViewState::default());
}

#[test]
fn every_field_round_trips() {
    let s = ViewState {
        page: Page::Sync,
        db: "my db".into(),
        schema: "testdb".into(),
        table: "orders&co".into(),
        key: "bh1".into(),
        channel: "2".into(),
        status: Some(SyncStatusFilter::Error),
        q: "订单 🚀=?".into(),
        cause: "0123456789abcdef".into(),
        sort: Some(SortColumn::Queue),
        desc: true,
        window: Window::Day,
        cumulative: true,
        compare: vec!["a".into(), "b".into()],
        refresh: 60,
        instance: "prod a".into(),
        embed: true,
        lang: Some(Lang::Zh),
        utc: true,
    };
    let q = s.to_query();
    assert!(
        q.ends_with("&instance=prod%20a&embed=1&lang=zh&utc=1"),
        "{q}"
    );
    assert!(q.starts_with("?page=sync&db=my%20db"), "{q}");
    assert_eq!(ViewState::from_query(&q), s);
}

#[test]
fn bad_values_fall_back_to_defaults() {
    let s =
        ViewState::from_query("?page=nope&status=weird&window=MINUTE&refresh=7&x=1&%ZZ&lang=fr");
    assert_eq!(s, ViewState::default());
}

#[test]
fn lang_reads_any_tag_of_a_spoken_language() {
    for (q, want) in [
        ("?lang=zh", Some(Lang::Zh)),
        ("?lang=zh-CN", Some(Lang::Zh)),
        ("?lang=zh-Hans", Some(Lang::Zh)),
        ("?lang=en-US", Some(Lang::En)),
        ("?lang=fr", None),
    ] {
        assert_eq!(ViewState::from_query(q).lang, want, "{q}");
    }
    assert_eq!(ViewState::from_query("?lang=zh-CN").to_query(), "?lang=zh");
}

#[test]
fn instances_page_instance_and_embed_parse() {
    let s = ViewState::from_query("?page=instances&instance=prod-b&embed=1");
    assert_eq!(s.page, Page::Instances);
    assert_eq!(s.instance, "prod-b");
    assert!(s.embed);
    assert_eq!(s.to_query(), "?page=instances&instance=prod-b&embed=1");
    assert!(!ViewState::from_query("?embed=yes").embed);
}

#[test]
fn configured_default_refresh_applies_when_the_url_has_none() {
    assert_eq!(ViewState::from_query_with_refresh("", 30).refresh, 30);
    assert_eq!(
        ViewState::from_query_with_refresh("?refresh=0", 30).refresh,
        0
    );
    assert_eq!(
        ViewState::from_query_with_refresh("", 7).refresh,
        DEFAULT_REFRESH
    );
    // under a configured default, every choice round-trips through the URL
    for n in REFRESH_CHOICES {
        let s = ViewState {
            refresh: n,
            ..ViewState::default()
        };
        let q = s.to_query_with_refresh(30);
        assert_eq!(q.is_empty(), n == 30, "{q}");
        assert_eq!(ViewState::from_query_with_refresh(&q, 30), s);
    }
}

#[test]
fn decode_handles_plus_and_broken_escapes() {
    assert_eq!(percent_decode_query("a+b%20c"), "a b c");
    assert_eq!(percent_decode_query("100%"), "100%");
    assert_eq!(percent_decode_query("%4"), "%4");
    assert_eq!(percent_decode_query("%zz"), "%zz");
    assert_eq!(percent_decode_query("%E8%AE%A2"), "订");
}

proptest::proptest! {
    #[test]
    fn encode_decode_round_trip(s in ".*") {
        proptest::prop_assert_eq!(percent_decode_query(&percent_encode(&s)), s);
    }

    #[test]
    fn parsing_any_query_never_panics(s in ".*") {
        let v = ViewState::from_query(&s);
        // and what we print parses back to the same state
        proptest::prop_assert_eq!(ViewState::from_query(&v.to_query()), v);
    }
}

#[test]
fn links_keep_the_session_and_change_the_view() {
    let here =
        ViewState::from_query("?page=flow&instance=prod-b&refresh=30&embed=1&lang=zh&utc=1&db=a");
    let to = ViewState {
        page: Page::Sync,
        db: "b".into(),
        ..ViewState::default()
    };
    let went = here.within(to);
    assert_eq!(
        went.to_query(),
        "?page=sync&db=b&refresh=30&instance=prod-b&embed=1&lang=zh&utc=1"
    );
    let other = ViewState {
        instance: "prod-a".into(),
        ..ViewState::default()
    };
    assert_eq!(here.within(other).instance, "prod-a");
}
