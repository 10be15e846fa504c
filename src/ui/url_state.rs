//! The view state that lives in the URL query, so every view can be bookmarked, shared and
//! navigated with the back button. Pure: parsing and printing are tested natively; the
//! browser glue (history, popstate) is in `app`.

use crate::ui::i18n::{t, Key, Lang};
use crate::wire::encoding::{percent_decode_query, percent_encode};
use crate::wire::request::{SyncStatusFilter, Window};

/// Which page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Overview,
    Sources,
    Sync,
    Flow,
    /// Every configured Bifrost instance side by side (shown when there are several).
    Instances,
}

impl Page {
    /// The pages of one instance, in the order of the header's navigation.
    pub const ALL: [Page; 4] = [Page::Overview, Page::Sources, Page::Sync, Page::Flow];

    pub fn param(self) -> &'static str {
        match self {
            Page::Overview => "overview",
            Page::Sources => "sources",
            Page::Sync => "sync",
            Page::Flow => "flow",
            Page::Instances => "instances",
        }
    }

    /// Its name in the header's navigation.
    pub fn label_key(self) -> Key {
        match self {
            Page::Overview => Key::PageOverview,
            Page::Sources => Key::PageSources,
            Page::Sync => Key::PageSync,
            Page::Flow => Key::PageFlow,
            Page::Instances => Key::PageInstances,
        }
    }

    /// Its name in the current language.
    pub fn label(self) -> &'static str {
        t(self.label_key())
    }

    fn parse(s: &str) -> Option<Page> {
        Page::ALL
            .into_iter()
            .chain([Page::Instances])
            .find(|p| p.param() == s)
    }
}

/// Refresh intervals offered by the picker, in seconds; 0 = off.
pub const REFRESH_CHOICES: [u32; 6] = [0, 5, 10, 30, 60, 300];
pub const DEFAULT_REFRESH: u32 = 5;

/// A sortable column of the data-source or sync-list table, as `?sort=` names it (the two
/// tables share the parameter; each maps the columns it has and ignores the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Status,
    Input,
    Position,
    Dumped,
    Channels,
    Tables,
    Added,
    Source,
    Key,
    Queue,
    Lag,
    Success,
    Queued,
    Plugin,
    Error,
}

impl SortColumn {
    pub const ALL: [SortColumn; 16] = [
        SortColumn::Name,
        SortColumn::Status,
        SortColumn::Input,
        SortColumn::Position,
        SortColumn::Dumped,
        SortColumn::Channels,
        SortColumn::Tables,
        SortColumn::Added,
        SortColumn::Source,
        SortColumn::Key,
        SortColumn::Queue,
        SortColumn::Lag,
        SortColumn::Success,
        SortColumn::Queued,
        SortColumn::Plugin,
        SortColumn::Error,
    ];

    pub fn param(self) -> &'static str {
        match self {
            SortColumn::Name => "name",
            SortColumn::Status => "status",
            SortColumn::Input => "input",
            SortColumn::Position => "position",
            SortColumn::Dumped => "dumped",
            SortColumn::Channels => "channels",
            SortColumn::Tables => "tables",
            SortColumn::Added => "added",
            SortColumn::Source => "source",
            SortColumn::Key => "key",
            SortColumn::Queue => "queue",
            SortColumn::Lag => "lag",
            SortColumn::Success => "success",
            SortColumn::Queued => "queued",
            SortColumn::Plugin => "plugin",
            SortColumn::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<SortColumn> {
        SortColumn::ALL.into_iter().find(|c| c.param() == s)
    }
}

/// Everything a view needs to be restored from a link. Empty strings mean "no filter".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewState {
    pub page: Page,
    /// Data source (DbName).
    pub db: String,
    pub schema: String,
    pub table: String,
    /// Output (ToServerKey).
    pub key: String,
    /// Channel id (sync list) as text; the flow scope uses the channel name.
    pub channel: String,
    /// Sync status filter; `None` = every output.
    pub status: Option<SyncStatusFilter>,
    /// Free-text search in the sync list.
    pub q: String,
    /// Sync list: only the outputs failing with this cause (`model::causes::cause_id`).
    pub cause: String,
    /// Sort column (`None` = the table's default) and direction.
    pub sort: Option<SortColumn>,
    pub desc: bool,
    /// Flow window.
    pub window: Window,
    /// Flow: cumulative counters instead of rates.
    pub cumulative: bool,
    /// Flow: extra data sources compared on the same chart.
    pub compare: Vec<String>,
    /// Refresh interval in seconds (0 = off).
    pub refresh: u32,
    /// The Bifrost instance shown (a name from config.json); empty = the first.
    pub instance: String,
    /// Chrome-less embed mode for iframes (`embed=1`).
    pub embed: bool,
    /// UI language from `?lang=` (any tag [`Lang::parse`] reads); `None` = from the config
    /// or the browser.
    pub lang: Option<Lang>,
    /// Times in UTC instead of local time.
    pub utc: bool,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            page: Page::Overview,
            db: String::new(),
            schema: String::new(),
            table: String::new(),
            key: String::new(),
            channel: String::new(),
            status: None,
            q: String::new(),
            cause: String::new(),
            sort: None,
            desc: false,
            window: Window::TenMinute,
            cumulative: false,
            compare: Vec::new(),
            refresh: DEFAULT_REFRESH,
            instance: String::new(),
            embed: false,
            lang: None,
            utc: false,
        }
    }
}

