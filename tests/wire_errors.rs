//! classify, parse errors, and every ApiError variant.

use bifrost_dashboard::wire::{classify, parse_db_list, parse_flow, parse_sync_list, ApiError};

#[test]
fn http_error_from_proxy() {
    assert_eq!(
        classify(502, Some("text/html"), None, "<html>Bad gateway</html>"),
        Err(ApiError::Http { status: 502 })
    );
    assert_eq!(
        classify(404, None, None, ""),
        Err(ApiError::Http { status: 404 })
    );
    assert_eq!(classify(399, Some("text/plain"), None, "{}"), Ok("{}"));
}

#[test]
fn login_redirect_by_url_or_page() {
    assert_eq!(
        classify(200, Some("text/html"), Some("/login/index"), ""),
        Err(ApiError::LoginRedirect)
    );
    assert_eq!(
        classify(200, None, Some("http://h:21036/login/index/?x=1#f"), "{}"),
        Err(ApiError::LoginRedirect)
    );
    let page = "<!DOCTYPE html><html><form action=\"/dologin\" method=post><input name=user_name><input type=password name=password></form></html>";
    assert_eq!(
        classify(
            200,
            Some("text/html; charset=utf-8"),
            Some("http://h/"),
            page
        ),
        Err(ApiError::LoginRedirect)
    );
    // Not the login: /login/indexes is not /login/index.
    assert_eq!(classify(200, None, Some("/login/indexes"), "{}"), Ok("{}"));
}

#[test]
fn html_where_json_expected() {
    let e = classify(
        200,
        Some("text/html"),
        None,
        "  <!doctype html><title>nginx</title>",
    )
    .unwrap_err();
    assert_eq!(e, ApiError::Html);
    assert_eq!(
        classify(200, Some("TEXT/HTML"), None, "hello"),
        Err(ApiError::Html)
    );
    assert_eq!(parse_db_list("<html></html>"), Err(ApiError::Html));
}

#[test]
fn empty_body() {
    assert_eq!(classify(200, None, None, ""), Err(ApiError::EmptyBody));
    assert_eq!(
        classify(200, None, None, " \r\n\t"),
        Err(ApiError::EmptyBody)
    );
    assert_eq!(parse_flow("\u{feff}"), Err(ApiError::EmptyBody));
}

