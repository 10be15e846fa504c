//! Bifrost Dashboard. The layers, each in its own folder, import only from the layers before
//! them (ARCHITECTURE.md has the rule and the grep that checks it):
//!
//! `wire` (Bifrost's JSON, both API generations, request building) -> `model` (pure domain
//! logic: rates, health, lag, rows, alerts) -> `ui` (pure logic of the interface: URL state,
//! fetch plan, configuration, texts, palette, chart geometry, exports) -> `client` (the
//! credentials session and the HTTP client) -> `runtime` (store, poller, URL sync) -> `views`
//! (components). `browser` holds the browser's primitives and imports nothing of the crate.
//! Everything up to `ui` and the client's credentials compiles natively, so `cargo test` is
//! fast; the rest exists only on wasm32.

pub mod client;
pub mod model;
pub mod ui;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod runtime;
#[cfg(target_arch = "wasm32")]
pub mod views;

#[cfg(target_arch = "wasm32")]
pub use views::app::start;
