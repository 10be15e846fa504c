//! Request dispatch: Bifrost's routes (v2 or v1), auth, fault injection and the `/_sim/`
//! control endpoints used by tests.
//!
//! This module holds the application and the dispatch of a request; `login` answers the login
//! routes, `api` the data routes, `faults` bends their answers, `control` is `/_sim/`.

mod api;
mod control;
mod faults;
mod login;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::json;

use crate::auth::{Auth, Outcome, Role};
use crate::cli::{Api, Options};
use crate::fault::FaultMode;
use crate::http::{Request, Response};
use crate::rng::Rng;
use crate::world::World;
use faults::Fault;
use login::LOGIN_PAGE;

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

impl App {
    pub fn new(o: &Options, now: i64) -> App {
        App {
            api: o.api,
            verbose: o.verbose,
            world: Mutex::new({
                let mut w = World::with_names(o.scale, o.seed, o.speed, now, o.hostile_names);
                w.set_modes(o.modes.clone());
                w
            }),
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
