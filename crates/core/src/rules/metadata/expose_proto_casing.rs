//! ExposeProtoCasing: EXPOSE protocols are lowercase (`80/tcp`).

use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct ExposeProtoCasing;

static META: RuleMeta = rule_meta! {
    id: "ExposeProtoCasing",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "EXPOSE protocol is not lowercase",
    why: "The protocol in `EXPOSE 53/UDP` is matched case-sensitively by some tools; BuildKit asks for \
lowercase. The fix lowercases it.",
    bad: "FROM alpine:3.20\nEXPOSE 53/UDP\n",
    good: "FROM alpine:3.20\nEXPOSE 53/udp\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/expose-proto-casing/"],
};

impl Rule for ExposeProtoCasing {
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
                let Some((_, proto)) = w.text.rsplit_once('/') else {
                    continue;
                };
                let lower = proto.to_ascii_lowercase();
                if lower != proto {
                    let fixed = format!("{}/{lower}", &w.text[..w.text.len() - proto.len() - 1]);
                    out.push(
                        Diagnostic::new(
                            w.span,
                            format!("protocol `{proto}` in `{}` should be lowercase", w.text),
                        )
                        .with_fix(Fix::safe(
                            format!("Write `{fixed}`"),
                            vec![TextEdit::new(w.span, fixed)],
                        )),
                    );
                }
            }
        }
    }
}
