//! The application shell: state in the URL, the data store, the poll loop and the page frame.

use crate::client::{Bifrost, Cycle};
use crate::config::Config;
use crate::i18n::{t, tf};
use crate::model;
use crate::model::rows::SyncRow;
use crate::plan;
use crate::url_state::{Page, ViewState, REFRESH_CHOICES};
use crate::views;
use crate::wire::error::ApiError;
use crate::wire::request::{self, ApiVersion};
use crate::wire::types::{DbList, FlowPoint, SyncList};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The last answer of one endpoint: the last good data stays while a newer error is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot<T> {
    pub data: Option<Arc<T>>,
    pub error: Option<ApiError>,
    /// When `data` arrived (ms since epoch).
    pub updated: f64,
    /// `data` is the first part of an answer still downloading (a first load only).
    pub partial: bool,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            data: None,
            error: None,
            updated: 0.0,
            partial: false,
        }
    }
}

impl<T> Slot<T> {
    fn apply(&mut self, r: Result<T, ApiError>, now: f64) {
        match r {
            Ok(v) => {
                self.data = Some(Arc::new(v));
                self.error = None;
                self.updated = now;
                self.partial = false;
            }
            Err(ApiError::Aborted) => {}
            Err(e) => {
                if std::mem::take(&mut self.partial) {
                    // the first part of an answer that failed is not data to keep
                    self.data = None;
                }
                self.error = Some(e);
            }
        }
    }

    /// Shows the first part of an answer still downloading, when there is nothing else yet.
    fn apply_partial(&mut self, part: T) {
        if self.data.is_none() || self.partial {
            self.data = Some(Arc::new(part));
            self.partial = true;
        }
    }
}

/// Everything fetched, as signals the views read.
#[derive(Clone, Copy)]
pub struct Store {
    pub sources: RwSignal<Slot<DbList>>,
    pub sync: RwSignal<Slot<SyncList>>,
    /// Flow series keyed by their request path (unique per scope and window).
    pub flows: RwSignal<HashMap<String, Slot<Vec<FlowPoint>>>>,
    pub version: RwSignal<Option<ApiVersion>>,
    /// Consecutive failed cycles, for the back-off.
    pub failures: RwSignal<u32>,
    pub busy: RwSignal<bool>,
    /// Wall clock, ticking every second, for "updated N s ago".
    pub now: RwSignal<f64>,
    /// The sync list flattened to rows (with lag against the sources), computed once per
    /// answer for every reader: the page, the overview and the alert rules.
    pub rows: Memo<Arc<Vec<SyncRow>>>,
}

impl Store {
    pub fn new() -> Store {
        let sources = RwSignal::new(Slot::<DbList>::default());
        let sync = RwSignal::new(Slot::<SyncList>::default());
        let rows = Memo::new(move |_| {
            let sources = sources.with(|s| s.data.clone()).unwrap_or_default();
            Arc::new(
                sync.with(|s| s.data.as_ref().map(|l| model::rows::sync_rows(l, &sources)))
                    .unwrap_or_default(),
            )
        });
        Store {
            sources,
            sync,
            flows: RwSignal::new(HashMap::new()),
            version: RwSignal::new(None),
            failures: RwSignal::new(0),
            busy: RwSignal::new(false),
            now: RwSignal::new(js_sys::Date::now()),
            rows,
        }
    }

    /// Names of the known data sources (tracked: readers update when the list changes).
    pub fn source_names(&self) -> Vec<String> {
        self.sources
            .with(|s| s.data.as_ref().map(|d| d.keys().cloned().collect()))
            .unwrap_or_default()
    }

