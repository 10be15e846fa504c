//! Human-readable units.

use bifrost_dashboard::model::units::{age, human_bytes, human_count, rate_parts, Span, Unit};

#[test]
fn rates() {
    let parts = |v, unit| rate_parts(v, unit).map(|(n, p)| format!("{n}|{p}"));
    let cases = [
        (0.0, Unit::Rows, "0|"),
        (6.4, Unit::Rows, "6.4|"),
        (8.0, Unit::Rows, "8|"),
        (123.4, Unit::Rows, "123|"),
        (999.7, Unit::Rows, "1|k"),
        (1234.0, Unit::Rows, "1.2|k"),
        (3_400_000.0, Unit::Rows, "3.4|M"),
        (-1500.0, Unit::Rows, "-1.5|k"),
        (500.0, Unit::Bytes, "500|"),
        (1536.0, Unit::Bytes, "1.5|K"),
        (5.0 * 1024.0 * 1024.0, Unit::Bytes, "5|M"),
        (2.5 * 1024.0 * 1024.0 * 1024.0, Unit::Bytes, "2.5|G"),
    ];
    for (v, unit, want) in cases {
        assert_eq!(parts(v, unit).as_deref(), Some(want), "{v} {unit:?}");
    }
    assert_eq!(rate_parts(f64::NAN, Unit::Bytes), None);
    assert_eq!(rate_parts(f64::NEG_INFINITY, Unit::Rows), None);
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
    assert_eq!(age(-3), (0, Span::Seconds));
    assert_eq!(age(5), (5, Span::Seconds));
    assert_eq!(age(59), (59, Span::Seconds));
    assert_eq!(age(180), (3, Span::Minutes));
    assert_eq!(age(7200), (2, Span::Hours));
    assert_eq!(age(4 * 86_400 + 5), (4, Span::Days));
}
