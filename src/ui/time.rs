//! Wall-clock texts for epoch seconds, at a given offset from UTC. One place for every date
//! and time on screen (tables, read-outs, chart axes), so they all follow the UTC/local
//! choice alike. Pure: the browser supplies the local offset.

/// Proleptic Gregorian (year, month 1-12, day 1-31) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The parts of `secs` (epoch seconds) shifted by `offset_secs` east of UTC.
fn parts(secs: i64, offset_secs: i64) -> (i64, u32, u32, i64, i64, i64) {
    let local = secs + offset_secs;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    (y, m, d, s / 3600, s / 60 % 60, s % 60)
}

/// `HH:MM:SS`, or `HH:MM` without seconds.
pub fn clock(secs: i64, offset_secs: i64, seconds: bool) -> String {
    let (_, _, _, h, m, s) = parts(secs, offset_secs);
    if seconds {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}")
    }
}

/// `YYYY-MM-DD HH:MM:SS`, with ` UTC` when `offset_secs` is UTC's by choice; 0 or less
/// means "never" (Bifrost's zero timestamps).
pub fn datetime(secs: i64, offset_secs: i64, utc: bool) -> String {
    if secs <= 0 {
        return "—".into();
    }
    let (y, mo, d, h, mi, s) = parts(secs, offset_secs);
    let zone = if utc { " UTC" } else { "" };
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{zone}")
}

/// `YYYYMMDD-HHMMSS` in UTC, for file names.
pub fn compact_utc(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = parts(secs, 0);
    format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}")
}

/// A chart's time-axis label: seconds shown when the chart spans under ten minutes.
pub fn axis_label(t: i64, span_secs: i64, offset_secs: i64) -> String {
    clock(t, offset_secs, span_secs < 600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        // 2026-12-01 22:13:10 UTC
        let t = 1_796_163_190;
        assert_eq!(datetime(t, 0, true), "2026-12-01 22:13:10 UTC");
        assert_eq!(datetime(t, 8 * 3600, false), "2026-12-02 06:13:10");
        assert_eq!(datetime(t, -5 * 3600, false), "2026-12-01 17:13:10");
        assert_eq!(datetime(0, 0, true), "—");
        assert_eq!(datetime(951_782_400, 0, false), "2000-02-29 00:00:00");
        assert_eq!(datetime(1, 0, false), "1970-01-01 00:00:01");
    }

    #[test]
    fn axis_labels_follow_the_offset_and_the_span() {
        let t = 1_796_163_190;
        assert_eq!(axis_label(t, 120, 0), "22:13:10");
        assert_eq!(axis_label(t, 3600, 0), "22:13");
        assert_eq!(axis_label(t, 3600, 8 * 3600), "06:13");
        assert_eq!(axis_label(t, 60, 5 * 3600 + 1800), "03:43:10");
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        // days_from_civil, the inverse, written plainly
        let days_from_civil = |y: i64, m: u32, d: u32| {
            let y = if m <= 2 { y - 1 } else { y };
            let era = y.div_euclid(400);
            let yoe = y - era * 400;
            let mp = i64::from((m + 9) % 12);
            let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            era * 146_097 + doe - 719_468
        };
        for days in (-146_097..146_097).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
    }
}
