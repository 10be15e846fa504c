//! Alert rules evaluated in the browser, per instance: pure, so they are tested natively.
//! The view (`views::alerts`) keeps the rules in localStorage, evaluates them after every
//! refresh, highlights what fires and optionally raises desktop notifications.

use crate::model::flow::Rates;
use crate::model::health::{OutputState, SourceState};
use crate::model::rows::SyncRow;
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
}

/// Rules of every instance, by instance name.
pub type RuleBook = BTreeMap<String, Rules>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    OutputError,
    SourceNotRunning,
    NoRows,
    Backlog,
    BacklogGrowing,
    Lag,
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
    out.sort();
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::flow::RatePoint;
    use crate::model::health::Lag;
    use crate::wire::types::DbInfo;

    fn row(key: &str, state: OutputState, queue: i64, lag: Lag) -> SyncRow {
        SyncRow {
            db: "db1".into(),
            schema: "s".into(),
            table: key.into(),
            to_server_key: "k".into(),
            to_server_id: 1,
            plugin: "kafka".into(),
            status: "running".into(),
            state,
            error: String::new(),
            error_first_line: String::new(),
            error_wait_data: None,
            error_wait_deal: 0,
            queue,
            last_success: None,
            last_queue: None,
            lag,
            notes: String::new(),
            thread_count: 1,
            file_queue: false,
            key: key.into(),
        }
    }

    fn sources(list: &[(&str, &str)]) -> DbList {
        list.iter()
            .map(|(n, s)| {
                (
                    n.to_string(),
                    DbInfo {
                        name: n.to_string(),
                        conn_status: s.to_string(),
                        ..Default::default()
                    },
                )
            })
            .collect()
    }

    fn kinds(a: &[Alert]) -> Vec<(Kind, String)> {
        a.iter().map(|a| (a.kind, a.subject.clone())).collect()
    }

    #[test]
    fn output_rules_fire_on_their_threshold_only() {
        let rows = vec![
            row("a", OutputState::Failing, 0, Lag::Unknown),
            row("b", OutputState::Ok, 500, Lag::Seconds(30)),
            row("c", OutputState::Ok, 100, Lag::Seconds(31)),
        ];
        let rules = Rules {
            output_error: true,
            backlog_above: Some(100),
            lag_above_secs: Some(30),
            ..Default::default()
        };
        let a = evaluate(
            &rules,
            &DbList::default(),
            &rows,
            &[],
            &History::default(),
            0,
        );
        let got: Vec<(Kind, &str, Option<i64>)> = a
            .iter()
            .map(|a| (a.kind, a.row_key.as_str(), a.value))
            .collect();
        assert_eq!(
            got,
            vec![
                (Kind::OutputError, "a", None),
                (Kind::Backlog, "b", Some(500)),
                (Kind::Lag, "c", Some(31)),
            ]
        );
        // every rule off: nothing fires
        let none = evaluate(
            &Rules::default(),
            &sources(&[("x", "stop")]),
            &rows,
            &[],
            &History::default(),
            0,
        );
        assert!(none.is_empty());
    }

    #[test]
    fn stopped_sources_fire_and_running_quiet_sources_fire_after_n_minutes() {
        let src = sources(&[("up", "running"), ("down", "stop")]);
        let pt = |t, count| RatePoint {
            t,
            rows_per_s: 0.0,
            bytes_per_s: 0.0,
            count,
            bytes: 0,
        };
        let quiet = Rates {
            points: (0..=12)
                .map(|i| pt(1000 + i * 30, if i < 2 { 5 } else { 0 }))
                .collect(),
            ..Default::default()
        };
        let rules = Rules {
            source_not_running: true,
            no_rows_minutes: Some(5),
            ..Default::default()
        };
        let flows = vec![
            ("up".to_string(), quiet.clone()),
            ("down".to_string(), quiet),
        ];
        let a = evaluate(&rules, &src, &[], &flows, &History::default(), 0);
        assert_eq!(
            kinds(&a),
            vec![
                (Kind::SourceNotRunning, "down".into()),
                (Kind::NoRows, "up".into())
            ]
        );
        // rows moved within the last 5 minutes: quiet is not firing
        let busy = Rates {
            points: (0..=12)
                .map(|i| pt(1000 + i * 30, i64::from(i == 11)))
                .collect(),
            ..Default::default()
        };
        let a = evaluate(
            &rules,
            &src,
            &[],
            &[("up".into(), busy)],
            &History::default(),
            0,
        );
        assert_eq!(kinds(&a), vec![(Kind::SourceNotRunning, "down".into())]);
        // a series shorter than the span proves nothing
        let short = Rates {
            points: vec![pt(1000, 0), pt(1030, 0)],
            ..Default::default()
        };
        let a = evaluate(
            &rules,
            &src,
            &[],
            &[("up".into(), short)],
            &History::default(),
            0,
        );
        assert_eq!(kinds(&a), vec![(Kind::SourceNotRunning, "down".into())]);
    }

    #[test]
    fn backlog_growing_needs_the_whole_span_without_a_drop() {
        let mut h = History::default();
        let rules = Rules {
            backlog_growing_minutes: Some(2),
            ..Default::default()
        };
        let at = |h: &mut History, t: i64, q: i64| {
            let rows = vec![row("r", OutputState::Ok, q, Lag::Unknown)];
            h.record(&rows, t, 3600);
            evaluate(&rules, &DbList::default(), &rows, &[], h, t)
        };
        assert!(at(&mut h, 0, 10).is_empty());
        assert!(at(&mut h, 60, 20).is_empty(), "only one minute so far");
        let a = at(&mut h, 120, 30);
        assert_eq!(
            kinds(&a),
            vec![(Kind::BacklogGrowing, "db1 / s.r → k".into())]
        );
        assert!(at(&mut h, 150, 5).is_empty(), "it went down");
        assert!(
            at(&mut h, 200, 50).is_empty(),
            "growing again, but not for 2 minutes"
        );
        assert!(!at(&mut h, 290, 60).is_empty());
        // old samples are dropped
        h.record(&[], 10_000, 100);
        assert_eq!(h, History::default());
    }

    #[test]
    fn history_is_kept_only_for_the_growth_rule_and_its_span() {
        let rows = vec![row("r", OutputState::Ok, 1, Lag::Unknown)];
        let mut h = History::default();
        for t in 0..50 {
            h.observe(&Rules::default(), &rows, t);
        }
        assert_eq!(h, History::default(), "no growth rule, no samples");
        let rules = Rules {
            backlog_growing_minutes: Some(1),
            ..Default::default()
        };
        for t in 0..2000 {
            h.observe(&rules, &rows, t);
        }
        // one sample per second, for the rule's minute plus ten minutes
        assert_eq!(h.queues["r"].len(), 60 + 600 + 1);
        h.observe(&Rules::default(), &rows, 2001);
        assert_eq!(h, History::default(), "the rule was switched off");
    }

    #[test]
    fn changes_report_firing_and_back_to_normal() {
        let a = |k, s: &str| Alert {
            kind: k,
            subject: s.into(),
            row_key: String::new(),
            value: None,
        };
        let before = vec![a(Kind::Backlog, "x"), a(Kind::Lag, "y")];
        let mut after = vec![a(Kind::Lag, "y"), a(Kind::OutputError, "z")];
        after[0].value = Some(9); // a new value is not a new alert
        let (fired, cleared) = changes(&before, &after);
        assert_eq!(kinds(&fired), vec![(Kind::OutputError, "z".into())]);
        assert_eq!(kinds(&cleared), vec![(Kind::Backlog, "x".into())]);
    }

    #[test]
    fn rules_round_trip_and_bad_json_is_explained() {
        let mut book = RuleBook::new();
        book.insert(
            "prod-a".into(),
            Rules {
                output_error: true,
                backlog_above: Some(1000),
                ..Default::default()
            },
        );
        assert_eq!(from_json(&to_json(&book)), Ok(book));
        assert!(from_json("{").unwrap_err().contains("EOF"));
        let e = from_json(r#"{"prod-a": {"backlog_above": "many"}}"#).unwrap_err();
        assert!(e.contains("prod-a.backlog_above"), "{e}");
        let e = from_json(r#"{"prod-a": {"lag": 5}}"#).unwrap_err();
        assert!(e.contains("unknown field"), "{e}");
        assert_eq!(from_json("{}"), Ok(RuleBook::new()));
    }
}
