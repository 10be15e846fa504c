//! The sync list: v2's `/table/synclist/list` (rows, output keys, data sources, channels and
//! the filter echoed) and v1's `/synclist` (the bare rows), filtered alike.

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

use super::db::{db_map, DbV2};
use super::to_json;
use crate::rng::Rng;
use crate::world::{Binlog, Output, Table, World};

#[allow(non_snake_case)]
#[derive(Serialize)]
struct ToServerV2<'a> {
    ToServerID: usize,
    PluginName: &'a str,
    MustBeSuccess: bool,
    FilterQuery: bool,
    FilterUpdate: bool,
    FieldList: &'a Option<Vec<String>>,
    ToServerKey: &'a str,
    LastSuccessBinlog: &'a Option<Binlog>,
    LastQueueBinlog: &'a Option<Binlog>,
    BinlogFileNum: u32,
    BinlogPosition: u64,
    PluginParam: &'a Option<BTreeMap<String, Value>>,
    Status: &'a str,
    Error: &'a RawValue,
    ErrorWaitDeal: u8,
    ErrorWaitData: &'a Option<Value>,
    LastBinlogFileNum: u32,
    LastBinlogPosition: u64,
    QueueMsgCount: u64,
    FileQueueStatus: bool,
    Notes: &'a str,
    ThreadCount: u32,
    FileQueueUsableCount: u32,
    FileQueueUsableCountStartTime: i64,
}

/// The v1 page's ToServer: live positions were in BinlogFileNum/BinlogPosition then.
#[allow(non_snake_case)]
#[derive(Serialize)]
struct ToServerV1<'a> {
    ToServerID: usize,
    PluginName: &'a str,
    MustBeSuccess: bool,
    FilterQuery: bool,
    FilterUpdate: bool,
    FieldList: &'a Option<Vec<String>>,
    ToServerKey: &'a str,
    BinlogFileNum: u32,
    BinlogPosition: u64,
    PluginParam: &'a Option<BTreeMap<String, Value>>,
    Status: &'a str,
    Error: &'a str,
    ErrorWaitDeal: u8,
    /// v1.5.3 sends the event JSON-encoded in a string (or null), not as an object
    ErrorWaitData: Option<String>,
    LastBinlogFileNum: u32,
    LastBinlogPosition: u64,
    QueueMsgCount: u64,
    FileQueueStatus: bool,
    Notes: &'static str,
    ThreadCount: u32,
    FileQueueUsableCount: u32,
    FileQueueUsableCountStartTime: u32,
    /// sic: Bifrost's spelling
    CosumerIdInrc: u32,
}

#[allow(non_snake_case)]
#[derive(Serialize)]
struct Row<'a, T> {
    DbName: &'a str,
    SchemaName: &'a str,
    TableName: &'a str,
    ToServerList: Vec<T>,
}

#[allow(non_snake_case)]
#[derive(Serialize)]
struct KeyInfo<'a> {
    PluginName: &'a str,
    PluginVersion: &'a str,
    ConnUri: &'a str,
    Notes: &'a str,
    LastID: u32,
    CurrentConn: u32,
    MaxConn: u32,
    MinConn: u32,
    AvailableConn: u32,
    UpdateTime: i64,
}

#[allow(non_snake_case)]
#[derive(Serialize)]
struct ChannelInfo<'a> {
    Name: &'a str,
    MaxThreadNum: u32,
    CurrentThreadNum: u32,
    Status: &'a str,
}

#[allow(non_snake_case)]
#[derive(Serialize)]
struct SyncListV2<'a> {
    DbName: &'a str,
    SchemaName: &'a str,
    TableName: &'a str,
    ToServerKey: &'a str,
    SyncStatus: &'a str,
    SyncList: Vec<Row<'a, ToServerV2<'a>>>,
    ToServerKeyList: BTreeMap<&'a str, KeyInfo<'a>>,
    DbList: BTreeMap<&'a str, DbV2<'a>>,
    ChannelID: i64,
    ChannelList: Option<BTreeMap<String, ChannelInfo<'a>>>,
}

