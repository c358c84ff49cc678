//! The rule pages: `#/rules` lists every rule of the registry (searchable by id, alias and words,
//! filterable by category and severity), `#/rules/<id or alias>` shows one rule's docs, its bad and
//! good examples with "Open in playground", its fix as a diff on the bad example, other tools'
//! names and references. Everything comes from the rule metadata `shipshape explain` prints
//! (`crate::rulebook`).

use super::diff_view;
use super::findings::{inline, prose};
use super::state::{Action, StateRef};
use super::teach::TeachAction;
use crate::route::Route;
use crate::rulebook::{self, CATEGORIES, SEVERITIES};
use shipshape_core::rules::examples::Example;
use shipshape_core::rules::registry::Check;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

/// A `<select>`'s value (read as a property, which needs no extra web-sys binding).
fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| web_sys::js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn teach(d: &Callback<Action>, a: TeachAction) {
    d.emit(Action::Teach(a));
}

/// The page header shared by the rule and course pages: where you are and the way back.
pub(super) fn page_nav(current: &'static str) -> Html {
    let link = |href: &'static str, label: &'static str| {
        let cur = (label == current).then_some("page");
        html! { <a class="page-nav-link" {href} aria-current={cur}>{ label }</a> }
    };
    html! {
        <nav class="page-nav" aria-label="Pages">
            { link("#", "Playground") }
            { link("#/rules", "Rules") }
            { link("#/learn", "Learn") }
        </nav>
    }
}

