//! One timer for many sleepers: the fleet's server loops wait here for their due times, and
//! every loop due by the time the timer fires wakes in that one task. Their requests then
//! leave as one message to the fetching worker (`runtime::fleet_fetch`), where a timer each
//! made a task and a message per server.

use crate::browser::now_ms;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How early a sleeper may wake (ms): a timer fires a little late or early, and one due
/// within this of the firing wakes now rather than in a task of its own.
const SLACK_MS: f64 = 5.0;

#[derive(Default)]
struct State {
    /// Sleepers: when each is due, and the function that wakes it.
    waiting: RefCell<Vec<(f64, js_sys::Function)>>,
    /// The armed timer: its handle and when it fires.
    armed: Cell<Option<(i32, f64)>>,
    on_fire: RefCell<Option<Closure<dyn FnMut()>>>,
}

/// The shared timer (cheap to clone).
#[derive(Clone)]
pub struct Alarm(Rc<State>);

impl Default for Alarm {
    fn default() -> Alarm {
        let state = Rc::new(State::default());
        let weak: Weak<State> = Rc::downgrade(&state);
        let fire = Closure::<dyn FnMut()>::new(move || {
            if let Some(state) = weak.upgrade() {
                state.armed.set(None);
                Alarm(state).fire();
            }
        });
        *state.on_fire.borrow_mut() = Some(fire);
        Alarm(state)
    }
}

impl Alarm {
    /// Resolves at `due` (ms since the epoch, `now_ms`'s clock), or at once if it has passed.
    pub async fn until(&self, due: f64) {
        if due - now_ms() <= SLACK_MS {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            self.0.waiting.borrow_mut().push((due, resolve));
        });
        self.arm();
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// Wakes every sleeper whose time has come (resolving in order of due time), then
    /// arms the timer for the next one.
    fn fire(&self) {
        let now = now_ms();
        let mut due: Vec<(f64, js_sys::Function)> = Vec::new();
        self.0.waiting.borrow_mut().retain(|(at, resolve)| {
            let ready = *at - now <= SLACK_MS;
            if ready {
                due.push((*at, resolve.clone()));
            }
            !ready
        });
        due.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (_, resolve) in due {
            let _ = resolve.call0(&JsValue::NULL);
        }
        self.arm();
    }

    /// Keeps the timer set for the earliest sleeper.
    fn arm(&self) {
        let Some(next) = self
            .0
            .waiting
            .borrow()
            .iter()
            .map(|(at, _)| *at)
            .min_by(f64::total_cmp)
        else {
            return;
        };
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some((handle, at)) = self.0.armed.get() {
            if at <= next {
                return;
            }
            window.clear_timeout_with_handle(handle);
        }
        let on_fire = self.0.on_fire.borrow();
        let Some(f) = on_fire.as_ref() else { return };
        let delay = (next - now_ms()).max(0.0) as i32;
        if let Ok(handle) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            f.as_ref().unchecked_ref(),
            delay,
        ) {
            self.0.armed.set(Some((handle, next)));
        }
    }

    /// Wakes every sleeper now (the fleet view stopping: its loops see that and end).
    pub fn wake_all(&self) {
        if let (Some((handle, _)), Some(window)) = (self.0.armed.take(), web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
        let waiting: Vec<_> = self.0.waiting.borrow_mut().drain(..).collect();
        for (_, resolve) in waiting {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }
}
