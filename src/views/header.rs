//! The page header: brand, instance switcher, page links, refresh and settings.

use crate::runtime::store::{ctx, Ctx};
use crate::ui::config::Config;
use crate::ui::i18n::{t, tf};
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
            t("header.never").to_string()
        } else {
            tf(
                "header.updated",
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
    view! {
        {move || chrome().then(|| view! {
        <header class="top">
            <a class="brand" href="?">"Bifrost"<span>" Dashboard"</span></a>
            {multi.then(|| view! {
                <label class="instance">
                    <span class="sr-only">{t("header.instance")}</span>
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
            <nav aria-label=t("header.pages")>
                {Page::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <a
                                href=move || { let mut s = state.get(); s.page = p; s.to_query() }
                                class:active=move || page() == p
                                aria-current=move || (page() == p).then_some("page")
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    state.update(|s| s.page = p);
                                }
                            >
                                {t(&format!("page.{}", p.param()))}
                            </a>
                        }
                    })
                    .collect_view()}
                {multi.then(|| view! {
                    <a
                        id="nav-instances"
                        href=move || { let mut s = state.get(); s.page = Page::Instances; s.to_query() }
                        class:active=move || page() == Page::Instances
                        aria-current=move || (page() == Page::Instances).then_some("page")
                        on:click=move |ev| {
                            ev.prevent_default();
                            state.update(|s| s.page = Page::Instances);
                        }
                    >
                        {Page::Instances.label()}
                    </a>
                })}
            </nav>
            <div class="refresh">
                <span class="updated" class:stale=stale title=t("header.updated_title")>
                    {ago}
                    {move || stale().then_some(t("header.stale"))}
                </span>
                <label>
                    <span class="sr-only">{t("header.refresh_every")}</span>
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
                                    0 => t("header.off").to_string(),
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
                    title=t("header.refresh_now")
                >
                    {t("header.refresh")}
                </button>
                <views::settings::Settings />
            </div>
        </header>
        })}
        {move || {
            store
                .sources
                .with(|s| s.error.clone())
                .map(|e| view! { <views::widgets::ErrorBanner error=e what=t("error.what_sources") /> })
        }}
    }
}
