//! The HTTP client: GETs through the same-origin proxy, with a timeout and an abort signal,
//! and the answer classified by `wire::classify` (Bifrost answers 200 for everything).
//! Only GETs, only to Bifrost's three read endpoints: the dashboard is read-only.

use crate::browser::Timer;
use crate::client::body_buffer;
use crate::wire::classify;
use crate::wire::error::ApiError;
use crate::wire::request;
use gloo_net::http::Request;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::AbortController;

/// Requests longer than this are aborted and reported as a timeout.
pub const TIMEOUT_SECS: u32 = 10;
/// Once the headers are in, the body may take this long (100,000 rows are ~80 MB).
pub const BODY_TIMEOUT_SECS: u32 = 60;

/// One poll cycle's cancellation: aborting it cancels every request it started.
///
/// It also remembers the first request that found Bifrost unreachable (no answer in time, no
/// connection): the cycle's later requests fail at once with the same error instead of each
/// waiting for its own timeout, so a dead upstream costs one timeout per cycle, not one per
/// request, and the stale marker and banner appear as soon as the first request fails.
#[derive(Clone)]
pub struct Cycle {
    controller: Rc<AbortController>,
    unreachable: Rc<RefCell<Option<ApiError>>>,
    /// The URLs asked so far, while recorded (a first load's, for the next visit's loader).
    asked: Rc<RefCell<Option<Vec<String>>>>,
}

impl Cycle {
    pub fn new() -> Cycle {
        // AbortController::new only fails on browsers without it (pre-2018).
        let controller = AbortController::new().expect_throw("AbortController is unavailable");
        CYCLE_GEN.with(|g| g.set(g.get() + 1));
        Cycle {
            controller: Rc::new(controller),
            unreachable: Rc::new(RefCell::new(None)),
            asked: Rc::default(),
        }
    }

    /// From now on, remember the URLs this cycle asks.
    pub fn record_asked(&self) {
        *self.asked.borrow_mut() = Some(Vec::new());
    }

    /// The URLs asked since [`Cycle::record_asked`].
    pub fn asked(&self) -> Vec<String> {
        self.asked.borrow().clone().unwrap_or_default()
    }

    pub fn abort(&self) {
        self.controller.abort();
    }

    pub fn aborted(&self) -> bool {
        self.controller.signal().aborted()
    }
}

impl Default for Cycle {
    fn default() -> Self {
        Cycle::new()
    }
}

/// GETs `url` and returns the classified body. A per-request controller carries the
/// timeout; it is chained to the cycle's controller so both can cancel the request.
pub async fn get_text(url: &str, cycle: &Cycle) -> Result<Rc<String>, ApiError> {
    get_body(url, cycle, &mut |_| {}).await.map(|b| b.text)
}

/// An answer's body.
pub struct Body {
    pub text: Rc<String>,
    /// The bytes were valid UTF-8, so `text` is exactly what `on_chunk` was shown.
    pub exact: bool,
}

/// [`get_text`], showing `on_chunk` everything received so far after each chunk arrives, so a
/// large answer can be decoded while it downloads.
pub async fn get_body(
    url: &str,
    cycle: &Cycle,
    on_chunk: &mut dyn FnMut(&[u8]),
) -> Result<Body, ApiError> {
    fetch_body(url, cycle, on_chunk, true).await
}

/// [`get_text`] for answers nobody captures (the fleet view's hundreds of URLs): the body is
/// neither kept for a capture nor its buffer kept for the URL's next answer, so it is freed
/// once parsed (kept, 300 fleet URLs held about 50 MB of wasm memory).
pub async fn get_text_unkept(url: &str, cycle: &Cycle) -> Result<Rc<String>, ApiError> {
    fetch_body(url, cycle, &mut |_| {}, false)
        .await
        .map(|b| b.text)
}

