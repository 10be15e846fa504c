//! The details panel of one sync row: its state and what the trend says (since when, why,
//! the backlog's sparkline, growth and estimate), why a lag is unknown, positions, and the
//! full error with its waiting data.

use crate::model::health::Lag;
use crate::model::rows::SyncRow;
use crate::runtime::store::ctx;
use crate::ui::i18n::{t, tf, Key, Template};
use crate::ui::url_state::{Page, ViewState};
use crate::views::health::{cause_text, lag_unknown_why, queue_spark, trend_text, HealthBadge};
use crate::views::sync_list::{lag_text, pos_text};
use crate::views::widgets::{go_to, href_in, OutputBadge};
use leptos::prelude::*;

/// The panel for row `r`; `selected` is cleared by its close button.
pub fn details_panel(r: SyncRow, selected: RwSignal<Option<String>>) -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let listed = store
        .sources
        .with(|s| s.data.as_ref().is_some_and(|d| d.contains_key(&r.db)));
    let (health, trend) = store.trends.with(|tr| {
        let health = tr.health(&r.key);
        let trend = match tr.output(&r.key).filter(|t| t.samples().len() > 1) {
            Some(track) => view! {
                {queue_spark(track, r.queue, 200, 40)}
                <div title=t(Key::HealthEstimateWhy)>{trend_text(track, r.queue)}</div>
            }
            .into_any(),
            None => view! { <span class="muted">{t(Key::HealthTrendNone)}</span> }.into_any(),
        };
        (health, trend)
    });
    let flow_link = ViewState {
        page: Page::Flow,
        db: r.db.clone(),
        schema: r.schema.clone(),
        table: r.table.clone(),
        ..Default::default()
    };
    view! {
        <aside class="details" aria-label=t(Key::SyncDetails)>
            <button class="close" on:click=move |_| selected.set(None) aria-label=t(Key::SyncClose)>"×"</button>
            <h2>{format!("{}.{} → {}", r.schema, r.table, r.to_server_key)}</h2>
            {health.is_problem().then(|| view! {
                <p class="health-line"><HealthBadge health=health /><br /><span class="muted">{cause_text(health)}</span></p>
            })}
            <dl>
                <dt>{t(Key::SyncColStatus)}</dt><dd><OutputBadge state=r.state />" "{tf(Template::SyncBifrostStatus, &r.status)}</dd>
                <dt>{t(Key::SyncColQueue)}</dt><dd>{r.queue}</dd>
                <dt>{t(Key::HealthTrend)}</dt><dd class="trend">{trend}</dd>
                <dt>{t(Key::SyncColLag)}</dt><dd class:unknown=r.lag == Lag::Unknown>{lag_text(&r.lag)}
                    {(r.lag == Lag::Unknown).then(|| view! { <div class="muted why">{lag_unknown_why(&r, listed)}</div> })}</dd>
                <dt>{t(Key::SyncColSuccess)}</dt><dd>{let (a, b) = pos_text(&r.last_success); format!("{a} {b}")}</dd>
                <dt>{t(Key::SyncColQueued)}</dt><dd>{let (a, b) = pos_text(&r.last_queue); format!("{a} {b}")}</dd>
                <dt>{t(Key::SyncColPlugin)}</dt><dd>{r.plugin.clone()}</dd>
            </dl>
            <p>
                <a href=href_in(&c.session.get(), &flow_link) on:click=go_to(state, flow_link.clone())>
                    {t(Key::SyncFlowLink)}
                </a>
            </p>
            {(!r.error.is_empty()).then(|| view! { <h3>{t(Key::SyncError)}</h3><pre class="error-full">{r.error.clone()}</pre> })}
            {r.error_wait_data.clone().map(|d| view! { <h3>{t(Key::SyncWaitData)}</h3><pre>{d}</pre> })}
        </aside>
    }
}
