//! Behaviour beyond single samples: v1 mode, auth, living counters, restart, faults, scale.

mod common;
use common::*;
use serde_json::Value;
use std::time::{Duration, Instant};

fn keys(v: &Value) -> Vec<String> {
    // serde_json sorts keys; compare as sets here (order is covered by the samples test).
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

#[test]
fn v1_mode_shapes() {
    let sim = Sim::start(&["--api", "v1"]);
    let db = sim.admin("/db/list?format=json").json();
    let first = db.as_object().unwrap().values().next().unwrap();
    assert_eq!(
        keys(first),
        sorted(&[
            "Name",
            "ConnectUri",
            "ConnStatus",
            "ConnErr",
            "ChannelCount",
            "LastChannelID",
            "TableCount",
            "BinlogDumpFileName",
            "BinlogDumpPosition",
            "BinlogDumpTimestamp",
            "MaxBinlogDumpFileName",
            "MaxBinlogDumpPosition",
            "ReplicateDoDb",
            "ServerId",
            "AddTime"
        ])
    );
    let list = sim
        .admin("/synclist?format=json&dbname=mysqllocal&schema_name=testdb&channelid=0")
        .json();
    let rows = list.as_array().expect("v1 answers the bare array");
    assert!(!rows.is_empty());
    assert_eq!(
        keys(&rows[0]),
        sorted(&["DbName", "SchemaName", "TableName", "ToServerList"])
    );
    let ts = &rows[0]["ToServerList"][0];
    assert_eq!(
        keys(ts),
        sorted(&[
            "ToServerID",
            "PluginName",
            "MustBeSuccess",
            "FilterQuery",
            "FilterUpdate",
            "FieldList",
            "ToServerKey",
            "BinlogFileNum",
            "BinlogPosition",
            "PluginParam",
            "Status",
            "Error",
            "ErrorWaitDeal",
            "ErrorWaitData",
            // v1.5.3's fields beyond the v1 API page
            "LastBinlogFileNum",
            "LastBinlogPosition",
            "QueueMsgCount",
            "FileQueueStatus",
            "Notes",
            "ThreadCount",
            "FileQueueUsableCount",
            "FileQueueUsableCountStartTime",
            "CosumerIdInrc"
        ])
    );
    let one = sim.admin("/synclist?format=json&dbname=mysqllocal&schema=testdb&table_name=orders&toserverkey=bh1").json();
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["ToServerList"].as_array().unwrap().len(), 1);
    // v2 route and v2 params do not exist in v1.
    assert_eq!(sim.admin("/table/synclist/list?format=json").body, "");
    // A real v1.5.3 reads `channelid` on /flow/get as the channel NAME; the number is null.
    let flow = sim
        .admin("/flow/get?format=json&dbname=mysqllocal&channelid=default&type=hour")
        .json();
    assert_eq!(flow.as_array().unwrap().len(), 120);
    for id in ["1", "0"] {
        let r = sim.admin(&format!(
            "/flow/get?format=json&dbname=mysqllocal&channelid={id}&type=hour"
        ));
        assert_eq!(r.body, "null", "channelid={id}");
    }
    // v1.5.3 without credentials: a 302 to /login with only HTML, even with format=json
    let e = sim.req("GET", "/db/list?format=json", &[], "");
    assert_eq!((e.status, e.header("location")), (302, Some("/login")));
    assert_eq!(e.body.trim(), r#"<a href="/login">Found</a>."#);
    let e = sim.req(
        "GET",
        "/db/list?format=json",
        &[("Authorization", WRONG)],
        "",
    );
    assert_eq!(
        e.body,
        r#"{"status":false,"msg":"Password error","data":""}"#
    );
    // unknown dbname, or a table_name without dbname: [] (not an error, not a search)
    for q in ["dbname=nosuch", "schema_name=testdb&table_name=orders"] {
        assert_eq!(
            sim.admin(&format!("/synclist?format=json&{q}")).body,
            "[]",
            "{q}"
        );
    }
}

#[test]
fn auth_like_bifrost() {
    let sim = Sim::start(&[]);
    let r = sim.req("GET", "/flow/get?format=json", &[], "");
    assert_eq!(
        r.body,
        r#"{"status":-1,"msg":"session time out","data":null}"#
    );
    let r = sim.req("GET", "/flow/get", &[], "");
    assert_eq!(
        (r.status, r.header("location")),
        (302, Some("/login/index"))
    );
    let r = sim.req(
        "GET",
        "/db/list?format=json",
        &[("Authorization", WRONG)],
        "",
    );
    assert_eq!(
        r.body,
        r#"{"status":-1,"msg":"user or password error","data":null}"#
    );
    let r = sim.req(
        "GET",
        "/db/list?format=json",
        &[("Authorization", MONITOR)],
        "",
    );
    assert!(r.json().get("mysqllocal").is_some());
    let r = sim.req(
        "POST",
        "/table/synclist/list?format=json",
        &[("Authorization", MONITOR)],
        "",
    );
    assert!(
        r.json().get("SyncList").is_some(),
        "monitor may POST the sync list"
    );
    let r = sim.req(
        "POST",
        "/channel/stop?format=json",
        &[("Authorization", MONITOR)],
        "",
    );
    assert_eq!(
        r.body,
        r#"{"status":-1,"msg":"user group : [ monitor ] no authority","data":null}"#
    );
    // Session login.
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let r = sim.req("POST", "/dologin", &form, "user_name=Bifrost&password=nope");
    assert_eq!(
        r.body,
        r#"{"status":-1,"msg":"user or password error","data":null}"#
    );
    let r = sim.req(
        "POST",
        "/dologin",
        &form,
        "user_name=Bifrost&password=Bifrost123",
    );
    assert_eq!(r.body, r#"{"status":1,"msg":"success","data":null}"#);
    let set = r.header("set-cookie").expect("cookie");
    let cookie = set.split(';').next().unwrap().to_string();
    assert!(cookie.starts_with("xgo_cookie=") && cookie.len() > 30);
    let r = sim.req("GET", "/db/list?format=json", &[("Cookie", &cookie)], "");
    assert!(r.json().get("mysqllocal").is_some());
    let r = sim.req(
        "GET",
        "/db/list?format=json",
        &[("Cookie", "xgo_cookie=forged")],
        "",
    );
    assert_eq!(
        r.body,
        r#"{"status":-1,"msg":"session time out","data":null}"#
    );
    // No CORS at all.
    let r = sim.req("OPTIONS", "/db/list", &[("Origin", "http://x")], "");
    assert!(r
        .headers
        .iter()
        .all(|(k, _)| !k.starts_with("access-control")));
    assert_eq!(
        r.body,
        r#"{"status":-1,"msg":"session time out","data":null}"#
    );
}

fn series(sim: &Sim, q: &str) -> Vec<(i64, u64)> {
    let v = sim.admin(&format!("/flow/get?format=json{q}")).json();
    v.as_array()
        .unwrap_or_else(|| panic!("not an array for {q}: {v}"))
        .iter()
        .map(|p| (p["Time"].as_i64().unwrap(), p["Count"].as_u64().unwrap()))
        .collect()
}

#[test]
fn flow_rings_counters_and_restart() {
    let sim = Sim::start(&["--speed", "600"]);
    std::thread::sleep(Duration::from_millis(1500));
    let scopes = [
        "",
        "&DbName=mysqllocal",
        "&DbName=mysqllocal&ChannelId=default",
        "&DbName=mysqllocal&SchemaName=testdb&TableName=orders",
    ];
    for (typ, len) in [
        ("minute", 12),
        ("tenminute", 120),
        ("hour", 120),
        ("eighthour", 96),
        ("day", 144),
    ] {
        for scope in scopes {
            let s = series(&sim, &format!("&Type={typ}{scope}"));
            assert_eq!(s.len(), len, "{typ}{scope}");
            // zero-filled front, then increasing times and non-decreasing counts
            let first = s.iter().position(|p| p.0 != 0).unwrap_or(len);
            assert!(
                s[..first].iter().all(|p| *p == (0, 0)),
                "{typ}{scope} front"
            );
            assert!(
                s[first..]
                    .windows(2)
                    .all(|w| w[1].0 > w[0].0 && w[1].1 >= w[0].1),
                "{typ}{scope}: {s:?}"
            );
        }
    }
    // minute ring is full after ~15 simulated minutes, spacing 5 or 10 s
    let m = series(&sim, "&Type=minute");
    assert!(m.iter().all(|p| p.0 != 0), "{m:?}");
    assert!(m.windows(2).all(|w| w[1].0 - w[0].0 >= 5));
    // counters only grow while the clock runs
    let mut last = 0;
    for _ in 0..5 {
        let now = series(&sim, "&Type=minute")[11].1;
        assert!(now >= last, "counter went down {last} -> {now}");
        last = now;
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(last > 0);
    let r = sim.req("GET", "/_sim/restart", &[], "").json();
    assert_eq!(r["restarts"], 1);
    let after = series(&sim, "&Type=day");
    assert!(
        after.iter().all(|p| p.1 < last),
        "day ring not reset: {after:?}"
    );
    let m = series(&sim, "&Type=minute");
    assert!(m[11].1 < last);
}

#[test]
fn sync_list_filters_and_living_outputs() {
    let sim = Sim::start(&["--speed", "300"]);
    let all = sim.admin("/table/synclist/list?format=json").json();
    assert!(all["ChannelList"].is_null());
    let n = all["SyncList"].as_array().unwrap().len();
    assert_eq!(n, 32, "default scale 4 sources x 8 tables");
    let db = sim
        .admin("/table/synclist/list?format=json&DbName=mysqllocal")
        .json();
    assert_eq!(db["ChannelList"]["1"]["Name"], "default");
    let err = sim
        .admin("/table/synclist/list?format=json&SyncStatus=error")
        .json();
    for row in err["SyncList"].as_array().unwrap() {
        for o in row["ToServerList"].as_array().unwrap() {
            assert!(o["Error"].as_str().unwrap().len() > 2000);
            assert_eq!(o["Status"], "running");
        }
    }
    let idle = sim
        .admin("/table/synclist/list?format=json&SyncStatus=nodata")
        .json();
    let idle_rows = idle["SyncList"].as_array().unwrap();
    assert!(!idle_rows.is_empty());
    assert!(idle_rows
        .iter()
        .flat_map(|r| r["ToServerList"].as_array().unwrap())
        .all(|o| o["Status"] == ""));
    let dbs = sim.admin("/db/list?format=json").json();
    let st: Vec<&str> = dbs
        .as_object()
        .unwrap()
        .values()
        .map(|d| d["ConnStatus"].as_str().unwrap())
        .collect();
    assert!(st.iter().filter(|s| **s == "running").count() >= 2);
    assert!(dbs
        .as_object()
        .unwrap()
        .values()
        .any(|d| d["ConnErr"] != ""));
    // failing output queue grows, positions advance
    let q = |s: &Sim| {
        let v = s.admin("/table/synclist/list?format=json&DbName=mysqllocal&SchemaName=testdb&TableName=orders&ToServerKey=httpfail").json();
        let o = &v["SyncList"][0]["ToServerList"][0];
        (
            o["QueueMsgCount"].as_u64().unwrap(),
            o["LastBinlogPosition"].as_u64().unwrap(),
            v["DbList"]["mysqllocal"]["BinlogDumpPosition"]
                .as_u64()
                .unwrap(),
        )
    };
    let a = q(&sim);
    std::thread::sleep(Duration::from_millis(1200));
    let b = q(&sim);
    assert!(b.0 > a.0, "queue {a:?} -> {b:?}");
    assert!(b.2 != a.2, "binlog position moves");
    let uris: String = all["ToServerKeyList"]
        .as_object()
        .unwrap()
        .values()
        .map(|k| k["ConnUri"].as_str().unwrap())
        .collect();
    assert!(uris.contains("secret"), "some ConnUri carry passwords");
}

#[test]
fn faults_and_stats() {
    let sim = Sim::start(&[]);
    let ctl = |q: &str| sim.req("GET", &format!("/_sim/{q}"), &[], "");
    let bogus = ctl("fault?mode=bogus");
    assert_eq!(bogus.status, 400);
    assert!(
        bogus
            .body
            .contains("unknown mode bogus; one of none, html,"),
        "{}",
        bogus.body
    );
    assert!(ctl("fault").body.contains(r#""mode":"none""#));
    ctl("stats?reset=1");
    ctl("fault?mode=null");
    assert_eq!(sim.admin("/db/list?format=json").body, "null");
    ctl("fault?mode=emptyarray");
    assert_eq!(sim.admin("/flow/get?format=json").body, "[]");
    ctl("fault?mode=truncated");
    assert!(serde_json::from_str::<Value>(&sim.admin("/db/list?format=json").body).is_err());
    ctl("fault?mode=wrongtype");
    let v = sim.admin("/table/synclist/list?format=json").json();
    assert!(v["SyncList"][0]["ToServerList"][0]["QueueMsgCount"].is_string());
    ctl("fault?mode=auth");
    assert!(sim
        .admin("/db/list?format=json")
        .body
        .contains("user or password error"));
    ctl("fault?mode=html");
    assert!(sim
        .admin("/db/list?format=json")
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    ctl("fault?mode=none&empty=1");
    let r = sim.admin("/db/list?format=json");
    assert_eq!((r.body.as_str(), r.header("content-type")), ("", None));
    ctl("fault?empty=0&latency_ms=300");
    let t = Instant::now();
    assert!(sim.admin("/db/list?format=json").json().is_object());
    assert!(t.elapsed() >= Duration::from_millis(300));
    ctl("fault?latency_ms=0");
    assert_eq!(sim.admin("/no/such/route").body, "");
    let s = ctl("stats").json();
    assert_eq!(s["requests"]["/db/list"]["GET"], 6);
    assert_eq!(s["requests"]["/flow/get"]["GET"], 1);
    assert_eq!(s["total"], 9, "control calls are not counted");
}

#[test]
fn large_scale_sync_list_is_fast() {
    let sim = Sim::start(&["--scale", "10,100,10"]);
    sim.admin("/db/list?format=json"); // warm up
    let t = Instant::now();
    let r = sim.admin("/table/synclist/list?format=json");
    let took = t.elapsed();
    let v = r.json();
    let outputs: usize = v["SyncList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ToServerList"].as_array().unwrap().len())
        .sum();
    assert_eq!(outputs, 10_000);
    // Debug builds are several times slower than release; still bounded.
    assert!(
        took < Duration::from_secs(if cfg!(debug_assertions) { 3 } else { 1 }),
        "{took:?}"
    );
}
