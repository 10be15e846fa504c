//! One status vocabulary for sources and outputs, and output lag.

use crate::wire::types::{BinlogPos, DbInfo, ToServer};

/// State of a data source, from `ConnStatus` + `ConnErr`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceState {
    Running,
    Starting,
    Stopped,
    Closed,
    /// Not running and `ConnErr` holds a real error.
    Error,
    /// A status this dashboard does not know (raw value kept).
    Unknown(String),
}

/// Words Bifrost (v1 especially) sometimes leaves in `ConnErr` that are not errors.
const NOT_AN_ERROR: &[&str] = &[
    "", "running", "starting", "stop", "stopped", "stopping", "close", "closed", "closing",
    "success", "ok", "null",
];

/// `ConnErr` when it says something went wrong: `None` for the status words v1 leaves there
/// (a running v1.5.3 source has `ConnErr: "running"`), which are not errors to show.
pub fn conn_error(db: &DbInfo) -> Option<&str> {
    let err = db.conn_err.trim();
    (!NOT_AN_ERROR.contains(&err.to_ascii_lowercase().as_str())).then_some(err)
}

impl SourceState {
    /// `running` wins whatever `ConnErr` says (v1 puts "running" there). Otherwise a
    /// non-empty `ConnErr` (other than a status word) is [`SourceState::Error`].
    pub fn from_parts(conn_status: &str, conn_err: &str) -> SourceState {
        let status = conn_status.trim().to_ascii_lowercase();
        if status == "running" {
            return SourceState::Running;
        }
        let err = conn_err.trim().to_ascii_lowercase();
        if !NOT_AN_ERROR.contains(&err.as_str()) {
            return SourceState::Error;
        }
        match status.as_str() {
            "starting" => SourceState::Starting,
            "stop" | "stopped" | "stopping" => SourceState::Stopped,
            "close" | "closed" | "closing" => SourceState::Closed,
            _ => SourceState::Unknown(conn_status.trim().to_string()),
        }
    }

    pub fn from_db(db: &DbInfo) -> SourceState {
        SourceState::from_parts(&db.conn_status, &db.conn_err)
    }

    pub fn label(&self) -> &'static str {
        match self {
            SourceState::Running => "Running",
            SourceState::Starting => "Starting",
            SourceState::Stopped => "Stopped",
            SourceState::Closed => "Closed",
            SourceState::Error => "Error",
            SourceState::Unknown(_) => "Unknown",
        }
    }

    /// A text glyph (same glyphs as [`OutputState::icon`] for the same meaning).
    pub fn icon(&self) -> &'static str {
        match self {
            SourceState::Running => "✓",
            SourceState::Starting => "…",
            SourceState::Stopped => "■",
            SourceState::Closed => "○",
            SourceState::Error => "✕",
            SourceState::Unknown(_) => "?",
        }
    }

    /// Higher is worse: Error 4, Unknown 3, Stopped/Closed 2, Starting 1, Running 0.
    pub fn severity(&self) -> u8 {
        match self {
            SourceState::Running => 0,
            SourceState::Starting => 1,
            SourceState::Stopped | SourceState::Closed => 2,
            SourceState::Unknown(_) => 3,
            SourceState::Error => 4,
        }
    }

    /// True for a state that needs attention.
    pub fn is_problem(&self) -> bool {
        self.severity() >= 2
    }
}

/// State of one table x output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutputState {
    /// `Status` running, no error.
    Ok,
    /// `Status` `""` (Bifrost's "nodata"): nothing synced yet.
    Idle,
    /// Non-empty `Error`, whatever `Status` says.
    Failing,
    /// Any other status (stopped, stopping, deleted...).
    Stopped,
}

impl OutputState {
    pub const ALL: [OutputState; 4] = [
        OutputState::Ok,
        OutputState::Idle,
        OutputState::Failing,
        OutputState::Stopped,
    ];

    pub fn from_parts(status: &str, error: &str) -> OutputState {
        if !error.trim().is_empty() {
            return OutputState::Failing;
        }
        match status.trim().to_ascii_lowercase().as_str() {
            "running" => OutputState::Ok,
            "" | "nodata" => OutputState::Idle,
            _ => OutputState::Stopped,
        }
    }

    pub fn from_to_server(out: &ToServer) -> OutputState {
        OutputState::from_parts(&out.status, &out.error)
    }

