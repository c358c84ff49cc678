//! Diffs on the page: the core's unified diff (imara-diff) drawn as coloured lines, or side by side
//! with old and new line numbers. Side by side is only offered on wide screens: the toggle and the
//! two-column table are hidden by a media query in static/style.css, which then shows the unified
//! diff rendered next to it, so resizing the window never leaves a cramped table behind.

use super::state::Action;
use crate::model::udiff::{self, Cell, Kind, Row};
use yew::prelude::*;

/// The unified diff, one coloured span per line. The text is the diff exactly as written.
pub(super) fn unified(diff: &str, label: &str, extra: Option<&'static str>) -> Html {
    let lines = udiff::parse(diff).into_iter().map(|l| {
        html! { <span class={classes!("dl", l.kind.class())}>{ l.raw.to_string() }{ "\n" }</span> }
    });
    // Focusable, so a diff wider or taller than its box scrolls from the keyboard too.
    html! {
        <pre class={classes!("diff", extra)} tabindex="0" role="region" aria-label={label.to_string()}>
            { for lines }
        </pre>
    }
}

fn cell(c: &Option<Cell<'_>>) -> Html {
    match c {
        Some(c) => html! {
            <>
                <td class="sbs-ln">{ c.no.map(|n| n.to_string()).unwrap_or_default() }</td>
                <td class={classes!("sbs-text", c.kind.class())}>{ c.text.to_string() }</td>
            </>
        },
        None => html! { <><td class="sbs-ln"></td><td class="sbs-text d-empty"></td></> },
    }
}

/// Old text on the left, new on the right, changed lines paired row by row.
fn side_by_side(diff: &str, label: &str) -> Html {
    let rows = udiff::side_by_side(diff).into_iter().map(|r| match r {
        // The file header names both sides already; hunks and notes span the table.
        Row::Wide(Kind::File, _) => html! {},
        Row::Wide(kind, raw) => html! {
            <tr class="sbs-wide"><td colspan="4" class={kind.class()}>{ raw.to_string() }</td></tr>
        },
        Row::Pair(old, new) => html! { <tr>{ cell(&old) }{ cell(&new) }</tr> },
    });
    html! {
        <div class="diff diff-sbs" tabindex="0" role="region" aria-label={format!("{label}, side by side")}>
            <table class="sbs">
                <colgroup>
                    <col class="sbs-ln-col" /><col /><col class="sbs-ln-col" /><col />
                </colgroup>
                <thead><tr><th colspan="2">{ "Before" }</th><th colspan="2">{ "After" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// A diff in the layout the user picked. Side by side also renders the unified diff, which the
/// stylesheet shows instead on narrow screens.
pub(super) fn diff_block(diff: &str, label: &str, sbs: bool) -> Html {
    if sbs {
        html! {
            <div class="diff-pair">
                { side_by_side(diff, label) }
                { unified(diff, label, Some("diff-uni")) }
            </div>
        }
    } else {
        unified(diff, label, None)
    }
}

#[derive(Properties, PartialEq)]
pub struct ToggleProps {
    pub side_by_side: bool,
    pub dispatch: Callback<Action>,
}

/// Unified / Side by side. Hidden on narrow screens (static/style.css), where diffs stay unified.
#[function_component(LayoutToggle)]
pub fn layout_toggle(p: &ToggleProps) -> Html {
    let button = |value: bool, label: &'static str, id: &'static str| {
        html! {
            <button type="button" class="seg" data-layout={id} aria-pressed={(p.side_by_side == value).to_string()}
                onclick={p.dispatch.reform(move |_| Action::SideBySide(value))}>
                { label }
            </button>
        }
    };
    html! {
        <div class="segmented diff-layout" role="group" aria-label="Diff layout">
            { button(false, "Unified", "unified") }
            { button(true, "Side by side", "sbs") }
        </div>
    }
}
