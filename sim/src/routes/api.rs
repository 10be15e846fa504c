//! The data routes: `/db/list`, the sync list (v2 `/table/synclist/list`, v1 `/synclist`) and
//! `/flow/get`, their parameters read as each API generation names them.

use super::{lock, App};
use crate::cli::Api;
use crate::render::{self, FlowScope, SyncFilter};

impl App {
    /// `None` = empty body (unknown route, or a Bifrost panic).
    pub(super) fn route(&self, path: &str, get: &dyn Fn(&str) -> String) -> Option<String> {
        let mut w = lock(&self.world);
        w.advance();
        match (self.api, path) {
            (api, "/db/list") => Some(render::db_list(&w, api)),
            (Api::V2, "/table/synclist/list") => {
                let f = SyncFilter {
                    db: get("DbName"),
                    schema: get("SchemaName"),
                    table: get("TableName"),
                    key: get("ToServerKey"),
                    channel_id: get("ChannelId").trim().parse().unwrap_or(0),
                    status: get("SyncStatus"),
                };
                render::sync_list_v2(&w, &f)
            }
            (Api::V1, "/synclist") => {
                // v1.5.3 reads `schema_name` only (`schema` is ignored)
                let f = SyncFilter {
                    db: get("dbname"),
                    schema: get("schema_name"),
                    table: get("table_name"),
                    key: get("toserverkey"),
                    channel_id: get("channelid").trim().parse().unwrap_or(0),
                    // v1.5.3 filters by sync_status too (v1 API page: no filter)
                    status: get("sync_status"),
                };
                // Go's map order: the rows come in another order on every call
                let shuffle = lock(&self.rng).next_u64();
                Some(render::sync_list_v1(&w, &f, shuffle))
            }
            (Api::V2, "/flow/get") => {
                let (db, ch, schema, table) = (
                    get("DbName"),
                    get("ChannelId"),
                    get("SchemaName"),
                    get("TableName"),
                );
                let kind = typ_or_minute(get("Type"));
                Some(render::flow(
                    &w,
                    flow_scope(&db, &ch, &schema, &table),
                    &kind,
                ))
            }
            (Api::V1, "/flow/get") => {
                let (db, ch, schema, table) = (
                    get("dbname"),
                    get("channelid"),
                    get("schema"),
                    get("table_name"),
                );
                // `channelid` is the channel NAME, as v2's `ChannelId` here: a real v1.5.3
                // answers null to `channelid=1` and `channelid=0`.
                let kind = typ_or_minute(get("type"));
                // v1.5.3 checks the type first: `[]` even for an unknown dbname
                if crate::flow::kind_index(&kind).is_none() {
                    return Some("[]".into());
                }
                Some(render::flow(
                    &w,
                    flow_scope(&db, &ch, &schema, &table),
                    &kind,
                ))
            }
            _ => None,
        }
    }
}

/// A missing Type means minute (the samples' v1-params call answered the minute ring).
fn typ_or_minute(t: String) -> String {
    if t.is_empty() {
        "minute".into()
    } else {
        t
    }
}

fn flow_scope<'a>(db: &'a str, ch: &'a str, schema: &'a str, table: &'a str) -> FlowScope<'a> {
    match (db, ch, schema, table) {
        ("", ..) => FlowScope::All,
        (db, "", "", "") => FlowScope::Db(db),
        (db, ch, "", "") => FlowScope::Channel(db, ch),
        (db, _, schema, table) if !schema.is_empty() && !table.is_empty() => {
            FlowScope::Table(db, schema, table)
        }
        _ => FlowScope::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        assert!(matches!(flow_scope("", "", "", ""), FlowScope::All));
        assert!(matches!(flow_scope("d", "", "s", ""), FlowScope::Invalid));
        assert!(matches!(
            flow_scope("d", "c", "", ""),
            FlowScope::Channel(..)
        ));
        assert!(matches!(
            flow_scope("d", "", "s", "t"),
            FlowScope::Table(..)
        ));
    }
}
