//! Chinese and English for every UI string. Views call `t(Key::PageFlow)` or
//! `tf(Template::HeaderUpdated, arg)`; the texts are in `texts.rs`, both languages on the
//! key's line, and a key without them does not compile. Unit words are owned here too (the
//! model gives numbers and magnitudes). The language is switched by re-rendering the app
//! (rare, and simplest).

use crate::model::alerts;
use crate::model::units::{self, Unit};
use crate::wire::request::Window;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn param(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The tag for `<html lang>`: the Chinese texts are Simplified Chinese.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The one reader of language tags, for the URL, config.json and the browser alike: a
    /// well-formed BCP 47 tag ("zh", "zh-CN", "zh-Hans", "en-US", any case; `_` as POSIX
    /// writes it) whose primary language the dashboard speaks. `None` for a malformed tag or
    /// another language.
    pub fn parse(tag: &str) -> Option<Lang> {
        let mut subtags = tag.split(['-', '_']);
        let primary = subtags.next()?;
        let subtag =
            |p: &str| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric());
        let well_formed = (2..=8).contains(&primary.len())
            && primary.chars().all(|c| c.is_ascii_alphabetic())
            && subtags.all(subtag);
        if !well_formed {
            return None;
        }
        match primary.to_ascii_lowercase().as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language shown: the URL's, else config.json's, else the first of the browser's
    /// preferred tags the dashboard speaks, else English.
    pub fn choose(url: Option<Lang>, configured: Option<Lang>, browser: &[String]) -> Lang {
        url.or(configured)
            .or_else(|| browser.iter().find_map(|t| Lang::parse(t)))
            .unwrap_or_default()
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);
static UTC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Shows times in UTC instead of local time (the app re-renders after a switch).
pub fn set_utc(on: bool) {
    UTC.store(on, Ordering::Relaxed);
}

pub fn utc() -> bool {
    UTC.load(Ordering::Relaxed)
}

/// Sets the language used by `t` (the app re-renders after a switch).
pub fn set_lang(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// For native tests that read the current language: sets it while the guard lives (tests run
/// in parallel threads and the language is global), English again afterwards.
#[cfg(test)]
pub(crate) fn lang_for_test(lang: Lang) -> LangGuard {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let lock = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    set_lang(lang);
    LangGuard { _lock: lock }
}

#[cfg(test)]
pub(crate) struct LangGuard {
    _lock: std::sync::MutexGuard<'static, ()>,
}

#[cfg(test)]
impl Drop for LangGuard {
    fn drop(&mut self) {
        set_lang(Lang::En);
    }
}

pub fn lang() -> Lang {
    if CURRENT.load(Ordering::Relaxed) == Lang::Zh as u8 {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Declares a key enum from lines `Name => "English", "简体中文";`, with `ALL` (for the tests)
/// and `texts()`, one exhaustive `match`.
macro_rules! texts {
    ($(#[$meta:meta])* $name:ident { $($key:ident => $en:literal, $zh:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($key,)*
        }

        impl $name {
            /// Every key, in the order of the table.
            pub const ALL: &'static [$name] = &[$($name::$key,)*];

            /// (English, 简体中文).
            pub const fn texts(self) -> (&'static str, &'static str) {
                match self {
                    $($name::$key => ($en, $zh),)*
                }
            }
        }
    };
}

mod texts;
pub use texts::{Key, Template};

fn pick(lang: Lang, (en, zh): (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The current language's text for `key`.
pub fn t(key: Key) -> &'static str {
    tr(lang(), key)
}

/// `key`'s text in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    pick(lang, key.texts())
}

/// The current language's text for `template`, its `{}` replaced by `arg`.
pub fn tf(template: Template, arg: &str) -> String {
    trf(lang(), template, arg)
}

/// `template`'s text in `lang`, its `{}` replaced by `arg`.
pub fn trf(lang: Lang, template: Template, arg: &str) -> String {
    pick(lang, template.texts()).replacen("{}", arg, 1)
}

/// The label of a flow window (the window picker's buttons).
pub fn window_key(w: Window) -> Key {
    match w {
        Window::Minute => Key::WindowMinute,
        Window::TenMinute => Key::WindowTenminute,
        Window::Hour => Key::WindowHour,
        Window::EightHour => Key::WindowEighthour,
        Window::Day => Key::WindowDay,
    }
}

/// What an alert of this kind is about (the firing list and the notifications).
pub fn alert_kind_key(kind: alerts::Kind) -> Key {
    match kind {
        alerts::Kind::OutputError => Key::AlertsKindOutputError,
        alerts::Kind::SourceNotRunning => Key::AlertsKindSourceNotRunning,
        alerts::Kind::NoRows => Key::AlertsKindNoRows,
        alerts::Kind::Backlog => Key::AlertsKindBacklog,
        alerts::Kind::BacklogGrowing => Key::AlertsKindBacklogGrowing,
        alerts::Kind::Lag => Key::AlertsKindLag,
        alerts::Kind::Stalled => Key::AlertsKindStalled,
        alerts::Kind::FallingBehind => Key::AlertsKindFallingBehind,
        alerts::Kind::SourceStalled => Key::AlertsKindSourceStalled,
        alerts::Kind::Unreachable => Key::AlertsKindUnreachable,
    }
}

/// A rows-per-second or bytes-per-second value with its unit in the current language:
/// "1.2k rows/s" / "1.2k 行/秒", "3.4 MB/s"; "—" when not finite.
pub fn rate(v: f64, unit: Unit) -> String {
    let Some((n, prefix)) = units::rate_parts(v, unit) else {
        return "—".into();
    };
    match unit {
        Unit::Rows => format!("{n}{prefix} {}", t(Key::UnitRowsS)),
        Unit::Bytes => format!("{n} {prefix}{}", t(Key::UnitBytesS)),
    }
}

/// A cumulative amount with its unit in the current language: "1.2k rows" / "1.2k 行",
/// "3.4 MB" ("—" for bytes that are not finite).
pub fn total(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Rows => format!("{} {}", units::human_count(v as i64), t(Key::UnitRows)),
        Unit::Bytes => match units::rate_parts(v, unit) {
            Some((n, prefix)) => format!("{n} {prefix}{}", t(Key::UnitBytes)),
            None => "—".into(),
        },
    }
}

/// "5 s", "3 min", "2 h", "4 d" in the current language.
pub fn ago(secs: i64) -> String {
    let (n, span) = units::age(secs);
    let key = match span {
        units::Span::Seconds => Key::UnitS,
        units::Span::Minutes => Key::UnitMin,
        units::Span::Hours => Key::UnitH,
        units::Span::Days => Key::UnitD,
    };
    format!("{n} {}", t(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_texts() -> impl Iterator<Item = (String, &'static str, &'static str)> {
        let keys = Key::ALL.iter().map(|k| (format!("{k:?}"), k.texts()));
        let templates = Template::ALL.iter().map(|k| (format!("{k:?}"), k.texts()));
        keys.chain(templates).map(|(k, (en, zh))| (k, en, zh))
    }

    #[test]
    fn no_text_is_empty_and_placeholders_fit_t_and_tf() {
        for (k, en, zh) in all_texts() {
            assert!(
                !en.is_empty() && !zh.is_empty(),
                "{k} is empty in a language"
            );
        }
        // `t` shows a text as is: a `{}` would stay on screen
        for k in Key::ALL {
            let (en, zh) = k.texts();
            assert!(
                !en.contains("{}") && !zh.contains("{}"),
                "{k:?} has a {{}}: make it a Template"
            );
        }
        // `tf` fills exactly one `{}`
        for k in Template::ALL {
            let (en, zh) = k.texts();
            assert_eq!(en.matches("{}").count(), 1, "{k:?} in English");
            assert_eq!(zh.matches("{}").count(), 1, "{k:?} in Chinese");
        }
    }

    #[test]
    fn chinese_is_really_translated() {
        // Most strings must differ between the languages (names like "UTC" may not).
        let same = all_texts().filter(|(_, en, zh)| en == zh).count();
        let all = Key::ALL.len() + Template::ALL.len();
        assert!(
            same * 20 < all,
            "{same} of {all} texts are identical in both languages"
        );
    }

    #[test]
    fn languages_parse_from_browser_tags() {
        for zh in [
            "zh",
            "zh-CN",
            "zh-Hans",
            "zh-Hans-CN",
            "ZH-cn",
            "zh_TW",
            "zh-yue",
        ] {
            assert_eq!(Lang::parse(zh), Some(Lang::Zh), "{zh}");
        }
        for en in ["en", "en-US", "EN-gb", "en-Latn-US", "en_US"] {
            assert_eq!(Lang::parse(en), Some(Lang::En), "{en}");
        }
        for other in [
            "fr",
            "zhx",
            "eng",
            "",
            "z",
            "en US",
            "en--US",
            "zh-",
            "-zh",
            "1n",
            "en-abcdefghi",
        ] {
            assert_eq!(Lang::parse(other), None, "{other:?}");
        }
        assert_eq!(Lang::parse(Lang::Zh.tag()), Some(Lang::Zh));
        assert_eq!(Lang::parse(Lang::Zh.param()), Some(Lang::Zh));
        assert_eq!(tr(Lang::Zh, Key::PageFlow), "流量");
        assert_eq!(trf(Lang::Zh, Template::HeaderUpdated, "5 秒"), "5 秒前更新");
        assert_eq!(
            trf(Lang::En, Template::HeaderUpdated, "5 s"),
            "Updated 5 s ago"
        );
    }

    #[test]
    fn the_url_then_the_config_then_the_browser_choose_the_language() {
        let browser = |tags: &[&str]| tags.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let fr_zh = browser(&["fr-FR", "zh-Hans-CN", "en"]);
        assert_eq!(
            Lang::choose(None, None, &fr_zh),
            Lang::Zh,
            "first spoken browser tag"
        );
        assert_eq!(Lang::choose(None, Some(Lang::En), &fr_zh), Lang::En);
        assert_eq!(Lang::choose(Some(Lang::Zh), Some(Lang::En), &[]), Lang::Zh);
        assert_eq!(Lang::choose(None, None, &browser(&["de", "fr"])), Lang::En);
    }

    #[test]
    fn units_and_ages_follow_the_language() {
        let zh = lang_for_test(Lang::Zh);
        assert_eq!(ago(125), "2 分钟");
        assert_eq!(rate(12.0, Unit::Rows), "12 行/秒");
        assert_eq!(rate(1234.0, Unit::Rows), "1.2k 行/秒");
        assert_eq!(rate(1536.0, Unit::Bytes), "1.5 KB/s");
        assert_eq!(total(45_600.0, Unit::Rows), "46k 行");
        assert_eq!(total(341_199.0, Unit::Bytes), "333 KB");
        assert_eq!(t(window_key(Window::Hour)), "1 小时");
        drop(zh);
        let _en = lang_for_test(Lang::En);
        assert_eq!(ago(125), "2 min");
        assert_eq!(rate(12.0, Unit::Rows), "12 rows/s");
        assert_eq!(total(45_600.0, Unit::Rows), "46k rows");
        assert_eq!(t(window_key(Window::Hour)), "1 h");
    }

    /// The English texts are the ones the model printed before the unit words moved here.
    #[test]
    fn english_units_read_as_before() {
        let _en = lang_for_test(Lang::En);
        let rates = [
            (0.0, Unit::Rows, "0 rows/s"),
            (6.4, Unit::Rows, "6.4 rows/s"),
            (123.4, Unit::Rows, "123 rows/s"),
            (999.7, Unit::Rows, "1k rows/s"),
            (1234.0, Unit::Rows, "1.2k rows/s"),
            (3_400_000.0, Unit::Rows, "3.4M rows/s"),
            (-1500.0, Unit::Rows, "-1.5k rows/s"),
            (500.0, Unit::Bytes, "500 B/s"),
            (1536.0, Unit::Bytes, "1.5 KB/s"),
            (5.0 * 1024.0 * 1024.0, Unit::Bytes, "5 MB/s"),
            (2.5 * 1024.0 * 1024.0 * 1024.0, Unit::Bytes, "2.5 GB/s"),
            (f64::NAN, Unit::Bytes, "—"),
            (f64::INFINITY, Unit::Rows, "—"),
        ];
        for (v, unit, text) in rates {
            assert_eq!(rate(v, unit), text, "{v} {unit:?}");
        }
        assert_eq!(total(1023.0, Unit::Bytes), "1023 B");
        assert_eq!(total(1536.0, Unit::Bytes), "1.5 KB");
        assert_eq!(total(999.0, Unit::Rows), "999 rows");
        for (secs, text) in [(-3, "0 s"), (59, "59 s"), (180, "3 min"), (7200, "2 h")] {
            assert_eq!(ago(secs), text);
        }
        assert_eq!(ago(4 * 86_400 + 5), "4 d");
    }
}
