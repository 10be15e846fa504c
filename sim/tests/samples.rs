//! Conformance with the captured Bifrost v2.4.1 responses: for every sample file, the same
//! request to the simulator must answer with the same status, content type and JSON shape.

mod common;
use common::*;

/// The request a sample file name stands for (see the samples README), and whether it needs
/// the empty world. `None` for files that cannot be replayed from loopback.
fn request_for(name: &str) -> Option<(&'static str, String, bool)> {
    let stem = name.trim_start_matches("live.");
    let stem = stem
        .trim_end_matches(".json")
        .trim_end_matches(".txt")
        .trim_end_matches(".headers");
    let sl = "/table/synclist/list?format=json";
    let r = |p: String| Some(("GET", p, false));
    match stem {
        "db_list" => r("/db/list?format=json".into()),
        "db_list.empty" => Some(("GET", "/db/list?format=json".into(), true)),
        "synclist.all" => r(sl.into()),
        "synclist.db" => r(format!("{sl}&DbName=mysqllocal")),
        "synclist.db_channel_running" => r(format!("{sl}&DbName=mysqllocal&ChannelId=1&SyncStatus=running")),
        "synclist.empty" => Some(("GET", sl.into(), true)),
        "synclist.error_toserver" => r(format!(
            "{sl}&DbName=mysqllocal&SchemaName=testdb&TableName=users&ToServerKey=httpfail"
        )),
        "synclist.syncstatus_error" => r(format!("{sl}&SyncStatus=error")),
        "synclist.table_toserver" => r(format!(
            "{sl}&DbName=mysqllocal&SchemaName=testdb&TableName=orders&ToServerKey=bh1"
        )),
        "synclist.unknown_db" => r(format!("{sl}&DbName=nosuchdb")),
        "synclist_old_route" => r("/synclist?format=json".into()),
        "flow.channel_id1.minute" => r("/flow/get?format=json&DbName=mysqllocal&ChannelId=1&Type=minute".into()),
        "flow.invalid_type" => r("/flow/get?format=json&Type=week".into()),
        "flow.type_uppercase" => r("/flow/get?format=json&Type=MINUTE".into()),
        "flow.schema_only.minute" => r("/flow/get?format=json&DbName=mysqllocal&SchemaName=testdb&Type=minute".into()),
        "flow.unknown_db.minute" => r("/flow/get?format=json&DbName=nosuchdb&Type=minute".into()),
        "flow.unknown_table.minute" => r(
            "/flow/get?format=json&DbName=mysqllocal&SchemaName=testdb&TableName=nosuch&Type=minute".into(),
        ),
        "flow.v1_lowercase_params" => r("/flow/get?format=json&dbname=mysqllocal&type=hour".into()),
        "flow_get.all_minute.empty" | "flow.empty" => {
            Some(("GET", "/flow/get?format=json&Type=minute".into(), true))
        }
        "auth_monitor_write" => Some(("POST", "/db/add?format=json".into(), false)),
        "session_login" => Some(("POST", "/dologin".into(), false)),
        "cors_preflight" => Some(("OPTIONS", "/db/list?format=json".into(), false)),
        "auth_none_json" | "auth_wrong_password" => r("/db/list?format=json".into()),
        "auth_none_html" => r("/db/list".into()),
        // Needs >10 failures from a non-loopback address: covered by auth's unit tests.
        "auth_ip_refused" => None,
        s if s.starts_with("flow.") => {
            let mut parts = s.split('.');
            let (_, scope, typ) = (parts.next(), parts.next()?, parts.next()?);
            let q = match scope {
                "all" => String::new(),
                "db" => "&DbName=mysqllocal".into(),
                "channel_default" => "&DbName=mysqllocal&ChannelId=default".into(),
                t if t.starts_with("table_") => {
                    format!("&DbName=mysqllocal&SchemaName=testdb&TableName={}", &t[6..])
                }
                _ => return None,
            };
            r(format!("/flow/get?format=json&Type={typ}{q}"))
        }
        _ => None,
    }
}

fn headers_for(stem: &str) -> Vec<(&'static str, &'static str)> {
    match stem {
        "auth_monitor_write" => vec![("Authorization", MONITOR)],
        "auth_wrong_password" => vec![("Authorization", WRONG)],
        "session_login" => vec![("Content-Type", "application/x-www-form-urlencoded")],
        s if s.starts_with("auth_") || s == "cors_preflight" => vec![],
        _ => vec![("Authorization", ADMIN)],
    }
}

