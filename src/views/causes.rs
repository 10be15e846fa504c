//! Failing outputs grouped by cause: one line per cause (category in words, count, outputs,
//! since when, an example and what to check), each a link that filters the sync list to it.

use crate::model::causes::{Category, Cause};
use crate::model::rows::SyncRow;
use crate::runtime::store::ctx;
use crate::ui::i18n::{t, tf, Key, Template};
use crate::ui::url_state::{Page, ViewState};
use crate::views::widgets::{go_to, href_in, shown_offset};
use leptos::prelude::*;

/// The category's name and the hint of what to check.
pub fn category_texts(c: Category) -> (Key, Key) {
    match c {
        Category::ConnectionRefused => {
            (Key::CauseConnectionRefused, Key::CauseHintConnectionRefused)
        }
        Category::Timeout => (Key::CauseTimeout, Key::CauseHintTimeout),
        Category::Authentication => (Key::CauseAuthentication, Key::CauseHintAuthentication),
        Category::UnknownObject => (Key::CauseUnknownObject, Key::CauseHintUnknownObject),
        Category::DuplicateKey => (Key::CauseDuplicateKey, Key::CauseHintDuplicateKey),
        Category::QueueFull => (Key::CauseQueueFull, Key::CauseHintQueueFull),
        Category::Crash => (Key::CauseCrash, Key::CauseHintCrash),
        Category::Other => (Key::CauseOther, Key::CauseHintOther),
    }
}

/// `key (plugin)` for each output key of the cause, at most three and then `…`.
fn outputs_label(c: &Cause) -> String {
    let mut label = c
        .keys
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if c.keys.len() > 3 {
        label.push_str(", …");
    }
    if !c.plugins.is_empty() {
        label.push_str(&format!(" ({})", c.plugins.join(", ")));
    }
    label
}

/// What one line shows, computed once per answer so a refresh that changes nothing visible
/// re-renders nothing.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    id: String,
    /// Where the line leads: the output itself when it is alone, else the sync list
    /// filtered to the cause.
    target: ViewState,
    category: Category,
    count: usize,
    outputs: String,
    since: i64,
    example_first_line: String,
    example_full: String,
}

fn line(c: &Cause, rows: &[SyncRow]) -> Line {
    let example = c.rows.first().and_then(|&i| rows.get(i));
    let target = match (c.count(), example) {
        (1, Some(r)) => ViewState {
            page: Page::Sync,
            db: r.db.clone(),
            schema: r.schema.clone(),
            table: r.table.clone(),
            key: r.to_server_key.clone(),
            ..Default::default()
        },
        _ => ViewState {
            page: Page::Sync,
            cause: c.id(),
            ..Default::default()
        },
    };
    Line {
        id: c.id(),
        target,
        category: c.category,
        count: c.count(),
        outputs: outputs_label(c),
        since: c.first_seen,
        example_first_line: example
            .map(|r| r.error_first_line.clone())
            .unwrap_or_default(),
        example_full: example
            .map(|r| r.error.chars().take(2000).collect())
            .unwrap_or_default(),
    }
}

/// The causes of the failing outputs, largest first, at most `limit` lines.
#[component]
pub fn CauseList(limit: usize) -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let lines = Memo::new(move |_| {
        store.causes.with(|causes| {
            store.rows.with(|rows| {
                causes
                    .iter()
                    .take(limit)
                    .map(|c| line(c, rows))
                    .collect::<Vec<_>>()
            })
        })
    });
    let more = Memo::new(move |_| store.causes.with(|c| c.len().saturating_sub(limit)));
    view! {
        <ul class="plain causes">
            {move || { let session = c.session.get(); lines.get().into_iter().map(|l| {
                let (name, hint) = category_texts(l.category);
                let target = l.target.clone();
                let since = crate::ui::time::clock(l.since, shown_offset(l.since), false);
                view! {
                    <li class="cause" data-cause=l.id.clone()>
                        <span class="badge bad">{t(name)}</span>" "
                        <a href=href_in(&session, &target) on:click=go_to(state, target.clone())>
                            <span class="num">{tf(Template::CauseOutputs, &l.count.to_string())}</span>
                            " · "{l.outputs}
                        </a>
                        " "<span class="muted" data-seen-here="">{tf(Template::CauseSince, &since)}</span>
                        <div class="err-line" title=format!("{}\n\n{}", t(Key::CauseExample), l.example_full)>{l.example_first_line}</div>
                        <div class="muted hint">{t(hint)}</div>
                    </li>
                }
            }).collect_view() }}
        </ul>
        {move || (more.get() > 0).then(|| view! {
            <p class="muted">{format!("+{}", more.get())}</p>
        })}
    }
}

/// Above the sync list: the causes of the failing outputs as links that filter the list,
/// or, when it is filtered to one cause, which one and a way back to every output.
#[component]
pub fn CauseFilterBar() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let cause = Memo::new(move |_| state.with(|s| s.cause.clone()));
    // (id, category, count, signature) per cause: what the chips show.
    let chips = Memo::new(move |_| {
        store.causes.with(|causes| {
            causes
                .iter()
                .map(|c| (c.id(), c.category, c.count(), c.signature.clone()))
                .collect::<Vec<_>>()
        })
    });
    let described = move || {
        let id = cause.get();
        chips.with(|all| {
            all.iter()
                .find(|c| c.0 == id)
                .map(|c| format!("{} ({})", t(category_texts(c.1).0), c.3))
                .unwrap_or_else(|| id.clone())
        })
    };
    let clear = move |_| state.update(|s| s.cause.clear());
    move || {
        let list = chips.get();
        let session = c.session.get();
        if !cause.get().is_empty() {
            view! {
                <p class="cause-filter" role="status">
                    {move || tf(Template::CauseFilter, &described())}" "
                    <button type="button" on:click=clear>{t(Key::CauseClear)}</button>
                </p>
            }
            .into_any()
        } else if list.is_empty() {
            ().into_any()
        } else {
            view! {
                <p class="cause-chips" aria-label=t(Key::CauseChips)>
                    <span class="muted">{t(Key::CauseChips)}</span>
                    {list.into_iter().take(8).map(|(id, category, count, signature)| {
                        let target = state.with_untracked(|s| ViewState { cause: id, ..s.clone() });
                        view! {
                            <a class="chip" title=signature href=href_in(&session, &target) on:click=go_to(state, target.clone())>
                                {t(category_texts(category).0)}" · "<span class="num">{count}</span>
                            </a>
                        }
                    }).collect_view()}
                </p>
            }
            .into_any()
        }
    }
}
