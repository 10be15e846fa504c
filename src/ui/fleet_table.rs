//! The fleet table's pure logic: one row per server with its level and reasons computed once
//! per answer, the columns it sorts by, the name/state filter, the reasons in words and the
//! summary line. Tested natively.

use crate::model::fleet_rank::{assess, weight, Level, Reason, ServerView};
use crate::model::order;
use crate::ui::i18n::{t, tf, Key, Template};
use crate::wire::error::ApiError;
use std::cmp::Ordering;

/// One server's row.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetRow {
    pub name: String,
    /// Lower-case name, for the filter.
    pub lower: String,
    pub view: ServerView,
    /// The last poll's error (its `/db/list`, else the part that failed).
    pub error: Option<ApiError>,
    pub level: Level,
    pub reasons: Vec<Reason>,
    /// When the last good answer arrived (ms since epoch; 0 = never).
    pub updated_ms: f64,
    /// Bumped on every answer, so a table keyed by it redraws the row that changed.
    pub rev: u32,
}

impl FleetRow {
    pub fn new(name: &str) -> FleetRow {
        FleetRow::answered(name, ServerView::default(), None, 0.0, 0)
    }

    /// A row for an answer (`rev` counts the answers).
    pub fn answered(
        name: &str,
        view: ServerView,
        error: Option<ApiError>,
        updated_ms: f64,
        rev: u32,
    ) -> FleetRow {
        let (level, reasons) = assess(&view);
        FleetRow {
            name: name.to_owned(),
            lower: name.to_lowercase(),
            view,
            error,
            level,
            reasons,
            updated_ms,
            rev,
        }
    }
}

/// The columns the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetSort {
    /// Worst first: level, then failing outputs, then sources down, then name.
    Trouble,
    Name,
    Running,
    Failing,
    Stalled,
    Backlog,
    Rate,
    Age,
}

impl FleetSort {
    pub const ALL: [FleetSort; 8] = [
        FleetSort::Trouble,
        FleetSort::Name,
        FleetSort::Running,
        FleetSort::Failing,
        FleetSort::Stalled,
        FleetSort::Backlog,
        FleetSort::Rate,
        FleetSort::Age,
    ];

    /// The column's header text.
    pub fn label(self) -> Key {
        match self {
            FleetSort::Trouble => Key::FleetColState,
            FleetSort::Name => Key::FleetColServer,
            FleetSort::Running => Key::InstancesRunning,
            FleetSort::Failing => Key::InstancesFailing,
            FleetSort::Stalled => Key::FleetColStalled,
            FleetSort::Backlog => Key::FleetColBacklog,
            FleetSort::Rate => Key::FleetColRate,
            FleetSort::Age => Key::FleetColAge,
        }
    }

    /// A stable class name for the column.
    pub fn class(self) -> &'static str {
        match self {
            FleetSort::Trouble => "state",
            FleetSort::Name => "name",
            FleetSort::Running => "running",
            FleetSort::Failing => "failing",
            FleetSort::Stalled => "stalled",
            FleetSort::Backlog => "backlog",
            FleetSort::Rate => "rate",
            FleetSort::Age => "age",
        }
    }
}

/// Orders `idx` (indices into `rows`) by `col`; `desc` reverses it. Unknown values sort
/// after known ones either way, and ties fall back to the trouble order.
pub fn sort_fleet(rows: &[FleetRow], idx: &mut [usize], col: FleetSort, desc: bool) {
    let trouble = |a: &FleetRow, b: &FleetRow| {
        let (wa, wb) = (
            weight(a.view.health.as_ref()),
            weight(b.view.health.as_ref()),
        );
        a.level
            .cmp(&b.level)
            .then(wb.cmp(&wa))
            .then_with(|| a.lower.cmp(&b.lower))
    };
    let num = |r: &FleetRow| -> Option<f64> {
        let h = r.view.health.as_ref();
        match col {
            FleetSort::Trouble | FleetSort::Name => None,
            FleetSort::Running => h.map(|h| h.sources_running as f64),
            FleetSort::Failing => h.and_then(|h| h.outputs_failing).map(|n| n as f64),
            FleetSort::Stalled => h.and_then(|h| h.outputs_stalled).map(|n| n as f64),
            FleetSort::Backlog => h.and_then(|h| h.largest_backlog).map(|n| n as f64),
            FleetSort::Rate => h.and_then(|h| h.rows_per_s),
            // older answers first when ascending: the age grows as `updated_ms` shrinks
            FleetSort::Age => (r.updated_ms > 0.0).then_some(-r.updated_ms),
        }
    };
    order::sort_indices(idx, &|a, b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        let primary = match col {
            FleetSort::Trouble => trouble(ra, rb),
            FleetSort::Name => ra.lower.cmp(&rb.lower),
            _ => match (num(ra), num(rb)) {
                (Some(x), Some(y)) => {
                    let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                    return if desc { o.reverse() } else { o }.then_with(|| trouble(ra, rb));
                }
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => return trouble(ra, rb),
            },
        };
        if desc {
            primary.reverse()
        } else {
            primary
        }
    });
}

