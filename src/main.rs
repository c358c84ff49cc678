//! Entry point of the shipshape playground: mounts the Yew app on <body> (wasm32 only).

#[cfg(target_arch = "wasm32")]
fn main() {
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

// Natively there is nothing to run; this keeps `cargo build/test --workspace` working on the host.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
