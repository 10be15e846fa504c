//! Flow: rows/s and bytes/s (or the cumulative counters) for any scope and window, drawn with
//! plotters on a canvas sized by devicePixelRatio, with restart markers, gaps, a hover
//! read-out and the same numbers as a table.

use crate::model::flow::{normalize, rates, RatePoint, Rates};
use crate::model::history::sum_settled;
use crate::model::units::{human_count, human_rate, Unit};
use crate::runtime::store::ctx;
use crate::ui::geometry::{nearest, nice_max, project, time_ticks};
use crate::ui::i18n::{rate, t, tf};
use crate::ui::plan::{flow_scope, window_of};
use crate::views::widgets::{datetime, ErrorBanner};
use crate::wire::request::{FlowScope, Window};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

/// Series colours; a line is also told apart by its legend entry, never by colour alone.
const COLORS: [RGBColor; 4] = [
    RGBColor(37, 99, 235),
    RGBColor(217, 119, 6),
    RGBColor(5, 150, 105),
    RGBColor(190, 24, 93),
];

/// A colour of the current theme's palette (the same the stylesheet uses).
fn theme_color(var: &str) -> RGBColor {
    let (r, g, b) = crate::ui::palette::current_rgb(var);
    RGBColor(r, g, b)
}

#[derive(Clone, Copy, PartialEq)]
pub enum Metric {
    Rows,
    Bytes,
}

fn value(p: &RatePoint, m: Metric, cumulative: bool) -> f64 {
    match (m, cumulative) {
        (Metric::Rows, false) => p.rows_per_s,
        (Metric::Bytes, false) => p.bytes_per_s,
        (Metric::Rows, true) => p.count as f64,
        (Metric::Bytes, true) => p.bytes as f64,
    }
}

pub fn fmt_value(v: f64, m: Metric, cumulative: bool) -> String {
    match (m, cumulative) {
        (Metric::Rows, false) => rate(v, Unit::Rows),
        (Metric::Bytes, false) => rate(v, Unit::Bytes),
        (Metric::Rows, true) => format!("{} {}", human_count(v as i64), t("unit.rows")),
        (Metric::Bytes, true) => human_rate(v, Unit::Bytes).replace("/s", ""),
    }
}

/// A time-axis label: seconds shown when the chart spans under ten minutes.
fn time_label(t: i64, span: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64 * 1000.0));
    if span < 600 {
        format!(
            "{:02}:{:02}:{:02}",
            d.get_hours(),
            d.get_minutes(),
            d.get_seconds()
        )
    } else {
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
    }
}

