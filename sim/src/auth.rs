//! Bifrost's authentication: HTTP basic auth or the `xgo_cookie` session from `POST /dologin`,
//! an admin and a read-only monitor user, and a ban after repeated failures.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bifrost_encoding::{base64_decode, base64_url};

use crate::http::Request;
use crate::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Monitor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok(Role),
    NoCredentials,
    WrongPassword,
    Refused,
}

const SESSION_TTL: Duration = Duration::from_secs(3600);
const BAN_TTL: Duration = Duration::from_secs(4 * 3600);
const MAX_FAILURES: u32 = 10;

pub struct Auth {
    sessions: Mutex<HashMap<String, (Role, Instant)>>,
    /// failed logins per address: (count, time of the last failure)
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
    rng: Mutex<Rng>,
}

pub fn check_user(user: &str, password: &str) -> Option<Role> {
    match (user, password) {
        ("Bifrost", "Bifrost123") => Some(Role::Admin),
        ("BifrostMonitor", "Bifrost123") => Some(Role::Monitor),
        _ => None,
    }
}

impl Auth {
    pub fn new(seed: u64) -> Auth {
        // Session tokens mix in the wall clock so restarts of the sim never reuse cookies.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Auth {
            sessions: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            rng: Mutex::new(Rng::new(seed ^ t)),
        }
    }

    pub fn authenticate(&self, req: &Request) -> Outcome {
        if self.is_refused(req.peer) {
            return Outcome::Refused;
        }
        if let Some(role) = cookie(req, "xgo_cookie").and_then(|c| self.session(&c)) {
            return Outcome::Ok(role);
        }
        let Some((user, pass)) = basic_credentials(req) else {
            return Outcome::NoCredentials;
        };
        self.login_check(req.peer, &user, &pass)
    }

    /// Checks a user/password pair, counting failures against the address.
    pub fn login_check(&self, peer: IpAddr, user: &str, pass: &str) -> Outcome {
        if self.is_refused(peer) {
            return Outcome::Refused;
        }
        match check_user(user, pass) {
            Some(role) => Outcome::Ok(role),
            None => {
                if let Ok(mut f) = self.failures.lock() {
                    let e = f.entry(peer).or_insert((0, Instant::now()));
                    e.0 += 1;
                    e.1 = Instant::now();
                }
                Outcome::WrongPassword
            }
        }
    }

    /// Opens a session; returns the cookie value (URL-encoded base64, like Bifrost's).
    pub fn new_session(&self, role: Role) -> String {
        let token = self.unsigned_token();
        if let Ok(mut s) = self.sessions.lock() {
            s.retain(|_, (_, t)| t.elapsed() < SESSION_TTL);
            s.insert(token.clone(), (role, Instant::now()));
        }
        token
    }

    /// A fresh cookie value that opens nothing (v1.5.3 sets one on a refused login too).
    pub fn unsigned_token(&self) -> String {
        let mut bytes = [0u8; 32];
        if let Ok(mut rng) = self.rng.lock() {
            for chunk in bytes.chunks_mut(8) {
                let v = rng.next_u64().to_le_bytes();
                chunk.copy_from_slice(&v[..chunk.len()]);
            }
        }
        base64_url(&bytes).replace('=', "%3D")
    }

    fn session(&self, token: &str) -> Option<Role> {
        let s = self.sessions.lock().ok()?;
        s.get(token)
            .filter(|(_, t)| t.elapsed() < SESSION_TTL)
            .map(|(r, _)| *r)
    }

    /// More than 10 failures ban an address for 4 hours; 127.0.0.1 is never banned.
    fn is_refused(&self, peer: IpAddr) -> bool {
        if peer.is_loopback() {
            return false;
        }
        let Ok(f) = self.failures.lock() else {
            return false;
        };
        f.get(&peer)
            .is_some_and(|(n, t)| *n > MAX_FAILURES && t.elapsed() < BAN_TTL)
    }
}

fn cookie(req: &Request, name: &str) -> Option<String> {
    req.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn basic_credentials(req: &Request) -> Option<(String, String)> {
    let h = req.header("authorization")?;
    let (scheme, b64) = h.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64_decode(b64.trim())?;
    let s = String::from_utf8(raw).ok()?;
    let (u, p) = s.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(peer: &str, headers: &[(&str, &str)]) -> Request {
        Request {
            method: "GET".into(),
            path: "/db/list".into(),
            query: String::new(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
            peer: peer.parse().unwrap(),
        }
    }

    #[test]
    fn basic_cookie_and_ban() {
        let a = Auth::new(1);
        let ok = req(
            "10.1.2.3",
            &[("Authorization", "Basic Qmlmcm9zdDpCaWZyb3N0MTIz")],
        );
        assert_eq!(a.authenticate(&ok), Outcome::Ok(Role::Admin));
        assert_eq!(
            a.authenticate(&req("10.1.2.3", &[])),
            Outcome::NoCredentials
        );
        let token = a.new_session(Role::Monitor);
        // 32 random bytes in the URL-safe alphabet, the one `=` escaped like Bifrost's
        assert_eq!(token.len(), 46, "{token}");
        assert!(
            token.ends_with("%3D") && !token.contains(['+', '/']),
            "{token}"
        );
        let c = format!("other=1; xgo_cookie={token}");
        assert_eq!(
            a.authenticate(&req("10.1.2.3", &[("Cookie", &c)])),
            Outcome::Ok(Role::Monitor)
        );
        // Bifrost:wrong
        let bad = req(
            "10.9.9.9",
            &[("Authorization", "Basic Qmlmcm9zdDp3cm9uZw==")],
        );
        for _ in 0..11 {
            assert_eq!(a.authenticate(&bad), Outcome::WrongPassword);
        }
        assert_eq!(a.authenticate(&bad), Outcome::Refused);
        let good_from_banned = req(
            "10.9.9.9",
            &[("Authorization", "Basic Qmlmcm9zdDpCaWZyb3N0MTIz")],
        );
        assert_eq!(a.authenticate(&good_from_banned), Outcome::Refused);
        // loopback is never banned
        let lo = req(
            "127.0.0.1",
            &[("Authorization", "Basic Qmlmcm9zdDp3cm9uZw==")],
        );
        for _ in 0..20 {
            assert_eq!(a.authenticate(&lo), Outcome::WrongPassword);
        }
    }
}