#[function_component(RulesIndex)]
pub fn rules_index(p: &Props) -> Html {
    let t = &p.state.teach;
    let d = &p.dispatch;
    let oninput = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                teach(&d, TeachAction::Search(i.value()));
            }
        })
    };
    let on_category = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            teach(
                &d,
                TeachAction::Category(CATEGORIES.into_iter().find(|c| c.as_str() == v)),
            );
        })
    };
    let on_severity = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            teach(
                &d,
                TeachAction::Severity(SEVERITIES.into_iter().find(|s| s.as_str() == v)),
            );
        })
    };
    let all = rulebook::all();
    let mut shown: Vec<&Check> = all
        .iter()
        .filter(|c| rulebook::matches(c.meta(), &t.query, t.category, t.severity))
        .collect();
    // Rules the search names (by id or alias) before rules that only mention it.
    shipshape_core::sort::sort_by_key(&mut shown, |c| !rulebook::names(c.meta(), &t.query));
    let rows = shown.iter().map(|c| {
        let m = c.meta();
        html! {
            <tr class="rule-row" data-rule={m.id}>
                <td><a class="rule-link" href={Route::Rule(m.id.into()).href()}><code>{ m.id }</code></a></td>
                <td class="rule-aliases">{ for m.aliases.iter().map(|a| html! { <code>{ *a }</code> }) }</td>
                <td>{ inline(m.summary()) }</td>
                <td>{ m.category.as_str() }</td>
                <td><span class={classes!("sev-pill", format!("sev-{}", m.severity.as_str()))}>{ m.severity.as_str() }</span></td>
                <td>{ if m.has_fix { "yes" } else { "" } }</td>
            </tr>
        }
    });
    let opt =
        |v: &'static str, sel: bool| html! { <option value={v} selected={sel}>{ v }</option> };
    html! {
        <main class="page rules-page" id="rules-index">
            { page_nav("Rules") }
            <h2 class="page-title">{ "Rules" }</h2>
            <p class="page-intro">{ "Every check shipshape runs, with what it looks for, why it matters and an example to open in the playground. The same text as " }<code>{ "shipshape explain ID" }</code>{ "." }</p>
            <div class="rule-filters" role="search">
                <label>{ "Search " }
                    <input type="search" id="rule-search" placeholder="id, alias or words" value={t.query.clone()} {oninput} />
                </label>
                <label>{ "Category " }
                    <select id="rule-category" onchange={on_category}>
                        <option value="" selected={t.category.is_none()}>{ "all" }</option>
                        { for CATEGORIES.iter().map(|c| opt(c.as_str(), t.category == Some(*c))) }
                    </select>
                </label>
                <label>{ "Severity " }
                    <select id="rule-severity" onchange={on_severity}>
                        <option value="" selected={t.severity.is_none()}>{ "all" }</option>
                        { for SEVERITIES.iter().map(|s| opt(s.as_str(), t.severity == Some(*s))) }
                    </select>
                </label>
                <output id="rule-count" aria-live="polite">{ format!("{} of {} rules", shown.len(), all.len()) }</output>
            </div>
            <div class="rule-table-wrap" tabindex="0" role="region" aria-label="Rules">
                <table class="rule-table">
                    <thead><tr><th>{ "Id" }</th><th>{ "Aliases" }</th><th>{ "What it reports" }</th><th>{ "Category" }</th><th>{ "Severity" }</th><th>{ "Fix" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub id: AttrValue,
    /// The rules' documentation: the page draws its text once it is there.
    pub docs: super::docs::Docs,
    pub dispatch: Callback<Action>,
}

#[function_component(RulePage)]
pub fn rule_page(p: &PageProps) -> Html {
    let check = rulebook::find(&p.id);
    let ready = p.docs == super::docs::Docs::Ready;
    let diff = use_memo((p.id.clone(), ready), |(id, ready)| {
        ready.then(|| rulebook::find(id).and_then(rulebook::fix_diff))?
    });
    let Some(check) = check else {
        return html! {
            <main class="page rules-page" id="rule-page">
                { page_nav("Rules") }
                <h2 class="page-title">{ "No such rule" }</h2>
                <p>{ format!("No rule has the id or alias “{}”. ", p.id) }<a href="#/rules">{ "All rules" }</a></p>
            </main>
        };
    };
    let m = check.meta();
    let d = &p.dispatch;
    let open = |which: Example, label: &'static str| {
        let d = d.clone();
        let id = m.id;
        let class = match which {
            Example::Bad => "open-bad",
            Example::Good => "open-good",
        };
        html! {
            <button type="button" class={classes!("btn", "open-example", class)}
                onclick={Callback::from(move |_: MouseEvent| teach(&d, TeachAction::OpenRuleExample(id, which)))}
                aria-label={format!("Open in playground: the {} example", label.to_ascii_lowercase())}>
                { "Open in playground" }
            </button>
        }
    };
    let example = |which: Example, title: &'static str, class: &'static str| {
        let files = rulebook::example_files(check, which);
        let blocks = files.iter().enumerate().map(|(i, (path, text))| {
            html! {
                <figure class="ex-file">
                    if files.len() > 1 || i > 0 { <figcaption><code>{ path.clone() }</code></figcaption> }
                    <pre tabindex="0" aria-label={format!("{title} example: {path}")}>{ text.trim_end().to_string() }</pre>
                </figure>
            }
        });
        html! {
            <section class={classes!("rule-ex", class)}>
                <h3>{ title }</h3>
                { for blocks }
                { open(which, title) }
            </section>
        }
    };
    let via_alias = !m.id.eq_ignore_ascii_case(&p.id);
    let aliases = m.aliases.iter().map(|a| {
        html! { <li><code>{ *a }</code>{ format!(" ({})", rulebook::alias_tool(check, a)) }</li> }
    });
    let refs = m.references().iter().map(|r| {
        html! { <li><a href={*r} target="_blank" rel="noopener noreferrer">{ *r }</a></li> }
    });
    html! {
        <main class="page rules-page" id="rule-page" data-rule={m.id}>
            { page_nav("Rules") }
            <p class="crumbs"><a href="#/rules">{ "All rules" }</a></p>
            <h2 class="page-title"><code>{ m.id }</code></h2>
            if via_alias {
                <p class="via-alias">{ format!("“{}” is another name for {}.", p.id, m.id) }</p>
            }
            <p class="rule-badges">
                <span class={classes!("sev-pill", format!("sev-{}", m.severity.as_str()))}>{ m.severity.as_str() }</span>
                <span class="badge">{ m.category.as_str() }</span>
                if m.has_fix { <span class="badge">{ "has a fix" }</span> }
                if !m.enabled_by_default { <span class="badge">{ "off by default" }</span> }
            </p>
            <section>
                <h3>{ "What it checks" }</h3>
                <p>{ inline(m.summary()) }</p>
                <h3>{ "Why it matters" }</h3>
                if ready {
                    <div class="why">{ prose(m.why()) }</div>
                } else {
                    { super::docs::placeholder(&p.docs) }
                }
            </section>
            if ready {
                <div class="rule-examples">
                    { example(Example::Bad, "Flagged", "bad") }
                    { example(Example::Good, "Fine", "good") }
                </div>
            }
            if let Some(diff) = &*diff {
                <section class="rule-fix">
                    <h3>{ "The fix, on the flagged example" }</h3>
                    { diff_view::unified(diff, "The fix as a diff", None) }
                </section>
            }
            if !m.aliases.is_empty() {
                <section><h3>{ "Other tools' names" }</h3><ul class="rule-alias-list">{ for aliases }</ul></section>
            }
            if !m.references().is_empty() {
                <section><h3>{ "References" }</h3><ul>{ for refs }</ul></section>
            }
        </main>
    }
}