    /// The flow series for a scope, if fetched.
    pub fn flow(
        &self,
        prefix: &str,
        scope: &request::FlowScope,
        w: request::Window,
    ) -> Slot<Vec<FlowPoint>> {
        let v = self.version.get().unwrap_or(ApiVersion::V2);
        let key = request::flow_path(prefix, v, scope, w);
        self.flows
            .with(|m| m.get(&key).cloned().unwrap_or_default())
    }
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

/// Shared context of every view (all handles are `Copy`).
#[derive(Clone, Copy)]
pub struct Ctx {
    pub state: RwSignal<ViewState>,
    pub store: Store,
    pub bifrost: StoredValue<Bifrost, LocalStorage>,
    pub poller: Poller,
}

pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

#[derive(Default)]
struct PollerInner {
    /// Resolves the poll loop's current sleep, and the timer that would.
    resolve: Option<(js_sys::Function, i32)>,
    /// The cycle in flight.
    cycle: Option<Cycle>,
    /// A restart came while no sleep was pending: the next sleep returns at once.
    pending: bool,
}

/// Wakes the poll loop early: a refresh-now, a view change or the tab becoming visible.
#[derive(Clone, Copy)]
pub struct Poller(StoredValue<PollerInner, LocalStorage>);

impl Default for Poller {
    fn default() -> Self {
        Poller::new()
    }
}

impl Poller {
    pub fn new() -> Poller {
        Poller(StoredValue::new_local(PollerInner::default()))
    }

    pub fn wake(&self) {
        let mut taken = None;
        self.0.update_value(|p| taken = p.resolve.take());
        if let Some((f, timer)) = taken {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(timer);
            }
            let _ = f.call0(&JsValue::NULL);
        }
    }

    /// Aborts the cycle in flight (its answers are for a view that is gone) and starts anew.
    pub fn restart(&self) {
        self.0.update_value(|p| {
            if let Some(c) = &p.cycle {
                c.abort();
            }
            // Not sleeping (a cycle is in flight): the wake must not be lost.
            p.pending = p.resolve.is_none();
        });
        self.wake();
    }

    fn begin(&self, cycle: Cycle) {
        self.0.update_value(|p| p.cycle = Some(cycle));
    }

