//! Small shared widgets: one status vocabulary (icon + word, never colour alone), error
//! banners that say what failed and why, and sparklines.

use crate::model::flow::RatePoint;
use crate::model::health::{OutputState, SourceState};
use crate::model::units::Unit;
use crate::ui::geometry::spark_points;
use crate::ui::i18n::{rate, t, tf, Key, Template};
use crate::ui::url_state::{SortColumn, ViewState};
use crate::wire::error::ApiError;
use leptos::prelude::*;

/// A data source's state as icon + word.
#[component]
pub fn SourceBadge(state: SourceState) -> impl IntoView {
    let (class, icon, word) = source_look(&state);
    view! { <span class=format!("badge {class}")><span aria-hidden="true">{icon}</span>" "{word}</span> }
}

/// A data source's state: badge class, icon and word (the one vocabulary of every page).
pub fn source_look(state: &SourceState) -> (&'static str, &'static str, String) {
    match state {
        SourceState::Running => ("ok", "●", t(Key::StateRunning).to_string()),
        SourceState::Starting => ("warn", "◐", t(Key::StateStarting).to_string()),
        SourceState::Stopped => ("idle", "■", t(Key::StateStopped).to_string()),
        SourceState::Closed => ("idle", "○", t(Key::StateClosed).to_string()),
        SourceState::Error => ("bad", "✖", t(Key::StateError).to_string()),
        SourceState::Unknown(s) => (
            "idle",
            "?",
            if s.is_empty() {
                t(Key::StateUnknown).into()
            } else {
                s.clone()
            },
        ),
    }
}

/// An output's state as icon + word.
#[component]
pub fn OutputBadge(state: OutputState) -> impl IntoView {
    let (class, word) = match state {
        OutputState::Ok => ("ok", t(Key::StateOk)),
        OutputState::Idle => ("idle", t(Key::StateIdle)),
        OutputState::Failing => ("bad", t(Key::StateFailing)),
        OutputState::Stopped => ("warn", t(Key::StateOutStopped)),
    };
    view! {
        <span class=format!("badge {class}")>
            <span aria-hidden="true">{state.icon()}</span>" "{word}
        </span>
    }
}

/// A sortable column header: the URL's `sort`/`desc` drive it, `aria-sort` tells screen
/// readers, and a second click on the active column reverses the order.
#[component]
pub fn SortHeader(
    /// The column this header sorts by.
    key: SortColumn,
    /// Its text.
    label: Key,
    /// The column sorted by when the URL names none.
    default_key: SortColumn,
) -> impl IntoView {
    let state = crate::runtime::store::ctx().state;
    let active = move || state.with(|s| s.sort.unwrap_or(default_key) == key);
    let aria = move || match (active(), state.with(|s| s.desc)) {
        (false, _) => "none",
        (true, false) => "ascending",
        (true, true) => "descending",
    };
    view! {
        <th scope="col" aria-sort=aria class=format!("c-{}", key.param())>
            <button class="sort" on:click=move |_| state.update(|s| {
                s.desc = s.sort == Some(key) && !s.desc;
                s.sort = Some(key);
            })>
                {t(label)}
                <span aria-hidden="true">{move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
            </button>
        </th>
    }
}

/// What failed, in one sentence, and that the data shown is the last good one.
#[component]
pub fn ErrorBanner(error: ApiError, #[prop(into)] what: String) -> impl IntoView {
    view! {
        <div class="banner bad" role="alert">
            <strong>{format!("{what}: {}", error.title())}</strong>
            " — "
            {error.message()}
        </div>
    }
}

/// A tiny rows/s line as inline SVG (crisp at any pixel ratio, no canvas needed).
#[component]
pub fn Sparkline(points: Vec<RatePoint>) -> impl IntoView {
    let pts: Vec<(i64, f64)> = points.iter().map(|p| (p.t, p.rows_per_s)).collect();
    let path = spark_points(&pts, 120.0, 24.0);
    let label = match points.last() {
        Some(p) => tf(Template::SparkLabel, &rate(p.rows_per_s, Unit::Rows)),
        None => t(Key::SparkNone).to_string(),
    };
    view! {
        <svg class="spark" width="120" height="24" viewBox="0 0 120 24" role="img" aria-label=label>
            <polyline points=path fill="none" stroke="currentColor" stroke-width="1.5" />
        </svg>
    }
}

/// An output's queue over the last refreshes as inline SVG, `w` x `h` CSS pixels. Rendered
/// only for rows on screen and the details panel: a few points each.
#[component]
pub fn QueueSpark(
    samples: Vec<(i64, f64)>,
    #[prop(default = 60)] w: u32,
    #[prop(default = 16)] h: u32,
    #[prop(into)] label: String,
) -> impl IntoView {
    let path = spark_points(&samples, f64::from(w), f64::from(h));
    view! {
        <svg class="spark queue-spark" width=w height=h viewBox=format!("0 0 {w} {h}") role="img" aria-label=label>
            <polyline points=path fill="none" stroke="currentColor" stroke-width="1.5" />
        </svg>
    }
}

/// Seconds east of UTC at which `secs` is shown: 0 when the user chose UTC, else the
/// browser's local offset at that instant (daylight saving included). Every date and time
/// on screen, chart axes too, goes through this one choice.
pub fn shown_offset(secs: i64) -> i64 {
    if crate::ui::i18n::utc() {
        return 0;
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    -(d.get_timezone_offset() as i64) * 60
}

/// Seconds since the epoch as `YYYY-MM-DD HH:MM:SS` (local, or UTC by choice); 0 means
/// "never".
pub fn datetime(secs: i64) -> String {
    crate::ui::time::datetime(secs, shown_offset(secs), crate::ui::i18n::utc())
}

/// The address of an in-app link to `to`, within the current session (see
/// `ViewState::within`): what a new tab or a copied link opens. Reactive: for links that stay
/// on screen (a table row kept across refreshes).
pub fn link_href(state: RwSignal<ViewState>, to: &ViewState) -> impl Fn() -> String + 'static {
    let to = to.clone();
    move || state.with(|s| s.within(to.clone()).to_query())
}

/// As [`link_href`], as a plain string within `session` (`Ctx::session`, read tracked by the
/// closure that builds the content): for links in content rebuilt on every refresh. A reactive
/// `href` there would leak: each rebuild drops the link's render effect, but the view state,
/// which rarely changes, keeps a reference to that effect's memory until it next changes.
pub fn href_in(session: &ViewState, to: &ViewState) -> String {
    session.within(to.clone()).to_query()
}

/// A plain click on an in-app link: shows `to` in place (no page load), within the session.
pub fn go_to(state: RwSignal<ViewState>, to: ViewState) -> impl Fn(leptos::ev::MouseEvent) + Clone {
    move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let next = state.with(|s| s.within(to.clone()));
        state.set(next);
    }
}