/// Splits a series into line segments at gaps and restarts, so no slope is drawn across them.
fn segments(r: &Rates) -> Vec<Vec<RatePoint>> {
    let mut out: Vec<Vec<RatePoint>> = vec![Vec::new()];
    for p in &r.points {
        let breaks = r.gaps.iter().any(|(a, b)| *a < p.t && p.t <= *b) || r.restarts.contains(&p.t);
        if breaks && out.last().is_some_and(|s| !s.is_empty()) {
            out.push(Vec::new());
        }
        if let Some(s) = out.last_mut() {
            s.push(*p);
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The time range and y scale of what was last drawn, for the hover read-out.
#[derive(Clone, Copy, Default)]
struct Frame {
    t0: i64,
    t1: i64,
    left: f64,
    right: f64,
}

fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    series: &[(String, Rates)],
    metric: Metric,
    cumulative: bool,
) -> Option<Frame> {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let (cw, ch) = (canvas.client_width() as f64, canvas.client_height() as f64);
    if cw < 10.0 || ch < 10.0 {
        return None;
    }
    // Device-pixel canvas: crisp on HiDPI; every size below is scaled by dpr.
    canvas.set_width((cw * dpr) as u32);
    canvas.set_height((ch * dpr) as u32);
    let px = |v: f64| (v * dpr) as u32;
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE.mix(0.0)).ok()?;
    let t0 = series
        .iter()
        .filter_map(|(_, r)| r.points.first().map(|p| p.t))
        .min()
        .unwrap_or(0);
    let t1 = series
        .iter()
        .filter_map(|(_, r)| r.points.last().map(|p| p.t))
        .max()
        .unwrap_or(1)
        .max(t0 + 1);
    let ymax = nice_max(
        series
            .iter()
            .flat_map(|(_, r)| r.points.iter().map(|p| value(p, metric, cumulative)))
            .fold(0.0, f64::max),
    );
    let font = ("sans-serif", px(11.0))
        .into_font()
        .color(&theme_color("--muted"));
    let y_label_w = px(64.0);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(8.0))
        .x_label_area_size(px(20.0))
        .y_label_area_size(y_label_w)
        .build_cartesian_2d(t0..t1, 0.0..ymax)
        .ok()?;
    let ticks = time_ticks(t0, t1, 6);
    chart
        .configure_mesh()
        .x_labels(ticks.len().max(2))
        .x_label_formatter(&|t| time_label(*t, t1 - t0))
        .y_labels(5)
        .y_label_formatter(&|v| fmt_value(*v, metric, cumulative))
        .label_style(font.clone())
        .light_line_style(theme_color("--head"))
        .bold_line_style(theme_color("--line"))
        .axis_style(theme_color("--line"))
        .draw()
        .ok()?;
    for (i, (_, r)) in series.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        for seg in segments(r) {
            chart
                .draw_series(LineSeries::new(
                    seg.iter().map(|p| (p.t, value(p, metric, cumulative))),
                    color.stroke_width(px(2.0)),
                ))
                .ok()?;
        }
        // Restarts: a dashed-looking marker line and a label, so a drop is explained.
        for at in &r.restarts {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*at, 0.0), (*at, ymax)],
                    theme_color("--bad").stroke_width(px(1.0)),
                )))
                .ok()?;
            chart
                .draw_series(std::iter::once(Text::new(
                    t("flow.restart"),
                    (*at, ymax * 0.95),
                    font.clone().color(&theme_color("--bad")),
                )))
                .ok()?;
        }
    }
    root.present().ok()?;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    Some(Frame {
        t0,
        t1,
        left: xr.start as f64 / dpr,
        right: xr.end as f64 / dpr,
    })
}

const DRAW_START: &str = "bifrost:chart-draw-start";

/// Benchmark hook (`cargo xtask bench`): each completed redraw leaves one
/// `bifrost:chart-draw` measure, seen by a PerformanceObserver. Only the latest entry is
/// kept in the timeline, so a page left open all day does not accumulate them.
fn timed_draw(perf: Option<&web_sys::Performance>) {
    if let Some(p) = perf {
        p.clear_measures_with_measure_name("bifrost:chart-draw");
        let _ = p.measure_with_start_mark("bifrost:chart-draw", DRAW_START);
    }
}

