//! Scale generation: a world of `s` sources x `t` tables x `o` outputs, with names, roles
//! (running, stopped, failing to connect), channels and starting binlog positions.

use super::outputs::{key_def, make_output};
use super::{Channel, Modes, Source, Table, ToServerDef, World, STEP};
use crate::flow::Flow;
use crate::rng::Rng;
use std::time::Instant;

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
            // Every password holds the marker `S3cr3tMark3r`: the end-to-end
            // tests fail if it ever leaves the proxy. Some hold `@`, `:` or `/`, as Go allows.
            let connect_uri = if i == 0 {
                "bifrost:S3cr3tMark3r-src0@tcp(127.0.0.1:3307)/information_schema".to_string()
            } else if i % 2 == 1 {
                format!(
                    "repl_{name}:S3cr3tMark3r@{i}:/x@tcp(10.0.1.{}:3306)/information_schema?timeout=5s&readTimeout=10s",
                    10 + i
                )
            } else {
                format!(
                    "repl_{name}:S3cr3tMark3r!src{i}@tcp(10.0.1.{}:3306)/information_schema",
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
            modes: Modes::default(),
            quiet_until: 0,
        }
    }
}
