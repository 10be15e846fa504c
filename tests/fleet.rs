//! The fleet view's numbers (on the real samples), its trouble ranking, order, filter and
//! words, and when it polls each server.

#[path = "fixtures/samples.rs"]
mod samples;

use bifrost_dashboard::model::fleet::{FleetTracker, InstanceHealth, QUEUE_FULL};
use bifrost_dashboard::model::fleet_rank::{assess, Level, Reason, ServerView};
use bifrost_dashboard::model::health::{OutputState, SourceState};
use bifrost_dashboard::model::rows::sync_rows;
use bifrost_dashboard::model::trend::Thresholds;
use bifrost_dashboard::ui::fleet_poll::{
    failing_due, flow_due, Lane, Polled, Round, Slot, FAILING_MAX_EVERY, FLOW_EVERY_SECS,
    HEALTHY_LANE, SUSPECT_LANE, TICK_MS,
};
use bifrost_dashboard::ui::fleet_table::{
    filter_fleet, reasons_line, sort_fleet, step, summary_line, FleetRow, FleetSort, StateFilter,
};
use bifrost_dashboard::ui::i18n::{set_lang, Lang};
use bifrost_dashboard::wire::{parse_db_list, parse_flow, parse_sync_list, DbList, SyncList};

fn live() -> (DbList, SyncList) {
    (
        parse_db_list(&samples::read("live.db_list.json")).unwrap(),
        parse_sync_list(&samples::read("live.synclist.all.json")).unwrap(),
    )
}

#[test]
fn live_sample_counts_running_sources_and_failing_outputs() {
    let (dbs, list) = live();
    let flow = parse_flow(&samples::read("live.flow.db.tenminute.json")).unwrap();
    // the whole list given as if unfiltered: only the failing outputs count
    let h = FleetTracker::default().observe(&dbs, Some(&list), Some(&flow), &Thresholds::default());
    let running = dbs
        .values()
        .filter(|d| SourceState::from_db(d) == SourceState::Running)
        .count();
    let rows = sync_rows(&list, &dbs);
    let failing: Vec<_> = rows
        .iter()
        .filter(|r| r.state == OutputState::Failing)
        .collect();
    assert!(!failing.is_empty(), "the live sample has a failing output");
    assert_eq!(h.sources_total, dbs.len());
    assert_eq!(h.sources_running, running);
    assert_eq!(h.outputs_failing, Some(failing.len()));
    assert_eq!(
        h.outputs_stalled,
        Some(0),
        "one answer is not a persisting error"
    );
    assert_eq!(
        h.largest_backlog,
        failing.iter().map(|r| r.queue).max(),
        "the largest backlog among the failing outputs"
    );
    let r = h.rows_per_s.expect("a rate from the live flow");
    assert!(r >= 0.0, "{r}");
    assert!(!h.spark.is_empty());
}

#[test]
fn an_error_that_persists_is_stalled_and_a_full_queue_stops_the_channel() {
    let (dbs, mut list) = live();
    let th = Thresholds::default();
    let mut tr = FleetTracker::default();
    for _ in 1..th.error_polls {
        let h = tr.observe(&dbs, Some(&list), None, &th);
        assert_eq!(h.outputs_stalled, Some(0));
    }
    let h = tr.observe(&dbs, Some(&list), None, &th);
    assert_eq!(h.outputs_stalled, h.outputs_failing, "failing for 3 polls");
    assert!(!h.channel_stopped());
    // a failing output whose queue is full: stopped at once, even on a first answer
    let out = list
        .tables
        .iter_mut()
        .flat_map(|t| t.to_server_list.iter_mut())
        .find(|o| !o.error.is_empty())
        .expect("a failing output");
    out.queue_msg_count = QUEUE_FULL;
    let h = FleetTracker::default().observe(&dbs, Some(&list), None, &th);
    assert_eq!(h.queues_full, Some(1));
    assert!(h.channel_stopped());
    let (level, reasons) = assess(&ServerView {
        health: Some(h),
        ..ServerView::default()
    });
    assert_eq!(level, Level::Stopped);
    assert_eq!(reasons[0], Reason::ChannelStopped { queues_full: 1 });
}