/// One chart: several named series of one metric. Redrawn when data or size changes.
#[component]
pub fn Chart(
    #[prop(into)] series: Signal<Vec<(String, Rates)>>,
    #[prop(into)] cumulative: Signal<bool>,
    #[prop(default = 220)] height: u32,
    #[prop(default = Metric::Rows)] metric: Metric,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let frame = StoredValue::new(Frame::default());
    let width = RwSignal::new(0.0_f64);
    let hover = RwSignal::new(None::<i64>);

    Effect::new(move |_| {
        let s = series.get();
        let cum = cumulative.get();
        width.track();
        if let Some(v) = use_context::<crate::runtime::store::ThemeVersion>() {
            v.0.track();
        }
        if let Some(c) = canvas.get() {
            let perf = web_sys::window().and_then(|w| w.performance());
            let _ = perf.as_ref().map(|p| p.mark(DRAW_START));
            if let Some(f) = draw(&c, &s, metric, cum) {
                frame.set_value(f);
                timed_draw(perf.as_ref());
            }
            let _ = perf.map(|p| p.clear_marks_with_mark_name(DRAW_START));
        }
    });
    // Redraw on resize (and so on DPR change, which resizes the layout viewport).
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let cb = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                if let Some(e) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                    width.set(e.content_rect().width());
                }
            },
        );
        if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(&c);
            on_cleanup({
                let ro = send_wrapper::SendWrapper::new(ro);
                move || ro.disconnect()
            });
        }
        cb.forget();
    });

    let on_move = move |ev: leptos::ev::MouseEvent| {
        let f = frame.get_value();
        let x = ev.offset_x() as f64;
        if x < f.left || x > f.right {
            hover.set(None);
            return;
        }
        hover.set(Some(
            project(x, (f.left, f.right), (f.t0 as f64, f.t1 as f64)) as i64,
        ));
    };
    let readout = move || {
        let at = hover.get()?;
        let lines: Vec<String> = series.with(|s| {
            s.iter()
                .filter_map(|(name, r)| {
                    let times: Vec<i64> = r.points.iter().map(|p| p.t).collect();
                    let p = &r.points[nearest(&times, at)?];
                    Some(format!(
                        "{name}: {}{}{}",
                        fmt_value(value(p, metric, cumulative.get()), metric, cumulative.get()),
                        t("flow.at"),
                        datetime(p.t)
                    ))
                })
                .collect()
        });
        Some(
            view! { <div class="readout" role="status">{lines.into_iter().map(|l| view! { <div>{l}</div> }).collect_view()}</div> },
        )
    };
    let legend = move || {
        series.with(|s| {
            (s.len() > 1).then(|| {
                s.iter().enumerate().map(|(i, (name, _))| {
                    let c = COLORS[i % COLORS.len()];
                    view! { <span class="key"><span class="swatch" style:background=format!("rgb({},{},{})", c.0, c.1, c.2)></span>{format!("{}. {name}", i + 1)}</span> }
                }).collect_view()
            })
        })
    };
    view! {
        <figure class="chart">
            <div class="legend">{legend}</div>
            <canvas node_ref=canvas style:height=format!("{height}px") on:mousemove=on_move on:mouseleave=move |_| hover.set(None)
                role="img" aria-label=move || summary(&series.get(), metric, cumulative.get())></canvas>
            {readout}
        </figure>
    }
}

