//! The fleet's shared timer: sleepers due together wake in one task, in the order they are
//! due; an earlier sleeper re-arms it; stopping wakes everyone at once.

use super::*;
use bifrost_dashboard::browser::{now_ms, sleep_ms};
use bifrost_dashboard::runtime::alarm::Alarm;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[wasm_bindgen_test]
async fn sleepers_due_together_wake_in_one_task_in_order() {
    let alarm = Alarm::default();
    let t0 = now_ms();
    let woke: Rc<RefCell<Vec<(&str, f64)>>> = Rc::default();
    // set by a task queued when the first of the two 150 ms sleepers wakes: false for the
    // second only if both woke in the same task
    let later_task = Rc::new(Cell::new(false));
    let apart = Rc::new(Cell::new(None::<bool>));
    let sleeper = |name: &'static str, after: f64| {
        let (alarm, woke, later_task, apart) = (
            alarm.clone(),
            woke.clone(),
            later_task.clone(),
            apart.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            alarm.until(t0 + after).await;
            woke.borrow_mut().push((name, now_ms() - t0));
            if name == "b" {
                let flag = later_task.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    sleep_ms(0).await;
                    flag.set(true);
                });
            }
            if name == "c" {
                apart.set(Some(later_task.get()));
            }
        });
    };
    sleeper("b", 150.0);
    sleeper("c", 150.0);
    // due sooner, added last: the timer is re-armed for it
    sleeper("a", 60.0);
    sleep_ms(400).await;
    let woke = woke.borrow();
    let names: Vec<&str> = woke.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert!(
        woke[0].1 >= 55.0 && woke[0].1 < 140.0,
        "a at {} ms",
        woke[0].1
    );
    assert!(woke[1].1 >= 145.0, "b at {} ms", woke[1].1);
    assert_eq!(apart.get(), Some(false), "b and c woke in separate tasks");
}

#[wasm_bindgen_test]
async fn stopping_wakes_every_sleeper_at_once() {
    let alarm = Alarm::default();
    let woke = Rc::new(Cell::new(0));
    for _ in 0..3 {
        let (alarm, woke) = (alarm.clone(), woke.clone());
        wasm_bindgen_futures::spawn_local(async move {
            alarm.until(now_ms() + 60_000.0).await;
            woke.set(woke.get() + 1);
        });
    }
    sleep_ms(20).await;
    assert_eq!(woke.get(), 0);
    alarm.wake_all();
    sleep_ms(20).await;
    assert_eq!(woke.get(), 3);
    // a time already past does not wait
    let t = now_ms();
    alarm.until(t - 1.0).await;
    assert!(now_ms() - t < 5.0);
}
