//! The outputs (ToServer): the output keys with their plugins and connection URIs, and one
//! table's output of a key (its behaviour, plugin parameters, positions and error).

use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::collections::BTreeMap;

use super::{Behaviour, Binlog, Output, ToServerDef};
use crate::rng::Rng;

/// (key, plugin, version): the first outputs match the captured samples.
/// Extra outputs (more than 7 per table) are named like `http2`, `redis3`, and all work.
const PLUGINS: [(&str, &str, &str); 7] = [
    ("bh1", "blackhole", "v1.6.0"),
    ("tc1", "TableCount", "v1.6.0"),
    ("httpfail", "http", "v1.8.5"),
    ("mysqltarget", "mysql", "v2.0.3"),
    ("redis1", "redis", "v1.6.2"),
    ("kafka1", "kafka", "v1.9.0"),
    ("ck1", "clickhouse", "v2.1.0"),
];

pub(super) fn key_def(k: usize, start: i64) -> ToServerDef {
    let (key, plugin, version) = PLUGINS[k % PLUGINS.len()];
    let extra = k >= PLUGINS.len();
    let key = if extra {
        let short = key
            .trim_end_matches('1')
            .trim_end_matches("fail")
            .trim_end_matches("target");
        format!("{short}{}", k / PLUGINS.len() + 1)
    } else {
        key.to_string()
    };
    let n = k + 1;
    // Several URIs carry credentials on purpose: a dashboard must mask them.
    let (conn_uri, notes) = match plugin {
        "blackhole" => ("blackhole".to_string(), "blackhole test"),
        "TableCount" => ("TableCount".to_string(), "table count"),
        "http" if extra => (format!("http://10.0.6.{n}:8080/bifrost"), "webhook"),
        "http" => (
            "http://127.0.0.1:9/bifrost".to_string(),
            "points at closed loopback port",
        ),
        "mysql" => (
            format!("bifrost_w:Tg7#secret@tcp(10.0.2.{n}:3306)/bifrost_target?charset=utf8mb4"),
            "mysql target",
        ),
        "redis" => (format!("redis://:r3dis-secret@10.0.3.{n}:6379/0"), "cache"),
        "kafka" => (
            format!("10.0.4.{n}:9092,10.0.4.{}:9092", n + 1),
            "event bus",
        ),
        _ => (
            format!("tcp://10.0.5.{n}:9000?username=default&password=ck-secret&database=bifrost"),
            "analytics",
        ),
    };
    ToServerDef {
        key,
        plugin,
        version,
        conn_uri,
        notes: notes.to_string(),
        max_conn: if plugin == "TableCount" {
            2
        } else {
            2 + (k as u32 % 3) * 4
        },
        update_time: start + 2 + k as i64 * 17,
    }
}

