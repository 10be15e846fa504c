//! The sync table flattened to one row per table x output, with filtering and sorting.

use std::cmp::Ordering;

use crate::wire::types::{BinlogPos, DbList, SyncList};

use super::health::{output_lag, Lag, OutputState};
use super::order;

/// Longest `error_first_line` kept (characters), so a one-line multi-KB error stays a line.
pub const FIRST_LINE_MAX_CHARS: usize = 240;

/// One table x output.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncRow {
    pub db: String,
    pub schema: String,
    pub table: String,
    pub to_server_key: String,
    pub to_server_id: i64,
    pub plugin: String,
    /// Raw `Status` (`""`, `running`, ...).
    pub status: String,
    pub state: OutputState,
    /// Full `Error` (may be a multi-KB stack trace).
    pub error: String,
    /// First non-blank line of `error`, trimmed, at most [`FIRST_LINE_MAX_CHARS`] chars.
    pub error_first_line: String,
    /// `ErrorWaitData` pretty-printed; `None` when null.
    pub error_wait_data: Option<String>,
    pub error_wait_deal: i64,
    /// `QueueMsgCount`.
    pub queue: i64,
    /// `LastSuccessBinlog` (v1: `BinlogFileNum`/`BinlogPosition`); `None` when null or all
    /// zero ("never").
    pub last_success: Option<BinlogPos>,
    /// `LastQueueBinlog` (v1: `LastBinlogFileNum`/`LastBinlogPosition`); `None` when unknown.
    pub last_queue: Option<BinlogPos>,
    pub lag: Lag,
    pub notes: String,
    pub thread_count: i64,
    pub file_queue: bool,
    /// Stable unique key: `db/schema/table/to_server_key/to_server_id`.
    pub key: String,
}

impl SyncRow {
    /// `schema.table`.
    pub fn qualified_table(&self) -> String {
        format!("{}.{}", self.schema, self.table)
    }
}

/// First non-blank line, trimmed and cut at [`FIRST_LINE_MAX_CHARS`] characters (with `…`).
pub fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(FIRST_LINE_MAX_CHARS) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// Flattens the sync list; lag is computed against `sources` (by `DbName`).
/// Tables without outputs produce no row (see [`tables_without_outputs`]). The rows come in
/// one total order, by source, schema, table, output id and key, whatever order Bifrost sent
/// (v1 walks Go maps: its order changes on every call), so every stable sort downstream keeps
/// ties where the user saw them.
pub fn sync_rows(list: &SyncList, sources: &DbList) -> Vec<SyncRow> {
    let mut rows = Vec::new();
    // tables sorted, then each table's outputs: the rows' order without sorting every row
    let mut tables: Vec<_> = list.tables.iter().collect();
    order::sort_by(&mut tables, |a, b| {
        (&a.db_name, &a.schema_name, &a.table_name).cmp(&(
            &b.db_name,
            &b.schema_name,
            &b.table_name,
        ))
    });
    for t in tables {
        let source = sources.get(&t.db_name);
        let mut outputs: Vec<_> = t.to_server_list.iter().collect();
        order::sort_by(&mut outputs, |a, b| {
            (a.to_server_id, &a.to_server_key).cmp(&(b.to_server_id, &b.to_server_key))
        });
        for o in outputs {
            let error_wait_data = match &o.error_wait_data {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s.clone()),
                v => serde_json::to_string_pretty(v).ok(),
            };
            rows.push(SyncRow {
                db: t.db_name.clone(),
                schema: t.schema_name.clone(),
                table: t.table_name.clone(),
                to_server_key: o.to_server_key.clone(),
                to_server_id: o.to_server_id,
                plugin: o.plugin_name.clone(),
                status: o.status.clone(),
                state: OutputState::from_to_server(o),
                error: o.error.clone(),
                error_first_line: first_line(&o.error),
                error_wait_data,
                error_wait_deal: o.error_wait_deal,
                queue: o.queue_msg_count,
                last_success: o.success_position(),
                last_queue: o.queue_position(),
                lag: output_lag(source, o),
                notes: o.notes.clone(),
                thread_count: o.thread_count,
                file_queue: o.file_queue_status,
                key: format!(
                    "{}/{}/{}/{}/{}",
                    t.db_name, t.schema_name, t.table_name, o.to_server_key, o.to_server_id
                ),
            });
        }
    }
    rows
}

/// The output keys to filter by, sorted: v2's `ToServerKeyList`, or on v1 (which lists no
/// output definitions) the keys its rows name.
pub fn output_keys(list: &SyncList) -> Vec<String> {
    let mut keys: Vec<String> = if list.outputs.is_empty() {
        list.tables
            .iter()
            .flat_map(|t| &t.to_server_list)
            .map(|o| o.to_server_key.clone())
            .collect()
    } else {
        list.outputs.keys().cloned().collect()
    };
    order::sort(&mut keys);
    keys.dedup();
    keys
}

/// The tables Bifrost lists with no output (`ToServerList: []`: all removed), as
/// (db, schema, table), sorted: they have no row, so the page names them apart.
pub fn tables_without_outputs(list: &SyncList) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = list
        .tables
        .iter()
        .filter(|t| t.to_server_list.is_empty())
        .map(|t| {
            (
                t.db_name.clone(),
                t.schema_name.clone(),
                t.table_name.clone(),
            )
        })
        .collect();
    order::sort(&mut out);
    out.dedup();
    out
}

