//! Auth and friends (headers + body): auth errors, the HTML login redirect, the login
//! answer and the CORS preflight.

use crate::samples::{captured, read};
use bifrost_dashboard::wire::{
    classify, detect_version, parse_db_list, parse_flow, parse_sync_list, ApiError,
};

fn classify_captured(name: &str) -> Result<String, ApiError> {
    let c = captured(name);
    classify(c.status, c.header("content-type"), None, &c.body).map(str::to_string)
}

#[test]
fn auth_samples_become_auth_errors() {
    for (name, msg) in [
        ("auth_ip_refused.txt", "ip is refused"),
        ("auth_none_json.txt", "session time out"),
        ("auth_wrong_password.txt", "user or password error"),
        ("cors_preflight.txt", "session time out"),
    ] {
        let c = captured(name);
        assert_eq!(c.status, 200, "{name}");
        assert_eq!(
            classify_captured(name),
            Err(ApiError::Auth { msg: msg.into() }),
            "{name}"
        );
        // The parsers see it as auth too, never as a shape error.
        assert_eq!(
            parse_db_list(&c.body),
            Err(ApiError::Auth { msg: msg.into() })
        );
        assert_eq!(
            parse_sync_list(&c.body),
            Err(ApiError::Auth { msg: msg.into() })
        );
        assert_eq!(parse_flow(&c.body), Err(ApiError::Auth { msg: msg.into() }));
        assert_eq!(detect_version(&Ok(c.body.as_str())), None, "{name}");
    }
}

#[test]
fn auth_monitor_write_is_auth() {
    let body = read("auth_monitor_write.json");
    let e = parse_db_list(&body).unwrap_err();
    assert_eq!(
        e,
        ApiError::Auth {
            msg: "user group : [ monitor ] no authority".into()
        }
    );
    assert!(e.message().contains("no authority"));
}

#[test]
fn auth_none_html_redirect_is_login() {
    let c = captured("auth_none_html.txt");
    assert_eq!(c.status, 302);
    assert_eq!(c.header("location"), Some("/login/index"));
    assert!(c.body.starts_with("<a href=\"/login/index\">Found</a>."));
    // Bifrost wrote its JSON after the redirect page: HTML wins.
    assert!(c.body.contains("\"status\":-1"));
    assert_eq!(
        classify_captured("auth_none_html.txt"),
        Err(ApiError::LoginRedirect)
    );
    // fetch() follows the redirect: the final URL tells it all.
    assert_eq!(
        classify(
            200,
            Some("text/html"),
            Some("https://h/bifrost/login/index"),
            "<html></html>"
        ),
        Err(ApiError::LoginRedirect)
    );
}

#[test]
fn session_login_is_a_success_object() {
    let c = captured("session_login.txt");
    assert!(c.header("set-cookie").unwrap().starts_with("xgo_cookie="));
    let body = classify(c.status, c.header("content-type"), None, &c.body).unwrap();
    assert_eq!(body, "{\"status\":1,\"msg\":\"success\",\"data\":null}");
}

#[test]
fn cors_preflight_has_no_cors_headers() {
    let c = captured("cors_preflight.txt");
    assert!(c
        .headers
        .iter()
        .all(|(k, _)| !k.starts_with("access-control-")));
}
