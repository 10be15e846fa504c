//! Property tests ("fuzzing") of every parser and of the rate computation: no input
//! panics, and the rate invariants hold for any series. Case counts are explicit (see
//! `CASES_*`, each block's count applies to each of its tests); together 19,000 generated
//! cases, about 20 s in a debug build.
//!
//! Inputs are arbitrary strings, JSON-shaped noise built from Bifrost's own key names, and the
//! real captured answers mutated (cut, byte-flipped, spliced), because most bugs hide near
//! valid input rather than in random bytes.

use bifrost_dashboard::model::flow::{latest_rate, normalize, rates, sum_by_time};
use bifrost_dashboard::model::history::merge_history;
use bifrost_dashboard::model::mask::mask_dsn;
use bifrost_dashboard::model::rows::{filter_rows, first_line, sync_rows, RowFilter};
use bifrost_dashboard::ui::url_state::ViewState;
use bifrost_dashboard::wire::request::detect_version;
use bifrost_dashboard::wire::stream::decode_in_chunks;
use bifrost_dashboard::wire::{
    classify, parse_db_list, parse_flow, parse_sync_list, parse_sync_list_as, parse_sync_list_v2,
    ApiError, ApiVersion, FlowPoint, SyncList,
};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

const CASES_STRINGS: u32 = 4_000;
const CASES_JSONISH: u32 = 4_000;
const CASES_MUTATED: u32 = 2_000;
const CASES_RATES: u32 = 2_000;
const CASES_MODEL: u32 = 3_000;
const CASES_URL: u32 = 2_000;

fn cfg(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Every captured Bifrost answer (body only).
fn samples() -> &'static Vec<String> {
    static S: OnceLock<Vec<String>> = OnceLock::new();
    S.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bifrost/v2.4.1");
        let mut out: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "txt"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        assert!(
            out.len() >= 20,
            "samples at {}: {}",
            dir.display(),
            out.len()
        );
        out
    })
}

