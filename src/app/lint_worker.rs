//! The lint worker, seen from the page: every new revision of the workspace is linted in a Web
//! Worker (`worker.js`, running this same wasm module), so typing never waits for a lint.
//!
//! - One lint runs at a time. A newer revision waits as the one pending request (replacing any
//!   older pending one); when the running lint is already older than [`CANCEL_AFTER_MS`], the
//!   worker is stopped and a fresh one lints the newest text instead.
//! - Answers carry their revision; the reducer applies one only while the text is still that
//!   revision (`Action::Linted`).
//! - A worker that dies (a panic in the linter, memory exhausted) or does not answer within
//!   [`TIMEOUT_MS`] is replaced by a fresh one, and the reducer hears which revision failed: the
//!   page says which file it was linting, keeps the text and marks the old findings out of date.
//!   After [`MAX_START_FAILURES`] workers that never answered, the page lints inline.

use super::state::{Action, State, StateRef};
use crate::worker::{self, Linted};
use gloo_timers::callback::Timeout;
use shipshape_core::FileError;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Object, Reflect};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

/// A running lint older than this is cancelled (the worker replaced) when newer text arrives.
const CANCEL_AFTER_MS: f64 = 500.0;
/// A lint that has not answered after this long is treated as a dead worker.
const TIMEOUT_MS: u32 = 20_000;
/// Workers in a row that failed to load (an error event, no message) before the page gives up on
/// workers and lints inline.
const MAX_START_FAILURES: u32 = 3;

/// How one lint ended, for the reducer.
pub struct LintDone {
    /// The session revision that was linted.
    pub rev: u64,
    /// The report, or why there is none (the worker died, timed out).
    pub result: Result<Linted, String>,
    /// Files the page did not send, with the limit they are over (`worker::plan`).
    pub refused: Vec<FileError>,
    /// Milliseconds the linter itself took (in the worker).
    pub lint_ms: f64,
}

struct Job {
    gen: u64,
    request: String,
    refused: Vec<FileError>,
}

struct Running {
    gen: u64,
    refused: Vec<FileError>,
    started: f64,
}

struct Inner {
    /// The last revision handed to [`submit`] (from the reducer or the effect, whichever came first).
    submitted: Option<u64>,
    worker: Option<Worker>,
    running: Option<Running>,
    pending: Option<Job>,
    watchdog: Option<Timeout>,
    /// Workers started since the last answer (a worker that cannot even start must not loop).
    failures: u32,
    dispatch: Callback<Action>,
    closures: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

type Shared = Rc<RefCell<Inner>>;

/// The page's lint worker as the reducer sees it (`State::linter`): empty until the App's
/// [`use_lint_worker`] has started it. Through it a new revision is sent to the worker as soon as the
/// reducer makes it, before the page draws it, so the lint runs while the page renders the edit.
#[derive(Clone, Default)]
pub struct Linter(Rc<RefCell<Weak<RefCell<Inner>>>>);

impl Linter {
    /// Send `state`'s revision to the worker, if it needs a lint and has not been sent yet.
    pub fn lint(&self, state: &State) {
        let Some(shared) = self.0.borrow().upgrade() else {
            return;
        };
        // Only to a running worker: starting one, or giving up on workers, may dispatch an action,
        // which must not happen inside the reducer. The effect does those after the render.
        let ready = {
            let inner = shared.borrow();
            inner.worker.is_some() && inner.failures < MAX_START_FAILURES
        };
        if ready {
            request(&shared, state);
        }
    }
}

/// Submit `state`'s revision unless it is linted, failed, or already submitted.
fn request(shared: &Shared, state: &State) {
    let rev = state.session.rev;
    if !state.worker
        || state.linted_rev == rev
        || state.lint_failed.as_ref().map(|f| f.rev) == Some(rev)
        || shared.borrow().submitted == Some(rev)
    {
        return;
    }
    shared.borrow_mut().submitted = Some(rev);
    let plan = worker::plan(&state.session);
    submit(
        shared,
        Job {
            gen: rev,
            request: plan.request,
            refused: plan.refused,
        },
    );
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Start a worker and hand it this wasm module (compiled already: no second download).
fn start(shared: &Shared) -> Option<Worker> {
    let opts = WorkerOptions::new();
    opts.set_type(WorkerType::Module);
    opts.set_name("shipshape-lint");
    let w = Worker::new_with_options("./worker.js", &opts).ok()?;
    let weak: Weak<RefCell<Inner>> = Rc::downgrade(shared);
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Some(shared) = weak.upgrade() {
            answered(&shared, &e.data());
        }
    });
    let weak: Weak<RefCell<Inner>> = Rc::downgrade(shared);
    // A worker script that fails to load or throws outside a lint: the same as a crash.
    let onerror = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        e.prevent_default();
        if let Some(shared) = weak.upgrade() {
            let message = get(&e, "message")
                .as_string()
                .unwrap_or_else(|| "the lint worker failed".into());
            // Counted: a worker that cannot even load must not be restarted for ever.
            shared.borrow_mut().failures += 1;
            died(&shared, None, message);
        }
    });
    w.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    w.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    w.set_onmessageerror(Some(onerror.as_ref().unchecked_ref()));
    let init = Object::new();
    set(&init, "module", &wasm_bindgen::module());
    if w.post_message(&init).is_err() {
        w.terminate();
        return None;
    }
    let mut inner = shared.borrow_mut();
    inner.closures.clear();
    inner.closures.push(onmessage);
    inner.closures.push(onerror);
    Some(w)
}

