//! Parse Bifrost bodies into wire types, with precise errors.
//!
//! Every parser first runs the body-only checks of [`classify`] (empty body, HTML, and the
//! `{"status":-1,...}` auth object), so an auth failure is [`ApiError::Auth`], never `Shape`.
//! Invalid JSON is [`ApiError::Malformed`] with line and column; valid JSON of the wrong type is
//! [`ApiError::Shape`] with the field path, e.g. `SyncList[0].ToServerList[1].QueueMsgCount`.

use serde::de::DeserializeOwned;

use super::classify::{classify, trim_body};
use super::error::ApiError;
use super::request::ApiVersion;
use super::types::{DbList, FlowPoint, SyncList, SyncListV2, SyncTable};

/// `GET /db/list?format=json`: data sources keyed by name. `{}` is Ok(empty).
pub fn parse_db_list(body: &str) -> Result<DbList, ApiError> {
    let body = precheck(body)?;
    if let Some(what) = not_an_object(body) {
        return Err(ApiError::Shape {
            path: String::from("."),
            msg: format!("expected the data sources (a JSON object), got {what}"),
        });
    }
    decode(body)
}

/// The sync list of a server whose generation is known. A v2 server always answers its
/// object, so `null` or an array there (a proxy or handler fault) is an error instead of
/// "no tables", and the last good list stays on screen.
pub fn parse_sync_list_as(version: ApiVersion, body: &str) -> Result<SyncList, ApiError> {
    if version == ApiVersion::V2 {
        let trimmed = precheck(body)?;
        if let Some(what) = not_an_object(trimmed) {
            return Err(ApiError::Shape {
                path: String::from("."),
                msg: format!("expected the v2 sync list (a JSON object), got {what}"),
            });
        }
    }
    parse_sync_list(body)
}

/// Names the top-level JSON value when it is plainly not an object (`null`, an array, a
/// string, a number or a boolean); `None` for an object or for something that is not JSON.
fn not_an_object(body: &str) -> Option<&'static str> {
    match body.as_bytes().first()? {
        b'{' => None,
        b'[' => Some("an array"),
        b'"' => Some("a string"),
        b'-' | b'0'..=b'9' => Some("a number"),
        _ if body == "null" => Some("null"),
        _ if body == "true" || body == "false" => Some("a boolean"),
        _ => None,
    }
}

/// The sync list of either generation, detected by shape: a v2 object
/// (`/table/synclist/list`) or a v1 bare array (`/synclist`). `null` (a v1 server with no
/// tables) is Ok(empty).
pub fn parse_sync_list(body: &str) -> Result<SyncList, ApiError> {
    let body = precheck(body)?;
    if body.starts_with('{') {
        return decode::<SyncListV2>(body).map(SyncList::from);
    }
    if body.starts_with('[') || body == "null" {
        let tables: Option<Vec<SyncTable>> = decode(body)?;
        return Ok(SyncList {
            tables: tables.unwrap_or_default(),
            ..SyncList::default()
        });
    }
    // Something else: report invalid JSON precisely, or the wrong top-level type.
    match serde_json::from_slice::<serde_json::Value>(body.as_bytes()) {
        Err(e) => Err(json_error(String::new(), e)),
        Ok(_) => Err(ApiError::Shape {
            path: String::from("."),
            msg: String::from("expected a sync list object (v2) or array (v1)"),
        }),
    }
}

/// The v2 sync list object as sent (with its `DbList` snapshot and filters echo).
pub fn parse_sync_list_v2(body: &str) -> Result<SyncListV2, ApiError> {
    let body = precheck(body)?;
    decode(body)
}

/// `GET /flow/get?format=json&...`: the raw ring, unfilled slots included (see
/// `model::flow::normalize`). `null` (unknown scope) and `[]` (unknown Type) are Ok(empty):
/// "no data for this scope".
pub fn parse_flow(body: &str) -> Result<Vec<FlowPoint>, ApiError> {
    let body = precheck(body)?;
    let points: Option<Vec<FlowPoint>> = decode(body)?;
    Ok(points.unwrap_or_default())
}

pub(crate) fn precheck(body: &str) -> Result<&str, ApiError> {
    classify(200, None, None, body).map(trim_body)
}

pub(crate) fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    crate::wire::json_path::decode(body).map_err(|(path, e)| json_error(path, e))
}

fn json_error(path: String, e: serde_json::Error) -> ApiError {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => full[..i].to_string(),
        _ => full,
    };
    if e.is_data() {
        ApiError::Shape { path, msg }
    } else {
        ApiError::Malformed {
            line: e.line(),
            column: e.column(),
            msg,
        }
    }
}
