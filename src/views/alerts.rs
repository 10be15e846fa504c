//! Alert rules in the browser: the watcher (evaluates after every refresh, shows what fires
//! on every page, raises desktop notifications when allowed) and the rules panel (on the
//! overview: thresholds per instance, kept in localStorage, export and import as JSON).

use crate::browser::Storage;
use crate::model::alert_share::Shared;
use crate::model::alert_state::{Open, Tracker, DEFAULT_PENDING_SECS};
use crate::model::alerts::{self, Alert, History, Kind, RuleBook, Rules};
use crate::model::flow::{normalize, rates};
use crate::model::trend::Thresholds;
use crate::runtime::store::{ctx, save_thresholds};
use crate::ui::config::Config;
use crate::ui::i18n::{alert_kind_key, t, tf, Key, Template};
use crate::views::alert_list as shared;
use crate::views::health::since_text;
use crate::wire::error::ApiError;
use crate::wire::request::{FlowScope, Window};
use leptos::prelude::*;

const RULES_KEY: &str = "bifrost-dashboard-alerts";

fn load_rules() -> RuleBook {
    Storage::Local
        .get(RULES_KEY)
        .and_then(|t| alerts::from_json(&t).ok())
        .unwrap_or_default()
}

fn save_rules(book: &RuleBook) {
    Storage::Local.set(RULES_KEY, &alerts::to_json(book));
}

/// Shared alert state (in context; all handles are `Copy`).
#[derive(Clone, Copy)]
pub struct AlertState {
    pub rules: RwSignal<RuleBook>,
    /// What fires now (after its pending period), for the banner and the row marks.
    pub firing: RwSignal<Vec<Alert>>,
    /// Pending and firing alerts of the instance shown, and its recent recoveries.
    pub open: RwSignal<Vec<Open>>,
    pub recovered: RwSignal<Vec<(Alert, i64)>>,
    /// The acknowledgements, silences and told events every tab shares.
    pub shared: RwSignal<Shared>,
    history: StoredValue<History>,
    /// This tab's tracker, and the instance it tracks.
    pub(crate) tracker: StoredValue<(String, Tracker)>,
    /// Desktop notifications wanted (and permitted).
    pub notify: RwSignal<bool>,
}

impl AlertState {
    pub fn new() -> AlertState {
        AlertState {
            rules: RwSignal::new(load_rules()),
            firing: RwSignal::new(Vec::new()),
            open: RwSignal::new(Vec::new()),
            recovered: RwSignal::new(Vec::new()),
            shared: RwSignal::new(shared::load()),
            history: StoredValue::new(History::default()),
            tracker: StoredValue::new((String::new(), Tracker::default())),
            notify: RwSignal::new(
                web_sys::Notification::permission() == web_sys::NotificationPermission::Granted,
            ),
        }
    }
}

impl Default for AlertState {
    fn default() -> Self {
        AlertState::new()
    }
}

pub fn alert_state() -> AlertState {
    expect_context::<AlertState>()
}

/// The name of the instance shown (the first one when the URL names none), tracked: for
/// memos and reactive closures.
fn instance_name() -> String {
    let config = expect_context::<Config>();
    ctx()
        .state
        .with(|s| config.instance(&s.instance).name.clone())
}

/// As [`instance_name`], read once: for event handlers and static text, where a tracked read
/// has no observer (leptos warns about it in dev builds).
fn instance_name_now() -> String {
    let config = expect_context::<Config>();
    ctx()
        .state
        .with_untracked(|s| config.instance(&s.instance).name.clone())
}

/// One line describing an alert, in the current language.
pub fn describe(a: &Alert) -> String {
    let since = matches!(
        a.kind,
        Kind::Stalled | Kind::FallingBehind | Kind::SourceStalled
    );
    let what = match a.value {
        Some(v) if since => format!("{} ({})", t(alert_kind_key(a.kind)), since_text(v)),
        Some(v) => format!("{} ({v})", t(alert_kind_key(a.kind))),
        None => t(alert_kind_key(a.kind)).to_string(),
    };
    format!("{what}: {}", a.subject)
}

pub(crate) fn notify(title: &str, body: &str) {
    let opts = web_sys::NotificationOptions::new();
    opts.set_body(body);
    let _ = web_sys::Notification::new_with_options(title, &opts);
}

