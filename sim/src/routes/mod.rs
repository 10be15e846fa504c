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
        let mut world = World::with_names(o.scale, o.seed, o.speed, now, o.hostile_names);
        if o.api == Api::V1 {
            world.strip_outputs_of_one_table();
        }
        world.set_modes(o.modes.clone());
        App {
            api: o.api,
            verbose: o.verbose,
            world: Mutex::new(world),
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
        // v1.5.3: `{"status":false,"msg":...,"data":""}`
        let (status, data) = match self.api {
            Api::V2 => ("-1", "null"),
            Api::V1 => ("false", "\"\""),
        };
        format!(
            "{{\"status\":{status},\"msg\":{},\"data\":{data}}}",
            json!(msg)
        )
    }

    /// The monitor user may not write: v2 refuses its POSTs (but the sync list's); v1.5.3
    /// refuses any method on a URI naming a write (`/db/add?...` by GET too) and lets its
    /// POSTs to the data routes through.
    fn monitor_refused(&self, req: &Request, sync_route: &str) -> bool {
        match self.api {
            Api::V2 => req.method == "POST" && req.path != sync_route,
            Api::V1 => ["/add", "/del", "/update", "/start", "/stop", "/close"]
                .iter()
                .any(|w| req.path.contains(w)),
        }
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
            "/login/index" | "/login" => {
                return Response::text(LOGIN_PAGE)
                    .with_header("Content-Type", "text/html; charset=utf-8")
            }
            _ => {}
        }
        let role = match self.auth.authenticate(req) {
            Outcome::Ok(role) => role,
            Outcome::Refused => return Response::text(self.err("ip is refused")),
            Outcome::WrongPassword => return Response::text(self.err(self.wrong_password())),
            // v1.5.3: an Authorization header that is not basic auth
            Outcome::NoCredentials
                if self.api == Api::V1 && req.header("authorization").is_some() =>
            {
                return Response::text(self.err("Author error"))
            }
            // v1.5.3 redirects whatever was asked (a preflight gets no body)
            Outcome::NoCredentials if self.api == Api::V1 => {
                return self.redirect_to_login_v1(req.method != "OPTIONS")
            }
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
        if role == Role::Monitor && self.monitor_refused(req, sync_route) {
            return Response::text(self.err("user group : [ monitor ] no authority"));
        }
        // v1.5.3 answers its HTML pages to the data routes without `format=json`
        if self.api == Api::V1 && get("format") != "json" && login::is_v1_page(&req.path) {
            return Response::text(login::V1_PAGE)
                .with_header("Content-Type", "text/html; charset=utf-8");
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
        assert_eq!(app.err("x"), r#"{"status":false,"msg":"x","data":""}"#);
    }
}
