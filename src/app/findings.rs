//! The right panel and its Findings tab: parse errors and findings for every file, and for the
//! selected one its explanation from the rule docs and, when it has a fix, the fix as a diff
//! (unified or side by side) with Apply. The other tabs live in changes.rs and report.rs.

use super::changes::Tab;
use super::diff_view::diff_block;
use super::files::plural;
use super::{icon, icons, App, Msg};
use crate::model::{self, Item};
use shipshape_core::fix::apply_edits;
use shipshape_core::lint::find_rule;
use shipshape_core::{diff, Applicability, Finding, Severity};
use yew::prelude::*;

/// Text with `code` runs (rule docs and messages use backticks and no other markup).
pub(super) fn inline(s: &str) -> Html {
    let runs = model::code_runs(s).into_iter().map(|(code, t)| {
        if code {
            html! { <code>{ t.to_string() }</code> }
        } else {
            html! { { t.to_string() } }
        }
    });
    html! { { for runs } }
}

fn prose(s: &str) -> Html {
    let paras = s
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| html! { <p>{ inline(p) }</p> });
    html! { { for paras } }
}

impl App {
    fn view_fix(&self, ctx: &Context<Self>, f: &Finding) -> Html {
        let Some(fix) = &f.fix else {
            return html! {};
        };
        let Some(doc) = self.session.by_path(&f.file) else {
            return html! {};
        };
        let fresh = self.fresh();
        let new = apply_edits(&doc.text, &fix.edits);
        let (body, can_apply) = match &new {
            Ok(new) if fresh => (
                diff_block(
                    &diff::unified(&f.file, &doc.text, new, 2),
                    "Fix as a diff",
                    self.panel.side_by_side,
                ),
                true,
            ),
            Ok(_) => (
                html! { <p class="muted">{ "Waiting for the lint to catch up with your typing…" }</p> },
                false,
            ),
            Err(e) => (
                html! { <p class="fix-error">{ format!("This fix no longer applies to the text: {e}.") }</p> },
                false,
            ),
        };
        let safe = fix.applicability == Applicability::Safe;
        let key = Item::Finding(f).key();
        html! {
            <div class="fix">
                <div class="fix-head">
                    <h3>{ "Suggested fix" }</h3>
                    <span class={classes!("badge", if safe { "safe" } else { "unsafe" })}
                        title={if safe { "Keeps the build's behaviour" } else { "Changes behaviour: review the diff" }}>
                        { if safe { "safe" } else { "review" } }
                    </span>
                    { self.layout_toggle(ctx.link()) }
                </div>
                <p class="fix-title">{ fix.title.clone() }</p>
                { body }
                <div class="fix-actions">
                    <button type="button" class="btn primary apply" disabled={!can_apply}
                        onclick={ctx.link().callback(move |_| Msg::Apply(key.clone()))}>
                        { icon(icons::CHECK) }{ "Apply fix" }
                    </button>
                    <span class="muted small">{ "Undo restores the previous text." }</span>
                </div>
            </div>
        }
    }

    fn view_detail(&self, ctx: &Context<Self>, item: Item<'_>) -> Html {
        let f = match item {
            Item::Error(e) => {
                return html! {
                    <div class="detail" role="region" aria-label="Parse error">
                        <p>{ format!("shipshape could not parse {} at line {}, column {}. ", e.file, e.line, e.column) }
                           { "The parser recovers at the next line, so the rest of the file is still checked, but findings near this line may be missing." }</p>
                        <p class="muted">{ "Your text is left exactly as you typed it." }</p>
                    </div>
                };
            }
            Item::Finding(f) => f,
        };
        let meta = find_rule(f.rule);
        let aliases = if f.aliases.is_empty() {
            html! {}
        } else {
            html! { <p class="aliases">{ "Also known as " }{ for f.aliases.iter().map(|a| html! { <code>{ *a }</code> }) }</p> }
        };
        let Some(meta) = meta else {
            return html! { <div class="detail">{ aliases }{ self.view_fix(ctx, f) }</div> };
        };
        let refs = meta.references.iter().map(|r| {
            html! { <li><a href={*r} target="_blank" rel="noopener noreferrer">{ *r }</a></li> }
        });
        html! {
            <div class="detail" role="region" aria-label={format!("About {}", f.rule)}>
                <p class="summary">
                    <strong>{ inline(meta.summary) }</strong>
                    <span class="category">{ meta.category.as_str() }</span>
                </p>
                <div class="why">{ prose(meta.why) }</div>
                { self.view_fix(ctx, f) }
                <details class="rule-example">
                    <summary>{ "Example" }</summary>
                    <div class="ex-grid">
                        <div><h4 class="bad">{ "Flagged" }</h4><pre>{ meta.bad.trim_end() }</pre></div>
                        <div><h4 class="good">{ "Fine" }</h4><pre>{ meta.good.trim_end() }</pre></div>
                    </div>
                </details>
                { aliases }
                if !meta.references.is_empty() {
                    <div class="refs"><h4>{ "Learn more" }</h4><ul>{ for refs }</ul></div>
                }
            </div>
        }
    }

