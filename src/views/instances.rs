//! The all-instances overview: every configured Bifrost side by side (sources running,
//! outputs failing, rows/s). Each instance is fetched by its own loop with its own requests,
//! so one that is slow or unreachable never delays the others; its card shows its own error.

use crate::browser::sleep_ms;
use crate::client::{Bifrost, Cycle};
use crate::model::fleet::{instance_health, InstanceHealth, FLOW_WINDOW};
use crate::model::units::Unit;
use crate::runtime::store::ctx;
use crate::ui::config::{Config, Instance};
use crate::ui::i18n::{t, Key};
use crate::ui::url_state::ViewState;
use crate::views::widgets::{go_to, link_href, ErrorBanner};
use crate::wire::error::ApiError;
use crate::wire::request::{FlowScope, SyncQuery};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What one instance's card shows: the last good numbers and the last error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Card {
    pub health: Option<InstanceHealth>,
    pub error: Option<ApiError>,
    pub loading: bool,
}

/// One refresh of one instance: `/db/list`, the sync list, then the flow of each source.
/// Without the source list nothing is known (the error); a later failure leaves only its
/// numbers unknown and is returned beside the health.
async fn fetch_one(
    b: &Bifrost,
    cycle: &Cycle,
) -> Result<(InstanceHealth, Option<ApiError>), ApiError> {
    let sources = b.db_list(cycle).await?;
    let sync = b.sync_list(&SyncQuery::default(), cycle, &mut |_| {}).await;
    let mut flows = Vec::new();
    let mut flow_err = None;
    for db in sources.keys() {
        match b.flow(&FlowScope::Db(db.clone()), FLOW_WINDOW, cycle).await {
            Ok(f) => flows.push(f),
            Err(e) => flow_err = Some(e),
        }
    }
    let health = instance_health(
        &sources,
        sync.as_ref().ok(),
        flow_err.is_none().then_some(flows.as_slice()),
    );
    Ok((health, sync.err().or(flow_err)))
}

/// Polls one instance until `alive` turns false, at the page's refresh interval (once when
/// refresh is off), backing off after failures like the main loop.
fn poll_instance(
    inst: Instance,
    card: RwSignal<Card>,
    every: Signal<u32>,
    alive: Rc<Cell<bool>>,
    current: Rc<RefCell<Option<Cycle>>>,
) {
    leptos::task::spawn_local(async move {
        let b = Bifrost::new(&inst.prefix);
        let mut failures = 0u32;
        while alive.get() {
            let cycle = Cycle::new();
            *current.borrow_mut() = Some(cycle.clone());
            card.update(|c| c.loading = true);
            let r = fetch_one(&b, &cycle).await;
            if !alive.get() {
                break;
            }
            match r {
                Ok((_, Some(ApiError::Aborted))) | Err(ApiError::Aborted) => break,
                Ok((h, partial)) => {
                    failures = 0;
                    card.set(Card {
                        health: Some(h),
                        error: partial,
                        loading: false,
                    });
                }
                Err(e) => {
                    failures += 1;
                    card.update(|c| {
                        c.error = Some(e);
                        c.loading = false;
                    });
                }
            }
            match crate::ui::plan::next_delay_ms(every.get_untracked(), failures) {
                Some(ms) => sleep_ms(ms).await,
                None => break,
            }
        }
    });
}

#[component]
pub fn InstancesPage() -> impl IntoView {
    let c = ctx();
    let state = c.state;
    let config = expect_context::<Config>();
    let every = Signal::derive(move || state.with(|s| s.refresh));
    let alive = Rc::new(Cell::new(true));
    let mut cycles: Vec<Rc<RefCell<Option<Cycle>>>> = Vec::new();
    let cards: Vec<(Instance, RwSignal<Card>)> = config
        .instances
        .iter()
        .map(|i| {
            (
                i.clone(),
                RwSignal::new(Card {
                    loading: true,
                    ..Card::default()
                }),
            )
        })
        .collect();
    for (inst, card) in &cards {
        let current = Rc::new(RefCell::new(None));
        cycles.push(current.clone());
        poll_instance(inst.clone(), *card, every, alive.clone(), current);
    }
    let stop = SendWrapper::new((alive, cycles));
    on_cleanup(move || {
        let (alive, cycles) = &*stop;
        alive.set(false);
        for c in cycles {
            if let Some(c) = c.borrow().as_ref() {
                c.abort();
            }
        }
    });

    view! {
        <h1>{t(Key::InstancesTitle)}</h1>
        <div id="instances" class="cards">
            {cards
                .into_iter()
                .map(|(inst, card)| {
                    let name = inst.name.clone();
                    let err_name = name.clone();
                    let target = ViewState { instance: name.clone(), ..ViewState::default() };
                    let num = move |f: fn(&InstanceHealth) -> String| {
                        move || card.with(|c| c.health.as_ref().map(f).unwrap_or_else(|| "—".into()))
                    };
                    view! {
                        <section class="card instance" data-instance=name.clone()
                            class:down=move || card.with(|c| c.error.is_some())>
                            <h2><a href=link_href(state, &target) on:click=go_to(state, target.clone())>{name.clone()}</a>
                                <span class="muted mono">" " {inst.prefix.clone()} "/"</span></h2>
                            <dl class="health">
                                <dt>{t(Key::InstancesRunning)}</dt>
                                <dd class="running num">{num(|h| format!("{} / {}", h.sources_running, h.sources_total))}</dd>
                                <dt>{t(Key::InstancesFailing)}</dt>
                                <dd class="failing num" class:bad=move || card.with(|c| c.health.as_ref().and_then(|h| h.outputs_failing).unwrap_or(0) > 0)>
                                    {num(|h| h.outputs_failing.map(|n| n.to_string()).unwrap_or_else(|| "—".into()))}
                                </dd>
                                <dt>{t(Key::FlowColRows)}</dt>
                                <dd class="rate num">{num(|h| h.rows_per_s.map(|r| crate::ui::i18n::rate(r, Unit::Rows)).unwrap_or_else(|| "—".into()))}</dd>
                            </dl>
                            {move || card.with(|c| c.loading && c.health.is_none() && c.error.is_none()).then(|| view! { <p class="muted">{t(Key::InstancesLoading)}</p> })}
                            {move || card.with(|c| c.error.clone()).map(|e| view! { <ErrorBanner error=e what=err_name.clone() /> })}
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}
