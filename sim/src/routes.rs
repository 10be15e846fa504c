//! Request dispatch: Bifrost's routes (v2 or v1), auth, fault injection and the `/_sim/`
//! control endpoints used by tests.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::json;

use crate::auth::{Auth, Outcome, Role};
use crate::cli::{Api, Options};
use crate::fault::FaultMode;
use crate::http::{Request, Response};
use crate::render::{self, FlowScope, SyncFilter};
use crate::rng::Rng;
use crate::world::World;

/// Size of the `Error` string the `bigerror` fault puts into the sync list.
pub const BIG_ERROR_BYTES: usize = 10 * 1024 * 1024;

/// The fault knobs, set at start (`--empty-share`, `--latency-ms`) and by `/_sim/fault`.
#[derive(Debug, Clone)]
pub struct Fault {
    pub empty_share: f64,
    pub latency_ms: u64,
    pub mode: FaultMode,
    /// The `msg` of the `auth` fault.
    pub auth_msg: String,
    /// The HTTP status of the `gateway` fault.
    pub status: u16,
}

pub struct App {
    api: Api,
    verbose: bool,
    world: Mutex<World>,
    auth: Auth,
    fault: Mutex<Fault>,
    /// path -> method -> count, for every non-`/_sim/` request
    stats: Mutex<BTreeMap<String, BTreeMap<String, u64>>>,
    rng: Mutex<Rng>,
}

/// A poisoned lock only means another request panicked; the data is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

const LOGIN_REDIRECT: &str = "<a href=\"/login/index\">Found</a>.\n\n";
const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Bifrost Login</title></head><body>\
<form method=\"post\" action=\"/dologin\"><input name=\"user_name\"><input name=\"password\" type=\"password\">\
<button>Login</button></form></body></html>\n";

impl App {
    pub fn new(o: &Options, now: i64) -> App {
        App {
            api: o.api,
            verbose: o.verbose,
            world: Mutex::new(World::with_names(
                o.scale,
                o.seed,
                o.speed,
                now,
                o.hostile_names,
            )),
            auth: Auth::new(o.seed),
            fault: Mutex::new(Fault {
                empty_share: o.empty_share,
                latency_ms: o.latency_ms,
                mode: FaultMode::None,
                auth_msg: "user or password error".into(),
                status: 504,
            }),
            stats: Mutex::new(BTreeMap::new()),
            rng: Mutex::new(Rng::new(o.seed.wrapping_add(7))),
        }
    }

    /// Bifrost's error envelope: v2 uses status -1, v1 used `false`.
    fn err(&self, msg: &str) -> String {
        let status = match self.api {
            Api::V2 => "-1",
            Api::V1 => "false",
        };
        format!(
            "{{\"status\":{status},\"msg\":{},\"data\":null}}",
            json!(msg)
        )
    }

