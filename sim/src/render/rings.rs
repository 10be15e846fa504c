//! `/flow/get`: the flow ring of the whole server, a data source, a channel or a table.

use super::to_json;
use crate::flow::{self, Point};
use crate::world::World;

pub enum FlowScope<'a> {
    All,
    Db(&'a str),
    Channel(&'a str, &'a str),
    Table(&'a str, &'a str, &'a str),
    /// a scope Bifrost cannot resolve (schema without table and the like): `null`
    Invalid,
}

/// `/flow/get`: `null` for an unknown scope, `[]` for an unknown Type, else the ring.
/// A channel is named by its NAME in both generations.
pub fn flow(w: &World, scope: FlowScope, kind: &str) -> String {
    let Some(series) = flow_series(w, scope, kind) else {
        return "null".into();
    };
    to_json(&series)
}

fn flow_series(w: &World, scope: FlowScope, kind: &str) -> Option<Vec<Point>> {
    let flow = match scope {
        FlowScope::All => {
            return Some(match flow::kind_index(kind) {
                Some(k) => flow::sum_by_index(w.sources.iter().map(|s| &s.flow), k),
                None => Vec::new(),
            })
        }
        FlowScope::Invalid => return None,
        FlowScope::Db(db) => &w.sources[w.source(db)?].flow,
        FlowScope::Channel(db, ch) => {
            let s = &w.sources[w.source(db)?];
            // by NAME in both generations: a real v1.5.3 answers null to the numeric id too
            let c = s.channels.iter().find(|c| c.name == ch)?;
            &c.flow
        }
        FlowScope::Table(db, schema, table) => {
            let d = w.source(db)?;
            let t = w
                .tables
                .iter()
                .find(|t| t.db == d && t.schema == schema && t.name == table)?;
            &t.flow
        }
    };
    Some(flow::kind_index(kind).map_or_else(Vec::new, |k| flow.series(k)))
}