/// Stop the current worker (whatever it is doing).
fn stop(inner: &mut Inner) {
    if let Some(w) = inner.worker.take() {
        w.set_onmessage(None);
        w.set_onerror(None);
        w.set_onmessageerror(None);
        w.terminate();
    }
    inner.running = None;
    inner.watchdog = None;
}

/// Send `job` to the worker (starting one if needed); when no worker can be started at all, the
/// page falls back to linting inline.
fn post(shared: &Shared, job: Job) {
    let need_worker = shared.borrow().worker.is_none();
    if need_worker {
        if shared.borrow().failures >= MAX_START_FAILURES {
            let d = shared.borrow().dispatch.clone();
            d.emit(Action::LintInline);
            return;
        }
        let w = start(shared);
        shared.borrow_mut().worker = w;
    }
    let msg = Object::new();
    set(&msg, "gen", &JsValue::from_f64(job.gen as f64));
    set(&msg, "request", &JsValue::from_str(&job.request));
    let sent = shared
        .borrow()
        .worker
        .as_ref()
        .is_some_and(|w| w.post_message(&msg).is_ok());
    if !sent {
        let d = {
            let mut inner = shared.borrow_mut();
            stop(&mut inner);
            inner.dispatch.clone()
        };
        if shared.borrow().failures >= MAX_START_FAILURES {
            d.emit(Action::LintInline);
        }
        return;
    }
    let gen = job.gen;
    let weak = Rc::downgrade(shared);
    let watchdog = Timeout::new(TIMEOUT_MS, move || {
        if let Some(shared) = weak.upgrade() {
            died(
                &shared,
                Some(gen),
                format!(
                    "the linter did not finish within {} seconds",
                    TIMEOUT_MS / 1000
                ),
            );
        }
    });
    let mut inner = shared.borrow_mut();
    inner.running = Some(Running {
        gen,
        refused: job.refused,
        started: super::now_ms(),
    });
    inner.watchdog = Some(watchdog);
}

/// Lint `job`'s revision: now, after the running lint, or instead of it.
fn submit(shared: &Shared, job: Job) {
    let cancel = shared
        .borrow()
        .running
        .as_ref()
        .map(|r| super::now_ms() - r.started > CANCEL_AFTER_MS);
    match cancel {
        None => post(shared, job),
        Some(true) => {
            // The running lint is for older text and slow: stop it rather than wait.
            stop(&mut shared.borrow_mut());
            post(shared, job);
        }
        Some(false) => shared.borrow_mut().pending = Some(job),
    }
}

/// Send the pending job, if any.
fn next(shared: &Shared) {
    let job = shared.borrow_mut().pending.take();
    if let Some(job) = job {
        post(shared, job);
    }
}

