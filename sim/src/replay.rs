//! `--replay FILE`: answers the exact bodies of a dashboard capture (the "Capture" button:
//! `{"format":"bifrost-dashboard-capture/1","responses":{"/db/list?format=json":"…",…}}`)
//! for those paths, so a developer sees what the user saw. Anything else gets Bifrost's answer
//! to an unknown route: 200 with an empty body. No auth (a capture holds no secrets to guard).

use crate::http::{parse_urlencoded, Request, Response};
use std::collections::HashMap;

pub const FORMAT: &str = "bifrost-dashboard-capture/1";

#[derive(Debug)]
pub struct Replay {
    /// path and query, exactly as captured -> body
    exact: HashMap<String, String>,
    /// (path, sorted decoded params) -> body: the same request with its query spelled differently
    loose: HashMap<(String, Vec<(String, String)>), String>,
    /// The capture names API v2 (`api_version`).
    v2: bool,
}

/// The dashboard's generation probe (`/table/synclist/list?format=json&SyncStatus=error`).
fn is_probe(path: &str, query: &str) -> bool {
    path == "/table/synclist/list"
        && loose_key(path, query).1 == loose_key("", "format=json&SyncStatus=error").1
}

/// What a v2 Bifrost answers a sync list without rows (tests/fixtures/bifrost/v2.4.1/synclist.empty.json).
const V2_EMPTY_LIST: &str = r#"{"DbName":"","SchemaName":"","TableName":"","ToServerKey":"","SyncStatus":"","SyncList":[],"ToServerKeyList":{},"DbList":{},"ChannelID":0,"ChannelList":null}"#;

fn loose_key(path: &str, query: &str) -> (String, Vec<(String, String)>) {
    let mut params = parse_urlencoded(query);
    params.sort();
    (path.to_string(), params)
}

impl Replay {
    pub fn load(path: &str) -> Result<Replay, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("--replay {path}: {e}"))?;
        Replay::parse(&text).map_err(|e| format!("--replay {path}: {e}"))
    }

    pub fn parse(text: &str) -> Result<Replay, String> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        if v["format"] != FORMAT {
            return Err(format!("not a capture (`format` is not {FORMAT})"));
        }
        let responses = v["responses"]
            .as_object()
            .ok_or("`responses` must be an object")?;
        let mut exact = HashMap::new();
        let mut loose = HashMap::new();
        for (k, body) in responses {
            let body = body
                .as_str()
                .ok_or_else(|| format!("`responses[{k}]` must be a string"))?;
            let (path, query) = k.split_once('?').unwrap_or((k, ""));
            exact.insert(k.clone(), body.to_string());
            loose.insert(loose_key(path, query), body.to_string());
        }
        let v2 = v["api_version"] == "v2";
        Ok(Replay { exact, loose, v2 })
    }

    pub fn handle(&self, req: &Request) -> Response {
        let key = if req.query.is_empty() {
            req.path.clone()
        } else {
            format!("{}?{}", req.path, req.query)
        };
        let body = self
            .exact
            .get(&key)
            .or_else(|| self.loose.get(&loose_key(&req.path, &req.query)));
        match body {
            Some(b) => Response::text(b.clone()),
            // A page that remembered the generation from an earlier visit asked no probe, so
            // its capture holds none: the probe is answered as the captured generation does
            // (v1 knows no such route: empty), and the replaying page detects the same one.
            None if self.v2 && is_probe(&req.path, &req.query) => {
                Response::text(V2_EMPTY_LIST.to_string())
            }
            None => Response::empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path: &str, query: &str) -> Request {
        Request {
            method: "GET".into(),
            path: path.into(),
            query: query.into(),
            headers: Vec::new(),
            body: Vec::new(),
            peer: std::net::IpAddr::from([127, 0, 0, 1]),
        }
    }

    #[test]
    fn answers_captured_bodies_exactly() {
        let r = Replay::parse(
            r#"{"format":"bifrost-dashboard-capture/1","captured_at":1,"api_version":"v2",
                "responses":{"/db/list?format=json":"{\"a\":1}",
                             "/flow/get?format=json&DbName=a%20b&Type=minute":"[]"}}"#,
        )
        .unwrap();
        let a = r.handle(&get("/db/list", "format=json"));
        assert_eq!(a.body, b"{\"a\":1}");
        let b = r.handle(&get("/flow/get", "Type=minute&format=json&DbName=a+b"));
        assert_eq!(b.body, b"[]");
        let none = r.handle(&get("/table/synclist/list", "format=json"));
        assert!(none.body.is_empty());
        assert_eq!(none.status, 200);
        // the generation probe, not captured, answered as the captured v2 does
        let probe = r.handle(&get("/table/synclist/list", "SyncStatus=error&format=json"));
        assert!(probe.body.starts_with(b"{\"DbName\""));
    }

    #[test]
    fn rejects_what_is_not_a_capture() {
        assert!(Replay::parse("{").unwrap_err().contains("not JSON"));
        assert!(Replay::parse("{}").unwrap_err().contains("not a capture"));
        let bad = r#"{"format":"bifrost-dashboard-capture/1","responses":{"/x":1}}"#;
        assert!(Replay::parse(bad).unwrap_err().contains("/x"));
    }
}
