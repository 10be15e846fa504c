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

/// A rate's number (signed, rounded for display) and magnitude prefix: `("1.2", "k")` for
/// 1 234 rows/s (1000-based: "", k, M, G, T), `("3.4", "M")` for 3.4 MiB/s (1024-based: "",
/// K, M, G, T, as in KB/s). `None` when not finite. The unit words ("rows/s", "B/s") are the
/// interface's, in its language (`ui::i18n::rate`).
pub fn rate_parts(v: f64, unit: Unit) -> Option<(String, &'static str)> {
    if !v.is_finite() {
        return None;
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let (n, prefix) = match unit {
        Unit::Rows => scale(v.abs(), 1000.0, &["", "k", "M", "G", "T"]),
        Unit::Bytes => scale(v.abs(), 1024.0, &["", "K", "M", "G", "T"]),
    };
    Some((format!("{sign}{n}"), prefix))
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

/// The largest whole unit of a duration (the words are the interface's: `ui::i18n::ago`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Seconds,
    Minutes,
    Hours,
    Days,
}

/// A duration in its largest whole unit: `(5, Seconds)`, `(3, Minutes)`, `(2, Hours)`,
/// `(4, Days)` (negative -> 0 s).
pub fn age(secs: i64) -> (i64, Span) {
    let s = secs.max(0);
    if s < 60 {
        (s, Span::Seconds)
    } else if s < 3600 {
        (s / 60, Span::Minutes)
    } else if s < 86_400 {
        (s / 3600, Span::Hours)
    } else {
        (s / 86_400, Span::Days)
    }
}
