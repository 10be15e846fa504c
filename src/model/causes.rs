//! Errors grouped by cause: outputs whose `Error` texts differ only in numbers, addresses,
//! ports, positions, quoted values or stack-trace addresses share one signature, so one
//! ClickHouse server going down reads as one cause, not as three hundred lines.

use std::collections::HashMap;

use super::rows::SyncRow;

/// How much of an error is read to find its signature and category: the cause is at the
/// start, and a multi-KB Go stack trace must not cost a full scan per output and poll.
const HEAD_BYTES: usize = 2048;
/// Longest signature kept (characters).
const SIGNATURE_MAX_CHARS: usize = 160;

/// A short category in words (the UI names it and gives a hint of what to check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    ConnectionRefused,
    Timeout,
    Authentication,
    UnknownObject,
    DuplicateKey,
    QueueFull,
    /// A Go panic with its stack trace (a plugin crashed on a row).
    Crash,
    Other,
}

impl Category {
    /// Every category, in the order the UI lists them.
    pub const ALL: [Category; 8] = [
        Category::ConnectionRefused,
        Category::Timeout,
        Category::Authentication,
        Category::UnknownObject,
        Category::DuplicateKey,
        Category::QueueFull,
        Category::Crash,
        Category::Other,
    ];
}

/// The start of `text`, cut on a character boundary at most [`HEAD_BYTES`] in.
fn head(text: &str) -> &str {
    if text.len() <= HEAD_BYTES {
        return text;
    }
    let mut end = HEAD_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What kind of failure an error text describes. Checked in order of specificity: a
/// stack trace that mentions a refused connection is a refused connection.
pub fn category(error: &str) -> Category {
    let text = head(error).to_ascii_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    if has(&["connection refused", "no route to host", "connection reset"]) {
        Category::ConnectionRefused
    } else if has(&["timeout", "timed out", "deadline exceeded", "i/o timeout"]) {
        Category::Timeout
    } else if has(&[
        "access denied",
        "authentication",
        "unauthorized",
        "password",
        "permission denied",
        "error 1045",
        "403 forbidden",
    ]) {
        Category::Authentication
    } else if has(&[
        "duplicate entry",
        "duplicate key",
        "error 1062",
        "unique constraint",
    ]) {
        Category::DuplicateKey
    } else if has(&[
        "unknown table",
        "unknown column",
        "doesn't exist",
        "does not exist",
        "no such table",
        "no such column",
        "unknown_table",
        "error 1146",
        "error 1054",
        "missing columns",
    ]) {
        Category::UnknownObject
    } else if has(&["queue full", "queue is full", "chan full", "buffer full"]) {
        Category::QueueFull
    } else if has(&["goroutine ", "panic(", "runtime error"]) {
        Category::Crash
    } else {
        Category::Other
    }
}

/// Whether `token` (no whitespace) names a network address: an IPv4 address, `[v6]:port`,
/// or `host:port` with a numeric port.
fn is_address(token: &str) -> bool {
    let t = token.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')'));
    let ipv4 = |s: &str| {
        let parts: Vec<&str> = s.split('.').collect();
        parts.len() == 4
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if t.starts_with('[') && t.contains("]:") {
        return true;
    }
    match t.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && !port.is_empty() => {
            port.bytes().all(|b| b.is_ascii_digit())
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        }
        _ => ipv4(t),
    }
}

/// The normalised first line of an error: quoted values, addresses, hexadecimal and decimal
/// numbers replaced by placeholders and white space collapsed. Two errors with the same
/// signature have the same cause.
pub fn signature(error: &str) -> String {
    let line = head(error)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut words: Vec<String> = Vec::new();
    for token in unquote(line).split_whitespace() {
        if is_address(token.trim_end_matches(':')) {
            let colon = if token.ends_with(':') { ":" } else { "" };
            words.push(format!("<addr>{colon}"));
        } else {
            words.push(numbers_out(token));
        }
    }
    let joined = words.join(" ");
    match joined.char_indices().nth(SIGNATURE_MAX_CHARS) {
        Some((i, _)) => format!("{}…", &joined[..i]),
        None => joined,
    }
}