#[derive(Default, Debug)]
pub struct SyncFilter {
    pub db: String,
    pub schema: String,
    pub table: String,
    pub key: String,
    pub channel_id: i64,
    pub status: String,
}

fn output_matches(w: &World, o: &Output, f: &SyncFilter) -> bool {
    (f.key.is_empty() || w.keys[o.key].key == f.key)
        && match f.status.as_str() {
            "nodata" => o.status.is_empty(),
            "running" => o.status == "running",
            "error" => !o.error.is_empty(),
            _ => true,
        }
}

/// Visits the matching tables and their matching outputs. Rows whose outputs were all filtered
/// away by ToServerKey/SyncStatus disappear; a table without outputs stays when unfiltered.
fn each_row<'a>(
    w: &'a World,
    f: &'a SyncFilter,
    db: Option<usize>,
) -> impl Iterator<Item = (&'a Table, Vec<(usize, &'a Output)>)> + 'a {
    let out_filtered =
        !f.key.is_empty() || matches!(f.status.as_str(), "nodata" | "running" | "error");
    w.tables
        .iter()
        .filter(move |t| db.is_none_or(|d| t.db == d))
        .filter(move |t| f.schema.is_empty() || t.schema == f.schema)
        .filter(move |t| f.table.is_empty() || t.name == f.table)
        .filter(move |t| {
            db.is_none()
                || f.channel_id <= 0
                || w.sources[t.db].channels[t.channel].id as i64 == f.channel_id
        })
        .filter_map(move |t| {
            let outs: Vec<(usize, &Output)> = t
                .outputs
                .iter()
                .enumerate()
                .filter(|(_, o)| output_matches(w, o, f))
                .collect();
            (!(out_filtered && outs.is_empty())).then_some((t, outs))
        })
}

/// `None` means an unknown DbName: Bifrost panics and the answer is an empty body.
pub fn sync_list_v2(w: &World, f: &SyncFilter) -> Option<String> {
    let db = if f.db.is_empty() {
        None
    } else {
        Some(w.source(&f.db)?)
    };
    let rows = each_row(w, f, db)
        .map(|(t, outs)| Row {
            DbName: &w.sources[t.db].name,
            SchemaName: &t.schema,
            TableName: &t.name,
            ToServerList: outs
                .into_iter()
                .map(|(i, o)| {
                    let (lf, lp) = o
                        .last_queue
                        .as_ref()
                        .map_or((0, 0), |b| (b.BinlogFileNum, b.BinlogPosition));
                    ToServerV2 {
                        ToServerID: i + 1,
                        PluginName: w.keys[o.key].plugin,
                        MustBeSuccess: true,
                        FilterQuery: false,
                        FilterUpdate: false,
                        FieldList: &o.field_list,
                        ToServerKey: &w.keys[o.key].key,
                        LastSuccessBinlog: &o.last_success,
                        LastQueueBinlog: &o.last_queue,
                        BinlogFileNum: 0,
                        BinlogPosition: 0,
                        PluginParam: &o.plugin_param,
                        Status: o.status,
                        Error: &o.error_json,
                        ErrorWaitDeal: 0,
                        ErrorWaitData: &o.error_wait_data,
                        LastBinlogFileNum: lf,
                        LastBinlogPosition: lp,
                        QueueMsgCount: o.queue,
                        FileQueueStatus: false,
                        Notes: "",
                        ThreadCount: 1,
                        FileQueueUsableCount: 0,
                        FileQueueUsableCountStartTime: 0,
                    }
                })
                .collect(),
        })
        .collect();
    let keys = w
        .keys
        .iter()
        .map(|k| {
            let info = KeyInfo {
                PluginName: k.plugin,
                PluginVersion: k.version,
                ConnUri: &k.conn_uri,
                Notes: &k.notes,
                LastID: k.max_conn,
                CurrentConn: k.max_conn,
                MaxConn: k.max_conn,
                MinConn: 1,
                AvailableConn: if k.plugin == "http" {
                    k.max_conn - 1
                } else {
                    k.max_conn
                },
                UpdateTime: k.update_time,
            };
            (k.key.as_str(), info)
        })
        .collect();
    // ChannelList is only filled once a data source is chosen (the page's channel picker).
    let channels = db.map(|d| {
        w.sources[d]
            .channels
            .iter()
            .map(|c| {
                let info = ChannelInfo {
                    Name: &c.name,
                    MaxThreadNum: c.max_threads,
                    CurrentThreadNum: if c.status == "running" {
                        c.max_threads
                    } else {
                        0
                    },
                    Status: c.status,
                };
                (c.id.to_string(), info)
            })
            .collect()
    });
    Some(to_json(&SyncListV2 {
        DbName: &f.db,
        SchemaName: &f.schema,
        TableName: &f.table,
        ToServerKey: &f.key,
        SyncStatus: &f.status,
        SyncList: rows,
        ToServerKeyList: keys,
        DbList: db_map(w),
        ChannelID: f.channel_id,
        ChannelList: channels,
    }))
}

