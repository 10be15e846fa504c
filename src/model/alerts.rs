//! Alert rules evaluated in the browser, per instance: pure, so they are tested natively.
//! The view (`views::alerts`) keeps the rules in localStorage, evaluates them after every
//! refresh, highlights what fires and optionally raises desktop notifications.

use crate::model::flow::Rates;
use crate::model::health::{OutputState, SourceState};
use crate::model::order;
use crate::model::rows::SyncRow;
use crate::model::trend::{Health, Trends};
use crate::wire::types::DbList;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The thresholds of one instance. `None` = that rule is off.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// An output reports an error.
    pub output_error: bool,
    /// A data source is not running.
    pub source_not_running: bool,
    /// A running source moved no rows for this many minutes.
    pub no_rows_minutes: Option<u32>,
    /// An output's queue holds more than this many rows.
    pub backlog_above: Option<i64>,
    /// An output's queue grew for this many minutes without going down.
    pub backlog_growing_minutes: Option<u32>,
    /// An output is more than this many seconds behind.
    pub lag_above_secs: Option<i64>,
    /// An output or source found stalled by its trend (`model::trend`), no threshold to set.
    pub stalled: bool,
    /// An output found falling behind by its trend (its queue keeps growing).
    pub falling_behind: bool,
    /// The instance cannot be reached (its last refresh failed in transport).
    pub unreachable: bool,
    /// How long a condition must hold before it fires (seconds); `None` = the default
    /// (`alert_state::DEFAULT_PENDING_SECS`), and never fewer than two polls.
    pub pending_secs: Option<u32>,
}

/// Rules of every instance, by instance name.
pub type RuleBook = BTreeMap<String, Rules>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    OutputError,
    SourceNotRunning,
    NoRows,
    Backlog,
    BacklogGrowing,
    Lag,
    Stalled,
    FallingBehind,
    SourceStalled,
    Unreachable,
}

/// One firing alert: a rule and what it is about (a source name or a sync row key).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Alert {
    pub kind: Kind,
    /// A source name, or `db / schema.table → key` for an output.
    pub subject: String,
    /// The sync row key for output alerts (to mark the row), else empty.
    pub row_key: String,
    /// The value that crossed the threshold (queue, seconds, minutes), if any.
    pub value: Option<i64>,
}

/// Queue samples per row over time, for "growing for N minutes".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    queues: HashMap<String, Vec<(i64, i64)>>,
}

impl History {
    /// Records the queues at `now` (epoch s) if `rules` watch growth, keeping the span the
    /// rule looks at plus ten minutes (a sample before the span's start must remain, whatever
    /// the refresh interval). Without that rule nothing is kept: no work, no memory.
    pub fn observe(&mut self, rules: &Rules, rows: &[SyncRow], now: i64) {
        match rules.backlog_growing_minutes {
            Some(min) => self.record(rows, now, i64::from(min) * 60 + 600),
            None => self.queues.clear(),
        }
    }

    /// Records the queues at `now` (epoch s), keeping `keep_secs` of samples.
    pub fn record(&mut self, rows: &[SyncRow], now: i64, keep_secs: i64) {
        for r in rows {
            let v = self.queues.entry(r.key.clone()).or_default();
            if v.last().is_none_or(|(t, _)| *t < now) {
                v.push((now, r.queue));
            }
        }
        self.queues.retain(|_, v| {
            v.retain(|(t, _)| *t >= now - keep_secs);
            !v.is_empty()
        });
    }

    /// The queue never went down during the last `secs`, grew overall, and samples cover
    /// the whole span.
    pub fn growing(&self, key: &str, now: i64, secs: i64) -> bool {
        let Some(v) = self.queues.get(key) else {
            return false;
        };
        let Some(start) = v.iter().rposition(|(t, _)| *t <= now - secs) else {
            return false;
        };
        let w = &v[start..];
        w.windows(2).all(|p| p[1].1 >= p[0].1) && w.last().map(|l| l.1) > Some(w[0].1)
    }

    /// How many samples are kept for `key` (the memory a growth rule costs).
    pub fn samples(&self, key: &str) -> usize {
        self.queues.get(key).map_or(0, Vec::len)
    }
}

fn subject(r: &SyncRow) -> String {
    format!("{} / {}.{} → {}", r.db, r.schema, r.table, r.to_server_key)
}