impl ViewState {
    /// Parses a query string (with or without the leading `?`). Unknown keys and bad values
    /// fall back to defaults: a hand-edited link never breaks the page.
    pub fn from_query(query: &str) -> ViewState {
        ViewState::from_query_with_refresh(query, DEFAULT_REFRESH)
    }

    /// As [`ViewState::from_query`], with the refresh interval used when the URL has none
    /// (config.json's `refresh`).
    pub fn from_query_with_refresh(query: &str, default_refresh: u32) -> ViewState {
        let mut s = ViewState {
            refresh: if REFRESH_CHOICES.contains(&default_refresh) {
                default_refresh
            } else {
                DEFAULT_REFRESH
            },
            ..ViewState::default()
        };
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_decode_query(v);
            match k {
                "page" => s.page = Page::parse(&v).unwrap_or_default(),
                "db" => s.db = v,
                "schema" => s.schema = v,
                "table" => s.table = v,
                "key" => s.key = v,
                "channel" => s.channel = v,
                "status" => s.status = SyncStatusFilter::from_param(&v),
                "q" => s.q = v,
                "cause" => s.cause = v,
                "sort" => s.sort = SortColumn::parse(&v),
                "desc" => s.desc = v == "1",
                "window" => s.window = Window::from_param(&v).unwrap_or(s.window),
                "cumulative" => s.cumulative = v == "1",
                "instance" => s.instance = v,
                "embed" => s.embed = v == "1",
                "lang" => s.lang = Lang::parse(&v),
                "utc" => s.utc = v == "1",
                "compare" => {
                    s.compare = v
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(String::from)
                        .collect()
                }
                "refresh" => {
                    if let Ok(n) = v.parse::<u32>() {
                        if REFRESH_CHOICES.contains(&n) {
                            s.refresh = n;
                        }
                    }
                }
                _ => {}
            }
        }
        s
    }

    /// Prints only what differs from the defaults, so links stay short.
    /// `to`, inside this session: the refresh interval, embed mode, language and time zone
    /// carry over, and the instance too unless `to` names one. Every in-app link goes
    /// through this, so following one never drops them.
    pub fn within(&self, to: ViewState) -> ViewState {
        ViewState {
            instance: if to.instance.is_empty() {
                self.instance.clone()
            } else {
                to.instance
            },
            refresh: self.refresh,
            embed: self.embed,
            lang: self.lang,
            utc: self.utc,
            ..to
        }
    }

    pub fn to_query(&self) -> String {
        self.to_query_with_refresh(DEFAULT_REFRESH)
    }

    /// As [`ViewState::to_query`], leaving out `refresh` when it equals `default_refresh`
    /// (config.json's); the pair with [`ViewState::from_query_with_refresh`].
    pub fn to_query_with_refresh(&self, default_refresh: u32) -> String {
        let d = ViewState {
            refresh: default_refresh,
            ..ViewState::default()
        };
        let mut out = String::new();
        let mut put = |k: &str, v: &str| {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(k);
            out.push('=');
            out.push_str(&percent_encode(v));
        };
        if self.page != d.page {
            put("page", self.page.param());
        }
        for (k, v) in [
            ("db", self.db.as_str()),
            ("schema", self.schema.as_str()),
            ("table", self.table.as_str()),
            ("key", self.key.as_str()),
            ("channel", self.channel.as_str()),
            ("status", self.status.map_or("", SyncStatusFilter::param)),
            ("q", self.q.as_str()),
            ("cause", self.cause.as_str()),
            ("sort", self.sort.map_or("", SortColumn::param)),
        ] {
            if !v.is_empty() {
                put(k, v);
            }
        }
        if self.desc {
            put("desc", "1");
        }
        if self.window != d.window {
            put("window", self.window.param());
        }
        if self.cumulative {
            put("cumulative", "1");
        }
        if !self.compare.is_empty() {
            put("compare", &self.compare.join(","));
        }
        if self.refresh != d.refresh {
            put("refresh", &self.refresh.to_string());
        }
        if !self.instance.is_empty() {
            put("instance", &self.instance);
        }
        if self.embed {
            put("embed", "1");
        }
        if let Some(lang) = self.lang {
            put("lang", lang.param());
        }
        if self.utc {
            put("utc", "1");
        }
        out
    }
}

#[cfg(test)]
mod tests;
