//! JSON exactly as Bifrost renders it. Structs keep the samples' field order; Go sorts map keys,
//! so maps are BTreeMaps. Everything borrows from the world so 10k rows render quickly.
//!
//! One module per answer: `db` for `/db/list`, `sync` for the sync list (v2 and v1), `rings`
//! for `/flow/get`.

mod db;
mod rings;
mod sync;

use serde::Serialize;

pub use db::db_list;
pub use rings::{flow, FlowScope};
pub use sync::{sync_list_v1, sync_list_v2, SyncFilter};

fn to_json<T: Serialize>(v: &T) -> String {
    // Serializing plain structs, string-keyed maps and Values cannot fail.
    serde_json::to_string(v).unwrap_or_default()
}
