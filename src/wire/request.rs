//! Pure URL building for both API generations (paths relative to the proxy origin).
//!
//! v2 uses `/table/synclist/list` and CamelCase parameters; v1 uses `/synclist` and lowercase
//! ones. Each generation silently ignores the other's names, so the version must be known
//! (see [`detect_version`]). `format=json` is always sent; empty parameters are omitted.

use super::classify::auth_failure;
use super::encoding::percent_encode;
use super::error::ApiError;

/// Bifrost API generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// The original API (`/synclist`, lowercase parameters).
    V1,
    /// Bifrost 2.x (`/table/synclist/list`, CamelCase parameters).
    V2,
}

/// Reads the answer to [`version_probe_path`] (already through `classify`):
/// a JSON object means v2; an empty body (`Err(EmptyBody)` or `Ok("")`) means v1, which does
/// not know the route. Anything else (auth, network, HTML, ...) is `None`: unknown, retry later.
pub fn detect_version(sync_probe: &Result<&str, ApiError>) -> Option<ApiVersion> {
    match sync_probe {
        Ok(body) => {
            let b = body.trim_start_matches('\u{feff}').trim();
            if b.is_empty() {
                Some(ApiVersion::V1)
            } else if b.starts_with('{') && auth_failure(b).is_none() {
                Some(ApiVersion::V2)
            } else {
                None
            }
        }
        Err(ApiError::EmptyBody) => Some(ApiVersion::V1),
        Err(_) => None,
    }
}

/// `SyncStatus` filter of the v2 sync list (v1 has none: filter rows client-side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyncStatusFilter {
    NoData,
    Running,
    Error,
}

impl SyncStatusFilter {
    pub const ALL: [SyncStatusFilter; 3] = [
        SyncStatusFilter::NoData,
        SyncStatusFilter::Running,
        SyncStatusFilter::Error,
    ];

    /// The query value: `nodata`, `running`, `error`.
    pub fn param(self) -> &'static str {
        match self {
            SyncStatusFilter::NoData => "nodata",
            SyncStatusFilter::Running => "running",
            SyncStatusFilter::Error => "error",
        }
    }

    /// Inverse of [`SyncStatusFilter::param`].
    pub fn from_param(s: &str) -> Option<SyncStatusFilter> {
        SyncStatusFilter::ALL.into_iter().find(|f| f.param() == s)
    }
}

/// Filters of the sync list request. Empty strings and `None` are omitted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncQuery {
    pub db: String,
    pub schema: String,
    pub table: String,
    pub to_server_key: String,
    /// Numeric channel id (on the sync list both generations want the id, not the name).
    pub channel_id: Option<u32>,
    /// v2 only; ignored for v1.
    pub status: Option<SyncStatusFilter>,
}

/// Flow window (`Type` / `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Window {
    Minute,
    TenMinute,
    Hour,
    EightHour,
    Day,
}

impl Window {
    pub const ALL: [Window; 5] = [
        Window::Minute,
        Window::TenMinute,
        Window::Hour,
        Window::EightHour,
        Window::Day,
    ];

    /// The query value (case-sensitive on the server: `MINUTE` answers `[]`).
    pub fn param(self) -> &'static str {
        match self {
            Window::Minute => "minute",
            Window::TenMinute => "tenminute",
            Window::Hour => "hour",
            Window::EightHour => "eighthour",
            Window::Day => "day",
        }
    }

    /// Inverse of [`Window::param`].
    pub fn from_param(s: &str) -> Option<Window> {
        Window::ALL.into_iter().find(|w| w.param() == s)
    }

    /// Nominal spacing of the ring's points (real spacing is irregular).
    pub fn step_secs(self) -> i64 {
        match self {
            Window::Minute | Window::TenMinute => 5,
            Window::Hour => 30,
            Window::EightHour => 300,
            Window::Day => 600,
        }
    }

    /// Number of slots of the ring Bifrost returns.
    pub fn slots(self) -> usize {
        match self {
            Window::Minute => 12,
            Window::TenMinute | Window::Hour => 120,
            Window::EightHour => 96,
            Window::Day => 144,
        }
    }

    /// Time covered by a full ring, in seconds.
    pub fn span_secs(self) -> i64 {
        self.step_secs() * self.slots() as i64
    }
}

