//! Pure URL building for both generations.

use bifrost_dashboard::wire::{
    db_list_path, detect_version, flow_path, percent_encode, sync_list_path, version_probe_path,
    ApiError, ApiVersion, FlowScope, SyncQuery, SyncStatusFilter, Window,
};

#[test]
fn percent_encoding() {
    assert_eq!(percent_encode("abc-XYZ_0.9~"), "abc-XYZ_0.9~");
    assert_eq!(
        percent_encode("a b&c=d/e?f#g%"),
        "a%20b%26c%3Dd%2Fe%3Ff%23g%25"
    );
    assert_eq!(percent_encode("é+"), "%C3%A9%2B");
    assert_eq!(percent_encode(""), "");
}

#[test]
fn prefixes_are_normalised() {
    assert_eq!(db_list_path(""), "/db/list?format=json");
    assert_eq!(db_list_path("/"), "/db/list?format=json");
    assert_eq!(
        db_list_path("/bifrost/prod-a"),
        "/bifrost/prod-a/db/list?format=json"
    );
    assert_eq!(
        db_list_path("/bifrost/prod-a//"),
        "/bifrost/prod-a/db/list?format=json"
    );
    assert_eq!(db_list_path("bifrost"), "/bifrost/db/list?format=json");
}

#[test]
fn probe() {
    assert_eq!(
        version_probe_path("/b/"),
        "/b/table/synclist/list?format=json&SyncStatus=error"
    );
    assert_eq!(
        detect_version(&Ok("{\"SyncList\":[]}")),
        Some(ApiVersion::V2)
    );
    assert_eq!(detect_version(&Ok("")), Some(ApiVersion::V1));
    assert_eq!(
        detect_version(&Err(ApiError::EmptyBody)),
        Some(ApiVersion::V1)
    );
    assert_eq!(detect_version(&Ok("{\"status\":-1,\"msg\":\"x\"}")), None);
    assert_eq!(
        detect_version(&Err(ApiError::Auth { msg: "x".into() })),
        None
    );
    assert_eq!(detect_version(&Err(ApiError::Network("down".into()))), None);
    assert_eq!(detect_version(&Err(ApiError::Http { status: 404 })), None);
    assert_eq!(detect_version(&Ok("[]")), None);
}

#[test]
fn sync_list_v2_and_v1() {
    let all = SyncQuery::default();
    assert_eq!(
        sync_list_path("", ApiVersion::V2, &all),
        "/table/synclist/list?format=json"
    );
    assert_eq!(
        sync_list_path("", ApiVersion::V1, &all),
        "/synclist?format=json"
    );
    let q = SyncQuery {
        db: "mysql local".into(),
        schema: "testdb".into(),
        table: "orders".into(),
        to_server_key: "bh1".into(),
        channel_id: Some(1),
        status: Some(SyncStatusFilter::Error),
    };
    assert_eq!(
        sync_list_path("/p", ApiVersion::V2, &q),
        "/p/table/synclist/list?format=json&DbName=mysql%20local&SchemaName=testdb&TableName=orders&ToServerKey=bh1&ChannelId=1&SyncStatus=error"
    );
    assert_eq!(
        sync_list_path("/p", ApiVersion::V1, &q),
        "/p/synclist?format=json&dbname=mysql%20local&schema_name=testdb&table_name=orders&toserverkey=bh1&channelid=1&sync_status=error"
    );
    let q = SyncQuery {
        db: "d".into(),
        status: Some(SyncStatusFilter::NoData),
        ..Default::default()
    };
    assert_eq!(
        sync_list_path("", ApiVersion::V2, &q),
        "/table/synclist/list?format=json&DbName=d&SyncStatus=nodata"
    );
    assert_eq!(
        SyncStatusFilter::from_param("running"),
        Some(SyncStatusFilter::Running)
    );
}

#[test]
fn flow_paths() {
    let v2 = ApiVersion::V2;
    let v1 = ApiVersion::V1;
    assert_eq!(
        flow_path("", v2, &FlowScope::Server, Window::Minute),
        "/flow/get?format=json&Type=minute"
    );
    assert_eq!(
        flow_path("", v1, &FlowScope::Server, Window::Day),
        "/flow/get?format=json&type=day"
    );
    assert_eq!(
        flow_path("", v2, &FlowScope::Db("mysqllocal".into()), Window::Hour),
        "/flow/get?format=json&Type=hour&DbName=mysqllocal"
    );
    let ch = FlowScope::Channel {
        db: "mysqllocal".into(),
        channel_name: "default".into(),
        channel_id: 1,
    };
    // Flow wants the channel NAME in both generations: a real v2.4.1 and a real v1.5.3 both
    // answer null to the numeric id.
    assert_eq!(
        flow_path("", v2, &ch, Window::TenMinute),
        "/flow/get?format=json&Type=tenminute&DbName=mysqllocal&ChannelId=default"
    );
    assert_eq!(
        flow_path("", v1, &ch, Window::TenMinute),
        "/flow/get?format=json&type=tenminute&dbname=mysqllocal&channelid=default"
    );
    let t = FlowScope::Table {
        db: "mysqllocal".into(),
        schema: "testdb".into(),
        table: "orders".into(),
    };
    assert_eq!(
        flow_path("/x/", v2, &t, Window::EightHour),
        "/x/flow/get?format=json&Type=eighthour&DbName=mysqllocal&SchemaName=testdb&TableName=orders"
    );
    assert_eq!(
        flow_path("/x/", v1, &t, Window::EightHour),
        "/x/flow/get?format=json&type=eighthour&dbname=mysqllocal&schema=testdb&table_name=orders"
    );
}

#[test]
fn windows() {
    let params: Vec<_> = Window::ALL.iter().map(|w| w.param()).collect();
    assert_eq!(params, ["minute", "tenminute", "hour", "eighthour", "day"]);
    let steps: Vec<_> = Window::ALL.iter().map(|w| w.step_secs()).collect();
    assert_eq!(steps, [5, 5, 30, 300, 600]);
    let slots: Vec<_> = Window::ALL.iter().map(|w| w.slots()).collect();
    assert_eq!(slots, [12, 120, 120, 96, 144]);
    assert_eq!(Window::Day.span_secs(), 86_400);
    assert_eq!(Window::EightHour.span_secs(), 8 * 3600);
    assert_eq!(Window::Hour.span_secs(), 3600);
    for w in Window::ALL {
        assert_eq!(Window::from_param(w.param()), Some(w));
    }
    assert_eq!(
        Window::from_param("MINUTE"),
        None,
        "the server is case-sensitive"
    );
}
