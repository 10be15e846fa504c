//! The overview's timeline card: a strip of the instance's state over the last 24 hours and
//! the log of what changed, filterable and exportable. It covers only the time a dashboard
//! was open in this browser, and says so.

use crate::model::health::SourceState;
use crate::model::timeline::{bands, BandKind, Event, What};
use crate::runtime::store::ctx;
use crate::ui::export::Table;
use crate::ui::i18n::{t, tf, Key, Template};
use crate::views::export::ExportBar;
use crate::views::widgets::{datetime, source_look};
use leptos::prelude::*;
use serde_json::json;

/// The strip's span.
const STRIP_SECS: i64 = 24 * 3600;
/// Lines shown in the log (the export has every event).
const SHOWN: usize = 200;

/// Which events the log shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    All,
    Sources,
    Outputs,
    Instance,
}

impl Show {
    const ALL: [(Show, &'static str, Key); 4] = [
        (Show::All, "all", Key::TimelineKindAll),
        (Show::Sources, "sources", Key::TimelineKindSources),
        (Show::Outputs, "outputs", Key::TimelineKindOutputs),
        (Show::Instance, "instance", Key::TimelineKindInstance),
    ];

    fn admits(self, w: &What) -> bool {
        match self {
            Show::All => true,
            Show::Sources => matches!(w, What::Source { .. }),
            Show::Outputs => matches!(
                w,
                What::Failing { .. }
                    | What::Recovered { .. }
                    | What::Stalled { .. }
                    | What::Resumed { .. }
            ),
            Show::Instance => matches!(
                w,
                What::Opened { .. } | What::Unreachable { .. } | What::Back | What::Restart
            ),
        }
    }
}

/// A stable English id of an event's kind, for the export.
fn kind_id(w: &What) -> &'static str {
    match w {
        What::Opened { .. } => "opened",
        What::Unreachable { .. } => "unreachable",
        What::Back => "back",
        What::Restart => "restart",
        What::Source { .. } => "source",
        What::Failing { .. } => "failing",
        What::Recovered { .. } => "recovered",
        What::Stalled { .. } => "stalled",
        What::Resumed { .. } => "resumed",
    }
}

fn outputs_text(head: String, outputs: &[String], more: usize) -> String {
    let mut s = head + &outputs.join(", ");
    if more > 0 {
        s.push_str(&tf(Template::TimelineMore, &more.to_string()));
    }
    s
}

/// One event in words, in the current language.
fn event_text(e: &Event) -> String {
    let word = |s: &SourceState| source_look(s).2;
    match &e.what {
        What::Opened { since: None } => t(Key::TimelineOpened).into(),
        What::Opened { since: Some(s) } => tf(Template::TimelineOpenedGap, &datetime(*s)),
        What::Unreachable { reason } => tf(Template::TimelineUnreachable, reason),
        What::Back => t(Key::TimelineBack).into(),
        What::Restart => t(Key::TimelineRestart).into(),
        What::Source { name, from, to } => {
            let from = from
                .as_ref()
                .map(|f| word(&f.into()) + " → ")
                .unwrap_or_default();
            tf(Template::TimelineSource, name) + &from + &word(&to.into())
        }
        What::Failing { outputs, more }
        | What::Recovered { outputs, more }
        | What::Stalled { outputs, more }
        | What::Resumed { outputs, more } => {
            let head = match &e.what {
                What::Failing { .. } => Template::TimelineFailing,
                What::Recovered { .. } => Template::TimelineRecovered,
                What::Stalled { .. } => Template::TimelineStalled,
                _ => Template::TimelineResumed,
            };
            outputs_text(
                tf(head, &(outputs.len() + more).to_string()),
                outputs,
                *more,
            )
        }
    }
}

/// The events as an export table, oldest first (times in UTC, ISO-like).
fn table(events: &[Event]) -> Table {
    Table {
        columns: vec!["time_utc", "kind", "what", "failing_outputs"],
        rows: events
            .iter()
            .map(|e| {
                vec![
                    json!(crate::ui::time::datetime(e.at, 0, false)),
                    json!(kind_id(&e.what)),
                    json!(event_text(e)),
                    json!(e.failing),
                ]
            })
            .collect(),
    }
}

