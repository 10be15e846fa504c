//! The all-instances overview's numbers, on the real samples.

#[path = "fixtures/samples.rs"]
mod samples;

use bifrost_dashboard::model::fleet::instance_health;
use bifrost_dashboard::model::health::{OutputState, SourceState};
use bifrost_dashboard::model::rows::sync_rows;
use bifrost_dashboard::wire::{parse_db_list, parse_flow, parse_sync_list, DbList};

#[test]
fn live_sample_counts_running_sources_and_failing_outputs() {
    let dbs = parse_db_list(&samples::read("live.db_list.json")).unwrap();
    let list = parse_sync_list(&samples::read("live.synclist.all.json")).unwrap();
    // the live sample has one source; its ten-minute flow
    let flows = vec![parse_flow(&samples::read("live.flow.db.tenminute.json")).unwrap()];
    let h = instance_health(&dbs, Some(&list), Some(&flows));
    let running = dbs
        .values()
        .filter(|d| SourceState::from_db(d) == SourceState::Running)
        .count();
    let rows = sync_rows(&list, &dbs);
    let failing = rows
        .iter()
        .filter(|r| r.state == OutputState::Failing)
        .count();
    assert!(failing > 0, "the live sample has a failing output");
    assert_eq!(h.sources_total, dbs.len());
    assert_eq!(h.sources_running, running);
    assert_eq!(h.outputs_total, Some(rows.len()));
    assert_eq!(h.outputs_failing, Some(failing));
    let r = h.rows_per_s.expect("a rate from the live flow");
    assert!(r >= 0.0, "{r}");
}

#[test]
fn missing_answers_leave_only_their_numbers_unknown() {
    let dbs = parse_db_list(&samples::read("live.db_list.json")).unwrap();
    let h = instance_health(&dbs, None, None);
    assert_eq!(h.sources_total, dbs.len());
    assert_eq!(h.outputs_failing, None);
    assert_eq!(h.outputs_total, None);
    assert_eq!(h.rows_per_s, None);
    // no sources: nothing flows, which is a known zero, not an unknown
    let h = instance_health(&DbList::new(), None, Some(&[]));
    assert_eq!(h.rows_per_s, Some(0.0));
    assert_eq!(h.sources_running, 0);
}
