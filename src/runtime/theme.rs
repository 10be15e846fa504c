//! The theme: the user's choice kept in local storage, the palette written into CSS custom
//! properties (the stylesheet and the charts read the same colours), and "auto" following
//! the system's light/dark setting live, not only at start.

use crate::browser::Storage;
use crate::runtime::hooks::use_media_query_change;
use crate::runtime::store::ThemeVersion;
use crate::ui::palette::{self, Theme, ThemeChoice};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const THEME_KEY: &str = "bifrost-dashboard-theme";
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// The remembered choice (`Auto` when none).
pub fn theme_choice() -> ThemeChoice {
    Storage::Local
        .get(THEME_KEY)
        .map(|v| ThemeChoice::parse(&v))
        .unwrap_or_default()
}

fn system_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(DARK_QUERY).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Writes the palette of `theme` into the root element's CSS custom properties.
fn apply(theme: Theme) {
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
    let _ = style.set_property("color-scheme", theme.name());
    let _ = root.set_attribute("data-theme", theme.name());
}

/// Keeps and applies a new choice; charts redraw in the new colours.
pub fn choose_theme(choice: ThemeChoice) {
    Storage::Local.set(THEME_KEY, choice.param());
    apply(choice.resolve(system_dark()));
    if let Some(v) = use_context::<ThemeVersion>() {
        v.0.update(|n| *n += 1);
    }
}

/// Applies the remembered choice now and, while it is "auto", follows the system's setting
/// when it changes (for as long as the calling component lives).
pub fn use_theme(version: ThemeVersion) {
    apply(theme_choice().resolve(system_dark()));
    use_media_query_change(DARK_QUERY, move |dark| {
        let choice = theme_choice();
        if choice == ThemeChoice::Auto {
            apply(choice.resolve(dark));
            version.0.update(|n| *n += 1);
        }
    });
}
