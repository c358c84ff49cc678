//! Workshop mode: `#/learn` lists the course and the example gallery; `#/learn/<id>` opens an
//! exercise in a panel beside the editor, its goals (`crate::course`) ticking as the learner types,
//! hints one at a time, a done state, and Reset.

use super::findings::inline;
use super::rules_page::page_nav;
use super::state::{Action, StateRef};
use super::teach::TeachAction;
use crate::course::{self, EXERCISES};
use crate::examples::EXAMPLES;
use crate::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

#[function_component(CourseView)]
pub fn course_view(p: &Props) -> Html {
    let progress = &p.state.teach.progress;
    let lessons = EXERCISES.iter().enumerate().map(|(i, ex)| {
        let done = progress.is_done(ex.id);
        html! {
            <li class={classes!("lesson", done.then_some("done"))} data-exercise={ex.id}>
                <a class="lesson-link" href={Route::Exercise(ex.id.into()).href()}>
                    <span class="lesson-no" aria-hidden="true">{ if done { "✓".to_string() } else { (i + 1).to_string() } }</span>
                    <span class="lesson-body">
                        <span class="lesson-title">{ ex.title }</span>
                        <span class="lesson-teaches">{ ex.teaches }</span>
                    </span>
                    if done { <span class="lesson-done">{ "done" }</span> }
                </a>
            </li>
        }
    });
    let gallery = EXAMPLES.iter().enumerate().map(|(i, ex)| {
        let d = p.dispatch.clone();
        let onclick = Callback::from(move |_: MouseEvent| d.emit(Action::Teach(TeachAction::OpenGallery(i))));
        let files = ex.files.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(", ");
        html! {
            <li class="gallery-item" data-example={ex.id}>
                <h4>{ ex.title }</h4>
                <p>{ ex.teaches }</p>
                <p class="gallery-files">{ files }</p>
                <button type="button" class="btn" {onclick}
                    aria-label={format!("Open in playground: {}", ex.title)}>{ "Open in playground" }</button>
            </li>
        }
    });
    html! {
        <main class="page learn-page" id="course">
            { page_nav("Learn") }
            <h2 class="page-title">{ "Learn" }</h2>
            <p class="page-intro">{ format!("{} exercises, from tags and apt hygiene to a compose stack wired to its Dockerfiles. Each opens beside the editor; its goals tick as you type. {} of {} done in this browser.", EXERCISES.len(), progress.done.len(), EXERCISES.len()) }</p>
            <ol class="lessons">{ for lessons }</ol>
            <h3>{ "Example gallery" }</h3>
            <p class="page-intro">{ "Realistic workspaces written for shipshape, each with what it teaches." }</p>
            <ul class="gallery">{ for gallery }</ul>
        </main>
    }
}

/// The open exercise beside the editor.
#[function_component(ExercisePanel)]
pub fn exercise_panel(p: &Props) -> Html {
    let s = &p.state;
    let d = &p.dispatch;
    let i = s.teach.exercise.unwrap_or(0);
    let ex = &EXERCISES[i.min(EXERCISES.len() - 1)];
    // Goals are judged on a fresh lint only (a very large workspace may wait for its lint).
    let met: Vec<bool> = if s.fresh() {
        course::progress(ex, &s.session.workspace(), &s.report)
    } else {
        vec![false; ex.goals.len()]
    };
    let all = met.iter().all(|m| *m);
    {
        let d = d.clone();
        use_effect_with((ex.id, all), move |&(_, all)| {
            if all {
                d.emit(Action::Teach(TeachAction::Finished));
            }
        });
    }
    let goals = ex.goals.iter().zip(&met).map(|((label, _), ok)| {
        html! {
            <li class={classes!("goal", if *ok { "met" } else { "open" })}>
                <span class="goal-mark" aria-hidden="true">{ if *ok { "✓" } else { "○" } }</span>
                <span class="goal-text">{ inline(label) }</span>
                <span class="sr-only">{ if *ok { " (met)" } else { " (not yet)" } }</span>
            </li>
        }
    });
    let shown = s.teach.hints.min(ex.hints.len());
    let hints = ex.hints[..shown]
        .iter()
        .map(|h| html! { <li>{ inline(h) }</li> });
    let left = ex.hints.len() - shown;
    let next = EXERCISES.get(i + 1);
    let n_met = met.iter().filter(|m| **m).count();
    html! {
        <section class="exercise" id="exercise" data-exercise={ex.id} aria-label="Exercise">
            <p class="ex-crumbs"><a href="#/learn">{ "Learn" }</a>{ format!(" · exercise {} of {}", i + 1, EXERCISES.len()) }</p>
            <h2 class="ex-heading">{ ex.title }</h2>
            <p class="ex-instructions">{ inline(ex.instructions) }</p>
            <h3 class="ex-sub">{ format!("Goals ({n_met} of {})", ex.goals.len()) }</h3>
            <ul class="goals" aria-live="polite">{ for goals }</ul>
            if all {
                <div class="ex-done" id="exercise-done" role="status">
                    <strong>{ "Done!" }</strong>{ " Every goal is met." }
                    if let Some(n) = next {
                        { " " }<a href={Route::Exercise(n.id.into()).href()} class="ex-next">{ format!("Next: {}", n.title) }</a>
                    } else {
                        { " That was the last exercise. " }<a href="#/learn">{ "All exercises" }</a>
                    }
                </div>
            }
            if shown > 0 {
                <ol class="hints">{ for hints }</ol>
            }
            <div class="ex-actions">
                <button type="button" class="btn" id="hint" disabled={left == 0}
                    onclick={d.reform(|_| Action::Teach(TeachAction::NextHint))}>
                    { if left == 0 { "No more hints".to_string() } else { format!("Show a hint ({left} left)") } }
                </button>
                <button type="button" class="btn" id="exercise-reset"
                    onclick={d.reform(|_| Action::Teach(TeachAction::Reset))}>{ "Reset" }</button>
                <button type="button" class="btn" id="exercise-leave"
                    onclick={d.reform(|_| Action::Teach(TeachAction::Leave))}>{ "Close" }</button>
            </div>
        </section>
    }
}
