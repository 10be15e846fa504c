//! Alerts that do not cry wolf: the pending period, recovery, acknowledgement and silence of
//! one tab's tracker, and the record that makes one notification per event across tabs.

use bifrost_dashboard::model::alert_share::{Shared, STALE_SECS};
use bifrost_dashboard::model::alert_state::*;
use bifrost_dashboard::model::alerts::{unreachable, Alert, Kind, Rules};

fn alert(subject: &str) -> Alert {
    Alert {
        kind: Kind::OutputError,
        subject: subject.into(),
        row_key: subject.into(),
        value: None,
    }
}

fn rules(pending: Option<u32>) -> Rules {
    Rules {
        output_error: true,
        pending_secs: pending,
        ..Default::default()
    }
}

fn loud(_: &AlertId) -> Mute {
    Mute::default()
}

fn told(ev: &[Event]) -> Vec<(Transition, String)> {
    ev.iter()
        .map(|e| (e.transition, e.alert.subject.clone()))
        .collect()
}

/// Polls every `every` seconds from t=1000, `holding` deciding per poll index.
fn run(
    t: &mut Tracker,
    r: &Rules,
    polls: std::ops::Range<u64>,
    every: i64,
    holding: impl Fn(u64) -> bool,
    mute: &dyn Fn(&AlertId) -> Mute,
) -> Vec<(u64, Transition)> {
    let mut out = Vec::new();
    for p in polls {
        let h = if holding(p) { vec![alert("a")] } else { vec![] };
        for e in t.step(r, &h, p, 1000 + p as i64 * every, mute) {
            out.push((p, e.transition));
        }
    }
    out
}

#[test]
fn a_one_poll_blip_never_fires() {
    let mut t = Tracker::default();
    // held in poll 3 only, at any pending period, even none
    for pending in [None, Some(0), Some(5)] {
        let got = run(&mut t, &rules(pending), 0..10, 30, |p| p == 3, &loud);
        assert!(got.is_empty(), "{pending:?}: {got:?}");
    }
    // a rule edit re-evaluating the same poll is not a second poll
    let mut t = Tracker::default();
    assert!(t
        .step(&rules(Some(0)), &[alert("a")], 1, 1000, &loud)
        .is_empty());
    assert!(t
        .step(&rules(Some(0)), &[alert("a")], 1, 1001, &loud)
        .is_empty());
    assert!(t.firing().is_empty());
}

#[test]
fn holding_past_the_pending_period_fires_once_then_recovers_once() {
    let mut t = Tracker::default();
    // 60 s default, polls every 10 s: holds from poll 1; fires at poll 7 (60 s later)
    let got = run(
        &mut t,
        &rules(None),
        0..20,
        10,
        |p| (1..15).contains(&p),
        &loud,
    );
    assert_eq!(
        got,
        vec![(7, Transition::Fired), (15, Transition::Recovered)]
    );
    assert_eq!(t.recovered().len(), 1);
    assert!(t.firing().is_empty());
    // held two polls within the period: still pending, then cleared: nothing told
    let mut t = Tracker::default();
    let got = run(&mut t, &rules(None), 0..10, 10, |p| p == 1 || p == 2, &loud);
    assert!(got.is_empty());
    assert!(t.recovered().is_empty(), "a pending alert never recovered");
}

#[test]
fn pending_and_firing_phases_carry_their_times() {
    let mut t = Tracker::default();
    t.step(&rules(Some(20)), &[alert("a")], 1, 100, &loud);
    t.step(&rules(Some(20)), &[alert("a")], 2, 110, &loud);
    let o: Vec<_> = t.open().cloned().collect();
    assert_eq!(
        o[0].phase,
        Phase::Pending {
            since: 100,
            polls: 2
        }
    );
    t.step(&rules(Some(20)), &[alert("a")], 3, 120, &loud);
    let o: Vec<_> = t.open().cloned().collect();
    assert_eq!(
        o[0].phase,
        Phase::Firing {
            since: 120,
            notified: true
        }
    );
    assert_eq!(o[0].began, 100);
    assert_eq!(t.firing(), vec![alert("a")]);
}

