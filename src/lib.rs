//! Bifrost Dashboard: data flows one way, wire -> model -> views.
//!
//! `wire` is Bifrost's JSON (both API generations) and request building; `model` is pure
//! domain logic (rates, health, lag); both compile natively so `cargo test` is fast.
//! The browser-only parts (`client`, `views`) exist only on wasm32.

pub mod model;
pub mod wire;
