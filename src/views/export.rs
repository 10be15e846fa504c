//! The export bar of every page: CSV and JSON of what the page shows (the page hands over its
//! rows as an [`export::Table`]) and "Capture", the raw API answers behind the view as one JSON
//! file that `bifrost-sim --replay FILE` serves back.

use crate::runtime::store::ctx;
use crate::ui::capture::Capture;
use crate::ui::export::{self, Table};
use crate::ui::i18n::{t, Key};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Saves `text` as a file named `name` (Blob + object URL + `<a download>`).
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        let _ = a.set_attribute("hidden", "");
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
    // Revoked later: the download reads the blob after this handler returns.
    let cb = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 10_000);
    }
}

/// The current view's raw answers as a capture.
pub fn capture() -> Capture {
    let c = ctx();
    let prefix = c.bifrost.with_value(|b| b.prefix.clone());
    let api_version = match c.bifrost.with_value(|b| b.version()) {
        Some(crate::wire::request::ApiVersion::V1) => "v1",
        Some(crate::wire::request::ApiVersion::V2) => "v2",
        None => "",
    };
    Capture {
        captured_at: js_sys::Date::now(),
        api_version: api_version.into(),
        view: c.state.with_untracked(|s| s.to_query()),
        responses: crate::client::raw_responses(&prefix),
        timeline: c
            .store
            .timeline
            .with_untracked(|t| serde_json::to_value(t).unwrap_or_default()),
    }
}

/// CSV, JSON and (unless `with_capture` is false) Capture buttons for a page; `what` names
/// the files (`bifrost-<what>-…`).
#[component]
pub fn ExportBar(
    what: &'static str,
    #[prop(into)] table: Signal<Table>,
    #[prop(default = true)] with_capture: bool,
) -> impl IntoView {
    let save = move |ext: &'static str| {
        move |_| {
            let now = js_sys::Date::now();
            let name = export::file_name(what, now, ext);
            let (mime, text) = table.with_untracked(|tb| {
                if ext == "csv" {
                    ("text/csv;charset=utf-8", export::to_csv(tb))
                } else {
                    ("application/json", export::to_json(tb))
                }
            });
            download(&name, mime, &text);
        }
    };
    let on_capture = move |_| {
        let c = capture();
        let name = export::file_name(&format!("{what}-capture"), c.captured_at, "json");
        download(&name, "application/json", &c.to_json());
    };
    view! {
        <div class="export" role="group" aria-label=t(Key::ExportGroup)>
            <button class="export-csv" on:click=save("csv") title=t(Key::ExportCsvTitle)>{t(Key::ExportCsv)}</button>
            <button class="export-json" on:click=save("json") title=t(Key::ExportJsonTitle)>{t(Key::ExportJson)}</button>
            {with_capture.then(|| view! { <button class="export-capture" on:click=on_capture title=t(Key::ExportCaptureTitle)>{t(Key::ExportCapture)}</button> })}
        </div>
    }
}
