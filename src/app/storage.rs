//! The page's own memory in this browser: localStorage under one prefix, and the location's fragment.
//! Nothing here talks to a network.

use wasm_bindgen::JsValue;

/// What is kept, under `<prefix>.<key>`.
pub(super) mod keys {
    /// The workspace (a share fragment, selection included): restored on reload.
    pub const WORKSPACE: &str = "workspace";
    /// The path of the file in the editor.
    pub const ACTIVE: &str = "active";
    /// The user's own work that a link (or example, or another tab) replaced: one click restores it.
    pub const PREVIOUS: &str = "previous";
    /// Fingerprint of the workspace as a link/example/start put it there, unchanged.
    pub const PRISTINE: &str = "pristine";
    /// The reader's settings: code size, soft wrap, theme (`crate::settings`).
    pub const SETTINGS: &str = "settings";
}

/// localStorage under a prefix. Every call may fail (storage disabled, quota); callers decide.
#[derive(Clone)]
pub(super) struct Store {
    prefix: String,
    storage: web_sys::Storage,
}

fn describe(e: &JsValue) -> String {
    let name = web_sys::js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|v| v.as_string());
    match name.as_deref() {
        Some("QuotaExceededError") => "the browser's storage for this page is full".into(),
        Some("SecurityError") => "the browser does not allow this page to store data".into(),
        Some(n) => format!("the browser refused ({n})"),
        None => "the browser refused".into(),
    }
}

impl Store {
    /// `None` when the browser gives no localStorage (disabled, or a sandboxed frame).
    pub(super) fn open(prefix: &str) -> Option<Store> {
        let storage = web_sys::window()?.local_storage().ok().flatten()?;
        Some(Store {
            prefix: prefix.to_string(),
            storage,
        })
    }

    fn key(&self, key: &str) -> String {
        format!("{}.{key}", self.prefix)
    }

    pub(super) fn get(&self, key: &str) -> Option<String> {
        self.storage.get_item(&self.key(key)).ok().flatten()
    }

    pub(super) fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.storage
            .set_item(&self.key(key), value)
            .map_err(|e| describe(&e))
    }

    pub(super) fn remove(&self, key: &str) {
        let _ = self.storage.remove_item(&self.key(key));
    }
}

/// The location's fragment without `#` (empty when there is none).
pub(super) fn location_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.strip_prefix('#').unwrap_or(&h).to_string())
        .unwrap_or_default()
}

/// The page's address without its fragment: the base of share links.
pub(super) fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Put `url` in the address bar without a navigation or a history entry.
pub(super) fn replace_url(url: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}
