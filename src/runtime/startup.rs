//! Start-up: reading config.json.

use crate::ui::config::Config;

/// GETs config.json (relative to the document's base URL, so it works under a sub-path).
pub async fn load_config(url: &str) -> Result<Config, String> {
    let resp = gloo_net::http::Request::get(url)
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| format!("config.json could not be read: {e}"))?;
    let status = resp.status();
    let content_type = resp.headers().get("content-type");
    let body = resp
        .text()
        .await
        .map_err(|e| format!("config.json could not be read: {e}"))?;
    crate::ui::config::from_response(status, content_type.as_deref(), &body)
}
