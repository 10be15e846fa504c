//! Project tasks: `cargo xtask dev` (dashboard + simulator), `cargo xtask test` (every test),
//! `cargo xtask setup` (install missing tools). Each installs what is missing and reuses
//! what is there, so the README's two commands work on a fresh machine.
//!
//! This file dispatches the commands and holds the small helpers they share (`root`, `cmd`,
//! `run`, `output`); `setup`, `dev`, `test` and `bench` do the work.

mod bench;
mod compress;
mod dev;
mod fleet;
#[cfg(test)]
mod fleet_tests;
mod setup;
mod test;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use setup::setup;

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::dev(),
        Some("test") => test::test(),
        Some("setup") => setup(true),
        Some("e2e") => test::e2e(),
        Some("bench") => bench::bench(&args[1..]),
        Some("fleet") => fleet_files(&args[1..]),
        Some("compress") => compress::compress(&args[1..]),
        _ => Err("usage: cargo xtask <dev|test|setup|e2e|bench|fleet|compress>\n  dev    start the dashboard against the simulator (or BIFROST_URL)\n  test   run every test (native, browser, end-to-end)\n  setup  install the tools the two commands need\n  e2e    build the app and run only the end-to-end tests\n  bench  build the release app and run the performance benchmark (--no-build reuses it)\n  fleet  <servers-file> [--prefix /bifrost/] [--refresh N] [--config config.json] [--nginx bifrost-fleet-servers.conf]\n         write config.json and nginx's servers file from one list of servers\n  compress  write the .br copies of a build's wasm, js and css (the release build runs it)".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask fleet <servers-file>`: both files from the one list (see `fleet`).
fn fleet_files(args: &[String]) -> Result {
    let mut list = None;
    let (mut prefix, mut refresh) = ("/bifrost/".to_string(), None);
    let (mut config, mut nginx) = (
        PathBuf::from("config.json"),
        PathBuf::from("bifrost-fleet-servers.conf"),
    );
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} wants a value"));
        match a.as_str() {
            "--prefix" => prefix = value()?,
            "--refresh" => refresh = Some(value()?.parse().map_err(|_| "--refresh N (seconds)")?),
            "--config" => config = PathBuf::from(value()?),
            "--nginx" => nginx = PathBuf::from(value()?),
            _ if list.is_none() && !a.starts_with("--") => list = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument `{a}`")),
        }
    }
    let list = list.ok_or("usage: cargo xtask fleet <servers-file> [options]")?;
    if !(prefix.starts_with('/') && prefix.ends_with('/')) {
        return Err("--prefix starts and ends with `/`".into());
    }
    let text = std::fs::read_to_string(&list).map_err(|e| format!("{}: {e}", list.display()))?;
    let servers = fleet::parse_servers(&text)?;
    let conf = fleet::nginx_servers(&servers, &|s| fleet::read_password(&s.password_from))?;
    write_private(&nginx, &conf)?;
    let json = fleet::config_json(&servers, &prefix, refresh);
    std::fs::write(&config, json).map_err(|e| format!("{}: {e}", config.display()))?;
    eprintln!(
        "{} servers: {} (for the browser), {} (for nginx only: it holds the credentials)",
        servers.len(),
        config.display(),
        nginx.display()
    );
    Ok(())
}

/// Writes a file only its owner may read (it holds credentials).
fn write_private(path: &Path, text: &str) -> Result {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// PATH with the project's npm tools (wasm-opt) and cargo's bin first.
fn tool_path() -> String {
    let mut parts = vec![root()
        .join(".tools/node_modules/.bin")
        .display()
        .to_string()];
    if let Some(home) = env::var_os("HOME") {
        parts.push(Path::new(&home).join(".cargo/bin").display().to_string());
    }
    parts.push(env::var("PATH").unwrap_or_default());
    parts.join(":")
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", tool_path());
    c
}

fn run(c: &mut Command) -> Result {
    eprintln!("+ {c:?}");
    let status = c.status().map_err(|e| format!("{c:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{c:?} failed: {status}"))
    }
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