/// The state filter's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    All,
    Attention,
    Down,
    Fine,
}

impl StateFilter {
    pub const ALL: [StateFilter; 4] = [
        StateFilter::All,
        StateFilter::Attention,
        StateFilter::Down,
        StateFilter::Fine,
    ];

    pub fn param(self) -> &'static str {
        match self {
            StateFilter::All => "all",
            StateFilter::Attention => "attention",
            StateFilter::Down => "down",
            StateFilter::Fine => "fine",
        }
    }

    pub fn from_param(s: &str) -> Option<StateFilter> {
        StateFilter::ALL.into_iter().find(|f| f.param() == s)
    }

    pub fn label(self) -> Key {
        match self {
            StateFilter::All => Key::FleetStateAll,
            StateFilter::Attention => Key::FleetStateAttention,
            StateFilter::Down => Key::FleetLevelDown,
            StateFilter::Fine => Key::FleetStateFine,
        }
    }

    fn admits(self, l: Level) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::Attention => l.needs_attention(),
            StateFilter::Down => l == Level::Down,
            StateFilter::Fine => l == Level::Ok,
        }
    }
}

/// Indices of the rows whose name contains `query` (any case) and whose level `state` admits.
pub fn filter_fleet(rows: &[FleetRow], query: &str, state: StateFilter) -> Vec<usize> {
    let q = query.trim().to_lowercase();
    rows.iter()
        .enumerate()
        .filter(|(_, r)| state.admits(r.level) && r.lower.contains(&q))
        .map(|(i, _)| i)
        .collect()
}

/// A level as its word, its badge's class and its icon (status is always icon + word).
pub fn level_look(l: Level) -> (Key, &'static str, &'static str) {
    match l {
        Level::Down => (Key::FleetLevelDown, "bad", "✕"),
        Level::Stopped => (Key::FleetLevelStopped, "bad", "■"),
        Level::Trouble => (Key::FleetLevelTrouble, "bad", "!"),
        Level::Warning => (Key::FleetLevelWarning, "warn", "▲"),
        Level::Pending => (Key::FleetLevelPending, "idle", "…"),
        Level::Ok => (Key::FleetStateFine, "ok", "✓"),
    }
}

/// A reason in words, in the current language.
pub fn reason_text(r: Reason) -> String {
    match r {
        Reason::Unreachable => t(Key::FleetReasonUnreachable).into(),
        Reason::ChannelStopped { queues_full: 0 } => t(Key::FleetReasonStoppedIdle).into(),
        Reason::ChannelStopped { queues_full } => {
            tf(Template::FleetReasonStopped, &queues_full.to_string())
        }
        Reason::SourcesNotRunning(n) => tf(Template::FleetReasonSources, &n.to_string()),
        Reason::OutputsStalled(n) => tf(Template::FleetReasonStalled, &n.to_string()),
        Reason::OutputsFailing(n) => tf(Template::FleetReasonFailing, &n.to_string()),
        Reason::BacklogGrowing => t(Key::FleetReasonGrowing).into(),
        Reason::PartlyUnknown => t(Key::FleetReasonPartly).into(),
    }
}

/// All of a row's reasons in one line ("" when fine).
pub fn reasons_line(reasons: &[Reason]) -> String {
    let sep = if crate::ui::i18n::lang() == crate::ui::i18n::Lang::Zh {
        "；"
    } else {
        "; "
    };
    reasons
        .iter()
        .map(|r| reason_text(*r))
        .collect::<Vec<_>>()
        .join(sep)
}

/// "100 servers: 3 need attention" (or ": all fine").
pub fn summary_line(rows: &[FleetRow]) -> String {
    let bad = rows.iter().filter(|r| r.level.needs_attention()).count();
    let mut s = match rows.len() {
        1 => t(Key::FleetOneServer).to_string(),
        n => tf(Template::FleetSummary, &n.to_string()),
    };
    if bad > 0 {
        s.push_str(&tf(Template::FleetAttention, &bad.to_string()));
    } else if rows.iter().all(|r| r.level == Level::Ok) {
        s.push_str(t(Key::FleetAllFine));
    }
    s
}

/// The row the keyboard moves to from position `at` of `len` rows (`None` = none chosen yet):
/// down from nothing is the first, up from nothing the last; the ends hold.
pub fn step(at: Option<usize>, len: usize, down: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (at, down) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1).min(len - 1),
        (Some(i), false) => i.saturating_sub(1).min(len - 1),
    })
}
