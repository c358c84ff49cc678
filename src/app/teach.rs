//! The teaching side of the page: which route is shown (`crate::route`), the rule list's search and
//! filters, and the open exercise (hints shown, progress kept in localStorage). The views are
//! `rules_page.rs` (#/rules, #/rules/<id>) and `learn.rs` (#/learn, the exercise panel).
//!
//! Loading an exercise, a rule's example or a gallery example replaces the workspace as one Undo
//! step and keeps own work as "your previous workspace", as the Examples menu does.

use super::state::{Action, State};
use super::storage;
use crate::course::{self, Progress};
use crate::route::Route;
use shipshape_core::rules::examples::Example;
use shipshape_core::{Category, Severity};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// localStorage keys (under the page's prefix).
mod keys {
    /// Finished exercises, comma-separated ids.
    pub const DONE: &str = "learn-done";
    /// The exercise whose files the saved workspace holds, so a reload keeps the learner's text.
    pub const CURRENT: &str = "learn-current";
}

#[derive(Clone, Default)]
pub struct TeachState {
    pub route: Route,
    pub query: String,
    pub category: Option<Category>,
    pub severity: Option<Severity>,
    /// The open exercise (index into `course::EXERCISES`), beside the editor.
    pub exercise: Option<usize>,
    /// How many of its hints are shown.
    pub hints: usize,
    pub progress: Progress,
}

pub enum TeachAction {
    /// The location's fragment changed, or a link inside the page was followed.
    Go(Route),
    Search(String),
    Category(Option<Category>),
    Severity(Option<Severity>),
    /// Open a rule's example (by id) in the playground.
    OpenRuleExample(&'static str, Example),
    /// Open a gallery example in the playground.
    OpenGallery(usize),
    NextHint,
    /// Put the exercise's starting files back (one Undo away).
    Reset,
    /// Every goal of the open exercise is met.
    Finished,
    /// Close the exercise panel (the files stay).
    Leave,
}

impl State {
    /// On mount: progress from storage, and the route in the address bar.
    pub(super) fn teach_init(&mut self) {
        if let Some(store) = self.store() {
            self.teach.progress = Progress::parse(&store.get(keys::DONE).unwrap_or_default());
        }
        if self.store().is_some() {
            let route = Route::parse(&storage::location_fragment());
            self.go(route);
        }
    }

    pub(super) fn teach_update(&mut self, a: TeachAction) -> bool {
        match a {
            TeachAction::Go(route) => {
                if route == self.teach.route {
                    return false;
                }
                self.go(route);
            }
            TeachAction::Search(q) => self.teach.query = q,
            TeachAction::Category(c) => self.teach.category = c,
            TeachAction::Severity(s) => self.teach.severity = s,
            TeachAction::OpenRuleExample(id, which) => {
                let Some(check) = crate::rulebook::find(id) else {
                    return false;
                };
                let files = crate::rulebook::example_files(check, which);
                let what = match which {
                    Example::Bad => "flagged",
                    Example::Good => "fine",
                };
                self.load_files(&files, &format!("{id}'s {what} example"));
                self.teach.exercise = None;
                self.navigate(Route::Playground);
            }
            TeachAction::OpenGallery(i) => {
                self.teach.exercise = None;
                self.navigate(Route::Playground);
                return self.update(Action::Example(i));
            }
            TeachAction::NextHint => self.teach.hints += 1,
            TeachAction::Reset => {
                let Some(ex) = self.teach.exercise.map(|i| &course::EXERCISES[i]) else {
                    return false;
                };
                self.load_files(&owned(ex.files), &format!("the start of “{}”", ex.title));
                self.teach.hints = 0;
            }
            TeachAction::Finished => {
                let Some(ex) = self.teach.exercise.map(|i| &course::EXERCISES[i]) else {
                    return false;
                };
                if !self.teach.progress.finish(ex.id) {
                    return false;
                }
                if let Some(store) = self.store() {
                    let _ = store.set(keys::DONE, &self.teach.progress.to_stored());
                }
            }
            TeachAction::Leave => {
                self.teach.exercise = None;
                if let Some(store) = self.store() {
                    store.remove(keys::CURRENT);
                }
                self.navigate(Route::Playground);
            }
        }
        true
    }

    /// Show `route`; an exercise route opens the exercise (its starting files, unless the saved
    /// workspace already is this exercise in progress).
    fn go(&mut self, route: Route) {
        if route == Route::Playground && self.teach.exercise.take().is_some() {
            if let Some(store) = self.store() {
                store.remove(keys::CURRENT);
            }
        }
        if let Route::Exercise(id) = &route {
            match course::find(id) {
                Some((i, ex)) => {
                    let current = self.store().and_then(|s| s.get(keys::CURRENT));
                    let in_progress =
                        self.teach.exercise == Some(i) || current.as_deref() == Some(ex.id);
                    if !in_progress {
                        self.load_files(&owned(ex.files), &format!("the exercise “{}”", ex.title));
                        self.teach.hints = 0;
                    }
                    self.teach.exercise = Some(i);
                    if let Some(store) = self.store() {
                        let _ = store.set(keys::CURRENT, ex.id);
                    }
                }
                None => {
                    self.notice(format!("There is no exercise “{id}”."), false);
                    self.teach.route = Route::Learn;
                    return;
                }
            }
        }
        self.teach.route = route;
    }

    /// Go to `route` and put it in the address bar (a history entry, so Back returns).
    fn navigate(&mut self, route: Route) {
        self.teach.route = route.clone();
        if self.store().is_some() {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let url = format!("{}{}", storage::base_url(), route.href());
                let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
    }

    /// Replace the workspace with `files` as one Undo step, keeping own work restorable.
    fn load_files(&mut self, files: &[(String, String)], what: &str) {
        let _ = self.stash_own_work();
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        self.session.replace_all(&pairs, &format!("Open {what}"));
        self.session.check = None;
        self.mark_pristine();
        self.selected = None;
        self.renaming = None;
        self.panel.plan = None;
        // The same path as every other workspace change (lint now, or after a pause when large).
        self.changed();
        self.notice(
            format!("Opened {what}. Your previous files are one Undo away."),
            true,
        );
    }
}

fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

/// Follow the address bar: every fragment change becomes a route (share links are the playground).
#[hook]
pub(super) fn use_routes(dispatch: Callback<Action>, listen: bool) {
    use_effect_with(listen, move |&listen| {
        let cb = Closure::<dyn FnMut()>::new(move || {
            let route = Route::parse(&storage::location_fragment());
            dispatch.emit(Action::Teach(TeachAction::Go(route)));
        });
        let window = web_sys::window().filter(|_| listen);
        for (w, name) in window
            .iter()
            .flat_map(|w| [(w, "hashchange"), (w, "popstate")])
        {
            let _ = w.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        }
        move || {
            for (w, name) in window
                .iter()
                .flat_map(|w| [(w, "hashchange"), (w, "popstate")])
            {
                let _ = w.remove_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
            }
        }
    });
}