/// Evaluates the rules after every refresh and lists what fires, on every page.
#[component]
pub fn AlertWatcher() -> impl IntoView {
    let c = ctx();
    let st = alert_state();
    let store = c.store;
    // Only what the rules read: a keystroke in a search box must not re-evaluate them.
    let instance = Memo::new(move |_| instance_name());
    Effect::new(move |_| {
        // Not on the first part of an answer: rules judge complete data.
        if store.sync.with(|s| s.partial) {
            return;
        }
        let rules = st
            .rules
            .with(|b| b.get(&instance.get()).cloned())
            .unwrap_or_default();
        let sources = store.sources.with(|s| s.data.clone()).unwrap_or_default();
        let rows = store.rows.get();
        let prefix = c.bifrost.with_value(|b| b.prefix.clone());
        let flows: Vec<_> = sources
            .keys()
            .filter_map(|d| {
                store
                    .flow(&prefix, &FlowScope::Db(d.clone()), Window::TenMinute)
                    .data
                    .map(|p| {
                        (
                            d.clone(),
                            rates(&normalize(&p), Window::TenMinute.step_secs()),
                        )
                    })
            })
            .collect();
        let now = crate::browser::now_secs();
        st.history.update_value(|h| h.observe(&rules, &rows, now));
        let name = instance.get();
        let mut holding = st
            .history
            .with_value(|h| alerts::evaluate(&rules, &sources, &rows, &flows, h, now));
        let failures = store.failures.get();
        let transport = |e: &Option<ApiError>| e.as_ref().is_some_and(ApiError::is_transient);
        let failed = failures > 0
            && (store.sync.with(|s| transport(&s.error))
                || store.sources.with(|s| transport(&s.error)));
        // the trend's states, found without a threshold (when these rules are on)
        holding.extend(
            store
                .trends
                .with(|tr| alerts::evaluate_health(&rules, &rows, tr)),
        );
        holding.extend(alerts::unreachable(&rules, &name, failed));
        // One poll per refresh cycle: a new answer, or one more failed cycle.
        let updated = store.sync.with(|s| s.updated) as u64;
        let poll = updated
            .wrapping_mul(64)
            .wrapping_add(u64::from(failures.min(63)));
        shared::step(st, &name, &rules, &holding, poll, now);
    });
    shared::listen(st);
    view! {
        <div id="alerts-live" class="sr-only" role="status" aria-live="polite">
            {move || st.firing.with(|f| (!f.is_empty()).then(|| tf(Template::AlertsCount, &f.len().to_string())))}
        </div>
        {move || st.firing.with(|f| (!f.is_empty()).then(|| {
            let items = f.iter().map(|a| view! { <li class="alert-item">{describe(a)}</li> }).collect_view();
            view! {
                <section class="banner bad alerts-firing" id="alerts-firing" aria-labelledby="alerts-firing-h">
                    <h2 id="alerts-firing-h">{"⚠ "}{tf(Template::AlertsCount, &f.len().to_string())}</h2>
                    <ul>{items}</ul>
                </section>
            }
        }))}
    }
}

/// The rules of the instance shown, with notifications, export and import (nothing when
/// mounted outside the app, as in the component tests).
#[component]
pub fn AlertRules() -> impl IntoView {
    let has_state = use_context::<AlertState>().is_some() && use_context::<Config>().is_some();
    has_state.then(alert_rules)
}