/// A one-sentence text summary of a chart, for screen readers and the figure caption.
pub fn summary(series: &[(String, Rates)], metric: Metric, cumulative: bool) -> String {
    series
        .iter()
        .map(|(name, r)| match r.points.last() {
            Some(p) => {
                let max = r
                    .points
                    .iter()
                    .map(|p| value(p, metric, cumulative))
                    .fold(0.0, f64::max);
                format!(
                    "{}{}{}{}{}",
                    tf("flow.summary_now", name),
                    fmt_value(value(p, metric, cumulative), metric, cumulative),
                    t("flow.summary_peak"),
                    fmt_value(max, metric, cumulative),
                    if r.restarts.is_empty() {
                        String::new()
                    } else {
                        tf("flow.summary_restarts", &r.restarts.len().to_string())
                    }
                )
            }
            None => tf("flow.summary_none", name),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn scope_label(s: &FlowScope) -> String {
    match s {
        FlowScope::Server => t("overview.all_sources").into(),
        FlowScope::Db(d) => d.clone(),
        FlowScope::Channel {
            db, channel_name, ..
        } => format!("{}{channel_name}", tf("flow.channel_scope", db)),
        FlowScope::Table { db, schema, table } => format!("{db} / {schema}.{table}"),
    }
}

#[component]
pub fn FlowPage() -> impl IntoView {
    let c = ctx();
    let (state, store) = (c.state, c.store);
    let prefix = c.bifrost.with_value(|b| b.prefix.clone());
    let series = Memo::new(move |_| {
        let view = state.get();
        let w = window_of(&view);
        let dbs = store.source_names();
        let channel_name = store.sync.with(|s| {
            s.data
                .as_ref()
                .and_then(|d| d.channels.get(&view.channel).map(|c| c.name.clone()))
        });
        let main = flow_scope(&view, channel_name.as_deref());
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let mut load = |scope: &FlowScope| -> Option<Vec<crate::wire::types::FlowPoint>> {
            let slot = store.flow(&prefix, scope, w);
            if let Some(e) = slot.error {
                errors.push((scope_label(scope), e));
            }
            slot.data.map(|p| normalize(&p))
        };
        let main_points = match &main {
            FlowScope::Server => {
                let all: Vec<_> = dbs
                    .iter()
                    .filter_map(|d| load(&FlowScope::Db(d.clone())))
                    .collect();
                (!all.is_empty()).then(|| sum_settled(&all, w.step_secs()))
            }
            s => load(s),
        };
        if let Some(p) = main_points {
            out.push((scope_label(&main), rates(&p, w.step_secs())));
        }
        for d in &view.compare {
            let s = FlowScope::Db(d.clone());
            if s != main {
                if let Some(p) = load(&s) {
                    out.push((d.clone(), rates(&p, w.step_secs())));
                }
            }
        }
        (out, errors)
    });
    let data = Signal::derive(move || series.with(|s| s.0.clone()));
    let cumulative = Signal::derive(move || state.with(|s| s.cumulative));
    let dbs = move || store.source_names();
    // Narrower scopes of the chosen source: its channels (flow wants the channel's name,
    // resolved from the id in `plan::flow_scope`) and tables, from its sync list.
    let scope_pickers = move || {
        let (db, channel, picked) = state.with(|s| {
            (
                s.db.clone(),
                s.channel.clone(),
                format!("{}\t{}", s.schema, s.table),
            )
        });
        let (channels, mut tables) = store
            .sync
            .with(|s| {
                s.data.as_ref().map(|d| {
                    let channels: Vec<(String, String)> = d
                        .channels
                        .iter()
                        .map(|(id, c)| (id.clone(), c.name.clone()))
                        .collect();
                    let tables: Vec<String> = d
                        .tables
                        .iter()
                        .filter(|t| t.db_name == db)
                        .map(|t| format!("{}\t{}", t.schema_name, t.table_name))
                        .collect();
                    (channels, tables)
                })
            })
            .unwrap_or_default();
        tables.sort();
        tables.dedup();
        view! {
            <label for="flow-channel">{t("flow.channel")}
                <select id="flow-channel" on:change=move |ev| { let v = event_target_value(&ev); state.update(|s| { s.channel = v; s.schema.clear(); s.table.clear(); }) }>
                    <option value="">{t("flow.all_channels")}</option>
                    {channels.into_iter().map(|(id, name)| { let sel = id == channel; view! { <option value=id selected=sel>{name}</option> } }).collect_view()}
                </select>
            </label>
            <label for="flow-table-pick">{t("flow.table")}
                <select id="flow-table-pick" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let (schema, table) = v.split_once('\t').unwrap_or_default();
                    let (schema, table) = (schema.to_string(), table.to_string());
                    state.update(|s| { s.schema = schema; s.table = table; s.channel.clear(); })
                }>
                    <option value="">{t("flow.all_tables")}</option>
                    {tables.into_iter().map(|t| {
                        let sel = t == picked;
                        let label = t.replacen('\t', ".", 1);
                        view! { <option value=t selected=sel>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let table = move || {
        let cum = cumulative.get();
        let s = data.get();
        let (name, r) = s.into_iter().next()?;
        Some(view! {
            <details class="flow-table">
                <summary>{tf("flow.numbers", &name)}{tf("flow.points", &r.points.len().to_string())}</summary>
                <div class="table-wrap"><table class="grid" id="flow-table">
                    <thead><tr><th scope="col">{t("flow.col.time")}</th><th scope="col">{if cum { t("flow.col.rows_total") } else { t("flow.col.rows") }}</th><th scope="col">{if cum { t("flow.col.bytes_total") } else { t("flow.col.bytes") }}</th><th scope="col">{t("flow.col.note")}</th></tr></thead>
                    <tbody>{r.points.iter().rev().map(|p| view! {
                        <tr>
                            <td class="mono">{datetime(p.t)}</td>
                            <td class="num">{fmt_value(value(p, Metric::Rows, cum), Metric::Rows, cum)}</td>
                            <td class="num">{fmt_value(value(p, Metric::Bytes, cum), Metric::Bytes, cum)}</td>
                            <td>{if r.restarts.contains(&p.t) { t("flow.restart") } else { "" }}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div>
            </details>
        })
    };
    view! {
        <section class="page flow">
            <h1>{t("flow.title")}</h1>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <label for="flow-db">{t("flow.scope")}
                    <select id="flow-db" on:change=move |ev| { let v = event_target_value(&ev); state.update(|s| { s.db = v; s.schema.clear(); s.table.clear(); s.channel.clear(); }) }>
                        <option value="" selected=move || state.with(|s| s.db.is_empty())>{t("flow.all_sources")}</option>
                        {move || dbs().into_iter().map(|d| view! { <option value=d.clone() selected=move || state.with(|s| s.db == d)>{d.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <fieldset class="seg" aria-label=t("flow.window")>
                    {Window::ALL.into_iter().map(|w| view! {
                        <button type="button" class:active=move || window_of(&state.get()) == w aria-pressed=move || (window_of(&state.get()) == w).to_string()
                            on:click=move |_| state.update(|s| s.window = w.param().to_string())>{t(&format!("window.{}", w.param()))}</button>
                    }).collect_view()}
                </fieldset>
                <label class="check"><input type="checkbox" id="flow-cumulative" prop:checked=cumulative
                    on:change=move |ev| { let v = event_target_checked(&ev); state.update(|s| s.cumulative = v) } />{t("flow.cumulative")}</label>
                <label for="flow-compare">{t("flow.compare")}
                    <select id="flow-compare" on:change=move |ev| { let v = event_target_value(&ev); if !v.is_empty() { state.update(|s| if !s.compare.contains(&v) { s.compare.push(v) }) } }>
                        <option value="">{t("flow.add_source")}</option>
                        {move || dbs().into_iter().map(|d| { let label = d.clone(); view! { <option value=d>{label}</option> } }).collect_view()}
                    </select>
                </label>
                {move || state.with(|s| s.compare.clone()).into_iter().map(|d| {
                    let d2 = d.clone();
                    view! { <button type="button" class="chip" on:click=move |_| state.update(|s| s.compare.retain(|x| *x != d2)) aria-label=tf("flow.stop_compare", &d)>{d.clone()}" ×"</button> }
                }).collect_view()}
                {move || (!state.with(|s| s.db.is_empty())).then(scope_pickers)}
            </form>
            <crate::views::export::ExportBar what="flow" table=Signal::derive(move || data.with(|d| crate::ui::export::flow_table(d))) />
            {move || series.with(|s| s.1.clone()).into_iter().map(|(what, e)| view! { <ErrorBanner error=e what=what /> }).collect_view()}
            {move || data.with(|d| d.is_empty()).then(|| view! { <p class="empty">{t("flow.no_data")}</p> })}
            <h2>{move || if cumulative.get() { t("flow.rows_total") } else { t("flow.rows_s") }}</h2>
            <Chart series=data cumulative=cumulative metric=Metric::Rows />
            <h2>{move || if cumulative.get() { t("flow.bytes_total") } else { t("flow.bytes_s") }}</h2>
            <Chart series=data cumulative=cumulative metric=Metric::Bytes />
            <p class="sr-summary">{move || summary(&data.get(), Metric::Rows, cumulative.get())}</p>
            {table}
        </section>
    }
}
