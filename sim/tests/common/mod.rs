//! Test helpers: start the simulator binary on a free port, a tiny HTTP client, and an
//! order-preserving JSON shape comparator.
#![allow(dead_code)]

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Sim {
    child: Child,
    pub port: u16,
}

impl Sim {
    pub fn start(args: &[&str]) -> Sim {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bifrost-sim"))
            .args(["--plain-http", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn bifrost-sim");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read banner");
        let prefix = "bifrost-sim listening on http://127.0.0.1:";
        assert!(line.starts_with(prefix), "unexpected banner {line:?}");
        let port = line[prefix.len()..].trim().parse().expect("port");
        Sim { child, port }
    }

    pub fn req(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> Resp {
        request(self.port, method, target, headers, body)
    }

    /// GET as the admin user.
    pub fn admin(&self, target: &str) -> Resp {
        self.req("GET", target, &[("Authorization", ADMIN)], "")
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Basic auth headers: Bifrost:Bifrost123, BifrostMonitor:Bifrost123, Bifrost:wrong.
pub const ADMIN: &str = "Basic Qmlmcm9zdDpCaWZyb3N0MTIz";
pub const MONITOR: &str = "Basic Qmlmcm9zdE1vbml0b3I6Qmlmcm9zdDEyMw==";
pub const WRONG: &str = "Basic Qmlmcm9zdDp3cm9uZw==";

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("bad json {e}: {}", self.body))
    }
}

pub fn request(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(req.as_bytes()).expect("write");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    parse_response(&String::from_utf8_lossy(&raw))
}

/// Parses an HTTP response, ours or a captured `curl -i` sample (HTTP/2, lower-case names).
pub fn parse_response(raw: &str) -> Resp {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {raw:?}"));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: body.to_string(),
    }
}

pub fn samples_dir() -> PathBuf {
    fixtures("v2.4.1")
}

/// The real Bifrost v1.5.3 answers (`.hdr` + `.body` per request; see their README).
pub fn samples_dir_v1() -> PathBuf {
    fixtures("v1.5.3")
}

fn fixtures(version: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/bifrost")
        .join(version);
    assert!(
        dir.is_dir(),
        "Bifrost samples not found at {}",
        dir.display()
    );
    dir
}

/// JSON with object keys in document order (serde_json's Value would sort them).
#[derive(Debug, Clone)]
pub enum J {
    Null,
    Bool,
    Int,
    Float,
    Str,
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<J, D::Error> {
        d.deserialize_any(JVisitor)
    }
}

struct JVisitor;

impl<'de> Visitor<'de> for JVisitor {
    type Value = J;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("json")
    }
    fn visit_unit<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<J, E> {
        Ok(J::Bool)
    }
    fn visit_i64<E>(self, _: i64) -> Result<J, E> {
        Ok(J::Int)
    }
    fn visit_u64<E>(self, _: u64) -> Result<J, E> {
        Ok(J::Int)
    }
    fn visit_f64<E>(self, _: f64) -> Result<J, E> {
        Ok(J::Float)
    }
    fn visit_str<E>(self, _: &str) -> Result<J, E> {
        Ok(J::Str)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<J, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = a.next_element()? {
            v.push(x);
        }
        Ok(J::Arr(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<J, A::Error> {
        let mut v = Vec::new();
        while let Some((k, x)) = a.next_entry::<String, J>()? {
            v.push((k, x));
        }
        Ok(J::Obj(v))
    }
}

pub fn parse_j(s: &str) -> J {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not json ({e}): {:.200}", s))
}

/// Objects keyed by data (names, ids): compare values, not key sets.
const DYNAMIC: [&str; 5] = [
    "ToServerKeyList",
    "DbList",
    "ChannelList",
    "ReplicateDoDb",
    "PluginParam",
];
/// Free-form values (Go interface{} / map[string]interface{}).
const ANY: [&str; 2] = ["ErrorWaitData", "PluginParam"];
/// Documented as possibly null.
const NULLABLE: [&str; 5] = [
    "LastSuccessBinlog",
    "LastQueueBinlog",
    "FieldList",
    "PluginParam",
    "ErrorWaitData",
];

/// Recursively checks that `actual` has the shape of `sample`: same keys in the same order,
/// same JSON types, null where the sample is null. `dynamic_top`: the top object is a map.
pub fn same_shape(sample: &J, actual: &J, dynamic_top: bool) -> Vec<String> {
    let mut errs = Vec::new();
    cmp(sample, actual, "$", "", dynamic_top, &mut errs);
    errs
}

fn cmp(s: &J, a: &J, path: &str, key: &str, dynamic: bool, errs: &mut Vec<String>) {
    if errs.len() > 20 || ANY.contains(&key) {
        return;
    }
    match (s, a) {
        (J::Null, J::Null)
        | (J::Bool, J::Bool)
        | (J::Int, J::Int)
        | (J::Float, J::Float)
        | (J::Str, J::Str) => {}
        (_, J::Null) | (J::Null, _) if NULLABLE.contains(&key) => {}
        (J::Arr(se), J::Arr(ae)) => {
            if let Some(first) = se.first() {
                for (i, x) in ae.iter().enumerate().take(200) {
                    cmp(first, x, &format!("{path}[{i}]"), key, false, errs);
                }
            }
        }
        (J::Obj(so), J::Obj(ao)) if dynamic || DYNAMIC.contains(&key) => {
            if let Some((_, first)) = so.first() {
                for (k, v) in ao {
                    cmp(first, v, &format!("{path}.{k}"), "", false, errs);
                }
            }
        }
        (J::Obj(so), J::Obj(ao)) => {
            let sk: Vec<&str> = so.iter().map(|(k, _)| k.as_str()).collect();
            let ak: Vec<&str> = ao.iter().map(|(k, _)| k.as_str()).collect();
            if sk != ak {
                errs.push(format!("{path}: keys {ak:?}, sample has {sk:?}"));
                return;
            }
            for ((k, sv), (_, av)) in so.iter().zip(ao) {
                cmp(sv, av, &format!("{path}.{k}"), k, false, errs);
            }
        }
        _ => errs.push(format!(
            "{path}: {} where the sample has {}",
            kind(a),
            kind(s)
        )),
    }
}

fn kind(j: &J) -> &'static str {
    match j {
        J::Null => "null",
        J::Bool => "bool",
        J::Int => "integer",
        J::Float => "float",
        J::Str => "string",
        J::Arr(_) => "array",
        J::Obj(_) => "object",
    }
}
