//! `/db/list`: the data sources keyed by name, with v2's fields or the v1 page's.

use serde::Serialize;
use std::collections::BTreeMap;

use super::to_json;
use crate::cli::Api;
use crate::world::{Source, World};

#[allow(non_snake_case)]
#[derive(Serialize)]
pub(super) struct DbV2<'a> {
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
    /// v1.5.3 has it too (the v1 API page does not list it)
    BinlogDumpTimestamp: i64,
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
        // v1.5.3 leaves "running" in ConnErr while the source runs
        ConnErr: if s.running() && s.conn_err.is_empty() {
            "running"
        } else {
            &s.conn_err
        },
        ChannelCount: s.channels.len(),
        LastChannelID: s.channels.len() as u32,
        TableCount: s.table_count,
        BinlogDumpFileName: format!("mysql-bin.{:06}", s.file_num),
        BinlogDumpPosition: s.position,
        BinlogDumpTimestamp: s.dump_ts,
        MaxBinlogDumpFileName: "",
        MaxBinlogDumpPosition: 0,
        ReplicateDoDb: &s.replicate_do_db,
        ServerId: s.server_id,
        AddTime: s.add_time,
    }
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

pub(super) fn db_map(w: &World) -> BTreeMap<&str, DbV2<'_>> {
    w.sources
        .iter()
        .map(|s| (s.name.as_str(), db_v2(s)))
        .collect()
}
