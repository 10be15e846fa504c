//! Serde types for Bifrost's JSON (v2.4.1 and the v1 API).
//!
//! Every struct ignores unknown fields and defaults missing ones, and the collections Go may
//! serialize as `null` (nil maps and slices) read as empty, so a drifting server degrades to
//! zero values instead of a parse error. Keys are Bifrost's PascalCase names; the few
//! all-caps suffixes (`ToServerID`, `LastEventID`, `GTID`, `ChannelID`) are renamed by hand.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// Reads `null` as `T::default()` (Go nil maps and slices serialize as `null`).
fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Reads `ErrorWaitData` into the shape v2 sends (an object, or `null`). A real v1 sends the
/// event as a JSON-encoded string, which shown as it is would be one escaped line; a string
/// that is not JSON is kept as a string, and an empty one reads as `null`.
fn json_in_string<'de, D>(d: D) -> Result<serde_json::Value, D::Error>
where
    D: Deserializer<'de>,
{
    let v = Option::<serde_json::Value>::deserialize(d)?.unwrap_or_default();
    Ok(match v {
        serde_json::Value::String(s) if s.trim().is_empty() => serde_json::Value::Null,
        serde_json::Value::String(s) => {
            // bytes: the one reader type of every decode (`json_path::decode`)
            serde_json::from_slice(s.as_bytes()).unwrap_or(serde_json::Value::String(s))
        }
        other => other,
    })
}

/// One data source (a MySQL/MariaDB binlog reader), an entry of `GET /db/list`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbInfo {
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    /// v2 only ("mysql").
    #[serde(deserialize_with = "null_default")]
    pub input_type: String,
    /// Contains the MySQL password: always show it through `model::mask::mask_dsn`.
    #[serde(deserialize_with = "null_default")]
    pub connect_uri: String,
    /// `close`, `stop`, `starting`, `running` (see `model::health::SourceState`).
    #[serde(deserialize_with = "null_default")]
    pub conn_status: String,
    #[serde(deserialize_with = "null_default")]
    pub conn_err: String,
    pub channel_count: i64,
    #[serde(rename = "LastChannelID", alias = "LastChannelId")]
    pub last_channel_id: i64,
    pub table_count: i64,
    #[serde(deserialize_with = "null_default")]
    pub binlog_dump_file_name: String,
    pub binlog_dump_position: i64,
    /// v2 only.
    pub is_gtid: bool,
    /// v2 only.
    #[serde(deserialize_with = "null_default")]
    pub gtid: String,
    /// Event time (epoch s) of the last binlog event read from the source (v2, and v1.5).
    pub binlog_dump_timestamp: i64,
    /// v2 only.
    #[serde(rename = "LastEventID", alias = "LastEventId")]
    pub last_event_id: i64,
    #[serde(deserialize_with = "null_default")]
    pub max_binlog_dump_file_name: String,
    pub max_binlog_dump_position: i64,
    #[serde(deserialize_with = "null_default")]
    pub replicate_do_db: BTreeMap<String, i64>,
    pub server_id: i64,
    pub add_time: i64,
}

/// `GET /db/list`: data sources keyed by name (`{}` when there are none).
pub type DbList = BTreeMap<String, DbInfo>;

/// A binlog position as Bifrost reports it in `LastSuccessBinlog` / `LastQueueBinlog`.
/// All zero means "never" (e.g. a blackhole output never records a success).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BinlogPos {
    pub binlog_file_num: i64,
    pub binlog_position: i64,
    #[serde(rename = "GTID", alias = "Gtid", deserialize_with = "null_default")]
    pub gtid: String,
    pub timestamp: i64,
    #[serde(rename = "EventID", alias = "EventId")]
    pub event_id: i64,
}

impl BinlogPos {
    /// True when the position carries no information (all zero / empty).
    pub fn is_zero(&self) -> bool {
        self.binlog_file_num == 0
            && self.binlog_position == 0
            && self.timestamp == 0
            && self.event_id == 0
            && self.gtid.is_empty()
    }

    /// `Some(self)` unless all zero.
    pub fn known(&self) -> Option<&BinlogPos> {
        if self.is_zero() {
            None
        } else {
            Some(self)
        }
    }
}

/// One output ("ToServer") of a synced table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ToServer {
    #[serde(rename = "ToServerID", alias = "ToServerId")]
    pub to_server_id: i64,
    #[serde(deserialize_with = "null_default")]
    pub plugin_name: String,
    pub must_be_success: bool,
    pub filter_query: bool,
    pub filter_update: bool,
    /// `None` when Bifrost sends `null`; `Some([])` means "all fields".
    pub field_list: Option<Vec<String>>,
    #[serde(deserialize_with = "null_default")]
    pub to_server_key: String,
    /// v2 only; may be null; all zero when never recorded. Read it through
    /// [`ToServer::success_position`], which falls back to v1's fields.
    pub last_success_binlog: Option<BinlogPos>,
    /// v2 only; may be null. Read it through [`ToServer::queue_position`].
    pub last_queue_binlog: Option<BinlogPos>,
    /// v1: file of the last position the output handled successfully; stays 0 on v2.
    pub binlog_file_num: i64,
    /// v1: position within [`ToServer::binlog_file_num`]; stays 0 on v2.
    pub binlog_position: i64,
    pub plugin_param: serde_json::Value,
    /// `""` (idle, shown as "nodata"), `running`, others.
    #[serde(deserialize_with = "null_default")]
    pub status: String,
    /// Non-empty means trouble whatever `status` says (can be a multi-KB Go stack trace).
    #[serde(deserialize_with = "null_default")]
    pub error: String,
    pub error_wait_deal: i64,
    /// The event the output is stuck on, as an object (or `null`) whatever the generation:
    /// v1 sends it JSON-encoded in a string, decoded here.
    #[serde(deserialize_with = "json_in_string")]
    pub error_wait_data: serde_json::Value,
    /// v1 (v1.5) and v2: file of the last event queued for the output.
    pub last_binlog_file_num: i64,
    /// Position within [`ToServer::last_binlog_file_num`].
    pub last_binlog_position: i64,
    pub queue_msg_count: i64,
    pub file_queue_status: bool,
    #[serde(deserialize_with = "null_default")]
    pub notes: String,
    pub thread_count: i64,
    pub file_queue_usable_count: i64,
    pub file_queue_usable_count_start_time: i64,
}

