//! Export of what a view shows, as CSV and JSON (captures of the raw answers: `ui::capture`).
//! Pure: the views build a [`Table`] from the rows they show (after filter and sort) and the
//! download widget (`views::export`) only turns the text into a file.

use crate::model::flow::Rates;
use crate::model::health::{Lag, SourceState};
use crate::model::mask::mask_dsn;
use crate::model::rows::SyncRow;
use crate::wire::types::{BinlogPos, DbInfo};
use serde_json::{json, Value};

/// Columns (stable English ids, the same in both languages) and rows of JSON values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

/// Excel reads a UTF-8 file as the local code page unless it starts with a BOM.
pub const BOM: &str = "\u{feff}";

/// One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled); text that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`,
/// except plain numbers such as `-5`.
pub fn csv_field(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(s);
    let s = if risky {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Whether `s.parse::<f64>()` would succeed: that parser's grammar (a sign, then `inf`,
/// `infinity`, `nan` in any case, or digits with at most one `.` and an exponent), checked
/// without its conversion tables, which cost about 10 KB of wasm.
fn is_number(s: &str) -> bool {
    fn unsigned(t: &str) -> &str {
        t.strip_prefix(['+', '-']).unwrap_or(t)
    }
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let s = unsigned(s);
    if ["inf", "infinity", "nan"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
    {
        return true;
    }
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(unsigned(e))),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    digits(int)
        && digits(frac)
        && !(int.is_empty() && frac.is_empty())
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// RFC 4180 CSV with CRLF line ends, a header line and a UTF-8 BOM.
pub fn to_csv(t: &Table) -> String {
    let mut out = String::from(BOM);
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(t.columns.iter().map(|c| csv_field(c)).collect()));
    for r in &t.rows {
        out.push_str(&line(r.iter().map(|v| csv_field(&cell_text(v))).collect()));
    }
    out
}

/// A JSON array of objects, one per row, keys in column order (written by hand: serde_json's
/// map would sort them).
pub fn to_json(t: &Table) -> String {
    let mut out = String::from("[");
    for (i, r) in t.rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        for (j, (c, v)) in t.columns.iter().zip(r).enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            out.push_str(&Value::from(*c).to_string());
            out.push_str(": ");
            out.push_str(&v.to_string());
        }
        out.push('}');
    }
    out.push_str(if t.rows.is_empty() { "]\n" } else { "\n]\n" });
    out
}

fn pos(p: &Option<BinlogPos>) -> (Value, Value, Value) {
    match p {
        Some(p) if !p.is_zero() => (
            json!(p.binlog_file_num),
            json!(p.binlog_position),
            json!(p.timestamp),
        ),
        _ => (Value::Null, Value::Null, Value::Null),
    }
}

/// The sync list rows the view shows: `idx` is the filtered, sorted order.
pub fn sync_table(rows: &[SyncRow], idx: &[usize]) -> Table {
    Table {
        columns: vec![
            "db",
            "schema",
            "table",
            "to_server_key",
            "plugin",
            "state",
            "status",
            "queue",
            "lag_secs",
            "last_success_file",
            "last_success_position",
            "last_success_time",
            "last_queue_file",
            "last_queue_position",
            "last_queue_time",
            "error",
        ],
        rows: idx
            .iter()
            .filter_map(|&i| rows.get(i))
            .map(|r| {
                let (sf, sp, st) = pos(&r.last_success);
                let (qf, qp, qt) = pos(&r.last_queue);
                let lag = match r.lag {
                    Lag::Unknown => Value::Null,
                    l => json!(l.secs()),
                };
                vec![
                    json!(r.db),
                    json!(r.schema),
                    json!(r.table),
                    json!(r.to_server_key),
                    json!(r.plugin),
                    json!(r.state.label()),
                    json!(r.status),
                    json!(r.queue),
                    lag,
                    sf,
                    sp,
                    st,
                    qf,
                    qp,
                    qt,
                    json!(r.error),
                ]
            })
            .collect(),
    }
}

/// The data sources in the order shown; connection strings with their passwords masked.
pub fn sources_table(list: &[DbInfo]) -> Table {
    Table {
        columns: vec![
            "name",
            "state",
            "conn_status",
            "conn_err",
            "input_type",
            "connect_uri",
            "binlog_file",
            "binlog_position",
            "binlog_time",
            "gtid",
            "channels",
            "tables",
            "added",
        ],
        rows: list
            .iter()
            .map(|d| {
                vec![
                    json!(d.name),
                    json!(SourceState::from_db(d).label()),
                    json!(d.conn_status),
                    json!(d.conn_err),
                    json!(d.input_type),
                    json!(mask_dsn(&d.connect_uri)),
                    json!(d.binlog_dump_file_name),
                    json!(d.binlog_dump_position),
                    json!(d.binlog_dump_timestamp),
                    json!(d.gtid),
                    json!(d.channel_count),
                    json!(d.table_count),
                    json!(d.add_time),
                ]
            })
            .collect(),
    }
}

