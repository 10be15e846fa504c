//! The application: start-up (configuration first), the frame, and the page shown.

use crate::browser::{document_hidden, location_query, log_panics, mark, now_ms};
use crate::runtime::refresh::start_polling;
use crate::runtime::startup::load_config;
use crate::runtime::store::{Ctx, ThemeVersion};
use crate::runtime::url_sync::sync_url;
use crate::ui::config::Config;
use crate::ui::i18n::{t, Key};
use crate::ui::url_state::{Page, ViewState};
use crate::views;
use crate::views::header::Header;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The element a host page provides to mount the dashboard into (else `<body>`).
pub const MOUNT_ID: &str = "bifrost-dashboard";

/// Mounts the dashboard into `<div id="bifrost-dashboard">` when the page has one (a host
/// page; its `data-config` attribute gives the config.json URL), else on `<body>`. The
/// configuration is read first; the app starts when it is known.
pub fn start() {
    // Benchmark hook: the wasm is downloaded, compiled and running.
    mark("bifrost:start");
    log_panics();
    // Until config.json is read, speak the URL's or the browser's language.
    let url_lang = ViewState::from_query(&location_query()).lang;
    crate::ui::i18n::set_lang(views::settings::pick_lang(url_lang, None));
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
        None => view! { <p class="muted config-loading">{t(Key::ConfigLoading)}</p> }.into_any(),
        Some(Err(e)) => view! {
            <div class="banner bad" role="alert" id="config-error">
                <strong>{t(Key::ConfigInvalid)}</strong>
                " — "
                {e}
                {t(Key::ConfigFix)}
            </div>
        }
        .into_any(),
        Some(Ok(config)) => view! { <App config /> }.into_any(),
    }
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    let state = RwSignal::new(ViewState::from_query_with_refresh(
        &location_query(),
        config.refresh,
    ));
    let first = config.instance(&state.with_untracked(|s| s.instance.clone()));
    let ctx = Ctx::new(state, &first.prefix);
    provide_context(ctx);
    provide_context(config.clone());
    provide_context(views::alerts::AlertState::new());
    sync_url(state, config.refresh);
    let theme_version = ThemeVersion(RwSignal::new(0u32));
    provide_context(theme_version);
    crate::runtime::theme::use_theme(theme_version);
    if !config.chrome || state.with_untracked(|s| s.embed) {
        crate::runtime::embed::report_height(config.embed_target_origin.clone());
    }

    // A change of what is fetched aborts the cycle in flight and refreshes at once.
    let fetch_key = Memo::new(move |_| {
        state.with(|s| {
            let mut s = s.clone();
            s.q.clear();
            s.cause.clear();
            s.sort = None;
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
    crate::runtime::hooks::use_interval_fn(1000, move || now.set(now_ms()));
    // Credentials the user asked this tab to keep (sign-in without injecting proxy).
    views::signin::restore();
    crate::client::when_refused(views::signin::forget_stored);
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
        crate::ui::i18n::set_lang(lang);
        crate::ui::i18n::set_utc(utc);
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
                    ctx.use_instance(switch_config.instance(instance));
                    *page
                }) {
                    Page::Instances => view! { <crate::views::instances::InstancesPage /> }.into_any(),
                    Page::Overview => view! { <views::overview::Overview /> }.into_any(),
                    Page::Sources => view! { <views::sources::Sources /> }.into_any(),
                    Page::Sync => view! { <views::sync_list::SyncListPage /> }.into_any(),
                    Page::Flow => view! { <views::flow::FlowPage /> }.into_any(),
                }}
            </main>
        })
    }
}
