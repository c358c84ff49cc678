//! The playground UI: workspace files on the left, the editor in the middle, findings with their
//! explanations and fix diffs on the right. Small function components over one reducer
//! (`state::Root`, actions in `state::Action`): state goes down as props, actions come up through
//! one callback; each component focuses or scrolls its own elements through node refs when the
//! state asks for it.

mod changes;
mod diff_view;
mod docs;
mod dom;
mod editor;
mod files;
mod findings;
mod learn;
mod lint_worker;
mod report;
mod rules_page;
mod share;
mod state;
mod storage;
mod teach;

pub use self::share::AppProps;
pub use crate::persist::{read_workspace_file, workspace_file};

use self::state::{Action, Root, State, StateRef};
use crate::route;
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// How long typing must pause before a large workspace is linted.
const LARGE_DEBOUNCE_MS: u32 = 250;

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let root = {
        let (storage, worker) = (props.storage.clone(), props.lint_worker);
        use_reducer(move || Root(Rc::new(State::new(storage, worker))))
    };
    let state = StateRef(root.0.clone());
    // One callback for the page's lifetime: components that take it as a prop (the gutter, the
    // findings' rows) then compare equal across renders and are skipped when nothing else changed.
    let dispatch: Callback<Action> = {
        let d = root.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a| d.dispatch(a)))).clone()
    };
    // A link pasted into the address bar of this tab opens too.
    {
        let d = dispatch.clone();
        let listen = props.storage.is_some();
        use_effect_with(listen, move |&listen| {
            let cb = Closure::<dyn FnMut()>::new(move || {
                d.emit(Action::Share(share::ShareAction::HashChanged))
            });
            let window = web_sys::window();
            if listen {
                if let Some(w) = &window {
                    let _ = w.add_event_listener_with_callback(
                        "hashchange",
                        cb.as_ref().unchecked_ref(),
                    );
                }
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "hashchange",
                        cb.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    // The page's routes (#/rules, #/learn, ...) follow the address bar.
    teach::use_routes(dispatch.clone(), props.storage.is_some());
    lint_worker::use_lint_worker(&state, &dispatch);
    docs::use_docs(&state, &dispatch);
    // Without the worker, very large workspaces are linted when typing pauses.
    {
        let d = dispatch.clone();
        let stale = (!state.fresh() && !state.worker).then_some(state.session.rev);
        use_effect_with(stale, move |stale| {
            let t = stale
                .map(|rev| Timeout::new(LARGE_DEBOUNCE_MS, move || d.emit(Action::Relint(rev))));
            move || drop(t)
        });
    }
    // Settings go to the page while rendering (idempotent CSSOM writes), before any child's
    // effect measures the editor (soft wrap sizes line numbers from the drawn lines).
    {
        let applied = use_mut_ref(|| None::<crate::settings::Settings>);
        if applied.borrow().as_ref() != Some(&state.settings) {
            dom::apply_settings(&state.settings);
            *applied.borrow_mut() = Some(state.settings.clone());
        }
    }
    let onkeydown = changes::shortcuts(&dispatch);
    let dropping = use_state(|| false);
    let ondragover = {
        let dropping = dropping.clone();
        Callback::from(move |e: DragEvent| {
            let files = e
                .data_transfer()
                .is_some_and(|dt| dt.types().includes(&"Files".into(), 0));
            if files {
                // Accept the drop (the browser would otherwise open the file itself).
                e.prevent_default();
                if !*dropping {
                    dropping.set(true);
                }
            }
        })
    };
    let ondragleave = {
        let dropping = dropping.clone();
        Callback::from(move |e: DragEvent| {
            // Only when the pointer leaves the page, not when it crosses into a child.
            if e.related_target().is_none() {
                dropping.set(false);
            }
        })
    };
    let ondrop = {
        let (dropping, d) = (dropping.clone(), dispatch.clone());
        Callback::from(move |e: DragEvent| {
            let Some(dt) = e.data_transfer() else { return };
            if !dt.types().includes(&"Files".into(), 0) {
                return;
            }
            e.prevent_default();
            dropping.set(false);
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let (picked, folder) = dom::read_drop(dt).await;
                d.emit(Action::Opened(crate::persist::open_picked(picked, folder)));
            });
        })
    };
    html! {
        <div class={classes!("app", dropping.then_some("dropping"))}
            {onkeydown} {ondragover} {ondragleave} {ondrop}>
            <files::TopBar state={state.clone()} dispatch={dispatch.clone()} />
            <lint_worker::LintFailedBanner state={state.clone()} dispatch={dispatch.clone()} />
            {
                match &state.teach.route {
                    route::Route::Rules => html! { <rules_page::RulesIndex state={state.clone()} dispatch={dispatch.clone()} /> },
                    route::Route::Rule(id) => html! { <rules_page::RulePage id={id.clone()} docs={state.docs.clone()} dispatch={dispatch.clone()} /> },
                    route::Route::Learn => html! { <learn::CourseView state={state.clone()} dispatch={dispatch.clone()} /> },
                    _ => html! {
                        <main class={classes!("workbench", state.teach.exercise.is_some().then_some("with-exercise"))}>
                            if state.teach.exercise.is_some() {
                                <learn::ExercisePanel state={state.clone()} dispatch={dispatch.clone()} />
                            }
                            <files::FileList state={state.clone()} dispatch={dispatch.clone()} />
                            <editor::Editor state={state.clone()} dispatch={dispatch.clone()} />
                            <findings::Problems state={state.clone()} dispatch={dispatch.clone()} />
                        </main>
                    },
                }
            }
            <share::ShareBanner state={state.clone()} dispatch={dispatch.clone()} />
            if *dropping {
                <div class="drop-hint" aria-hidden="true">{ "Drop files or folders to open them" }</div>
            }
        </div>
    }
}

/// Focus `node` when `req` (a one-shot focus request's seq) is new; inputs get their text selected.
#[hook]
fn use_focus(node: NodeRef, req: Option<u64>) {
    use_effect_with(req, move |req| {
        if req.is_some() {
            let Some(el) = node.cast::<web_sys::HtmlElement>() else {
                return;
            };
            let _ = el.focus();
            // A text box (rename, the raw report) gets its text selected too.
            match el.tag_name().as_str() {
                "INPUT" => el.unchecked_ref::<web_sys::HtmlInputElement>().select(),
                "TEXTAREA" if el.id() != "editor" => {
                    el.unchecked_ref::<web_sys::HtmlTextAreaElement>().select()
                }
                _ => {}
            }
        }
    });
}

/// `performance.now()`: milliseconds since the page started (0 where there is no window).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Scroll `el` into view (its nearest edge, or centred).
fn scroll_into_view(el: &Element, center: bool) {
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(if center {
        web_sys::ScrollLogicalPosition::Center
    } else {
        web_sys::ScrollLogicalPosition::Nearest
    });
    opts.set_inline(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

/// A small stroked icon (16×16 view box); decorative, so hidden from assistive technology.
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d={path} />
        </svg>
    }
}

mod icons {
    pub const PLUS: &str = "M8 3v10M3 8h10";
    pub const CLOSE: &str = "M4.5 4.5l7 7M11.5 4.5l-7 7";
    pub const PENCIL: &str = "M3 13l.8-3.2L10.5 3.1l2.4 2.4-6.7 6.7z";
    pub const UNDO: &str = "M5.5 3.5L2.5 6.5l3 3M2.5 6.5h7a3.5 3.5 0 0 1 0 7H7";
    pub const REDO: &str = "M10.5 3.5l3 3-3 3M13.5 6.5h-7a3.5 3.5 0 0 0 0 7H9";
    pub const LOCK: &str = "M4 7.5h8v6H4zM5.8 7.5V5.3a2.2 2.2 0 0 1 4.4 0v2.2";
    pub const CHEVRON: &str = "M4.5 6.5L8 10l3.5-3.5";
    pub const CHECK: &str = "M3.5 8.5l3 3 6-7";
    pub const BOOK: &str = "M2.5 3.5h4a1.5 1.5 0 0 1 1.5 1.5v8a1.2 1.2 0 0 0-1.2-1.2H2.5zM13.5 3.5h-4A1.5 1.5 0 0 0 8 5v8a1.2 1.2 0 0 1 1.2-1.2h4.3z";
    pub const FOLDER: &str = "M2 4.5h4l1.5 1.5H14v6.5H2z";
    pub const FILE: &str = "M4 2.5h5l3 3v8H4zM9 2.5v3h3";
    pub const VIEW: &str = "M2.5 4.5h11M2.5 8h11M2.5 11.5h7";
}
