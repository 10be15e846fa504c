//! One flow chart: named series of one metric drawn with plotters on a canvas sized by
//! devicePixelRatio, with restart markers, gaps, a hover read-out and a text summary. What is
//! drawn is decided in `ui::chart`; this only turns it into pixels.

use crate::model::flow::Rates;
use crate::runtime::hooks::use_resize_observer;
use crate::runtime::store::ThemeVersion;
use crate::ui::chart::{fmt_value, segments, summary, value, Metric};
use crate::ui::geometry::{nearest, nice_max, project, time_ticks};
use crate::ui::i18n::{t, tf, Key, Template};
use crate::ui::time::axis_label;
use crate::views::widgets::{datetime, shown_offset};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
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
    if series.iter().all(|(_, r)| r.points.is_empty()) {
        // Nothing to draw: no axes spanning 00:00:00 to 00:00:01; the caption says why.
        canvas.set_width(canvas.width());
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
        // room for the last time label, centred on the right edge
        .margin_right(px(28.0))
        .x_label_area_size(px(20.0))
        .y_label_area_size(y_label_w)
        .build_cartesian_2d(t0..t1, 0.0..ymax)
        .ok()?;
    let ticks = time_ticks(t0, t1, 6);
    chart
        .configure_mesh()
        .x_labels(ticks.len().max(2))
        .x_label_formatter(&|t| axis_label(*t, t1 - t0, shown_offset(*t)))
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
                    t(Key::FlowRestart),
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
    /// When an emptied flow ring was seen (Bifrost restarted), for the empty chart's caption.
    #[prop(into, optional)]
    restarted: MaybeProp<i64>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let frame = StoredValue::new(Frame::default());
    let width = RwSignal::new(0.0_f64);
    let hover = RwSignal::new(None::<i64>);

    Effect::new(move |_| {
        let s = series.get();
        let cum = cumulative.get();
        width.track();
        if let Some(v) = use_context::<ThemeVersion>() {
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
    use_resize_observer(canvas, move |w| width.set(w));

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
                        t(Key::FlowAt),
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
            {move || series.with(|s| s.iter().all(|(_, r)| r.points.is_empty())).then(|| view! {
                <p class="chart-empty muted">{match restarted.get() {
                    Some(at) => tf(Template::ChartRestarted, &crate::ui::time::clock(at, shown_offset(at), false)),
                    None => t(Key::ChartNoPoints).to_string(),
                }}</p>
            })}
            <canvas node_ref=canvas style:height=format!("{height}px") on:mousemove=on_move on:mouseleave=move |_| hover.set(None)
                role="img" aria-label=move || summary(&series.get(), metric, cumulative.get(), &shown_offset)></canvas>
            {readout}
        </figure>
    }
}