#[test]
fn an_acknowledged_alert_stays_quiet_until_it_clears_and_fires_anew() {
    use std::cell::RefCell;
    let shared = RefCell::new(Shared::default());
    let r = rules(Some(0));
    // as the view does: mutes read from the shared record, clears written back to it
    let step = |t: &mut Tracker, holds: bool, p: u64| {
        let h = if holds { vec![alert("a")] } else { vec![] };
        let now = 1000 + p as i64 * 10;
        let snapshot = shared.borrow().clone();
        let ev = t.step(&r, &h, p, now, &|i| snapshot.mute("prod", i));
        for i in t.cleared() {
            shared.borrow_mut().cleared("prod", i, now);
        }
        told(&ev)
    };
    let mut t = Tracker::default();
    step(&mut t, true, 0);
    // acknowledged while pending: fires without telling
    shared.borrow_mut().acknowledge("prod", &id("a"), 1005);
    for p in 1..4 {
        assert!(step(&mut t, true, p).is_empty());
    }
    assert_eq!(t.firing().len(), 1);
    // a tab opened (or reloaded) after the acknowledgement: the same episode, quiet
    let mut late = Tracker::default();
    for p in 2..5 {
        assert!(step(&mut late, true, p).is_empty());
    }
    // it clears in the first tab (t=1040), not yet in the late one: still quiet there
    assert!(step(&mut t, false, 4).is_empty());
    assert!(step(&mut late, true, 5).is_empty());
    assert!(
        step(&mut late, false, 6).is_empty(),
        "its recovery is quiet too"
    );
    // the next episode is told
    step(&mut t, true, 7);
    assert_eq!(step(&mut t, true, 8), vec![(Transition::Fired, "a".into())]);
    // acknowledged after it was told: its recovery is not told
    shared.borrow_mut().acknowledge("prod", &id("a"), 1085);
    assert!(step(&mut t, false, 9).is_empty());
}

#[test]
fn a_silence_holds_until_it_expires_then_the_alert_is_told_once() {
    let mut t = Tracker::default();
    let r = rules(Some(0));
    let silenced = |_: &AlertId| Mute {
        silenced_until: Some(1050),
        ..Default::default()
    };
    // firing from poll 1 (t=1010) on, silenced until t=1050: told at poll 5, once
    let got = run(&mut t, &r, 0..10, 10, |_| true, &silenced);
    assert_eq!(got, vec![(5, Transition::Fired)]);
    // recovering during a new silence is not told
    let again = |_: &AlertId| Mute {
        silenced_until: Some(5000),
        ..Default::default()
    };
    let got = run(&mut t, &r, 10..12, 10, |_| false, &again);
    assert!(got.is_empty());
}

#[test]
fn a_rule_change_resets_pending_but_keeps_firing() {
    let mut t = Tracker::default();
    let a = rules(Some(30));
    t.step(&a, &[alert("p")], 1, 100, &loud);
    t.step(&a, &[alert("p")], 2, 120, &loud);
    // edited before the period passed: the 30 s count again from the edit
    let b = Rules {
        lag_above_secs: Some(5),
        ..a.clone()
    };
    assert!(t.step(&b, &[alert("p")], 2, 125, &loud).is_empty());
    assert!(t.step(&b, &[alert("p")], 3, 140, &loud).is_empty());
    let ev = t.step(&b, &[alert("p")], 4, 155, &loud);
    assert_eq!(told(&ev), vec![(Transition::Fired, "p".into())]);
    // a firing alert is not told again because another rule changed
    let c = Rules {
        lag_above_secs: Some(9),
        ..b
    };
    assert!(t.step(&c, &[alert("p")], 4, 160, &loud).is_empty());
    assert_eq!(t.firing().len(), 1);
}

#[test]
fn recovered_notices_are_bounded_and_dropped_when_it_holds_again() {
    let mut t = Tracker::default();
    let r = rules(Some(0));
    let names: Vec<String> = (0..8).map(|i| format!("s{i}")).collect();
    let all: Vec<Alert> = names.iter().map(|n| alert(n)).collect();
    t.step(&r, &all, 1, 10, &loud);
    t.step(&r, &all, 2, 20, &loud);
    let ev = t.step(&r, &[], 3, 30, &loud);
    assert_eq!(ev.len(), 8);
    assert_eq!(t.recovered().len(), 5);
    t.step(&r, &[alert("s7")], 4, 40, &loud);
    assert!(t.recovered().iter().all(|(a, _)| a.subject != "s7"));
}

