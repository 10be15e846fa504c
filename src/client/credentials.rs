//! Sign-in when the proxy does not add Bifrost's credentials itself: the pure parts.
//!
//! The user's credentials live in memory only (a `Session`), optionally in the tab's
//! sessionStorage when the user asks for it, and go out only as an `Authorization: Basic`
//! header on the GETs through the proxy: never in a URL, localStorage or a log (`Debug`
//! hides the password). Bifrost bans an address after more than 10 failed logins, so a
//! password that Bifrost refused is never sent again by itself: the session drops it and
//! answers every later request with the refusal, without a request, until the user signs
//! in again. A proxy that injects credentials (no password in the browser) is unaffected.

use crate::wire::encoding::base64;
use crate::wire::error::ApiError;
use std::cell::RefCell;
use std::fmt;

/// Failed logins Bifrost accepts from one (non-loopback) address; one more bans it.
pub const MAX_FAILED_LOGINS: u32 = 10;
/// How long Bifrost bans an address after too many failed logins.
pub const BAN_HOURS: u32 = 4;
/// The sessionStorage key of the opt-in "keep for this tab".
pub const STORAGE_KEY: &str = "bifrost-dashboard:signin";

/// A Bifrost user and password, typed into the sign-in form.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .finish()
    }
}

impl Credentials {
    /// The `Authorization` header value: `Basic base64(user:password)` (UTF-8).
    pub fn authorization(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }

    /// The value kept in sessionStorage when the user opts in.
    pub fn to_storage(&self) -> String {
        serde_json::json!({"user": self.user, "password": self.password}).to_string()
    }

    /// Reads `to_storage`'s value back; anything else is ignored.
    pub fn from_storage(s: &str) -> Option<Credentials> {
        let v: serde_json::Value = serde_json::from_slice(s.as_bytes()).ok()?;
        let user = v.get("user")?.as_str()?.to_owned();
        let password = v.get("password")?.as_str()?.to_owned();
        (!user.is_empty()).then_some(Credentials { user, password })
    }
}

/// What an answer says about signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthProblem {
    /// No (valid) credentials reached Bifrost: its login page, "session time out", "Author error".
    Missing,
    /// Bifrost checked a user and password and refused them (one failed login counted).
    WrongPassword,
    /// The address is banned after too many failed logins.
    Banned,
}

/// The sign-in problem behind an error, if any ("no authority" is a permission problem of a
/// valid user, not a sign-in one).
pub fn auth_problem(e: &ApiError) -> Option<AuthProblem> {
    match e {
        ApiError::LoginRedirect => Some(AuthProblem::Missing),
        ApiError::Auth { msg } => {
            let m = msg.to_ascii_lowercase();
            if m.contains("no authority") {
                None
            } else if m.contains("ip is refused") {
                Some(AuthProblem::Banned)
            } else if m.contains("password") {
                Some(AuthProblem::WrongPassword)
            } else {
                Some(AuthProblem::Missing)
            }
        }
        _ => None,
    }
}

/// Failed attempts left before the ban, as far as this browser knows (others behind the same
/// proxy address count too).
pub fn attempts_left(failed: u32) -> u32 {
    MAX_FAILED_LOGINS.saturating_sub(failed)
}

/// Permission to send one request: the credentials' generation and the header to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    generation: u64,
    pub authorization: Option<String>,
}

/// The sign-in state of the page.
#[derive(Debug, Default)]
pub struct Session {
    creds: Option<Credentials>,
    /// Bumped at every sign-in; answers to older credentials are ignored.
    generation: u64,
    /// Set when Bifrost refused the credentials the user typed: every request fails with it,
    /// without being sent, until the next sign-in.
    refused: Option<ApiError>,
    /// Failed logins of credentials typed here (Bifrost's count for the address may be higher).
    failed: u32,
    banned: bool,
    /// Bifrost accepted the credentials typed: requests may go out together.
    accepted: bool,
    /// The last user name typed (kept for the form when the password is dropped).
    last_user: String,
}

impl Session {
    /// Signs in with new credentials: polling may send them again.
    pub fn sign_in(&mut self, creds: Credentials) {
        self.last_user = creds.user.clone();
        self.creds = Some(creds);
        self.generation += 1;
        self.refused = None;
        self.banned = false;
        self.accepted = false;
    }