#[test]
fn missing_answers_leave_only_their_numbers_unknown() {
    let (dbs, _) = live();
    let h = FleetTracker::default().observe(&dbs, None, None, &Thresholds::default());
    assert_eq!(h.sources_total, dbs.len());
    assert_eq!(h.outputs_failing, None);
    assert_eq!(h.rows_per_s, None);
    // no sources: nothing flows, which is a known zero, not an unknown
    let h =
        FleetTracker::default().observe(&DbList::new(), None, Some(&[]), &Thresholds::default());
    assert_eq!(h.rows_per_s, Some(0.0));
}

#[test]
fn a_row_with_only_its_sources_known_is_never_fine() {
    // the first round's answer: `/db/list` only, every source running
    let mut h = health(0, 1.0, 2, 2);
    h.outputs_failing = None;
    let view = |h: InstanceHealth| ServerView {
        health: Some(h),
        ..ServerView::default()
    };
    assert_eq!(assess(&view(h.clone())), (Level::Pending, vec![]));
    // a source down is known trouble already
    h.sources_running = 1;
    let (level, reasons) = assess(&view(h.clone()));
    assert_eq!(level, Level::Trouble);
    assert_eq!(reasons, [Reason::SourcesNotRunning(1)]);
    // the failing outputs asked and not answered: partly unknown, not waiting
    h.sources_running = 2;
    let (level, reasons) = assess(&ServerView {
        partial: true,
        ..view(h)
    });
    assert_eq!(level, Level::Warning);
    assert_eq!(reasons, [Reason::PartlyUnknown]);
}

fn health(failing: usize, rate: f64, running: usize, total: usize) -> InstanceHealth {
    InstanceHealth {
        sources_total: total,
        sources_running: running,
        outputs_failing: Some(failing),
        outputs_stalled: Some(0),
        queues_full: Some(0),
        largest_backlog: Some(0),
        rows_per_s: Some(rate),
        ..InstanceHealth::default()
    }
}

fn row(name: &str, h: Option<InstanceHealth>, unreachable: bool) -> FleetRow {
    let view = ServerView {
        health: h,
        unreachable,
        partial: false,
    };
    FleetRow::answered(name, view, None, 1000.0, 1)
}

#[test]
fn failing_outputs_with_no_rows_moving_are_not_a_quiet_server() {
    let quiet = row("quiet", Some(health(0, 0.0, 1, 1)), false);
    let stopped = row("stopped", Some(health(1, 0.0, 1, 1)), false);
    let failing = row("failing", Some(health(1, 12.0, 1, 1)), false);
    assert_eq!(quiet.level, Level::Ok);
    assert_eq!(stopped.level, Level::Stopped);
    assert_eq!(
        stopped.reasons[0],
        Reason::ChannelStopped { queues_full: 0 }
    );
    assert_eq!(failing.level, Level::Trouble);
}

