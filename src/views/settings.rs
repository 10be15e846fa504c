//! Settings in the header: language (kept in the URL), times in UTC or local (URL), and the
//! theme (light, dark, auto; remembered in local storage).

use crate::runtime::store::ctx;
use crate::ui::i18n::{t, Lang};
use crate::ui::palette::{self, Theme};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const THEME_KEY: &str = "bifrost-dashboard-theme";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered choice: "auto", "light" or "dark".
pub fn theme_choice() -> String {
    storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .filter(|v| matches!(v.as_str(), "light" | "dark"))
        .unwrap_or_else(|| "auto".into())
}

fn system_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Writes the palette of the chosen theme into CSS custom properties (charts read the
/// same palette through `palette::current`).
pub fn apply_theme(choice: &str) {
    let theme = match choice {
        "dark" => Theme::Dark,
        "light" => Theme::Light,
        _ if system_dark() => Theme::Dark,
        _ => Theme::Light,
    };
    palette::set_current(theme);
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    for (var, light, dark) in palette::COLORS {
        let _ = style.set_property(var, if theme == Theme::Dark { dark } else { light });
    }
    let _ = style.set_property(
        "color-scheme",
        if theme == Theme::Dark {
            "dark"
        } else {
            "light"
        },
    );
    let _ = root.set_attribute(
        "data-theme",
        if theme == Theme::Dark {
            "dark"
        } else {
            "light"
        },
    );
}

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
pub fn Settings(
    /// Bumped when the theme changes, so charts redraw in the new colours.
    theme_version: RwSignal<u32>,
) -> impl IntoView {
    let state = ctx().state;
    let other = match crate::ui::i18n::lang() {
        Lang::En => (Lang::Zh, "中文"),
        Lang::Zh => (Lang::En, "English"),
    };
    let choice = RwSignal::new(theme_choice());
    view! {
        <div class="settings">
            <button id="lang" type="button" title=t("header.language") lang=other.0.param()
                on:click=move |_| state.update(|s| s.lang = Some(other.0))>
                {other.1}
            </button>
            <button id="utc" type="button" title=t("header.time") aria-pressed=move || state.with(|s| s.utc).to_string()
                on:click=move |_| state.update(|s| s.utc = !s.utc)>
                {move || if state.with(|s| s.utc) { t("time.utc") } else { t("time.local") }}
            </button>
            <label>
                <span class="sr-only">{t("header.theme")}</span>
                <select id="theme" prop:value=move || choice.get() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(s) = storage() {
                        let _ = s.set_item(THEME_KEY, &v);
                    }
                    apply_theme(&v);
                    choice.set(v);
                    theme_version.update(|n| *n += 1);
                }>
                    <option value="auto">{t("theme.auto")}</option>
                    <option value="light">{t("theme.light")}</option>
                    <option value="dark">{t("theme.dark")}</option>
                </select>
            </label>
        </div>
    }
}
