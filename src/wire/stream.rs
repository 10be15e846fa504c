//! The sync list decoded while it downloads.
//!
//! A 10,000-output sync list is about 13 MB. Decoding it only once the last byte is in keeps
//! the screen empty for the whole decode; here each table is decoded as soon as its closing
//! brace arrives, so when the download ends only the small rest of the answer is left. The
//! result is exactly [`parse_sync_list_as`]'s: anything unusual (invalid JSON, a table of the
//! wrong shape, a byte-order mark, a second list) falls back to it, errors and paths included.

use super::error::ApiError;
use super::parse::{decode, parse_sync_list_as, precheck};
use super::request::ApiVersion;
use super::types::{SyncList, SyncListV2, SyncTable};

/// Where the scanner is relative to the list of tables.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    /// Not seen yet.
    Before,
    /// Inside the list (at nesting `depth`), whose `[` is at `open`.
    In { depth: u32, open: usize },
    /// The list spans `open..=close`.
    After {
        depth: u32,
        open: usize,
        close: usize,
    },
    /// Something unusual: [`SyncListStream::finish`] decodes the whole answer instead.
    GiveUp,
}

/// Feed it the bytes received so far with [`advance`](Self::advance) after every chunk, then
/// call [`finish`](Self::finish) with the whole answer.
#[derive(Debug)]
pub struct SyncListStream {
    /// Bytes seen by the last `advance`.
    seen: usize,
    /// Where scanning resumes (in the list: the start of the next table or separator).
    pos: usize,
    place: Place,
    // Before the list, a byte scanner finds it: nesting, strings, the last member key.
    depth: u32,
    in_string: bool,
    escaped: bool,
    string_start: usize,
    /// At depth 1 of an object: the next string is a member key.
    want_key: bool,
    /// The last member key read at depth 1 (byte range).
    key: (usize, usize),
    // In the list, serde finds where each table ends.
    /// After a table: the next byte must be `,` or `]`.
    need_comma: bool,
    /// Bytes available at the last attempt to decode a table that was not complete yet: the
    /// next attempt waits for twice as many, so a huge table is not re-read for every chunk.
    tried: usize,
    tables: Vec<SyncTable>,
}

impl Default for SyncListStream {
    fn default() -> Self {
        SyncListStream {
            seen: 0,
            pos: 0,
            place: Place::Before,
            depth: 0,
            in_string: false,
            escaped: false,
            string_start: 0,
            want_key: false,
            key: (0, 0),
            need_comma: false,
            tried: 0,
            tables: Vec::new(),
        }
    }
}

impl SyncListStream {
    /// Takes the bytes received so far (`so_far` only ever grows) and decodes every table
    /// completed in them.
    pub fn advance(&mut self, so_far: &[u8]) {
        self.seen = so_far.len();
        if self.place == Place::Before {
            self.find_list(so_far);
        }
        if let Place::In { .. } = self.place {
            self.read_tables(so_far);
        }
    }

    /// The tables decoded so far, in the order received.
    pub fn tables(&self) -> &[SyncTable] {
        &self.tables
    }

    /// Scans for the list: the top-level array (v1) or the `SyncList` member (v2).
    fn find_list(&mut self, so_far: &[u8]) {
        while self.pos < so_far.len() {
            let (i, b) = (self.pos, so_far[self.pos]);
            self.pos += 1;
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.depth == 1 && self.want_key {
                        self.key = (self.string_start, i);
                        self.want_key = false;
                    }
                }
                continue;
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    self.string_start = i + 1;
                }
                b'{' | b'[' => {
                    let top_array = self.depth == 0 && b == b'[';
                    let v2_list = self.depth == 1
                        && b == b'['
                        && !self.want_key
                        && &so_far[self.key.0..self.key.1] == b"SyncList";
                    if top_array || v2_list {
                        self.place = Place::In {
                            depth: self.depth + 1,
                            open: i,
                        };
                        return;
                    }
                    if self.depth == 0 && !so_far[..i].iter().all(u8::is_ascii_whitespace) {
                        // a byte-order mark or other bytes before the answer
                        self.place = Place::GiveUp;
                        return;
                    }
                    self.depth += 1;
                    if self.depth == 1 {
                        self.want_key = true;
                    }
                }
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                b',' if self.depth == 1 => self.want_key = true,
                _ => {}
            }
        }
    }

    /// In the list: tables (objects) separated by commas, up to the closing `]`.
    fn read_tables(&mut self, so_far: &[u8]) {
        let Place::In { depth, open } = self.place else {
            return;
        };
        while self.pos < so_far.len() {
            let (i, b) = (self.pos, so_far[self.pos]);
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b',' if std::mem::take(&mut self.need_comma) => self.pos += 1,
                b']' if self.need_comma || self.tables.is_empty() => {
                    self.place = Place::After {
                        depth,
                        open,
                        close: i,
                    };
                    return;
                }
                b'{' if !self.need_comma => {
                    let available = so_far.len() - i;
                    if available < 2 * self.tried {
                        return;
                    }
                    let mut one =
                        serde_json::Deserializer::from_slice(&so_far[i..]).into_iter::<SyncTable>();
                    match one.next() {
                        Some(Ok(table)) => {
                            self.tables.push(table);
                            self.pos = i + one.byte_offset();
                            self.need_comma = true;
                            self.tried = 0;
                        }
                        Some(Err(e)) if e.is_eof() => {
                            self.tried = available;
                            return;
                        }
                        _ => {
                            self.place = Place::GiveUp;
                            return;
                        }
                    }
                }
                _ => {
                    self.place = Place::GiveUp;
                    return;
                }
            }
        }
    }

    /// The sync list in `body` (the whole answer, exactly the bytes fed), as
    /// [`parse_sync_list_as`] would return it.
    pub fn finish(self, version: ApiVersion, body: &str) -> Result<SyncList, ApiError> {
        precheck(body)?;
        let whole = self.seen == body.len();
        match self.place {
            Place::After { depth, open, close } if whole => {
                let (head, tail) = (&body[..=open], &body[close..]);
                if depth == 1 {
                    // a v1 bare array (a v2 server always answers its object)
                    let alone = head.trim() == "[" && tail[1..].trim().is_empty();
                    if alone && version == ApiVersion::V1 {
                        return Ok(SyncList {
                            tables: self.tables,
                            ..SyncList::default()
                        });
                    }
                } else if let Ok(mut v) = decode::<SyncListV2>(&format!("{head}{tail}")) {
                    v.sync_list = self.tables;
                    return Ok(SyncList::from(v));
                }
            }
            _ => {}
        }
        parse_sync_list_as(version, body)
    }
}

