//! Human-readable units.

use bifrost_dashboard::model::units::{human_bytes, human_count, human_rate, Unit};
use bifrost_dashboard::ui::i18n::ago;

#[test]
fn rates() {
    assert_eq!(human_rate(0.0, Unit::Rows), "0 rows/s");
    assert_eq!(human_rate(6.4, Unit::Rows), "6.4 rows/s");
    assert_eq!(human_rate(8.0, Unit::Rows), "8 rows/s");
    assert_eq!(human_rate(123.4, Unit::Rows), "123 rows/s");
    assert_eq!(human_rate(999.7, Unit::Rows), "1k rows/s");
    assert_eq!(human_rate(1234.0, Unit::Rows), "1.2k rows/s");
    assert_eq!(human_rate(3_400_000.0, Unit::Rows), "3.4M rows/s");
    assert_eq!(human_rate(500.0, Unit::Bytes), "500 B/s");
    assert_eq!(human_rate(1536.0, Unit::Bytes), "1.5 KB/s");
    assert_eq!(human_rate(5.0 * 1024.0 * 1024.0, Unit::Bytes), "5 MB/s");
    assert_eq!(
        human_rate(2.5 * 1024.0 * 1024.0 * 1024.0, Unit::Bytes),
        "2.5 GB/s"
    );
    assert_eq!(human_rate(f64::NAN, Unit::Bytes), "—");
}

#[test]
fn counts_and_bytes() {
    assert_eq!(human_count(0), "0");
    assert_eq!(human_count(999), "999");
    assert_eq!(human_count(1234), "1.2k");
    assert_eq!(human_count(45_600), "46k");
    assert_eq!(human_count(3_400_000), "3.4M");
    assert_eq!(human_count(-1500), "-1.5k");
    assert_eq!(human_count(i64::MIN), "-9.2E");
    assert_eq!(human_bytes(341_199), "333 KB");
    assert_eq!(human_bytes(1023), "1023 B");
}

/// Ages in English (the default language; no test in this file changes it).
#[test]
fn ages() {
    assert_eq!(ago(-3), "0 s");
    assert_eq!(ago(5), "5 s");
    assert_eq!(ago(59), "59 s");
    assert_eq!(ago(180), "3 min");
    assert_eq!(ago(7200), "2 h");
    assert_eq!(ago(4 * 86_400 + 5), "4 d");
}
