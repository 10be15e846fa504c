//! Decide what an HTTP answer is before parsing it: Bifrost answers 200 for everything.

use serde::Deserialize;

use super::error::ApiError;

/// Classifies an answer from the proxy, never guessing. In order:
///
/// 1. `status >= 400` -> [`ApiError::Http`] (Bifrost itself always answers 200: it is the proxy).
/// 2. `final_url` whose path ends in `/login/index` (v2) or `/login` (v1) ->
///    [`ApiError::LoginRedirect`].
/// 3. empty or whitespace body -> [`ApiError::EmptyBody`] (unknown route, handler panic, v1
///    server asked a v2 route).
/// 4. HTML (first non-space char `<`, or a `text/html` content type) -> `LoginRedirect` when it
///    is Bifrost's login (mentions `/login/index`, `/dologin`, a password form, or links to
///    `/login`), else [`ApiError::Html`]. Bifrost's own 302 to the login page has an HTML body
///    (v2 followed by JSON; v1 only `<a href="/login">Found</a>.`, even with `format=json`).
/// 5. a JSON object whose top-level `"status"` is `-1` or `false` -> [`ApiError::Auth`] with its
///    `msg` (v2 `{"status":-1,"msg":"ip is refused","data":null}`, v1 `{"status":false,...}`).
/// 6. otherwise `Ok(body)`, unchanged.
pub fn classify<'a>(
    status: u16,
    content_type: Option<&str>,
    final_url: Option<&str>,
    body: &'a str,
) -> Result<&'a str, ApiError> {
    if status >= 400 {
        return Err(ApiError::Http { status });
    }
    if final_url.is_some_and(is_login_url) {
        return Err(ApiError::LoginRedirect);
    }
    let trimmed = trim_body(body);
    if trimmed.is_empty() {
        return Err(ApiError::EmptyBody);
    }
    let html_type = content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("text/html"));
    if trimmed.starts_with('<') || html_type {
        return Err(if looks_like_login(trimmed) {
            ApiError::LoginRedirect
        } else {
            ApiError::Html
        });
    }
    if let Some(msg) = auth_failure(trimmed) {
        return Err(ApiError::Auth { msg });
    }
    Ok(body)
}

/// The body without a UTF-8 BOM and surrounding whitespace.
pub(crate) fn trim_body(body: &str) -> &str {
    body.trim_start_matches('\u{feff}').trim()
}

/// True when the path of `url` (query and fragment ignored) ends with `/login/index` (where
/// v2 sends a client without credentials) or `/login` (where v1 sends it).
pub fn is_login_url(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_end_matches('/');
    path.ends_with("/login/index") || path.ends_with("/login")
}

fn looks_like_login(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    lower.contains("/login/index")
        || lower.contains("/dologin")
        || (lower.contains("<form") && lower.contains("password"))
        || lower.contains("href=\"/login\"")
}

/// Bytes searched at each end of a body for the auth object's `"status"` key. The object is
/// small (`{"status":-1,"msg":"...","data":null}`), so the key is near an end whatever the key
/// order, while searching all of a 13 MB sync list for it, twice per poll, costs milliseconds.
const AUTH_KEY_REACH: usize = 4096;

fn near_an_end(body: &str, needle: &str) -> bool {
    let b = body.as_bytes();
    let n = needle.as_bytes();
    if b.len() <= 2 * AUTH_KEY_REACH {
        return body.contains(needle);
    }
    let found = |hay: &[u8]| hay.windows(n.len()).any(|w| w == n);
    found(&b[..AUTH_KEY_REACH]) || found(&b[b.len() - AUTH_KEY_REACH..])
}

#[derive(Deserialize)]
struct AuthProbe {
    status: Option<serde_json::Value>,
    msg: Option<serde_json::Value>,
}

/// `Some(msg)` when `body` is Bifrost's auth-failure object. Only top-level keys count, so a
/// data source named "status" (whose value is an object) is not mistaken for one.
pub(crate) fn auth_failure(body: &str) -> Option<String> {
    let body = trim_body(body);
    if !body.starts_with('{') || !near_an_end(body, "\"status\"") {
        return None;
    }
    let probe: AuthProbe = serde_json::from_slice(body.as_bytes()).ok()?;
    let failed = match probe.status? {
        serde_json::Value::Bool(b) => !b,
        serde_json::Value::Number(n) => n.as_f64() == Some(-1.0),
        _ => false,
    };
    if !failed {
        return None;
    }
    Some(match probe.msg {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    })
}
