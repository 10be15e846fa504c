//! bifrost-sim: a test double of a Bifrost v2.4.1 (or v1) HTTP server.

mod auth;
mod cli;
mod fault;
mod flow;
mod http;
mod render;
mod replay;
mod rng;
mod routes;
mod world;

use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;

fn main() {
    let opts = match cli::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(opts) {
        eprintln!("bifrost-sim: {e}");
        std::process::exit(1);
    }
}

fn run(opts: cli::Options) -> Result<(), String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs() as i64;
    let listener =
        TcpListener::bind(opts.listen).map_err(|e| format!("bind {}: {e}", opts.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let tls = if opts.plain_http {
        None
    } else {
        Some(tls_config()?)
    };
    let replay = match &opts.replay {
        Some(file) => Some(Arc::new(replay::Replay::load(file)?)),
        None => None,
    };
    let app = Arc::new(routes::App::new(&opts, now));
    let scheme = if opts.plain_http { "http" } else { "https" };
    // Tests parse this single line to learn the port.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "bifrost-sim listening on {scheme}://{addr}");
    let _ = out.flush();
    match replay {
        Some(r) => http::serve(listener, tls, Arc::new(move |req| r.handle(req))),
        None => http::serve(listener, tls, Arc::new(move |req| app.handle(req))),
    }
    Ok(())
}

/// A fresh self-signed certificate per start, like a default Bifrost install (clients must
/// skip verification or trust it explicitly).
fn tls_config() -> Result<Arc<rustls::ServerConfig>, String> {
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .map_err(|e| format!("certificate: {e}"))?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ck.key_pair.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(vec![ck.cert.der().clone()], key)
        .map_err(|e| format!("tls: {e}"))?;
    Ok(Arc::new(cfg))
}