pub(super) fn make_output(
    k: usize,
    def: &ToServerDef,
    db: &str,
    schema: &str,
    table: &str,
    base: Binlog,
    rng: &mut Rng,
) -> Output {
    let behaviour = match def.plugin {
        "blackhole" => Behaviour::Blackhole,
        "TableCount" => Behaviour::Stale,
        "http" if def.key == "httpfail" => Behaviour::Failing,
        "kafka" if rng.chance(0.15) => Behaviour::Failing,
        "mysql" | "clickhouse" if rng.chance(0.25) => Behaviour::Idle,
        _ => Behaviour::Healthy,
    };
    let mut param: BTreeMap<String, Value> = BTreeMap::new();
    param.insert("BifrostFilterQuery".into(), json!(false));
    param.insert("BifrostMustBeSuccess".into(), json!(true));
    match def.plugin {
        "blackhole" => {}
        "TableCount" => {
            param.insert("DbName".into(), json!(db));
        }
        "http" => {
            param.insert("Timeout".into(), json!(2));
        }
        "mysql" | "clickhouse" => {
            param.insert("BatchSize".into(), json!(500));
            param.insert("Schema".into(), json!(schema));
            param.insert("Table".into(), json!(table));
            param.insert("SyncMode".into(), json!("Normal"));
        }
        "redis" => {
            param.insert(
                "KeyConfig".into(),
                json!(format!("{schema}-{table}-{{$id}}")),
            );
            param.insert("Type".into(), json!("set"));
        }
        _ => {
            param.insert("Topic".into(), json!(format!("{schema}.{table}")));
            param.insert("BatchSize".into(), json!(100));
        }
    }
    let idle = behaviour == Behaviour::Idle;
    let failing = behaviour == Behaviour::Failing;
    let error = if failing {
        go_stack(&def.key, def.plugin, rng)
    } else {
        String::new()
    };
    Output {
        key: k,
        behaviour,
        status: if idle { "" } else { "running" },
        error_json: RawValue::from_string(Value::String(error.clone()).to_string())
            .unwrap_or_else(|_| empty_raw()),
        error,
        error_wait_data: (failing && def.plugin == "kafka").then(|| {
            json!({
                "BinlogFileNum": base.BinlogFileNum,
                "BinlogPosition": base.BinlogPosition,
                "EventType": "insert",
                "Pri": ["id"],
                "Rows": [{"amount": "12.50", "id": rng.range(1, 99_999), "status": "paid"}],
                "SchemaName": schema,
                "TableName": table,
                "Timestamp": base.Timestamp,
            })
        }),
        field_list: if idle { None } else { Some(Vec::new()) },
        plugin_param: if idle { None } else { Some(param) },
        last_success: match behaviour {
            Behaviour::Idle => None,
            Behaviour::Blackhole => Some(Binlog::default()),
            _ => Some(base.clone()),
        },
        last_queue: (!idle).then_some(base),
        queue: 0,
    }
}

fn empty_raw() -> Box<RawValue> {
    RawValue::from_string("\"\"".into()).expect("literal JSON")
}

/// A Go panic trace like the one Bifrost stores in `Error` (multi-kilobyte, multi-line).
pub(super) fn go_stack(key: &str, plugin: &str, rng: &mut Rng) -> String {
    let g = rng.range(100, 9999);
    let mut s = format!(
        "sendToServer:{key} Commit Debug Err:goroutine {g} [running]:\nruntime/debug.Stack()\n\t/usr/lib/go-1.19/src/runtime/debug/stack.go:24 +0x65\n\
github.com/brokercap/Bifrost/server.(*ToServer).sendToServer.func1()\n\t/home/bifrost/src/github.com/brokercap/Bifrost/server/to_server_consume.go:632 +0x5d\n\
panic({{0xbab320, 0x104dc80}})\n\t/usr/lib/go-1.19/src/runtime/panic.go:884 +0x212\n"
    );
    for depth in 0..6 {
        s.push_str(&format!(
            "github.com/brokercap/Bifrost/plugin/{plugin}/src.(*Conn).commit{depth}(0xc000{:06x}?, 0x0?)\n\t/home/bifrost/src/github.com/brokercap/Bifrost/plugin/{plugin}/src/{plugin}.go:{} +0x{:x}\n",
            rng.range(0, 0xffffff),
            100 + depth * 37,
            rng.range(0x10, 0x400)
        ));
    }
    s.push_str(
        "github.com/brokercap/Bifrost/server.(*ToServer).sendToServer(0xc000095e40, 0xc0007a5110, 0xc0007a7400?, 0x0?)\n\t/home/bifrost/src/github.com/brokercap/Bifrost/server/to_server_consume.go:650 +0x2ba\n\
github.com/brokercap/Bifrost/server.(*ToServer).consume_to_server.func8(0xc000095e40?)\n\t/home/bifrost/src/github.com/brokercap/Bifrost/server/to_server_consume.go:248 +0x145\n\
github.com/brokercap/Bifrost/server.(*ToServer).consume_to_server(0xc000095e40, 0xc00015cdc0, {0xc0006e61a8, 0x6}, {0xc0006e61b0, 0x5})\n\t/home/bifrost/src/github.com/brokercap/Bifrost/server/to_server_consume.go:393 +0x1551\n\
created by github.com/brokercap/Bifrost/server.(*consume_channel_obj).sendToServerResult\n\t/home/bifrost/src/github.com/brokercap/Bifrost/server/channel_consume.go:103 +0x325\n",
    );
    s
}
