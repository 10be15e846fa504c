//! The trunk entry point: mounts the app. Native builds have nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    bifrost_dashboard::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("bifrost-dashboard is a browser app: run `cargo xtask dev` (see README.md)");
}
