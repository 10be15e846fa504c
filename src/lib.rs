//! Bifrost Dashboard: data flows one way, wire -> model -> views.
//!
//! `wire` is Bifrost's JSON (both API generations) and request building; `model` is pure
//! domain logic (rates, health, lag); `url_state`, `plan` and `geometry` are the pure parts
//! of the views. All of these compile natively, so `cargo test` is fast. The browser-only
//! parts (`client`, `app`, `views`) exist only on wasm32.

pub mod alerts;
pub mod body_buffer;
pub mod config;
pub mod credentials;
pub mod export;
pub mod fleet;
pub mod geometry;
pub mod i18n;
pub mod json_path;
pub mod model;
pub mod palette;
pub mod plan;
pub mod url_state;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod instances;
#[cfg(target_arch = "wasm32")]
pub mod views;

#[cfg(target_arch = "wasm32")]
pub use app::start;
