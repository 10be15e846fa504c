//! The simulated Bifrost: data sources, channels, tables and their outputs (ToServer), driven by
//! a simulated clock in 5 s steps. Stepping is lazy (on request), so a high `--speed` costs
//! nothing while nobody asks.

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use crate::flow::Flow;
use crate::rng::Rng;

pub const STEP: i64 = 5;

#[allow(non_snake_case)]
#[derive(Debug, Clone, Default, Serialize)]
pub struct Binlog {
    pub BinlogFileNum: u32,
    pub BinlogPosition: u64,
    pub GTID: String,
    pub Timestamp: i64,
    pub EventID: u64,
}

pub struct Channel {
    pub id: u32,
    pub name: String,
    pub max_threads: u32,
    pub status: &'static str,
    pub flow: Flow,
}

pub struct Source {
    pub name: String,
    pub connect_uri: String,
    pub conn_status: &'static str,
    pub conn_err: String,
    pub channels: Vec<Channel>,
    pub table_count: usize,
    pub file_num: u32,
    pub position: u64,
    pub dump_ts: i64,
    pub event_id: u64,
    pub is_gtid: bool,
    pub server_id: u32,
    pub add_time: i64,
    pub replicate_do_db: BTreeMap<String, u8>,
    /// rows per simulated second at full load
    rate: f64,
    /// seconds the binlog reader trails the clock; random walk
    lag: f64,
    pub flow: Flow,
}

impl Source {
    pub fn running(&self) -> bool {
        self.conn_status == "running"
    }

    pub fn gtid(&self) -> String {
        if self.is_gtid {
            format!(
                "3e11fa47-71ca-11e1-9e33-c80aa942{:04}:1-{}",
                self.server_id % 10_000,
                self.event_id
            )
        } else {
            String::new()
        }
    }