#[component]
pub fn TimelineCard() -> impl IntoView {
    let store = ctx().store;
    let show = RwSignal::new(Show::All);
    let text = RwSignal::new(String::new());
    let matching = Memo::new(move |_| {
        let (show, needle) = (show.get(), text.get().to_lowercase());
        store.timeline.with(|tl| {
            tl.events
                .iter()
                .filter(|e| show.admits(&e.what))
                .filter(|e| needle.is_empty() || event_text(e).to_lowercase().contains(&needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // The strip moves on once a minute, not with every tick of the clock.
    let minute = Memo::new(move |_| (store.now.get() / 60_000.0) as i64);
    let strip = move || {
        minute.track();
        let now = (store.now.get_untracked() / 1000.0) as i64;
        let start = now - STRIP_SECS;
        let parts = store.timeline.with(|tl| bands(&tl.events, start, now));
        let from = parts.first().map_or(now, |b| b.from);
        let span = (now - from).max(1) as f64;
        parts
            .into_iter()
            .map(|b| {
                let (class, key) = match b.kind {
                    BandKind::Ok => ("ok", Key::TimelineBandOk),
                    BandKind::Failing => ("bad", Key::TimelineBandFailing),
                    BandKind::Unreachable => ("down", Key::TimelineBandUnreachable),
                    BandKind::Unwatched => ("unwatched", Key::TimelineBandUnwatched),
                };
                let x = (b.from - from) as f64 / span * 1000.0;
                let w = ((b.to - b.from) as f64 / span * 1000.0).max(1.0);
                let title = format!("{} – {}: {}", datetime(b.from), datetime(b.to), t(key));
                view! { <rect class=format!("band {class}") x=x y="0" width=w height="12"><title>{title}</title></rect> }
            })
            .collect_view()
    };
    let export = Signal::derive(move || {
        store
            .timeline
            .with(|tl| table(&tl.events.iter().cloned().collect::<Vec<_>>()))
    });
    view! {
        // `data-seen-here`: what this browser saw, not what Bifrost answered (a capture
        // replays the answers only)
        <div class="card wide" id="card-timeline" data-seen-here="">
            <h2>{t(Key::TimelineTitle)}</h2>
            <svg class="strip" viewBox="0 0 1000 12" preserveAspectRatio="none" role="img" aria-label=t(Key::TimelineStrip)>{strip}</svg>
            <p class="legend muted">
                <span class="key ok"></span>{t(Key::TimelineBandOk)}" "
                <span class="key bad"></span>{t(Key::TimelineBandFailing)}" "
                <span class="key down"></span>{t(Key::TimelineBandUnreachable)}" "
                <span class="key unwatched"></span>{t(Key::TimelineBandUnwatched)}
            </p>
            <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="tl-kind">{t(Key::TimelineFilter)}
                    <select id="tl-kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some((s, _, _)) = Show::ALL.iter().find(|(_, id, _)| *id == v) { show.set(*s) }
                    }>
                        {Show::ALL.iter().map(|(_, id, key)| view! { <option value=*id>{t(*key)}</option> }).collect_view()}
                    </select>
                </label>
                <label for="tl-q" class="grow">
                    <input id="tl-q" type="search" placeholder=t(Key::TimelineFilterHint) aria-label=t(Key::TimelineFilterHint)
                        on:input=move |ev| text.set(event_target_value(&ev)) />
                </label>
            </form>
            {move || matching.with(|m| m.is_empty()).then(|| view! { <p class="muted">{t(Key::TimelineEmpty)}</p> })}
            <ol class="plain timeline-log">
                {move || matching.with(|m| m.iter().rev().take(SHOWN).map(|e| view! {
                    <li class=format!("ev {}", kind_id(&e.what))>
                        <time class="mono muted">{datetime(e.at)}</time>" "{event_text(e)}
                    </li>
                }).collect_view())}
            </ol>
            <p class="muted small">{t(Key::TimelineNote)}</p>
            <ExportBar what="timeline" table=export with_capture=false />
        </div>
    }
}
