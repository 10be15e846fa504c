//! JSON decoding whose errors name the field at fault (`SyncList[0].ToServerList[1].Status`).
//!
//! The path is worked out only when decoding fails, from the error's line and column, by a
//! small scanner over the text. Tracking the path while decoding (`serde_path_to_error`) made
//! every parse of a 13 MB sync list slower and the bundle bigger, to serve the rare error.

use serde::de::DeserializeOwned;

/// Decodes `text` as `T`; on failure, the path of the value at fault (`""` at the top level)
/// and serde_json's error.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, (String, serde_json::Error)> {
    // Bytes, like the streaming decoder (wire::stream): one reader type, one copy of each
    // deserializer in the bundle.
    serde_json::from_slice(text.as_bytes()).map_err(|e| {
        let path = if e.is_data() {
            path_at(text, e.line(), e.column())
        } else {
            String::new()
        };
        (path, e)
    })
}

enum Frame {
    /// An object, with the key of the member being read (if any yet).
    Object { key: Option<String>, want_key: bool },
    /// An array, with the index of the element being read (if any yet).
    Array {
        index: Option<usize>,
        in_value: bool,
    },
}

/// The path of the value at serde_json's 1-based `line` and byte `column` in `text`: members
/// joined by `.`, elements as `[i]`. Scans up to and including that byte.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let end = line_start.saturating_add(column).min(text.len());
    let bytes = &text.as_bytes()[..end];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // A value starts here unless this byte is punctuation of the enclosing container.
        if let Some(Frame::Array { index, in_value }) = stack.last_mut() {
            if !*in_value && b != b']' && b != b',' {
                *index = Some(index.map_or(0, |n| n + 1));
                *in_value = true;
            }
        }
        match b {
            b'"' => {
                let (s, next) = read_string(bytes, i + 1);
                if let Some(Frame::Object { key, want_key }) = stack.last_mut() {
                    if *want_key {
                        *key = Some(s);
                        *want_key = false;
                    }
                }
                i = next;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array {
                index: None,
                in_value: false,
            }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, want_key }) => {
                    *key = None;
                    *want_key = true;
                }
                Some(Frame::Array { in_value, .. }) => *in_value = false,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    // Type errors found by peeking point just before the value: count that array element.
    let peeked = text.as_bytes().get(end).copied();
    if let (Some(b), Some(Frame::Array { index, in_value })) = (peeked, stack.last_mut()) {
        if !*in_value && !matches!(b, b']' | b',' | b'}') && !b.is_ascii_whitespace() {
            *index = Some(index.map_or(0, |n| n + 1));
        }
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Array { index: Some(n), .. } => {
                path.push_str(&format!("[{n}]"));
            }
            _ => {}
        }
    }
    path
}

/// Reads a JSON string's contents from `start` (just after the opening quote); returns the
/// text (escapes other than `\"` and `\\` kept as written) and the index after the closing
/// quote, or the end of `bytes` when the string is cut off.
fn read_string(bytes: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' if i + 1 < bytes.len() => {
                let c = bytes[i + 1];
                if c != b'"' && c != b'\\' {
                    out.push(b'\\');
                }
                out.push(c);
                i += 2;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Out {
        #[serde(rename = "Q")]
        q: i64,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Top {
        #[serde(rename = "L", default)]
        l: Vec<Vec<Out>>,
        #[serde(rename = "M", default)]
        m: std::collections::BTreeMap<String, Out>,
    }

    fn path_of(text: &str) -> String {
        decode::<Top>(text).unwrap_err().0
    }

    #[test]
    fn names_the_member_and_indices() {
        assert_eq!(
            path_of(r#"{"L":[[{"Q":1}],[{"Q":2},{"Q":"x"}]]}"#),
            "L[1][1].Q"
        );
        assert_eq!(path_of(r#"{"M":{"a.b":{"Q":1},"c":{"Q":[1]}}}"#), "M.c.Q");
        assert_eq!(path_of(r#"{"M":{"k\"ey":{"Q":{}}}}"#), "M.k\"ey.Q");
        assert_eq!(
            path_of("{\n  \"L\": [\n    [ {\"Q\": 1},\n {\"Q\": true} ]\n  ]\n}"),
            "L[0][1].Q"
        );
        assert_eq!(path_of(r#"{"L":{}}"#), "L");
        assert_eq!(path_of(r#"{"L":[{}]}"#), "L[0]");
        assert_eq!(path_of("5"), "");
    }

    #[test]
    fn syntax_errors_have_no_path() {
        let (path, e) = decode::<Top>(r#"{"L":[[{"Q":1"#).unwrap_err();
        assert_eq!(path, "");
        assert!(!e.is_data());
    }
}