    pub(crate) async fn sleep(&self, ms: Option<u32>) {
        let mut pending = false;
        self.0
            .update_value(|p| pending = std::mem::take(&mut p.pending));
        if pending {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let timer = match (ms, web_sys::window()) {
                (Some(ms), Some(w)) => w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
                    .unwrap_or(0),
                _ => 0,
            };
            self.0.update_value(|p| p.resolve = Some((resolve, timer)));
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.hidden())
        .unwrap_or(false)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// While a first sync list downloads, the tables received so far are shown this often.
const PARTIAL_EVERY_MS: f64 = 500.0;

/// One refresh cycle: the plan's requests one after another (never overlapping).
async fn refresh_once(ctx: &Ctx, cycle: &Cycle) {
    let Ctx {
        state,
        store,
        bifrost,
        ..
    } = *ctx;
    let bifrost = bifrost.get_value();
    store.busy.set(true);
    let r = bifrost.db_list(cycle).await;
    let first = store.sources.with_untracked(|s| s.data.is_none()) && r.is_ok();
    store.sources.update(|s| s.apply(r, now_ms()));
    if first {
        mark("bifrost:first-data");
    }
    let dbs = untrack(|| store.source_names());
    let view = state.get_untracked();
    let channel_name = channel_name(&store, &view);
    let p = plan::plan(&view, &dbs, channel_name.as_deref());
    if let Some(q) = p.sync {
        // A first load of the sync list page shows the tables received so far while the rest
        // downloads (10,000 outputs are 13 MB: seconds over a slow VPN): at once, then at most
        // every PARTIAL_EVERY_MS, so the rows are not recomputed for every chunk. Never over
        // complete data, but over the first part of an answer that a filter change cut short.
        let early =
            view.page == Page::Sync && store.sync.with_untracked(|s| s.data.is_none() || s.partial);
        let mut shown: Option<(usize, f64)> = None; // (tables, when)
        let r = bifrost
            .sync_list(&q, cycle, &mut |tables| {
                let due = match shown {
                    None => true,
                    Some((n, at)) => tables.len() > n && now_ms() - at >= PARTIAL_EVERY_MS,
                };
                if early && due && !tables.is_empty() {
                    let part = SyncList {
                        tables: tables.to_vec(),
                        ..SyncList::default()
                    };
                    store.sync.update(|s| s.apply_partial(part));
                    if shown.is_none() {
                        // Benchmark hook: the first tables were handed to the views.
                        mark_latest("bifrost:sync-first-tables");
                    }
                    shown = Some((tables.len(), now_ms()));
                }
            })
            .await;
        // Benchmark hook: when the sync list was read and parsed (one entry, replaced each time).
        mark_latest("bifrost:sync-parsed");
        store.sync.update(|s| s.apply(r, now_ms()));
    }
    for (scope, w) in p.flows {
        let r = bifrost.flow(&scope, w, cycle).await;
        let key = request::flow_path(
            &bifrost.prefix,
            bifrost.version().unwrap_or(ApiVersion::V2),
            &scope,
            w,
        );
        store.flows.update(|m| {
            let slot = m.entry(key).or_default();
            // Merged with what was shown before, so a restart between polls is visible.
            let r = r.map(|new| {
                let old = slot.data.as_deref().map(Vec::as_slice).unwrap_or_default();
                model::history::merge_history(old, &new, w.span_secs())
            });
            slot.apply(r, now_ms())
        });
    }
    store.version.set(bifrost.version());
    if cycle.aborted() {
        // Superseded by a view change: not a failure, the back-off stays as it was.
        store.busy.set(false);
        return;
    }
    let failed = store.sources.with_untracked(|s| s.error.is_some())
        || store.sync.with_untracked(|s| s.error.is_some());
    store
        .failures
        .update(|f| *f = if failed { *f + 1 } else { 0 });
    store.busy.set(false);
}

/// The channel name for a channel id filter, from the last sync list (flow wants names).
fn channel_name(store: &Store, view: &ViewState) -> Option<String> {
    if view.channel.is_empty() {
        return None;
    }
    store.sync.with_untracked(|s| {
        s.data
            .as_ref()
            .and_then(|d| d.channels.get(&view.channel).map(|c| c.name.clone()))
    })
}

/// A mark that replaces its previous entry, so polling all day does not accumulate them.
pub(crate) fn mark_latest(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name(name);
        let _ = p.mark(name);
    }
}

fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// The poll loop: refresh, then wait for the interval (longer after failures), a wake-up,
/// or the tab to become visible again. Never overlapping, paused while hidden.
fn start_polling(ctx: Ctx) {
    leptos::task::spawn_local(async move {
        loop {
            let cycle = Cycle::new();
            ctx.poller.begin(cycle.clone());
            refresh_once(&ctx, &cycle).await;
            let every = ctx.state.with_untracked(|s| s.refresh);
            let failures = ctx.store.failures.get_untracked();
            let delay = plan::next_delay_ms(every, failures);
            ctx.poller.sleep(delay).await;
            while document_hidden() {
                ctx.poller.sleep(None).await;
            }
        }
    });
}

fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Keeps `state` and the address bar in step, both ways.
///
/// Typing in the search box replaces the history entry instead of adding one, and only once
/// typing pauses: `replaceState` costs about 2 ms, an eighth of a frame, on every keystroke.
fn sync_url(state: RwSignal<ViewState>, default_refresh: u32) {
    // A replacement waiting for typing to pause: its timer and URL.
    let pending = StoredValue::new_local(None::<(TimeoutHandle, String)>);
    let write = |url: &str, replace: bool| {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = if replace {
                h.replace_state_with_url(&JsValue::NULL, "", Some(url))
            } else {
                h.push_state_with_url(&JsValue::NULL, "", Some(url))
            };
        }
    };
    Effect::new(move |prev: Option<ViewState>| {
        let s = state.get();
        let q = s.to_query_with_refresh(default_refresh);
        let waiting = pending.try_update_value(Option::take).flatten();
        if let Some((timer, _)) = &waiting {
            timer.clear();
        }
        if q != location_query() {
            let url = if q.is_empty() {
                web_sys::window()
                    .and_then(|w| w.location().pathname().ok())
                    .unwrap_or_else(|| "./".into())
            } else {
                q.clone()
            };
            let only_text = prev.as_ref().is_some_and(|p| {
                let mut p = p.clone();
                p.q = s.q.clone();
                p == s
            });
            if only_text {
                let later = url.clone();
                let timer = set_timeout_with_handle(
                    move || {
                        pending.set_value(None);
                        write(&later, true);
                    },
                    std::time::Duration::from_millis(300),
                );
                if let Ok(timer) = timer {
                    pending.set_value(Some((timer, url)));
                }
            } else {
                // the text typed before this change is the entry this one follows
                if let Some((_, typed)) = waiting {
                    write(&typed, true);
                }
                write(&url, false);
            }
        }
        s
    });
    let on_pop = Closure::<dyn FnMut()>::new(move || {
        // the entry navigated to is not the one the typing was for
        if let Some((timer, _)) = pending.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        state.set(ViewState::from_query_with_refresh(
            &location_query(),
            default_refresh,
        ));
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    }
    on_pop.forget(); // lives as long as the page
}

/// The element a host page provides to mount the dashboard into (else `<body>`).
pub const MOUNT_ID: &str = "bifrost-dashboard";

/// Mounts the dashboard into `<div id="bifrost-dashboard">` when the page has one (a host
/// page; its `data-config` attribute gives the config.json URL), else on `<body>`. The
/// configuration is read first; the app starts when it is known.
pub fn start() {
    // Benchmark hook: the wasm is downloaded, compiled and running.
    mark("bifrost:start");
    console_error_panic_hook_lite();
    // Until config.json is read, speak the URL's or the browser's language.
    let url_lang = ViewState::from_query(&location_query()).lang;
    crate::i18n::set_lang(views::settings::pick_lang(url_lang, None));
    let host = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(MOUNT_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let config_url = host
        .as_ref()
        .and_then(|e| e.get_attribute("data-config"))
        .unwrap_or_else(|| "config.json".into());
    let root = move || view! { <Root config_url=config_url.clone() /> };
    match host {
        Some(el) => leptos::mount::mount_to(el, root).forget(),
        None => leptos::mount::mount_to_body(root),
    }
}

/// GETs config.json (relative to the document's base URL, so it works under a sub-path).
async fn load_config(url: &str) -> Result<Config, String> {
    let resp = gloo_net::http::Request::get(url)
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| format!("config.json could not be read: {e}"))?;
    let status = resp.status();
    let content_type = resp.headers().get("content-type");
    let body = resp
        .text()
        .await
        .map_err(|e| format!("config.json could not be read: {e}"))?;
    crate::config::from_response(status, content_type.as_deref(), &body)
}

/// Reads the configuration, then shows the app, or what is wrong with the configuration.
#[component]
fn Root(config_url: String) -> impl IntoView {
    let loaded: RwSignal<Option<Result<Config, String>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let config = load_config(&config_url).await;
        mark("bifrost:config"); // benchmark hook
        loaded.set(Some(config));
    });
    move || match loaded.get() {
        None => view! { <p class="muted config-loading">{t("config.loading")}</p> }.into_any(),
        Some(Err(e)) => view! {
            <div class="banner bad" role="alert" id="config-error">
                <strong>{t("config.invalid")}</strong>
                " — "
                {e}
                {t("config.fix")}
            </div>
        }
        .into_any(),
        Some(Ok(config)) => view! { <App config /> }.into_any(),
    }
}

fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
    }));
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    let state = RwSignal::new(ViewState::from_query_with_refresh(
        &location_query(),
        config.refresh,
    ));
    let first = config.instance(&state.with_untracked(|s| s.instance.clone()));
    let ctx = Ctx {
        state,
        store: Store::new(),
        bifrost: StoredValue::new_local(Bifrost::new(&first.prefix)),
        poller: Poller::new(),
    };
    provide_context(ctx);
    provide_context(config.clone());
    provide_context(views::alerts::AlertState::new());
    sync_url(state, config.refresh);
    let theme_version = RwSignal::new(0u32);
    provide_context(ThemeVersion(theme_version));
    views::settings::apply_theme(&views::settings::theme_choice());
    if !config.chrome || state.with_untracked(|s| s.embed) {
        crate::embed::report_height(config.embed_target_origin.clone());
    }

    // A change of what is fetched aborts the cycle in flight and refreshes at once.
    let fetch_key = Memo::new(move |_| {
        state.with(|s| {
            let mut s = s.clone();
            s.q.clear();
            s.sort.clear();
            s.desc = false;
            s.cumulative = false;
            s
        })
    });
    let poller = ctx.poller;
    Effect::new(move |prev: Option<()>| {
        // Read, not just `track()`: a lazy memo that is never read never notifies.
        fetch_key.with(|_| ());
        if prev.is_some() {
            poller.restart();
        }
    });

    let poller = ctx.poller;
    let on_visible = Closure::<dyn FnMut()>::new(move || {
        if !document_hidden() {
            poller.wake();
        }
    });
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        let _ = d.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    on_visible.forget();

    let now = ctx.store.now;
    let _ = set_interval_with_handle(move || now.set(now_ms()), std::time::Duration::from_secs(1));
    // Credentials the user asked this tab to keep (sign-in without injecting proxy).
    views::signin::restore();
    start_polling(ctx);
    // The frame is built by a task queued after the poll loop's, so the first request is on
    // its way before the frame is built (about 25 ms) instead of after: first data sooner.
    let frame_ready = RwSignal::new(false);
    leptos::task::spawn_local(async move { frame_ready.set(true) });

    // The instance shown: switching swaps the client and clears the store before the views
    // are rebuilt (they read the client's prefix when created).
    let shown = Memo::new(move |_| state.with(|s| (s.page, s.instance.clone())));
    let switch_config = config.clone();
    // Language and time zone: switching re-renders the frame (rare, and simplest).
    let locale = Memo::new(move |_| state.with(|s| (s.lang, s.utc)));
    let configured_lang = config.language;
    move || {
        if !frame_ready.get() {
            return None;
        }
        let (lang, utc) = locale.get();
        let lang = views::settings::pick_lang(lang, configured_lang);
        crate::i18n::set_lang(lang);
        crate::i18n::set_utc(utc);
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.tag());
        }
        let switch_config = switch_config.clone();
        Some(view! {
            <Header />
            <views::alerts::AlertWatcher />
            <views::signin::SignIn />
            <main id="main">
                {move || match shown.with(|(page, instance)| {
                    use_instance(&ctx, switch_config.instance(instance));
                    *page
                }) {
                    Page::Instances => view! { <crate::instances::InstancesPage /> }.into_any(),
                    Page::Overview => view! { <views::overview::Overview /> }.into_any(),
                    Page::Sources => view! { <views::sources::Sources /> }.into_any(),
                    Page::Sync => view! { <views::sync_list::SyncListPage /> }.into_any(),
                    Page::Flow => view! { <views::flow::FlowPage /> }.into_any(),
                }}
            </main>
        })
    }
}