    /// May a request go out? `Err` = the refusal that stopped sending, no request is made.
    pub fn ticket(&self) -> Result<Ticket, ApiError> {
        if let Some(e) = &self.refused {
            return Err(e.clone());
        }
        Ok(Ticket {
            generation: self.generation,
            authorization: self.creds.as_ref().map(Credentials::authorization),
        })
    }

    /// Records an answer. Returns true when the typed credentials were refused just now (they
    /// are dropped: the caller forgets any stored copy).
    pub fn answered(&mut self, ticket: &Ticket, result: Result<(), &ApiError>) -> bool {
        if ticket.generation != self.generation || ticket.authorization.is_none() {
            // Answers to older credentials, or requests the proxy signed (nothing typed here).
            return false;
        }
        let Err(e) = result else {
            self.accepted = true;
            return false;
        };
        let Some(problem) = auth_problem(e) else {
            return false;
        };
        if self.refused.is_some() {
            return false;
        }
        match problem {
            AuthProblem::WrongPassword => self.failed += 1,
            AuthProblem::Banned => self.banned = true,
            AuthProblem::Missing => {}
        }
        self.refused = Some(e.clone());
        self.creds = None;
        true
    }

    /// May several requests go out at once? Not while typed credentials are unconfirmed: each
    /// request with a wrong password would count as one of Bifrost's ten failed logins.
    pub fn may_ask_together(&self) -> bool {
        self.creds.is_none() || self.accepted
    }

    pub fn signed_in(&self) -> bool {
        self.creds.is_some()
    }

    pub fn user(&self) -> &str {
        &self.last_user
    }

    /// Failed logins of credentials typed in this page.
    pub fn failed(&self) -> u32 {
        self.failed
    }

    pub fn banned(&self) -> bool {
        self.banned
    }

    /// True while typed credentials stand refused (nothing is sent).
    pub fn refused(&self) -> bool {
        self.refused.is_some()
    }
}

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
}