    pub fn handle(&self, req: &Request) -> Response {
        if self.verbose {
            eprintln!("{} {} {}?{}", req.peer, req.method, req.path, req.query);
        }
        if let Some(cmd) = req.path.strip_prefix("/_sim/") {
            return self.control(cmd, req);
        }
        *lock(&self.stats)
            .entry(req.path.clone())
            .or_default()
            .entry(req.method.clone())
            .or_insert(0) += 1;
        let fault = lock(&self.fault).clone();
        if fault.latency_ms > 0 {
            std::thread::sleep(Duration::from_millis(fault.latency_ms));
        }
        let params = req.params();
        // Go's FormValue: the first value wins; a missing parameter is "".
        let get = |name: &str| -> String {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        match req.path.as_str() {
            "/dologin" => return self.login(req, &get("user_name"), &get("password")),
            "/login/index" => {
                return Response::text(LOGIN_PAGE)
                    .with_header("Content-Type", "text/html; charset=utf-8")
            }
            _ => {}
        }
        let role = match self.auth.authenticate(req) {
            Outcome::Ok(role) => role,
            Outcome::Refused => return Response::text(self.err("ip is refused")),
            Outcome::WrongPassword => return Response::text(self.err("user or password error")),
            // A preflight carries no credentials: same answer as an API call without them.
            Outcome::NoCredentials if get("format") == "json" || req.method == "OPTIONS" => {
                return Response::text(self.err("session time out"))
            }
            Outcome::NoCredentials => return self.redirect_to_login(),
        };
        let sync_route = match self.api {
            Api::V2 => "/table/synclist/list",
            Api::V1 => "/synclist",
        };
        if role == Role::Monitor && req.method == "POST" && req.path != sync_route {
            return Response::text(self.err("user group : [ monitor ] no authority"));
        }
        let Some(body) = self.route(&req.path, &get) else {
            return Response::empty();
        };
        self.apply_fault(&fault, &req.path, body)
    }

    fn redirect_to_login(&self) -> Response {
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

    fn login(&self, req: &Request, user: &str, pass: &str) -> Response {
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

    /// `None` = empty body (unknown route, or a Bifrost panic).
    fn route(&self, path: &str, get: &dyn Fn(&str) -> String) -> Option<String> {
        let mut w = lock(&self.world);
        w.advance();
        match (self.api, path) {
            (api, "/db/list") => Some(render::db_list(&w, api)),
            (Api::V2, "/table/synclist/list") => {
                let f = SyncFilter {
                    db: get("DbName"),
                    schema: get("SchemaName"),
                    table: get("TableName"),
                    key: get("ToServerKey"),
                    channel_id: get("ChannelId").trim().parse().unwrap_or(0),
                    status: get("SyncStatus"),
                };
                render::sync_list_v2(&w, &f)
            }
            (Api::V1, "/synclist") => {
                let mut schema = get("schema_name");
                if schema.is_empty() {
                    schema = get("schema");
                }
                let f = SyncFilter {
                    db: get("dbname"),
                    schema,
                    table: get("table_name"),
                    key: get("toserverkey"),
                    channel_id: get("channelid").trim().parse().unwrap_or(0),
                    status: String::new(),
                };
                Some(render::sync_list_v1(&w, &f).unwrap_or_else(|| self.err("dbname not exist")))
            }
            (Api::V2, "/flow/get") => {
                let (db, ch, schema, table) = (
                    get("DbName"),
                    get("ChannelId"),
                    get("SchemaName"),
                    get("TableName"),
                );
                let kind = typ_or_minute(get("Type"));
                Some(render::flow(
                    &w,
                    flow_scope(&db, &ch, &schema, &table),
                    &kind,
                    false,
                ))
            }
            (Api::V1, "/flow/get") => {
                let (db, ch, schema, table) = (
                    get("dbname"),
                    get("channelid"),
                    get("schema"),
                    get("table_name"),
                );
                // v1 sends channelid=0 for "any channel".
                let ch = if ch == "0" { String::new() } else { ch };
                let kind = typ_or_minute(get("type"));
                Some(render::flow(
                    &w,
                    flow_scope(&db, &ch, &schema, &table),
                    &kind,
                    true,
                ))
            }
            _ => None,
        }
    }

    fn apply_fault(&self, fault: &Fault, path: &str, body: String) -> Response {
        if fault.empty_share > 0.0 && lock(&self.rng).chance(fault.empty_share) {
            return Response::empty();
        }
        match fault.mode {
            FaultMode::Html => {
                Response::text(LOGIN_PAGE).with_header("Content-Type", "text/html; charset=utf-8")
            }
            FaultMode::Auth => Response::text(self.err(&fault.auth_msg)),
            FaultMode::DropMid => Response {
                cut_body_at: Some(body.len() / 2),
                ..Response::text(body)
            },
            FaultMode::Gateway => Response {
                status: fault.status,
                ..Response::text(format!(
                    "<html><head><title>{0}</title></head><body><center><h1>{0}</h1></center></body></html>\n",
                    fault.status
                ))
                .with_header("Content-Type", "text/html")
            },
            FaultMode::BigError if path.contains("synclist") => Response::text(big_error(&body)),
            FaultMode::ClockBack if path == "/flow/get" => {
                Response::text(map_flow(&body, clock_back))
            }
            FaultMode::DupTime if path == "/flow/get" => Response::text(map_flow(&body, dup_times)),
            FaultMode::Truncated => {
                let mut cut = body.len() / 2;
                while !body.is_char_boundary(cut) {
                    cut -= 1;
                }
                Response::text(&body[..cut])
            }
            FaultMode::WrongType => Response::text(wrong_types(&body)),
            FaultMode::Null => Response::text("null"),
            FaultMode::EmptyArray => Response::text("[]"),
            FaultMode::Hang => {
                std::thread::sleep(Duration::from_secs(90));
                Response {
                    drop_connection: true,
                    ..Response::empty()
                }
            }
            // the flow and sync list faults leave the other routes alone
            FaultMode::None | FaultMode::BigError | FaultMode::ClockBack | FaultMode::DupTime => {
                Response::text(body)
            }
        }
    }

    fn control(&self, cmd: &str, req: &Request) -> Response {
        let params = req.params();
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let body = match cmd {
            "restart" => {
                let mut w = lock(&self.world);
                w.restart();
                json!({"ok": true, "restarts": w.restarts, "sim_time": w.t})
            }
            "fault" => {
                let mut f = lock(&self.fault);
                if let Some(v) = get("empty") {
                    match v.parse::<f64>() {
                        Ok(x) if (0.0..=1.0).contains(&x) => f.empty_share = x,
                        _ => return bad(&format!("empty must be within 0..1, got {v}")),
                    }
                }
                if let Some(v) = get("latency_ms") {
                    match v.parse() {
                        Ok(x) => f.latency_ms = x,
                        Err(_) => return bad(&format!("bad latency_ms {v}")),
                    }
                }
                if let Some(v) = get("auth_msg") {
                    f.auth_msg = v;
                }
                if let Some(v) = get("status") {
                    match v.parse::<u16>() {
                        Ok(x) if (100..=599).contains(&x) => f.status = x,
                        _ => return bad(&format!("bad status {v}")),
                    }
                }
                if let Some(m) = get("mode") {
                    match FaultMode::parse(&m) {
                        Ok(mode) => f.mode = mode,
                        Err(e) => return bad(&e),
                    }
                }
                json!({"empty": f.empty_share, "latency_ms": f.latency_ms, "mode": f.mode.name(),
                       "auth_msg": f.auth_msg, "status": f.status})
            }
            "stats" => {
                let mut s = lock(&self.stats);
                let total: u64 = s.values().flat_map(|m| m.values()).sum();
                let out = json!({"total": total, "requests": *s});
                if get("reset").is_some() {
                    s.clear();
                }
                out
            }
            "time" => {
                let mut w = lock(&self.world);
                w.advance();
                json!({"sim_time": w.t, "restarts": w.restarts})
            }
            _ => return bad("unknown control endpoint; use restart, fault, stats, time"),
        };
        Response::text(body.to_string()).with_header("Cache-Control", "no-store")
    }
}

fn bad(msg: &str) -> Response {
    Response {
        status: 400,
        ..Response::text(json!({"error": msg}).to_string())
    }
}

/// A missing Type means minute (the samples' v1-params call answered the minute ring).
fn typ_or_minute(t: String) -> String {
    if t.is_empty() {
        "minute".into()
    } else {
        t
    }
}

fn flow_scope<'a>(db: &'a str, ch: &'a str, schema: &'a str, table: &'a str) -> FlowScope<'a> {
    match (db, ch, schema, table) {
        ("", ..) => FlowScope::All,
        (db, "", "", "") => FlowScope::Db(db),
        (db, ch, "", "") => FlowScope::Channel(db, ch),
        (db, _, schema, table) if !schema.is_empty() && !table.is_empty() => {
            FlowScope::Table(db, schema, table)
        }
        _ => FlowScope::Invalid,
    }
}

/// The `wrongtype` fault: numbers a client relies on become strings (order kept).
fn wrong_types(body: &str) -> String {
    let mut out = body.to_string();
    for key in [
        "\"QueueMsgCount\":",
        "\"Count\":",
        "\"BinlogDumpPosition\":",
    ] {
        let mut res = String::with_capacity(out.len() + 64);
        let mut rest = out.as_str();
        while let Some(i) = rest.find(key) {
            let (head, tail) = rest.split_at(i + key.len());
            res.push_str(head);
            let n = tail.bytes().take_while(|b| b.is_ascii_digit()).count();
            if n > 0 {
                res.push('"');
                res.push_str(&tail[..n]);
                res.push('"');
            }
            rest = &tail[n..];
        }
        res.push_str(rest);
        out = res;
    }
    out
}

/// The `bigerror` fault: the first output's `Error` becomes a single 10 MB line.
fn big_error(body: &str) -> String {
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(body) else {
        return body.to_string();
    };
    let tables = match &mut v {
        serde_json::Value::Array(a) => Some(a),
        serde_json::Value::Object(o) => o.get_mut("SyncList").and_then(|l| l.as_array_mut()),
        _ => None,
    };
    let out = tables.and_then(|ts| {
        ts.iter_mut().find_map(|t| {
            t.get_mut("ToServerList")
                .and_then(|l| l.as_array_mut())
                .and_then(|l| l.first_mut())
        })
    });
    if let Some(o) = out {
        let head = "huge error: ";
        let mut e = String::with_capacity(BIG_ERROR_BYTES);
        e.push_str(head);
        while e.len() < BIG_ERROR_BYTES {
            e.push_str("0123456789abcdef");
        }
        e.truncate(BIG_ERROR_BYTES);
        o["Error"] = serde_json::Value::String(e);
    }
    v.to_string()
}

/// Applies `f` to the points of a flow ring (`null` and `[]` stay as they are).
fn map_flow(body: &str, f: fn(&mut [serde_json::Value])) -> String {
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(serde_json::Value::Array(mut a)) => {
            f(&mut a);
            serde_json::Value::Array(a).to_string()
        }
        _ => body.to_string(),
    }
}

fn time_of(p: &serde_json::Value) -> i64 {
    p["Time"].as_i64().unwrap_or(0)
}

/// The `clockback` fault: Bifrost's clock jumped back an hour half-way through the filled
/// part of the ring, so the newer half carries earlier times than the older half.
fn clock_back(points: &mut [serde_json::Value]) {
    let filled: Vec<usize> = (0..points.len())
        .filter(|&i| time_of(&points[i]) > 0)
        .collect();
    for &i in &filled[filled.len() / 2..] {
        let t = time_of(&points[i]);
        points[i]["Time"] = json!(t - 3600);
    }
}

/// The `duptime` fault: every second filled point repeats the time of the one before it.
fn dup_times(points: &mut [serde_json::Value]) {
    for i in 1..points.len() {
        let prev = time_of(&points[i - 1]);
        if i % 2 == 1 && prev > 0 && time_of(&points[i]) > 0 {
            points[i]["Time"] = json!(prev);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrongtype_quotes_numbers() {
        assert_eq!(
            wrong_types(r#"[{"Time":5,"Count":12,"ByteSize":3}]"#),
            r#"[{"Time":5,"Count":"12","ByteSize":3}]"#
        );
    }

    #[test]
    fn flow_faults_move_times() {
        let ring = r#"[{"Time":0,"Count":0,"ByteSize":0},{"Time":100,"Count":1,"ByteSize":2},{"Time":105,"Count":2,"ByteSize":4},{"Time":110,"Count":3,"ByteSize":6},{"Time":115,"Count":4,"ByteSize":8}]"#;
        let times = |s: String| -> Vec<i64> {
            let v: serde_json::Value = serde_json::from_str(&s).unwrap();
            v.as_array().unwrap().iter().map(time_of).collect()
        };
        assert_eq!(
            times(map_flow(ring, clock_back)),
            vec![0, 100, 105, 110 - 3600, 115 - 3600]
        );
        assert_eq!(
            times(map_flow(ring, dup_times)),
            vec![0, 100, 105, 105, 115]
        );
        assert_eq!(map_flow("null", dup_times), "null");
    }

    #[test]
    fn big_error_is_ten_megabytes_in_the_first_output() {
        let body = r#"{"SyncList":[{"DbName":"a","ToServerList":null},{"DbName":"b","ToServerList":[{"Error":""}]}]}"#;
        let v: serde_json::Value = serde_json::from_str(&big_error(body)).unwrap();
        let e = v["SyncList"][1]["ToServerList"][0]["Error"]
            .as_str()
            .unwrap();
        assert_eq!(e.len(), BIG_ERROR_BYTES);
        assert!(e.starts_with("huge error: "));
    }

    #[test]
    fn error_envelope_order() {
        let o = Options::default();
        let app = App::new(&o, 1_796_069_400);
        assert_eq!(
            app.err("session time out"),
            r#"{"status":-1,"msg":"session time out","data":null}"#
        );
        let o = Options {
            api: Api::V1,
            ..Options::default()
        };
        let app = App::new(&o, 1_796_069_400);
        assert_eq!(app.err("x"), r#"{"status":false,"msg":"x","data":null}"#);
    }

    #[test]
    fn scopes() {
        assert!(matches!(flow_scope("", "", "", ""), FlowScope::All));
        assert!(matches!(flow_scope("d", "", "s", ""), FlowScope::Invalid));
        assert!(matches!(
            flow_scope("d", "c", "", ""),
            FlowScope::Channel(..)
        ));
        assert!(matches!(
            flow_scope("d", "", "s", "t"),
            FlowScope::Table(..)
        ));
    }
}
