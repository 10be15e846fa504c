//! Captures: the raw Bifrost answers behind a view, saved by the dashboard and read back by
//! `bifrost-sim --replay FILE`, so a problem seen in the field can be replayed exactly.

use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Format tag of a capture file.
pub const CAPTURE_FORMAT: &str = "bifrost-dashboard-capture/1";

/// The raw answers behind a view, as `bifrost-sim --replay FILE` reads them back.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    /// When it was taken (ms since epoch).
    pub captured_at: f64,
    /// `v1` or `v2`; empty when not detected yet.
    pub api_version: String,
    /// The dashboard's query string (view, filters) when captured.
    pub view: String,
    /// Path and query relative to the instance's prefix (`/db/list?format=json`) -> body.
    pub responses: BTreeMap<String, String>,
    /// What changed on the instance while a dashboard watched (`model::timeline::Timeline`
    /// as JSON); `Null` when there is none. The simulator's replay ignores it.
    pub timeline: Value,
}

impl Capture {
    pub fn to_json(&self) -> String {
        let v = json!({
            "format": CAPTURE_FORMAT,
            "captured_at": self.captured_at,
            "api_version": self.api_version,
            "view": self.view,
            "responses": self.responses,
            "timeline": self.timeline,
        });
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Capture, String> {
        let v: Value =
            serde_json::from_slice(text.as_bytes()).map_err(|e| format!("not JSON: {e}"))?;
        if v["format"] != CAPTURE_FORMAT {
            return Err(format!("not a capture: `format` is not {CAPTURE_FORMAT}"));
        }
        let responses = v["responses"]
            .as_object()
            .ok_or("`responses` must be an object")?
            .iter()
            .map(|(k, b)| {
                b.as_str()
                    .map(|b| (k.clone(), b.to_string()))
                    .ok_or_else(|| format!("`responses[{k}]` must be a string"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Capture {
            captured_at: v["captured_at"].as_f64().unwrap_or(0.0),
            api_version: v["api_version"].as_str().unwrap_or_default().to_string(),
            view: v["view"].as_str().unwrap_or_default().to_string(),
            responses,
            timeline: v["timeline"].clone(),
        })
    }
}

/// A request path relative to the instance prefix: `/bifrost/a/db/list?x` -> `/db/list?x`.
/// `None` for a path outside the prefix.
pub fn relative_path(prefix: &str, url: &str) -> Option<String> {
    let p = prefix.trim().trim_end_matches('/');
    let p = if p.is_empty() || p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    };
    let rest = url.strip_prefix(&p)?;
    rest.starts_with('/').then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_round_trips_and_rejects_other_files() {
        let mut responses = BTreeMap::new();
        responses.insert("/db/list?format=json".to_string(), "{\"a\":1}".to_string());
        responses.insert("/flow/get?format=json".to_string(), String::new());
        let c = Capture {
            captured_at: 1.0e12,
            api_version: "v2".into(),
            view: "?page=sync".into(),
            responses,
            timeline: json!({"events": [{"at": 5, "what": "Back", "failing": 0}]}),
        };
        assert_eq!(Capture::from_json(&c.to_json()), Ok(c));
        assert!(Capture::from_json("[]").is_err());
        assert!(Capture::from_json("{").unwrap_err().contains("not JSON"));
        let bad = json!({"format": CAPTURE_FORMAT, "responses": {"/x": 1}}).to_string();
        assert!(Capture::from_json(&bad).unwrap_err().contains("/x"));
    }

    #[test]
    fn paths_are_made_relative_to_the_prefix() {
        assert_eq!(
            relative_path("/", "/db/list?format=json").as_deref(),
            Some("/db/list?format=json")
        );
        assert_eq!(
            relative_path("/bifrost/a/", "/bifrost/a/flow/get?x=1").as_deref(),
            Some("/flow/get?x=1")
        );
        assert_eq!(relative_path("/bifrost/a/", "/bifrost/ab/db/list"), None);
        assert_eq!(relative_path("/bifrost/b", "/other/db/list"), None);
    }
}