/// The page's session (the browser is single-threaded).
pub fn with_session<R>(f: impl FnOnce(&mut Session) -> R) -> R {
    SESSION.with(|s| f(&mut s.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(p: &str) -> Credentials {
        Credentials {
            user: "BifrostMonitor".into(),
            password: p.into(),
        }
    }

    fn wrong() -> ApiError {
        ApiError::Auth {
            msg: "user or password error".into(),
        }
    }

    #[test]
    fn basic_header_is_rfc7617() {
        assert_eq!(
            creds("Bifrost123").authorization(),
            "Basic Qmlmcm9zdE1vbml0b3I6Qmlmcm9zdDEyMw=="
        );
        // UTF-8, as RFC 7617 recommends (the base64 vectors are in the encoding crate)
        assert_eq!(
            Credentials {
                user: "用户".into(),
                password: "pä".into()
            }
            .authorization(),
            "Basic 55So5oi3OnDDpA=="
        );
    }

    #[test]
    fn debug_never_shows_the_password() {
        let text = format!("{:?} {:?}", creds("s3cret!"), {
            let mut s = Session::default();
            s.sign_in(creds("s3cret!"));
            s
        });
        assert!(!text.contains("s3cret"), "{text}");
        assert!(text.contains("BifrostMonitor"));
    }

    #[test]
    fn storage_round_trip_and_junk() {
        let c = creds("p\"w\\x");
        assert_eq!(Credentials::from_storage(&c.to_storage()), Some(c));
        assert_eq!(Credentials::from_storage("nope"), None);
        assert_eq!(
            Credentials::from_storage(r#"{"user":"","password":"x"}"#),
            None
        );
        assert_eq!(Credentials::from_storage(r#"{"user":"u"}"#), None);
    }

    #[test]
    fn problems_are_classified() {
        assert_eq!(
            auth_problem(&ApiError::LoginRedirect),
            Some(AuthProblem::Missing)
        );
        let a = |m: &str| auth_problem(&ApiError::Auth { msg: m.into() });
        assert_eq!(a("session time out"), Some(AuthProblem::Missing));
        assert_eq!(a("Author error"), Some(AuthProblem::Missing));
        assert_eq!(
            a("user or password error"),
            Some(AuthProblem::WrongPassword)
        );
        assert_eq!(a("ip is refused"), Some(AuthProblem::Banned));
        assert_eq!(a("user group : [ monitor ] no authority"), None);
        assert_eq!(auth_problem(&ApiError::Http { status: 401 }), None);
        assert_eq!(auth_problem(&ApiError::EmptyBody), None);
    }

    #[test]
    fn typed_credentials_ask_one_at_a_time_until_accepted() {
        let mut s = Session::default();
        assert!(
            s.may_ask_together(),
            "the proxy signs: nothing typed to refuse"
        );
        s.sign_in(creds("p"));
        assert!(!s.may_ask_together());
        let t = s.ticket().unwrap();
        assert!(!s.answered(&t, Ok(())));
        assert!(s.may_ask_together());
        s.sign_in(creds("q"));
        assert!(!s.may_ask_together(), "new credentials: unconfirmed again");
        let t = s.ticket().unwrap();
        assert!(s.answered(&t, Err(&wrong())));
        assert!(
            s.ticket().is_err(),
            "refused: nothing goes out, together or not"
        );
    }

    #[test]
    fn without_typed_credentials_nothing_is_blocked() {
        // A proxy that injects credentials: auth errors are the proxy's, polling goes on.
        let mut s = Session::default();
        let t = s.ticket().unwrap();
        assert_eq!(t.authorization, None);
        assert!(!s.answered(&t, Err(&wrong())));
        assert!(s.ticket().is_ok());
        assert_eq!(s.failed(), 0);
    }

    #[test]
    fn a_refused_password_is_never_sent_again_until_the_next_sign_in() {
        let mut s = Session::default();
        s.sign_in(creds("bad"));
        let t = s.ticket().unwrap();
        assert_eq!(t.authorization, Some(creds("bad").authorization()));
        assert!(s.answered(&t, Err(&wrong())));
        assert_eq!(s.failed(), 1);
        assert!(!s.signed_in(), "the refused password is dropped");
        assert_eq!(
            s.user(),
            "BifrostMonitor",
            "the user name stays for the form"
        );
        // every later request fails at once, with the refusal, many times over
        for _ in 0..5 {
            assert_eq!(s.ticket(), Err(wrong()));
        }
        // a second in-flight answer to the same password counts no second attempt here
        assert!(!s.answered(&t, Err(&wrong())));
        assert_eq!(s.failed(), 1);
        s.sign_in(creds("Bifrost123"));
        let t2 = s.ticket().unwrap();
        assert_eq!(t2.authorization, Some(creds("Bifrost123").authorization()));
        assert!(!s.answered(&t2, Ok(())));
        assert!(s.ticket().is_ok());
        assert_eq!(s.failed(), 1, "Bifrost's count does not drop on success");
    }

    #[test]
    fn answers_to_older_credentials_are_ignored() {
        let mut s = Session::default();
        s.sign_in(creds("bad"));
        let old = s.ticket().unwrap();
        s.sign_in(creds("Bifrost123"));
        assert!(!s.answered(&old, Err(&wrong())));
        assert!(s.ticket().is_ok());
        assert_eq!(s.failed(), 0);
    }

    #[test]
    fn non_auth_errors_and_no_authority_keep_the_credentials() {
        let mut s = Session::default();
        s.sign_in(creds("Bifrost123"));
        let t = s.ticket().unwrap();
        assert!(!s.answered(&t, Err(&ApiError::Timeout { secs: 10 })));
        let no_auth = ApiError::Auth {
            msg: "user group : [ monitor ] no authority".into(),
        };
        assert!(!s.answered(&t, Err(&no_auth)));
        assert!(s.signed_in() && s.ticket().is_ok());
    }

    #[test]
    fn a_ban_stops_sending_and_is_remembered() {
        let mut s = Session::default();
        s.sign_in(creds("Bifrost123"));
        let t = s.ticket().unwrap();
        let banned = ApiError::Auth {
            msg: "ip is refused".into(),
        };
        assert!(s.answered(&t, Err(&banned)));
        assert!(s.banned() && s.refused());
        assert_eq!(s.ticket(), Err(banned));
        assert_eq!(s.failed(), 0);
    }

    #[test]
    fn attempts_left_counts_down_to_zero() {
        assert_eq!(attempts_left(0), 10);
        assert_eq!(attempts_left(3), 7);
        assert_eq!(attempts_left(10), 0);
        assert_eq!(attempts_left(12), 0);
    }
}
