//! Wakes the poll loop early (a refresh-now, a view change, the tab becoming visible) and
//! aborts the cycle in flight when what is shown changes.

use crate::client::Cycle;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[derive(Default)]
struct PollerInner {
    /// Resolves the poll loop's current sleep, and the timer that would.
    resolve: Option<(js_sys::Function, i32)>,
    /// The cycle in flight.
    cycle: Option<Cycle>,
    /// A restart came while no sleep was pending: the next sleep returns at once.
    pending: bool,
}

/// Wakes the poll loop early: a refresh-now, a view change or the tab becoming visible.
#[derive(Clone, Copy)]
pub struct Poller(StoredValue<PollerInner, LocalStorage>);

impl Default for Poller {
    fn default() -> Self {
        Poller::new()
    }
}

impl Poller {
    pub fn new() -> Poller {
        Poller(StoredValue::new_local(PollerInner::default()))
    }

    pub fn wake(&self) {
        let mut taken = None;
        self.0.update_value(|p| taken = p.resolve.take());
        if let Some((f, timer)) = taken {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(timer);
            }
            let _ = f.call0(&JsValue::NULL);
        }
    }

    /// Aborts the cycle in flight (its answers are for a view that is gone) and starts anew.
    pub fn restart(&self) {
        self.0.update_value(|p| {
            if let Some(c) = &p.cycle {
                c.abort();
            }
            // Not sleeping (a cycle is in flight): the wake must not be lost.
            p.pending = p.resolve.is_none();
        });
        self.wake();
    }

    pub(crate) fn begin(&self, cycle: Cycle) {
        self.0.update_value(|p| p.cycle = Some(cycle));
    }

    pub(crate) async fn sleep(&self, ms: Option<u32>) {
        let mut pending = false;
        self.0
            .update_value(|p| pending = std::mem::take(&mut p.pending));
        if pending {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let timer = match (ms, web_sys::window()) {
                (Some(ms), Some(w)) => w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
                    .unwrap_or(0),
                _ => 0,
            };
            self.0.update_value(|p| p.resolve = Some((resolve, timer)));
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}