/// Feeds one body to every parser; none may panic, and a parse that succeeds must agree
/// with the classification of the same body.
fn every_parser(body: &str) {
    let classified = classify(200, None, None, body);
    let db = parse_db_list(body);
    let sync = parse_sync_list(body);
    let _ = parse_sync_list_v2(body);
    let v1 = parse_sync_list_as(ApiVersion::V1, body);
    let v2 = parse_sync_list_as(ApiVersion::V2, body);
    let flow = parse_flow(body);
    if classified.is_err() {
        assert!(db.is_err() && sync.is_err() && flow.is_err() && v2.is_err());
    }
    assert_eq!(v1.is_ok(), sync.is_ok());
    if v2.is_ok() {
        assert!(sync.is_ok());
    }
    // Decoding while downloading gives exactly the whole decode, however the bytes arrive.
    for version in [ApiVersion::V1, ApiVersion::V2] {
        let whole = parse_sync_list_as(version, body);
        for chunk in [1, 7, 997] {
            if chunk == 1 && body.len() > 4096 {
                continue;
            }
            let got = decode_in_chunks(body, chunk, version);
            let n = |r: &Result<SyncList, ApiError>| r.as_ref().map(|l| l.tables.len()).ok();
            assert!(
                got == whole,
                "chunk {chunk}: {:?} tables vs {:?}",
                n(&got),
                n(&whole)
            );
        }
    }
    // Error paths are worked out from a position: any position, any text.
    for (line, column) in [(0, 0), (1, body.len()), (2, 3), (usize::MAX, usize::MAX)] {
        let _ = bifrost_dashboard::wire::json_path::path_at(body, line, column);
    }
    let probe = classified.map_err(|e| e.clone());
    let _ = detect_version(&probe.as_deref().map_err(ApiError::clone));
    // What the views do with what parsed.
    if let (Ok(list), Ok(dbs)) = (&sync, parse_db_list(r#"{}"#)) {
        let rows = sync_rows(list, &dbs);
        let _ = filter_rows(&rows, &RowFilter::default());
    }
    if let Ok(points) = &flow {
        let r = rates(points, 5);
        check_rates(&r.points);
    }
}

#[test]
fn every_sample_streams_to_the_same_list() {
    for body in samples() {
        every_parser(body);
    }
}

fn check_rates(points: &[bifrost_dashboard::model::flow::RatePoint]) {
    for w in points.windows(2) {
        assert!(w[0].t < w[1].t, "times strictly increase");
    }
    for p in points {
        assert!(p.rows_per_s.is_finite() && p.rows_per_s >= 0.0, "{p:?}");
        assert!(p.bytes_per_s.is_finite() && p.bytes_per_s >= 0.0, "{p:?}");
        assert!(p.count >= 0 && p.bytes >= 0, "{p:?}");
    }
}

const KEYS: [&str; 24] = [
    "SyncList",
    "ToServerList",
    "QueueMsgCount",
    "Error",
    "Status",
    "DbName",
    "SchemaName",
    "TableName",
    "LastSuccessBinlog",
    "LastQueueBinlog",
    "Timestamp",
    "Time",
    "Count",
    "ByteSize",
    "ConnectUri",
    "ConnStatus",
    "BinlogDumpPosition",
    "ChannelList",
    "ToServerKeyList",
    "DbList",
    "status",
    "msg",
    "ErrorWaitData",
    "FieldList",
];

/// JSON built from Bifrost's keys with values of every type, nested.
fn jsonish() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("-1".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("1e308".to_string()),
        Just("0.5".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<String>().prop_map(|s| serde_json::Value::String(s).to_string()),
        Just("\"<script>alert(1)</script>\"".to_string()),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((0..KEYS.len(), inner), 0..6).prop_map(|kv| {
                let body: Vec<String> = kv
                    .into_iter()
                    .map(|(k, v)| format!("\"{}\":{v}", KEYS[k]))
                    .collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

/// A captured answer, mutated.
fn mutated() -> impl Strategy<Value = String> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        0u8..6,
        any::<u8>(),
        "[\\[\\]{}:,\"0-9a-z\\-. ]{0,8}",
    )
        .prop_map(|(which, at, how, byte, insert)| {
            let s = samples();
            let body = &s[which.index(s.len())];
            let mut b = body.as_bytes().to_vec();
            let i = if b.is_empty() { 0 } else { at.index(b.len()) };
            match how {
                0 => b.truncate(i),
                1 if !b.is_empty() => b[i] = byte,
                2 => {
                    b.splice(i..i, insert.bytes());
                }
                3 if !b.is_empty() => {
                    b.remove(i);
                }
                4 => {
                    // duplicate a slice: repeated keys, doubled arrays
                    let end = (i + 64).min(b.len());
                    let chunk = b[i..end].to_vec();
                    b.splice(i..i, chunk);
                }
                _ => {
                    let other = &s[(which.index(s.len()) + 1) % s.len()];
                    b.truncate(i);
                    b.extend_from_slice(other.as_bytes());
                }
            }
            String::from_utf8_lossy(&b).into_owned()
        })
}

fn point() -> impl Strategy<Value = FlowPoint> {
    let t = prop_oneof![
        Just(0i64),
        Just(i64::MAX),
        Just(i64::MIN),
        -10i64..10,
        1_700_000_000i64..1_700_000_600,
        any::<i64>(),
    ];
    let n = prop_oneof![
        Just(0i64),
        Just(i64::MAX),
        Just(i64::MIN),
        -5i64..1_000_000,
        any::<i64>()
    ];
    (t, n.clone(), n).prop_map(|(time, count, byte_size)| FlowPoint {
        time,
        count,
        byte_size,
    })
}

proptest! {
    #![proptest_config(cfg(CASES_STRINGS))]
    #[test]
    fn arbitrary_strings_never_panic(body in any::<String>(), status in any::<u16>(),
                                     ct in proptest::option::of(any::<String>()),
                                     url in proptest::option::of(any::<String>())) {
        let _ = classify(status, ct.as_deref(), url.as_deref(), &body);
        every_parser(&body);
    }
}

proptest! {
    #![proptest_config(cfg(CASES_JSONISH))]
    #[test]
    fn bifrost_shaped_json_never_panics(body in jsonish()) {
        every_parser(&body);
    }
}

proptest! {
    #![proptest_config(cfg(CASES_MUTATED))]
    #[test]
    fn mutated_real_answers_never_panic(body in mutated()) {
        every_parser(&body);
    }
}

proptest! {
    #![proptest_config(cfg(CASES_RATES))]
    #[test]
    fn rates_are_finite_non_negative_and_ordered(points in prop::collection::vec(point(), 0..40),
                                                 step in prop_oneof![Just(0i64), Just(5i64), Just(i64::MAX), Just(i64::MIN), any::<i64>()]) {
        let n = normalize(&points);
        for w in n.windows(2) {
            prop_assert!(w[0].time < w[1].time);
        }
        prop_assert!(n.iter().all(|p| p.time > 0));
        let r = rates(&points, step);
        check_rates(&r.points);
        if let Some(l) = latest_rate(&r) {
            prop_assert!(l.rows_per_s >= 0.0 && l.rows_per_s.is_finite());
        }
        for (a, b) in &r.gaps {
            prop_assert!(a < b);
        }
        // Clock jumps and duplicate times are just reordered points: same invariants.
        let mut shuffled = points.clone();
        shuffled.reverse();
        check_rates(&rates(&shuffled, step).points);
    }

    #[test]
    fn sums_and_history_never_panic(series in prop::collection::vec(prop::collection::vec(point(), 0..20), 0..5),
                                    span in prop_oneof![Just(600i64), Just(i64::MAX), Just(i64::MIN), any::<i64>()]) {
        let sum = sum_by_time(&series);
        for w in sum.windows(2) {
            prop_assert!(w[0].time < w[1].time);
        }
        check_rates(&rates(&sum, 5).points);
        let empty = Vec::new();
        let old = series.first().unwrap_or(&empty);
        let new = series.get(1).unwrap_or(&empty);
        let merged = merge_history(old, new, span);
        check_rates(&rates(&merged, 5).points);
    }
}

proptest! {
    #![proptest_config(cfg(CASES_MODEL))]
    #[test]
    fn text_helpers_never_panic(s in any::<String>(), q in "[a-z:/@?=&%.#]{0,40}") {
        let masked = mask_dsn(&s);
        let dsn = format!("user:{q}@tcp(h:1)/db");
        let _ = mask_dsn(&dsn);
        let _ = masked;
        let line = first_line(&s);
        prop_assert!(line.chars().count() <= 241);
        prop_assert!(!line.contains('\n'));
    }
}

proptest! {
    #![proptest_config(cfg(CASES_URL))]
    #[test]
    fn url_state_round_trips_any_query(q in any::<String>(), q2 in "[?&=a-z0-9%+,.]{0,60}") {
        for query in [q.as_str(), q2.as_str()] {
            let s = ViewState::from_query(query);
            let again = ViewState::from_query(&s.to_query());
            prop_assert_eq!(again, s);
        }
    }
}
