//! Browser subscriptions tied to the reactive owner that creates them, in the shape of
//! leptos-use's hooks: each registers a callback and, when its owner is cleaned up (a
//! component unmounted, a page left), unregisters it and frees the closure. Nothing is
//! leaked with `forget`, however often a component mounts.

use leptos::html::ElementType;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// Subscriptions alive now: a browser test mounts and unmounts and checks this returns
    /// to where it was.
    static LIVE: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// How many hook subscriptions are registered and not yet cleaned up.
pub fn live_subscriptions() -> i64 {
    LIVE.with(std::cell::Cell::get)
}

/// Runs `cleanup` (with the closure kept alive until then) when the current owner goes.
fn on_owner_cleanup<C: ?Sized + 'static>(closure: Closure<C>, cleanup: impl FnOnce() + 'static) {
    LIVE.with(|l| l.set(l.get() + 1));
    let held = SendWrapper::new((closure, Some(cleanup)));
    let held = std::sync::Mutex::new(Some(held));
    on_cleanup(move || {
        if let Some(mut h) = held.lock().ok().and_then(|mut h| h.take()) {
            if let Some(f) = h.1.take() {
                f();
            }
            LIVE.with(|l| l.set(l.get() - 1));
            drop(h);
        }
    });
}

/// Calls `f` with the element's new content width whenever it is resized (and so when the
/// device pixel ratio changes, which resizes the layout viewport).
pub fn use_resize_observer<E>(target: NodeRef<E>, f: impl Fn(f64) + 'static)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let f = std::rc::Rc::new(f);
    Effect::new(move |_| {
        let Some(el) = target.get() else { return };
        let Ok(el) = el.dyn_into::<web_sys::Element>() else {
            return;
        };
        let f = f.clone();
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(e) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                f(e.content_rect().width());
            }
        });
        if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(&el);
            on_owner_cleanup(cb, move || ro.disconnect());
        }
    });
}

/// Calls `f(matches)` whenever the media query's answer changes (e.g. the system switching
/// to a dark colour scheme).
pub fn use_media_query_change(query: &str, f: impl Fn(bool) + 'static) {
    let Some(mql) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else {
        return;
    };
    let target = mql.clone();
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        f(target.matches());
    });
    if mql
        .add_event_listener_with_callback("change", cb.as_ref().unchecked_ref())
        .is_ok()
    {
        let function: js_sys::Function = cb.as_ref().unchecked_ref::<js_sys::Function>().clone();
        on_owner_cleanup(cb, move || {
            let _ = mql.remove_event_listener_with_callback("change", &function);
        });
    }
}

/// Calls `f` every `ms` milliseconds while the owner lives.
pub fn use_interval_fn(ms: u32, f: impl Fn() + 'static) {
    let cb = Closure::<dyn FnMut()>::new(f);
    let Some(w) = web_sys::window() else { return };
    if let Ok(handle) = w.set_interval_with_callback_and_timeout_and_arguments_0(
        cb.as_ref().unchecked_ref(),
        ms as i32,
    ) {
        on_owner_cleanup(cb, move || {
            if let Some(w) = web_sys::window() {
                w.clear_interval_with_handle(handle);
            }
        });
    }
}
