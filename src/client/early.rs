//! Answers index.html's early loader (boot/early.js) asked before the wasm ran: taken instead
//! of asking again, so a first load's requests wait for nothing. A page without the loader
//! (the dashboard embedded into another page) simply asks itself.

use crate::browser::Storage;
use crate::ui::first_requests;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The loader's `window.__bifrostEarly`, when the page has it.
fn loader() -> Option<JsValue> {
    let l = Reflect::get(&js_sys::global(), &JsValue::from_str("__bifrostEarly")).ok()?;
    l.is_object().then_some(l)
}

fn method(l: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(l, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()
}

/// The early answer to `url` (a promise of a `Response`), once; `signal` aborts it.
pub fn take(url: &str, signal: Option<&web_sys::AbortSignal>) -> Option<Promise> {
    let l = loader()?;
    let signal: JsValue = signal.map_or(JsValue::UNDEFINED, |s| s.into());
    method(&l, "take")?
        .call2(&l, &JsValue::from_str(url), &signal)
        .ok()?
        .dyn_into()
        .ok()
}

/// Waits until the loader has asked everything it will (the flows of the sources it listed
/// leave once `/db/list` answers): a first refresh that asked them itself would ask twice.
/// At most a request's timeout: a `/db/list` that never answers is the refresh's to report.
pub async fn ready() {
    let Some(p) = loader()
        .and_then(|l| Reflect::get(&l, &JsValue::from_str("ready")).ok())
        .and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        return;
    };
    let asked = wasm_bindgen_futures::JsFuture::from(p);
    let limit = crate::browser::sleep_ms(crate::client::TIMEOUT_SECS * 1000);
    futures::future::select(asked, Box::pin(limit)).await;
}

/// Remembers what the first refresh asked for the address the page was loaded with (the
/// loader's, before the app rewrote it): the next visit's loader asks the same.
pub fn remember_first(asked: &[String]) {
    let Some(address) = loader()
        .and_then(|l| Reflect::get(&l, &JsValue::from_str("here")).ok())
        .and_then(|h| h.as_string())
    else {
        return; // no loader to read it
    };
    let kept = Storage::Local.get(first_requests::KEY);
    let list = first_requests::remember(kept.as_deref(), &address, asked);
    Storage::Local.set(first_requests::KEY, &list);
}

/// The first refresh is over: what the loader asked that it did not take is aborted.
pub fn drop_unused() {
    if let Some(l) = loader() {
        if let Some(f) = method(&l, "drop") {
            let _ = f.call0(&l);
        }
    }
}

/// Waits for an early answer: a `Response`, or the fetch's own error in words.
pub async fn answer(p: Promise) -> Result<gloo_net::http::Response, String> {
    let r = wasm_bindgen_futures::JsFuture::from(p).await.map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
    })?;
    r.dyn_into::<web_sys::Response>()
        .map(gloo_net::http::Response::from)
        .map_err(|_| "not a response".to_owned())
}