/// Decodes `body` as if it arrived in pieces of `chunk` bytes, the way the client feeds a
/// [`SyncListStream`] (for tests: any chunking must give the same list).
pub fn decode_in_chunks(
    body: &str,
    chunk: usize,
    version: ApiVersion,
) -> Result<SyncList, ApiError> {
    let mut s = SyncListStream::default();
    let b = body.as_bytes();
    let mut end = 0;
    while end < b.len() {
        end = (end + chunk.max(1)).min(b.len());
        s.advance(&b[..end]);
    }
    s.finish(version, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(body: &str, chunk: usize, version: ApiVersion) -> Result<SyncList, ApiError> {
        decode_in_chunks(body, chunk, version)
    }

    #[test]
    fn decodes_tables_as_they_arrive() {
        let body = r#"{"DbName":"","SyncList":[{"DbName":"a","TableName":"t{1}","ToServerList":[{"ToServerKey":"k\"]"}]},{"DbName":"b"}],"ToServerKeyList":{"k":{"PluginName":"redis"}},"ChannelList":null}"#;
        let mut s = SyncListStream::default();
        let cut = body.find(r#",{"DbName":"b"#).unwrap();
        s.advance(&body.as_bytes()[..body.find("TableName").unwrap()]);
        assert_eq!(s.tables.len(), 0, "not complete yet");
        s.advance(&body.as_bytes()[..cut]);
        assert_eq!(s.tables.len(), 1, "the first table before the rest arrived");
        s.advance(body.as_bytes());
        let list = s.finish(ApiVersion::V2, body).unwrap();
        assert_eq!(list, parse_sync_list_as(ApiVersion::V2, body).unwrap());
        assert_eq!(list.tables[0].to_server_list[0].to_server_key, "k\"]");
        assert_eq!(list.outputs["k"].plugin_name, "redis");
    }

    #[test]
    fn same_answer_as_the_whole_decode_for_odd_bodies() {
        let odd = [
            "",
            "null",
            "[]",
            " [ {\"DbName\":\"a\"} , {\"DbName\":\"b\"} ] ",
            "[{\"DbName\":\"a\"}] x",
            "[1]",
            "[{}{}]",
            "[{},]",
            "[,{}]",
            "{\"SyncList\":[{},,{}]}",
            "{\"SyncList\" [{}]}",
            "[{\"DbName\":5}]",
            "{\"SyncList\":[null]}",
            "{\"SyncList\":null}",
            "{\"SyncList\":[],\"SyncList\":[]}",
            "{\"SyncList\":[{\"ToServerList\":[{\"QueueMsgCount\":\"x\"}]}]}",
            "{\"SyncList\":[{}],",
            "\u{feff}{\"SyncList\":[{}]}",
            "{\"Sync\\u004cist\":[{}]}",
            "{\"status\":-1,\"msg\":\"ip is refused\",\"data\":null}",
            "<html>login</html>",
        ];
        for body in odd {
            for version in [ApiVersion::V1, ApiVersion::V2] {
                for chunk in [1, 3, 64] {
                    assert_eq!(
                        streamed(body, chunk, version),
                        parse_sync_list_as(version, body),
                        "{body:?} {version:?} chunk {chunk}"
                    );
                }
            }
        }
    }
}
