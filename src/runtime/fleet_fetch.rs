//! The fleet view's GETs, made by a dedicated worker (`src/fleet_fetch.js`) when the page has
//! one: the page's main thread then pays a message per answer instead of a fetch (measured:
//! 37 fetches a second cost the main thread 10 % on the page, 2.5–3.6 % from a worker). The
//! answer is decoded and classified here exactly as `client::get_text_unkept` does it. Without
//! the worker's script (the browser tests) or with typed sign-in credentials (their refusals
//! are counted by the client) the client fetches as usual.
//!
//! Both directions go in batches: the requests made in one task (the follow-ups a batch of
//! answers wakes, the servers due at the same tick) as one message, and the worker's answers
//! once none is left in flight, or after [`BATCH_MS`]. Each message is a task on the page's
//! main thread, and the answers of one batch update their rows before a single layout.

use crate::client::{get_text_unkept, Cycle, BODY_TIMEOUT_SECS, TIMEOUT_SECS};
use crate::wire::classify;
use crate::wire::error::ApiError;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The browser's dedicated `Worker` (bound here: three calls, no web-sys feature).
    type Worker;
    #[wasm_bindgen(constructor, catch)]
    fn new(url: &str) -> Result<Worker, JsValue>;
    #[wasm_bindgen(method, js_name = postMessage)]
    fn post_message(this: &Worker, msg: &JsValue);
    #[wasm_bindgen(method)]
    fn terminate(this: &Worker);
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &Worker, f: &js_sys::Function);
}

/// How long the worker may hold an answer for the others in flight (ms; it sends at once
/// when none is left): a fraction of the refresh interval, so a row is at most this much
/// later than its answer.
pub const BATCH_MS: u32 = 100;

struct Inner {
    worker: Worker,
    /// Requests not yet posted ("<id> <cut> <url>"): posted together once the current task's
    /// futures have run.
    pending: RefCell<Vec<String>>,
    /// Requests sent, by id: the resolve function of the promise their caller awaits.
    waiting: RefCell<HashMap<u32, js_sys::Function>>,
    next: Cell<u32>,
    _on_message: Closure<dyn FnMut(JsValue)>,
}

/// The fleet's fetcher: the worker, or nothing (then the client fetches).
#[derive(Clone)]
pub struct FleetFetch(Option<Rc<Inner>>);

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl FleetFetch {
    /// Starts the worker from the URL its script recorded (`window.bifrostFleetWorker`).
    pub fn start() -> FleetFetch {
        let url = web_sys::window()
            .map(|w| get(&w, "bifrostFleetWorker"))
            .and_then(|u| u.as_string())
            .filter(|u| !u.is_empty());
        let Some(worker) = url.and_then(|u| Worker::new(&u).ok()) else {
            return FleetFetch(None);
        };
        let inner = Rc::new_cyclic(|weak: &std::rc::Weak<Inner>| {
            let weak = weak.clone();
            let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let Some(inner) = weak.upgrade() else { return };
                let Ok(batch) = get(&event, "data").dyn_into::<js_sys::Array>() else {
                    return;
                };
                for answer in batch.iter() {
                    let id = get(&answer, "id").as_f64().unwrap_or(-1.0) as u32;
                    let resolve = inner.waiting.borrow_mut().remove(&id);
                    if let Some(resolve) = resolve {
                        let _ = resolve.call1(&JsValue::NULL, &answer);
                    }
                }
            });
            worker.set_onmessage(on_message.as_ref().unchecked_ref());
            let limits = js_sys::Object::new();
            for (k, v) in [
                ("timeout", TIMEOUT_SECS),
                ("bodyTimeout", BODY_TIMEOUT_SECS),
                ("batchMs", BATCH_MS),
            ] {
                let _ = js_sys::Reflect::set(&limits, &k.into(), &v.into());
            }
            worker.post_message(&limits);
            Inner {
                worker,
                pending: RefCell::new(Vec::new()),
                waiting: RefCell::new(HashMap::new()),
                next: Cell::new(0),
                _on_message: on_message,
            }
        });
        FleetFetch(Some(inner))
    }

    /// Ends the worker (and so every request in flight); whoever waits gets `Aborted`.
    pub fn stop(&self) {
        if let Some(inner) = &self.0 {
            inner.worker.terminate();
            let waiting: Vec<_> = inner.waiting.borrow_mut().drain().collect();
            let aborted = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&aborted, &"error".into(), &"aborted".into());
            for (_, resolve) in waiting {
                let _ = resolve.call1(&JsValue::NULL, &aborted);
            }
        }
    }

    /// One GET's body, as `client::get_text_unkept` gives it; with `cut`, a JSON answer's
    /// strings longer than that many bytes come back cut to about that length (by the worker,
    /// off the main thread; without a worker they come whole).
    pub async fn text(
        &self,
        url: &str,
        cut: Option<usize>,
        cycle: &Cycle,
    ) -> Result<Rc<String>, ApiError> {
        let typed_credentials = crate::client::credentials::with_session(|s| {
            s.ticket().map_or(true, |t| t.authorization.is_some())
        });
        let inner = match &self.0 {
            Some(inner) if !typed_credentials => inner,
            _ => return get_text_unkept(url, cycle).await,
        };
        if cycle.aborted() {
            return Err(ApiError::Aborted);
        }
        let id = inner.next.get();
        inner.next.set(id.wrapping_add(1));
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            inner.waiting.borrow_mut().insert(id, resolve);
        });
        inner.request(format!("{id} {} {url}", cut.unwrap_or(0)));
        let answer = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .unwrap_or(JsValue::UNDEFINED);
        decode(&answer)
    }
}

impl Inner {
    /// Queues one request; the first of a task schedules the post of them all, which runs
    /// after the futures already woken (wasm-bindgen-futures runs its queue in order).
    fn request(self: &Rc<Self>, msg: String) {
        let first = {
            let mut pending = self.pending.borrow_mut();
            pending.push(msg);
            pending.len() == 1
        };
        if first {
            let me = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let batch: js_sys::Array = me
                    .pending
                    .take()
                    .iter()
                    .map(|m| JsValue::from_str(m))
                    .collect();
                me.worker.post_message(&batch);
            });
        }
    }
}

/// The worker's answer as the client would have read it.
fn decode(answer: &JsValue) -> Result<Rc<String>, ApiError> {
    match get(answer, "error").as_string().as_deref() {
        Some("timeout") => {
            let secs = get(answer, "secs").as_f64().unwrap_or(0.0) as u32;
            return Err(ApiError::Timeout { secs });
        }
        Some("aborted") => return Err(ApiError::Aborted),
        Some(_) => {
            let why = get(answer, "message").as_string().unwrap_or_default();
            return Err(ApiError::Network(why));
        }
        None => {}
    }
    let status = get(answer, "status").as_f64().unwrap_or(0.0) as u16;
    let content_type = get(answer, "type").as_string();
    let final_url = get(answer, "url").as_string().unwrap_or_default();
    let bytes = get(answer, "body")
        .dyn_into::<js_sys::Uint8Array>()
        .map(|b| b.to_vec())
        .map_err(|_| ApiError::Interrupted("unreadable body".into()))?;
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        // what `text()` would do: invalid sequences become U+FFFD
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    classify::classify(status, content_type.as_deref(), Some(&final_url), &text)?;
    Ok(Rc::new(text))
}