    fn binlog(&self, ts: i64) -> Binlog {
        Binlog {
            BinlogFileNum: self.file_num,
            BinlogPosition: self.position,
            GTID: self.gtid(),
            Timestamp: ts,
            EventID: self.event_id,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// blackhole: LastSuccessBinlog stays all-zero, as on a real Bifrost
    Blackhole,
    /// keeps up; LastSuccessBinlog follows LastQueueBinlog
    Healthy,
    /// TableCount: LastSuccessBinlog is only written now and then
    Stale,
    /// every commit fails: multi-KB Error, Status still "running", queue grows
    Failing,
    /// never received data: Status "", null positions
    Idle,
}

pub struct Output {
    pub key: usize,
    pub behaviour: Behaviour,
    pub status: &'static str,
    pub error: String,
    /// `error` already JSON-escaped: a 10k-row sync list with many stack traces stays fast
    pub error_json: Box<RawValue>,
    pub error_wait_data: Option<Value>,
    pub field_list: Option<Vec<String>>,
    pub plugin_param: Option<BTreeMap<String, Value>>,
    pub last_success: Option<Binlog>,
    pub last_queue: Option<Binlog>,
    pub queue: u64,
}

pub struct Table {
    pub db: usize,
    pub channel: usize,
    pub schema: String,
    pub name: String,
    weight: f64,
    row_size: u64,
    /// 0 = series always complete, 1 = never written (Bifrost's per-table series can be empty)
    flow_miss: f64,
    pub flow: Flow,
    pub outputs: Vec<Output>,
}

pub struct ToServerDef {
    pub key: String,
    pub plugin: &'static str,
    pub version: &'static str,
    pub conn_uri: String,
    pub notes: String,
    pub max_conn: u32,
    pub update_time: i64,
}

pub struct World {
    pub sources: Vec<Source>,
    /// sorted by (source name, schema, table), the order the sync list shows
    pub tables: Vec<Table>,
    pub keys: Vec<ToServerDef>,
    by_name: HashMap<String, usize>,
    /// last simulated step time (multiple of STEP)
    pub t: i64,
    start_real: Instant,
    start_sim: i64,
    speed: f64,
    rng: Rng,
    pub restarts: u64,
}

const SOURCE_NAMES: [&str; 10] = [
    "mysqllocal",
    "shop_prod",
    "crm_replica",
    "legacy_erp",
    "billing",
    "analytics",
    "archive_old",
    "iot_events",
    "hr",
    "logistics",
];
const TABLE_WORDS: [&str; 12] = [
    "products",
    "payments",
    "customers",
    "invoices",
    "shipments",
    "events",
    "sessions",
    "audit_log",
    "inventory",
    "coupons",
    "reviews",
    "carts",
];
/// `--hostile-names`: what people really name things (sources 1.. and the first table of each).
/// The dashboard must show them as text: never markup, never a link.
pub const HOSTILE_SOURCE_NAMES: [&str; 4] = [
    "<script>window.__pwned=1</script>",
    "q\"uo't & <b>bold</b>",
    "javascript:window.__pwned=3",
    "日本語_données_🚀🔥",
];
pub const HOSTILE_TABLE_NAME: &str = "<img src=x onerror=\"window.__pwned=2\">";
const CHANNEL_NAMES: [&str; 4] = ["default", "fast", "bulk", "audit"];
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

impl World {
    /// Builds `s` sources x `t` tables x `o` outputs; source 0 is the samples' `mysqllocal`
    /// with `testdb.orders` and `testdb.users` in channel `default` (id 1).
    #[cfg(test)]
    pub fn new(scale: (usize, usize, usize), seed: u64, speed: f64, now: i64) -> World {
        World::with_names(scale, seed, speed, now, false)
    }

    /// Like [`World::new`]; `hostile` names sources 1..=4 and the first table of each other
    /// source with [`HOSTILE_SOURCE_NAMES`] and [`HOSTILE_TABLE_NAME`].
    pub fn with_names(
        scale: (usize, usize, usize),
        seed: u64,
        speed: f64,
        now: i64,
        hostile: bool,
    ) -> World {
        let (ns, nt, no) = scale;
        let mut rng = Rng::new(seed);
        let start = now - now.rem_euclid(STEP);
        let keys: Vec<ToServerDef> = (0..no).map(|k| key_def(k, start)).collect();
        let mut sources = Vec::new();
        let mut tables = Vec::new();
        for i in 0..ns {
            let hostile_name = (hostile && i > 0)
                .then(|| HOSTILE_SOURCE_NAMES.get(i - 1))
                .flatten();
            let name = match (hostile_name, SOURCE_NAMES.get(i)) {
                (Some(n), _) | (None, Some(n)) => n.to_string(),
                (None, None) => format!("source{i}"),
            };
            // Role by index: two running, one stopped, one failing to connect, repeat.
            let (conn_status, conn_err) = match i % 4 {
                0 | 1 => ("running", String::new()),
                2 => ("stop", String::new()),
                _ => (
                    "starting",
                    format!(
                        "dial tcp 10.0.1.{}:3306: connect: connection refused",
                        10 + i
                    ),
                ),
            };
            let schemas: Vec<String> = if i == 0 {
                vec!["testdb".into()]
            } else {
                vec![format!("{name}_db"), format!("{name}_log")]
            };
            let nch = (nt / 4).clamp(1, CHANNEL_NAMES.len());
            let channels = (0..nch)
                .map(|c| Channel {
                    id: c as u32 + 1,
                    name: CHANNEL_NAMES[c].to_string(),
                    max_threads: if c == 0 { 1 } else { 4 },
                    status: if conn_status == "running" {
                        "running"
                    } else {
                        "stop"
                    },
                    flow: Flow::default(),
                })
                .collect();
            let connect_uri = if i == 0 {
                "bifrost:bifrostpw@tcp(127.0.0.1:3307)/information_schema".to_string()
            } else {
                format!(
                    "repl_{name}:Repl!pw{i}@tcp(10.0.1.{}:3306)/information_schema",
                    10 + i
                )
            };
            let is_gtid = i % 4 == 1;
            sources.push(Source {
                replicate_do_db: schemas.iter().map(|s| (s.clone(), 1)).collect(),
                name,
                connect_uri,
                conn_status,
                conn_err,
                channels,
                table_count: nt,
                file_num: rng.range(1, 40) as u32,
                position: rng.range(4, 50_000_000),
                dump_ts: start - rng.range(0, 3) as i64,
                event_id: rng.range(100, 100_000),
                is_gtid,
                server_id: 65_001 + i as u32,
                add_time: start - 86_400 * rng.range(0, 300) as i64 - 1,
                rate: 3.0 + rng.f64() * 40.0,
                lag: 1.0,
                flow: Flow::default(),
            });
            let src = &sources[i];
            for t in 0..nt {
                let (schema, tname) = if i == 0 && t < 2 {
                    ("testdb".to_string(), ["orders", "users"][t].to_string())
                } else {
                    let w = TABLE_WORDS[t % TABLE_WORDS.len()];
                    let n = t / TABLE_WORDS.len();
                    let tname = if hostile && i > 0 && t == 0 {
                        HOSTILE_TABLE_NAME.to_string()
                    } else if n == 0 {
                        w.to_string()
                    } else {
                        format!("{w}_{n}")
                    };
                    (schemas[t % schemas.len()].clone(), tname)
                };
                let base = src.binlog(start);
                let outputs = (0..no)
                    .map(|k| {
                        make_output(
                            k,
                            &keys[k],
                            &src.name,
                            &schema,
                            &tname,
                            base.clone(),
                            &mut rng,
                        )
                    })
                    .collect();
                let flow_miss = if i == 0 && t == 1 {
                    1.0 // like the samples: testdb.users has rows but an empty series
                } else if rng.chance(0.2) {
                    0.3
                } else {
                    0.0
                };
                tables.push(Table {
                    db: i,
                    channel: t * nch / nt.max(1),
                    schema,
                    name: tname,
                    weight: 0.2 + rng.f64(),
                    row_size: rng.range(30, 400),
                    flow_miss,
                    flow: Flow::default(),
                    outputs,
                });
            }
        }
        tables.sort_by(|a, b| {
            (&sources[a.db].name, &a.schema, &a.name).cmp(&(
                &sources[b.db].name,
                &b.schema,
                &b.name,
            ))
        });
        let by_name = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        World {
            sources,
            tables,
            keys,
            by_name,
            t: start,
            start_real: Instant::now(),
            start_sim: start,
            speed,
            rng,
            restarts: 0,
        }
    }

    pub fn source(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn sim_now(&self) -> i64 {
        self.start_sim + (self.start_real.elapsed().as_secs_f64() * self.speed) as i64
    }

    /// Steps the model up to the simulated now.
    pub fn advance(&mut self) {
        let now = self.sim_now();
        // After a long idle period only the last day matters for the rings: jump ahead.
        let horizon = 86_400 + 600;
        if now - self.t > horizon {
            self.t = now - horizon;
            self.t -= self.t.rem_euclid(STEP);
        }
        while self.t + STEP <= now {
            self.step(self.t + STEP);
        }
    }

    fn step(&mut self, t: i64) {
        self.t = t;
        let rng = &mut self.rng;
        // Per-source load for this step: sometimes a quiet step, otherwise a varying burst.
        let load: Vec<f64> = self
            .sources
            .iter_mut()
            .map(|s| {
                s.lag = (s.lag + rng.f64() * 2.0 - 1.0).clamp(0.0, 30.0);
                if !s.running() || rng.chance(0.08) {
                    0.0
                } else {
                    0.4 + rng.f64() * 1.2
                }
            })
            .collect();
        for tb in &mut self.tables {
            let l = load[tb.db];
            if l == 0.0 || rng.chance(0.1) {
                continue;
            }
            let rows = (self.sources[tb.db].rate * tb.weight * l * STEP as f64) as u64;
            if rows == 0 {
                continue;
            }
            let bytes = rows * tb.row_size * (90 + rng.range(0, 20)) / 100;
            let src = &mut self.sources[tb.db];
            src.position += bytes + 31 * rows;
            src.event_id += rows;
            if src.position > 1_073_741_824 {
                src.file_num += 1;
                src.position = 4;
            }
            let pos = src.binlog(t - rng.range(0, 2) as i64);
            tb.flow.add(rows, bytes);
            src.channels[tb.channel].flow.add(rows, bytes);
            src.flow.add(rows, bytes);
            for o in &mut tb.outputs {
                match o.behaviour {
                    Behaviour::Idle => continue,
                    Behaviour::Failing => o.queue += rows,
                    Behaviour::Healthy => {
                        o.queue = rng.range(0, 3);
                        o.last_success = Some(pos.clone());
                    }
                    Behaviour::Stale => {
                        if rng.chance(0.02) {
                            o.last_success = Some(pos.clone());
                        }
                    }
                    Behaviour::Blackhole => {}
                }
                o.last_queue = Some(pos.clone());
            }
        }
        for s in &mut self.sources {
            if s.running() {
                s.dump_ts = t - s.lag as i64;
                s.flow.tick(t, rng);
                for c in &mut s.channels {
                    c.flow.tick(t, rng);
                }
            }
        }
        for tb in &mut self.tables {
            if self.sources[tb.db].running() && !rng.chance(tb.flow_miss) {
                tb.flow.tick(t, rng);
            }
        }
    }

    /// A Bifrost restart: in-memory counters, rings and queues start again from zero.
    pub fn restart(&mut self) {
        self.advance();
        for s in &mut self.sources {
            s.flow.reset();
            for c in &mut s.channels {
                c.flow.reset();
            }
        }
        for tb in &mut self.tables {
            tb.flow.reset();
            for o in &mut tb.outputs {
                o.queue = 0;
            }
        }
        self.restarts += 1;
    }
}

fn key_def(k: usize, start: i64) -> ToServerDef {
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

fn make_output(
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
fn go_stack(key: &str, plugin: &str, rng: &mut Rng) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_sample_world_and_advances() {
        let mut w = World::new((4, 8, 4), 1, 1.0, 1_796_069_400);
        assert_eq!(w.sources.len(), 4);
        assert_eq!(w.tables.len(), 32);
        let db = w.source("mysqllocal").unwrap();
        assert!(w.tables.iter().any(|t| t.db == db && t.name == "orders"));
        assert!(w.sources.iter().filter(|s| s.running()).count() >= 2);
        assert!(w.sources.iter().any(|s| !s.conn_err.is_empty()));
        let before = w.sources[db].flow.count;
        for k in 1..=100 {
            w.step(1_796_069_400 + k * STEP);
        }
        assert!(w.sources[db].flow.count > before);
        let orders = w
            .tables
            .iter()
            .find(|t| t.db == db && t.name == "orders")
            .unwrap();
        let failing = orders
            .outputs
            .iter()
            .find(|o| o.behaviour == Behaviour::Failing)
            .unwrap();
        assert!(failing.error.len() > 2000);
        assert!(failing.queue > 0);
        w.restart();
        assert_eq!(w.sources[db].flow.count, 0);
    }
}
