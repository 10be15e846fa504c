//! Talking to Bifrost: the sign-in session (pure, native-tested) and, in the browser, the
//! HTTP client with its body buffers.

pub mod body_buffer;
pub mod credentials;

#[cfg(target_arch = "wasm32")]
mod bifrost;
#[cfg(target_arch = "wasm32")]
pub mod early;
#[cfg(target_arch = "wasm32")]
mod http;
#[cfg(target_arch = "wasm32")]
pub use bifrost::*;
#[cfg(target_arch = "wasm32")]
pub use http::*;
