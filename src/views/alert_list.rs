//! The life of the alerts in this tab (pending, firing, recovered), what every tab of the
//! browser shares about them (acknowledgements, silences, events told: localStorage, read
//! afresh before each use and followed through the `storage` event), and the open-alerts
//! list of the rules card with its Acknowledge and Silence buttons.

use crate::browser::{now_secs, page_id, sleep_ms, Storage};
use crate::model::alert_share::Shared;
use crate::model::alert_state::{AlertId, Phase, Transition};
use crate::model::alerts::{Alert, Rules};
use crate::ui::i18n::{t, tf, Key, Template};
use crate::views::alerts::{alert_state, describe, notify, AlertState};
use crate::views::widgets::shown_offset;
use leptos::prelude::*;

const SHARED_KEY: &str = "bifrost-dashboard-alert-state";
/// How long a tab waits after claiming an event before it checks the claim is still its own
/// (another tab claiming the same event at once overwrites it; storage reaches other tabs
/// within milliseconds).
const CLAIM_SETTLE_MS: u32 = 300;
const SILENCE_SECS: i64 = 3600;

pub fn load() -> Shared {
    Storage::Local
        .get(SHARED_KEY)
        .map(|t| Shared::parse(&t))
        .unwrap_or_default()
}

/// Reads the shared record afresh, changes it, keeps it and shows it.
fn update(st: AlertState, f: impl FnOnce(&mut Shared)) {
    let mut s = load();
    let before = s.clone();
    f(&mut s);
    // unchanged: no write, so no storage event wakes the other tabs
    if s != before {
        Storage::Local.set(SHARED_KEY, &s.to_text());
    }
    if st.shared.with_untracked(|old| *old != s) {
        st.shared.set(s);
    }
}

/// One evaluation: steps this tab's tracker with what holds, shows the result and tells
/// each event no other tab told.
pub fn step(st: AlertState, instance: &str, rules: &Rules, holding: &[Alert], poll: u64, now: i64) {
    let record = load();
    let mut events = Vec::new();
    st.tracker.update_value(|(name, tracker)| {
        if name != instance {
            *name = instance.to_string();
            *tracker = Default::default();
        }
        events = tracker.step(rules, holding, poll, now, &|id| record.mute(instance, id));
    });
    let (open, firing, recovered, cleared) = st.tracker.with_value(|(_, tr)| {
        (
            tr.open().cloned().collect::<Vec<_>>(),
            tr.firing(),
            tr.recovered().to_vec(),
            tr.cleared().to_vec(),
        )
    });
    let told: Vec<AlertId> = open
        .iter()
        .filter(|o| matches!(o.phase, Phase::Firing { notified: true, .. }))
        .map(|o| AlertId::of(&o.alert))
        .collect();
    let wanted = st.notify.get_untracked();
    let mut claimed = Vec::new();
    update(st, |s| {
        s.still_firing(instance, told.iter(), now);
        for id in &cleared {
            s.cleared(instance, id, now);
        }
        for e in &events {
            let id = AlertId::of(&e.alert);
            if wanted && s.claim(instance, &id, e.transition, page_id(), now) {
                claimed.push((id, e.clone()));
            }
        }
        s.prune(now);
    });
    if st.firing.with_untracked(|f| *f != firing) {
        st.firing.set(firing);
    }
    st.open.set(open);
    st.recovered.set(recovered);
    if claimed.is_empty() {
        return;
    }
    let instance = instance.to_string();
    leptos::task::spawn_local(async move {
        sleep_ms(CLAIM_SETTLE_MS).await;
        let s = load();
        for (id, e) in claimed {
            if s.claimed_by(&instance, &id, e.transition, page_id()) {
                let title = match e.transition {
                    Transition::Fired => t(Key::AlertsNotifyFiring),
                    Transition::Recovered => t(Key::AlertsNotifyCleared),
                };
                notify(title, &describe(&e.alert));
            }
        }
    });
}

/// Follows what other tabs write (an acknowledgement there shows here at once).
pub fn listen(st: AlertState) {
    let handle = window_event_listener(leptos::ev::storage, move |e| {
        if e.key().as_deref() == Some(SHARED_KEY) {
            st.shared
                .set(e.new_value().map(|t| Shared::parse(&t)).unwrap_or_default());
        }
    });
    on_cleanup(move || handle.remove());
}

fn clock(secs: i64) -> String {
    crate::ui::time::clock(secs, shown_offset(secs), false)
}

/// The open alerts (pending or firing, with since when and the user's say) and the recent
/// recoveries, for the instance shown.
#[component]
pub fn OpenAlerts(instance: Signal<String>) -> impl IntoView {
    let st = alert_state();
    let act = move |id: AlertId, silence: bool| {
        let name = instance.get_untracked();
        let now = now_secs();
        update(st, |s| {
            if silence {
                s.silence(&name, &id, now + SILENCE_SECS);
            } else {
                s.acknowledge(&name, &id, now);
            }
        });
    };
    let items = move || {
        let name = instance.get();
        let now = now_secs();
        st.open.get().into_iter().map(|o| {
            let id = AlertId::of(&o.alert);
            let mute = st.shared.with(|s| s.mute(&name, &id));
            let (class, phase) = match o.phase {
                Phase::Pending { since, .. } => ("pending", tf(Template::AlertsPendingSince, &clock(since))),
                Phase::Firing { since, .. } => ("firing", tf(Template::AlertsFiringSince, &clock(since))),
            };
            let acked = mute.acknowledged(o.began);
            let silenced = mute.silenced_until.filter(|u| *u > now);
            let (id2, id3) = (id.clone(), id);
            // several alerts have these buttons: each says which alert it is about
            let what = describe(&o.alert);
            let (ack_label, silence_label) = (
                format!("{}: {what}", t(Key::AlertsAcknowledge)),
                format!("{}: {what}", t(Key::AlertsSilence)),
            );
            view! {
                <li class=format!("alert-open {class}")>
                    <span class="alert-what">{what.clone()}</span>
                    " "<span class="muted alert-phase">{phase}</span>
                    {acked.then(|| view! { " "<span class="badge idle alert-acked">{t(Key::AlertsAcknowledged)}</span> })}
                    {silenced.map(|u| view! { " "<span class="badge warn alert-silenced">{tf(Template::AlertsSilencedUntil, &clock(u))}</span> })}
                    " "<button type="button" class="alert-ack" aria-label=ack_label disabled=acked on:click=move |_| act(id2.clone(), false)>{t(Key::AlertsAcknowledge)}</button>
                    " "<button type="button" class="alert-silence" aria-label=silence_label on:click=move |_| act(id3.clone(), true)>{t(Key::AlertsSilence)}</button>
                </li>
            }
        }).collect_view()
    };
    let recovered = move || {
        st.recovered.get().into_iter().rev().map(|(a, at)| view! {
            <li class="alert-recovered">{"✓ "}{describe(&a)}" "<span class="muted">{tf(Template::AlertsRecovered, &clock(at))}</span></li>
        }).collect_view()
    };
    let any = move || st.open.with(|o| !o.is_empty()) || st.recovered.with(|r| !r.is_empty());
    view! {
        <div class="alert-open-list" id="alerts-open" hidden=move || !any()>
            <h3>{t(Key::AlertsOpenTitle)}</h3>
            <ul>{items}{recovered}</ul>
        </div>
    }
}
