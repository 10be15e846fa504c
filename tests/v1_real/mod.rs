//! The real Bifrost v1.5.3 captures (`tests/fixtures/bifrost/v1.5.3`) as the tests read them:
//! one answer per request, named by the captures' README rule.
#![allow(dead_code)]

use std::path::PathBuf;

use bifrost_dashboard::wire::{parse_db_list, parse_sync_list_as, ApiVersion, DbList, SyncList};

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bifrost/v1.5.3")
}

/// One captured answer: status, content type and body.
pub struct Capture {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

pub fn capture(name: &str) -> Capture {
    let read = |ext: &str| {
        let p = dir().join(format!("{name}.{ext}"));
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let hdr = read("hdr");
    let mut lines = hdr.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{name}.hdr: no status line"));
    let content_type = lines.find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("content-type")
            .then(|| v.trim().to_string())
    });
    Capture {
        status,
        content_type,
        body: read("body"),
    }
}

/// The capture's name for a request target: path and query parts joined by `__`, then the
/// method where not GET and the credentials where not the monitor user's (the README's rule).
pub fn capture_name(user: &str, method: &str, target: &str) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut parts = vec![path.trim_matches('/').replace('/', "_")];
    parts.extend(query.split('&').filter(|q| !q.is_empty()).map(String::from));
    if method != "GET" {
        parts.push(method.to_string());
    }
    match user {
        "none" => parts.push("noauth".into()),
        "bad" => parts.push("badpw".into()),
        _ => {}
    }
    parts.join("__")
}

/// The requests of `REQUESTS.txt` as (user, method, target).
pub fn requests() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(dir().join("REQUESTS.txt")).expect("REQUESTS.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 3, "{l}");
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

pub fn sources() -> DbList {
    parse_db_list(&capture("db_list__format=json").body).expect("db list")
}

pub fn sync(name: &str) -> SyncList {
    parse_sync_list_as(ApiVersion::V1, &capture(name).body).expect(name)
}
