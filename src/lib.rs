//! The shipshape playground as a library, so the browser tests in tests/ can mount the same App.
//! `model` and `examples` are plain Rust (tested natively); `app` is the Yew view (wasm32 only).

#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod course;
pub mod examples;
pub mod model;
pub mod persist;
pub mod route;
pub mod rulebook;
pub mod settings;
pub mod worker;