/// Replaces the inside of every `"…"`, `'…'` and `` `…` `` with `…` (an unclosed quote runs
/// to the end of the line, which is also a value).
fn unquote(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut open: Option<char> = None;
    for c in line.chars() {
        match open {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => {
                out.push(c);
                open = Some(c);
            }
            None => out.push(c),
        }
    }
    if open.is_some() {
        out.push('…');
    }
    out
}

/// Digit runs become `#` and `0x…` hexadecimal becomes `0x#`.
fn numbers_out(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    let bytes = token.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'0' && matches!(bytes.get(i + 1), Some(b'x' | b'X')) {
            let mut j = i + 2;
            while j < bytes.len() && bytes[j].is_ascii_hexdigit() {
                j += 1;
            }
            if j > i + 2 {
                out.push_str("0x#");
                i = j;
                continue;
            }
        }
        if b.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            out.push('#');
            continue;
        }
        // Multi-byte characters are copied whole.
        let len = token[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&token[i..i + len]);
        i += len;
    }
    out
}

/// One cause and the outputs that share it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    pub signature: String,
    pub category: Category,
    /// Distinct `ToServerKey`s, sorted.
    pub keys: Vec<String>,
    /// Distinct plugin names, sorted.
    pub plugins: Vec<String>,
    /// Indexes into the rows given to [`group_causes`], in row order.
    pub rows: Vec<usize>,
    /// Unix seconds this cause was first and last seen by [`CauseHistory::observe`].
    pub first_seen: i64,
    pub last_seen: i64,
}

impl Cause {
    pub fn count(&self) -> usize {
        self.rows.len()
    }

    /// See [`cause_id`].
    pub fn id(&self) -> String {
        cause_id(&self.signature)
    }
}

/// A short stable name of a signature (FNV-1a, 16 hex digits) for links: the sync list is
/// filtered by it, and no error text (which may name hosts or users) goes into a URL.
pub fn cause_id(signature: &str) -> String {
    let hash = signature.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The [`cause_id`] of a row's error; `None` when the row reports none.
pub fn row_cause(r: &SyncRow) -> Option<String> {
    (!r.error.trim().is_empty()).then(|| cause_id(&signature(&r.error)))
}

/// Failing rows (non-empty `error`) grouped by [`signature`], largest group first, ties by
/// signature so the order is stable from poll to poll.
pub fn group_causes(rows: &[SyncRow]) -> Vec<Cause> {
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut causes: Vec<Cause> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.error.trim().is_empty() {
            continue;
        }
        let sig = signature(&r.error);
        let n = *at.entry(sig.clone()).or_insert_with(|| {
            causes.push(Cause {
                category: category(&r.error),
                signature: sig,
                keys: Vec::new(),
                plugins: Vec::new(),
                rows: Vec::new(),
                first_seen: 0,
                last_seen: 0,
            });
            causes.len() - 1
        });
        let c = &mut causes[n];
        c.rows.push(i);
        insert_sorted(&mut c.keys, &r.to_server_key);
        insert_sorted(&mut c.plugins, &r.plugin);
    }
    causes.sort_unstable_by(|a, b| {
        b.count()
            .cmp(&a.count())
            .then_with(|| a.signature.cmp(&b.signature))
    });
    causes
}

/// Adds `value` to a sorted set kept as a vector (a cause has a handful of keys).
fn insert_sorted(set: &mut Vec<String>, value: &str) {
    if let Err(at) = set.binary_search_by(|v| v.as_str().cmp(value)) {
        set.insert(at, value.to_string());
    }
}

/// When each cause was first seen, kept across polls; a cause that disappears is forgotten,
/// so memory is bounded by the causes on screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CauseHistory {
    first_seen: HashMap<String, i64>,
}

impl CauseHistory {
    /// Stamps `causes` with their first and last sighting as of `now` and forgets causes
    /// that are gone.
    pub fn observe(&mut self, causes: &mut [Cause], now: i64) {
        let mut next = HashMap::with_capacity(causes.len());
        for c in causes.iter_mut() {
            let first = self.first_seen.get(&c.signature).copied().unwrap_or(now);
            c.first_seen = first;
            c.last_seen = now;
            next.insert(c.signature.clone(), first);
        }
        self.first_seen = next;
    }
}
