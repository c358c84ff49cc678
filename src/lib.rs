//! The shipshape playground as a library, so the browser tests in tests/ can mount the same App.

#[cfg(target_arch = "wasm32")]
pub mod app;
