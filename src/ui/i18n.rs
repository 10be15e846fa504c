//! Chinese and English for every UI string. Views call `t("key")`; the table below holds
//! both languages, and a native test fails when a key used anywhere in `src/` is missing or
//! untranslated. The language is switched by re-rendering the app (rare, and simplest).

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

pub fn lang() -> Lang {
    if CURRENT.load(Ordering::Relaxed) == Lang::Zh as u8 {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The current language's text for `key`; the key itself if it is missing (a test forbids it).
pub fn t(key: &str) -> &'static str {
    tr(lang(), key)
}

/// `t(key)` with `{}` replaced by `arg`.
pub fn tf(key: &str, arg: &str) -> String {
    t(key).replacen("{}", arg, 1)
}

/// What a missing key shows: visible on the page, and searched for by the end-to-end tests.
pub const MISSING: &str = "[missing translation]";

pub fn tr(lang: Lang, key: &str) -> &'static str {
    match STRINGS.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, zh)) => match lang {
            Lang::En => en,
            Lang::Zh => zh,
        },
        None => MISSING,
    }
}

/// A rows-per-second or bytes-per-second value with its unit in the current language.
pub fn rate(v: f64, unit: crate::model::units::Unit) -> String {
    let s = crate::model::units::human_rate(v, unit);
    match s.strip_suffix(" rows/s") {
        Some(n) => format!("{n} {}", t("unit.rows_s")),
        None => s,
    }
}

/// "5 s", "3 min", "2 h", "4 d" in the current language.
pub fn ago(secs: i64) -> String {
    let s = secs.max(0);
    let (n, key) = if s < 60 {
        (s, "unit.s")
    } else if s < 3600 {
        (s / 60, "unit.min")
    } else if s < 86_400 {
        (s / 3600, "unit.h")
    } else {
        (s / 86_400, "unit.d")
    };
    format!("{n} {}", t(key))
}

