//! Settings in the header: language (kept in the URL), times in UTC or local (URL), and the
//! theme (light, dark, auto: see `runtime::theme`).

use crate::runtime::store::ctx;
use crate::runtime::theme::{choose_theme, theme_choice};
use crate::ui::i18n::{t, Key, Lang};
use crate::ui::palette::{Theme, ThemeChoice};
use leptos::prelude::*;

/// The language to show: the URL's, else the configured one, else the browser's preferred
/// languages in order (`navigator.languages`, then `navigator.language`).
pub fn pick_lang(url: Option<Lang>, configured: Option<Lang>) -> Lang {
    let navigator = web_sys::window().map(|w| w.navigator());
    let mut browser: Vec<String> = navigator
        .as_ref()
        .map(|n| n.languages().iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    browser.extend(navigator.and_then(|n| n.language()));
    Lang::choose(url, configured, &browser)
}

#[component]
pub fn Settings() -> impl IntoView {
    let state = ctx().state;
    let other = match crate::ui::i18n::lang() {
        Lang::En => (Lang::Zh, "中文"),
        Lang::Zh => (Lang::En, "English"),
    };
    let choice = RwSignal::new(theme_choice());
    let theme_label = |c: ThemeChoice| match c {
        ThemeChoice::Auto => t(Key::ThemeAuto),
        ThemeChoice::Fixed(Theme::Light) => t(Key::ThemeLight),
        ThemeChoice::Fixed(Theme::Dark) => t(Key::ThemeDark),
    };
    view! {
        <div class="settings">
            <button id="lang" type="button" title=t(Key::HeaderLanguage) lang=other.0.param()
                on:click=move |_| state.update(|s| s.lang = Some(other.0))>
                {other.1}
            </button>
            <button id="utc" type="button" title=t(Key::HeaderTime) aria-pressed=move || state.with(|s| s.utc).to_string()
                on:click=move |_| state.update(|s| s.utc = !s.utc)>
                {move || if state.with(|s| s.utc) { t(Key::TimeUtc) } else { t(Key::TimeLocal) }}
            </button>
            <label>
                <span class="sr-only">{t(Key::HeaderTheme)}</span>
                <select id="theme" prop:value=move || choice.get().param() on:change=move |ev| {
                    let c = ThemeChoice::parse(&event_target_value(&ev));
                    choose_theme(c);
                    choice.set(c);
                }>
                    {ThemeChoice::ALL.into_iter().map(|c| view! { <option value=c.param()>{theme_label(c)}</option> }).collect_view()}
                </select>
            </label>
        </div>
    }
}