/// [`get_body`]; `keep`: the body is recorded for captures and its buffer reused for the
/// URL's next answer.
async fn fetch_body(
    url: &str,
    cycle: &Cycle,
    on_chunk: &mut dyn FnMut(&[u8]),
    keep: bool,
) -> Result<Body, ApiError> {
    if cycle.aborted() {
        return Err(ApiError::Aborted);
    }
    if let Some(e) = cycle.unreachable.borrow().clone() {
        return Err(e);
    }
    // Sign-in (client/credentials.rs): a password Bifrost refused is never sent again by itself.
    let ticket = crate::client::credentials::with_session(|s| s.ticket())?;
    // The previous answer's body becomes this one's buffer (see body_buffer). A capture
    // wants only the latest cycle's answers, which this request replaces anyway.
    let previous = RAW
        .with(|r| keep.then(|| r.borrow_mut().remove(url)).flatten())
        .and_then(|(_, body)| Rc::try_unwrap(body).ok());
    let own = AbortController::new().map_err(|_| ApiError::Network("AbortController".into()))?;
    // The limit that fired, if any: TIMEOUT_SECS until the headers, then BODY_TIMEOUT_SECS
    // for the body (a large sync list can take longer than the first answer to arrive).
    let timed_out = Rc::new(Cell::new(None::<u32>));
    let deadline = |secs: u32| {
        let own = own.clone();
        let timed_out = timed_out.clone();
        Timer::start(secs * 1000, move || {
            timed_out.set(Some(secs));
            own.abort();
        })
    };
    let mut timer = deadline(TIMEOUT_SECS);
    let relay = {
        let own = own.clone();
        Closure::<dyn FnMut()>::new(move || own.abort())
    };
    let cycle_signal = cycle.controller.signal();
    let _ = cycle_signal.add_event_listener_with_callback("abort", relay.as_ref().unchecked_ref());

    if let Some(asked) = cycle.asked.borrow_mut().as_mut() {
        asked.push(url.to_owned());
    }
    // Asked by index.html before the wasm ran (never with credentials: it has none).
    let early = match ticket.authorization {
        None => crate::client::early::take(url, Some(&own.signal())),
        Some(_) => None,
    };

    let result = async {
        let resp = match early {
            Some(answer) => crate::client::early::answer(answer)
                .await
                .map_err(ApiError::Network)?,
            None => {
                let mut req = Request::get(url).header("X-Requested-With", "XMLHttpRequest");
                if let Some(auth) = &ticket.authorization {
                    req = req.header("Authorization", auth);
                }
                req.abort_signal(Some(&own.signal()))
                    .send()
                    .await
                    .map_err(|e| ApiError::Network(e.to_string()))?
            }
        };
        let status = resp.status();
        let content_type = resp.headers().get("content-type");
        let final_url = resp.url();
        // Headers arrived: a failure now is a connection broken mid-body.
        timer = deadline(BODY_TIMEOUT_SECS);
        // Bytes, not `text()`: a JS string must be re-encoded into wasm memory character by
        // character, while bytes are one copy (a 10,000-row sync list is 13 MB).
        // Sized once from Content-Length when the proxy sends it (a compressed answer's is
        // smaller and the buffer grows): no doubling, so no transient twice-sized buffers and
        // less fragmentation of wasm memory, which never shrinks.
        let expected = resp
            .headers()
            .get("content-length")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let mut bytes = body_buffer::for_next(previous, expected.min(64 << 20));
        if let Some(stream) = resp.body() {
            let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
            loop {
                let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
                    .await
                    .map_err(|e| ApiError::Interrupted(format!("{e:?}")))?;
                let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
                    .map_or(true, |d| d.is_truthy());
                if done {
                    break;
                }
                let Ok(chunk) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))
                    .and_then(|v| v.dyn_into::<js_sys::Uint8Array>())
                else {
                    return Err(ApiError::Interrupted("unreadable body".into()));
                };
                let start = bytes.len();
                bytes.resize(start + chunk.length() as usize, 0);
                chunk.copy_to(&mut bytes[start..]);
                on_chunk(&bytes);
            }
        }
        // The body is kept until the next answer (captures): not with up to twice its size.
        if keep {
            body_buffer::trim(&mut bytes);
        }
        let (text, exact) = match String::from_utf8(bytes) {
            Ok(s) => (s, true),
            // What `text()` would do: invalid sequences become U+FFFD.
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
        };
        classify::classify(status, content_type.as_deref(), Some(&final_url), &text)?;
        Ok(Body {
            text: Rc::new(text),
            exact,
        })
    }
    .await;

    drop(timer);
    let _ =
        cycle_signal.remove_event_listener_with_callback("abort", relay.as_ref().unchecked_ref());
    let result = match result {
        Err(ApiError::Network(_) | ApiError::Interrupted(_)) if timed_out.get().is_some() => {
            Err(ApiError::Timeout {
                secs: timed_out.get().unwrap_or(TIMEOUT_SECS),
            })
        }
        Err(ApiError::Network(_) | ApiError::Interrupted(_)) if cycle.aborted() => {
            Err(ApiError::Aborted)
        }
        other => other,
    };
    if crate::client::credentials::with_session(|s| {
        s.answered(&ticket, result.as_ref().map(|_| ()))
    }) {
        REFUSED.with(|hook| {
            if let Some(f) = hook.borrow().as_ref() {
                f()
            }
        });
    }
    if let (Ok(body), true) = (&result, keep) {
        record_raw(url, body.text.clone());
    }
    if let Err(e @ (ApiError::Timeout { .. } | ApiError::Network(_))) = &result {
        cycle
            .unreachable
            .borrow_mut()
            .get_or_insert_with(|| e.clone());
    }
    result
}

/// Runs `f` each time Bifrost refuses the signed-in user's password: whoever keeps a copy of
/// the credentials drops it (the client knows nothing of where they are kept).
pub fn when_refused(f: impl Fn() + 'static) {
    REFUSED.with(|hook| *hook.borrow_mut() = Some(Box::new(f)));
}

thread_local! {
    /// What to do when Bifrost refuses the password (see [`when_refused`]).
    static REFUSED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
    /// Poll cycles started so far (a capture keeps the answers of the latest).
    static CYCLE_GEN: Cell<u64> = const { Cell::new(0) };
    /// The last good raw body of every URL fetched, with the cycle that fetched it.
    /// (Shared with the parser, not copied: bodies can be many megabytes.)
    static RAW: RefCell<std::collections::BTreeMap<String, (u64, Rc<String>)>> =
        const { RefCell::new(std::collections::BTreeMap::new()) };
}

fn record_raw(url: &str, body: Rc<String>) {
    let gen = CYCLE_GEN.with(Cell::get);
    RAW.with(|r| r.borrow_mut().insert(url.to_owned(), (gen, body)));
}

/// The raw answers behind the current view, for a capture: what the latest cycle that fetched
/// anything under `prefix` fetched, plus the API generation probe (fetched once), as paths
/// relative to the prefix.
pub fn raw_responses(prefix: &str) -> std::collections::BTreeMap<String, String> {
    let probe = request::version_probe_path(prefix);
    RAW.with(|r| {
        let r = r.borrow();
        let mine = || {
            r.iter().filter_map(|(u, v)| {
                crate::ui::capture::relative_path(prefix, u).map(|p| (u, p, v))
            })
        };
        let latest = mine().map(|(_, _, (g, _))| *g).max().unwrap_or(0);
        mine()
            .filter(|(u, _, (g, _))| *g == latest || **u == probe)
            .map(|(_, p, (_, body))| (p, body.to_string()))
            .collect()
    })
}
