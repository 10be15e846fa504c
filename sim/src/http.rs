//! A deliberately tiny HTTP/1.1 server: thread per connection, keep-alive, Content-Length
//! bodies only, optional TLS through rustls. Enough for a test double, fast to compile, and it
//! lets us control every header byte (Bifrost sends no Content-Type on an empty body).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use bifrost_encoding::{percent_decode_path, percent_decode_query};

pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub peer: IpAddr,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Query parameters followed by url-encoded form fields (Go's `FormValue` sees both).
    pub fn params(&self) -> Vec<(String, String)> {
        let mut out = parse_urlencoded(&self.query);
        let is_form = self
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            out.extend(parse_urlencoded(&String::from_utf8_lossy(&self.body)));
        }
        out
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Close the connection without writing anything (used by the `hang` fault).
    pub drop_connection: bool,
    /// Announce the whole body in Content-Length but write only this many bytes of it, then
    /// close the connection (the `dropmid` fault: a connection lost mid-body).
    pub cut_body_at: Option<usize>,
}

impl Response {
    /// 200 text/plain like every Bifrost answer; an empty body carries no Content-Type,
    /// exactly as Go's net/http does when nothing is written.
    pub fn text(body: impl Into<Vec<u8>>) -> Response {
        let body = body.into();
        let mut headers = Vec::new();
        if !body.is_empty() {
            headers.push(("Content-Type".into(), "text/plain; charset=utf-8".into()));
        }
        Response {
            status: 200,
            headers,
            body,
            drop_connection: false,
            cut_body_at: None,
        }
    }

    pub fn empty() -> Response {
        Response::text(Vec::new())
    }

    /// Sets a header, replacing one of the same name.
    pub fn with_header(mut self, k: &str, v: &str) -> Response {
        self.headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case(k));
        self.headers.push((k.into(), v.into()));
        self
    }
}

pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// Accepts connections forever, one thread each.
pub fn serve(listener: TcpListener, tls: Option<Arc<rustls::ServerConfig>>, handler: Handler) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let handler = handler.clone();
        let tls = tls.clone();
        std::thread::spawn(move || {
            let _ = stream.set_nodelay(true);
            // Idle keep-alive connections are dropped after a while.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
            let Ok(peer) = stream.peer_addr() else { return };
            match tls {
                Some(cfg) => {
                    let Ok(conn) = rustls::ServerConnection::new(cfg) else {
                        return;
                    };
                    let tls_stream = rustls::StreamOwned::new(conn, stream);
                    connection(tls_stream, peer.ip(), &handler);
                }
                None => connection(stream, peer.ip(), &handler),
            }
        });
    }
}

fn connection<S: Read + Write>(stream: S, peer: IpAddr, handler: &Handler) {
    let mut reader = BufReader::new(stream);
    loop {
        let req = match read_request(&mut reader, peer) {
            Ok(Some(r)) => r,
            _ => return,
        };
        let close = req
            .header("connection")
            .is_some_and(|c| c.eq_ignore_ascii_case("close"));
        let resp = handler(&req);
        if resp.drop_connection {
            return;
        }
        let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
        for (k, v) in &resp.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", resp.body.len()));
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let w = reader.get_mut();
        let body = match resp.cut_body_at {
            Some(n) => &resp.body[..n.min(resp.body.len())],
            None => &resp.body[..],
        };
        let ok = w.write_all(head.as_bytes()).is_ok()
            && (req.method == "HEAD" || w.write_all(body).is_ok())
            && w.flush().is_ok();
        if !ok || close || resp.cut_body_at.is_some() {
            return;
        }
    }
}

fn read_request<R: BufRead>(r: &mut R, peer: IpAddr) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut req = Request {
        method: method.to_string(),
        path: percent_decode_path(path),
        query: query.to_string(),
        headers: Vec::new(),
        body: Vec::new(),
        peer,
    };
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 || req.headers.len() > 100 {
            return Ok(None);
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            req.headers
                .push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = req
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if len > 1 << 20 {
        return Ok(None);
    }
    req.body = vec![0; len];
    r.read_exact(&mut req.body)?;
    Ok(Some(req))
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        302 => "Found",
        404 => "Not Found",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

pub fn parse_urlencoded(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode_query(k), percent_decode_query(v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(
            parse_urlencoded("a%3Db=c+d")[0],
            ("a=b".into(), "c d".into())
        );
        let p = parse_urlencoded("DbName=x&Type=&format=json");
        assert_eq!(p[0], ("DbName".into(), "x".into()));
        assert_eq!(p[1], ("Type".into(), "".into()));
    }
}
