//! Polls every configured server for the fleet view at a bounded cost: per poll only what a
//! row shows (`/db/list`, the failing outputs, one server-wide flow series), each server on
//! its own phase of the refresh interval, at most `HEALTHY_LANE` polls in flight, and a server
//! that did not answer last time waits in a lane of its own, so its timeout never holds a
//! healthy server back (`ui::fleet_poll` has the rules).

use crate::browser::{document_hidden, now_ms, sleep_ms};
use crate::client::Cycle;
use crate::model::fleet::{FleetTracker, InstanceHealth, FLOW_WINDOW};
use crate::model::fleet_rank::ServerView;
use crate::runtime::alarm::Alarm;
use crate::runtime::fleet_fetch::FleetFetch;
use crate::runtime::store::Store;
use crate::ui::config::Instance;
use crate::ui::fleet_poll::{failing_due, flow_due, Lane, Polled, Round, Slot, LIST_STRING_BYTES};
use crate::ui::fleet_table::FleetRow;
use crate::wire::error::ApiError;
use crate::wire::parse;
use crate::wire::request::{self, ApiVersion, FlowScope, SyncQuery, SyncStatusFilter};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// A limit on polls in flight: a poll waits for a place, and gives it to the next in line.
#[derive(Default)]
struct Gate {
    in_flight: Cell<usize>,
    waiting: RefCell<VecDeque<js_sys::Function>>,
}

/// A place in a [`Gate`], given back when dropped.
struct Permit(Rc<Gate>);

impl Drop for Permit {
    fn drop(&mut self) {
        let next = self.0.waiting.borrow_mut().pop_front();
        match next {
            // the place passes on: in_flight stays
            Some(resolve) => {
                let _ = resolve.call0(&JsValue::NULL);
            }
            None => self
                .0
                .in_flight
                .set(self.0.in_flight.get().saturating_sub(1)),
        }
    }
}

