//! The page header: brand, instance switcher, page links, refresh and settings.

use crate::runtime::store::{ctx, Ctx};
use crate::ui::config::Config;
use crate::ui::i18n::{t, tf, Key, Template};
use crate::ui::url_state::{Page, ViewState, REFRESH_CHOICES};
use crate::views;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let Ctx {
        state,
        store,
        poller,
        ..
    } = ctx();
    let page = move || state.with(|s| s.page);
    let ago = move || {
        let at = store.sources.with(|s| s.updated);
        if at == 0.0 {
            t(Key::HeaderNever).to_string()
        } else {
            tf(
                Template::HeaderUpdated,
                &crate::ui::i18n::ago(((store.now.get() - at) / 1000.0).max(0.0) as i64),
            )
        }
    };
    let stale = move || {
        store
            .sources
            .with(|s| s.error.is_some() && s.data.is_some())
    };
    let config = expect_context::<Config>();
    let chrome_on = config.chrome;
    // a memo: the header is rebuilt only when embed mode changes, not on every state change
    let embed = Memo::new(move |_| state.with(|s| s.embed));
    let chrome = move || chrome_on && !embed.get();
    let multi = config.multi();
    let names: Vec<String> = config.instances.iter().map(|i| i.name.clone()).collect();
    let names = StoredValue::new(names);
    // the switcher shows the first instance when the URL names none (or an unknown one)
    let shown_name = move || {
        state.with(|s| {
            names.with_value(|n| {
                if n.contains(&s.instance) {
                    s.instance.clone()
                } else {
                    n[0].clone()
                }
            })
        })
    };
    // one page's link in the navigation (the instances one has an id: tests look for it)
    let link = move |p: Page| {
        view! {
            <a
                id=(p == Page::Instances).then_some("nav-instances")
                href=move || { let mut s = state.get(); s.page = p; s.to_query() }
                class:active=move || page() == p
                aria-current=move || (page() == p).then_some("page")
                on:click=move |ev| {
                    ev.prevent_default();
                    state.update(|s| s.page = p);
                }
            >
                {p.label()}
            </a>
        }
    };
    view! {
        {move || chrome().then(|| view! {
        <header class="top">
            <a class="brand" href="?">"Bifrost"<span>" Dashboard"</span></a>
            {multi.then(|| view! {
                <label class="instance">
                    <span class="sr-only">{t(Key::HeaderInstance)}</span>
                    <select
                        id="instance"
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            state.update(|s| {
                                // filters name things of the previous instance: start clean
                                *s = ViewState {
                                    page: if s.page == Page::Instances { Page::Overview } else { s.page },
                                    instance: name,
                                    refresh: s.refresh,
                                    embed: s.embed,
                                    ..ViewState::default()
                                };
                            });
                        }
                        prop:value=shown_name
                    >
                        {names.get_value().into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <nav aria-label=t(Key::HeaderPages)>
                {Page::ALL.into_iter().map(link).collect_view()}
                {multi.then(|| link(Page::Instances))}
            </nav>
            <div class="refresh">
                <span class="updated" class:stale=stale title=t(Key::HeaderUpdatedTitle)>
                    {ago}
                    {move || stale().then_some(t(Key::HeaderStale))}
                </span>
                <label>
                    <span class="sr-only">{t(Key::HeaderRefreshEvery)}</span>
                    <select
                        id="refresh"
                        on:change=move |ev| {
                            let v = event_target_value(&ev).parse().unwrap_or(0);
                            state.update(|s| s.refresh = v);
                        }
                        prop:value=move || state.with(|s| s.refresh.to_string())
                    >
                        {REFRESH_CHOICES
                            .into_iter()
                            .map(|n| {
                                let label = match n {
                                    0 => t(Key::HeaderOff).to_string(),
                                    n => crate::ui::i18n::ago(i64::from(n)),
                                };
                                view! { <option value=n.to_string()>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button
                    id="refresh-now"
                    on:click=move |_| poller.wake()
                    disabled=move || store.busy.get()
                    title=t(Key::HeaderRefreshNow)
                >
                    {t(Key::HeaderRefresh)}
                </button>
                <views::settings::Settings />
            </div>
        </header>
        })}
        {move || {
            store
                .sources
                .with(|s| s.error.clone())
                .map(|e| view! { <views::widgets::ErrorBanner error=e what=t(Key::ErrorWhatSources) /> })
        }}
    }
}