#[test]
fn unreachable_is_an_alert_about_the_instance() {
    let on = Rules {
        unreachable: true,
        ..Default::default()
    };
    assert_eq!(unreachable(&Rules::default(), "prod", true), None);
    assert_eq!(unreachable(&on, "prod", false), None);
    let a = unreachable(&on, "prod", true).expect("fires");
    assert_eq!((a.kind, a.subject.as_str()), (Kind::Unreachable, "prod"));
}

fn id(s: &str) -> AlertId {
    AlertId::of(&alert(s))
}

#[test]
fn one_event_is_told_by_one_tab() {
    let mut shared = Shared::default();
    let a = id("a");
    // three tabs see the same episode fire, each on its own poll
    let tabs = ["t1", "t2", "t3"];
    let claims: Vec<bool> = tabs
        .iter()
        .enumerate()
        .map(|(i, tab)| shared.claim("prod", &a, Transition::Fired, tab, 100 + i as i64))
        .collect();
    assert_eq!(claims, vec![true, false, false]);
    assert!(shared.claimed_by("prod", &a, Transition::Fired, "t1"));
    // the same subject on another instance is another alert
    assert!(shared.claim("test", &a, Transition::Fired, "t2", 103));
    // recovery: told once, then the next episode's firing is news again
    let rec: Vec<bool> = tabs
        .iter()
        .map(|tab| shared.claim("prod", &a, Transition::Recovered, tab, 200))
        .collect();
    assert_eq!(rec, vec![true, false, false]);
    assert!(shared.claim("prod", &a, Transition::Fired, "t3", 300));
}

#[test]
fn claims_in_the_same_instant_leave_one_teller() {
    // two tabs read the same record before either wrote: both claim, the last write stays
    let base = Shared::default();
    let (mut one, mut two) = (base.clone(), base);
    assert!(one.claim("prod", &id("a"), Transition::Fired, "t1", 100));
    assert!(two.claim("prod", &id("a"), Transition::Fired, "t2", 100));
    let stored = Shared::parse(&two.to_text());
    assert!(!stored.claimed_by("prod", &id("a"), Transition::Fired, "t1"));
    assert!(stored.claimed_by("prod", &id("a"), Transition::Fired, "t2"));
}

#[test]
fn a_fired_nobody_saw_for_long_is_a_past_episode() {
    let mut shared = Shared::default();
    let a = id("a");
    assert!(shared.claim("prod", &a, Transition::Fired, "t1", 100));
    // a tab still sees it firing: the same episode, however late
    shared.still_firing("prod", [a.clone()].iter(), 100 + STALE_SECS);
    assert!(!shared.claim("prod", &a, Transition::Fired, "t2", 100 + 2 * STALE_SECS));
    // nobody saw it for longer than STALE_SECS (every tab closed): a new episode
    assert!(shared.claim("prod", &a, Transition::Fired, "t2", 100 + 3 * STALE_SECS));
}

#[test]
fn mutes_are_shared_and_the_record_is_bounded() {
    let mut shared = Shared::default();
    shared.acknowledge("prod", &id("a"), 100);
    shared.silence("prod", &id("b"), 3700);
    let back = Shared::parse(&shared.to_text());
    assert_eq!(back.mute("prod", &id("a")).acked_at, Some(100));
    assert_eq!(back.mute("prod", &id("b")).silenced_until, Some(3700));
    assert_eq!(back.mute("test", &id("a")), Mute::default());
    assert_eq!(Shared::parse("not json"), Shared::default());
    let mut big = Shared::default();
    for i in 0..2000 {
        big.claim("prod", &id(&format!("s{i}")), Transition::Fired, "t", i);
    }
    big.prune(2000);
    assert_eq!(big.entries.len(), 500);
    assert!(big
        .entries
        .iter()
        .all(|e| e.told.as_ref().unwrap().at >= 1500));
    big.prune(2000 + 90_000);
    assert!(big.entries.is_empty(), "a day old and no mute: forgotten");
}