#[test]
fn auth_objects() {
    assert_eq!(
        classify(
            200,
            Some("text/plain"),
            None,
            r#"{"status":-1,"msg":"ip is refused","data":null}"#
        ),
        Err(ApiError::Auth {
            msg: "ip is refused".into()
        })
    );
    assert_eq!(
        classify(200, None, None, r#"{"status":false,"msg":"x"}"#),
        Err(ApiError::Auth { msg: "x".into() })
    );
    assert_eq!(
        classify(200, None, None, r#"{"status":-1}"#),
        Err(ApiError::Auth { msg: String::new() })
    );
    // Success objects and a data source literally named "status" are not auth failures.
    assert!(classify(200, None, None, r#"{"status":1,"msg":"success"}"#).is_ok());
    let named = r#"{"status":{"Name":"status","ConnStatus":"running"}}"#;
    assert_eq!(classify(200, None, None, named), Ok(named));
    assert_eq!(
        parse_db_list(named).unwrap()["status"].conn_status,
        "running"
    );
}

#[test]
fn auth_objects_with_a_large_member_in_either_key_order() {
    // Only the ends of a large body are searched for the key (scanning a 13 MB sync list on
    // every poll costs milliseconds): the auth object is found whether Go wrote its keys in
    // struct order or sorted.
    let pad = "x".repeat(50_000);
    let first = format!(r#"{{"status":-1,"msg":"ip is refused","data":"{pad}"}}"#);
    let last = format!(r#"{{"data":"{pad}","msg":"ip is refused","status":-1}}"#);
    for body in [&first, &last] {
        assert_eq!(
            classify(200, None, None, body),
            Err(ApiError::Auth {
                msg: "ip is refused".into()
            })
        );
    }
    // A large ordinary answer is not searched end to end (nor mistaken for one).
    let list = format!(r#"{{"SyncList":[{{"DbName":"{pad}"}}],"DbList":{{}}}}"#);
    assert_eq!(classify(200, None, None, &list), Ok(list.as_str()));
}

#[test]
fn malformed_json_has_line_and_column() {
    let e = parse_db_list("{\n  \"a\": {\"Name\": \"x\",,}\n}").unwrap_err();
    match e {
        ApiError::Malformed {
            line,
            column,
            ref msg,
        } => {
            assert_eq!(line, 2);
            assert!(column > 0);
            assert!(!msg.contains(" at line "), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        parse_flow("[{\"Time\":1"),
        Err(ApiError::Malformed { line: 1, .. })
    ));
    assert!(matches!(
        parse_flow("[] trailing"),
        Err(ApiError::Malformed { .. })
    ));
    assert!(matches!(
        parse_sync_list("nul"),
        Err(ApiError::Malformed { .. })
    ));
}

#[test]
fn wrong_type_has_a_path() {
    let body = r#"{"SyncList":[{"DbName":"d","ToServerList":[{"ToServerKey":"a"},{"QueueMsgCount":"many"}]}]}"#;
    match parse_sync_list(body).unwrap_err() {
        ApiError::Shape { path, msg } => {
            assert_eq!(path, "SyncList[0].ToServerList[1].QueueMsgCount");
            assert!(msg.contains("invalid type"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    match parse_sync_list(r#"[{"ToServerList":[{"Status":5}]}]"#).unwrap_err() {
        ApiError::Shape { path, .. } => assert_eq!(path, "[0].ToServerList[0].Status"),
        other => panic!("{other:?}"),
    }
    match parse_flow(r#"[{"Time":"now"}]"#).unwrap_err() {
        ApiError::Shape { path, .. } => assert_eq!(path, "[0].Time"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(parse_db_list("[]"), Err(ApiError::Shape { .. })));
    assert!(matches!(parse_sync_list("42"), Err(ApiError::Shape { .. })));
    assert!(matches!(parse_flow("{}"), Err(ApiError::Shape { .. })));
}

#[test]
fn survivable_drift() {
    // Unknown fields ignored, missing fields defaulted, Go nil maps/slices read as empty.
    let body = r#"{"x":{"Name":"x","NewField":[1,2],"ReplicateDoDb":null,"ConnStatus":"running"}}"#;
    let dbs = parse_db_list(body).unwrap();
    assert!(dbs["x"].replicate_do_db.is_empty());
    let l = parse_sync_list(
        r#"{"SyncList":null,"ToServerKeyList":null,"DbList":null,"ChannelList":null,"Future":1}"#,
    )
    .unwrap();
    assert!(l.tables.is_empty() && l.outputs.is_empty());
}

#[test]
fn transport_failures() {
    assert_eq!(
        ApiError::from_transport("TypeError", "Failed to fetch", None),
        ApiError::Network("Failed to fetch".into())
    );
    assert_eq!(
        ApiError::from_transport("AbortError", "aborted", None),
        ApiError::Aborted
    );
    assert_eq!(
        ApiError::from_transport("AbortError", "aborted", Some(10)),
        ApiError::Timeout { secs: 10 }
    );
}

#[test]
fn every_variant_has_a_title_and_a_sentence() {
    let all = [
        ApiError::Network("Failed to fetch".into()),
        ApiError::Timeout { secs: 10 },
        ApiError::Http { status: 502 },
        ApiError::Auth {
            msg: "ip is refused".into(),
        },
        ApiError::LoginRedirect,
        ApiError::EmptyBody,
        ApiError::Html,
        ApiError::Malformed {
            line: 2,
            column: 5,
            msg: "expected value".into(),
        },
        ApiError::Shape {
            path: "SyncList[0].ToServerList[1].QueueMsgCount".into(),
            msg: "invalid type".into(),
        },
        ApiError::Aborted,
        ApiError::Interrupted("network error".into()),
        ApiError::Http { status: 403 },
    ];
    let mut titles = std::collections::BTreeSet::new();
    for e in &all {
        let m = e.message();
        assert!(m.ends_with('.'), "{m}");
        assert!(m.chars().next().unwrap().is_uppercase(), "{m}");
        assert_eq!(e.to_string(), m);
        assert!(!e.title().is_empty());
        titles.insert(e.title());
    }
    assert_eq!(titles.len(), all.len(), "titles are distinct");
    assert!(all[1].message().contains("10 s"));
    assert!(all[2].message().contains("502") && all[2].message().contains("Bad Gateway"));
    assert!(all[3].message().contains("4 hours"));
    assert!(all[7].message().contains("line 2, column 5"));
    assert!(all[8]
        .message()
        .contains("SyncList[0].ToServerList[1].QueueMsgCount"));
    assert!(all[0].is_transient() && !all[3].is_transient());
    assert!(all[2].message().contains("Bifrost is running"));
    assert!(all[10].message().contains("incomplete") && all[10].is_transient());
    assert!(all[11].message().contains("403") && all[11].message().contains("proxy configuration"));
}

#[test]
fn each_known_auth_message_gets_its_own_hint() {
    let hint = |msg: &str| ApiError::Auth { msg: msg.into() }.message();
    assert!(hint("session time out").contains("basic auth"));
    assert!(hint("Author error").contains("basic auth"));
    assert!(hint("user or password error").contains("user and password"));
    assert!(hint("ip is refused").contains("4 hours"));
    // "no authority" contains "author": it must not get the missing-credentials hint
    let m = hint("user group : [ monitor ] no authority");
    assert!(m.contains("only read") && !m.contains("basic auth"), "{m}");
}