/// The worker answered (a report, or the news that it crashed).
fn answered(shared: &Shared, data: &JsValue) {
    let gen = get(data, "gen").as_f64().map(|g| g as u64);
    // Any message proves the worker loads; a crash inside a lint is the input's doing, and the
    // page never lints that inline instead.
    shared.borrow_mut().failures = 0;
    let crash = get(data, "crash").as_string();
    if let Some(reason) = crash {
        died(shared, gen, reason);
        return;
    }
    let (running, d) = {
        let mut inner = shared.borrow_mut();
        if inner.running.as_ref().map(|r| r.gen) != gen {
            return;
        }
        inner.watchdog = None;
        (inner.running.take(), inner.dispatch.clone())
    };
    let Some(running) = running else { return };
    // An answer for text that a pending request has replaced is dropped unread.
    let superseded = shared.borrow().pending.is_some();
    if !superseded {
        let answer = get(data, "answer").as_string().unwrap_or_default();
        d.emit(Action::Linted(LintDone {
            rev: running.gen,
            result: worker::decode(&answer),
            refused: running.refused,
            lint_ms: get(data, "ms").as_f64().unwrap_or(0.0),
        }));
    }
    next(shared);
}

/// The worker died or hung: replace it, tell the reducer which revision failed, go on with any
/// newer text.
fn died(shared: &Shared, gen: Option<u64>, reason: String) {
    let (running, d) = {
        let mut inner = shared.borrow_mut();
        let running = inner.running.take();
        stop(&mut inner);
        (running, inner.dispatch.clone())
    };
    let failed = running.filter(|r| gen.is_none_or(|g| g == r.gen));
    if let Some(r) = failed {
        d.emit(Action::Linted(LintDone {
            rev: r.gen,
            result: Err(reason),
            refused: r.refused,
            lint_ms: 0.0,
        }));
    }
    // A fresh worker, ready for the next edit (and the next pending text, if any).
    let pending = shared.borrow().pending.is_some();
    if pending {
        next(shared);
    } else if shared.borrow().failures < MAX_START_FAILURES {
        let w = start(shared);
        shared.borrow_mut().worker = w;
    }
}

/// Lint every new revision of the workspace in the worker (when `state.worker` says so).
#[hook]
pub fn use_lint_worker(state: &StateRef, dispatch: &Callback<Action>) {
    let shared = use_mut_ref(|| None::<Shared>);
    let deps = (state.session.rev, state.worker);
    let (state, dispatch) = (state.clone(), dispatch.clone());
    // The reducer sends most revisions itself (`Linter`); this catches the first one and any it
    // could not send.
    use_effect_with(deps, move |&(_, on)| {
        if on {
            let sh = shared
                .borrow_mut()
                .get_or_insert_with(|| {
                    let sh = Rc::new(RefCell::new(Inner {
                        submitted: None,
                        worker: None,
                        running: None,
                        pending: None,
                        watchdog: None,
                        failures: 0,
                        dispatch,
                        closures: Vec::new(),
                    }));
                    *state.linter.0.borrow_mut() = Rc::downgrade(&sh);
                    sh
                })
                .clone();
            request(&sh, &state);
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

/// Says that linting stopped (the worker died or hung), on which file, and that the text is kept.
#[function_component(LintFailedBanner)]
pub fn lint_failed_banner(p: &BannerProps) -> Html {
    let Some(f) = p.state.lint_failed.as_ref() else {
        return Html::default();
    };
    if !f.shown {
        return Html::default();
    }
    let files = f.files.iter().enumerate().map(|(i, name)| {
        html! { <>{ if i == 0 { "" } else { ", " } }<bdi class="user">{ name.clone() }</bdi></> }
    });
    html! {
        <div id="lint-failed" class="lint-failed" role="alert">
            <p>
                <strong>{ "Linting stopped while checking " }{ for files }{ "." }</strong>
                { " " }{ format!("Reason: {}.", f.reason) }
                { " The linter has been restarted and your text is kept; the findings shown are from before this change and marked out of date. Edit the file to lint it again." }
            </p>
            <button type="button" class="ghost dismiss" aria-label="Dismiss"
                onclick={p.dispatch.reform(|_| Action::DismissLintFailed)}>{ super::icon(super::icons::CLOSE) }</button>
        </div>
    }
}