/// v1 `/synclist`: the bare row array with v1.5.3's ToServer fields. An unknown dbname, or a
/// table_name without a dbname, answers `[]` as a real v1.5.3 does; `channelid` filters without
/// a dbname too. The tables come in an order drawn from `shuffle` (v1.5.3 walks Go maps: the
/// order changes from call to call), each table's outputs in their own order.
pub fn sync_list_v1(w: &World, f: &SyncFilter, shuffle: u64) -> String {
    let db = if f.db.is_empty() {
        None
    } else {
        match w.source(&f.db) {
            Some(d) => Some(d),
            None => return "[]".into(),
        }
    };
    if db.is_none() && !f.table.is_empty() {
        return "[]".into();
    }
    let mut rows: Vec<_> = each_row(w, f, db)
        .filter(|(t, _)| {
            f.channel_id <= 0 || w.sources[t.db].channels[t.channel].id as i64 == f.channel_id
        })
        .map(|(t, outs)| Row {
            DbName: &w.sources[t.db].name,
            SchemaName: &t.schema,
            TableName: &t.name,
            ToServerList: outs
                .into_iter()
                .map(|(i, o)| {
                    let (bf, bp) = o
                        .last_success
                        .as_ref()
                        .map_or((0, 0), |b| (b.BinlogFileNum, b.BinlogPosition));
                    let (lf, lp) = o
                        .last_queue
                        .as_ref()
                        .map_or((0, 0), |b| (b.BinlogFileNum, b.BinlogPosition));
                    let busy = u32::from(o.status == "running");
                    ToServerV1 {
                        ToServerID: i + 1,
                        PluginName: w.keys[o.key].plugin,
                        MustBeSuccess: true,
                        FilterQuery: false,
                        FilterUpdate: false,
                        FieldList: &o.field_list,
                        ToServerKey: &w.keys[o.key].key,
                        BinlogFileNum: bf,
                        BinlogPosition: bp,
                        PluginParam: &o.plugin_param,
                        Status: o.status,
                        Error: &o.error,
                        ErrorWaitDeal: 0,
                        ErrorWaitData: o.error_wait_data.as_ref().map(Value::to_string),
                        LastBinlogFileNum: lf,
                        LastBinlogPosition: lp,
                        QueueMsgCount: o.queue,
                        FileQueueStatus: false,
                        Notes: "",
                        ThreadCount: busy,
                        FileQueueUsableCount: 0,
                        FileQueueUsableCountStartTime: 0,
                        CosumerIdInrc: busy,
                    }
                })
                .collect(),
        })
        .collect();
    shuffled(&mut rows, shuffle);
    to_json(&rows)
}

/// Fisher-Yates with the simulator's PRNG: reproducible for a `--seed` and a call sequence.
fn shuffled<T>(v: &mut [T], seed: u64) {
    let mut rng = Rng::new(seed);
    for i in (1..v.len()).rev() {
        v.swap(i, rng.range(0, i as u64) as usize);
    }
}
