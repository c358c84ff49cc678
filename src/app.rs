//! The playground UI: a Dockerfile editor and the findings the core reports for it, on every keystroke.

use shipshape_core::{lint, Config, Report, Workspace};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What the editor starts with: short, and with something to find.
pub const SAMPLE: &str = "\
FROM ubuntu:latest
RUN apt-get update
RUN apt-get install -y curl
COPY . /app
WORKDIR /app
CMD [\"./start.sh\"]
";

/// Lints `text` as a single file named `Dockerfile`.
pub fn lint_dockerfile(text: &str) -> Report {
    let mut ws = Workspace::new();
    ws.add("Dockerfile", text);
    lint(&ws, &Config::default())
}

#[function_component(App)]
pub fn app() -> Html {
    let text = use_state(|| SAMPLE.to_string());
    let report = use_memo((*text).clone(), |text| lint_dockerfile(text));

    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };

    let total = report.findings.len() + report.errors.len();
    let errors = report.errors.iter().map(|e| {
        html! {
            <li class="finding sev-error parse-error" data-rule="parse-error">
                <span class="loc">{ format!("{}:{}", e.line, e.column) }</span>
                <span class="sev">{ "error" }</span>
                <span class="rule">{ "parse" }</span>
                <span class="msg">{ &e.message }</span>
            </li>
        }
    });
    let findings = report.findings.iter().map(|f| {
        let sev = f.severity.as_str();
        html! {
            <li class={classes!("finding", format!("sev-{sev}"))} data-rule={f.rule} data-severity={sev}>
                <span class="loc">{ format!("{}:{}", f.line, f.column) }</span>
                <span class="sev">{ sev }</span>
                <span class="rule">{ f.rule }</span>
                <span class="msg">{ &f.message }</span>
            </li>
        }
    });

    html! {
        <>
            <header class="top">
                <h1>{ "shipshape" }</h1>
                <p class="tagline">
                    { "Dockerfile audit playground. Everything runs in this tab; nothing is uploaded." }
                </p>
            </header>
            <main class="layout">
                <section class="pane">
                    <label class="pane-title" for="editor">{ "Dockerfile" }</label>
                    <textarea id="editor" spellcheck="false" autocomplete="off"
                        value={(*text).clone()} {oninput} />
                </section>
                <section class="pane" aria-live="polite">
                    <h2 class="pane-title">
                        { "Findings " }<span id="count" class="count">{ total }</span>
                    </h2>
                    if total == 0 {
                        <p id="clean" class="clean">{ "No findings." }</p>
                    }
                    <ul id="findings">{ for errors }{ for findings }</ul>
                </section>
            </main>
        </>
    }
}
