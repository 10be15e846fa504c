//! Every way a Bifrost request can fail, each explainable in one user-facing sentence.

use std::fmt;

/// A failed Bifrost request. `message()` is a sentence for the user, `title()` a short heading.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The proxy could not be reached or the connection failed (detail from the browser).
    Network(String),
    /// The connection broke while the answer was arriving (detail from the browser).
    Interrupted(String),
    /// No answer within `secs` seconds.
    Timeout { secs: u32 },
    /// The proxy answered 4xx/5xx (Bifrost itself always answers 200).
    Http { status: u16 },
    /// Bifrost refused the request: `{"status":-1,"msg":...}` (v2) or `{"status":false,...}` (v1).
    Auth { msg: String },
    /// Redirected to `/login/index`, or Bifrost's HTML login page came back.
    LoginRedirect,
    /// 200 with an empty body: unknown route, or a panic inside Bifrost's handler
    /// (e.g. an unknown DbName), or a v1 server asked a v2 route.
    EmptyBody,
    /// HTML where JSON was expected: the proxy is misconfigured.
    Html,
    /// The body is not valid JSON.
    Malformed {
        line: usize,
        column: usize,
        msg: String,
    },
    /// Valid JSON of an unexpected shape; `path` is like `SyncList[0].ToServerList[1].QueueMsgCount`.
    Shape { path: String, msg: String },
    /// The request was cancelled (page left, superseded by a newer request).
    Aborted,
}

impl ApiError {
    /// A short heading for an error banner.
    pub fn title(&self) -> &'static str {
        match self {
            ApiError::Network(_) => "Cannot reach Bifrost",
            ApiError::Interrupted(_) => "Connection lost",
            ApiError::Timeout { .. } => "Bifrost is not answering",
            ApiError::Http { status: 502..=504 } => "Bifrost unreachable",
            ApiError::Http { .. } => "Proxy error",
            ApiError::Auth { .. } => "Access refused",
            ApiError::LoginRedirect => "Not logged in",
            ApiError::EmptyBody => "Empty answer",
            ApiError::Html => "Unexpected HTML",
            ApiError::Malformed { .. } => "Unreadable answer",
            ApiError::Shape { .. } => "Unexpected data",
            ApiError::Aborted => "Cancelled",
        }
    }

    /// One sentence telling the user what happened and what to check.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(detail) => {
                let mut m = String::from(
                    "The dashboard could not reach its proxy to Bifrost; check that the proxy and the Bifrost server are running",
                );
                if !detail.trim().is_empty() {
                    m.push_str(" (");
                    m.push_str(detail.trim());
                    m.push(')');
                }
                m.push('.');
                m
            }
            ApiError::Timeout { secs } => {
                format!("Bifrost did not answer within {secs} s; it may be overloaded or unreachable.")
            }
            ApiError::Interrupted(detail) => {
                let mut m = String::from(
                    "The connection to Bifrost broke while its answer was arriving, so the answer is incomplete",
                );
                if !detail.trim().is_empty() {
                    m.push_str(" (");
                    m.push_str(detail.trim());
                    m.push(')');
                }
                m.push_str("; the next refresh will try again.");
                m
            }
            ApiError::Http {
                status: status @ 502..=504,
            } => format!(
                "The proxy answered HTTP {status} ({}): it could not get an answer from Bifrost, so check that Bifrost is running and reachable from the proxy.",
                http_reason(*status).unwrap_or("gateway error")
            ),
            ApiError::Http { status } => format!(
                "The proxy answered HTTP {status}{}; Bifrost itself always answers 200, so check the proxy configuration.",
                http_reason(*status).map(|r| format!(" ({r})")).unwrap_or_default()
            ),
            ApiError::Auth { msg } => {
                let hint = auth_hint(msg);
                if msg.trim().is_empty() {
                    format!("Bifrost refused the request{hint}.")
                } else {
                    format!("Bifrost refused the request: \"{}\"{hint}.", msg.trim())
                }
            }
            ApiError::LoginRedirect => String::from(
                "Bifrost sent its login page: the proxy is not passing valid credentials to Bifrost.",
            ),
            ApiError::EmptyBody => String::from(
                "Bifrost answered with an empty body: the route is unknown to this Bifrost version, or the request named something that does not exist (e.g. an unknown data source).",
            ),
            ApiError::Html => String::from(
                "Received an HTML page where Bifrost's JSON was expected: the proxy is probably pointing at the wrong server.",
            ),
            ApiError::Malformed { line, column, msg } => format!(
                "Bifrost's answer is not valid JSON (line {line}, column {column}: {msg})."
            ),
            ApiError::Shape { path, msg } => {
                let at = if path.is_empty() || path == "." {
                    String::from("the top level")
                } else {
                    format!("`{path}`")
                };
                format!("Bifrost's answer has an unexpected shape at {at}: {msg}.")
            }
            ApiError::Aborted => String::from("The request was cancelled."),
        }
    }

    /// True for failures worth retrying automatically on the next poll.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Network(_)
                | ApiError::Interrupted(_)
                | ApiError::Timeout { .. }
                | ApiError::Http { .. }
                | ApiError::Aborted
        )
    }

    /// Maps a transport failure of the browser client to an error.
    ///
    /// `name` is the JS error name (`"AbortError"`, `"TypeError"`, ...), `message` its text,
    /// and `timed_out_after` is `Some(secs)` when the client aborted because its own timer fired
    /// (that abort is a timeout, not a user cancellation).
    pub fn from_transport(name: &str, message: &str, timed_out_after: Option<u32>) -> ApiError {
        if let Some(secs) = timed_out_after {
            return ApiError::Timeout { secs };
        }
        if name == "AbortError" {
            return ApiError::Aborted;
        }
        if name == "TimeoutError" {
            return ApiError::Timeout { secs: 0 };
        }
        ApiError::Network(message.to_string())
    }
}

fn auth_hint(msg: &str) -> &'static str {
    let m = msg.to_ascii_lowercase();
    // "no authority" before "author" (Bifrost's "Author error"), which it contains.
    if m.contains("no authority") {
        " (this user may only read; the dashboard never writes)"
    } else if m.contains("ip is refused") {
        " (too many failed logins from this address: Bifrost bans it for 4 hours)"
    } else if m.contains("password") {
        " (check the user and password configured in the proxy)"
    } else if m.contains("session time out") || m.contains("author") {
        " (no valid credentials reached Bifrost: check the proxy's basic auth)"
    } else {
        ""
    }
}

fn http_reason(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}