    pub fn label(self) -> &'static str {
        match self {
            OutputState::Ok => "OK",
            OutputState::Idle => "Idle",
            OutputState::Failing => "Failing",
            OutputState::Stopped => "Stopped",
        }
    }

    /// A text glyph: ✓ ok, ○ idle, ✕ failing, ■ stopped.
    pub fn icon(self) -> &'static str {
        match self {
            OutputState::Ok => "✓",
            OutputState::Idle => "○",
            OutputState::Failing => "✕",
            OutputState::Stopped => "■",
        }
    }

    /// Higher is worse: Failing 3, Stopped 2, Idle 1, Ok 0.
    pub fn severity(self) -> u8 {
        match self {
            OutputState::Ok => 0,
            OutputState::Idle => 1,
            OutputState::Stopped => 2,
            OutputState::Failing => 3,
        }
    }
}

/// How far an output is behind its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lag {
    /// Seconds of binlog event time between the source and the output's last success.
    Seconds(i64),
    /// Nothing pending and the output keeps up with the source.
    CaughtUp,
    /// Not enough information.
    Unknown,
}

impl Lag {
    /// Seconds for sorting and thresholds: CaughtUp is 0, Unknown is None.
    pub fn secs(self) -> Option<i64> {
        match self {
            Lag::Seconds(s) => Some(s),
            Lag::CaughtUp => Some(0),
            Lag::Unknown => None,
        }
    }
}

/// How close `LastQueueBinlog` must be to the source's event time to count as keeping up.
pub const CAUGHT_UP_SLACK_SECS: i64 = 5;

/// Distance between the source's read position and an output position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BinlogDistance {
    /// Source file number minus output file number.
    pub files: i64,
    /// Source position minus output position (only meaningful when `files == 0`).
    pub position: i64,
}

/// The numeric suffix of a binlog file name: `mysql-bin.000042` -> 42.
pub fn binlog_file_num(file_name: &str) -> Option<i64> {
    let suffix = file_name.rsplit('.').next()?;
    if suffix.is_empty() || !suffix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    suffix.parse().ok()
}

/// Distance from `pos` to the source's current read position; `None` when either is unknown.
pub fn binlog_distance(source: &DbInfo, pos: &BinlogPos) -> Option<BinlogDistance> {
    let file = binlog_file_num(&source.binlog_dump_file_name)?;
    if pos.binlog_file_num == 0 {
        return None;
    }
    Some(BinlogDistance {
        files: file.saturating_sub(pos.binlog_file_num),
        position: source
            .binlog_dump_position
            .saturating_sub(pos.binlog_position),
    })
}

/// True when `pos` is at or past the source's position (same or later file), or its event
/// time is within [`CAUGHT_UP_SLACK_SECS`] of the source's.
fn keeps_up(source: &DbInfo, pos: &BinlogPos) -> bool {
    if let Some(d) = binlog_distance(source, pos) {
        if d.files < 0 || (d.files == 0 && d.position <= 0) {
            return true;
        }
    }
    pos.timestamp > 0
        && source.binlog_dump_timestamp > 0
        && source.binlog_dump_timestamp - pos.timestamp <= CAUGHT_UP_SLACK_SECS
}

/// Lag of one output behind its source.
///
/// 1. No error and `QueueMsgCount == 0`: if `LastQueueBinlog` (or `LastSuccessBinlog`) keeps
///    up with the source (same file and position at or past it, a later file, or event time
///    within a few seconds) -> [`Lag::CaughtUp`]. This matters on a real Bifrost: several
///    plugins (blackhole, TableCount) never advance `LastSuccessBinlog` while rows flow, so
///    a naive difference would report minutes of lag on a healthy output. If neither keeps
///    up, the table may simply be quiet or the channel behind: [`Lag::Unknown`].
/// 2. Otherwise (rows queued or an error): source `BinlogDumpTimestamp` minus
///    `LastSuccessBinlog.Timestamp` when both are non-zero (never negative), else
///    [`Lag::Unknown`].
pub fn output_lag(source: Option<&DbInfo>, out: &ToServer) -> Lag {
    let Some(src) = source else {
        return Lag::Unknown;
    };
    // v1 has no position objects: these fall back to its flat fields
    let last_queue = out.queue_position();
    let last_success = out.success_position();
    let (last_queue, last_success) = (last_queue.as_ref(), last_success.as_ref());
    if out.error.trim().is_empty() && out.queue_msg_count == 0 {
        let up = last_queue.is_some_and(|p| keeps_up(src, p))
            || last_success.is_some_and(|p| keeps_up(src, p));
        return if up { Lag::CaughtUp } else { Lag::Unknown };
    }
    match last_success {
        Some(p) if p.timestamp > 0 && src.binlog_dump_timestamp > 0 => {
            Lag::Seconds(src.binlog_dump_timestamp.saturating_sub(p.timestamp).max(0))
        }
        _ => Lag::Unknown,
    }
}
