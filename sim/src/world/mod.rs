//! The simulated Bifrost: data sources, channels, tables and their outputs (ToServer), driven by
//! a simulated clock in 5 s steps. Stepping is lazy (on request), so a high `--speed` costs
//! nothing while nobody asks.
//!
//! This module holds the state; `build` generates a world of a given scale, `outputs` the
//! output keys and each table's outputs, `clock` its evolution over time.

mod build;
mod clock;
mod failures;
mod modes;
mod outputs;

pub use modes::Modes;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;
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
    modes: Modes,
    /// No reading before this simulated time (after a quiet restart).
    quiet_until: i64,
}

impl World {
    pub fn source(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// A table whose outputs were all removed stays listed with `ToServerList: []` (seen on a
    /// real v1.5.3): the first source's last table other than the samples' two loses them.
    pub fn strip_outputs_of_one_table(&mut self) {
        let samples = ["orders", "users"];
        if let Some(t) = self
            .tables
            .iter_mut()
            .rfind(|t| t.db == 0 && !samples.contains(&t.name.as_str()))
        {
            t.outputs.clear();
        }
    }
}