async fn acquire(gate: &Rc<Gate>, limit: usize) -> Permit {
    if gate.in_flight.get() < limit {
        gate.in_flight.set(gate.in_flight.get() + 1);
        return Permit(gate.clone());
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        gate.waiting.borrow_mut().push_back(resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    Permit(gate.clone())
}

/// The running fleet poll: stopping it aborts what is in flight and ends every loop.
pub struct FleetPoll {
    alive: Rc<Cell<bool>>,
    cycles: Vec<Rc<RefCell<Option<Cycle>>>>,
    gates: [Rc<Gate>; 2],
    fetch: FleetFetch,
    alarm: Alarm,
}

impl FleetPoll {
    pub fn stop(&self) {
        self.alive.set(false);
        for c in &self.cycles {
            if let Some(c) = c.borrow().as_ref() {
                c.abort();
            }
        }
        self.fetch.stop();
        self.alarm.wake_all();
        // waiting loops wake, see they are stopped and end
        for g in &self.gates {
            let waiting: Vec<_> = g.waiting.borrow_mut().drain(..).collect();
            for resolve in waiting {
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
    }
}

/// One poll's answers.
struct Answers {
    sources: Result<crate::wire::types::DbList, ApiError>,
    failing: Option<Result<crate::wire::types::SyncList, ApiError>>,
    flow: Option<Result<Vec<crate::wire::types::FlowPoint>, ApiError>>,
}

/// One server as the fleet asks it: its prefix, once known its API generation, and the
/// fetcher the fleet shares.
struct Server {
    prefix: String,
    version: Option<ApiVersion>,
    fetch: FleetFetch,
}

/// No answer in time or no connection: the server's other requests of this poll are not
/// sent (a slow server costs one timeout per poll, not three).
fn unreachable(e: &ApiError) -> bool {
    matches!(e, ApiError::Timeout { .. } | ApiError::Network(_))
}

/// `/db/list`, then (if it answered) the server-wide flow when `want_flow` says so and, when
/// `want_failing` says so, the failing outputs. On a v2 server the generation probe is the failing-outputs request
/// itself (`SyncStatus=error`), so its answer is used, never fetched twice.
async fn ask(s: &mut Server, cycle: &Cycle, want_flow: bool, want_failing: bool) -> Answers {
    let sources = s
        .fetch
        .text(&request::db_list_path(&s.prefix), None, cycle)
        .await
        .and_then(|b| parse::parse_db_list(&b));
    if sources.is_err() || !(want_flow || want_failing) {
        return Answers {
            sources,
            failing: None,
            flow: None,
        };
    }
    let q = SyncQuery {
        status: Some(SyncStatusFilter::Error),
        ..SyncQuery::default()
    };
    let mut failing = None;
    // the failing outputs' error texts: the row counts them, never shows them
    let cut = Some(LIST_STRING_BYTES);
    let version = match s.version {
        Some(v) => Ok(v),
        None => {
            let probe = s
                .fetch
                .text(&request::version_probe_path(&s.prefix), cut, cycle)
                .await;
            let probe_ref = probe.as_ref().map(|b| b.as_str()).map_err(Clone::clone);
            match request::detect_version(&probe_ref) {
                Some(v) => {
                    if let (ApiVersion::V2, Ok(body)) = (v, &probe) {
                        failing = Some(parse::parse_sync_list_as(v, body));
                    }
                    s.version = Some(v);
                    Ok(v)
                }
                None => Err(probe.err().unwrap_or(ApiError::EmptyBody)),
            }
        }
    };
    let v = match version {
        Ok(v) => v,
        Err(e) => {
            return Answers {
                sources,
                failing: Some(Err(e.clone())),
                flow: Some(Err(e)),
            }
        }
    };
    // Bifrost's server-wide series (its rings summed index by index): one request per row
    // instead of one per source; good enough for "rows/s now" and a sparkline.
    let mut flow = None;
    if want_flow {
        let path = request::flow_path(&s.prefix, v, &FlowScope::Server, FLOW_WINDOW);
        flow = Some(
            s.fetch
                .text(&path, None, cycle)
                .await
                .and_then(|b| parse::parse_flow(&b)),
        );
    }
    let cut_short = matches!(&flow, Some(Err(e)) if unreachable(e));
    if failing.is_none() && want_failing && !cut_short {
        let path = request::sync_list_path(&s.prefix, v, &q);
        failing = Some(
            s.fetch
                .text(&path, cut, cycle)
                .await
                .and_then(|b| parse::parse_sync_list_as(v, &b)),
        );
    }
    Answers {
        sources,
        failing,
        flow,
    }
}

/// Folds one poll into the row: new numbers when `/db/list` answered, else the last good
/// ones with the error. Returns whether the server was unreachable.
fn apply(
    row: RwSignal<FleetRow>,
    a: Answers,
    tracker: &mut FleetTracker,
    store: &Store,
) -> Result<(), ApiError> {
    let (name, old, rev) = row.with_untracked(|r| (r.name.clone(), r.clone(), r.rev + 1));
    let now = now_ms();
    let th = store.thresholds.get_untracked();
    match a.sources {
        Ok(sources) => {
            let failing = a.failing.as_ref().and_then(|r| r.as_ref().ok());
            let flow = a.flow.as_ref().and_then(|r| r.as_ref().ok());
            let mut health: InstanceHealth =
                tracker.observe(&sources, failing, flow.map(Vec::as_slice), &th);
            let prev = old.view.health.as_ref();
            if failing.is_none() {
                // not asked this poll, or failed (then marked partial): the last known numbers
                if let Some(p) = prev {
                    health.backlog_growing = p.backlog_growing;
                    health.outputs_failing = p.outputs_failing;
                    health.outputs_stalled = p.outputs_stalled;
                    health.queues_full = p.queues_full;
                    health.largest_backlog = p.largest_backlog;
                }
            }
            if flow.is_none() {
                if let Some(p) = prev {
                    health.rows_per_s = p.rows_per_s;
                    health.spark = p.spark.clone();
                }
            }
            let err = [
                a.failing.and_then(Result::err),
                a.flow.and_then(Result::err),
            ]
            .into_iter()
            .flatten()
            .find(|e| *e != ApiError::Aborted);
            let view = ServerView {
                health: Some(health),
                unreachable: false,
                partial: err.is_some(),
            };
            row.set(FleetRow::answered(&name, view, err, now, rev));
            Ok(())
        }
        Err(e) => {
            let view = ServerView {
                unreachable: true,
                ..old.view
            };
            row.set(FleetRow::answered(
                &name,
                view,
                Some(e.clone()),
                old.updated_ms,
                rev,
            ));
            Err(e)
        }
    }
}

/// Starts polling `instances` into `rows` (one signal per server, in config order) at the
/// interval `every` gives (once while refresh is off, again when it is turned on).
/// `arrived` counts the polls folded into their rows: one signal for the view to follow
/// instead of a hundred.
pub fn start(
    instances: &[Instance],
    rows: &[RwSignal<FleetRow>],
    arrived: RwSignal<u32>,
    every: Signal<u32>,
    store: Store,
) -> FleetPoll {
    let alive = Rc::new(Cell::new(true));
    let gates = [Rc::new(Gate::default()), Rc::new(Gate::default())];
    let epoch = now_ms();
    let n = instances.len();
    let fetch = FleetFetch::start();
    let alarm = Alarm::default();
    let mut cycles = Vec::new();
    for (i, (inst, row)) in instances.iter().zip(rows.iter().copied()).enumerate() {
        let current = Rc::new(RefCell::new(None::<Cycle>));
        cycles.push(current.clone());
        let (alive, gates, alarm) = (alive.clone(), gates.clone(), alarm.clone());
        let mut server = Server {
            prefix: inst.prefix.clone(),
            version: None,
            fetch: fetch.clone(),
        };
        let slot = Slot {
            index: i,
            of: n,
            epoch,
        };
        leptos::task::spawn_local(async move {
            let mut tracker = FleetTracker::default();
            let (mut failures, mut lane, mut due) = (0u32, Lane::Healthy, epoch);
            let mut round = Round::First;
            // polls since the failing outputs were last read
            let mut since_failing = 0u32;
            // outputs the last failing-outputs answer listed (None: never read)
            let mut listed = None::<usize>;
            // polls since the flow series was last read (None: never)
            let mut since_flow = None::<u32>;
            while alive.get() {
                alarm.until(due).await;
                while alive.get() && document_hidden() {
                    sleep_ms(1000).await;
                }
                let gate = &gates[usize::from(lane == Lane::Suspect)];
                let permit = acquire(gate, lane.limit()).await;
                if !alive.get() {
                    break;
                }
                let cycle = Cycle::new();
                *current.borrow_mut() = Some(cycle.clone());
                let want = round.asks_failing() && failing_due(since_failing, listed);
                let flow = round.asks_flow() && flow_due(since_flow, every.get_untracked());
                let answers = ask(&mut server, &cycle, flow, want).await;
                let read = matches!(answers.failing, Some(Ok(_)));
                if let Some(Ok(list)) = &answers.failing {
                    listed = Some(list.tables.iter().map(|t| t.to_server_list.len()).sum());
                }
                let read_flow = matches!(answers.flow, Some(Ok(_)));
                drop(permit);
                if !alive.get() || cycle.aborted() {
                    break;
                }
                let r = apply(row, answers, &mut tracker, &store);
                arrived.update(|n| *n = n.wrapping_add(1));
                since_failing = if read { 0 } else { since_failing + 1 };
                since_flow = if read_flow {
                    Some(0)
                } else {
                    since_flow.map(|n| n + 1)
                };
                // no answer in time, no connection, or the proxy's 5xx for a dead upstream
                let down = matches!(&r, Err(e) if unreachable(e))
                    || matches!(r, Err(ApiError::Http { status }) if status >= 500);
                lane = Lane::after(down);
                failures = if r.is_err() { failures + 1 } else { 0 };
                let polled = Polled {
                    answered: r.is_ok(),
                    due,
                    now: now_ms(),
                    failures,
                };
                let next = round.next_due(slot, polled, every.get_untracked());
                round = round.next();
                match next {
                    Some(next) => due = next,
                    None => {
                        // refresh off: wait for it to be turned on, then a first round again
                        while alive.get() && every.get_untracked() == 0 {
                            sleep_ms(1000).await;
                        }
                        due = now_ms();
                        round = Round::First;
                    }
                }
            }
        });
    }
    FleetPoll {
        alive,
        cycles,
        gates,
        fetch,
        alarm,
    }
}