#[test]
fn trouble_first_then_by_how_much_then_by_name() {
    let rows = vec![
        row("a-fine", Some(health(0, 5.0, 2, 2)), false),
        row("b-two", Some(health(2, 5.0, 2, 2)), false),
        row("c-down", None, true),
        row("d-five", Some(health(5, 5.0, 2, 2)), false),
        row("e-stopped", Some(health(1, 0.0, 2, 2)), false),
        row("f-wait", None, false),
        row("g-source", Some(health(0, 5.0, 1, 2)), false),
    ];
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    sort_fleet(&rows, &mut idx, FleetSort::Trouble, false);
    let names: Vec<&str> = idx.iter().map(|&i| rows[i].name.as_str()).collect();
    assert_eq!(
        names,
        [
            "c-down",
            "e-stopped",
            "d-five",
            "b-two",
            "g-source",
            "f-wait",
            "a-fine"
        ]
    );
    // by a number column, the unknown last in either direction
    sort_fleet(&rows, &mut idx, FleetSort::Failing, true);
    assert_eq!(rows[idx[0]].name, "d-five");
    assert!(rows[idx[idx.len() - 1]].view.health.is_none());
    sort_fleet(&rows, &mut idx, FleetSort::Failing, false);
    assert!(rows[idx[idx.len() - 1]].view.health.is_none());
    sort_fleet(&rows, &mut idx, FleetSort::Name, true);
    assert_eq!(rows[idx[0]].name, "g-source");

    // the filters: by name (any case) and by state
    assert_eq!(filter_fleet(&rows, "FIVE", StateFilter::All), vec![3]);
    assert_eq!(filter_fleet(&rows, "", StateFilter::Down), vec![2]);
    assert_eq!(filter_fleet(&rows, "", StateFilter::Fine), vec![0]);
    assert_eq!(filter_fleet(&rows, "", StateFilter::Attention).len(), 5);

    set_lang(Lang::En);
    assert_eq!(summary_line(&rows), "7 servers: 5 need attention");
    assert_eq!(
        reasons_line(&rows[1].reasons),
        "2 output(s) failing",
        "the reason in words"
    );
    assert_eq!(reasons_line(&rows[2].reasons), "not answering");
    set_lang(Lang::Zh);
    assert_eq!(summary_line(&rows), "7 台服务器：5 台需要关注");
    assert_eq!(
        reasons_line(&rows[4].reasons),
        "通道已停止：同步目标失败且无数据流动；1 个同步目标失败"
    );
    set_lang(Lang::En);
    assert_eq!(summary_line(&rows[..1]), "1 server: all fine");
}

#[test]
fn arrow_keys_move_within_the_rows() {
    assert_eq!(step(None, 3, true), Some(0));
    assert_eq!(step(None, 3, false), Some(2));
    assert_eq!(step(Some(2), 3, true), Some(2));
    assert_eq!(step(Some(0), 3, false), Some(0));
    assert_eq!(step(Some(1), 3, true), Some(2));
    assert_eq!(step(Some(5), 3, false), Some(2), "after the list shrank");
    assert_eq!(step(Some(1), 0, true), None);
}

#[test]
fn polls_spread_over_the_interval_and_back_off() {
    let epoch = 1_000_000.0;
    let slot = |index: usize| Slot {
        index,
        of: 100,
        epoch,
    };
    // 100 servers at 5 s: ten on every tick of 500 ms
    assert_eq!(slot(0).phase_ms(5000), 0.0);
    assert_eq!(slot(9).phase_ms(5000), 0.0);
    assert_eq!(slot(10).phase_ms(5000), 500.0);
    assert_eq!(slot(99).phase_ms(5000), 4500.0);
    // 10 servers at 5 s: one every 500 ms, on the grid already
    let few = Slot { of: 10, ..slot(3) };
    assert_eq!(few.phase_ms(5000), 1500.0);
    // first round at once; the next poll on the server's phase within about one interval
    let next = slot(60).next_due(epoch, 5, 0).unwrap();
    assert_eq!(next, epoch + 3000.0);
    let next = slot(20).next_due(epoch, 5, 0).unwrap();
    assert_eq!(next, epoch + 6000.0);
    // then exactly one interval apart, however late the poll started
    assert_eq!(slot(20).next_due(next, 5, 0), Some(next + 5000.0));
    // after failures: doubled, still on the phase
    assert_eq!(slot(20).next_due(next, 5, 2), Some(next + 20_000.0));
    assert_eq!(slot(20).next_due(next, 0, 0), None, "refresh off");
    // a round wakes on every tick, each time as many servers
    let mut due: Vec<f64> = (0..100)
        .map(|i| slot(i).next_due(epoch, 5, 0).unwrap())
        .collect();
    due.sort_by(f64::total_cmp);
    let mut ticks = due.clone();
    ticks.dedup();
    assert_eq!(ticks.len(), (5000.0 / TICK_MS) as usize);
    for t in &ticks {
        assert_eq!(due.iter().filter(|d| *d == t).count(), 10);
    }
    // a server that did not answer waits in its own, smaller lane
    assert_eq!(Lane::after(true).limit(), SUSPECT_LANE);
    assert_eq!(Lane::after(false).limit(), HEALTHY_LANE);
    const { assert!(SUSPECT_LANE < HEALTHY_LANE) };
}

