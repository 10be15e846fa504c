//! What one refresh cycle fetches for the current view: pure, so the "at most one request per
//! endpoint and scope per tick" rule is tested natively.

use crate::ui::url_state::{Page, ViewState};
use crate::wire::request::{FlowScope, SyncQuery, Window};

/// The requests of one cycle. `/db/list` is always fetched: every page shows source health.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub sync: Option<SyncQuery>,
    pub flows: Vec<(FlowScope, Window)>,
}

/// The sync-list query the endpoint can filter on; free text and sort stay client-side.
pub fn sync_query(state: &ViewState) -> SyncQuery {
    SyncQuery {
        db: state.db.clone(),
        schema: state.schema.clone(),
        table: state.table.clone(),
        to_server_key: state.key.clone(),
        channel_id: state.channel.parse().ok(),
        status: state.status,
    }
}

/// The flow scope the flow page shows (before comparisons).
pub fn flow_scope(state: &ViewState, channel_name: Option<&str>) -> FlowScope {
    if state.db.is_empty() {
        FlowScope::Server
    } else if !state.table.is_empty() {
        FlowScope::Table {
            db: state.db.clone(),
            schema: state.schema.clone(),
            table: state.table.clone(),
        }
    } else if let (Some(name), Ok(id)) = (channel_name, state.channel.parse::<u32>()) {
        FlowScope::Channel {
            db: state.db.clone(),
            channel_name: name.to_owned(),
            channel_id: id,
        }
    } else {
        FlowScope::Db(state.db.clone())
    }
}

/// Builds the plan. `dbs` are the known data sources (server-wide flow is summed from them
/// by timestamp, because Bifrost's own aggregate adds arrays index by index).
pub fn plan(state: &ViewState, dbs: &[String], channel_name: Option<&str>) -> Plan {
    let per_db = |w: Window| -> Vec<(FlowScope, Window)> {
        dbs.iter().map(|d| (FlowScope::Db(d.clone()), w)).collect()
    };
    let mut p = match state.page {
        Page::Overview => Plan {
            sync: Some(SyncQuery::default()),
            flows: per_db(Window::TenMinute),
        },
        Page::Sources => Plan {
            sync: None,
            flows: per_db(Window::TenMinute),
        },
        Page::Sync => Plan {
            sync: Some(sync_query(state)),
            flows: Vec::new(),
        },
        // The all-instances page fetches for itself (`fleet`), one loop per instance.
        Page::Instances => Plan {
            sync: None,
            flows: Vec::new(),
        },
        Page::Flow => {
            let w = state.window;
            let mut flows = match flow_scope(state, channel_name) {
                FlowScope::Server => per_db(w),
                scope => vec![(scope, w)],
            };
            flows.extend(state.compare.iter().map(|d| (FlowScope::Db(d.clone()), w)));
            // With a source chosen, its sync list names the channels and tables to pick from.
            let sync = (!state.db.is_empty()).then(|| SyncQuery {
                db: state.db.clone(),
                ..SyncQuery::default()
            });
            Plan { sync, flows }
        }
    };
    // One request per scope and window per cycle, whatever asked for it.
    let mut seen = Vec::new();
    p.flows.retain(|f| {
        let dup = seen.contains(f);
        if !dup {
            seen.push(f.clone());
        }
        !dup
    });
    p
}

/// The wait before the next cycle: the chosen interval, doubled after each failed cycle up
/// to five minutes, so a dead upstream is not hammered. `None`: refresh is off.
pub fn next_delay_ms(every_secs: u32, failures: u32) -> Option<u32> {
    if every_secs == 0 {
        return None;
    }
    let base = u64::from(every_secs) * 1000;
    let backed = base.saturating_mul(1u64 << failures.min(16));
    Some(backed.min(300_000).max(base) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::request::SyncStatusFilter;

    #[test]
    fn delay_backs_off_after_failures_and_caps() {
        assert_eq!(next_delay_ms(0, 3), None);
        assert_eq!(next_delay_ms(5, 0), Some(5_000));
        assert_eq!(next_delay_ms(5, 1), Some(10_000));
        assert_eq!(next_delay_ms(5, 3), Some(40_000));
        assert_eq!(next_delay_ms(5, 40), Some(300_000));
        // a 5-minute interval is never shortened by the cap
        assert_eq!(next_delay_ms(300, 2), Some(300_000));
    }

    fn dbs() -> Vec<String> {
        vec!["a".into(), "b".into()]
    }

    #[test]
    fn overview_fetches_everything_once() {
        let p = plan(&ViewState::default(), &dbs(), None);
        assert_eq!(p.sync, Some(SyncQuery::default()));
        assert_eq!(
            p.flows,
            vec![
                (FlowScope::Db("a".into()), Window::TenMinute),
                (FlowScope::Db("b".into()), Window::TenMinute)
            ]
        );
    }

    #[test]
    fn sync_page_passes_filters_to_the_endpoint() {
        let s = ViewState::from_query("?page=sync&db=a&status=error&channel=2&q=zzz");
        let p = plan(&s, &dbs(), None);
        let q = p.sync.expect("sync query");
        assert_eq!(q.db, "a");
        assert_eq!(q.channel_id, Some(2));
        assert_eq!(q.status, Some(SyncStatusFilter::Error));
        assert!(p.flows.is_empty());
    }

    #[test]
    fn flow_page_dedups_compared_scopes() {
        let s = ViewState::from_query("?page=flow&db=a&compare=a,b,b&window=hour");
        let p = plan(&s, &dbs(), None);
        assert_eq!(
            p.flows,
            vec![
                (FlowScope::Db("a".into()), Window::Hour),
                (FlowScope::Db("b".into()), Window::Hour)
            ]
        );
        assert_eq!(p.sync.map(|q| q.db), Some("a".to_string()));
        let p = plan(&ViewState::from_query("?page=flow"), &dbs(), None);
        assert_eq!(p.sync, None, "the server scope needs no sync list");
    }

    #[test]
    fn flow_scope_prefers_table_then_channel() {
        let s = ViewState::from_query("?page=flow&db=a&schema=s&table=t&channel=1");
        assert!(matches!(
            flow_scope(&s, Some("default")),
            FlowScope::Table { .. }
        ));
        let s = ViewState::from_query("?page=flow&db=a&channel=1");
        assert_eq!(
            flow_scope(&s, Some("default")),
            FlowScope::Channel {
                db: "a".into(),
                channel_name: "default".into(),
                channel_id: 1
            }
        );
        // without the channel's name (not loaded yet) the db scope is used
        assert_eq!(flow_scope(&s, None), FlowScope::Db("a".into()));
    }
}
