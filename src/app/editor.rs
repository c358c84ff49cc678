//! The editor: a plain textarea (so typing, IME, undo and accessibility are the browser's own) over
//! a backdrop that draws finding highlights and inline parse errors, beside a line-number gutter.

use super::files::kind_class;
use super::{App, Msg};
use crate::model::{self, Item, Mark, Piece};
use shipshape_core::{FileKind, Severity};
use std::rc::Rc;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct GutterProps {
    lines: usize,
    /// Worst severity per 1-based line (index 0 unused).
    marks: Rc<Vec<Option<Severity>>>,
    /// 1-based lines of the selected finding.
    selected: Option<(usize, usize)>,
    onselect: Callback<usize>,
}

/// Line numbers with a severity marker on lines that have findings. Its own component so that it
/// re-renders only when the line count or markers change, not on every keystroke.
#[function_component(Gutter)]
fn gutter(p: &GutterProps) -> Html {
    let onselect = p.onselect.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        let line = e
            .target_dyn_into::<Element>()
            .and_then(|el| el.closest(".ln.has").ok().flatten())
            .and_then(|el| el.get_attribute("data-line"))
            .and_then(|l| l.parse().ok());
        if let Some(line) = line {
            onselect.emit(line);
        }
    });
    let rows = (1..=p.lines).map(|n| {
        let sev = p.marks.get(n).copied().flatten();
        let sel = p.selected.is_some_and(|(a, b)| n >= a && n <= b);
        html! {
            <div class={classes!("ln", sev.map(|_| "has"), sev.map(|s| format!("sev-{}", s.as_str())), sel.then_some("sel"))}
                data-line={sev.map(|_| n.to_string())}>
                { n }
            </div>
        }
    });
    // Mouse convenience only: keyboard users reach the same findings through the findings list.
    html! { <div class="gutter" aria-hidden="true" {onclick}>{ for rows }</div> }
}

#[derive(Properties, PartialEq)]
struct BackdropProps {
    text: AttrValue,
    pieces: Rc<Vec<Piece>>,
}

/// The text again, invisible, under the textarea: only its highlights and inline messages show.
/// Every piece is a text node, so the user's text is never parsed as markup.
#[function_component(Backdrop)]
fn backdrop(p: &BackdropProps) -> Html {
    let text: &str = &p.text;
    let slice = |r: &std::ops::Range<usize>| text.get(r.clone()).unwrap_or("").to_string();
    let pieces = p.pieces.iter().map(|piece| match piece {
        Piece::Plain(r) => html! { { slice(r) } },
        Piece::Marked {
            range,
            severity,
            selected,
        } => html! {
            <mark class={classes!("m", format!("sev-{}", severity.as_str()), selected.then_some("sel"))}>
                { slice(range) }
            </mark>
        },
        Piece::Point { severity, selected } => html! {
            <mark class={classes!("pt", format!("sev-{}", severity.as_str()), selected.then_some("sel"))}></mark>
        },
        Piece::Lens { severity, message } => html! {
            <span class={classes!("lens", format!("sev-{}", severity.as_str()))}>{ message.clone() }</span>
        },
    });
    // The extra line and trailing space give the textarea room for the next keystroke, so the
    // browser keeps the caret in view by scrolling the editor before this backdrop catches up.
    html! { <pre class="backdrop" aria-hidden="true">{ for pieces }{ "\n \n" }</pre> }
}