#[test]
fn every_sample_is_reproduced() {
    let dir = samples_dir();
    let full = Sim::start(&["--speed", "60"]);
    let empty = Sim::start(&["--scale", "0,0,0"]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("read samples")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    assert!(
        names.len() > 50,
        "expected the full sample set, found {}",
        names.len()
    );
    let mut checked = 0;
    let mut failures = Vec::new();
    for name in &names {
        let Some((method, target, needs_empty)) = request_for(name) else {
            assert_eq!(
                name, "auth_ip_refused.txt",
                "no request known for sample {name}"
            );
            continue;
        };
        let text = std::fs::read_to_string(dir.join(name)).expect("read sample");
        let stem = name
            .trim_end_matches(".json")
            .trim_end_matches(".txt")
            .trim_end_matches(".headers");
        let body = if stem == "session_login" {
            "user_name=Bifrost&password=Bifrost123"
        } else {
            ""
        };
        let sim = if needs_empty { &empty } else { &full };
        let got = sim.req(
            method,
            &target,
            &headers_for(stem.trim_start_matches("live.")),
            body,
        );
        // Expected status/headers/body: from the capture itself for .txt/.headers, else 200.
        let (status, ctype, exp_body) = if name.ends_with(".txt") || name.ends_with(".headers") {
            let r = parse_response(&text);
            let ct = r.header("content-type").map(str::to_string);
            (
                r.status,
                ct,
                if name.ends_with(".txt") {
                    Some(r.body)
                } else {
                    None
                },
            )
        } else {
            let ct = (!text.is_empty()).then(|| "text/plain; charset=utf-8".to_string());
            (200, ct, Some(text.clone()))
        };
        let mut fail = |m: String| failures.push(format!("{name} ({method} {target}): {m}"));
        if got.status != status {
            fail(format!("status {} want {status}", got.status));
        }
        if got.header("content-type").map(str::to_string) != ctype {
            fail(format!(
                "content-type {:?} want {ctype:?}",
                got.header("content-type")
            ));
        }
        checked += 1;
        let Some(exp) = exp_body else { continue };
        match stem {
            "auth_none_html" => {
                if got.body != exp.trim_end_matches('\n') && got.body != exp {
                    fail(format!("body {:?}", got.body));
                }
                if got.header("location") != Some("/login/index") {
                    fail("no Location".into());
                }
                continue;
            }
            "session_login" => {
                let c = got.header("set-cookie").unwrap_or("");
                if !(c.starts_with("xgo_cookie=")
                    && c.ends_with("; Path=/; Max-Age=3600; HttpOnly"))
                {
                    fail(format!("set-cookie {c:?}"));
                }
            }
            _ => {}
        }
        if exp.trim().is_empty() {
            if !got.body.is_empty() {
                fail(format!("body should be empty, got {:.100}", got.body));
            }
            continue;
        }
        if got.body.is_empty() {
            fail("empty body".into());
            continue;
        }
        let (s, a) = (parse_j(&exp), parse_j(&got.body));
        let errs = same_shape(&s, &a, stem.contains("db_list"));
        if !errs.is_empty() {
            fail(errs.join("; "));
        }
        // Fixed-length flow rings and exact small answers (null, [], auth envelopes).
        if let (J::Arr(se), J::Arr(ae)) = (&s, &a) {
            if se.len() != ae.len() {
                fail(format!("array length {} want {}", ae.len(), se.len()));
            }
        }
        if exp.len() < 120 && !stem.starts_with("db_list") && got.body != exp.trim_end() {
            fail(format!("body {:?} want {:?}", got.body, exp.trim_end()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 70, "only {checked} samples checked");
}

#[test]
fn shape_comparator_catches_differences() {
    let s = parse_j(r#"{"a":1,"b":[{"x":"s"}],"ErrorWaitData":null,"LastQueueBinlog":{"T":1}}"#);
    let ok = parse_j(
        r#"{"a":2,"b":[{"x":"t"},{"x":"u"}],"ErrorWaitData":{"k":1},"LastQueueBinlog":null}"#,
    );
    assert!(same_shape(&s, &ok, false).is_empty());
    let order = parse_j(r#"{"b":[],"a":1,"ErrorWaitData":null,"LastQueueBinlog":null}"#);
    assert!(!same_shape(&s, &order, false).is_empty());
    let typ = parse_j(r#"{"a":"1","b":[],"ErrorWaitData":null,"LastQueueBinlog":null}"#);
    assert!(!same_shape(&s, &typ, false).is_empty());
    let elem = parse_j(r#"{"a":1,"b":[{"y":"s"}],"ErrorWaitData":null,"LastQueueBinlog":null}"#);
    assert!(!same_shape(&s, &elem, false).is_empty());
    assert!(!same_shape(&parse_j("null"), &parse_j("[]"), false).is_empty());
}
