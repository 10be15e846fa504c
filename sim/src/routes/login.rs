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
        Response {
            status: 302,
            headers: vec![
                ("Content-Type".into(), "text/html; charset=utf-8".into()),
                ("Location".into(), "/login".into()),
            ],
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
        match self.auth.login_check(req.peer, user, pass) {
            Outcome::Ok(role) => {
                let token = self.auth.new_session(role);
                let ok = match self.api {
                    Api::V2 => r#"{"status":1,"msg":"success","data":null}"#,
                    Api::V1 => r#"{"status":true,"msg":"success","data":null}"#,
                };
                Response::text(ok).with_header(
                    "Set-Cookie",
                    &format!("xgo_cookie={token}; Path=/; Max-Age=3600; HttpOnly"),
                )
            }
            Outcome::Refused => Response::text(self.err("ip is refused")),
            _ => Response::text(self.err("user or password error")),
        }
    }
}
