//! Hide passwords in connection strings (Bifrost's `ConnectUri` holds the MySQL password).

/// What a password becomes.
pub const MASK: &str = "***";

/// Parameter names whose values are masked (case-insensitive).
const SECRET_KEYS: &[&str] = &["password", "passwd", "pwd", "pass", "secret", "token"];

/// Masks the password of a connection string; anything else is kept.
///
/// * Go MySQL DSN `user:pass@tcp(host)/db`: everything between the first `:` and the `@`
///   that introduces the address (`@tcp(`, `@unix(`, else the last `@` before the last `/`,
///   else the last `@`), so a password may contain `@`, `:` or `/`.
/// * URLs `scheme://user:pass@host/...`: between the first `:` of the authority and its last
///   `@` (before any `?`/`#`). When in doubt it masks more, never less.
/// * `password=...` (and `pwd`, `passwd`, `pass`, `secret`, `token`) parameters separated by
///   `&`, `;`, `,`, `?` or whitespace, quoted values included.
///
/// An empty password (`root:@tcp(...)`) has nothing to hide and is kept as is.
pub fn mask_dsn(uri: &str) -> String {
    mask_params(&mask_userinfo(uri))
}

fn mask_userinfo(s: &str) -> String {
    // A Go DSN's address marker decides first: a password may itself contain "://".
    let go_dsn = s.rfind("@tcp(").or_else(|| s.rfind("@unix("));
    let (base, rest) = match (go_dsn, s.find("://")) {
        (Some(at), _) => (0, &s[..at]),
        (None, Some(i)) => {
            let start = i + 3;
            let rest = &s[start..];
            let limit = rest.find(['?', '#']).unwrap_or(rest.len());
            match rest[..limit].rfind('@') {
                Some(at) => (start, &rest[..at]),
                None => return s.to_string(),
            }
        }
        (None, None) => {
            let at = s
                .rfind('/')
                .and_then(|slash| s[..slash].rfind('@'))
                .or_else(|| s.rfind('@'));
            match at {
                Some(at) => (0, &s[..at]),
                None => return s.to_string(),
            }
        }
    };
    let Some(colon) = rest.find(':') else {
        return s.to_string();
    };
    let from = base + colon + 1;
    let to = base + rest.len();
    if from >= to {
        return s.to_string();
    }
    format!("{}{MASK}{}", &s[..from], &s[to..])
}

fn is_sep(b: u8) -> bool {
    matches!(b, b'&' | b';' | b',' | b'?' | b' ' | b'\t' | b'\n' | b'\r')
}

fn mask_params(s: &str) -> String {
    let lower = s.to_ascii_lowercase().into_bytes(); // same byte offsets as `s`
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0; // bytes of `s` already handled
    let mut i = 0;
    while i < bytes.len() {
        let at_boundary = i == 0 || is_sep(bytes[i - 1]);
        let key_len = if at_boundary {
            SECRET_KEYS
                .iter()
                .filter(|k| lower[i..].starts_with(k.as_bytes()))
                .map(|k| k.len())
                .max()
        } else {
            None
        };
        let Some(key_len) = key_len else {
            i += 1;
            continue;
        };
        // optional spaces, then '='
        let mut j = i + key_len;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'=' {
            i += 1;
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        let value_start = j;
        let value_end = match bytes.get(j) {
            Some(&q) if q == b'\'' || q == b'"' => match s[j + 1..].find(q as char) {
                Some(k) => j + 1 + k + 1,
                None => bytes.len(),
            },
            _ => {
                let mut k = j;
                while k < bytes.len() && !is_sep(bytes[k]) {
                    k += 1;
                }
                k
            }
        };
        if value_end > value_start {
            out.push_str(&s[copied..value_start]);
            out.push_str(MASK);
            copied = value_end;
        }
        i = value_end.max(i + 1);
    }
    out.push_str(&s[copied..]);
    out
}
