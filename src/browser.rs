//! The browser's primitives, each written once: timers that clean up after themselves, a
//! sleep, key-value storage, performance marks, the query string and the clock. A leaf: it
//! imports nothing of the crate, so the client, the runtime and the views may all use it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A `setTimeout` that is cleared, and its closure freed, when dropped (a closure handed to
/// JS with `once_into_js` is freed only if it runs: one leak per answered request).
pub struct Timer {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    pub fn start(ms: u32, f: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(f);
        let handle = web_sys::window()
            .and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    ms as i32,
                )
                .ok()
            })
            .unwrap_or(0);
        Timer {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: u32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Where a value is kept: for this tab only, or across visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    Session,
    Local,
}

impl Storage {
    fn get_storage(self) -> Option<web_sys::Storage> {
        let w = web_sys::window()?;
        match self {
            Storage::Session => w.session_storage().ok().flatten(),
            Storage::Local => w.local_storage().ok().flatten(),
        }
    }

    /// The value kept under `key`; `None` when absent or storage is unavailable (private
    /// windows, disabled cookies).
    pub fn get(self, key: &str) -> Option<String> {
        self.get_storage()?.get_item(key).ok().flatten()
    }

    /// Keeps `value` under `key`; a storage that refuses (quota, disabled) is not an error
    /// the user can act on, so it is ignored.
    pub fn set(self, key: &str, value: &str) {
        if let Some(s) = self.get_storage() {
            let _ = s.set_item(key, value);
        }
    }

    pub fn remove(self, key: &str) {
        if let Some(s) = self.get_storage() {
            let _ = s.remove_item(key);
        }
    }
}

/// A performance mark (benchmark hooks read them with the Performance API).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// A mark that replaces its previous entry, so polling all day does not accumulate them.
pub fn mark_latest(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name(name);
        let _ = p.mark(name);
    }
}

/// The page's query string (`?a=b`), or empty.
pub fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Whether the tab is hidden (polling pauses then).
pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.hidden())
        .unwrap_or(false)
}

/// Wall-clock milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Wall-clock seconds since the epoch (the model's `now`).
pub fn now_secs() -> i64 {
    (now_ms() / 1000.0) as i64
}

/// A random name for this page load, to tell open tabs apart in shared storage (not a
/// secret, not stable across reloads).
pub fn page_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| format!("{:x}", (js_sys::Math::random() * 1e15) as u64))
}

/// Panics go to the console as errors (the default hook prints nothing in the browser).
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
    }));
}
