//! `/flow/get`: every captured ring (length, filled slots, last point) and its rates, empty
//! and unknown types, v1 parameter names on a v2 server.

use crate::samples::{captured_pair, read};
use bifrost_dashboard::model::flow::{normalize, rates};
use bifrost_dashboard::wire::{classify, parse_flow, Window};

/// Flow samples: (file, raw ring length or None for `null`, filled slots, last filled point).
#[allow(clippy::type_complexity)]
pub const FLOWS: &[(&str, Option<usize>, usize, Option<(i64, i64, i64)>)] = &[
    ("flow.all.day.json", Some(144), 0, None),
    ("flow.all.eighthour.json", Some(96), 0, None),
    (
        "flow.all.hour.json",
        Some(120),
        1,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.all.minute.json",
        Some(12),
        6,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.all.tenminute.json",
        Some(120),
        6,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.channel_default.hour.json",
        Some(120),
        1,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.channel_default.minute.json",
        Some(12),
        8,
        Some((1796069435, 216, 7119)),
    ),
    (
        "flow.channel_default.tenminute.json",
        Some(120),
        8,
        Some((1796069435, 216, 7119)),
    ),
    ("flow.channel_id1.minute.json", None, 0, None),
    ("flow.db.day.json", Some(144), 0, None),
    ("flow.db.eighthour.json", Some(96), 0, None),
    (
        "flow.db.hour.json",
        Some(120),
        1,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.db.minute.json",
        Some(12),
        6,
        Some((1796069425, 144, 4725)),
    ),
    (
        "flow.db.tenminute.json",
        Some(120),
        6,
        Some((1796069425, 144, 4725)),
    ),
    ("flow.invalid_type.json", Some(0), 0, None),
    ("flow.schema_only.minute.json", None, 0, None),
    ("flow.table_orders.day.json", Some(144), 0, None),
    ("flow.table_orders.eighthour.json", Some(96), 0, None),
    (
        "flow.table_orders.hour.json",
        Some(120),
        1,
        Some((1796069425, 108, 3357)),
    ),
    (
        "flow.table_orders.minute.json",
        Some(12),
        6,
        Some((1796069425, 108, 3357)),
    ),
    (
        "flow.table_orders.tenminute.json",
        Some(120),
        6,
        Some((1796069425, 108, 3357)),
    ),
    ("flow.table_users.day.json", Some(144), 0, None),
    ("flow.table_users.eighthour.json", Some(96), 0, None),
    ("flow.table_users.hour.json", Some(120), 0, None),
    ("flow.table_users.minute.json", Some(12), 0, None),
    ("flow.table_users.tenminute.json", Some(120), 0, None),
    ("flow.type_uppercase.json", Some(0), 0, None),
    ("flow.unknown_db.minute.json", None, 0, None),
    ("flow.unknown_table.minute.json", None, 0, None),
    (
        "flow.v1_lowercase_params.json",
        Some(12),
        8,
        Some((1796069435, 216, 7119)),
    ),
    ("flow_get.all_minute.empty.json", Some(12), 0, None),
    (
        "live.flow.all.day.json",
        Some(144),
        1,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.all.eighthour.json",
        Some(96),
        2,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.all.hour.json",
        Some(120),
        20,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.all.minute.json",
        Some(12),
        12,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.all.tenminute.json",
        Some(120),
        120,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.channel_default.day.json",
        Some(144),
        1,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.channel_default.eighthour.json",
        Some(96),
        2,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.channel_default.hour.json",
        Some(120),
        20,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.channel_default.minute.json",
        Some(12),
        12,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.channel_default.tenminute.json",
        Some(120),
        120,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.db.day.json",
        Some(144),
        1,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.db.eighthour.json",
        Some(96),
        2,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.db.hour.json",
        Some(120),
        20,
        Some((1796069995, 4480, 332449)),
    ),
    (
        "live.flow.db.minute.json",
        Some(12),
        12,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.db.tenminute.json",
        Some(120),
        120,
        Some((1796070010, 4592, 341199)),
    ),
    (
        "live.flow.table_orders.day.json",
        Some(144),
        1,
        Some((1796069995, 3360, 208118)),
    ),
    (
        "live.flow.table_orders.eighthour.json",
        Some(96),
        2,
        Some((1796069995, 3360, 208118)),
    ),
    (
        "live.flow.table_orders.hour.json",
        Some(120),
        20,
        Some((1796069995, 3360, 208118)),
    ),
    (
        "live.flow.table_orders.minute.json",
        Some(12),
        12,
        Some((1796070010, 3444, 213550)),
    ),
    (
        "live.flow.table_orders.tenminute.json",
        Some(120),
        120,
        Some((1796070010, 3444, 213550)),
    ),
    ("live.flow.table_users.day.json", Some(144), 0, None),
    ("live.flow.table_users.eighthour.json", Some(96), 0, None),
    ("live.flow.table_users.hour.json", Some(120), 0, None),
    ("live.flow.table_users.minute.json", Some(12), 0, None),
    ("live.flow.table_users.tenminute.json", Some(120), 0, None),
];

#[test]
fn every_flow_sample() {
    for &(name, raw_len, filled, last) in FLOWS {
        let body = read(name);
        let pts = parse_flow(&body).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        match raw_len {
            None => {
                assert_eq!(body.trim(), "null", "{name}");
                assert!(pts.is_empty());
            }
            Some(n) => assert_eq!(pts.len(), n, "{name}"),
        }
        // A full ring has the window's slot count.
        let ty = name.trim_end_matches(".json").rsplit('.').next().unwrap();
        if let (Some(w), Some(n)) = (Window::from_param(ty), raw_len) {
            if n > 0 {
                assert_eq!(n, w.slots(), "{name}");
            }
        }
        let norm = normalize(&pts);
        assert_eq!(norm.len(), filled, "{name}");
        assert_eq!(
            norm.last().map(|p| (p.time, p.count, p.byte_size)),
            last,
            "{name}"
        );
        // Unfilled slots are only at the front.
        let first_filled = pts.iter().position(|p| p.time != 0).unwrap_or(pts.len());
        assert!(pts[first_filled..].iter().all(|p| p.time != 0), "{name}");
    }
}

#[test]
fn flow_empty_headers_match_the_all_zero_minute_ring() {
    let c = captured_pair("flow.empty.headers", "flow_get.all_minute.empty.json");
    assert_eq!(c.status, 200);
    assert_eq!(c.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(c.header("content-length"), Some("409"));
    assert_eq!(c.body.len(), 409);
    let body = classify(c.status, c.header("content-type"), None, &c.body).unwrap();
    let pts = parse_flow(body).unwrap();
    assert_eq!(pts.len(), 12);
    let r = rates(&pts, Window::Minute.step_secs());
    assert!(r.points.is_empty() && r.restarts.is_empty() && r.gaps.is_empty());
}

#[test]
fn flow_unknown_type_and_uppercase_type_are_empty_not_errors() {
    assert_eq!(parse_flow(&read("flow.invalid_type.json")), Ok(vec![]));
    assert_eq!(parse_flow(&read("flow.type_uppercase.json")), Ok(vec![]));
    assert_eq!(
        parse_flow(&read("flow.channel_id1.minute.json")),
        Ok(vec![])
    );
}

#[test]
fn flow_v1_lowercase_params_are_ignored_by_v2() {
    // `dbname`/`type` ignored: the server-wide minute ring, same as channel default at that moment.
    assert_eq!(
        parse_flow(&read("flow.v1_lowercase_params.json")).unwrap(),
        parse_flow(&read("flow.channel_default.minute.json")).unwrap()
    );
}
