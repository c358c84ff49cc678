//! ExposeInvalidFormat: EXPOSE takes container ports, not IPs or host:container mappings.

use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct ExposeInvalidFormat;

static META: RuleMeta = rule_meta! {
    id: "ExposeInvalidFormat",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "EXPOSE with an IP address or a host port mapping",
    why: "EXPOSE documents which container ports the image listens on; publishing to a host port or \
address is decided at `docker run -p` time. `EXPOSE 8080:80` is accepted today but BuildKit plans to \
reject it. The fix keeps only the container port, which is what EXPOSE records anyway; it is marked \
unsafe because the author may have meant the other port.",
    bad: "FROM nginx:1.27\nEXPOSE 8080:80\n",
    good: "FROM nginx:1.27\nEXPOSE 80\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/expose-invalid-format/"],
};

impl Rule for ExposeInvalidFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            if ins.keyword() != Keyword::Expose {
                continue;
            }
            let Args::Words(words) = &ins.command.args else {
                continue;
            };
            for w in words {
                if !w.text.contains(':') || w.text.contains('$') {
                    continue;
                }
                let container = w.text.rsplit(':').next().unwrap_or("");
                let mut d = Diagnostic::new(
                    w.span,
                    format!("EXPOSE `{}` includes an IP or host port; EXPOSE only takes container ports", w.text),
                );
                if !container.is_empty() {
                    d = d.with_fix(Fix::unsafe_(
                        format!("Expose only the container port `{container}`"),
                        vec![TextEdit::new(w.span, container)],
                    ));
                }
                out.push(d);
            }
        }
    }
}
