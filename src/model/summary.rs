//! The overview: what needs attention first.

use crate::wire::types::DbList;

use super::health::{Lag, OutputState, SourceState};
use super::order;
use super::rows::SyncRow;

/// How many entries `top_backlog` and `top_lag` keep.
pub const TOP_N: usize = 5;

/// A row worth showing on the overview.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    /// Index into the rows given to [`summarize`].
    pub index: usize,
    /// [`SyncRow::key`].
    pub key: String,
    pub db: String,
    pub schema: String,
    pub table: String,
    pub to_server_key: String,
    pub state: OutputState,
    pub error_first_line: String,
    pub queue: i64,
    pub lag: Lag,
}

impl Highlight {
    fn of(index: usize, r: &SyncRow) -> Highlight {
        Highlight {
            index,
            key: r.key.clone(),
            db: r.db.clone(),
            schema: r.schema.clone(),
            table: r.table.clone(),
            to_server_key: r.to_server_key.clone(),
            state: r.state,
            error_first_line: r.error_first_line.clone(),
            queue: r.queue,
            lag: r.lag,
        }
    }
}

/// Counts and worst offenders.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub sources_total: usize,
    /// Non-zero counts, worst state first.
    pub sources_by_state: Vec<(SourceState, usize)>,
    /// Sources in Stopped, Closed, Error or Unknown state.
    pub sources_problem: usize,
    /// Table x output rows.
    pub outputs_total: usize,
    pub outputs_failing: usize,
    /// Non-zero counts, worst state first.
    pub outputs_by_state: Vec<(OutputState, usize)>,
    /// Sum of `QueueMsgCount`.
    pub total_queue: i64,
    /// Every failing row, largest queue first.
    pub failing: Vec<Highlight>,
    /// Up to [`TOP_N`] rows with queued messages, largest first.
    pub top_backlog: Vec<Highlight>,
    /// Up to [`TOP_N`] rows with a positive lag in seconds, largest first.
    pub top_lag: Vec<Highlight>,
}

/// Builds the overview from the data sources and the flattened rows.
pub fn summarize(sources: &DbList, rows: &[SyncRow]) -> Summary {
    let mut by_source: Vec<(SourceState, usize)> = Vec::new();
    for db in sources.values() {
        let st = SourceState::from_db(db);
        match by_source.iter_mut().find(|(s, _)| *s == st) {
            Some((_, n)) => *n += 1,
            None => by_source.push((st, 1)),
        }
    }
    order::sort_by(&mut by_source, |a, b| {
        b.0.severity().cmp(&a.0.severity()).then(a.0.cmp(&b.0))
    });
    let sources_problem = by_source
        .iter()
        .filter(|(s, _)| s.is_problem())
        .map(|(_, n)| n)
        .sum();

    let mut outputs_by_state: Vec<(OutputState, usize)> = OutputState::ALL
        .into_iter()
        .map(|s| (s, rows.iter().filter(|r| r.state == s).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    order::sort_by_key(&mut outputs_by_state, |(s, _)| {
        std::cmp::Reverse(s.severity())
    });

    let by_queue = |a: &Highlight, b: &Highlight| b.queue.cmp(&a.queue).then(a.key.cmp(&b.key));
    let mut failing: Vec<Highlight> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.state == OutputState::Failing)
        .map(|(i, r)| Highlight::of(i, r))
        .collect();
    order::sort_by(&mut failing, by_queue);

    let mut top_backlog: Vec<Highlight> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.queue > 0)
        .map(|(i, r)| Highlight::of(i, r))
        .collect();
    order::sort_by(&mut top_backlog, by_queue);
    top_backlog.truncate(TOP_N);

    let mut top_lag: Vec<Highlight> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.lag, Lag::Seconds(s) if s > 0))
        .map(|(i, r)| Highlight::of(i, r))
        .collect();
    order::sort_by(&mut top_lag, |a, b| {
        b.lag.secs().cmp(&a.lag.secs()).then(a.key.cmp(&b.key))
    });
    top_lag.truncate(TOP_N);

    Summary {
        sources_total: sources.len(),
        sources_by_state: by_source,
        sources_problem,
        outputs_total: rows.len(),
        outputs_failing: failing.len(),
        outputs_by_state,
        total_queue: rows.iter().map(|r| r.queue).fold(0i64, i64::saturating_add),
        failing,
        top_backlog,
        top_lag,
    }
}