/// Every point of every series shown: per-interval rows and bytes, and their rates.
pub fn flow_table(series: &[(String, Rates)]) -> Table {
    Table {
        columns: vec![
            "series",
            "time",
            "rows",
            "bytes",
            "rows_per_s",
            "bytes_per_s",
        ],
        rows: series
            .iter()
            .flat_map(|(name, r)| {
                r.points.iter().map(move |p| {
                    vec![
                        json!(name),
                        json!(p.t),
                        json!(p.count),
                        json!(p.bytes),
                        json!((p.rows_per_s * 1000.0).round() / 1000.0),
                        json!((p.bytes_per_s * 1000.0).round() / 1000.0),
                    ]
                })
            })
            .collect(),
    }
}

/// A file name such as `bifrost-sync-20240401-101500.csv` (UTC time of the export).
pub fn file_name(what: &str, epoch_ms: f64, ext: &str) -> String {
    let stamp = crate::ui::time::compact_utc((epoch_ms / 1000.0) as i64);
    format!("bifrost-{what}-{stamp}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::flow::RatePoint;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn is_number_reads_what_the_standard_parser_reads(s in "[-+0-9.eEinfatyINFATY]{0,9}") {
            prop_assert_eq!(is_number(&s), s.parse::<f64>().is_ok(), "{:?}", s);
        }
    }

    #[test]
    fn is_number_knows_the_words_and_forms() {
        for yes in ["1", "-1.", ".5", "+2e-3", "1E5", "-inf", "Infinity", "NaN"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in [
            "", ".", "-", "e5", "1e", "1e+", "1.2.3", "--1", "in", "1 ", "0x1",
        ] {
            assert!(!is_number(no), "{no}");
        }
    }

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("line1\nline2"), "\"line1\nline2\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1+1"), "'+1+1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-5"), "-5");
        assert_eq!(csv_field("-2.5"), "-2.5");
        assert_eq!(csv_field("中文"), "中文");
    }

    #[test]
    fn csv_has_bom_header_and_crlf() {
        let t = Table {
            columns: vec!["name", "n", "note"],
            rows: vec![
                vec![json!("数据库,1"), json!(3), Value::Null],
                vec![json!("b"), json!(-1), json!("x\r\ny")],
            ],
        };
        assert_eq!(
            to_csv(&t),
            "\u{feff}name,n,note\r\n\"数据库,1\",3,\r\nb,-1,\"x\r\ny\"\r\n"
        );
    }

    #[test]
    fn json_keeps_types_and_column_order() {
        let t = Table {
            columns: vec!["z", "a"],
            rows: vec![vec![json!("s"), json!(2)], vec![Value::Null, json!(1.5)]],
        };
        let j = to_json(&t);
        assert!(j.find("\"z\"").unwrap() < j.find("\"a\"").unwrap(), "{j}");
        let v: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v, json!([{"z": "s", "a": 2}, {"z": null, "a": 1.5}]));
    }

    fn row(db: &str, queue: i64) -> SyncRow {
        SyncRow {
            db: db.into(),
            schema: "s".into(),
            table: "t".into(),
            to_server_key: "k".into(),
            to_server_id: 1,
            plugin: "kafka".into(),
            status: "running".into(),
            state: crate::model::health::OutputState::Ok,
            error: String::new(),
            error_first_line: String::new(),
            error_wait_data: None,
            error_wait_deal: 0,
            queue,
            last_success: None,
            last_queue: None,
            lag: Lag::Seconds(7),
            notes: String::new(),
            thread_count: 1,
            file_queue: false,
            key: format!("{db}/s/t/k"),
        }
    }

    #[test]
    fn sync_export_follows_the_shown_order_and_filter() {
        let rows = vec![row("a", 1), row("b", 2), row("c", 3)];
        let t = sync_table(&rows, &[2, 0]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][0], json!("c"));
        assert_eq!(t.rows[1][0], json!("a"));
        let q = t.columns.iter().position(|c| *c == "queue").unwrap();
        let lag = t.columns.iter().position(|c| *c == "lag_secs").unwrap();
        assert_eq!(t.rows[0][q], json!(3));
        assert_eq!(t.rows[0][lag], json!(7));
        assert!(t.rows.iter().all(|r| r.len() == t.columns.len()));
    }

    #[test]
    fn sources_export_masks_passwords() {
        let d = DbInfo {
            name: "db1".into(),
            connect_uri: "root:s3cretpw@tcp(10.0.0.1:3306)/test".into(),
            conn_status: "running".into(),
            ..Default::default()
        };
        let csv = to_csv(&sources_table(&[d]));
        assert!(!csv.contains("s3cretpw"), "{csv}");
        assert!(csv.contains("db1"));
    }

    #[test]
    fn flow_export_has_every_point_of_every_series() {
        let p = |t| RatePoint {
            t,
            rows_per_s: 1.0 / 3.0,
            bytes_per_s: 10.0,
            count: 5,
            bytes: 50,
        };
        let r = Rates {
            points: vec![p(10), p(15)],
            ..Default::default()
        };
        let t = flow_table(&[("all".into(), r.clone()), ("db1".into(), r)]);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[3][0], json!("db1"));
        assert_eq!(t.rows[3][1], json!(15));
        assert_eq!(t.rows[0][4], json!(0.333));
    }

    #[test]
    fn file_names_carry_the_utc_time() {
        // 2024-04-01 10:15:00 UTC
        assert_eq!(
            file_name("sync", 1_711_966_500_000.0, "csv"),
            "bifrost-sync-20240401-101500.csv"
        );
        assert_eq!(
            file_name("x", 0.0, "json"),
            "bifrost-x-19700101-000000.json"
        );
    }
}
