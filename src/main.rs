//! Entry point of the shipshape playground: mounts the Yew app on <body> (wasm32 only). The same
//! wasm module is the lint worker: `worker.js` instantiates it in a Web Worker (no window there, so
//! `main` mounts nothing) and calls [`shipshape_lint`].

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(target_arch = "wasm32")]
fn main() {
    if web_sys::window().is_none() {
        // The lint worker: a panic aborts the instance; worker.js reports it to the page, which
        // restarts the worker. Its message goes to the console for whoever debugs it.
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("shipshape lint worker: {info}").into());
        }));
        return;
    }
    // A panic stops the wasm app, but the page and the textarea's text stay. Say so, as text, so
    // the user can still copy their work out of the editor.
    yew::set_custom_panic_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&msg.as_str().into());
        let banner = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| Some((d.create_element("div").ok()?, d.body()?)));
        if let Some((div, body)) = banner {
            div.set_class_name("crash");
            div.set_attribute("role", "alert").ok();
            div.set_text_content(Some(
                "shipshape stopped because of an internal error. Your text is still in the editor: copy it before reloading the page.",
            ));
            let _ = body.prepend_with_node_1(&div);
        }
    }));
    yew::Renderer::<shipshape_web::app::App>::with_props(shipshape_web::app::AppProps::page())
        .render();
}

/// The lint worker's job (worker.js): a request from `shipshape_web::worker::plan` in, the
/// answer `shipshape_web::worker::decode` reads out.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn shipshape_lint(request: &str) -> String {
    shipshape_web::worker::run(request)
}

/// Makes the lint worker panic the way a bug in the linter would. Only worker.js calls it, and
/// only for a message the page never sends (the end-to-end test injects it), so the test can
/// prove that the page survives a dead worker.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn shipshape_test_panic() {
    panic!("a panic asked for by the test hook");
}

// Natively there is nothing to run; this keeps `cargo build/test --workspace` working on the host.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