#[test]
fn a_long_failing_list_is_read_less_often_a_short_one_every_poll() {
    // never read, or few failing: every poll
    assert!(failing_due(0, None));
    assert!(failing_due(0, Some(0)));
    assert!(failing_due(0, Some(25)));
    // 117 failing outputs (about 370 KB with their errors): every 5th poll
    assert!(!failing_due(0, Some(117)));
    assert!(!failing_due(3, Some(117)));
    assert!(failing_due(4, Some(117)));
    // however many: at least once a minute at 5 s
    assert!(!failing_due(FAILING_MAX_EVERY - 2, Some(100_000)));
    assert!(failing_due(FAILING_MAX_EVERY - 1, Some(100_000)));
}

#[test]
fn the_first_round_asks_the_lists_then_the_levels_then_the_flows_at_once() {
    let (epoch, now) = (1_000_000.0, 1_003_000.0);
    assert!(
        !Round::First.asks_flow() && !Round::First.asks_failing(),
        "the first round is `/db/list` only"
    );
    assert!(Round::Level.asks_failing() && !Round::Level.asks_flow());
    assert!(Round::Follow.asks_flow() && Round::Spread.asks_flow());
    assert!(Round::Follow.asks_failing() && Round::Spread.asks_failing());
    assert_eq!(Round::First.next(), Round::Level);
    assert_eq!(Round::Level.next(), Round::Follow);
    assert_eq!(Round::Follow.next(), Round::Spread);
    assert_eq!(Round::Spread.next(), Round::Spread);
    let slot = Slot {
        index: 80,
        of: 100,
        epoch,
    };
    let polled = |answered: bool, due: f64, failures: u32| Polled {
        answered,
        due,
        now,
        failures,
    };
    // the follow-ups at once, even with refresh off (the first rounds were not whole)
    for round in [Round::First, Round::Level] {
        assert_eq!(round.next_due(slot, polled(true, epoch, 0), 5), Some(now));
        assert_eq!(round.next_due(slot, polled(true, epoch, 0), 0), Some(now));
    }
    // a server that did not answer is not asked again at once
    assert_eq!(
        Round::First.next_due(slot, polled(false, epoch, 1), 5),
        slot.next_due(epoch, 5, 1)
    );
    // then on the server's phase, as before
    let slot = Slot { index: 20, ..slot };
    for round in [Round::Follow, Round::Spread] {
        assert_eq!(
            round.next_due(slot, polled(true, now, 0), 5),
            slot.next_due(now, 5, 0)
        );
        assert_eq!(round.next_due(slot, polled(true, now, 0), 0), None);
    }
}

#[test]
fn the_flow_series_is_read_every_few_seconds_of_its_ring_not_every_poll() {
    assert!(flow_due(None, 5), "never read: now");
    assert!(flow_due(None, 0), "refresh off: the single poll reads it");
    // at 5 s, every third poll
    let due: Vec<bool> = (0..6).map(|n| flow_due(Some(n), 5)).collect();
    assert_eq!(due, [false, false, true, true, true, true]);
    // at 15 s or slower, every poll
    assert!(flow_due(Some(0), 15) && flow_due(Some(0), 60));
    assert!(!flow_due(Some(0), 1) && flow_due(Some(FLOW_EVERY_SECS - 1), 1));
}