/// (key, English, 简体中文). Keys are grouped by where they appear.
pub const STRINGS: &[(&str, &str, &str)] = &[
    // pages and header
    ("page.instances", "Instances", "实例"),
    ("page.overview", "Overview", "概览"),
    ("page.sources", "Data sources", "数据源"),
    ("page.sync", "Sync list", "同步列表"),
    ("page.flow", "Flow", "流量"),
    ("header.pages", "Pages", "页面"),
    ("header.instance", "Bifrost instance", "Bifrost 实例"),
    ("common.no_data_yet", "No data yet: see the message above.", "暂无数据：见上方的提示。"),
    ("config.loading", "Loading configuration…", "正在加载配置…"),
    ("config.invalid", "The dashboard's configuration is not valid", "看板配置无效"),
    ("config.fix", " (fix config.json beside index.html; see README, \"config.json\")", "（请修正 index.html 旁的 config.json；见 README 的 “config.json” 一节）"),
    ("instances.title", "All instances", "全部实例"),
    ("instances.running", "Sources running", "运行中的数据源"),
    ("instances.failing", "Outputs failing", "失败的同步目标"),
    ("instances.loading", "Loading…", "加载中…"),
    ("header.updated", "Updated {} ago", "{}前更新"),
    ("header.never", "Not updated yet", "尚未更新"),
    ("signin.title", "Sign in to Bifrost", "登录 Bifrost"),
    ("signin.intro", "This proxy does not add Bifrost's credentials: sign in with a Bifrost user (the read-only BifrostMonitor is enough). The password stays in this page's memory and is sent only to Bifrost, through the proxy.", "此代理不会添加 Bifrost 的凭据：请使用 Bifrost 用户登录（只读的 BifrostMonitor 即可）。密码只保存在本页面的内存中，只经代理发送给 Bifrost。"),
    ("signin.user", "User", "用户名"),
    ("signin.password", "Password", "密码"),
    ("signin.remember", "Keep for this tab (session storage, cleared when the tab closes)", "在此标签页中保留（会话存储，关闭标签页即清除）"),
    ("signin.submit", "Sign in", "登录"),
    ("signin.sending", "Signing in…", "正在登录…"),
    ("signin.wrong", "Bifrost refused this user and password ({} failed from this page); the dashboard will not try it again by itself.", "Bifrost 拒绝了此用户名和密码（本页面已失败 {} 次）；仪表盘不会自动重试。"),
    ("signin.left", "At most {} more failures before Bifrost bans the address (fewer if others behind the same proxy failed too).", "最多再失败 {} 次 Bifrost 就会封禁该地址（如果同一代理后的其他人也失败过，次数会更少）。"),
    ("signin.banned", "Bifrost refuses this address after too many failed logins: the ban lasts 4 hours. Wait, or ask the Bifrost administrator.", "登录失败次数过多，Bifrost 拒绝了该地址：封禁持续 4 小时。请等待，或联系 Bifrost 管理员。"),
    ("signin.ban_rule", "Bifrost allows 10 failed logins from one address; more than 10 ban that address (for Bifrost, the proxy's, shared by everyone using this dashboard) for 4 hours. Loopback addresses are never banned.", "Bifrost 允许同一地址登录失败 10 次；超过 10 次将封禁该地址 4 小时（对 Bifrost 而言是代理的地址，所有使用此仪表盘的人共用）。回环地址永不封禁。"),
    ("header.stale", " (stale)", "（数据已过期）"),
    (
        "header.updated_title",
        "Time since the last successful refresh",
        "距上次成功刷新的时间",
    ),
    ("header.refresh_every", "Refresh every", "刷新间隔"),
    ("header.off", "Off", "关闭"),
    ("header.refresh", "↻ Refresh", "↻ 刷新"),
    ("header.refresh_now", "Refresh now", "立即刷新"),
    ("header.language", "Language", "语言"),
    ("header.theme", "Theme", "主题"),
    ("header.time", "Times", "时间"),
    ("theme.auto", "Auto", "跟随系统"),
    ("theme.light", "Light", "浅色"),
    ("theme.dark", "Dark", "深色"),
    ("time.local", "Local time", "本地时间"),
    ("time.utc", "UTC", "UTC"),
    // units
    ("unit.rows_s", "rows/s", "行/秒"),
    ("unit.rows", "rows", "行"),
    ("unit.s", "s", "秒"),
    ("unit.min", "min", "分钟"),
    ("unit.h", "h", "小时"),
    ("unit.d", "d", "天"),
    // status vocabulary
    ("state.running", "running", "运行中"),
    ("state.starting", "starting", "启动中"),
    ("state.stopped", "stopped", "已停止"),
    ("state.closed", "closed", "已关闭"),
    ("state.error", "error", "错误"),
    ("state.unknown", "unknown", "未知"),
    ("state.ok", "OK", "正常"),
    ("state.idle", "Idle", "无数据"),
    ("state.failing", "Failing", "失败"),
    ("state.out_stopped", "Stopped", "已停止"),
    // errors
    ("error.what_sources", "Data sources", "数据源"),
    ("error.what_sync", "Sync list", "同步列表"),
    // overview
    ("overview.title", "Overview", "概览"),
    ("overview.flow_now", "Flow now", "当前流量"),
    ("overview.all_sources", "all sources", "全部数据源"),
    ("overview.sources", "Data sources", "数据源"),
    ("overview.running", " running", " 运行中"),
    ("overview.failing", "Outputs failing", "失败的同步目标"),
    ("overview.of", " of {}", " / 共 {}"),
    (
        "overview.no_failing",
        "● No output reports an error.",
        "● 没有同步目标报错。",
    ),
    ("overview.backlog", "Largest backlogs", "积压最多"),
    ("overview.lag", "Largest lag", "延迟最大"),
    ("overview.none", "● None.", "● 无。"),
    ("overview.queued", "{} queued", "积压 {}"),
    // data sources
    ("sources.title", "Data sources", "数据源"),
    (
        "sources.loading",
        "Loading data sources…",
        "正在加载数据源…",
    ),
    (
        "sources.empty",
        "This Bifrost has no data sources yet.",
        "此 Bifrost 还没有数据源。",
    ),
    ("sources.col.name", "Name", "名称"),
    ("sources.col.status", "Status", "状态"),
    ("sources.col.input", "Input", "输入类型"),
    ("sources.col.position", "Binlog position", "Binlog 位点"),
    ("sources.col.dumped", "Dumped at", "解析时间"),
    ("sources.col.channels", "Channels", "通道"),
    ("sources.col.tables", "Tables", "表"),
    ("sources.col.added", "Added", "添加时间"),
    ("sources.col.flow", "Rows/s (10 min)", "行/秒（10 分钟）"),
    (
        "sources.to_sync",
        "Show this source's sync list",
        "查看此数据源的同步列表",
    ),
    (
        "sources.to_flow",
        "Show this source's flow",
        "查看此数据源的流量",
    ),
    (
        "sources.dsn",
        "Connection (password masked)",
        "连接（已隐藏密码）",
    ),
    ("sources.server_id", "server id ", "server id "),
    (
        "spark.label",
        "last 10 minutes, now {}",
        "最近 10 分钟，当前 {}",
    ),
    ("spark.none", "no flow data", "无流量数据"),
    // sync list
    ("sync.title", "Sync list", "同步列表"),
    (
        "sync.loading",
        "Loading the sync list…",
        "正在加载同步列表…",
    ),
    (
        "sync.empty",
        "No table is synced with these filters.",
        "没有符合这些筛选条件的同步表。",
    ),
    ("sync.count", "{} outputs", "{} 个同步目标"),
    ("sync.count_match", "{} outputs match", "{} 个同步目标符合"),
    (
        "sync.loading_rest",
        "loading the rest…",
        "正在加载其余部分…",
    ),
    ("sync.col.status", "Status", "状态"),
    ("sync.col.source", "Source / table", "数据源 / 表"),
    ("sync.col.key", "Output", "同步目标"),
    ("sync.col.queue", "Queue", "队列"),
    ("sync.col.lag", "Lag", "延迟"),
    ("sync.col.success", "Last success", "最后成功位点"),
    ("sync.col.queued", "Last queued", "最后入队位点"),
    ("sync.col.plugin", "Plugin", "插件"),
    ("sync.col.error", "Error", "错误"),
    ("sync.lag_behind", "{} behind", "落后 {}"),
    ("sync.caught_up", "caught up", "已追上"),
    ("sync.lag_unknown", "unknown", "未知"),
    ("sync.details", "Output details", "同步目标详情"),
    ("sync.close", "Close details", "关闭详情"),
    (
        "sync.bifrost_status",
        "(Bifrost status \"{}\")",
        "（Bifrost 状态 \"{}\"）",
    ),
    ("sync.flow_link", "Flow of this table →", "此表的流量 →"),
    ("sync.error", "Error", "错误"),
    (
        "sync.wait_data",
        "Data waiting (ErrorWaitData)",
        "等待处理的数据（ErrorWaitData）",
    ),
    ("filter.source", "Source", "数据源"),
    ("filter.schema", "Schema", "库"),
    ("filter.table", "Table", "表"),
    ("filter.output", "Output", "同步目标"),
    ("filter.channel", "Channel", "通道"),
    ("filter.status", "Status", "状态"),
    ("filter.all", "All", "全部"),
    ("filter.search", "Search", "搜索"),
    (
        "filter.search_hint",
        "table, output, plugin, error…",
        "表、同步目标、插件、错误…",
    ),
    ("filter.error", "✕ error", "✕ 错误"),
    ("filter.running", "✓ running", "✓ 运行中"),
    ("filter.nodata", "○ no data", "○ 无数据"),
    // flow
    ("flow.title", "Flow", "流量"),
    ("flow.scope", "Scope", "范围"),
    ("flow.all_sources", "All sources", "全部数据源"),
    ("flow.window", "Window", "时间窗口"),
    ("flow.cumulative", " Cumulative", " 累计值"),
    ("flow.compare", "Compare with", "对比"),
    ("flow.add_source", "add a source…", "添加数据源…"),
    ("flow.stop_compare", "Stop comparing {}", "取消对比 {}"),
    ("flow.channel", "Channel", "通道"),
    ("flow.all_channels", "All channels", "全部通道"),
    ("flow.table", "Table", "表"),
    ("flow.all_tables", "All tables", "全部表"),
    (
        "flow.no_data",
        "No flow data for this scope and window yet.",
        "此范围和时间窗口暂无流量数据。",
    ),
    ("flow.rows_s", "Rows per second", "每秒行数"),
    ("flow.bytes_s", "Bytes per second", "每秒字节数"),
    ("flow.rows_total", "Rows (cumulative)", "行数（累计）"),
    ("flow.bytes_total", "Bytes (cumulative)", "字节数（累计）"),
    ("flow.numbers", "The numbers for {}", "{} 的数据"),
    ("flow.points", " ({} points)", "（{} 个点）"),
    ("flow.col.time", "Time", "时间"),
    ("flow.col.rows", "Rows/s", "行/秒"),
    ("flow.col.bytes", "Bytes/s", "字节/秒"),
    ("flow.col.rows_total", "Rows (total)", "行数（总计）"),
    ("flow.col.bytes_total", "Bytes (total)", "字节数（总计）"),
    ("flow.col.note", "Note", "备注"),
    ("flow.restart", "restart", "重启"),
    ("flow.summary_span", "From ", "时间范围 "),
    ("flow.summary_now", "{}: now ", "{}：当前 "),
    ("flow.summary_peak", ", peak ", "，峰值 "),
    ("flow.summary_restarts", ", {} restart(s)", "，{} 次重启"),
    (
        "flow.summary_none",
        "{}: no data for this scope and window",
        "{}：此范围和时间窗口无数据",
    ),
    ("flow.at", " at ", " 于 "),
    ("flow.channel_scope", "{} / channel ", "{} / 通道 "),
    ("window.minute", "1 min", "1 分钟"),
    ("window.tenminute", "10 min", "10 分钟"),
    ("window.hour", "1 h", "1 小时"),
    ("window.eighthour", "8 h", "8 小时"),
    ("window.day", "24 h", "24 小时"),
    // export and capture (src/views/export.rs)
    ("export.group", "Export", "导出"),
    ("export.csv", "CSV", "导出 CSV"),
    ("export.json", "JSON", "导出 JSON"),
    ("export.capture", "Capture", "抓取原始数据"),
    (
        "export.csv_title",
        "Download what this page shows as CSV (filters applied)",
        "将本页显示的内容下载为 CSV（已应用筛选）",
    ),
    (
        "export.json_title",
        "Download what this page shows as JSON (filters applied)",
        "将本页显示的内容下载为 JSON（已应用筛选）",
    ),
    (
        "export.capture_title",
        "Save the raw API answers behind this view as one JSON file (bifrost-sim --replay FILE shows them again)",
        "将本视图背后的原始 API 响应保存为一个 JSON 文件（bifrost-sim --replay FILE 可重放）",
    ),    // alert rules (src/views/alerts.rs)
    ("alerts.title", "Alert rules for {}", "{} 的告警规则"),
    ("alerts.count", "{} alert(s) firing", "{} 条告警触发中"),
    ("alerts.off", "off", "关闭"),
    ("alerts.rule.output_error", "Output error present", "输出有错误"),
    ("alerts.rule.source_not_running", "Data source not running", "数据源未运行"),
    ("alerts.rule.no_rows", "No rows for N minutes while the source runs", "数据源运行但 N 分钟无数据"),
    ("alerts.rule.backlog", "Backlog above N rows", "积压超过 N 行"),
    ("alerts.rule.growing", "Backlog growing for N minutes", "积压持续增长 N 分钟"),
    ("alerts.rule.lag", "Lag above N seconds", "延迟超过 N 秒"),
    ("alerts.kind.output_error", "Output error", "输出错误"),
    ("alerts.kind.source_not_running", "Data source not running", "数据源未运行"),
    ("alerts.kind.no_rows", "No rows for minutes", "若干分钟无数据"),
    ("alerts.kind.backlog", "Backlog", "积压"),
    ("alerts.kind.backlog_growing", "Backlog growing", "积压持续增长"),
    ("alerts.kind.lag", "Lag (s)", "延迟（秒）"),
    ("alerts.notify_on", "Desktop notifications: enable", "启用桌面通知"),
    ("alerts.notify_off", "Desktop notifications: disable", "关闭桌面通知"),
    ("alerts.notify_firing", "Bifrost alert", "Bifrost 告警"),
    ("alerts.notify_cleared", "Bifrost: back to normal", "Bifrost：已恢复正常"),
    ("alerts.notify_denied", "The browser did not allow notifications.", "浏览器未允许通知。"),
    ("alerts.notify_unavailable", "This browser cannot show notifications.", "此浏览器无法显示通知。"),
    ("alerts.export", "Export rules (JSON)", "导出规则（JSON）"),
    ("alerts.import", "Import rules (JSON)", "导入规则（JSON）"),
    ("alerts.imported", "Rules imported.", "规则已导入。"),
    ("alerts.import_error", "These rules could not be imported: {}", "无法导入这些规则：{}"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every `t("…")` / `tf("…"` key used in the sources.
    fn used_keys() -> Vec<String> {
        let mut keys = Vec::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs")
                {
                    let text = std::fs::read_to_string(&path).expect("source");
                    for pat in ["t(\"", "tf(\""] {
                        for (i, _) in text.match_indices(pat) {
                            // only calls of our functions, not e.g. `format!("` or `set("`
                            let before = text[..i].chars().last();
                            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                                continue;
                            }
                            let rest = &text[i + pat.len()..];
                            if let Some(end) = rest.find('"') {
                                keys.push(rest[..end].to_string());
                            }
                        }
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    #[test]
    fn every_used_key_exists_in_both_languages() {
        let used = used_keys();
        assert!(used.len() > 50, "the scan found only {} keys", used.len());
        let missing: Vec<_> = used
            .iter()
            .filter(|k| !STRINGS.iter().any(|(s, _, _)| s == k))
            .collect();
        assert!(missing.is_empty(), "keys without translations: {missing:?}");
    }

    #[test]
    fn no_key_is_duplicated_or_empty() {
        for (i, (k, en, zh)) in STRINGS.iter().enumerate() {
            assert!(
                !en.is_empty() && !zh.is_empty(),
                "{k} is empty in a language"
            );
            assert!(
                STRINGS[i + 1..].iter().all(|(o, _, _)| o != k),
                "{k} is duplicated"
            );
            assert_eq!(
                en.matches("{}").count(),
                zh.matches("{}").count(),
                "{k}: placeholders differ"
            );
        }
    }

    #[test]
    fn chinese_is_really_translated() {
        // Most strings must differ between the languages (names like "UTC" may not).
        let same = STRINGS.iter().filter(|(_, en, zh)| en == zh).count();
        assert!(
            same * 20 < STRINGS.len(),
            "{same} strings are identical in both languages"
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
        assert_eq!(tr(Lang::Zh, "page.flow"), "流量");
        assert_eq!(tr(Lang::En, "nope.nope"), MISSING);
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
        set_lang(Lang::Zh);
        assert_eq!(ago(125), "2 分钟");
        assert_eq!(rate(12.0, crate::model::units::Unit::Rows), "12 行/秒");
        set_lang(Lang::En);
        assert_eq!(ago(125), "2 min");
        assert_eq!(rate(12.0, crate::model::units::Unit::Rows), "12 rows/s");
    }
}
