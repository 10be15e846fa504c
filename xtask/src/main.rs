//! Project tasks: `cargo xtask dev` (dashboard + simulator), `cargo xtask test` (every test),
//! `cargo xtask setup` (install missing tools). Each installs what is missing and reuses
//! what is there, so the README's two commands work on a fresh machine.
//!
//! This file dispatches the commands and holds the small helpers they share (`root`, `cmd`,
//! `run`, `output`); `setup`, `dev`, `test` and `bench` do the work.

mod bench;
mod compress;
mod dev;
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
        Some("compress") => compress::compress(&args[1..]),
        _ => Err("usage: cargo xtask <dev|test|setup|e2e|bench>\n  dev    start the dashboard against the simulator (or BIFROST_URL)\n  test   run every test (native, browser, end-to-end)\n  setup  install the tools the two commands need\n  e2e    build the app and run only the end-to-end tests\n  bench  build the release app and run the performance benchmark (--no-build reuses it)\n  compress  write the .br copies of a build's wasm, js and css (the release build runs it)".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
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
