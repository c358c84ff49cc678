//! Entry point of the shipshape playground: mounts the Yew app on <body> (wasm32 only).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<shipshape_web::app::App>::new().render();
}

// Natively there is nothing to run; this keeps `cargo build/test --workspace` working on the host.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
