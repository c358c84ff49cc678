//! The rules' documentation (why, examples, references), which the page's wasm is built without to
//! keep the first load small: `rule-docs.json`, next to index.html, generated at build time from
//! the rule files themselves (`crates/core/examples/rule_docs.rs`). It is fetched the first time a
//! view needs it (a finding's explanation, the rule pages, the Report tab) and installed into the
//! core, which then answers `RuleMeta::why()` and friends as the CLI does. The service worker keeps
//! a copy for offline use (static/sw.js).

use super::state::{Action, State};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// The file, relative to the page.
pub const FILE: &str = "rule-docs.json";

/// Where the documentation stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Docs {
    /// Not asked for yet.
    Missing,
    Loading,
    /// Installed (or compiled in: the browser tests).
    Ready,
    /// The fetch or the file failed; the views say so and go on without the text.
    Failed(String),
}

impl Docs {
    pub fn initial() -> Docs {
        if shipshape_core::diagnostics::docs_available() {
            Docs::Ready
        } else {
            Docs::Missing
        }
    }

    /// Whether a view that shows documentation should wait for it (`false` once it is there or
    /// will not come).
    pub fn pending(&self) -> bool {
        matches!(self, Docs::Missing | Docs::Loading)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocsAction {
    /// The fetch has started.
    Loading,
    Loaded(Result<(), String>),
}

impl State {
    /// Whether what the page shows reads the rules' documentation.
    pub fn needs_docs(&self) -> bool {
        use crate::route::Route;
        matches!(self.teach.route, Route::Rules | Route::Rule(_))
            || self.selected.is_some()
            || self.panel.tab == super::state::Tab::Report
    }

    pub(super) fn docs_update(&mut self, a: DocsAction) -> bool {
        let next = match a {
            DocsAction::Loading => Docs::Loading,
            DocsAction::Loaded(Ok(())) => Docs::Ready,
            DocsAction::Loaded(Err(e)) => Docs::Failed(e),
        };
        if self.docs == next {
            return false;
        }
        self.docs = next;
        true
    }
}

/// Fetch and install the documentation the first time a view needs it.
#[hook]
pub fn use_docs(state: &State, dispatch: &Callback<Action>) {
    let want = state.docs == Docs::Missing && state.needs_docs();
    let d = dispatch.clone();
    use_effect_with(want, move |&want| {
        if want {
            d.emit(Action::Docs(DocsAction::Loading));
            wasm_bindgen_futures::spawn_local(async move {
                let result = fetch_text(FILE)
                    .await
                    .and_then(|json| shipshape_core::diagnostics::install_docs(&json));
                d.emit(Action::Docs(DocsAction::Loaded(result)));
            });
        }
    });
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let err = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    JsFuture::from(response.text().map_err(err)?)
        .await
        .map_err(err)?
        .as_string()
        .ok_or_else(|| "not text".into())
}

/// What a view shows in place of the documentation while it loads or after it failed.
pub fn placeholder(docs: &Docs) -> Html {
    match docs {
        Docs::Ready => html! {},
        Docs::Failed(e) => html! {
            <p class="muted docs-note">{ format!("The rule documentation could not be loaded ({e}). Reload the page to try again.") }</p>
        },
        _ => {
            html! { <p class="muted docs-note" aria-busy="true">{ "Loading the rule documentation…" }</p> }
        }
    }
}
