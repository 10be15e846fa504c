//! Human-readable numbers (pure; the views decide where to show them).

/// What a rate counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// rows/s, k rows/s, M rows/s (1000-based).
    Rows,
    /// B/s, KB/s, MB/s, GB/s (1024-based).
    Bytes,
}

/// One decimal below 10, none above; trailing `.0` dropped.
fn fmt_num(x: f64) -> String {
    let s = if x < 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    };
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

fn rounded(x: f64) -> f64 {
    if x < 10.0 {
        (x * 10.0).round() / 10.0
    } else {
        x.round()
    }
}

/// Scales `v >= 0` by `base` while the displayed value would reach `base`.
fn scale(mut v: f64, base: f64, units: &[&'static str]) -> (String, &'static str) {
    let mut i = 0;
    while i + 1 < units.len() && rounded(v) >= base {
        v /= base;
        i += 1;
    }
    (fmt_num(v), units[i])
}

/// `"12 rows/s"`, `"1.2k rows/s"`, `"512 B/s"`, `"3.4 MB/s"`. Not finite -> `"—"`.
pub fn human_rate(v: f64, unit: Unit) -> String {
    if !v.is_finite() {
        return String::from("—");
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let v = v.abs();
    match unit {
        Unit::Rows => {
            let (n, u) = scale(v, 1000.0, &["", "k", "M", "G", "T"]);
            format!("{sign}{n}{u} rows/s")
        }
        Unit::Bytes => {
            let (n, u) = scale(v, 1024.0, &["B/s", "KB/s", "MB/s", "GB/s", "TB/s"]);
            format!("{sign}{n} {u}")
        }
    }
}

/// `999`, `1.2k`, `34k`, `3.4M` (1000-based).
pub fn human_count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let v = n.unsigned_abs();
    if v < 1000 {
        return format!("{sign}{v}");
    }
    let (s, u) = scale(v as f64, 1000.0, &["", "k", "M", "G", "T", "P", "E"]);
    format!("{sign}{s}{u}")
}

/// `512 B`, `1.5 KB`, `3 MB` (1024-based).
pub fn human_bytes(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let (s, u) = scale(
        n.unsigned_abs() as f64,
        1024.0,
        &["B", "KB", "MB", "GB", "TB", "PB", "EB"],
    );
    format!("{sign}{s} {u}")
}