    pub(super) fn view_findings(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let items = self.items();
        let selected = self.selected_index(&items);
        let multi = self.session.docs().len() > 1;
        let count = |s: Severity| items.iter().filter(|i| i.severity() == s).count();
        let chips = [
            Severity::Error,
            Severity::Warning,
            Severity::Info,
            Severity::Style,
        ]
        .into_iter()
        .filter_map(|s| {
            let n = count(s);
            (n > 0).then(|| {
                html! {
                    <span class={classes!("chip", format!("sev-{}", s.as_str()))}>
                        <span class="dot"></span>{ format!("{n} {}{}", s.as_str(), if s == Severity::Style { "" } else { plural(n) }) }
                    </span>
                }
            })
        });

        let mut rows: Vec<Html> = Vec::new();
        let mut last_file: Option<&str> = None;
        for (n, item) in items.iter().enumerate() {
            if multi && last_file != Some(item.file()) {
                let file = item.file();
                let k = items.iter().filter(|i| i.file() == file).count();
                rows.push(html! {
                    <li class="group" role="presentation">
                        <span>{ file.to_string() }</span><span class="muted">{ k }</span>
                    </li>
                });
                last_file = Some(file);
            }
            let sev = item.severity();
            let is_sel = selected == Some(n);
            let key = item.key();
            let (rule_label, is_error) = match item.rule() {
                Some(r) => (r, false),
                None => ("parse error", true),
            };
            let has_fix = matches!(item, Item::Finding(f) if f.fix.is_some());
            rows.push(html! {
                <li key={format!("{}:{}:{}:{}", item.file(), item.span().start, rule_label, n)}
                    class={classes!("finding", format!("sev-{}", sev.as_str()), is_sel.then_some("selected"), is_error.then_some("parse-error"))}
                    data-rule={if is_error { "parse-error" } else { rule_label }}
                    data-severity={sev.as_str()} data-file={item.file().to_string()}
                    data-line={item.line().to_string()}>
                    <button type="button" class="finding-btn" aria-expanded={is_sel.to_string()}
                        onclick={link.callback(move |_| Msg::Select(key.clone()))}>
                        <span class="sev-icon" aria-hidden="true"></span>
                        <span class="f-body">
                            <span class="f-msg">{ inline(item.message()) }</span>
                            <span class="f-meta">
                                <span class="sev">{ sev.as_str() }</span>
                                <code class="rule">{ rule_label }</code>
                                <span class="loc">{ format!("{}:{}:{}", item.file(), item.line(), item.column()) }</span>
                                if has_fix { <span class="badge fixable">{ "fix" }</span> }
                            </span>
                        </span>
                    </button>
                    if is_sel { { self.view_detail(ctx, *item) } }
                </li>
            });
        }

        let notice = self.notice.as_ref().map(|n| {
            html! {
                <div class="notice" role="status">
                    <span>{ n.text.clone() }</span>
                    if n.undo && self.session.undo_label().is_some() {
                        <button type="button" id="notice-undo" class="link-btn"
                            onclick={link.callback(|_| Msg::Undo)}>{ "Undo" }</button>
                    }
                    <button type="button" class="ghost dismiss" aria-label="Dismiss"
                        onclick={link.callback(|_| Msg::DismissNotice)}>{ icon(icons::CLOSE) }</button>
                </div>
            }
        });
        let files = self.session.docs().len();
        let selected_has_fix =
            selected.is_some_and(|i| matches!(items[i], Item::Finding(f) if f.fix.is_some()));
        let wide = self.panel_wide(selected_has_fix);
        let body = match (self.panel.tab, &self.panel.plan) {
            (Tab::Findings, Some(plan)) => self.view_fix_all(ctx, plan),
            (Tab::Findings, None) => html! {
                <div id="panel-findings" class="tab-panel" role="tabpanel" aria-labelledby="tab-findings">
                    <div class="toolbar list-head">
                        <span class="chips">{ for chips }</span>
                        <span class="spacer"></span>
                        { self.view_fix_all_button(ctx) }
                    </div>
                    if items.is_empty() {
                        <div id="clean" class="clean">
                            { icon(icons::CHECK) }
                            <p><strong>{ "No findings." }</strong></p>
                            <p class="muted">{ format!("{} file{} checked against {} rules.", files, plural(files), shipshape_core::lint::all_rules().len()) }</p>
                        </div>
                    }
                    <ul id="findings" class="finding-list">{ for rows }</ul>
                </div>
            },
            (Tab::Changes, _) => self.view_changes(ctx),
            (Tab::Report, _) => self.view_report(ctx),
        };
        html! {
            <section class={classes!("problems", wide.then_some("wide"))} aria-label="Findings, changes and report">
                { self.view_tabs(ctx, items.len()) }
                { for notice }
                <p class="sr-only" aria-live="polite">{ format!("{} finding{}", items.len(), plural(items.len())) }</p>
                { body }
            </section>
        }
    }
}
