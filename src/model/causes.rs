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

/// Whether `token` (no white space, no quote) names a network address: an IPv4 address,
/// `[v6]:port`, or `host:port` with a numeric port.
fn is_address(token: &[u8]) -> bool {
    let t = token.strip_suffix(b":").unwrap_or(token);
    let t = t.strip_prefix(b"(").unwrap_or(t);
    let t = t
        .strip_suffix(b",")
        .or_else(|| t.strip_suffix(b")"))
        .unwrap_or(t);
    if t.first() == Some(&b'[') {
        return t.windows(2).any(|w| w == b"]:");
    }
    match t.iter().rposition(|&b| b == b':') {
        Some(at) if at > 0 && at + 1 < t.len() => {
            t[at + 1..].iter().all(u8::is_ascii_digit)
                && t[..at]
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        }
        Some(_) => false,
        None => {
            t.split(|&b| b == b'.').count() == 4
                && t.split(|&b| b == b'.')
                    .all(|p| !p.is_empty() && p.len() <= 3 && p.iter().all(u8::is_ascii_digit))
        }
    }
}

/// The normalised first line of an error: quoted values, addresses, hexadecimal and decimal
/// numbers replaced by placeholders and white space collapsed. Two errors with the same
/// signature have the same cause. One pass over the bytes into one buffer: it runs for every
/// failing output on every answer (only ASCII bytes are replaced, so UTF-8 stays whole).
pub fn signature(error: &str) -> String {
    let line = head(error)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let b = line.as_bytes();
    let limit = 4 * SIGNATURE_MAX_CHARS;
    let mut out: Vec<u8> = Vec::with_capacity(b.len().min(limit));
    let mut i = 0;
    while i < b.len() && out.len() <= limit {
        let c = b[i];
        if c.is_ascii_whitespace() {
            if out.last().is_some_and(|&l| l != b' ') {
                out.push(b' ');
            }
            i += 1;
            continue;
        }
        if matches!(c, b'"' | b'\'' | b'`') {
            // A quoted value (an unclosed quote runs to the end of the line).
            out.push(c);
            out.extend_from_slice("…".as_bytes());
            match b[i + 1..].iter().position(|&x| x == c) {
                Some(end) => {
                    out.push(c);
                    i += end + 2;
                }
                None => i = b.len(),
            }
            continue;
        }
        // A word: up to white space or a quote.
        let end = b[i..]
            .iter()
            .position(|&x| x.is_ascii_whitespace() || matches!(x, b'"' | b'\'' | b'`'))
            .map_or(b.len(), |p| i + p);
        let word = &b[i..end];
        if is_address(word) {
            out.extend_from_slice(b"<addr>");
            if word.ends_with(b":") {
                out.push(b':');
            }
        } else {
            push_numbers_out(&mut out, word);
        }
        i = end;
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    let text = String::from_utf8(out).unwrap_or_default();
    match text.char_indices().nth(SIGNATURE_MAX_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// `word` with digit runs as `#` and `0x…` hexadecimal as `0x#`, appended to `out`.
fn push_numbers_out(out: &mut Vec<u8>, word: &[u8]) {
    let mut i = 0;
    while i < word.len() {
        let c = word[i];
        if c == b'0' && matches!(word.get(i + 1), Some(b'x' | b'X')) {
            let digits = word[i + 2..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if digits > 0 {
                out.extend_from_slice(b"0x#");
                i += 2 + digits;
                continue;
            }
        }
        if c.is_ascii_digit() {
            i += word[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            out.push(b'#');
            continue;
        }
        out.push(c);
        i += 1;
    }
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
    (!r.error.trim().is_empty()).then(|| cause_id(&signature(&r.error_first_line)))
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
        // The row's first line is already cut out of a multi-KB error: start from it.
        let sig = signature(&r.error_first_line);
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
