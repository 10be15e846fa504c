//! Bifrost's JSON, both API generations, and pure request building.
//!
//! Data flows `classify` -> `parse` -> `model`. Nothing here formats for display and nothing
//! here does I/O: the browser client fetches, then hands status, content type, final URL and
//! body to [`classify::classify`] and the body to a [`parse`] function.

pub mod classify;
/// Base64 and percent-encoding: the `bifrost-encoding` workspace crate, shared with the
/// simulator and xtask without them depending on the dashboard.
pub use bifrost_encoding as encoding;
pub mod error;
pub mod json_path;
pub mod parse;
pub mod request;
pub mod stream;
pub mod types;

pub use classify::classify;
pub use encoding::percent_encode;
pub use error::ApiError;
pub use parse::{
    parse_db_list, parse_flow, parse_sync_list, parse_sync_list_as, parse_sync_list_v2,
};
pub use request::{
    db_list_path, detect_version, flow_path, sync_list_path, version_probe_path, ApiVersion,
    FlowScope, SyncQuery, SyncStatusFilter, Window,
};
pub use stream::SyncListStream;
pub use types::{
    BinlogPos, ChannelInfo, DbInfo, DbList, FlowPoint, SyncList, SyncListV2, SyncTable, ToServer,
    ToServerKeyInfo,
};
