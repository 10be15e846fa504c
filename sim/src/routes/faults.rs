//! Fault injection: the fault knobs and what each fault mode does to an answer (empty bodies,
//! HTML, auth errors, cut or truncated bodies, gateway errors, wrong types, a 10 MB error,
//! odd flow times, a hang).

use std::time::Duration;

use serde_json::json;

use super::login::LOGIN_PAGE;
use super::{lock, App};
use crate::fault::FaultMode;
use crate::http::Response;

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

impl App {
    pub(super) fn apply_fault(&self, fault: &Fault, path: &str, body: String) -> Response {
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
}