/// Row filter; every set criterion must match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowFilter {
    /// Case-insensitive; every whitespace-separated term must appear in one of db, schema,
    /// table, `schema.table`, to_server_key, plugin or error.
    pub text: String,
    pub state: Option<OutputState>,
    /// Exact data source name.
    pub db: Option<String>,
    /// Exact ToServerKey.
    pub to_server_key: Option<String>,
    /// Only rows that need attention (failing, stopped, or with queued rows).
    pub problems_only: bool,
}

/// What the free-text filter searches in a row, lower-cased: db, schema, table,
/// `schema.table`, to_server_key, plugin and error, one per line.
pub fn search_text(r: &SyncRow) -> String {
    let len = [
        &r.db,
        &r.schema,
        &r.table,
        &r.to_server_key,
        &r.plugin,
        &r.error,
    ]
    .iter()
    .map(|f| f.len() + 1)
    .sum::<usize>();
    let mut out = String::with_capacity(len + r.schema.len() + r.table.len() + 1);
    let mut push = |s: &str| {
        // ASCII (nearly every name) without the Unicode case tables' cost
        if s.is_ascii() {
            let start = out.len();
            out.push_str(s);
            out[start..].make_ascii_lowercase();
        } else {
            out.push_str(&s.to_lowercase());
        }
    };
    let nl = "\n";
    for part in [
        &r.db,
        nl,
        &r.schema,
        nl,
        &r.table,
        nl,
        &r.schema,
        ".",
        &r.table,
        nl,
        &r.to_server_key,
        nl,
        &r.plugin,
        nl,
        &r.error,
    ] {
        push(part);
    }
    out
}

/// The free-text filter's terms: whitespace-separated, lower-cased.
pub fn search_terms(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_lowercase).collect()
}

/// Whether a row's [`search_text`] holds every term (no terms: every row).
pub fn matches_terms(hay: &str, terms: &[String]) -> bool {
    terms.iter().all(|t| hay.contains(t.as_str()))
}

/// Indices of the rows matching `f`, in input order.
pub fn filter_rows(rows: &[SyncRow], f: &RowFilter) -> Vec<usize> {
    let terms = search_terms(&f.text);
    rows.iter()
        .enumerate()
        .filter(|(_, r)| {
            f.state.is_none_or(|s| r.state == s)
                && f.db.as_ref().is_none_or(|d| &r.db == d)
                && f.to_server_key
                    .as_ref()
                    .is_none_or(|k| &r.to_server_key == k)
                && (!f.problems_only
                    || matches!(r.state, OutputState::Failing | OutputState::Stopped)
                    || r.queue > 0)
                && (terms.is_empty() || matches_terms(&search_text(r), &terms))
        })
        .map(|(i, _)| i)
        .collect()
}

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    Db,
    Schema,
    Table,
    ToServerKey,
    Plugin,
    Status,
    /// By severity (Ok < Idle < Stopped < Failing).
    State,
    Error,
    Queue,
    /// Unknown lag sorts last in both directions.
    Lag,
    /// By (file, position); unknown last in both directions.
    LastSuccess,
    LastQueue,
}

impl SortKey {
    pub const ALL: [SortKey; 12] = [
        SortKey::Db,
        SortKey::Schema,
        SortKey::Table,
        SortKey::ToServerKey,
        SortKey::Plugin,
        SortKey::Status,
        SortKey::State,
        SortKey::Error,
        SortKey::Queue,
        SortKey::Lag,
        SortKey::LastSuccess,
        SortKey::LastQueue,
    ];
}

/// Orders `None` last whatever the direction.
fn cmp_opt<T: Ord>(a: Option<T>, b: Option<T>, desc: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            if desc {
                y.cmp(&x)
            } else {
                x.cmp(&y)
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn pos_key(p: &Option<BinlogPos>) -> Option<(i64, i64)> {
    p.as_ref().map(|p| (p.binlog_file_num, p.binlog_position))
}

/// Sorts the indices `idx` (into `rows`) by `key`; stable, ties broken by the row key so
/// the order does not jump between polls. Every index must be in range.
pub fn sort_rows(rows: &[SyncRow], idx: &mut [usize], key: SortKey, desc: bool) {
    let dir = |o: Ordering| if desc { o.reverse() } else { o };
    order::sort_indices(idx, &|a, b| {
        let (x, y) = (&rows[a], &rows[b]);
        let primary = match key {
            SortKey::Db => dir(x.db.cmp(&y.db)),
            SortKey::Schema => dir(x.schema.cmp(&y.schema)),
            SortKey::Table => dir(x.table.cmp(&y.table)),
            SortKey::ToServerKey => dir(x.to_server_key.cmp(&y.to_server_key)),
            SortKey::Plugin => dir(x.plugin.cmp(&y.plugin)),
            SortKey::Status => dir(x.status.cmp(&y.status)),
            SortKey::State => dir(x.state.severity().cmp(&y.state.severity())),
            SortKey::Error => dir(x.error_first_line.cmp(&y.error_first_line)),
            SortKey::Queue => dir(x.queue.cmp(&y.queue)),
            SortKey::Lag => cmp_opt(x.lag.secs(), y.lag.secs(), desc),
            SortKey::LastSuccess => {
                cmp_opt(pos_key(&x.last_success), pos_key(&y.last_success), desc)
            }
            SortKey::LastQueue => cmp_opt(pos_key(&x.last_queue), pos_key(&y.last_queue), desc),
        };
        primary.then_with(|| x.key.cmp(&y.key))
    });
}
