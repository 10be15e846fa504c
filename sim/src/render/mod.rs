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
    go_escape(serde_json::to_string(v).unwrap_or_default())
}

/// Go's encoding/json escapes `<`, `>` and `&` in strings as `\u003c`, `\u003e`, `\u0026`
/// (outside strings JSON has none of them): Bifrost's answers carry DSN parameters as
/// `?a=1\u0026password=...`.
fn go_escape(s: String) -> String {
    // `str::replace` with a char finds it with memchr: fast even in the debug build the tests
    // run (a loop over chars took the 80 MB sync list of the largest test from 4 s to 12 s).
    let mut s = s;
    for (c, escaped) in [('&', "\\u0026"), ('<', "\\u003c"), ('>', "\\u003e")] {
        if s.contains(c) {
            s = s.replace(c, escaped);
        }
    }
    s
}