impl ToServer {
    /// The last position queued for the output: v2's `LastQueueBinlog`, else (v1, which has no
    /// such object) `LastBinlogFileNum` / `LastBinlogPosition`. `None` when unknown.
    pub fn queue_position(&self) -> Option<BinlogPos> {
        known_or(
            self.last_queue_binlog.as_ref(),
            self.last_binlog_file_num,
            self.last_binlog_position,
        )
    }

    /// The last position handled successfully: v2's `LastSuccessBinlog`, else (v1) the
    /// output's own `BinlogFileNum` / `BinlogPosition`. `None` when never recorded.
    pub fn success_position(&self) -> Option<BinlogPos> {
        known_or(
            self.last_success_binlog.as_ref(),
            self.binlog_file_num,
            self.binlog_position,
        )
    }
}

/// `pos` when it carries information, else the v1 pair when its file number is set.
fn known_or(pos: Option<&BinlogPos>, file_num: i64, position: i64) -> Option<BinlogPos> {
    if let Some(p) = pos.and_then(BinlogPos::known) {
        return Some(p.clone());
    }
    (file_num > 0).then(|| BinlogPos {
        binlog_file_num: file_num,
        binlog_position: position,
        ..BinlogPos::default()
    })
}

/// A synced table with its outputs (an element of v2 `SyncList` or of the v1 bare array).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SyncTable {
    #[serde(deserialize_with = "null_default")]
    pub db_name: String,
    #[serde(deserialize_with = "null_default")]
    pub schema_name: String,
    #[serde(deserialize_with = "null_default")]
    pub table_name: String,
    /// `null` reads as empty.
    #[serde(deserialize_with = "null_default")]
    pub to_server_list: Vec<ToServer>,
}

/// An output definition (`ToServerKeyList` entry of the v2 sync list).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ToServerKeyInfo {
    #[serde(deserialize_with = "null_default")]
    pub plugin_name: String,
    #[serde(deserialize_with = "null_default")]
    pub plugin_version: String,
    /// May contain credentials: show it through `model::mask::mask_dsn`.
    #[serde(deserialize_with = "null_default")]
    pub conn_uri: String,
    #[serde(deserialize_with = "null_default")]
    pub notes: String,
    #[serde(rename = "LastID", alias = "LastId")]
    pub last_id: i64,
    pub current_conn: i64,
    pub max_conn: i64,
    pub min_conn: i64,
    pub available_conn: i64,
    pub update_time: i64,
}

/// A channel (`ChannelList` entry of the v2 sync list, keyed by numeric id as a string).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ChannelInfo {
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    pub max_thread_num: i64,
    pub current_thread_num: i64,
    #[serde(deserialize_with = "null_default")]
    pub status: String,
}

/// The v2 answer of `GET /table/synclist/list`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SyncListV2 {
    #[serde(deserialize_with = "null_default")]
    pub db_name: String,
    #[serde(deserialize_with = "null_default")]
    pub schema_name: String,
    #[serde(deserialize_with = "null_default")]
    pub table_name: String,
    #[serde(deserialize_with = "null_default")]
    pub to_server_key: String,
    #[serde(deserialize_with = "null_default")]
    pub sync_status: String,
    #[serde(deserialize_with = "null_default")]
    pub sync_list: Vec<SyncTable>,
    #[serde(deserialize_with = "null_default")]
    pub to_server_key_list: BTreeMap<String, ToServerKeyInfo>,
    #[serde(deserialize_with = "null_default")]
    pub db_list: DbList,
    #[serde(rename = "ChannelID", alias = "ChannelId")]
    pub channel_id: i64,
    /// `null` unless the request named a database.
    pub channel_list: Option<BTreeMap<String, ChannelInfo>>,
}

/// The generation-independent sync list. A v1 server fills only `tables`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SyncList {
    pub tables: Vec<SyncTable>,
    /// Output definitions keyed by ToServerKey (v2 only).
    pub outputs: BTreeMap<String, ToServerKeyInfo>,
    /// Channels keyed by numeric id as a string (v2 only, and only when a DbName was given).
    pub channels: BTreeMap<String, ChannelInfo>,
}

impl From<SyncListV2> for SyncList {
    fn from(v: SyncListV2) -> Self {
        SyncList {
            tables: v.sync_list,
            outputs: v.to_server_key_list,
            channels: v.channel_list.unwrap_or_default(),
        }
    }
}

/// One slot of a `/flow/get` ring: cumulative counters at `time` (0 = unfilled slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FlowPoint {
    /// Epoch seconds; 0 for an unfilled slot.
    pub time: i64,
    /// Cumulative rows.
    pub count: i64,
    /// Cumulative bytes.
    pub byte_size: i64,
}
