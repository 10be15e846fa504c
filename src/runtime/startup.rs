//! Start-up: reading config.json.

use crate::ui::config::Config;

/// GETs config.json (relative to the document's base URL, so it works under a sub-path).
pub async fn load_config(url: &str) -> Result<Config, String> {
    // index.html's loader asks it before the wasm runs (the same URL, not cached either)
    let resp = match crate::client::early::take(url, None) {
        Some(answer) => crate::client::early::answer(answer).await,
        None => gloo_net::http::Request::get(url)
            .cache(web_sys::RequestCache::NoCache)
            .send()
            .await
            .map_err(|e| e.to_string()),
    }
    .map_err(|e| format!("config.json could not be read: {e}"))?;
    let status = resp.status();
    let content_type = resp.headers().get("content-type");
    let body = resp
        .text()
        .await
        .map_err(|e| format!("config.json could not be read: {e}"))?;
    crate::ui::config::from_response(status, content_type.as_deref(), &body)
}
