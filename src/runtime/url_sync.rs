//! The URL and the view state, kept in step both ways.

use crate::browser::location_query;
use crate::ui::url_state::ViewState;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Keeps `state` and the address bar in step, both ways.
///
/// Typing in the search box replaces the history entry instead of adding one, and only once
/// typing pauses: `replaceState` costs about 2 ms, an eighth of a frame, on every keystroke.
pub fn sync_url(state: RwSignal<ViewState>, default_refresh: u32) {
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
