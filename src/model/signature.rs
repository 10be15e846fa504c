//! The signature of an error: its first line with the values that differ from output to
//! output (numbers, addresses, ports, positions, quoted values, stack-trace addresses)
//! replaced, so outputs failing for one reason share it; and its category in words.

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
/// signature have the same cause.
pub fn signature(error: &str) -> String {
    let mut buf = Vec::new();
    signature_into(error, &mut buf).to_string()
}

/// [`signature`] written into `out` (cleared first) and returned as text, so a caller
/// grouping thousands of rows reuses one buffer. One pass over the bytes: it runs for every
/// failing output whose error is new (only ASCII bytes are replaced, so UTF-8 stays whole).
pub fn signature_into<'a>(error: &str, out: &'a mut Vec<u8>) -> &'a str {
    out.clear();
    let line = head(error)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let b = line.as_bytes();
    let limit = 4 * SIGNATURE_MAX_CHARS;
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
            push_numbers_out(out, word);
        }
        i = end;
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    let cut = match std::str::from_utf8(out) {
        Ok(text) => text
            .char_indices()
            .nth(SIGNATURE_MAX_CHARS)
            .map(|(at, _)| at),
        Err(_) => Some(0),
    };
    if let Some(at) = cut {
        out.truncate(at);
        if at > 0 {
            out.extend_from_slice("…".as_bytes());
        }
    }
    let out: &'a [u8] = out;
    std::str::from_utf8(out).unwrap_or_default()
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
