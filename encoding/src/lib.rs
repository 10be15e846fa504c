//! Base64 and percent-encoding, written once. The dashboard builds `Authorization: Basic`
//! headers and query strings with it, the simulator reads those headers and writes its session
//! cookies, xtask writes the dev proxy's header and the end-to-end tests decode screenshots.
//! Pure and without dependencies, so it builds for wasm32 and natively alike and is tested
//! natively against known vectors.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Standard base64 (RFC 4648 §4) with `=` padding: what `Authorization: Basic` carries.
pub fn base64(bytes: &[u8]) -> String {
    encode_base64(bytes, STANDARD)
}

/// Base64 with the URL and file name safe alphabet (RFC 4648 §5: `-` and `_` for `+` and
/// `/`), still with `=` padding: Bifrost's session cookie keeps it and escapes it as `%3D`.
pub fn base64_url(bytes: &[u8]) -> String {
    encode_base64(bytes, URL_SAFE)
}

fn encode_base64(bytes: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | (u32::from(c) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes base64 in either alphabet (standard or URL safe, even mixed); `=` is skipped
/// wherever it stands and bits left over after the last whole byte are dropped. `None` when
/// any other character (whitespace included) appears.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// Percent-encodes a query value: everything but the RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` (upper-case hex) of its UTF-8 bytes.
///
/// The dashboard encodes two kinds of query values, its own view state in the address bar and
/// the parameters of Bifrost's API, and both keep exactly this set, so one function serves
/// both. `+` is encoded too (`%2B`), so readers that take `+` for a space (Go's `FormValue`,
/// [`percent_decode_query`]) read back what was written.
pub fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

/// Decodes a query (form) key or value: `%XX` and `+` as a space.
pub fn percent_decode_query(s: &str) -> String {
    percent_decode(s, true)
}

/// Decodes a URL path: `%XX` only; `+` stays a `+`.
pub fn percent_decode_path(s: &str) -> String {
    percent_decode(s, false)
}

/// Invalid escapes (`%4`, `%zz`, a `%` at the end) are kept as text; bytes that are not UTF-8
/// are replaced with U+FFFD.
fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_known_vectors() {
        // RFC 4648 §10
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), enc);
            assert_eq!(base64_decode(enc).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64("用户:pä".as_bytes()), "55So5oi3OnDDpA==");
        // RFC 7617's user-pass, as the dashboard and the dev proxy send it
        assert_eq!(
            base64(b"BifrostMonitor:Bifrost123"),
            "Qmlmcm9zdE1vbml0b3I6Qmlmcm9zdDEyMw=="
        );
    }

    #[test]
    fn base64_url_swaps_two_characters_and_keeps_padding() {
        assert_eq!(base64_url(b"a"), "YQ==");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
        assert_eq!(base64_url(&[0xfb, 0xff]), "-_8=");
        let data = b"any carnal pleas";
        assert_eq!(base64_decode(&base64_url(data)).as_deref(), Some(&data[..]));
    }

    #[test]
    fn base64_decodes_either_alphabet_and_refuses_other_characters() {
        assert_eq!(
            base64_decode("Qmlmcm9zdDpCaWZyb3N0MTIz").as_deref(),
            Some(&b"Bifrost:Bifrost123"[..])
        );
        assert_eq!(base64_decode("+/8=").as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(base64_decode("-_8").as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(base64_decode(""), Some(Vec::new()));
        assert_eq!(base64_decode("YQ ="), None);
        assert_eq!(base64_decode("YQ\n"), None);
        assert_eq!(base64_decode("Y*=="), None);
    }

    #[test]
    fn base64_round_trips_every_short_input() {
        for len in 0..=2 {
            for n in 0..1u32 << (8 * len) {
                let data = &n.to_be_bytes()[4 - len..];
                assert_eq!(base64_decode(&base64(data)).as_deref(), Some(data));
                assert_eq!(base64_decode(&base64_url(data)).as_deref(), Some(data));
            }
        }
        let all: Vec<u8> = (0..=255).collect();
        for end in 0..all.len() {
            assert_eq!(
                base64_decode(&base64(&all[..end])).as_deref(),
                Some(&all[..end])
            );
        }
    }

    #[test]
    fn percent_encode_keeps_only_unreserved_characters() {
        assert_eq!(percent_encode("abc-XYZ_0.9~"), "abc-XYZ_0.9~");
        assert_eq!(
            percent_encode("a b&c=d/e?f#g%"),
            "a%20b%26c%3Dd%2Fe%3Ff%23g%25"
        );
        assert_eq!(percent_encode("é+"), "%C3%A9%2B");
        assert_eq!(percent_encode("订单"), "%E8%AE%A2%E5%8D%95");
        assert_eq!(percent_encode(""), "");
        for b in 0..=127u8 {
            let s = char::from(b).to_string();
            let kept = b.is_ascii_alphanumeric() || b"-._~".contains(&b);
            assert_eq!(percent_encode(&s) == s, kept, "{b:#x}");
        }
    }

    #[test]
    fn percent_decode_plus_and_broken_escapes() {
        assert_eq!(percent_decode_query("a+b%20c"), "a b c");
        assert_eq!(percent_decode_query("a%3Db+c"), "a=b c");
        assert_eq!(percent_decode_path("a+b%20c"), "a+b c");
        assert_eq!(percent_decode_path("%41"), "A");
        assert_eq!(percent_decode_query("100%"), "100%");
        assert_eq!(percent_decode_query("a%3"), "a%3");
        assert_eq!(percent_decode_query("%4"), "%4");
        assert_eq!(percent_decode_query("%zz"), "%zz");
        assert_eq!(percent_decode_query("%E8%AE%A2"), "订");
        assert_eq!(percent_decode_query("%FF"), "\u{fffd}");
    }

    #[test]
    fn percent_round_trips() {
        for s in [
            "",
            "a b+c",
            "%2B",
            "订单 & <script>",
            "\u{0}\u{7f}\u{10ffff}",
            "+++",
        ] {
            assert_eq!(percent_decode_query(&percent_encode(s)), s);
            assert_eq!(percent_decode_path(&percent_encode(s)), s);
        }
    }
}