/// Every alert firing now. `flows` are the per-source rate series (for "no rows").
pub fn evaluate(
    rules: &Rules,
    sources: &DbList,
    rows: &[SyncRow],
    flows: &[(String, Rates)],
    history: &History,
    now: i64,
) -> Vec<Alert> {
    let mut out = Vec::new();
    let row_alert = |kind, r: &SyncRow, value| Alert {
        kind,
        subject: subject(r),
        row_key: r.key.clone(),
        value,
    };
    for (name, db) in sources {
        let running = SourceState::from_db(db) == SourceState::Running;
        if rules.source_not_running && !running {
            out.push(Alert {
                kind: Kind::SourceNotRunning,
                subject: name.clone(),
                row_key: String::new(),
                value: None,
            });
        }
        if let (Some(min), true) = (rules.no_rows_minutes, running) {
            let span = i64::from(min) * 60;
            let series = flows.iter().find(|(n, _)| n == name).map(|(_, r)| r);
            if let Some(pts) = series.map(|r| &r.points) {
                let last = pts.last().map(|p| p.t).unwrap_or(0);
                let covered = pts.first().is_some_and(|p| p.t <= last - span);
                let quiet = pts
                    .iter()
                    .filter(|p| p.t > last - span)
                    .all(|p| p.count == 0);
                if covered && quiet {
                    out.push(Alert {
                        kind: Kind::NoRows,
                        subject: name.clone(),
                        row_key: String::new(),
                        value: Some(i64::from(min)),
                    });
                }
            }
        }
    }
    for r in rows {
        if rules.output_error && r.state == OutputState::Failing {
            out.push(row_alert(Kind::OutputError, r, None));
        }
        if let Some(n) = rules.backlog_above {
            if r.queue > n {
                out.push(row_alert(Kind::Backlog, r, Some(r.queue)));
            }
        }
        if let Some(min) = rules.backlog_growing_minutes {
            if history.growing(&r.key, now, i64::from(min) * 60) {
                out.push(row_alert(Kind::BacklogGrowing, r, Some(r.queue)));
            }
        }
        if let (Some(n), Some(s)) = (rules.lag_above_secs, r.lag.secs()) {
            if s > n {
                out.push(row_alert(Kind::Lag, r, Some(s)));
            }
        }
    }
    order::sort(&mut out);
    out
}

/// The alerts of the trend's states (`rules.stalled`, `rules.falling_behind`): outputs and
/// sources flagged by [`Trends`], in row order. Values are the start time (epoch s).
pub fn evaluate_health(rules: &Rules, rows: &[SyncRow], trends: &Trends) -> Vec<Alert> {
    let mut out = Vec::new();
    if !rules.stalled && !rules.falling_behind {
        return out;
    }
    for r in rows {
        let kind = match trends.health(&r.key) {
            Health::Stalled { .. } if rules.stalled => Kind::Stalled,
            Health::FallingBehind { .. } if rules.falling_behind => Kind::FallingBehind,
            _ => continue,
        };
        out.push(Alert {
            kind,
            subject: subject(r),
            row_key: r.key.clone(),
            value: trends.health(&r.key).since(),
        });
    }
    if rules.stalled {
        for (name, h) in trends.flagged_sources() {
            out.push(Alert {
                kind: Kind::SourceStalled,
                subject: name.to_string(),
                row_key: String::new(),
                value: h.since(),
            });
        }
    }
    order::sort(&mut out);
    out
}

/// The "instance unreachable" alert when its rule is on and the last refresh of `instance`
/// failed in transport (no answer, a timeout, a proxy error): kept apart from [`evaluate`],
/// which judges the data of the last answer that arrived.
pub fn unreachable(rules: &Rules, instance: &str, failed_in_transport: bool) -> Option<Alert> {
    (rules.unreachable && failed_in_transport).then(|| Alert {
        kind: Kind::Unreachable,
        subject: instance.to_string(),
        row_key: String::new(),
        value: None,
    })
}

/// What started and what stopped firing between two evaluations (by kind and subject).
pub fn changes(before: &[Alert], after: &[Alert]) -> (Vec<Alert>, Vec<Alert>) {
    let same = |a: &Alert, b: &Alert| a.kind == b.kind && a.subject == b.subject;
    let fired = after
        .iter()
        .filter(|a| !before.iter().any(|b| same(a, b)))
        .cloned()
        .collect();
    let cleared = before
        .iter()
        .filter(|b| !after.iter().any(|a| same(a, b)))
        .cloned()
        .collect();
    (fired, cleared)
}

pub fn to_json(book: &RuleBook) -> String {
    serde_json::to_string_pretty(book).unwrap_or_default()
}

/// Reads exported rules; the error names the place at fault.
pub fn from_json(text: &str) -> Result<RuleBook, String> {
    crate::wire::json_path::decode(text).map_err(|(path, e)| {
        if path.is_empty() {
            e.to_string()
        } else {
            format!("at `{path}`: {e}")
        }
    })
}
