//! The `/_sim/` control endpoints used by tests: `restart`, `fault` (set the knobs), `fail`
//! (make every output of a key fail, or recover), `health` (MariaDB-like positions, a stalled
//! output, a stalled source), `stats` (requests per path and method), `time` and `speed`
//! (the clock's speed from now on; 0 stops it).

use serde_json::json;

use super::{lock, App};
use crate::fault::FaultMode;
use crate::http::{Request, Response};

impl App {
    pub(super) fn control(&self, cmd: &str, req: &Request) -> Response {
        let params = req.params();
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let body = match cmd {
            "restart" => {
                let quiet = match get("quiet").map(|v| v.parse::<i64>()) {
                    None => 0,
                    Some(Ok(q)) if q >= 0 => q,
                    Some(_) => return bad("quiet must be a number of seconds"),
                };
                let mut w = lock(&self.world);
                w.restart(quiet);
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
            "health" => {
                let mut w = lock(&self.world);
                let mut m = w.modes().clone();
                if let Some(v) = get("mariadb") {
                    m.no_success = match v.as_str() {
                        "1" | "true" => true,
                        "0" | "false" => false,
                        _ => return bad(&format!("mariadb must be 1 or 0, got {v}")),
                    };
                }
                // an empty value switches the stall off
                if let Some(v) = get("stall_output") {
                    m.stall_output = (!v.is_empty()).then_some(v);
                }
                if let Some(v) = get("stall_source") {
                    m.stall_source = (!v.is_empty()).then_some(v);
                }
                w.set_modes(m);
                let m = w.modes();
                json!({"mariadb": m.no_success, "stall_output": m.stall_output,
                       "stall_source": m.stall_source, "sim_time": w.t})
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
            "fail" => {
                let Some(key) = get("key") else {
                    return bad("fail needs key=<ToServerKey> and on=1 or on=0");
                };
                let on = get("on").as_deref() != Some("0");
                let mut w = lock(&self.world);
                match w.set_failing(&key, on) {
                    Some(changed) => {
                        json!({"ok": true, "key": key, "failing": on, "changed": changed})
                    }
                    None => return bad(&format!("no output key {key}")),
                }
            }
            "speed" => {
                let speed = match get("x").map(|v| v.parse::<f64>()) {
                    Some(Ok(x)) if x >= 0.0 && x.is_finite() => x,
                    _ => return bad("speed needs x=<simulated seconds per second>, 0 stops"),
                };
                let mut w = lock(&self.world);
                w.set_speed(speed);
                json!({"speed": speed, "sim_time": w.sim_now()})
            }
            "time" => {
                let mut w = lock(&self.world);
                w.advance();
                json!({"sim_time": w.t, "restarts": w.restarts})
            }
            _ => return bad(
                "unknown control endpoint; use restart, fault, fail, health, stats, time, speed",
            ),
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