impl App {
    pub(super) fn view_editor(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let doc = self.session.active();
        let id = doc.id;
        let kind = doc.kind();
        let (badge, kind_name) = model::kind_label(kind);
        let fresh = self.fresh();
        let items = self.items();
        let selected = self.selected_index(&items).map(|i| items[i]);
        let mine: Vec<Item<'_>> = if fresh {
            items
                .iter()
                .copied()
                .filter(|i| i.file() == doc.path)
                .collect()
        } else {
            Vec::new()
        };
        let is_selected = |i: &Item<'_>| selected.is_some_and(|s| s.key() == i.key());
        let marks: Vec<Mark> = mine
            .iter()
            .map(|i| Mark {
                range: i.span(),
                severity: i.severity(),
                selected: is_selected(i),
            })
            .collect();
        let errors: Vec<Item<'_>> = mine
            .iter()
            .copied()
            .filter(|i| matches!(i, Item::Error(_)))
            .collect();
        // An empty file shows the placeholder instead; its error stays in the strip and the list.
        let lenses: Vec<(usize, Severity, String)> = errors
            .iter()
            .filter(|_| !doc.text.trim().is_empty())
            .map(|e| {
                (
                    model::line_end(&doc.text, e.span().start),
                    Severity::Error,
                    format!("  ← {}:{} {}", e.line(), e.column(), e.message()),
                )
            })
            .collect();
        let pieces = Rc::new(model::pieces(&doc.text, &marks, &lenses));
        let lines = model::line_count(&doc.text);
        let gutter_marks = Rc::new(model::line_severities(lines, &mine, &doc.path));
        let sel_lines = selected.filter(|s| s.file() == doc.path).map(|s| match s {
            Item::Finding(f) => (f.line, f.end_line.max(f.line)),
            Item::Error(e) => (e.line, e.line),
        });

        let oninput = link.callback(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            Msg::Edit(id, area.value())
        });
        let error_strip = errors.iter().map(|e| {
            let key = e.key();
            html! {
                <li>
                    <button type="button" class="perr" onclick={link.callback(move |_| Msg::Select(key.clone()))}>
                        <strong>{ format!("Parse error at line {}, column {}", e.line(), e.column()) }</strong>
                        <span>{ format!(": {}", e.message()) }</span>
                    </button>
                </li>
            }
        });
        let status = format!(
            "Ln {}, Col {} · {} line{} · {}",
            self.caret.0,
            self.caret.1,
            lines,
            super::files::plural(lines),
            if doc.text.contains("\r\n") {
                "CRLF"
            } else {
                "LF"
            }
        );
        let lint_status = if fresh {
            // Integer maths: formatting an f64 would pull float printing into the wasm.
            let us = (self.lint_ms * 1000.0) as u64;
            if us < 100 {
                "linted in <0.1 ms".to_string()
            } else {
                format!("linted in {}.{} ms", us / 1000, us % 1000 / 100)
            }
        } else {
            "linting when you pause…".to_string()
        };
        html! {
            <section class="editor-pane" aria-label="Editor">
                <div class="pane-head">
                    <span class={classes!("kind-badge", kind_class(kind))}>{ badge }</span>
                    <h2 class="path" id="editor-path">{ doc.path.clone() }</h2>
                    if doc.path.rsplit('/').next() != Some(kind_name) {
                        <span class="kind-name">{ kind_name }</span>
                    }
                </div>
                if kind == FileKind::Other {
                    <p class="not-linted">
                        { "This file is not linted: shipshape detects the kind from the name. Rename it to Dockerfile, *.dockerfile, Containerfile, compose.yaml, .dockerignore or .hadolint.yaml." }
                    </p>
                }
                if !errors.is_empty() {
                    <ul id="parse-errors" class="parse-errors" role="alert">{ for error_strip }</ul>
                }
                <div class="editor-scroll" ref={self.scroller.clone()}>
                    <div class="editor-inner">
                        <Gutter {lines} marks={gutter_marks} selected={sel_lines}
                            onselect={link.callback(Msg::SelectLine)} />
                        <div class="code">
                            <Backdrop text={AttrValue::from(doc.text.clone())} {pieces} />
                            <textarea id="editor" ref={self.editor.clone()} value={doc.text.clone()}
                                wrap="off" spellcheck="false" autocomplete="off" autocapitalize="off"
                                aria-labelledby="editor-path" aria-describedby="editor-status"
                                placeholder="Paste or type a Dockerfile here…"
                                {oninput} onpaste={super::changes::on_paste(link, id)}
                                onkeyup={link.callback(|_| Msg::Caret)}
                                onmouseup={link.callback(|_| Msg::Caret)} />
                        </div>
                    </div>
                </div>
                <div class="statusbar" id="editor-status">
                    <span>{ status }</span>
                    <span class={classes!("lint-status", (!fresh).then_some("busy"))}>{ lint_status }</span>
                </div>
            </section>
        }
    }
}
