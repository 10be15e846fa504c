//! The login routes: Bifrost's login page, the redirect to it, and `/dologin` (a session
//! cookie for the right user and password).

use super::App;
use crate::auth::Outcome;
use crate::cli::Api;
use crate::http::{Request, Response};

const LOGIN_REDIRECT: &str = "<a href=\"/login/index\">Found</a>.\n\n";
const LOGIN_REDIRECT_V1: &str = "<a href=\"/login\">Found</a>.\n\n";
pub(super) const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Bifrost Login</title></head><body>\
<form method=\"post\" action=\"/dologin\"><input name=\"user_name\"><input name=\"password\" type=\"password\">\
<button>Login</button></form></body></html>\n";

/// What v1.5.3 serves on its data routes without `format=json`: its own HTML pages (only
/// "it is HTML" matters to a client asking JSON).
pub(super) const V1_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Bifrost</title></head><body>\
<div id=\"wrapper\"></div></body></html>\n";

/// The data routes that are HTML pages on a v1.5.3 without `format=json` (`/flow/get` is JSON
/// either way).
pub(super) fn is_v1_page(path: &str) -> bool {
    matches!(path, "/db/list" | "/synclist")
}

impl App {
    pub(super) fn redirect_to_login(&self) -> Response {
        let body = format!("{LOGIN_REDIRECT}{}", self.err("Author error"));
        Response {
            status: 302,
            headers: vec![
                ("Content-Type".into(), "text/html; charset=utf-8".into()),
                ("Location".into(), "/login/index".into()),
            ],
            body: body.into_bytes(),
            drop_connection: false,
            cut_body_at: None,
        }
    }

    /// v1.5.3 without credentials: a 302 to `/login` whose body is only the HTML link, even
    /// with `format=json` (v2 adds JSON after it and answers JSON to `format=json`).
    pub(super) fn redirect_to_login_v1(&self, with_body: bool) -> Response {
        let body = if with_body { LOGIN_REDIRECT_V1 } else { "" };
        let mut headers = vec![("Location".to_string(), "/login".to_string())];
        if with_body {
            headers.insert(
                0,
                ("Content-Type".into(), "text/html; charset=utf-8".into()),
            );
        }
        Response {
            status: 302,
            headers,
            body: body.as_bytes().to_vec(),
            drop_connection: false,
            cut_body_at: None,
        }
    }

    /// The refusal of a wrong password, as each generation words it.
    pub(super) fn wrong_password(&self) -> &'static str {
        match self.api {
            Api::V2 => "user or password error",
            Api::V1 => "Password error",
        }
    }

    pub(super) fn login(&self, req: &Request, user: &str, pass: &str) -> Response {
        if self.api == Api::V1 {
            return self.login_v1(req, user, pass);
        }
        match self.auth.login_check(req.peer, user, pass) {
            Outcome::Ok(role) => {
                let token = self.auth.new_session(role);
                let ok = r#"{"status":1,"msg":"success","data":null}"#;
                Response::text(ok).with_header(
                    "Set-Cookie",
                    &format!("xgo_cookie={token}; Path=/; Max-Age=3600; HttpOnly"),
                )
            }
            Outcome::Refused => Response::text(self.err("ip is refused")),
            _ => Response::text(self.err("user or password error")),
        }
    }

    /// v1.5.3's `/dologin`: `{"status":true,"msg":" success"}` (sic, the space), and a session
    /// cookie whatever the outcome; only a right password makes it a signed-in session.
    fn login_v1(&self, req: &Request, user: &str, pass: &str) -> Response {
        let (token, body) = match self.auth.login_check(req.peer, user, pass) {
            Outcome::Ok(role) => (
                self.auth.new_session(role),
                r#"{"status":true,"msg":" success"}"#,
            ),
            _ => (
                self.auth.unsigned_token(),
                r#"{"status":false,"msg":" user error"}"#,
            ),
        };
        Response::text(body).with_header(
            "Set-Cookie",
            &format!("xgo_cookie={token}; Path=/; Max-Age=3600; HttpOnly"),
        )
    }
}
