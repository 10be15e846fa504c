//! JSON exactly as Bifrost renders it. Structs keep the samples' field order; Go sorts map keys,
//! so maps are BTreeMaps. Everything borrows from the world so 10k rows render quickly.

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

use crate::cli::Api;
use crate::flow::{self, Point};
use crate::world::{Binlog, Output, Source, World};

#[allow(non_snake_case)]
#[derive(Serialize)]
struct DbV2<'a> {
    Name: &'a str,
    InputType: &'a str,
    ConnectUri: &'a str,
    ConnStatus: &'a str,
    ConnErr: &'a str,
    ChannelCount: usize,
    LastChannelID: u32,
    TableCount: usize,
    BinlogDumpFileName: String,
    BinlogDumpPosition: u64,
    IsGtid: bool,
    Gtid: String,
    BinlogDumpTimestamp: i64,
    LastEventID: u64,
    MaxBinlogDumpFileName: &'a str,
    MaxBinlogDumpPosition: u64,
    ReplicateDoDb: &'a BTreeMap<String, u8>,
    ServerId: u32,
    AddTime: i64,
}

/// The v1 page's DbListStruct: the same minus the fields v2 added.
#[allow(non_snake_case)]
#[derive(Serialize)]
struct DbV1<'a> {
    Name: &'a str,
    ConnectUri: &'a str,
    ConnStatus: &'a str,
    ConnErr: &'a str,
    ChannelCount: usize,
    LastChannelID: u32,
    TableCount: usize,
    BinlogDumpFileName: String,
    BinlogDumpPosition: u64,
    MaxBinlogDumpFileName: &'a str,
    MaxBinlogDumpPosition: u64,
    ReplicateDoDb: &'a BTreeMap<String, u8>,
    ServerId: u32,
    AddTime: i64,
}

fn db_v2(s: &Source) -> DbV2<'_> {
    DbV2 {
        Name: &s.name,
        InputType: "mysql",
        ConnectUri: &s.connect_uri,
        ConnStatus: s.conn_status,
        ConnErr: &s.conn_err,
        ChannelCount: s.channels.len(),
        LastChannelID: s.channels.len() as u32,
        TableCount: s.table_count,
        BinlogDumpFileName: format!("mysql-bin.{:06}", s.file_num),
        BinlogDumpPosition: s.position,
        IsGtid: s.is_gtid,
        Gtid: s.gtid(),
        BinlogDumpTimestamp: s.dump_ts,
        LastEventID: s.event_id,
        MaxBinlogDumpFileName: "",
        MaxBinlogDumpPosition: 0,
        ReplicateDoDb: &s.replicate_do_db,
        ServerId: s.server_id,
        AddTime: s.add_time,
    }
}

fn db_v1(s: &Source) -> DbV1<'_> {
    DbV1 {
        Name: &s.name,
        ConnectUri: &s.connect_uri,
        ConnStatus: s.conn_status,
        ConnErr: &s.conn_err,
        ChannelCount: s.channels.len(),
        LastChannelID: s.channels.len() as u32,
        TableCount: s.table_count,
        BinlogDumpFileName: format!("mysql-bin.{:06}", s.file_num),
        BinlogDumpPosition: s.position,
        MaxBinlogDumpFileName: "",
        MaxBinlogDumpPosition: 0,
        ReplicateDoDb: &s.replicate_do_db,
        ServerId: s.server_id,
        AddTime: s.add_time,
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    // Serializing plain structs, string-keyed maps and Values cannot fail.
    serde_json::to_string(v).unwrap_or_default()
}

pub fn db_list(w: &World, api: Api) -> String {
    match api {
        Api::V2 => to_json(&db_map(w)),
        Api::V1 => to_json(
            &w.sources
                .iter()
                .map(|s| (s.name.as_str(), db_v1(s)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

fn db_map(w: &World) -> BTreeMap<&str, DbV2<'_>> {
    w.sources
        .iter()
        .map(|s| (s.name.as_str(), db_v2(s)))
        .collect()
}

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
    ErrorWaitData: &'a Option<Value>,
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
) -> impl Iterator<Item = (&'a crate::world::Table, Vec<(usize, &'a Output)>)> + 'a {
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

/// v1 `/synclist`: the bare row array with v1 ToServer fields. `None` for an unknown dbname.
pub fn sync_list_v1(w: &World, f: &SyncFilter) -> Option<String> {
    let db = if f.db.is_empty() {
        None
    } else {
        Some(w.source(&f.db)?)
    };
    let rows: Vec<_> = each_row(w, f, db)
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
                        ErrorWaitData: &o.error_wait_data,
                    }
                })
                .collect(),
        })
        .collect();
    Some(to_json(&rows))
}

pub enum FlowScope<'a> {
    All,
    Db(&'a str),
    Channel(&'a str, &'a str),
    Table(&'a str, &'a str, &'a str),
    /// a scope Bifrost cannot resolve (schema without table and the like): `null`
    Invalid,
}

/// `/flow/get`: `null` for an unknown scope, `[]` for an unknown Type, else the ring.
/// `channel_by_id` is v1's behaviour (numeric id); v2 wants the channel name.
pub fn flow(w: &World, scope: FlowScope, kind: &str, channel_by_id: bool) -> String {
    let Some(series) = flow_series(w, scope, kind, channel_by_id) else {
        return "null".into();
    };
    to_json(&series)
}

fn flow_series(w: &World, scope: FlowScope, kind: &str, channel_by_id: bool) -> Option<Vec<Point>> {
    let flow = match scope {
        FlowScope::All => {
            return Some(match flow::kind_index(kind) {
                Some(k) => flow::sum_by_index(w.sources.iter().map(|s| &s.flow), k),
                None => Vec::new(),
            })
        }
        FlowScope::Invalid => return None,
        FlowScope::Db(db) => &w.sources[w.source(db)?].flow,
        FlowScope::Channel(db, ch) => {
            let s = &w.sources[w.source(db)?];
            let c = s.channels.iter().find(|c| {
                if channel_by_id {
                    c.id.to_string() == ch
                } else {
                    c.name == ch
                }
            })?;
            &c.flow
        }
        FlowScope::Table(db, schema, table) => {
            let d = w.source(db)?;
            let t = w
                .tables
                .iter()
                .find(|t| t.db == d && t.schema == schema && t.name == table)?;
            &t.flow
        }
    };
    Some(flow::kind_index(kind).map_or_else(Vec::new, |k| flow.series(k)))
}