/// Bumped when the theme changes, so canvases redraw in the new palette.
#[derive(Clone, Copy)]
pub struct ThemeVersion(pub RwSignal<u32>);

/// Points the client at `inst` (a new client, an empty store) unless it already is.
fn use_instance(ctx: &Ctx, inst: &crate::config::Instance) {
    if ctx.bifrost.with_value(|b| b.prefix == inst.prefix) {
        return;
    }
    ctx.bifrost.set_value(Bifrost::new(&inst.prefix));
    let store = ctx.store;
    store.sources.set(Slot::default());
    store.sync.set(Slot::default());
    store.flows.set(HashMap::new());
    store.version.set(None);
    store.failures.set(0);
}

#[component]
fn Header() -> impl IntoView {
    let Ctx {
        state,
        store,
        poller,
        ..
    } = ctx();
    let page = move || state.with(|s| s.page);
    let ago = move || {
        let at = store.sources.with(|s| s.updated);
        if at == 0.0 {
            t("header.never").to_string()
        } else {
            tf(
                "header.updated",
                &crate::i18n::ago(((store.now.get() - at) / 1000.0).max(0.0) as i64),
            )
        }
    };
    let theme_version = expect_context::<ThemeVersion>().0;
    let stale = move || {
        store
            .sources
            .with(|s| s.error.is_some() && s.data.is_some())
    };
    let config = expect_context::<Config>();
    let chrome_on = config.chrome;
    // a memo: the header is rebuilt only when embed mode changes, not on every state change
    let embed = Memo::new(move |_| state.with(|s| s.embed));
    let chrome = move || chrome_on && !embed.get();
    let multi = config.multi();
    let names: Vec<String> = config.instances.iter().map(|i| i.name.clone()).collect();
    let names = StoredValue::new(names);
    // the switcher shows the first instance when the URL names none (or an unknown one)
    let shown_name = move || {
        state.with(|s| {
            names.with_value(|n| {
                if n.contains(&s.instance) {
                    s.instance.clone()
                } else {
                    n[0].clone()
                }
            })
        })
    };
    view! {
        {move || chrome().then(|| view! {
        <header class="top">
            <a class="brand" href="?">"Bifrost"<span>" Dashboard"</span></a>
            {multi.then(|| view! {
                <label class="instance">
                    <span class="sr-only">{t("header.instance")}</span>
                    <select
                        id="instance"
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            state.update(|s| {
                                // filters name things of the previous instance: start clean
                                *s = ViewState {
                                    page: if s.page == Page::Instances { Page::Overview } else { s.page },
                                    instance: name,
                                    refresh: s.refresh,
                                    embed: s.embed,
                                    ..ViewState::default()
                                };
                            });
                        }
                        prop:value=shown_name
                    >
                        {names.get_value().into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <nav aria-label=t("header.pages")>
                {Page::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <a
                                href=move || { let mut s = state.get(); s.page = p; s.to_query() }
                                class:active=move || page() == p
                                aria-current=move || (page() == p).then_some("page")
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    state.update(|s| s.page = p);
                                }
                            >
                                {t(&format!("page.{}", p.param()))}
                            </a>
                        }
                    })
                    .collect_view()}
                {multi.then(|| view! {
                    <a
                        id="nav-instances"
                        href=move || { let mut s = state.get(); s.page = Page::Instances; s.to_query() }
                        class:active=move || page() == Page::Instances
                        aria-current=move || (page() == Page::Instances).then_some("page")
                        on:click=move |ev| {
                            ev.prevent_default();
                            state.update(|s| s.page = Page::Instances);
                        }
                    >
                        {Page::Instances.label()}
                    </a>
                })}
            </nav>
            <div class="refresh">
                <span class="updated" class:stale=stale title=t("header.updated_title")>
                    {ago}
                    {move || stale().then_some(t("header.stale"))}
                </span>
                <label>
                    <span class="sr-only">{t("header.refresh_every")}</span>
                    <select
                        id="refresh"
                        on:change=move |ev| {
                            let v = event_target_value(&ev).parse().unwrap_or(0);
                            state.update(|s| s.refresh = v);
                        }
                        prop:value=move || state.with(|s| s.refresh.to_string())
                    >
                        {REFRESH_CHOICES
                            .into_iter()
                            .map(|n| {
                                let label = match n {
                                    0 => t("header.off").to_string(),
                                    n => crate::i18n::ago(i64::from(n)),
                                };
                                view! { <option value=n.to_string()>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button
                    id="refresh-now"
                    on:click=move |_| poller.wake()
                    disabled=move || store.busy.get()
                    title=t("header.refresh_now")
                >
                    {t("header.refresh")}
                </button>
                <views::settings::Settings theme_version=theme_version />
            </div>
        </header>
        })}
        {move || {
            store
                .sources
                .with(|s| s.error.clone())
                .map(|e| view! { <views::widgets::ErrorBanner error=e what=t("error.what_sources") /> })
        }}
    }
}
