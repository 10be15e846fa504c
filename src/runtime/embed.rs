//! Embed mode: tells the portal that frames the dashboard how tall its content is, so the
//! iframe can be sized without a scroll bar. The message is
//! `{"type": "bifrost-dashboard:height", "height": <CSS px>}`, posted to the configured
//! target origin only (the dashboard's own origin when none is configured), never `*`.

use crate::ui::config::HEIGHT_MESSAGE_TYPE;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Whether the page runs inside a frame.
pub fn framed() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.parent() {
        Ok(Some(p)) => !js_sys::Object::is(&p, &w),
        _ => false,
    }
}

/// Posts the content height to the parent now and whenever it changes. `target_origin`:
/// the portal's origin; `None` = this document's origin.
pub fn report_height(target_origin: Option<String>) {
    if !framed() {
        return;
    }
    let Some(w) = web_sys::window() else { return };
    let Some(body) = w.document().and_then(|d| d.body()) else {
        return;
    };
    let origin = target_origin.unwrap_or_else(|| w.location().origin().unwrap_or_default());
    let last = Rc::new(Cell::new(u32::MAX));
    let post = {
        let body = body.clone();
        move || {
            let h = body.get_bounding_client_rect().height().ceil().max(0.0) as u32;
            if h == last.get() {
                return;
            }
            last.set(h);
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"type".into(), &HEIGHT_MESSAGE_TYPE.into());
            let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(h));
            if let Some(Ok(Some(parent))) = web_sys::window().map(|w| w.parent()) {
                let _ = parent.post_message(&msg, &origin);
            }
        }
    };
    post();
    let cb = Closure::<dyn FnMut()>::new(post);
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(&body);
        std::mem::forget(ro); // observes for the life of the page
    }
    cb.forget();
}