/// What a flow series covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlowScope {
    /// Whole server (no DbName). Bifrost sums databases by array index: prefer
    /// `model::flow::sum_by_time` over per-db series when there are several databases.
    Server,
    Db(String),
    /// Both generations want the channel NAME on `/flow/get` (a real v1.5.3 answers `null` to
    /// the numeric id, whatever the v1 API page says); the id is for the sync list.
    Channel {
        db: String,
        channel_name: String,
        channel_id: u32,
    },
    /// Per-table series can miss points when a channel carries several tables.
    Table {
        db: String,
        schema: String,
        table: String,
    },
}

/// `""`, `"/"` -> `""`; `"/bifrost/prod-a/"` -> `"/bifrost/prod-a"`; `"bifrost"` -> `"/bifrost"`.
fn norm_prefix(prefix: &str) -> String {
    let p = prefix.trim().trim_end_matches('/');
    if p.is_empty() {
        String::new()
    } else if p.starts_with('/') || p.contains("://") {
        p.to_string()
    } else {
        format!("/{p}")
    }
}

struct Url(String);

impl Url {
    fn new(prefix: &str, route: &str) -> Url {
        Url(format!("{}{route}?format=json", norm_prefix(prefix)))
    }

    fn param(&mut self, name: &str, value: &str) -> &mut Url {
        if !value.is_empty() {
            self.0.push('&');
            self.0.push_str(name);
            self.0.push('=');
            self.0.push_str(&percent_encode(value));
        }
        self
    }
}

/// `{prefix}/db/list?format=json` (same in both generations).
pub fn db_list_path(prefix: &str) -> String {
    Url::new(prefix, "/db/list").0
}

/// The v2 sync list route, restricted to failing outputs so the answer stays small.
/// Give the classified answer to [`detect_version`].
pub fn version_probe_path(prefix: &str) -> String {
    let mut u = Url::new(prefix, "/table/synclist/list");
    u.param("SyncStatus", SyncStatusFilter::Error.param());
    u.0
}

/// The sync list: v2 `/table/synclist/list` (DbName, SchemaName, TableName, ToServerKey,
/// ChannelId = numeric id, SyncStatus) or v1 `/synclist` (dbname, schema_name, table_name,
/// toserverkey, channelid = numeric id, sync_status: a real v1.5.3 filters by it too).
pub fn sync_list_path(prefix: &str, v: ApiVersion, q: &SyncQuery) -> String {
    let channel = q.channel_id.map(|c| c.to_string()).unwrap_or_default();
    match v {
        ApiVersion::V2 => {
            let mut u = Url::new(prefix, "/table/synclist/list");
            u.param("DbName", &q.db)
                .param("SchemaName", &q.schema)
                .param("TableName", &q.table)
                .param("ToServerKey", &q.to_server_key)
                .param("ChannelId", &channel)
                .param("SyncStatus", q.status.map(|s| s.param()).unwrap_or(""));
            u.0
        }
        ApiVersion::V1 => {
            let mut u = Url::new(prefix, "/synclist");
            u.param("dbname", &q.db)
                .param("schema_name", &q.schema)
                .param("table_name", &q.table)
                .param("toserverkey", &q.to_server_key)
                .param("channelid", &channel)
                .param("sync_status", q.status.map(|s| s.param()).unwrap_or(""));
            u.0
        }
    }
}

/// `/flow/get`: v2 `Type`, `DbName`, `ChannelId`, `SchemaName`, `TableName`; v1 `type`,
/// `dbname`, `channelid`, `schema`, `table_name`. The channel is its NAME in both generations
/// (a real v1.5.3 answers `null` to `channelid=1`).
pub fn flow_path(prefix: &str, v: ApiVersion, scope: &FlowScope, w: Window) -> String {
    let mut u = Url::new(prefix, "/flow/get");
    let (db, channel_name, schema, table) = match scope {
        FlowScope::Server => ("", "", "", ""),
        FlowScope::Db(db) => (db.as_str(), "", "", ""),
        FlowScope::Channel {
            db, channel_name, ..
        } => (db.as_str(), channel_name.as_str(), "", ""),
        FlowScope::Table { db, schema, table } => {
            (db.as_str(), "", schema.as_str(), table.as_str())
        }
    };
    match v {
        ApiVersion::V2 => {
            u.param("Type", w.param())
                .param("DbName", db)
                .param("ChannelId", channel_name)
                .param("SchemaName", schema)
                .param("TableName", table);
        }
        ApiVersion::V1 => {
            u.param("type", w.param())
                .param("dbname", db)
                .param("channelid", channel_name)
                .param("schema", schema)
                .param("table_name", table);
        }
    }
    u.0
}