fn alert_rules() -> impl IntoView {
    let st = alert_state();
    let message = RwSignal::new(String::new());
    let current = move || {
        st.rules
            .with(|b| b.get(&instance_name()).cloned())
            .unwrap_or_default()
    };
    let change = move |f: &dyn Fn(&mut Rules)| {
        let name = instance_name_now();
        st.rules.update(|b| f(b.entry(name).or_default()));
        st.rules.with_untracked(save_rules);
    };
    let check = move |id: &'static str,
                      label: Key,
                      get: fn(&Rules) -> bool,
                      set: fn(&mut Rules, bool)| {
        view! {
            <label class="check" for=id>
                <input type="checkbox" id=id prop:checked=move || get(&current())
                    on:change=move |ev| { let v = event_target_checked(&ev); change(&|r| set(r, v)) } />
                {t(label)}
            </label>
        }
    };
    let number = move |id: &'static str,
                       label: Key,
                       get: fn(&Rules) -> Option<i64>,
                       set: fn(&mut Rules, Option<i64>)| {
        view! {
            <label for=id>{t(label)}
                <input type="number" min="0" id=id placeholder=t(Key::AlertsOff)
                    prop:value=move || get(&current()).map(|v| v.to_string()).unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev).trim().parse::<i64>().ok().filter(|v| *v >= 0); change(&|r| set(r, v)) } />
            </label>
        }
    };
    let ask = move |_| {
        if st.notify.get_untracked() {
            st.notify.set(false);
            return;
        }
        let Ok(p) = web_sys::Notification::request_permission() else {
            message.set(t(Key::AlertsNotifyUnavailable).into());
            return;
        };
        leptos::task::spawn_local(async move {
            let r = wasm_bindgen_futures::JsFuture::from(p).await;
            let granted = r.ok().and_then(|v| v.as_string()).as_deref() == Some("granted");
            st.notify.set(granted);
            message.set(if granted {
                String::new()
            } else {
                t(Key::AlertsNotifyDenied).into()
            });
        });
    };
    let export = move |_| {
        let text = st.rules.with_untracked(alerts::to_json);
        let name = crate::ui::export::file_name("alert-rules", js_sys::Date::now(), "json");
        crate::views::export::download(&name, "application/json", &text);
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match alerts::from_json(&text) {
                Ok(book) => {
                    save_rules(&book);
                    st.rules.set(book);
                    message.set(t(Key::AlertsImported).into());
                }
                Err(e) => message.set(tf(Template::AlertsImportError, &e)),
            }
        });
    };
    view! {
        <section class="card wide alert-rules" id="alert-rules" aria-labelledby="alert-rules-h">
            <h2 id="alert-rules-h">{tf(Template::AlertsTitle, &instance_name_now())}</h2>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                {check("rule-output-error", Key::AlertsRuleOutputError, |r| r.output_error, |r, v| r.output_error = v)}
                {check("rule-source", Key::AlertsRuleSourceNotRunning, |r| r.source_not_running, |r, v| r.source_not_running = v)}
                {number("rule-no-rows", Key::AlertsRuleNoRows, |r| r.no_rows_minutes.map(i64::from), |r, v| r.no_rows_minutes = v.map(|v| v.min(u32::MAX as i64) as u32))}
                {number("rule-backlog", Key::AlertsRuleBacklog, |r| r.backlog_above, |r, v| r.backlog_above = v)}
                {number("rule-growing", Key::AlertsRuleGrowing, |r| r.backlog_growing_minutes.map(i64::from), |r, v| r.backlog_growing_minutes = v.map(|v| v.min(u32::MAX as i64) as u32))}
                {number("rule-lag", Key::AlertsRuleLag, |r| r.lag_above_secs, |r, v| r.lag_above_secs = v)}
                {check("rule-stalled", Key::AlertsRuleStalled, |r| r.stalled, |r, v| r.stalled = v)}
                {check("rule-falling", Key::AlertsRuleFallingBehind, |r| r.falling_behind, |r, v| r.falling_behind = v)}
                {check("rule-unreachable", Key::AlertsRuleUnreachable, |r| r.unreachable, |r, v| r.unreachable = v)}
                <label for="rule-pending">{t(Key::AlertsRulePending)}
                    <input type="number" min="0" id="rule-pending" placeholder=DEFAULT_PENDING_SECS.to_string()
                        prop:value=move || current().pending_secs.map(|v| v.to_string()).unwrap_or_default()
                        on:change=move |ev| { let v = event_target_value(&ev).trim().parse::<u32>().ok(); change(&|r| r.pending_secs = v) } />
                </label>
            </form>
            <HealthSettings />
            <shared::OpenAlerts instance=Signal::derive(instance_name) />
            <div class="export">
                <button type="button" id="alerts-notify" on:click=ask aria-pressed=move || st.notify.get().to_string()>
                    {move || if st.notify.get() { t(Key::AlertsNotifyOff) } else { t(Key::AlertsNotifyOn) }}
                </button>
                <button type="button" id="alerts-export" on:click=export>{t(Key::AlertsExport)}</button>
                <label class="file" for="alerts-import">{t(Key::AlertsImport)}
                    <input type="file" id="alerts-import" accept="application/json,.json" on:change=import />
                </label>
            </div>
            <p id="alerts-message" role="status">{move || message.get()}</p>
        </section>
    }
}

/// The thresholds of the health checks the trend runs without any rule (kept in
/// localStorage, for every instance).
#[component]
fn HealthSettings() -> impl IntoView {
    let store = ctx().store;
    let th = store.thresholds;
    let set = move |f: &dyn Fn(&mut Thresholds)| {
        let mut v = th.get_untracked();
        f(&mut v);
        save_thresholds(&store, v);
    };
    let number = move |id: &'static str,
                       label: Key,
                       get: fn(&Thresholds) -> u32,
                       put: fn(&mut Thresholds, u32)| {
        view! {
            <label for=id>{t(label)}
                <input type="number" min="1" max="100" id=id prop:value=move || th.with(get).to_string()
                    disabled=move || !th.with(|t| t.enabled)
                    on:change=move |ev| { if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() { set(&|t| put(t, v.clamp(1, 100))) } } />
            </label>
        }
    };
    view! {
        <fieldset class="filters health-settings" id="health-settings">
            <legend>{t(Key::HealthSettings)}</legend>
            <label class="check" for="health-on">
                <input type="checkbox" id="health-on" prop:checked=move || th.with(|t| t.enabled)
                    on:change=move |ev| { let v = event_target_checked(&ev); set(&|t| t.enabled = v) } />
                {t(Key::HealthSettingsOn)}
            </label>
            {number("health-growing", Key::HealthSettingsGrowing, |t| t.growing_polls, |t, v| t.growing_polls = v)}
            {number("health-stalled", Key::HealthSettingsStalled, |t| t.stalled_polls, |t, v| t.stalled_polls = v)}
            {number("health-error", Key::HealthSettingsError, |t| t.error_polls, |t, v| t.error_polls = v)}
        </fieldset>
    }
}
